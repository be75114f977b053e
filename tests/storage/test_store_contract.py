"""The Store contract, run against every backend (the ``store`` fixture yields each in turn)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from store_records import (
    BACKENDS,
    TEXT,
    doc_id,
    document,
    event,
    fresh_store,
    mention,
    records,
    statement,
)

from eventledger.errors import StorageError
from eventledger.model import Failure
from eventledger.storage import EventFilter, Store

A, B, C = doc_id(0xA1), doc_id(0xB2), doc_id(0xC3)


def test_store_contract_round_trip(store: Store) -> None:
    given = records(A)
    assert store.put_document(copy.deepcopy(given), run_id="r1") is True
    assert store.get_document(A) == given[0]
    assert store.records_for(A) == given
    assert list(store.iter_records()) == given
    assert store.counts() == {"documents": 1, "events": 2, "statements": 1, "mentions": 2,
                              "runs": 1, "failures": 0}


def test_store_contract_returns_copies(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    got = store.get_document(A)
    assert got is not None
    got["title"] = "changed by the caller"
    assert store.get_document(A)["title"] == "A title"  # type: ignore[index]


def test_store_contract_identical_reput_changes_nothing(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.put_document(records(B), run_id="r1")
    before = store.dump()
    assert store.put_document(records(A), run_id="r1") is False
    assert store.dump() == before


def test_store_contract_reput_in_another_run_is_unchanged(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.start_run("r2", command="test", config_hash="cfg", inputs=["a.txt"])
    assert store.put_document(records(A), run_id="r2") is False
    assert store.records_for(A) == records(A)
    outcomes = {run["run_id"]: run["outcomes"] for run in store.runs()}
    assert outcomes == {"r1": {"stored": 1, "unchanged": 0, "failed": 0},
                        "r2": {"stored": 0, "unchanged": 1, "failed": 0}}


def test_store_contract_changed_document_replaces_its_records(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.put_document(records(B), run_id="r1")
    changed = [document(A, title="Corrected"), event(A, "ev-new", start=30, event_type="Riots",
                                                     sub_event_type="Mob violence")]
    assert store.put_document(changed, run_id="r1") is True
    assert store.records_for(A) == changed
    assert store.records_for(B) == records(B)  # nothing else touched
    # No orphans: only B's records and A's new ones remain.
    assert store.counts() == {"documents": 2, "events": 3, "statements": 1, "mentions": 2,
                              "runs": 1, "failures": 0}
    assert [r["doc_id"] for r in store.iter_records(["document"])] == [A, B]  # keeps its place
    assert store.runs()[0]["outcomes"]["stored"] == 2


def test_store_contract_unchanged_then_changed_in_one_run_counts_stored(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.start_run("r2", command="test", config_hash="cfg", inputs=[])
    store.put_document(records(A), run_id="r2")
    store.put_document([document(A, title="New")], run_id="r2")
    assert store.runs()[1]["outcomes"] == {"stored": 1, "unchanged": 0, "failed": 0}


def _failing_after(store: Store, calls: int) -> None:
    """Make the store's single write point raise after ``calls`` successful writes."""
    original = store._write_row  # type: ignore[attr-defined]
    done = {"n": 0}

    def write(*args: Any) -> None:
        """The write point, failing once the budget of calls is spent."""
        if done["n"] >= calls:
            raise RuntimeError("injected fault")
        done["n"] += 1
        original(*args)

    store._write_row = write  # type: ignore[attr-defined]


@pytest.mark.parametrize("calls", [0, 1, 3, 5])
def test_store_contract_fault_mid_put_leaves_store_as_before(store: Store, calls: int) -> None:
    store.put_document(records(A), run_id="r1")
    before = store.dump()
    _failing_after(store, calls)
    with pytest.raises(RuntimeError, match="injected fault"):
        store.put_document(records(B), run_id="r1")  # a new document
    assert store.dump() == before
    with pytest.raises(RuntimeError, match="injected fault"):
        store.put_document([document(A, title="Corrected"), *records(A, tag="-v2")[1:]], run_id="r1")
    assert store.dump() == before
    assert store.records_for(A) == records(A)


def test_store_contract_id_owned_by_another_document_rolls_back(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    before = store.dump()
    clash = [document(B), event(B, "ev-b-own", start=3), statement(B, "st-b"),
             event(B, records(A)[1]["event_id"], start=50)]
    with pytest.raises(StorageError, match="already stored for document") as caught:
        store.put_document(clash, run_id="r1")
    assert caught.value.code == "E504"
    assert store.dump() == before


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), {1, 2}, object(), "lone \ud800 surrogate"])
def test_store_contract_unserialisable_record_is_refused(store: Store, bad: Any) -> None:
    store.put_document(records(A), run_id="r1")
    before = store.dump()
    given = records(B)
    given[3]["extra"] = bad
    with pytest.raises(StorageError, match="cannot be stored as JSON") as caught:
        store.put_document(given, run_id="r1")
    assert caught.value.code == "E504"
    assert store.dump() == before


@pytest.mark.parametrize("given, message", [
    ([], "no records"),
    ([event(A, "e1")], "first record must be the document"),
    ([document(A), event(B, "e1")], "must carry that document's id"),
    ([document(A), {"record": "incident", "doc_id": A}], "only event, statement and mention"),
    ([document(A), event(A, "e1"), event(A, "e1", start=5)], "same event_id"),
    ([document(A), mention(A, "place", 1, 4), mention(A, "place", 1, 4)], "same kind and span"),
    ([document(A), {**event(A, "e1"), "event_id": None}], "no event_id"),
])
def test_store_contract_rejects_malformed_documents(store: Store, given: list[dict[str, Any]],
                                                    message: str) -> None:
    before = store.dump()
    with pytest.raises(StorageError, match=message):
        store.put_document(given, run_id="r1")
    assert store.dump() == before


def test_store_contract_put_needs_a_started_run(store: Store) -> None:
    with pytest.raises(StorageError, match="start_run") as caught:
        store.put_document(records(A), run_id="never-started")
    assert caught.value.code == "E506"
    assert store.counts()["documents"] == 0


def test_store_contract_same_mention_kind_and_span_differs_by_kind(store: Store) -> None:
    given = [document(A), mention(A, "organization", 0, 6), mention(A, "actor", 0, 6)]
    store.put_document(given, run_id="r1")
    assert len(store.records_for(A)) == 3


# ------------------------------------------------------------------ order


def test_store_contract_stable_order(store: Store) -> None:
    # Given out of order: records come back by document insertion, kind, then span start.
    later = [document(B), mention(B, "place", 70, 75), event(B, "e-late", start=141),
             statement(B, "s-1"), mention(B, "actor", 0, 6), event(B, "e-early", start=8)]
    store.put_document(records(A), run_id="r1")
    store.put_document(later, run_id="r1")
    kinds_b = [(r["record"], r.get("event_id") or r.get("span")) for r in store.records_for(B)]
    assert kinds_b == [("document", None), ("event", "e-early"), ("event", "e-late"),
                       ("statement", [82, 102]), ("mention", [0, 6]), ("mention", [70, 75])]
    assert [r["doc_id"] for r in store.iter_records()] == [A] * 6 + [B] * 6
    assert list(store.iter_records()) == list(store.iter_records())


def test_store_contract_iter_records_by_kind(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.put_document(records(B), run_id="r1")
    assert [r["record"] for r in store.iter_records(["mention", "document"])] == \
        ["document", "mention", "mention"] * 2
    assert list(store.iter_records(["incident"])) == []
    assert [r["record"] for r in store.iter_records("statement")] == ["statement"] * 2
    with pytest.raises(StorageError, match="unknown record kind"):
        store.iter_records(["events"])


# ------------------------------------------------------------------ filters


def _dated(store: Store) -> None:
    """One document with events at every precision, one in another country, one undated."""
    given = [document(A),
             event(A, "day", start=1, when=("2024-02-07", "day")),
             event(A, "week", start=2, when=("2024-W06", "week")),  # 5-11 February 2024
             event(A, "month", start=3, when=("2024-02", "month")),
             event(A, "year", start=4, when=("2024", "year")),
             event(A, "march", start=5, when=("2024-03-01", "day"), country="SYR"),
             event(A, "undated", start=6, when=None, country=None)]
    store.put_document(given, run_id="r1")


def _ids(found: list[dict[str, Any]]) -> list[str]:
    """The event ids of event records."""
    return [e["event_id"] for e in found]


@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2024-02-07", "2024-02-07", ["day", "week", "month", "year"]),
    ("2024-02-12", None, ["month", "year", "march"]),
    (None, "2024-02-04", ["month", "year"]),
    ("2024-03", "2024-03", ["year", "march"]),
    ("2024-W06", "2024-W06", ["day", "week", "month", "year"]),
    ("2023", "2023", []),
    ("2024", None, ["day", "week", "month", "year", "march"]),
])
def test_store_contract_date_filter_overlaps_intervals(store: Store, date_from: str | None,
                                                       date_to: str | None, expected: list[str]) -> None:
    _dated(store)
    assert _ids(store.events(EventFilter(date_from=date_from, date_to=date_to))) == expected


def test_store_contract_country_type_and_document_filters(store: Store) -> None:
    _dated(store)
    store.put_document([document(B), event(B, "riot", start=1, event_type="Riots",
                                            sub_event_type="Mob violence", plover="PROTEST",
                                            country="SYR")], run_id="r1")
    assert _ids(store.events(EventFilter(country="syr"))) == ["march", "riot"]
    assert _ids(store.events(EventFilter(event_type="riots"))) == ["riot"]
    assert _ids(store.events(EventFilter(event_type="Mob violence"))) == ["riot"]
    assert _ids(store.events(EventFilter(event_type="PROTEST"))) == ["riot"]
    assert len(store.events(EventFilter(event_type="Armed clash"))) == 6
    assert _ids(store.events(EventFilter(doc_id=B[:14]))) == ["riot"]
    assert store.events(EventFilter(doc_id="sha256:ffff")) == []
    assert _ids(store.events(EventFilter(country="SYR", date_from="2024-03-01"))) == ["march"]


def test_store_contract_pagination(store: Store) -> None:
    _dated(store)
    everything = _ids(store.events(EventFilter()))
    assert len(everything) == 6
    pages = [_ids(store.events(EventFilter(limit=4, offset=o))) for o in (0, 4, 8)]
    assert pages == [everything[:4], everything[4:], []]
    assert store.events(EventFilter(limit=0)) == []


def test_store_contract_iter_records_filter_selects_documents(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.put_document(records(B, country="SYR"), run_id="r1")
    picked = list(store.iter_records(filters=EventFilter(country="SYR")))
    assert {r["doc_id"] for r in picked} == {B}
    assert [r["record"] for r in picked] == ["document", "event", "event", "statement", "mention",
                                             "mention"]
    assert list(store.iter_records(["document"], EventFilter(country="UKR"))) == []
    assert len(list(store.iter_records(filters=EventFilter(limit=3, offset=5)))) == 3


@pytest.mark.parametrize("bad", [
    EventFilter(country="Iraq"), EventFilter(date_from="yesterday"), EventFilter(date_to="2024-02-30"),
    EventFilter(date_from="2024-03-01", date_to="2024-02-01"), EventFilter(limit=-1),
    EventFilter(offset=-2), EventFilter(doc_id="sha256:ab"),
])
def test_store_contract_bad_filters_raise(store: Store, bad: EventFilter) -> None:
    store.put_document(records(A), run_id="r1")
    with pytest.raises(StorageError) as caught:
        store.events(bad)
    assert caught.value.code == "E505"


# ------------------------------------------------------------------ ids


def test_store_contract_short_ids(store: Store) -> None:
    twins = ("sha256:abcd" + "1" * 60, "sha256:abcd" + "2" * 60)
    for did in (A, *twins):
        store.put_document([document(did)], run_id="r1")
    assert store.get_document(A[:12])["doc_id"] == A  # type: ignore[index]
    assert store.get_document(A[7:15].upper())["doc_id"] == A  # type: ignore[index]
    assert store.get_document("abcd1")["doc_id"] == twins[0]  # type: ignore[index]
    assert store.get_document("sha256:0000") is None
    assert store.get_document("not-an-id") is None
    assert store.records_for("sha256:0000") == []
    with pytest.raises(StorageError, match="matches several documents"):
        store.get_document("abcd")
    with pytest.raises(StorageError, match="too short"):
        store.get_document("ab")


def test_store_contract_sql_looking_strings_are_data(store: Store) -> None:
    evil = "'); DROP TABLE events;--"
    given = [document(A, text=evil + TEXT, title=evil, outlet='" OR 1=1 --'),
             event(A, evil, start=1, summary=evil, event_type="Riots", sub_event_type="Mob violence")]
    store.put_document(given, run_id="r1")
    store.record_failure("r1", Failure(source=evil, code="E201", reason=evil, doc_id=evil))
    assert store.records_for(A) == given
    assert store.events(EventFilter(event_type=evil)) == []
    assert store.events(EventFilter(doc_id=evil)) == []
    assert store.get_document(evil) is None
    assert store.failures("r1")[0]["reason"] == evil
    assert store.counts()["events"] == 1


# ------------------------------------------------------------------ runs


def test_store_contract_runs_and_failures(store: Store) -> None:
    store.put_document(records(A), run_id="r1")
    store.record_failure("r1", Failure(source="b.txt", code="E201", reason="empty input"))
    store.finish_run("r1", {"documents": 1, "failed": 1})
    store.start_run("r2", command="run", config_hash="cfg2", inputs=["c.txt"])
    store.record_failure("r2", Failure(source="c.txt", code="E401", reason="bug", doc_id=C))
    runs = store.runs()
    assert [r["run_id"] for r in runs] == ["r1", "r2"]
    first = runs[0]
    assert first["command"] == "test" and first["config_hash"] == "cfg"
    assert first["inputs"] == ["a.txt", "b.txt"]
    assert first["summary"] == {"documents": 1, "failed": 1}
    assert first["started"] and first["finished"]
    assert first["outcomes"] == {"stored": 1, "unchanged": 0, "failed": 1}
    assert runs[1]["finished"] is None and runs[1]["summary"] is None
    assert store.failures("r1") == [{"run_id": "r1", "source": "b.txt", "code": "E201",
                                     "reason": "empty input", "doc_id": None}]
    assert [f["run_id"] for f in store.failures()] == ["r1", "r2"]
    assert store.counts()["failures"] == 2
    assert store.counts()["runs"] == 2


@pytest.mark.parametrize("call", [
    lambda s: s.start_run("r1", command="x", config_hash="y", inputs=[]),
    lambda s: s.finish_run("nope", {}),
    lambda s: s.record_failure("nope", Failure(source="a", code="E201", reason="r")),
    lambda s: s.failures("nope"),
    lambda s: s.finish_run("r1", {"bad": float("nan")}),
])
def test_store_contract_run_errors(store: Store, call: Callable[[Store], Any]) -> None:
    with pytest.raises(StorageError) as caught:
        call(store)
    assert caught.value.code == "E506"


def test_store_contract_closed_store_raises(store: Store) -> None:
    store.close()
    store.close()  # harmless
    with pytest.raises(StorageError, match="closed"):
        store.counts()


def test_store_contract_backends_agree() -> None:
    # The same puts give the same answers on every backend.
    answers = []
    for backend in BACKENDS:
        with fresh_store(backend) as opened:
            opened.start_run("r1", command="t", config_hash="c", inputs=[])
            _dated(opened)
            opened.put_document(records(B, country="SYR"), run_id="r1")
            answers.append((list(opened.iter_records()), opened.counts(),
                            list(opened.iter_records(filters=EventFilter(date_from="2024-02-10"))),
                            opened.runs()))
    assert all(answer == answers[0] for answer in answers)


def test_store_contract_implements_the_protocol(store: Store) -> None:
    assert isinstance(store, Store)

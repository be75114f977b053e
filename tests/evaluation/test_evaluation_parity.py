"""Our scorers give exactly the shared scorers' figures (../shared/tools), on hand-built exports and
on what the real pipeline makes of the first documents of each dev set."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from eval_helpers import load_tool, run_main, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st

from eventledger.evaluation import align, incidents
from eventledger.evaluation.geo import score_geo
from eventledger.evaluation.merge import score_merge
from eventledger.evaluation.plover import score_plover
from eventledger.evaluation.runner import process, score
from eventledger.evaluation.timex import score_timex

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _doc(doc_id: str, source_id: str | None, text: str = "") -> dict[str, Any]:
    return {"record": "document", "doc_id": doc_id, "source_id": source_id, "text": text}


def _event(doc_id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"record": "event", "doc_id": doc_id, "event_type": "Explosions/Remote violence",
                            "sub_event_type": "Air/drone strike", "confidence": 0.5}
    base.update(fields)
    return base


# ----------------------------------------------------------------------------- incidents, by hand

INCIDENT_GOLD = [
    {"id": "a", "events": [
        {"date": "2017-04-16", "date_window": ["2017-04-13", "2017-04-16"], "country": "SYR",
         "location": {"names": ["aleppo"], "level": "admin1"}, "sub_event_types": ["Air/drone strike"],
         "fatalities": {"total": 10, "civilians": 4}, "actors": [
             {"role": "initiator", "name": "Syrian government or Russian troops"}]},
        {"date": "2017-04-16", "country": "SYR", "location": {"names": ["deir ezzor"], "level": "admin1"},
         "sub_event_types": ["Shelling/artillery/missile attack"], "fatalities": {"total": 3, "civilians": 0}}]},
    {"id": "b", "events": [{"date": "2017-01-02", "country": "SYR", "location": {"names": ["homs"], "level": "admin1"},
                            "sub_event_types": ["Attack"], "fatalities": {"total": 0, "civilians": 0}}]},
    {"id": "c", "events": [{"date": "2015-05-05", "date_window": ["2015-05-01", "2015-05-05"], "country": "SYR",
                            "location": {"names": ["deir ezzor"], "level": "admin1"},
                            "sub_event_types": ["Air/drone strike", "Shelling/artillery/missile attack"],
                            "fatalities": {"total": 12, "civilians": None}}]},
    {"id": "d", "events": [{"date": "2011-10-10", "country": "AFG", "location": {"names": ["paktika"],
                                                                                 "level": "admin1"},
                            "sub_event_types": ["Armed clash", "Arrests"], "fatalities": {"total": 2},
                            "captured": 3, "actors": [{"role": "target", "name": "taliban"}]}]},
    {"id": "e", "events": [{"date": None, "date_window": ["2016-01-01", "2016-01-03"], "country": "IRQ",
                            "location": {"names": ["tal afar"], "level": "city"},
                            "sub_event_types": ["Air/drone strike"], "fatalities": {"total": None}}]},
    {"id": "f", "events": []},
]

INCIDENT_EXPORT = [
    _doc("d1", "a"),
    _event("d1", date={"value": "2017-04-15", "precision": "day"}, confidence=0.9,
           sub_event_type="Shelling/artillery/missile attack",
           location={"name": "Dayr az Zawr", "country": "SYR", "precision": "admin1"},
           fatalities={"low": None, "high": 3, "civilian_low": None, "civilian_high": None},
           actors=[{"role": "initiator", "name": "Syrian Arab Army", "text": "regime forces"}]),
    _event("d1", confidence=0.2, fatalities={"low": 9, "high": 11}),
    _event("d1", event_type=None, sub_event_type=None, confidence=0.99),  # verbal: never the answer
    _doc("d2", "b"),
    _event("d2", event_type=None, sub_event_type=None),
    _doc("d3", "c"),
    _event("d3", date={"value": "2015-W18", "precision": "week"}, confidence=None,
           location={"name": "Syria", "country": "SYR", "precision": "country"},
           fatalities={"low": 11, "high": 14}),
    _event("d3", date={"value": "2015-05-06", "precision": "day"}, confidence=None, fatalities={"low": 2}),
    {"record": "document", "doc_id": "d", "source_id": None, "text": ""},  # joins by doc_id
    _event("d", event_type="Strategic developments", sub_event_type="Arrests", confidence=0.7,
           date={"value": "2011-10-11", "precision": "day"},
           location={"name": "Sharana", "admin1": "Paktika Province", "country": "AFG", "precision": "city"},
           actors=[{"role": "target", "name": "Taliban", "text": "Taliban insurgents"}]),
    _doc("d5", "e"),
    _event("d5", date={"value": "2016-01-03", "precision": "day"},
           location={"name": "Tall Afar", "country": "IRQ", "precision": "city", "text": "near Tal Afar"}),
    _doc("d9", "not-in-gold"),
    _event("d9"),
]


def _shared_incidents(si: ModuleType, gold: list[dict[str, Any]],
                      recs: list[dict[str, Any]]) -> tuple[dict[str, tuple[int, int]], list[tuple[Any, ...]]]:
    tallies, errors, _ = si.score(gold, recs, 10**6)
    counts = {f: (tallies[f][0], tallies[f][1]) for f in si.ORDER if tallies[f][1]}
    misses = [(field, *e) for field in si.ORDER for e in errors.get(field, [])]
    return counts, misses


def _our_misses(report: Any) -> list[tuple[Any, ...]]:
    return [(m.figure, m.item, m.gold, m.system) for m in report.misses]


def test_parity_incidents_hand_built_export_every_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    si = load_tool("score_incidents")
    ours = incidents.score_incidents(INCIDENT_GOLD, INCIDENT_EXPORT, "handmade")
    counts, misses = _shared_incidents(si, INCIDENT_GOLD, INCIDENT_EXPORT)
    assert ours.counts == counts
    assert _our_misses(ours) == misses
    assert ours.info == si.score(INCIDENT_GOLD, INCIDENT_EXPORT, 0)[2]
    # The rules this export exercises really fired (so the parity above is not vacuous).
    assert counts["coverage"] == (4, 6) and counts["captured"] == (1, 1) and counts["actor"] == (1, 1)
    assert counts["location"] == (3, 5) and counts["civilians"] == (1, 2) and counts["date_pm1"] == (3, 5)
    assert counts["fatalities_sum_20pct"] == (2, 4)  # document a: 3 + 9 against the two gold events' 13
    gold = write_jsonl(tmp_path / "gold.jsonl", INCIDENT_GOLD)
    export = write_jsonl(tmp_path / "export.jsonl", INCIDENT_EXPORT)
    line = run_main(si, [str(gold), str(export), "--set", "handmade"], capsys, monkeypatch)
    assert ours.summary == line


PLACE_NAMES = ["Deir ez-Zor", "Dayr az Zawr", "deir ezzor", "Al-Hasakah", "Hasakeh", "Raqqa", "Ar Raqqah",
               "Sar-e Pol", "Baghdadi", "Baghdad", "Tal Hamis", "Homs", "Kobane", "Ayn al-Arab", "Damascus countryside",
               "Rif Dimashq", "Syria", "southern Afghanistan", "Qandahar", "Kandahar City", "Tall Afar"]
NAME = st.one_of(st.sampled_from(PLACE_NAMES),
                 st.text(alphabet="abdehiklmnoqrstuyz -'\u2019\u00e9", min_size=0, max_size=14))


@settings(max_examples=300, deadline=None)
@given(NAME, NAME)
def test_parity_incidents_place_names_fold_and_match_like_the_shared_scorer(a: str, b: str) -> None:
    si = load_tool("score_incidents")
    assert incidents.fold_tokens(a) == si.fold_tokens(a)
    assert incidents.names_match(a, b) == si.names_match(a, b)
    loc = {"name": b, "text": a, "admin1": b, "precision": "city"}
    for level in ("admin1", "city"):
        gold_loc = {"names": [a, "aleppo"], "level": level}
        assert incidents.location_match(gold_loc, loc) == si.location_match(gold_loc, loc)


# ----------------------------------------------------------------------------- merge and plover, by hand

MERGE_GOLD = [{"id": i, "events": [{"date": d, "location": {"names": [n]}, "cause": c}]}
              for i, d, n, c in [("m1", "2017-01-01", "aleppo", "shelling"), ("m2", "2017-01-01", "aleppo", "shelling"),
                                 ("m3", "2017-01-01", "aleppo", "shelling"), ("m4", "2017-01-02", "homs", "explosion"),
                                 ("m5", "2017-01-02", "homs", "explosion"), ("m6", None, "homs", "explosion"),
                                 ("m7", "2017-01-03", "idlib", "shooting")]]
MERGE_EXPORT = [
    _doc("x1", "m1"), _event("x1", incident_id="I1"), _doc("x2", "m2"), _event("x2", incident_id="I1"),
    _doc("x3", "m3"), _event("x3", incident_id="I2", confidence=0.9), _event("x3", incident_id="I1", confidence=0.9),
    _doc("x4", "m4"), _event("x4", incident_id="I3"), _doc("x5", "m5"), _event("x5", incident_id=None),
    _doc("x7", "m7"), _event("x7", incident_id="I3"),
]


def test_parity_merge_hand_built_incident_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sm = load_tool("score_merge")
    ours = score_merge(MERGE_GOLD, MERGE_EXPORT, "handmade")
    line = run_main(sm, [str(write_jsonl(tmp_path / "g.jsonl", MERGE_GOLD)),
                         str(write_jsonl(tmp_path / "e.jsonl", MERGE_EXPORT))], capsys, monkeypatch)
    assert ours.summary == line
    assert ours.info["predicted_pairs"] == 2 and 0 < ours.figures["pairP"] < 1  # a right and a wrong merge


PLOVER_GOLD = [
    {"id": "p1", "plover": "ASSAULT", "source": [{"code": "USA"}, {"code": "MIL"}]},
    {"id": "p2", "plover": "AGREE", "source": [{"code": "GOV"}]},
    {"id": "p3", "plover": "ACCUSE", "source": [{"code": "IRN"}]},
    {"id": "p4", "plover": "REQUEST", "source": []},
]
PLOVER_EXPORT = [
    _doc("y1", "p1"), _event("y1", plover={"type": "ASSAULT"}, confidence=0.8,
                             actors=[{"role": "initiator", "country": "USA"}]),
    _event("y1", plover={"type": "COERCE"}, confidence=0.3),
    _doc("y2", "p2"), _event("y2", event_type=None, plover={"type": "CONSULT"}), _event("y2", plover={"type": "AGREE"},
                                                                                      confidence=0.1),
    _doc("y3", "p3"),
]


def test_parity_plover_hand_built_types_and_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sp = load_tool("score_plover")
    ours = score_plover(PLOVER_GOLD, PLOVER_EXPORT, "handmade")
    line = run_main(sp, [str(write_jsonl(tmp_path / "g.jsonl", PLOVER_GOLD)),
                         str(write_jsonl(tmp_path / "e.jsonl", PLOVER_EXPORT))], capsys, monkeypatch)
    assert ours.summary == line
    # "GOV" counts as a country code: the shared rule takes any three-letter code (IGO, NGO too).
    assert ours.counts == {"top": (1, 4), "any": (2, 4), "source": (1, 3)}


# ----------------------------------------------------------------------------- alignment, property

CLEAN_WORDS = st.lists(st.sampled_from(["Mosul", "strike", "on", "Monday", "\u201cwe\u201d", "said", "-", "2014",
                                        "the", "near", "Raqqa,", "Above", "photo:", "X."]), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(CLEAN_WORDS, st.lists(st.integers(0, 3), min_size=30, max_size=30), st.data())
def test_parity_align_spans_map_back_like_export_align(words: list[str], edits: list[int], data: Any) -> None:
    ea = load_tool("export_align")
    # The input: the clean words with some dropped, doubled spaces, curly quotes straightened.
    source_words = []
    for w, e in zip(words, edits, strict=False):
        if e == 1:
            continue
        source_words.append(w.replace("\u201c", '"').replace("\u201d", '"') if e == 2 else w)
        if e == 3:
            source_words.append("credit")
    clean, source = " ".join(words), "  ".join(source_words)
    start = data.draw(st.integers(0, len(clean)))
    end = data.draw(st.integers(start - 1, len(clean) + 1))
    ours, theirs = align.Aligner(clean, source), ea.Aligner(clean, source)
    assert ours.blocks == theirs.blocks
    assert ours.map_span(start, end, clean[start:end] or "Mosul") == theirs.map_span(start, end,
                                                                                   clean[start:end] or "Mosul")


# ----------------------------------------------------------------------------- the real pipeline on dev sets

LIMITS = {"fakes-dev": 15, "isaf-dev": 15, "centcom": 25, "plover-gsr": 40, "wikiwars": 1, "geovirus": 15}


@pytest.fixture(scope="module")
def dev_exports(pipeline: Any, base_settings: Any) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
    """What the pipeline exports for the first documents of each dev set (skip without ../shared)."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"{SHARED / 'eval'} is not available (evaluation data is not part of a user's clone)")
    out = {}
    for name, limit in LIMITS.items():
        done = process("incidents", SHARED / "eval" / name, settings=base_settings, pipeline=pipeline, limit=limit)
        assert done.ids is not None and not done.failures, done.failures
        out[name] = (done.records, done.ids)
    return out


def _gold_rows(name: str, ids: list[str]) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (SHARED / "eval" / name / "gold.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    return [g for g in rows if g["id"] in set(ids)]


@pytest.mark.parametrize("name", ["fakes-dev", "isaf-dev", "centcom"])
def test_parity_incidents_pipeline_export(name: str, dev_exports: Any, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    si = load_tool("score_incidents")
    recs, ids = dev_exports[name]
    ours = score("incidents", SHARED / "eval" / name, recs, ids=ids)
    gold = _gold_rows(name, ids)
    counts, misses = _shared_incidents(si, gold, recs)
    assert ours.counts == counts and _our_misses(ours) == misses
    line = run_main(si, [str(write_jsonl(tmp_path / "g.jsonl", gold)), str(write_jsonl(tmp_path / "e.jsonl", recs)),
                         "--set", name], capsys, monkeypatch)
    assert ours.summary == line
    if name == "fakes-dev":
        sm = load_tool("score_merge")
        merged = score("merge", SHARED / "eval" / name, recs, ids=ids)
        assert merged.summary == run_main(sm, [str(tmp_path / "g.jsonl"), str(tmp_path / "e.jsonl")], capsys,
                                          monkeypatch)


def test_parity_plover_pipeline_export(dev_exports: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sp = load_tool("score_plover")
    recs, ids = dev_exports["plover-gsr"]
    ours = score("plover", SHARED / "eval" / "plover-gsr", recs, ids=ids)
    gold = _gold_rows("plover-gsr", ids)
    line = run_main(sp, [str(write_jsonl(tmp_path / "g.jsonl", gold)), str(write_jsonl(tmp_path / "e.jsonl", recs))],
                    capsys, monkeypatch)
    assert ours.summary == line and ours.counts["top"][1] == len(ids)


@pytest.mark.parametrize(("name", "task"), [("wikiwars", "timex"), ("geovirus", "geo")])
def test_parity_mentions_pipeline_export(name: str, task: str, dev_exports: Any) -> None:
    sm = load_tool("score_mentions")
    ea = load_tool("export_align")
    recs, ids = dev_exports[name]
    gold = {g["id"]: g for g in _gold_rows(name, ids)}
    docs = [json.loads(line) for line in (SHARED / "eval" / name / "docs.jsonl").read_text("utf-8").splitlines()]
    texts = {d["id"]: d.get("text") or "" for d in docs}
    export, _ = ea.join_export(recs, set(gold))
    theirs = (sm.score_timex if task == "timex" else sm.score_geo)(gold, texts, export)
    ours = score(task, SHARED / "eval" / name, recs, ids=ids)
    line = (sm.timex_line if task == "timex" else sm.geo_line)(theirs)
    assert ours.summary == line
    for key, value in theirs.items():
        assert (ours.figures[key] if key in ours.figures else ours.info[key]) == value, key
    assert ours.info["gold"] > 0 and ours.info["pred"] > 0


def test_parity_mentions_hand_built_alignment_and_neutral_toponyms() -> None:
    sm = load_tool("score_mentions")
    ea = load_tool("export_align")
    text = "Floods hit  Lagos and Abuja on 3 May 2009; \"Nigerian\" officials met in Geneva the next day."
    clean = text.replace("  ", " ").replace('"', "\u201c", 1).replace('"', "\u201d", 1)
    gold_geo = {"g": {"id": "g", "toponyms": [
        {"start": 12, "end": 17, "text": "Lagos", "lat": 6.45, "lon": 3.39},
        {"start": 22, "end": 27, "text": "Abuja", "lat": 9.07, "lon": 7.49},
        {"start": 45, "end": 53, "text": "Nigerian", "group": "associative", "lat": 9.0, "lon": 8.0},
        {"start": 76, "end": 82, "text": "Geneva", "lat": None, "lon": None}]}}
    gold_timex = {"g": {"id": "g", "timexes": [
        {"start": 31, "end": 41, "text": "3 May 2009", "type": "DATE", "value": "2009-05-03"},
        {"start": 83, "end": 95, "text": "the next day", "type": "DATE", "value": "2009-05-04"}]}}
    i = clean.index
    recs = [_doc("h", "g", clean),
            {"record": "mention", "doc_id": "h", "kind": "place", "text": "Lagos", "span": [i("Lagos"), i("Lagos") + 5],
             "value": {"lat": 6.5, "lon": 3.4}},
            {"record": "mention", "doc_id": "h", "kind": "place", "text": "Abuja", "span": [i("Abuja"), i("Abuja") + 5],
             "value": {"lat": 6.5, "lon": 3.4}},
            {"record": "mention", "doc_id": "h", "kind": "place", "text": "Nigerian",
             "span": [i("Nigerian"), i("Nigerian") + 8], "value": None},
            {"record": "mention", "doc_id": "h", "kind": "place", "text": "Geneva", "span": [500, 506], "value": None},
            {"record": "mention", "doc_id": "h", "kind": "time", "text": "3 May", "span": [i("3 May"), i("3 May") + 5],
             "value": {"value": "2009-05-03", "timex3": "2009-05-03"}},
            {"record": "mention", "doc_id": "h", "kind": "time", "text": "the next day",
             "span": [i("the next"), i("the next") + 12], "value": {"value": "2009-05-05"}},
            {"record": "mention", "doc_id": "g", "kind": "time", "text": "Floods", "span": [0, 6], "value": None}]
    texts = {"g": text}
    for gold, ours_fn, theirs_fn in ((gold_geo, score_geo, sm.score_geo), (gold_timex, score_timex, sm.score_timex)):
        export, _ = ea.join_export(recs, set(gold))
        theirs = theirs_fn(gold, texts, export)
        ours = ours_fn(gold, texts, align.join_export(recs, set(gold))[0], "handmade")
        for key, value in theirs.items():
            assert (ours.figures[key] if key in ours.figures else ours.info[key]) == value, key
    geo = score_geo(gold_geo, texts, align.join_export(recs, set(gold_geo))[0], "handmade")
    assert geo.info["neutral"] == 1 and geo.figures["acc161"] == 0.5


def test_parity_gold_pipeline_and_hand_built(pipeline: Any, base_settings: Any, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    sg = load_tool("score_gold")
    gold_path = SHARED / "gold" / "seed-cradle-2024-02-08.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    recs = process("gold", gold_path, settings=base_settings, pipeline=pipeline).records
    # The pipeline's export, and a degraded copy: every other event dropped, dates blurred, statements gone.
    degraded = [r for n, r in enumerate(recs) if r["record"] == "document" or (r["record"] == "event" and n % 2)]
    for r in degraded:
        if r["record"] == "event" and r.get("date"):
            r["date"] = {"value": r["date"]["value"][:7], "precision": "month"}
    for records in (recs, degraded):
        ours = score("gold", gold_path, records)
        theirs = sg.score(gold, records)
        assert ours.info["per_event"] == theirs["per_event"] and ours.info["statements"] == theirs["statements"]
        assert ours.info["document_checks"] == theirs["document_checks"]
        assert (ours.figures["precision"], ours.figures["recall"], ours.figures["f1"], ours.figures["fields"],
                ours.figures["statements"]) == (theirs["precision"], theirs["recall"], theirs["f1"],
                                                theirs["field_accuracy_overall"], theirs["statement_recall"])
        assert {k[6:]: v for k, v in ours.figures.items() if k.startswith("field_")} == theirs["field_accuracy"]
        line = run_main(sg, [str(gold_path), str(write_jsonl(tmp_path / "e.jsonl", records))], capsys, monkeypatch)
        assert ours.summary == line
    assert score("gold", gold_path, degraded).figures["recall"] < score("gold", gold_path, recs).figures["recall"]

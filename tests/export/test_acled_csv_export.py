"""ACLED-style CSV export: ACLED's header, our fields mapped, verbal events skipped, no injection."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from export_records import DOC, actor, document, event, verbal_event

from eventledger.errors import StorageError
from eventledger.export import ACLED_COLUMNS, AcledCsvWriter, write_acled_csv
from eventledger.export.acled_csv import disorder_type, event_date, neutralise

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
                "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
                "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
                "source,source_scale,notes,fatalities,tags,timestamp")


def _rows(events: list[dict[str, Any]], documents: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """Write events as an ACLED CSV and read the rows back."""
    out = io.StringIO(newline="")
    write_acled_csv(events, out, documents)
    out.seek(0)
    return list(csv.DictReader(out))


def test_acled_csv_export_header_is_acled() -> None:
    out = io.StringIO(newline="")
    assert write_acled_csv([], out) == 0
    assert out.getvalue() == ACLED_HEADER + "\r\n"
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER


def test_acled_csv_export_maps_fields() -> None:
    (row,) = _rows([event()], {DOC: document()})
    assert row["event_id_cnty"] == "ev1"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-02-06", "2024", "1")
    assert row["disorder_type"] == "Political violence"
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (row["actor1"], row["inter1"]) == ("Unidentified Armed Group", "3")
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Two men", "7", "37")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"]) == ("368", "Iraq")
    assert (row["admin1"], row["location"]) == ("Nineveh", "Mosul")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("36.335", "43.11889", "1")
    assert row["source"] == "Example Wire"
    assert row["notes"] == "A drone strike in Mosul killed two men."
    assert row["fatalities"] == "2"
    assert row["region"] == row["admin2"] == row["tags"] == row["timestamp"] == ""  # unknown, not guessed


def test_acled_csv_export_skips_verbal_events_and_counts_them() -> None:
    out = io.StringIO(newline="")
    writer = AcledCsvWriter(out)
    results = [writer.write(e) for e in (event("a"), verbal_event("v1"), event("b"), verbal_event("v2"))]
    assert results == [True, False, True, False]
    assert (writer.written, writer.skipped_verbal) == (2, 2)
    out.seek(0)
    assert [r["event_id_cnty"] for r in csv.DictReader(out)] == ["a", "b"]
    assert write_acled_csv([verbal_event()], io.StringIO(newline="")) == 0


def test_acled_csv_export_neutralises_formulas() -> None:
    evil = event(actors=[actor("initiator", "=HYPERLINK(\"http://x\",\"click\")", "armed_group"),
                         actor("initiator", "+cmd|' /C calc'!A0", "armed_group"),
                         actor("target", "@SUM(A1:A9)", "state_forces")],
                 summary="-2+3 people", location={**event()["location"], "name": "\t=1",
                                                  "lon": -3.25})
    (row,) = _rows([evil], {DOC: document(outlet="=EVIL()")})
    assert row["actor1"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert row["assoc_actor_1"] == "'+cmd|' /C calc'!A0"
    assert row["actor2"] == "'@SUM(A1:A9)"
    assert row["notes"] == "'-2+3 people"
    assert row["location"] == "'\t=1"
    assert row["source"] == "'=EVIL()"
    assert row["longitude"] == "-3.25"  # a number, not text: left alone
    assert neutralise("Mosul") == "Mosul"


def test_acled_csv_export_quotes_commas_quotes_and_newlines() -> None:
    awkward = 'He said, "they came at night"\nand left.'
    (row,) = _rows([event(summary=awkward)])
    assert row["notes"] == awkward


@pytest.mark.parametrize("low, high, expected", [(3, 5, "3"), (None, 7, "7"), (None, None, "0"),
                                                 (25, None, "25")])
def test_acled_csv_export_fatalities_follow_acled(low: int | None, high: int | None, expected: str) -> None:
    (row,) = _rows([event(fatalities={"low": low, "high": high})])
    assert row["fatalities"] == expected


@pytest.mark.parametrize("value, precision, day, code", [
    ("2024-02-06", "day", "2024-02-06", "1"),
    ("2024-W06", "week", "2024-02-08", "2"),
    ("2024-02", "month", "2024-02-15", "3"),
    ("2024", "year", "2024-07-01", "3"),
])
def test_acled_csv_export_dates_and_time_precision(value: str, precision: str, day: str, code: str) -> None:
    (row,) = _rows([event(date={"value": value, "precision": precision})])
    assert (row["event_date"], row["year"], row["time_precision"]) == (day, day[:4], code)


def test_acled_csv_export_unknowns_stay_empty() -> None:
    (row,) = _rows([event(date=None, location=None, actors=[])])
    for column in ("event_date", "year", "time_precision", "actor1", "inter1", "interaction", "iso",
                   "country", "location", "latitude", "geo_precision", "source"):
        assert row[column] == "", column


@pytest.mark.parametrize("event_type, sub_event_type, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Violence against civilians", "Excessive force against protesters",
     "Political violence; Demonstrations"),
    ("Strategic developments", "Arrests", "Strategic developments"),
    (None, None, ""),
])
def test_acled_csv_export_disorder_type(event_type: str | None, sub_event_type: str | None,
                                        expected: str) -> None:
    assert disorder_type(event_type, sub_event_type) == expected


def test_acled_csv_export_lone_actor_interaction_and_protests() -> None:
    protest = event(event_type="Protests", sub_event_type="Peaceful protest",
                    actors=[actor("participant", "Protesters (Iraq)", "protesters")])
    (row,) = _rows([protest])
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("Protesters (Iraq)", "6", "60")
    assert row["civilian_targeting"] == ""


def test_acled_csv_export_refuses_other_records() -> None:
    with pytest.raises(StorageError, match="event records only") as caught:
        write_acled_csv([document()], io.StringIO(newline=""))
    assert caught.value.code == "E507"


def test_acled_csv_export_event_date_of_bad_value() -> None:
    assert event_date("2024-13") == ""
    assert event_date(None) == ""

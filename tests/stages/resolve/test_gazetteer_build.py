"""Building and opening the gazetteer: atomic, built once, versioned, and what it contains."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from gazetteer_session import gazetteer  # noqa: F401  (session fixture)

from eventledger.errors import ResourceError
from eventledger.settings import load_settings
from eventledger.stages.resolve import gazetteer as gazetteer_module
from eventledger.stages.resolve import gazetteer_build
from eventledger.stages.resolve.gazetteer import Gazetteer, default_path
from eventledger.stages.resolve.gazetteer_build import (
    BUILDER_VERSION,
    SCHEMA,
    build_gazetteer,
    division_point,
)


def _fake_build(calls: list[str], delay: float = 0.0):
    """A stand-in builder that writes a tiny but valid gazetteer (and counts its calls)."""

    def build(path: str | Path, *, min_population: int = 500, progress: object = None) -> None:
        calls.append(str(path))
        time.sleep(delay)
        tmp = Path(f"{path}.fake.tmp")
        conn = sqlite3.connect(tmp)
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('builder_version', ?)", (BUILDER_VERSION,))
        conn.execute("INSERT INTO places VALUES "
                     "(1, 'Mosul', 'city', 'city', 'IRQ', 'Ninawa', 36.3, 43.1, 99072, 1)")
        conn.execute("INSERT INTO aliases VALUES ('mosul', 1, 0, 2)")
        conn.commit()
        conn.close()
        tmp.replace(path)

    return build


def _settings(path: Path):
    return load_settings(overrides={"gazetteer.path": str(path)}, environ={})


def test_gazetteer_default_path_is_versioned_in_cache(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("EVENTLEDGER_CACHE", str(tmp_path))
    path = default_path(load_settings(environ={}))
    assert path.parent == tmp_path
    assert path.name.startswith(f"gazetteer-{BUILDER_VERSION}-") and path.suffix == ".sqlite"
    assert default_path(_settings(tmp_path / "g.sqlite")) == tmp_path / "g.sqlite"


def test_gazetteer_open_builds_once_then_reuses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", _fake_build(calls))
    target = tmp_path / "sub" / "g.sqlite"
    first = Gazetteer.open(_settings(target))
    second = Gazetteer.open(_settings(target))
    assert calls == [str(target)]
    assert [m.entry.name for m in second.lookup("MOSUL")] == ["Mosul"]
    first.close()
    second.close()


def test_gazetteer_open_in_cache_removes_other_versions(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("EVENTLEDGER_CACHE", str(tmp_path))
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", _fake_build([]))
    stale = tmp_path / "gazetteer-0-0123456789.sqlite"
    stale.write_bytes(b"old")
    unrelated = tmp_path / "notes.sqlite"
    unrelated.write_bytes(b"keep")
    opened = Gazetteer.open(load_settings(environ={}))
    assert opened.path.parent == tmp_path and opened.path.exists()
    assert not stale.exists() and unrelated.exists()


def test_gazetteer_open_racing_threads_build_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", _fake_build(calls, delay=0.2))
    target = tmp_path / "g.sqlite"
    opened: list[Gazetteer] = []
    threads = [threading.Thread(target=lambda: opened.append(Gazetteer.open(_settings(target))))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(opened) == 3


def test_gazetteer_open_rebuilds_other_builder_version(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    calls: list[str] = []
    target = tmp_path / "g.sqlite"
    _fake_build([])(target)
    conn = sqlite3.connect(target)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'builder_version'")
    conn.commit()
    conn.close()
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", _fake_build(calls))
    Gazetteer.open(_settings(target))
    assert calls == [str(target)]


def test_gazetteer_build_failure_leaves_old_file_and_no_temp(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    def broken() -> list[dict]:
        raise ResourceError("cities500.json is unreadable")

    monkeypatch.setattr(gazetteer_build, "read_cities", broken)
    target = tmp_path / "g.sqlite"
    target.write_bytes(b"previous gazetteer")
    with pytest.raises(ResourceError, match="unreadable"):
        build_gazetteer(target)
    assert target.read_bytes() == b"previous gazetteer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]


def test_gazetteer_missing_file_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="does not exist"):
        Gazetteer(tmp_path / "none.sqlite")


def test_gazetteer_build_rejects_unknown_centre(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="centre"):
        build_gazetteer(tmp_path / "g.sqlite", centre="centroid")


def test_gazetteer_division_point_methods() -> None:
    points = [(10.0, 20.0, 1), (12.0, 22.0, 1), (11.0, 30.0, 1000)]
    assert division_point(points, "midrange") == pytest.approx((11.0, 25.0))
    assert division_point(points, "mean") == pytest.approx((11.0, 24.0), abs=0.1)
    assert division_point(points, "weighted")[1] > 29.0
    # Across the antimeridian the box is the narrow one, not the one around the globe.
    lat, lon = division_point([(-17.0, 178.0, 1), (-16.0, -179.0, 1)], "midrange")
    assert lat == pytest.approx(-16.5) and abs(abs(lon) - 179.5) < 1e-6


@pytest.mark.gazetteer
def test_gazetteer_built_contents(gazetteer: Gazetteer) -> None:  # noqa: F811
    counts = gazetteer.counts()
    assert counts["city"] > 200_000 and counts["admin1"] > 3_000 and counts["admin2"] > 10_000
    assert counts["country"] > 200 and counts["continent"] == 7 and counts["borders"] > 250
    assert {m.entry.kind for m in gazetteer.lookup("Georgia")} == {"country", "admin1"}
    assert {"admin1", "admin2", "city"} <= {m.entry.kind for m in gazetteer.lookup("Washington")}
    assert gazetteer.country("irq").name == "Iraq"
    assert gazetteer.admin1("IRQ", "Nineveh").name == "Ninawa"
    assert gazetteer.border("SYR", "JOR") == gazetteer.border("JOR", "SYR") is not None
    assert gazetteer.border("SYR", "JPN") is None


@pytest.mark.gazetteer
def test_gazetteer_lookup_exact_before_translit(gazetteer: Gazetteer) -> None:  # noqa: F811
    matches = gazetteer.lookup("Raqqa")
    top = next(m for m in matches if m.entry.kind == "city" and m.entry.country == "SYR")
    assert top.entry.name == "Ar Raqqah"
    exact = [m.exact for m in matches]
    assert exact == sorted(exact, reverse=True)


@pytest.mark.gazetteer
def test_gazetteer_curated_places_are_indexed(gazetteer: Gazetteer) -> None:  # noqa: F811
    from eventledger.stages.resolve.geocode import curated_place_names

    for name in curated_place_names():
        entries = [m.entry for m in gazetteer.lookup(name) if m.entry.kind == "region"]
        assert entries and entries[0].lat is not None, name

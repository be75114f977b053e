"""The offline gazetteer: an SQLite alias table over GeoNames cities, divisions, countries, regions.

``Gazetteer.open(settings)`` finds (or builds once, atomically) the file and opens it read-only;
queries go to SQLite through the alias index, nothing is loaded whole into memory. Building is in
``gazetteer_build``; the keys both sides use are in ``placekeys``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import ResourceError
from ...model import Place
from .gazetteer_build import BUILDER_VERSION, BuildStats, build_gazetteer
from .gazetteer_sources import source_fingerprint
from .placekeys import fold, translit_key

__all__ = ["BuildStats", "Entry", "Gazetteer", "Match", "build_gazetteer", "default_path", "fold",
           "remove_stale", "translit_key"]

_COLUMNS = "p.id, p.name, p.kind, p.precision, p.country, p.admin1, p.lat, p.lon, p.geonames_id, p.population"


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer feature."""

    id: int
    name: str
    kind: str  # city | admin1 | admin2 | country | continent | region
    precision: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int

    def to_place(self, score: float | None = None) -> Place:
        """This feature as the model's Place."""
        return Place(name=self.name, country=self.country, precision=self.precision, admin1=self.admin1,
                     lat=self.lat, lon=self.lon, geonames_id=self.geonames_id,
                     population=self.population or None, score=score)


@dataclass(frozen=True, slots=True)
class Match:
    """A feature found under a name: how (``exact`` folded key or ``translit`` key) and by which name."""

    entry: Entry
    exact: bool
    quality: int  # 2: the feature's own or official name; 1: an alternate name


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(*row[:10])


def default_path(settings: Mapping[str, Any] | Any) -> Path:
    """The gazetteer file for these settings: ``gazetteer.path``, else a cache file named by version.

    The cache directory is ``$EVENTLEDGER_CACHE`` or ``~/.cache/eventledger``; the file name carries
    the builder version and a hash of the source package versions and data files, so upgrading
    any of them builds a new file instead of reading a stale one.
    """
    section = settings["gazetteer"]
    if section.get("path"):
        return Path(section["path"]).expanduser()
    base = os.environ.get("EVENTLEDGER_CACHE") or str(Path.home() / ".cache" / "eventledger")
    blob = json.dumps({"sources": source_fingerprint(),
                       "min_population": int(section.get("min_population", 500))}, sort_keys=True)
    digest = hashlib.sha256(blob.encode()).hexdigest()[:10]
    return Path(base).expanduser() / f"gazetteer-{BUILDER_VERSION}-{digest}.sqlite"


def remove_stale(current: Path) -> list[Path]:
    """Delete other versions' gazetteer files beside ``current`` (they are never read again).

    A process still reading one keeps its open file (POSIX unlinks lazily); on Windows a file in
    use cannot be deleted and is skipped.
    """
    removed = []
    for other in current.parent.glob("gazetteer-*.sqlite"):
        if other.name != current.name:
            try:
                other.unlink()
                Path(f"{other}.lock").unlink(missing_ok=True)
            except OSError:
                continue
            removed.append(other)
    return removed


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock beside ``path`` so racing processes build once (no-op without fcntl)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic rename alone keeps readers safe
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Gazetteer:
    """Read-only access to a built gazetteer file (one SQLite connection per thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ResourceError(f"gazetteer file {self.path} does not exist; build it with "
                                f"Gazetteer.open(settings) or build_gazetteer(path)")
        self._local = threading.local()
        self.meta = self._read_meta()

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, settings: Mapping[str, Any] | Any, *, progress: Callable[[str], None] | None = None
             ) -> Gazetteer:
        """Open the gazetteer the settings name, building it first if it is missing or outdated."""
        path = default_path(settings)
        if not cls._usable(path):
            with _build_lock(path):
                if not cls._usable(path):  # another process may have built it while we waited
                    minimum = int(settings["gazetteer"].get("min_population", 500))
                    build_gazetteer(path, min_population=minimum, progress=progress)
                    if not settings["gazetteer"].get("path"):
                        remove_stale(path)
        return cls(path)

    @staticmethod
    def _usable(path: Path) -> bool:
        """True when ``path`` is a complete gazetteer of this builder version."""
        if not path.is_file():
            return False
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'builder_version'").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == BUILDER_VERSION

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                conn.execute("PRAGMA query_only = 1")
            except sqlite3.Error as exc:
                raise ResourceError(f"cannot open the gazetteer {self.path}: {exc}; delete the file "
                                    f"to have it rebuilt") from exc
            self._local.conn = conn
        return conn

    def _read_meta(self) -> dict[str, str]:
        try:
            rows = self._conn().execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error as exc:
            raise ResourceError(f"{self.path} is not a gazetteer ({exc}); delete it to have it "
                                f"rebuilt") from exc
        return dict(rows)

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ queries

    def lookup(self, name: str) -> list[Match]:
        """Every feature with ``name`` as an alias, by folded key (exact) or transliteration key."""
        folded = fold(name)
        if not folded:
            return []
        translit = translit_key(folded)
        rows = self._conn().execute(
            f"SELECT {_COLUMNS}, a.key, a.form, a.quality FROM aliases a JOIN places p ON p.id = a.place_id "
            f"WHERE a.key IN (?, ?)", (folded, translit)).fetchall()
        best: dict[int, Match] = {}
        for row in rows:
            key, form, quality = row[10], row[11], row[12]
            exact = form == 0 and key == folded
            old = best.get(row[0])
            if old is None or (exact, quality) > (old.exact, old.quality):
                best[row[0]] = Match(_entry(row), exact, quality)
        return sorted(best.values(), key=lambda m: (not m.exact, -m.quality, -m.entry.population, m.entry.id))

    def get(self, place_id: int) -> Entry | None:
        """The feature with this id, or None."""
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return _entry(row) if row else None

    def country(self, iso3: str) -> Entry | None:
        """The country feature of an ISO 3166-1 alpha-3 code, or None."""
        row = self._conn().execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'country'",
            (iso3.upper(),)).fetchone()
        return _entry(row) if row else None

    def admin1(self, iso3: str, name: str) -> Entry | None:
        """The first-level division of a country known under ``name``, or None."""
        for m in self.lookup(name):
            if m.entry.kind == "admin1" and m.entry.country == iso3:
                return m.entry
        return None

    def border(self, a: str, b: str) -> tuple[float, float] | None:
        """A point on the land border of two neighbouring countries (ISO3), or None."""
        row = self._conn().execute("SELECT lat, lon FROM borders WHERE a = ? AND b = ?",
                                   (a.upper(), b.upper())).fetchone()
        return (row[0], row[1]) if row else None

    def counts(self) -> dict[str, int]:
        """Features per kind, as recorded at build time."""
        return json.loads(self.meta.get("counts", "{}"))

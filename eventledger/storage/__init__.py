"""Storage: where contract records live between runs (SQLite, PostgreSQL, in memory).

Open a store with :func:`open_store`; every backend implements :class:`Store`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StorageError
from .base import E_OPEN, EventFilter, ResumableStore, Store, date_interval, mention_id
from .memory import MemoryStore
from .sqlite import SQLiteStore


def open_store(url_or_path: str | Path) -> Store:
    """Open the store a ``--db`` value names.

    Args:
        url_or_path: a file path or ``sqlite:///path`` (SQLite, created if missing; four slashes
            for an absolute path, as in SQLAlchemy: ``sqlite:////var/db.sqlite``),
            ``memory:`` (an in-memory store, gone when the process ends), or
            ``postgresql://user[:password]@host[:port]/dbname`` (an existing PostgreSQL database;
            ``postgres://`` and ``postgresql+psycopg://`` are read the same way).

    Returns:
        The open store; close it with ``close()`` or use it as a context manager.

    Raises:
        StorageError: the store cannot be opened, or the URL names an unsupported backend.

    >>> open_store("memory:").counts()["events"]
    0
    """
    if isinstance(url_or_path, Path):
        return SQLiteStore(url_or_path)
    text = url_or_path.strip()
    if not text:
        raise StorageError("no database given; pass a file path, sqlite:///path or memory:", code=E_OPEN)
    if text == "memory:":
        return MemoryStore()
    if text.startswith(("postgresql://", "postgres://", "postgresql+")):
        from .postgres import PostgresStore  # psycopg is loaded only when a PostgreSQL --db is used

        return PostgresStore(text)
    if text.startswith("sqlite://"):
        rest = text[len("sqlite://"):]
        if rest in ("", "/", "/:memory:"):
            return SQLiteStore(":memory:")
        if not rest.startswith("/"):
            raise StorageError(f"{text!r} is not a SQLite URL; write sqlite:///relative/path or "
                               "sqlite:////absolute/path", code=E_OPEN)
        return SQLiteStore(rest[1:])
    if "://" in text or text.startswith("sqlite:"):
        scheme = text.split(":", 1)[0]
        raise StorageError(f"unknown database scheme {scheme!r} in {text!r}; use a file path, "
                           "sqlite:///path, postgresql://user@host:port/dbname or memory:", code=E_OPEN)
    return SQLiteStore(text)




def __getattr__(name: str) -> object:
    """``PostgresStore`` on first use, so importing the package does not load psycopg."""
    if name == "PostgresStore":
        from .postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EventFilter", "MemoryStore", "PostgresStore", "ResumableStore", "SQLiteStore", "Store", "date_interval",
           "mention_id", "open_store"]

"""The numbered schema migrations of the SQL stores, read from ``storage/migrations``.

``NNNN_name.sql`` is portable SQL that every dialect runs. Where PostgreSQL needs other SQL
(identity columns, a tsvector instead of FTS5, byte-order collation, 8-byte floats) a variant
``NNNN_name.pg.sql`` with the same number and name stands beside it and PostgreSQL runs that one,
so both dialects always share one version sequence and the same tables and columns.
A ``-- requires: fts5`` line names capabilities a migration needs (see SQLiteStore._capable).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from ..errors import StorageError
from .base import E_MIGRATE

_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)(\.pg)?\.sql")
_REQUIRES = re.compile(r"^--\s*requires:\s*(.+)$", re.MULTILINE)
DIALECTS: tuple[str, ...] = ("sqlite", "postgresql")


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema migration and the capabilities it needs (e.g. SQLite's ``fts5``)."""

    version: int
    name: str
    sql: str
    requires: tuple[str, ...]


def load_migrations(dialect: str = "sqlite") -> list[Migration]:
    """The packaged migrations of a dialect, in version order."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    folder = resources.files("eventledger.storage").joinpath("migrations")
    portable: dict[int, Migration] = {}
    variants: dict[int, Migration] = {}
    for entry in folder.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match is None:
            continue
        sql = entry.read_text(encoding="utf-8")
        requires = tuple(word.strip() for line in _REQUIRES.findall(sql) for word in line.split(",")
                         if word.strip())
        migration = Migration(int(match[1]), match[2], sql, requires)
        target = variants if match[3] else portable
        if migration.version in target:
            raise StorageError(f"two packaged migrations share the version number {migration.version}; "
                               "the installation is broken, reinstall eventledger", code=E_MIGRATE)
        target[migration.version] = migration
    for version, variant in variants.items():
        if version not in portable or portable[version].name != variant.name:
            raise StorageError(f"the PostgreSQL migration {version:04d}_{variant.name} has no portable "
                               "migration of the same number and name; the installation is broken",
                               code=E_MIGRATE)
    if dialect == "postgresql":
        portable.update(variants)
    return [portable[v] for v in sorted(portable)]


def split_statements(sql: str) -> list[str]:
    """Split a SQL script into complete statements (triggers' inner semicolons included).

    sqlite3.complete_statement knows SQL's quoting and comments, which is all the migration
    files of either dialect use (none uses PostgreSQL's dollar quoting).
    """
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    rest = "\n".join(ln for ln in buffer.splitlines() if not ln.strip().startswith("--")).strip()
    if rest:
        raise StorageError(f"migration ends with an unfinished statement: {rest[:60]!r}; every "
                           "statement needs a closing semicolon", code=E_MIGRATE)
    return statements


__all__ = ["DIALECTS", "Migration", "load_migrations", "split_statements"]

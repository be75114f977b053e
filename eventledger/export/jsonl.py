"""JSON Lines export: one contract record per line, exactly as stored (../shared/contract)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from ..errors import StorageError

#: Error code of an export that cannot be written (the StorageError family: the store's output side).
E_EXPORT = "E507"
#: The record kinds of the export contract.
RECORD_KINDS = frozenset({"document", "event", "statement", "mention", "incident"})

# Characters that str.splitlines() (and some editors and JSON Lines readers) treat as line breaks
# but json.dumps(ensure_ascii=False) leaves raw inside strings; escaped, every record stays on
# exactly one line for every reader. JSON allows \uXXXX escapes anywhere in a string, and these
# characters can only occur inside strings, so the replacement is exact.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_TABLE = str.maketrans(_LINE_BREAKS)


def record_line(record: Mapping[str, Any]) -> str:
    """One record as one JSON line (no trailing newline): UTF-8 text kept, key order kept."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).translate(_LINE_BREAK_TABLE)


def write_jsonl(records: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write records as JSON Lines and return how many were written.

    Args:
        records: contract records (dicts with ``"record"`` one of document, event, statement,
            mention, incident), e.g. ``store.iter_records()``.
        out: a text stream opened with UTF-8 encoding (non-ASCII text is written as is).

    Returns:
        The number of lines written.

    Raises:
        StorageError: a record is not a contract record or holds a value JSON cannot represent
            (NaN, Infinity, a non-JSON type); the lines before it have been written.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_jsonl([{"record": "mention", "doc_id": "d", "kind": "place", "text": "Mosul",
    ...               "span": [0, 5], "value": None}], buf)
    1
    """
    count = 0
    for record in records:
        kind = record.get("record") if isinstance(record, Mapping) else None
        if kind not in RECORD_KINDS:
            raise StorageError(f"export item {count} is not a contract record (record={kind!r}); "
                               f"expected one of {sorted(RECORD_KINDS)}", code=E_EXPORT)
        try:
            line = record_line(record)
        except (TypeError, ValueError) as exc:
            raise StorageError(f"{kind} record {count} cannot be written as JSON: {exc}; values must "
                               "be JSON types (no NaN or Infinity)", code=E_EXPORT) from exc
        out.write(line)
        out.write("\n")
        count += 1
    return count


__all__ = ["E_EXPORT", "RECORD_KINDS", "record_line", "write_jsonl"]

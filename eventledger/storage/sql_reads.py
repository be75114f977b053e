"""The queries of the SQL stores, written once in portable SQL (a part of sql.SQLStore).

Filters follow base.event_matches exactly (the memory store is the reference); the few places a
dialect must differ are hooks: ``_nocase_eq`` (ASCII case-insensitive equality), ``_text_match``
(full-text search), ``_rows`` (streaming a result) and ``_no_limit`` (LIMIT without a limit).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..errors import StorageError
from .base import (
    DOCUMENT_KINDS,
    E_QUERY,
    KIND_RANK,
    EventFilter,
    NormalisedFilter,
    ambiguous,
    check_kinds,
    check_page,
    like_needle,
    like_pattern,
    query_tokens,
    short_id_prefix,
)
from .incident_rows import with_incident

#: The seq of incidents in the record stream: after every document's records.
_AFTER_DOCUMENTS = 2**63 - 1
LIKE_SQL = "LIKE ? ESCAPE '\\'"
#: Joins an event (alias r) to its incident link, whose incident_id overrides the event's own.
_LINK = "LEFT JOIN incident_links l ON l.event_id = r.event_id"
_EVENT_ORDER = "r.doc_seq, r.span_start NULLS FIRST, r.ord"
_INCIDENT_ORDER = "i.date_start NULLS LAST, i.incident_id"


def _where(conditions: Sequence[str]) -> str:
    """`` WHERE a AND b`` (empty without conditions)."""
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def check_ref(value: Any, name: str) -> str:
    """A record id argument: a non-empty string, else E505."""
    if not isinstance(value, str) or not value:
        raise StorageError(f"{name} {value!r} is not an id; give the id string of a stored record",
                           code=E_QUERY)
    return value


class SQLReads:
    """Queries shared by the SQL stores (mixed into sql.SQLStore, which supplies ``_q`` & co)."""

    #: The LIMIT value that means "no limit" (SQLite: -1; PostgreSQL: NULL).
    _no_limit: Any = -1

    # ------------------------------------------------------------------ dialect hooks

    def _nocase_eq(self, expr: str) -> str:
        """SQL comparing ``expr`` to one parameter, ASCII case-insensitively."""
        return f"{expr} = ? COLLATE NOCASE"

    def _text_match(self, doc_column: str, words: tuple[str, ...]) -> tuple[str, list[Any]]:
        """A condition: the document in ``doc_column`` has every search word (full text)."""
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        """Stream the rows of a query (run when first iterated)."""
        with self._reading("reading records") as conn:
            yield from self._q(conn, sql, params)

    def search_available(self) -> bool:
        """Whether documents have a full-text index (else text searches use LIKE)."""
        return True

    # ------------------------------------------------------------------ documents

    def _resolve(self, conn: Any, ref: str) -> str | None:
        """The full doc_id a reference names (exact, or a unique short id), or None."""
        if self._q(conn, "SELECT 1 FROM documents WHERE doc_id = ?", (ref,)).fetchone():
            return ref
        prefix = short_id_prefix(ref)
        if prefix is None:
            return None
        # A range over the unique index (byte order in both dialects); U+10FFFF sorts after
        # every character that can follow the prefix.
        rows = self._q(conn, "SELECT doc_id FROM documents WHERE doc_id >= ? AND doc_id < ? "
                             "ORDER BY doc_id LIMIT 3", (prefix, prefix + "\U0010ffff")).fetchall()
        matches = [r[0] for r in rows if r[0].startswith(prefix)]
        if len(matches) > 1:
            raise ambiguous(ref, matches)
        return matches[0] if matches else None

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document record for a full or unique short id (``sha256:1a2b`` or ``1a2b``), or None."""
        with self._reading(f"reading document {doc_id}") as conn:
            resolved = self._resolve(conn, doc_id)
            if resolved is None:
                return None
            row = self._q(conn, "SELECT json FROM documents WHERE doc_id = ?", (resolved,)).fetchone()
        return json.loads(row[0]) if row else None

    def records_for(self, doc_id: str) -> list[dict[str, Any]]:
        """Every record of one document (full or short id), in the stable order; [] if unknown."""
        return self._fetch_records(DOCUMENT_KINDS, EventFilter(doc_id=doc_id))

    def documents(self, *, limit: int | None = None, offset: int = 0,
                  text: str | None = None) -> list[dict[str, Any]]:
        """Document records in insertion order; with ``text``, those having every word of it."""
        limit, offset = check_page(limit, offset)
        where: list[str] = []
        params: list[Any] = []
        if text is not None:
            condition, params = self._text_match("d.doc_id", query_tokens(text))
            where.append(condition)
        sql = f"SELECT d.json FROM documents d{_where(where)} ORDER BY d.seq LIMIT ? OFFSET ?"
        with self._reading("listing documents") as conn:
            rows = self._q(conn, sql, [*params, self._page_limit(limit), offset]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def _page_limit(self, limit: int | None) -> Any:
        """The LIMIT parameter for a page (None: no limit)."""
        return self._no_limit if limit is None else limit

    # ------------------------------------------------------------------ criteria

    def _linked_criteria(self, flt: NormalisedFilter, alias: str) -> tuple[list[str], list[Any]]:
        """Conditions on an event (alias) through other tables: its actors, its document's words."""
        where: list[str] = []
        params: list[Any] = []
        if flt.actor is not None:
            # A substring cannot use an index: it is looked for in the distinct keys (actor_keys,
            # far fewer than actor rows), whose events the key indexes then give.
            where.append(f"{alias}.event_id IN (SELECT x.event_id FROM event_actors x WHERE x.name_key IN "
                         f"(SELECT k.key FROM actor_keys k WHERE k.key {LIKE_SQL}) UNION SELECT y.event_id "
                         "FROM event_actors y WHERE y.text_key IN (SELECT j.key FROM actor_keys j WHERE "
                         f"j.key {LIKE_SQL}))")
            params += [like_pattern(flt.actor)] * 2
        if flt.text is not None:
            condition, values = self._text_match(f"{alias}.doc_id", flt.text)
            where.append(condition)
            params += values
        return where, params

    def _event_criteria(self, flt: NormalisedFilter, alias: str) -> tuple[list[str], list[Any]]:
        """SQL conditions for the event criteria of a filter (the same test as event_matches)."""
        where: list[str] = []
        params: list[Any] = []
        if flt.end is not None:
            where.append(f"{alias}.date_start <= ?")
            params.append(flt.end)
        if flt.start is not None:
            where.append(f"{alias}.date_end >= ?")
            params.append(flt.start)
            if flt.start_floor is not None:  # implied by the above; keeps the index range short
                where.append(f"{alias}.date_start >= ?")
                params.append(flt.start_floor)
        if flt.country is not None:
            where.append(f"{alias}.country = ?")
            params.append(flt.country)
        if flt.event_type is not None:
            names = ("event_type", "sub_event_type", "plover_type")
            where.append("(" + " OR ".join(self._nocase_eq(f"{alias}.{n}") for n in names) + ")")
            params += [flt.event_type] * 3
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            where.append(f"{alias}.lat >= ? AND {alias}.lat <= ? AND {alias}.lon >= ? AND {alias}.lon <= ?")
            params += [south, north, west, east]
        if flt.incident_id is not None:
            # The effective incident: the link's when the event has one, else the event's own.
            where.append(f"({alias}.event_id IN (SELECT il.event_id FROM incident_links il WHERE "
                         f"il.incident_id = ?) OR ({alias}.incident_id = ? AND NOT EXISTS (SELECT 1 FROM "
                         f"incident_links il2 WHERE il2.event_id = {alias}.event_id)))")
            params += [flt.incident_id] * 2
        linked, values = self._linked_criteria(flt, alias)
        return where + linked, params + values

    def _incident_criteria(self, flt: NormalisedFilter, doc_id: str | None) -> tuple[list[str], list[Any]]:
        """Conditions on incidents (alias i): dates, country, type, box and id on the incident's own
        columns; document, actor and text through its linked events."""
        where: list[str] = []
        params: list[Any] = []
        if flt.end is not None:
            where.append("i.date_start <= ?")
            params.append(flt.end)
        if flt.start is not None:
            where.append("i.date_end >= ?")
            params.append(flt.start)
            if flt.start_floor is not None:
                where.append("i.date_start >= ?")
                params.append(flt.start_floor)
        if flt.country is not None:
            where.append("i.country = ?")
            params.append(flt.country)
        if flt.event_type is not None:
            where.append(f"({self._nocase_eq('i.event_type')} OR {self._nocase_eq('i.sub_event_type')})")
            params += [flt.event_type] * 2
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            where.append("i.lat >= ? AND i.lat <= ? AND i.lon >= ? AND i.lon <= ?")
            params += [south, north, west, east]
        if flt.incident_id is not None:
            where.append("i.incident_id = ?")
            params.append(flt.incident_id)
        linked, values = self._linked_criteria(flt, "e")
        if doc_id is not None:
            linked.insert(0, "e.doc_id = ?")
            values.insert(0, doc_id)
        if linked:
            where.append("EXISTS (SELECT 1 FROM incident_links il JOIN events e ON e.event_id = il.event_id "
                         "WHERE il.incident_id = i.incident_id AND " + " AND ".join(linked) + ")")
            params += values
        return where, params

    def _filter(self, conn: Any, filters: EventFilter | None) -> tuple[NormalisedFilter, str | None, bool]:
        """The normalised filter, its resolved doc_id, and False when it names no stored document."""
        flt = (filters or EventFilter()).normalised()
        if flt.doc_id is None:
            return flt, None, True
        doc_id = self._resolve(conn, flt.doc_id)
        return flt, doc_id, doc_id is not None

    def _events_query(self, head: str, flt: NormalisedFilter, doc_id: str | None,
                      *extra: str) -> tuple[str, list[Any]]:
        """``head`` (a SELECT over events r) with the filter's conditions and ``extra`` ones."""
        where, params = self._event_criteria(flt, "r")
        if doc_id is not None:
            where.insert(0, "r.doc_id = ?")
            params.insert(0, doc_id)
        return head + _where([*where, *extra]), params

    # ------------------------------------------------------------------ records

    def iter_records(self, kinds: Sequence[str] | None = None,
                     filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stored records in the stable order (document insertion, kind, span start), then incidents.

        With a filter, events must match it; documents, statements and mentions are those of the
        documents with at least one matching event (when the filter says anything about events),
        and ``doc_id`` restricts every kind; incidents follow incidents()'s filter. An event's
        ``incident_id`` is its incident link's when it has one. ``limit``/``offset`` page the
        whole stream.
        """
        query = self._plan(kinds, filters)
        return iter(()) if query is None else self._records(self._stream(*query))

    def _fetch_records(self, kinds: Sequence[str], filters: EventFilter | None) -> list[dict[str, Any]]:
        """The records iter_records yields, read in one go (a page, a document: no cursor needed)."""
        query = self._plan(kinds, filters)
        if query is None:
            return []
        with self._reading("querying records") as conn:
            rows = self._q(conn, *query).fetchall()
        return list(self._records(rows))

    def _plan(self, kinds: Sequence[str] | None, filters: EventFilter | None) -> tuple[str, list[Any]] | None:
        """The records query for kinds and a filter; None when it names no stored document."""
        wanted = check_kinds(kinds)
        with self._reading("querying records") as conn:
            flt, doc_id, known = self._filter(conn, filters)
        return self._records_query(wanted, flt, doc_id) if known else None

    @staticmethod
    def _records(rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
        """The records of rows whose last two columns are the link's incident and the JSON."""
        for row in rows:
            yield with_incident(json.loads(row[-1]), row[-2])

    def _records_query(self, kinds: Sequence[str], flt: NormalisedFilter,
                       doc_id: str | None) -> tuple[str, list[Any]]:
        """One UNION ALL query over the wanted kinds, ordered, with every value a parameter."""
        page = [self._page_limit(flt.limit), flt.offset]
        if tuple(kinds) == ("event",):  # the common case: a page of events
            # The page is chosen on narrow rows (the events_order index when it can) and only its
            # records are then read: sorting thousands of matches never carries their JSON.
            sql, params = self._events_query("SELECT r.event_id, r.doc_seq, r.span_start, r.ord FROM events r",
                                             flt, doc_id)
            return (f"SELECT l.incident_id, e.json FROM ({sql} ORDER BY {_EVENT_ORDER} LIMIT ? OFFSET ?) p "
                    "JOIN events e ON e.event_id = p.event_id LEFT JOIN incident_links l ON l.event_id = "
                    "p.event_id ORDER BY p.doc_seq, p.span_start NULLS FIRST, p.ord", params + page)
        parts: list[str] = []
        params = []
        for kind in kinds:
            rank = KIND_RANK[kind]
            if kind == "incident":
                where, local = self._incident_criteria(flt, doc_id)
                parts.append(f"SELECT {_AFTER_DOCUMENTS}, {rank}, NULL, ROW_NUMBER() OVER (ORDER BY "
                             f"{_INCIDENT_ORDER}), NULL, i.json FROM incidents i{_where(where)}")
                params += local
                continue
            if kind == "event":
                sql, local = self._events_query(
                    f"SELECT r.doc_seq, {rank}, r.span_start, r.ord, l.incident_id, r.json FROM events r {_LINK}",
                    flt, doc_id)
                parts.append(sql)
                params += local
                continue
            where = []
            local = []
            if doc_id is not None:
                where.append("d.doc_id = ?")
                local.append(doc_id)
            if flt.selects_events:
                criteria, values = self._event_criteria(flt, "m")
                where.append(f"d.doc_id IN (SELECT m.doc_id FROM events m{_where(criteria)})")
                local += values
            if kind == "document":
                select = f"SELECT d.seq, {rank}, NULL, 0, NULL, d.json FROM documents d"
            else:
                table = "statements" if kind == "statement" else "mentions"
                select = (f"SELECT d.seq, {rank}, r.span_start, r.ord, NULL, r.json "
                          f"FROM {table} r JOIN documents d ON d.doc_id = r.doc_id")
            parts.append(select + _where(where))
            params += local
        # Columns by position: document seq, kind rank, span start, position in the document.
        sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2, 3 NULLS FIRST, 4 LIMIT ? OFFSET ?"
        return sql, params + page

    # ------------------------------------------------------------------ events

    def events(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Event records matching ``filters``, in the stable order, paginated by limit/offset."""
        return self._fetch_records(["event"], filters)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event record (its incident_id its link's when it has one), or None."""
        check_ref(event_id, "event_id")
        with self._reading(f"reading event {event_id}") as conn:
            row = self._q(conn, f"SELECT l.incident_id, r.json FROM events r {_LINK} WHERE r.event_id = ?",
                          (event_id,)).fetchone()
        return None if row is None else with_incident(json.loads(row[1]), row[0])

    def count_events(self, filters: EventFilter) -> int:
        """How many events match ``filters`` (its limit and offset are ignored)."""
        with self._reading("counting events") as conn:
            flt, doc_id, known = self._filter(conn, filters)
            if not known:
                return 0
            sql, params = self._events_query("SELECT COUNT(*) FROM events r", flt, doc_id)
            return int(self._q(conn, sql, params).fetchone()[0])

    def event_histogram(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Matching events counted per first day of their date interval and ACLED event type,
        by day then type (no type first); events without a date are left out."""
        with self._reading("counting events per day") as conn:
            flt, doc_id, known = self._filter(conn, filters)
            if not known:
                return []
            sql, params = self._events_query("SELECT r.date_start, r.event_type, COUNT(*) FROM events r",
                                             flt, doc_id, "r.date_start IS NOT NULL")
            sql += " GROUP BY r.date_start, r.event_type ORDER BY r.date_start, r.event_type NULLS FIRST"
            rows = self._q(conn, sql, params).fetchall()
        return [{"day": day, "event_type": kind, "count": int(n)} for day, kind, n in rows]

    # ------------------------------------------------------------------ statements, actors, places

    def statements(self, *, doc_id: str | None = None, event_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Statement records in the stable order: of one document (full or short id) and/or
        about one event (its ``about`` lists the event id)."""
        limit, offset = check_page(limit, offset)
        where: list[str] = []
        params: list[Any] = []
        with self._reading("listing statements") as conn:
            if doc_id is not None:
                resolved = self._resolve(conn, check_ref(doc_id, "doc_id"))
                if resolved is None:
                    return []
                where.append("s.doc_id = ?")
                params.append(resolved)
            if event_id is not None:
                where.append("s.statement_id IN (SELECT a.statement_id FROM statement_about a "
                             "WHERE a.event_id = ?)")
                params.append(check_ref(event_id, "event_id"))
            sql = ("SELECT s.json FROM statements s JOIN documents d ON d.doc_id = s.doc_id"
                   f"{_where(where)} ORDER BY d.seq, s.span_start NULLS FIRST, s.ord LIMIT ? OFFSET ?")
            rows = self._q(conn, sql, [*params, self._page_limit(limit), offset]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def actors(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Actors of stored events with how many events each is in, most first (then by name,
        type, country); ``name`` keeps those whose name contains it (case-insensitive)."""
        limit, offset = check_page(limit, offset)
        where = ["a.name IS NOT NULL"]
        params: list[Any] = []
        if name is not None:
            where.append(f"a.name_key {LIKE_SQL}")
            params.append(like_pattern(like_needle(name, "name")))
        sql = ("SELECT a.name, a.type, a.country, SUM(a.first_in_event) AS n FROM event_actors a"
               f"{_where(where)} GROUP BY a.name, a.type, a.country ORDER BY n DESC, a.name, "
               "a.type NULLS FIRST, a.country NULLS FIRST LIMIT ? OFFSET ?")
        with self._reading("listing actors") as conn:
            rows = self._q(conn, sql, [*params, self._page_limit(limit), offset]).fetchall()
        return [{"name": n, "type": t, "country": c, "events": int(k)} for n, t, c, k in rows]

    def places(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Event locations with how many events happened at each, most first (then by name,
        country, admin1, lat, lon); ``name`` keeps those whose name contains it (case-insensitive)."""
        limit, offset = check_page(limit, offset)
        where = ["r.location_name IS NOT NULL"]
        params: list[Any] = []
        if name is not None:
            where.append(f"r.location_key {LIKE_SQL}")
            params.append(like_pattern(like_needle(name, "name")))
        columns = "r.location_name, r.country, r.admin1, r.lat, r.lon"
        sql = (f"SELECT {columns}, COUNT(*) AS n FROM events r{_where(where)} GROUP BY {columns} "
               "ORDER BY n DESC, r.location_name, r.country NULLS FIRST, r.admin1 NULLS FIRST, "
               "r.lat NULLS FIRST, r.lon NULLS FIRST LIMIT ? OFFSET ?")
        with self._reading("listing places") as conn:
            rows = self._q(conn, sql, [*params, self._page_limit(limit), offset]).fetchall()
        return [{"name": n, "country": c, "admin1": a, "lat": lat, "lon": lon, "events": int(k)}
                for n, c, a, lat, lon, k in rows]


__all__ = ["LIKE_SQL", "SQLReads", "check_ref"]

"""The queries of MemoryStore (a part of memory.MemoryStore): the reference semantics.

Plain Python over the stored rows: what each filter, order and aggregate means, which the SQL
stores (sql_reads.py, sql_incidents.py) must match row for row. Tests run one suite against all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from .base import (
    DOCUMENT_KINDS,
    EventFilter,
    NormalisedFilter,
    _ascii_lower,
    ambiguous,
    check_kinds,
    check_page,
    event_matches,
    in_bbox,
    like_needle,
    order_key,
    query_tokens,
    short_id_prefix,
)
from .incident_rows import link_record, with_incident
from .sql_reads import check_ref

_TABLES: dict[str, str] = {"event": "events", "statement": "statements", "mention": "mentions"}


def _page(items: list[Any], limit: int | None, offset: int) -> list[Any]:
    """One page of a list."""
    return items[offset:None if limit is None else offset + limit]


def _nulls_first(value: Any) -> tuple[bool, Any]:
    """A sort key putting None first (SQL's NULLS FIRST), values in their own order after it."""
    return (value is not None, value if value is not None else 0)


class MemoryReads:
    """Queries of the memory store (mixed into memory.MemoryStore, which supplies ``_tables``)."""

    # ------------------------------------------------------------------ documents

    def _resolve(self, ref: str) -> str | None:
        """The full doc_id a reference names (exact, or a unique short id), or None."""
        documents = self._tables.documents
        if ref in documents:
            return ref
        prefix = short_id_prefix(ref)
        if prefix is None:
            return None
        matches = sorted(d for d in documents if d.startswith(prefix))
        if len(matches) > 1:
            raise ambiguous(ref, matches)
        return matches[0] if matches else None

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document record for a full or unique short id, or None."""
        resolved = self._resolve(doc_id)
        if resolved is None:
            return None
        loaded: dict[str, Any] = json.loads(self._tables.documents[resolved]["json"])
        return loaded

    def records_for(self, doc_id: str) -> list[dict[str, Any]]:
        """Every record of one document (full or short id), in the stable order; [] if unknown."""
        return list(self.iter_records(DOCUMENT_KINDS, EventFilter(doc_id=doc_id)))

    def documents(self, *, limit: int | None = None, offset: int = 0,
                  text: str | None = None) -> list[dict[str, Any]]:
        """Document records in insertion order; with ``text``, those having every word of it."""
        limit, offset = check_page(limit, offset)
        words = query_tokens(text) if text is not None else None
        rows = sorted(self._tables.documents.values(), key=lambda d: d["seq"])
        picked = [d["json"] for d in rows if words is None or d["words"].issuperset(words)]
        return [json.loads(j) for j in _page(picked, limit, offset)]

    # ------------------------------------------------------------------ events

    def _linked(self, event_id: str, row: dict[str, Any]) -> str | None:
        """An event's effective incident: its link's, else its own incident_id."""
        link = self._tables.links.get(event_id)
        return link["incident_id"] if link is not None else row["columns"].get("incident_id")

    def _event_ok(self, event_id: str, row: dict[str, Any], flt: NormalisedFilter) -> bool:
        """Whether a stored event passes the event criteria of a filter."""
        keys = [k for a in row["actors"] for k in (a["name_key"], a["text_key"]) if k is not None]
        return event_matches(row["columns"], flt, actor_keys=keys,
                             doc_tokens=self._tables.documents[row["doc_id"]]["words"],
                             incident_id=self._linked(event_id, row))

    def _incident_ok(self, row: dict[str, Any], incident_id: str, flt: NormalisedFilter,
                     doc_id: str | None) -> bool:
        """Whether an incident passes a filter: its own dates, country, type, box and id; the
        document, actor and words through its linked events."""
        columns = row["columns"]
        if flt.start is not None or flt.end is not None:
            lo, hi = columns["date_start"], columns["date_end"]
            if lo is None or hi is None or (flt.end is not None and lo > flt.end) or (
                    flt.start is not None and hi < flt.start):
                return False
        if flt.country is not None and columns["country"] != flt.country:
            return False
        if flt.event_type is not None and not any(
                isinstance(n, str) and _ascii_lower(n) == flt.event_type
                for n in (columns["event_type"], columns["sub_event_type"])):
            return False
        if flt.bbox is not None and not in_bbox(columns["lat"], columns["lon"], flt.bbox):
            return False
        if flt.incident_id is not None and incident_id != flt.incident_id:
            return False
        if doc_id is None and flt.actor is None and flt.text is None:
            return True
        only = NormalisedFilter(None, None, None, None, None, None, 0, actor=flt.actor, text=flt.text)
        tables = self._tables
        return any(link["incident_id"] == incident_id
                   and (doc_id is None or tables.events[e]["doc_id"] == doc_id)
                   and self._event_ok(e, tables.events[e], only)
                   for e, link in tables.links.items())

    def _filter(self, filters: EventFilter | None) -> tuple[NormalisedFilter, str | None, bool]:
        """The normalised filter, its resolved doc_id, and False when it names no stored document."""
        flt = (filters or EventFilter()).normalised()
        if flt.doc_id is None:
            return flt, None, True
        doc_id = self._resolve(flt.doc_id)
        return flt, doc_id, doc_id is not None

    def _matching_events(self, flt: NormalisedFilter, doc_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        """(event_id, row) of the events a filter keeps, in the stable order."""
        tables = self._tables
        found = [(e, row) for e, row in tables.events.items()
                 if (doc_id is None or row["doc_id"] == doc_id) and self._event_ok(e, row, flt)]
        seqs = {d: doc["seq"] for d, doc in tables.documents.items()}
        found.sort(key=lambda item: order_key(seqs[item[1]["doc_id"]], "event", item[1]["span_start"],
                                              item[1]["ord"]))
        return found

    def iter_records(self, kinds: Sequence[str] | None = None,
                     filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stored records in the stable order, then incidents; the same filter semantics as the
        SQL stores (see SQLReads.iter_records)."""
        wanted = check_kinds(kinds)
        flt, only_doc, known = self._filter(filters)
        if not known:
            return iter(())
        tables = self._tables
        selected_docs: set[str] | None = None
        if flt.selects_events:
            selected_docs = {row["doc_id"] for e, row in tables.events.items() if self._event_ok(e, row, flt)}
        picked: list[tuple[tuple[Any, ...], str, str | None]] = []
        seqs = {doc_id: doc["seq"] for doc_id, doc in tables.documents.items()}
        for kind in wanted:
            if kind == "incident":
                continue
            if kind == "event":
                picked += [(order_key(seqs[row["doc_id"]], kind, row["span_start"], row["ord"]), row["json"],
                            self._linked(e, row)) for e, row in self._matching_events(flt, only_doc)]
                continue
            rows = ({"doc_id": d, "span_start": None, "ord": 0, "json": doc["json"]}
                    for d, doc in tables.documents.items()) if kind == "document" \
                else tables.table(_TABLES[kind]).values()
            for row in rows:
                if only_doc is not None and row["doc_id"] != only_doc:
                    continue
                if selected_docs is not None and row["doc_id"] not in selected_docs:
                    continue
                picked.append((order_key(seqs[row["doc_id"]], kind, row["span_start"], row["ord"]),
                               row["json"], None))
        picked.sort(key=lambda item: item[0])
        if "incident" in wanted:
            picked += [((), text, None) for text in self._incident_rows(flt, only_doc)]
        return (with_incident(json.loads(text), link) for _, text, link in _page(picked, flt.limit, flt.offset))

    def events(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Event records matching ``filters``, in the stable order, paginated by limit/offset."""
        return list(self.iter_records(["event"], filters))

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event record (its incident_id its link's when it has one), or None."""
        row = self._tables.events.get(check_ref(event_id, "event_id"))
        return None if row is None else with_incident(json.loads(row["json"]), self._linked(event_id, row))

    def count_events(self, filters: EventFilter) -> int:
        """How many events match ``filters`` (its limit and offset are ignored)."""
        flt, doc_id, known = self._filter(filters)
        return len(self._matching_events(flt, doc_id)) if known else 0

    def event_histogram(self, filters: EventFilter) -> list[dict[str, Any]]:
        """Matching events counted per first day of their date and ACLED type, by day then type."""
        flt, doc_id, known = self._filter(filters)
        if not known:
            return []
        counts: dict[tuple[str, str | None], int] = {}
        for _, row in self._matching_events(flt, doc_id):
            day = row["columns"]["date_start"]
            if day is not None:
                key = (day, row["columns"]["event_type"])
                counts[key] = counts.get(key, 0) + 1
        ordered = sorted(counts.items(), key=lambda item: (item[0][0], _nulls_first(item[0][1])))
        return [{"day": day, "event_type": kind, "count": n} for (day, kind), n in ordered]

    # ------------------------------------------------------------------ statements, actors, places

    def statements(self, *, doc_id: str | None = None, event_id: str | None = None,
                   limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Statement records in the stable order: of one document and/or about one event."""
        limit, offset = check_page(limit, offset)
        tables = self._tables
        resolved = None
        if doc_id is not None:
            resolved = self._resolve(check_ref(doc_id, "doc_id"))
            if resolved is None:
                return []
        if event_id is not None:
            check_ref(event_id, "event_id")
        rows = [row for row in tables.statements.values()
                if (resolved is None or row["doc_id"] == resolved) and (event_id is None or event_id in row["about"])]
        rows.sort(key=lambda r: order_key(tables.documents[r["doc_id"]]["seq"], "statement", r["span_start"],
                                          r["ord"]))
        return [json.loads(r["json"]) for r in _page(rows, limit, offset)]

    def actors(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Actors of stored events with how many events each is in, most first (then by name,
        type, country, None first); ``name`` keeps names containing it (case-insensitive)."""
        limit, offset = check_page(limit, offset)
        needle = like_needle(name, "name") if name is not None else None
        groups: dict[tuple[str, str | None, str | None], set[str]] = {}
        for event_id, row in self._tables.events.items():
            for actor in row["actors"]:
                if actor["name"] is None or (needle is not None and needle not in actor["name_key"]):
                    continue
                groups.setdefault((actor["name"], actor["type"], actor["country"]), set()).add(event_id)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0][0], _nulls_first(item[0][1]),
                                                           _nulls_first(item[0][2])))
        return [{"name": n, "type": t, "country": c, "events": len(events)}
                for (n, t, c), events in _page(ordered, limit, offset)]

    def places(self, *, name: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Event locations with how many events happened at each, most first (then by name,
        country, admin1, lat, lon, None first); ``name`` keeps names containing it."""
        limit, offset = check_page(limit, offset)
        needle = like_needle(name, "name") if name is not None else None
        groups: dict[tuple[Any, ...], int] = {}
        for row in self._tables.events.values():
            c = row["columns"]
            if c["location_name"] is None or (needle is not None and needle not in c["location_key"]):
                continue
            key = (c["location_name"], c["country"], c["admin1"], c["lat"], c["lon"])
            groups[key] = groups.get(key, 0) + 1
        ordered = sorted(groups.items(), key=lambda item: (-item[1], item[0][0],
                                                           *(_nulls_first(v) for v in item[0][1:])))
        return [{"name": n, "country": c, "admin1": a, "lat": lat, "lon": lon, "events": k}
                for (n, c, a, lat, lon), k in _page(ordered, limit, offset)]

    # ------------------------------------------------------------------ incidents

    def _incident_rows(self, flt: NormalisedFilter, doc_id: str | None) -> list[str]:
        """The JSON of the incidents a filter keeps, by date (undated last) then id."""
        rows = [(incident_id, row) for incident_id, row in self._tables.incidents.items()
                if self._incident_ok(row, incident_id, flt, doc_id)]
        rows.sort(key=lambda item: (item[1]["columns"]["date_start"] is None,
                                    item[1]["columns"]["date_start"] or "", item[0]))
        return [row["json"] for _, row in rows]

    def incidents(self, *, filters: EventFilter | None = None, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Incident records by date then id (see SQLIncidents.incidents for the filter)."""
        limit, offset = check_page(limit, offset)
        flt, doc_id, known = self._filter(filters)
        if not known:
            return []
        return [json.loads(text) for text in _page(self._incident_rows(flt, doc_id), limit, offset)]

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident record, or None."""
        row = self._tables.incidents.get(check_ref(incident_id, "incident_id"))
        return None if row is None else json.loads(row["json"])

    def incident_links(self, incident_id: str | None = None,
                       event_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Links of one incident and/or of some events, by incident id then event id."""
        if incident_id is not None:
            check_ref(incident_id, "incident_id")
        if isinstance(event_ids, str):
            event_ids = [event_ids]
        wanted = {check_ref(e, "event_id") for e in event_ids}
        found = [link_record(e, link["incident_id"], link["score"], link["features"])
                 for e, link in self._tables.links.items()
                 if (not wanted or e in wanted) and (incident_id is None or link["incident_id"] == incident_id)]
        return sorted(found, key=lambda link: (link["incident_id"], link["event_id"]))


__all__ = ["MemoryReads"]

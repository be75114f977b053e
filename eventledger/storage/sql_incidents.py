"""Incidents in the SQL stores (a part of sql.SQLStore), in portable SQL.

Written by cross-document merging through put_incidents: incident records and the links that
tie each event to its incident, upserted together in one transaction (``INSERT ... ON CONFLICT
DO UPDATE``, which SQLite and PostgreSQL spell alike). The store keeps each incident's
``n_events``/``n_documents`` equal to its links and deletes an incident left without any.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .base import EventFilter, check_page, chunks
from .incident_rows import (
    PreparedIncident,
    link_record,
    missing_events,
    missing_incidents,
    prepare_incidents,
)
from .sql_reads import check_ref

_INCIDENT_ORDER = "i.date_start NULLS LAST, i.incident_id"


class SQLIncidents:
    """Incident storage shared by the SQL stores (mixed into sql.SQLStore)."""

    def _upsert_row(self, conn: Any, table: str, row: dict[str, Any], key: str,
                    only_if_changed: str | None = None) -> None:
        """Insert a row or update the one with the same ``key``: the write point of incidents.

        With ``only_if_changed`` (a column), an existing row is rewritten only when that column
        differs, so putting the same incident again changes nothing (not even ``updated``).
        """
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != key)
        guard = f" WHERE {table}.{only_if_changed} <> excluded.{only_if_changed}" if only_if_changed else ""
        self._q(conn, f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({key}) "
                      f"DO UPDATE SET {updates}{guard}", tuple(row.values()))

    def put_incidents(self, incidents: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        """Upsert incident records and event links in one transaction.

        ``incidents`` are contract ``incident`` records; ``links`` are ``{"event_id",
        "incident_id", "score", "features"}``, at most one per event, naming stored events and
        incidents given here or already stored. An event linked before is moved to its new
        incident; an incident left without any link is deleted. Raises StorageError (E504, nothing
        written) for malformed input or unknown events or incidents.
        """
        prepared, prepared_links = prepare_incidents(incidents, links)
        given = {i.incident_id for i in prepared}
        with self._transaction("storing incidents") as conn:
            event_ids = [link.event_id for link in prepared_links]
            stored = self._existing(conn, "events", "event_id", event_ids)
            absent = [e for e in event_ids if e not in stored]
            if absent:
                raise missing_events(absent)
            named = sorted({link.incident_id for link in prepared_links} - given)
            known = self._existing(conn, "incidents", "incident_id", named)
            unknown = [i for i in named if i not in known]
            if unknown:
                raise missing_incidents(unknown)
            touched = set(given) | set(named)
            for part in chunks(event_ids):
                marks = ", ".join("?" for _ in part)
                touched.update(r[0] for r in self._q(
                    conn, f"SELECT incident_id FROM incident_links WHERE event_id IN ({marks})", tuple(part)))
            now = self._clock()
            for incident in prepared:
                self._put_incident(conn, incident, now)
            for link in prepared_links:
                self._upsert_row(conn, "incident_links", {"event_id": link.event_id,
                                                          "incident_id": link.incident_id,
                                                          "score": link.score, "features": link.features},
                                 "event_id")
            self._settle_incidents(conn, sorted(touched))

    def _put_incident(self, conn: Any, incident: PreparedIncident, now: str) -> None:
        """Upsert one incident row (its counts are settled afterwards)."""
        row = {"incident_id": incident.incident_id, **incident.columns, "updated": now,
               "json": incident.json}
        self._upsert_row(conn, "incidents", row, "incident_id", only_if_changed="json")

    def _existing(self, conn: Any, table: str, column: str, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored in ``table.column``."""
        found: set[str] = set()
        for part in chunks(ids):
            marks = ", ".join("?" for _ in part)
            found.update(r[0] for r in self._q(conn, f"SELECT {column} FROM {table} WHERE {column} IN ({marks})",
                                               tuple(part)))
        return found

    def _settle_incidents(self, conn: Any, incident_ids: Sequence[str]) -> None:
        """Recount the links of these incidents and delete those left without any."""
        for part in chunks(incident_ids):
            marks = ", ".join("?" for _ in part)
            self._q(conn, "DELETE FROM incidents WHERE incident_id IN (" + marks + ") AND NOT EXISTS "
                          "(SELECT 1 FROM incident_links l WHERE l.incident_id = incidents.incident_id)",
                    tuple(part))
            self._q(conn, "UPDATE incidents SET n_events = (SELECT COUNT(*) FROM incident_links l "
                          "WHERE l.incident_id = incidents.incident_id), n_documents = (SELECT "
                          "COUNT(DISTINCT e.doc_id) FROM incident_links l JOIN events e ON e.event_id = "
                          "l.event_id WHERE l.incident_id = incidents.incident_id) "
                          f"WHERE incident_id IN ({marks})", tuple(part))

    def incidents(self, *, filters: EventFilter | None = None, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Incident records by date (undated last) then id, paginated by ``limit``/``offset``
        (the filter's own limit and offset are not used).

        The filter's dates, country, type (ACLED type or sub-type), box and incident_id apply
        to the incident's own values; its doc_id, actor and text keep incidents with at least
        one linked event of that document, with that actor, or whose document has those words.
        """
        limit, offset = check_page(limit, offset)
        with self._reading("listing incidents") as conn:
            flt, doc_id, known = self._filter(conn, filters)
            if not known:
                return []
            where, params = self._incident_criteria(flt, doc_id)
            sql = ("SELECT i.json FROM incidents i" + (" WHERE " + " AND ".join(where) if where else "")
                   + f" ORDER BY {_INCIDENT_ORDER} LIMIT ? OFFSET ?")
            rows = self._q(conn, sql, [*params, self._page_limit(limit), offset]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident record, or None."""
        check_ref(incident_id, "incident_id")
        with self._reading(f"reading incident {incident_id}") as conn:
            row = self._q(conn, "SELECT json FROM incidents WHERE incident_id = ?", (incident_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def incident_links(self, incident_id: str | None = None,
                       event_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Links of one incident and/or of some events (both: links satisfying both), every link
        without either; by incident id then event id."""
        if incident_id is not None:
            check_ref(incident_id, "incident_id")
        if isinstance(event_ids, str):
            event_ids = [event_ids]
        head = "SELECT event_id, incident_id, score, features FROM incident_links"
        rows: list[Any] = []
        with self._reading("reading incident links") as conn:
            if event_ids:
                for part in chunks([check_ref(e, "event_id") for e in event_ids]):
                    marks = ", ".join("?" for _ in part)
                    sql = f"{head} WHERE event_id IN ({marks})"
                    params: list[Any] = list(part)
                    if incident_id is not None:
                        sql += " AND incident_id = ?"
                        params.append(incident_id)
                    rows += self._q(conn, sql, params).fetchall()
            elif incident_id is not None:
                rows = self._q(conn, f"{head} WHERE incident_id = ?", (incident_id,)).fetchall()
            else:
                rows = self._q(conn, head).fetchall()
        rows.sort(key=lambda r: (r[1], r[0]))
        return [link_record(*row) for row in rows]


__all__ = ["SQLIncidents"]

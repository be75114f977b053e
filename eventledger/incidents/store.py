"""The incremental path: new documents' events join the incidents already in a store.

After a run stores documents, :func:`merge_documents` takes their events, reads from the store
the events they could match (same country, dates within the window: the blocking query), the
incidents those belong to (whole, so an incident is never split) and the documents' dates and
outlets, runs the same pure merge as everything else (:func:`.merge.merge_events`, existing
incidents kept with their ids), and writes the incidents and links in one transaction. Re-running
it changes nothing: events already linked keep their incidents, and new incident ids are content
hashes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ..errors import StorageError
from ..settings import Settings
from ..storage.base import E_QUERY, EventFilter, Store, date_interval
from .features import blocking_interval, day_ordinal
from .merge import kb_relations, merge_events
from .model import MergeModel, load_model

LOGGER = logging.getLogger(__name__)

#: Documents merged together in one pass (one transaction) of :func:`merge_documents`.
PASS_DOCS = 500


def supports_incidents(store: Any) -> bool:
    """Whether a store can keep incidents (put_incidents and the read methods)."""
    return all(callable(getattr(store, name, None))
               for name in ("put_incidents", "incident_links", "get_incident", "get_event", "events"))


def model_from_settings(settings: Settings | None) -> MergeModel:
    """The merge model the ``incidents.model`` setting names (the bundled one by default)."""
    path = settings["incidents"]["model"] if settings is not None and "incidents" in settings.data else None
    return load_model(path or None)


def _windows(events: Iterable[Mapping[str, Any]], days: int,
             documents: Mapping[str, Mapping[str, Any]]) -> dict[str, list[tuple[date, date]]]:
    """Per country, the merged date ranges to read: each event's blocking interval (its dates, or
    a week of a coarse date) widened by ``days``."""
    ranges: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for ev in events:
        where = ev.get("location") if isinstance(ev.get("location"), Mapping) else {}
        when = ev.get("date") if isinstance(ev.get("date"), Mapping) else {}
        interval = date_interval(when.get("value"))
        country = where.get("country")
        if interval is None or not isinstance(country, str) or not country:
            continue
        published = day_ordinal(documents.get(str(ev.get("doc_id")), {}).get("published"))
        start, end = blocking_interval(date.fromisoformat(interval[0]).toordinal(),
                                       date.fromisoformat(interval[1]).toordinal(), published)
        lo = date.fromordinal(start) - timedelta(days=days)
        hi = date.fromordinal(end) + timedelta(days=days)
        ranges[country.upper()].append((lo, hi))
    merged: dict[str, list[tuple[date, date]]] = {}
    for country, spans in ranges.items():
        spans.sort()
        out = [spans[0]]
        for lo, hi in spans[1:]:
            if lo <= out[-1][1] + timedelta(days=1):
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        merged[country] = out
    return merged


def _neighbourhood(store: Store, new: list[dict[str, Any]], model: MergeModel,
                   documents: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The new events and every stored event they could match (blocking's windows)."""
    events = {str(e["event_id"]): e for e in new}
    families = {model.family(e.get("event_type"), e.get("sub_event_type")) for e in new}
    mergeable = [e for e in new if model.family(e.get("event_type"), e.get("sub_event_type")) in model.mergeable]
    s: Any = store
    for country, spans in sorted(_windows(mergeable, model.window_days, documents).items()):
        for lo, hi in spans:
            for ev in s.events(EventFilter(date_from=lo, date_to=hi, country=country)):
                if model.family(ev.get("event_type"), ev.get("sub_event_type")) in families:
                    events.setdefault(str(ev["event_id"]), ev)
    return events


def _read_document(store: Any, doc_id: str, documents: dict[str, dict[str, Any]]) -> None:
    """Add a stored document's date, outlet and source to ``documents`` (once)."""
    if doc_id not in documents:
        doc = store.get_document(doc_id)
        if doc is not None:
            documents[doc_id] = {k: doc.get(k) for k in ("doc_id", "published", "outlet", "source_id")}


def merge_documents(store: Store, doc_ids: Sequence[str], *, settings: Settings | None = None,
                    model: MergeModel | None = None, related: Any = None) -> dict[str, int]:
    """Merge the events of these stored documents into the store's incidents.

    Documents are merged in passes of ``PASS_DOCS`` (each pass one transaction), so a run of any
    size merges in bounded memory; a pass sees the incidents the earlier ones wrote.

    Args:
        store: a store with incident support (:func:`supports_incidents`).
        doc_ids: documents whose events to merge (typically those a run just stored).
        settings: where ``incidents.model`` is read (when ``model`` is not given).
        model: the merge model. related: actor relation test (default: the actor knowledge base).

    Returns:
        Counts: documents, events (new), incidents written, incidents absorbed into others.

    Raises:
        StorageError: the store cannot be read or written, or has no incident tables.
    """
    if not supports_incidents(store):
        raise StorageError("this store cannot keep incidents (no put_incidents); open it with a backend "
                           "that has the incident tables (SQLite, PostgreSQL)", code=E_QUERY)
    model = model or model_from_settings(settings)
    related = related if related is not None else kb_relations()
    unique = list(dict.fromkeys(doc_ids))
    totals = {"documents": len(unique), "events": 0, "incidents_written": 0, "absorbed": 0}
    for start in range(0, len(unique), PASS_DOCS):
        events, written, absorbed = _merge_pass(store, unique[start:start + PASS_DOCS], model, related)
        totals["events"] += events
        totals["incidents_written"] += written
        totals["absorbed"] += absorbed
    return totals


def _merge_pass(store: Store, doc_ids: Sequence[str], model: MergeModel, related: Any) -> tuple[int, int, int]:
    """One pass of :func:`merge_documents`: (new events, incidents written, incidents absorbed)."""
    s: Any = store
    new: list[dict[str, Any]] = []
    for doc_id in doc_ids:
        new.extend(s.events(EventFilter(doc_id=doc_id)))
    if not new:
        return 0, 0, 0
    documents: dict[str, dict[str, Any]] = {}
    for doc_id in doc_ids:
        _read_document(s, doc_id, documents)
    events = _neighbourhood(store, new, model, documents)
    links = {link["event_id"]: link for link in s.incident_links(event_ids=list(events))}
    # Incidents are kept whole: every member of a touched incident takes part, even one outside
    # the date window (a coarse date), so an incident never loses events it had.
    touched = sorted({link["incident_id"] for link in links.values()})
    incidents: dict[str, dict[str, Any]] = {}
    for incident_id in touched:
        record = s.get_incident(incident_id)
        if record is not None:
            incidents[incident_id] = record
        # Members by their links (an indexed look-up), then the few not read yet one by one.
        for link in s.incident_links(incident_id=incident_id):
            links.setdefault(link["event_id"], link)
            if link["event_id"] not in events:
                ev = s.get_event(link["event_id"])
                if ev is not None:
                    events[str(ev["event_id"])] = ev
    for doc_id in sorted({str(e.get("doc_id")) for e in events.values()}):
        _read_document(s, doc_id, documents)
    new_ids = {str(e["event_id"]) for e in new}
    # A report's main event was decided when its document was merged (with all its events);
    # a document only partly read here keeps that decision.
    main = {eid: bool((link.get("features") or {}).get("main")) for eid, link in links.items()
            if eid not in new_ids}
    result = merge_events(events.values(), documents, model=model, related=related,
                          existing={e: link["incident_id"] for e, link in links.items()},
                          existing_incidents=incidents, main=main)
    # Write what changed: new incidents, and stored ones whose record is not the same any more
    # (a new claim, a member moved); each with the links of all its events.
    put = [r for r in result.incidents if incidents.get(r["incident_id"]) != r]
    written = {r["incident_id"] for r in put}
    put_links = [link for link in result.links if link["incident_id"] in written]
    if put:
        s.put_incidents(put, put_links)
    LOGGER.info("incidents: %d new event(s) merged; %d incident(s) written, %d absorbed",
                len(new_ids), len(put), len(result.absorbed))
    return len(new_ids), len(put), len(result.absorbed)


def merge_unlinked(store: Store, *, settings: Settings | None = None, model: MergeModel | None = None,
                   related: Any = None) -> dict[str, int]:
    """Merge every stored event that has no incident yet (a store filled before merging existed,
    or with ``incidents.merge`` off). Returns the counts of :func:`merge_documents`."""
    if not supports_incidents(store):
        raise StorageError("this store cannot keep incidents (no put_incidents); open it with a backend "
                           "that has the incident tables (SQLite, PostgreSQL)", code=E_QUERY)
    s: Any = store
    linked = {link["event_id"] for link in s.incident_links()}
    pending = list(dict.fromkeys(str(r["doc_id"]) for r in s.iter_records(["event"])
                                 if str(r.get("event_id")) not in linked))
    return merge_documents(store, pending, settings=settings, model=model, related=related)

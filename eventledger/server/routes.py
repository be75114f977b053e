"""The API's read endpoints: documents, events, incidents, statements, actors, places, histogram.

Each handler validates its parameters, runs one store call on a reader thread (see
:mod:`.pool`) and answers the stored contract records as they are; nothing here knows SQL.
Unknown ids answer 404 with a message saying how to find valid ones.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from ..storage import Store
from .models import (
    BAD_REQUEST,
    ActorPage,
    DocumentPage,
    DocumentRecord,
    DocumentRecords,
    EventPage,
    EventRecord,
    Histogram,
    IncidentPage,
    IncidentRecord,
    PlacePage,
    Problem,
    StatementPage,
    Stats,
)
from .params import (
    DEFAULT_LIMIT,
    MAX_TEXT,
    PLAIN_TEXT,
    EventQuery,
    Limit,
    Name,
    Offset,
    Search,
    event_query,
    page,
)
from .responses import json_response

router = APIRouter(prefix="/api", responses=BAD_REQUEST)

Id = Annotated[str, Path(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT)]
Criteria = Annotated[EventQuery, Depends(event_query)]
_NOT_FOUND = {404: {"model": Problem, "description": "no such id"}}


def _pool(request: Request) -> Any:
    return request.app.state.ledger.pool


def _missing(what: str, ident: str, where: str) -> HTTPException:
    return HTTPException(404, f"no {what} {ident!r} in this store; {where}")


@router.get("/stats", response_model=Stats, summary="What the store holds")
async def stats(request: Request) -> Any:
    counts = await _pool(request).read(lambda store: store.counts())
    return json_response({"counts": counts, "writes": request.app.state.ledger.writes})


@router.get("/events", response_model=EventPage, summary="Events matching filters")
async def list_events(request: Request, criteria: Criteria, limit: Limit = DEFAULT_LIMIT,
                      offset: Offset = 0) -> Any:
    def query(store: Store) -> dict[str, Any]:
        items = store.events(criteria.filter(limit=limit, offset=offset))
        # The count repeats the criteria without the page: "12 of 4,310 events".
        total = store.count_events(criteria.filter())
        return {"total": total, "items": items, **page(items, limit, offset)}

    return json_response(await _pool(request).read(query))


@router.get("/events/{event_id}", response_model=EventRecord, responses=_NOT_FOUND, summary="One event")
async def get_event(request: Request, event_id: Id) -> Any:
    event = await _pool(request).read(lambda store: store.get_event(event_id))
    if event is None:
        raise _missing("event", event_id, "GET /api/events lists the stored events")
    return json_response(event)


@router.get("/histogram", response_model=Histogram,
            summary="Events per day and event type, for a timeline")
async def histogram(request: Request, criteria: Criteria) -> Any:
    bins = await _pool(request).read(lambda store: store.event_histogram(criteria.filter()))
    return json_response({"items": bins})


@router.get("/documents", response_model=DocumentPage, summary="Documents, newest stored last")
async def list_documents(request: Request, text: Search = None, limit: Limit = DEFAULT_LIMIT,
                         offset: Offset = 0) -> Any:
    items = await _pool(request).read(
        lambda store: store.documents(limit=limit, offset=offset, text=text))
    return json_response({"items": items, **page(items, limit, offset)})


@router.get("/documents/{doc_id}", response_model=DocumentRecord, responses=_NOT_FOUND,
            summary="One document (a unique short id is enough)")
async def get_document(request: Request, doc_id: Id) -> Any:
    found = await _pool(request).read(lambda store: store.get_document(doc_id))
    if found is None:
        raise _missing("document", doc_id, "GET /api/documents lists the stored documents")
    return json_response(found)


@router.get("/documents/{doc_id}/records", response_model=DocumentRecords, responses=_NOT_FOUND,
            summary="Every record of one document, with the spans they came from")
async def document_records(request: Request, doc_id: Id) -> Any:
    def query(store: Store) -> list[dict[str, Any]] | None:
        found = store.get_document(doc_id)
        return None if found is None else store.records_for(found["doc_id"])

    records = await _pool(request).read(query)
    if records is None:
        raise _missing("document", doc_id, "GET /api/documents lists the stored documents")
    return json_response({"items": records})


@router.get("/statements", response_model=StatementPage, summary="Statements")
async def list_statements(
    request: Request,
    doc_id: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                        description="statements of this document")] = None,
    event_id: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT,
                                          description="statements about this event")] = None,
    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
) -> Any:
    items = await _pool(request).read(lambda store: store.statements(
        doc_id=doc_id, event_id=event_id, limit=limit, offset=offset))
    return json_response({"items": items, **page(items, limit, offset)})


@router.get("/actors", response_model=ActorPage, summary="Actors named in events")
async def list_actors(request: Request, name: Name = None, limit: Limit = DEFAULT_LIMIT,
                      offset: Offset = 0) -> Any:
    items = await _pool(request).read(
        lambda store: store.actors(name=name, limit=limit, offset=offset))
    return json_response({"items": items, **page(items, limit, offset)})


@router.get("/places", response_model=PlacePage, summary="Places events happened at")
async def list_places(request: Request, name: Name = None, limit: Limit = DEFAULT_LIMIT,
                      offset: Offset = 0) -> Any:
    items = await _pool(request).read(
        lambda store: store.places(name=name, limit=limit, offset=offset))
    return json_response({"items": items, **page(items, limit, offset)})


@router.get("/incidents", response_model=IncidentPage,
            summary="Incidents (events of every document about one real incident)")
async def list_incidents(request: Request, criteria: Criteria, limit: Limit = DEFAULT_LIMIT,
                         offset: Offset = 0) -> Any:
    items = await _pool(request).read(lambda store: store.incidents(
        filters=criteria.filter(), limit=limit, offset=offset))
    return json_response({"items": items, **page(items, limit, offset)})


@router.get("/incidents/{incident_id}", response_model=IncidentRecord, responses=_NOT_FOUND,
            summary="One incident")
async def get_incident(request: Request, incident_id: Id) -> Any:
    found = await _pool(request).read(lambda store: store.get_incident(incident_id))
    if found is None:
        raise _missing("incident", incident_id, "GET /api/incidents lists the stored incidents")
    return json_response(found)


__all__ = ["router"]

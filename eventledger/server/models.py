"""The JSON shapes the HTTP API answers with, as pydantic models for the OpenAPI schema.

Records are the export contract's records (../shared/contract) exactly as stored: the models name
the keys every record has and their types, and allow the rest (``extra="allow"``), so the schema
documents the contract without ever dropping or reshaping a field. Handlers return the stored
dicts directly (no per-record validation on the hot path); the tests check the answers against
this schema (schemathesis) and against the contract's own JSON Schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Span = list[int] | None


class _Open(BaseModel):
    """A JSON object that may carry more keys than the ones named."""

    model_config = ConfigDict(extra="allow")


class DocumentRecord(_Open):
    """A ``document`` record: one article's clean text and metadata."""

    record: Literal["document"]
    doc_id: str
    source_id: str | None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None
    language: str | None = None
    text: str
    removed: list[dict[str, Any]]
    embeds: list[dict[str, Any]]


class EventRecord(_Open):
    """An ``event`` record: one happening as one document reports it."""

    record: Literal["event"]
    event_id: str
    incident_id: str | None
    doc_id: str
    event_type: str | None
    sub_event_type: str | None
    plover: dict[str, Any]
    cameo: str | None
    date: dict[str, Any] | None
    location: dict[str, Any] | None
    actors: list[dict[str, Any]]
    fatalities: dict[str, Any] | None
    injuries: dict[str, Any] | None
    sources: list[dict[str, Any]]
    confidence: float | None
    summary: str | None


class StatementRecord(_Open):
    """A ``statement`` record: something a named speaker said."""

    record: Literal["statement"]
    statement_id: str
    doc_id: str
    speaker: dict[str, Any] | None
    kind: str | None
    text: str | None
    span: Span = None
    about: list[str] = Field(default_factory=list)


class MentionRecord(_Open):
    """A ``mention`` record: a time, place, person, organisation, group or figure in the text."""

    record: Literal["mention"]
    doc_id: str
    kind: str
    text: str | None = None
    span: Span = None
    value: Any = None


class IncidentRecord(_Open):
    """An ``incident`` record: the events of every document that report one real incident."""

    record: Literal["incident"]
    incident_id: str
    event_ids: list[str]


AnyRecord = DocumentRecord | EventRecord | StatementRecord | MentionRecord | IncidentRecord


class Page(BaseModel):
    """A page of a list: its items, where it starts, and the offset of the next page (or null)."""

    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last page")


class EventPage(Page):
    """A page of events, with how many events match the filters in all."""

    total: int
    items: list[EventRecord]


class DocumentPage(Page):
    items: list[DocumentRecord]


class StatementPage(Page):
    items: list[StatementRecord]


class IncidentPage(Page):
    items: list[IncidentRecord]


class Actor(BaseModel):
    """An actor named in events: its resolved name, type, country and how many events name it."""

    name: str
    type: str | None
    country: str | None
    events: int


class ActorPage(Page):
    items: list[Actor]


class Place(BaseModel):
    """A place events happened at, with how many events are located there."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    events: int


class PlacePage(Page):
    items: list[Place]


class HistogramBin(BaseModel):
    """How many matching events of one type happened on one day (an event counts on its first day)."""

    day: str
    event_type: str | None
    count: int


class Histogram(BaseModel):
    items: list[HistogramBin]


class DocumentRecords(BaseModel):
    """Every record of one document: the document first, then its events, statements, mentions."""

    items: list[AnyRecord]


class Stats(BaseModel):
    """How much the store holds, and whether it can write (submissions enabled)."""

    counts: dict[str, int]
    writes: bool


class FailureOut(BaseModel):
    source: str | None
    code: str
    reason: str


class SubmitResult(BaseModel):
    """What became of a submission: the run that stored it, counts, and each failure's reason."""

    run_id: str
    documents: int
    stored: int
    unchanged: int
    failed: int
    events: int
    statements: int
    doc_ids: list[str]
    failures: list[FailureOut]


class Problem(BaseModel):
    """An error: what was wrong and what to do (``code`` is eventledger's stable error code)."""

    detail: str
    code: str | None = None
    errors: list[dict[str, Any]] | None = None


#: Every operation's 422: FastAPI's default schema (a list in ``detail``) is not what the app answers.
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "a malformed parameter or body (the message names it)"}}


__all__ = ["BAD_REQUEST", "Actor", "ActorPage", "AnyRecord", "DocumentPage", "DocumentRecord", "DocumentRecords",
           "EventPage", "EventRecord", "Histogram", "HistogramBin", "IncidentPage", "IncidentRecord",
           "MentionRecord", "Place", "PlacePage", "Problem", "StatementPage", "StatementRecord",
           "Stats", "SubmitResult"]

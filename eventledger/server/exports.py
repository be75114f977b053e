"""Export downloads: JSON Lines (the contract), ACLED-style CSV and GeoJSON, for any event filter.

The export is written by eventledger.export on a reader thread into a spooled temporary file
(memory up to a few MB, then disk), then streamed to the client, so a large export neither holds
the store's connection while a slow client reads nor sits whole in memory. Each answer is an
attachment with a file name, and says how many records it holds in ``X-Record-Count``.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, TextIO

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from ..export.acled_csv import write_acled_csv
from ..export.geojson import GeoJsonWriter
from ..export.jsonl import write_jsonl
from ..storage import EventFilter, Store
from .models import BAD_REQUEST
from .params import MAX_OFFSET, EventQuery, event_query

router = APIRouter(prefix="/api/export", tags=["exports"], responses=BAD_REQUEST)

#: Bytes an export keeps in memory before it spills to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
Criteria = Annotated[EventQuery, Depends(event_query)]
Cap = Annotated[int | None, Query(ge=1, le=MAX_OFFSET, description="at most this many events (default: all)")]
RecordCap = Annotated[int | None, Query(ge=1, le=MAX_OFFSET, description="at most this many records (default: all)")]


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK_BYTES):
        yield chunk


async def _download(request: Request, write: Callable[[Store, TextIO], int], media_type: str,
                    filename: str) -> StreamingResponse:
    """Run ``write(store, stream)`` on a reader thread, then stream what it wrote as an attachment."""

    def job(store: Store) -> tuple[IO[bytes], int]:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed after sending
        try:
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            count = write(store, text)
            text.flush()
            text.detach()  # leave the spool open for the response
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        return spool, count

    spool, count = await request.app.state.ledger.pool.read(job)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "X-Record-Count": str(count)}
    return StreamingResponse(_chunks(spool), media_type=media_type, headers=headers,
                             background=BackgroundTask(spool.close))


def _events(store: Store, flt: EventFilter) -> Iterator[dict[str, Any]]:
    return store.iter_records(["event"], flt)


_JSONL = {200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}}},
                "description": "one contract record per line"}}
_CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "ACLED's columns in ACLED's order; verbal events (no ACLED type) are left out"},}
_GEOJSON = {200: {"content": {"application/geo+json": {"schema": {"type": "object"}}},
                  "description": "an RFC 7946 FeatureCollection of event points"}}


@router.get("/records.jsonl", response_class=StreamingResponse, responses=_JSONL,
            summary="Every record (documents, events, statements, mentions) of the matching events' documents")
async def export_records(request: Request, criteria: Criteria, limit: RecordCap = None) -> StreamingResponse:
    flt = criteria.filter(limit=limit)
    return await _download(request, lambda store, out: write_jsonl(store.iter_records(None, flt), out),
                           "application/x-ndjson", "eventledger-records.jsonl")


@router.get("/events.jsonl", response_class=StreamingResponse, responses=_JSONL,
            summary="Matching event records as JSON Lines")
async def export_events_jsonl(request: Request, criteria: Criteria, limit: Cap = None) -> StreamingResponse:
    flt = criteria.filter(limit=limit)
    return await _download(request, lambda store, out: write_jsonl(_events(store, flt), out),
                           "application/x-ndjson", "eventledger-events.jsonl")


@router.get("/events.csv", response_class=StreamingResponse, responses=_CSV,
            summary="Matching events as an ACLED-style CSV")
async def export_events_csv(request: Request, criteria: Criteria, limit: Cap = None) -> StreamingResponse:
    flt = criteria.filter(limit=limit)

    def write(store: Store, out: TextIO) -> int:
        # Only the outlet of each source document is needed (ACLED's "source" column).
        outlets = {r["doc_id"]: {"outlet": r.get("outlet")}
                   for r in store.iter_records(["document"], criteria.filter())}
        return write_acled_csv(_events(store, flt), out, outlets)

    return await _download(request, write, "text/csv; charset=utf-8", "eventledger-events.csv")


@router.get("/events.geojson", response_class=StreamingResponse, responses=_GEOJSON,
            summary="Matching events with coordinates as GeoJSON points")
async def export_events_geojson(request: Request, criteria: Criteria, limit: Cap = None) -> StreamingResponse:
    flt = criteria.filter(limit=limit)

    def write(store: Store, out: TextIO) -> int:
        writer = GeoJsonWriter(out)
        for event in _events(store, flt):
            writer.write(event)
        writer.close()
        return writer.written

    return await _download(request, write, "application/geo+json", "eventledger-events.geojson")


__all__ = ["router"]

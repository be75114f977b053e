"""The write endpoint: submit articles for processing (off unless the server allows writes).

``POST /api/documents`` runs the real pipeline on the articles in the body and stores them as a
run, exactly as ``eventledger process`` would. It is refused unless the server was started with
writes on and a token (``EVENTLEDGER_TOKEN``), and then only to a request that carries that token
as ``Authorization: Bearer TOKEN``. The checks run before any of the body is read, cheapest
first: writes on, the token, the declared size, the content type. The body is then copied to a
temporary file a chunk at a time and refused (413) as soon as it passes the size limit, so an
oversized upload is never read whole, whatever its ``Content-Length`` claimed.

Bodies (each article as in a JSON Lines input: ``text`` or ``html``, and optional ``id``,
``published``, ``url``, ``outlet``, ``title``, ``language``):

- ``application/x-ndjson`` (or ``application/jsonl``): JSON Lines, one article per line;
- ``application/json``: one article object, or an array of them;
- ``text/plain`` / ``text/html``: one bare article; ``title``/``url`` from the query.

Every article goes through eventledger's JSON Lines reader (one validation for every route in),
and each bad one becomes a failure with its code and reason while the others are stored.
"""

from __future__ import annotations

import hmac
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..engines.local import run
from ..model import Document, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.ingest.dates import normalize_published
from ..stages.ingest.html import document_from_html
from ..stages.ingest.jsonl import iter_jsonl
from ..storage import Store
from .defaults import TOKEN_ENV
from .models import BAD_REQUEST, Problem, SubmitResult
from .params import MAX_TEXT, PLAIN_TEXT
from .responses import json_response

router = APIRouter(prefix="/api", tags=["write"], responses=BAD_REQUEST)

#: How uploads name their inputs in the run's records and failure reasons.
UPLOAD_NAME = "<upload>"
_JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines",
                          "application/ndjson"})
_TYPES = (*sorted(_JSONL_TYPES), "application/json", "text/plain", "text/html")
OptText = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, pattern=PLAIN_TEXT)]


class Submissions:
    """The server's write side: whether writes are on, the token, the size limit, the pipeline."""

    def __init__(self, settings: Settings, *, enabled: bool, token: str | None, max_bytes: int) -> None:
        self.settings = settings
        self.enabled = enabled
        self._token = token.encode("utf-8") if token else None
        self.max_bytes = max_bytes
        self._pipeline: Pipeline | None = None  # built on the writer thread at first use

    def authorise(self, header: str | None) -> None:
        """Refuse (403/401) unless writes are on and the header carries the token."""
        if not self.enabled or self._token is None:
            raise HTTPException(403, "this server does not accept submissions; start it with "
                                     f"`eventledger serve --allow-writes` and {TOKEN_ENV} set")
        scheme, _, given = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise HTTPException(401, "submissions need the server's token: send the header "
                                     f"'Authorization: Bearer <token>' (the server's {TOKEN_ENV})",
                                headers={"WWW-Authenticate": "Bearer"})
        # Constant-time comparison: response timing says nothing about how much of a guess matched.
        if not hmac.compare_digest(given.strip().encode("utf-8"), self._token):
            raise HTTPException(403, f"the token is not this server's {TOKEN_ENV}")

    def pipeline(self) -> Pipeline:
        """The pipeline (loaded once, on the writer thread that uses it)."""
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        return self._pipeline


def _media_type(request: Request) -> str:
    """The body's media type, or 415 naming the accepted ones."""
    media = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if media not in _TYPES:
        raise HTTPException(415, f"content type {media or 'none'!r} is not accepted; send JSON Lines "
                                 "(application/x-ndjson), JSON (application/json), text/plain or text/html")
    return media


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the body is over the limit of {limit:,} bytes; send fewer articles per "
                              "request (or start the server with a larger --max-upload-bytes)")


async def _spool(request: Request, limit: int, into: IO[bytes]) -> int:
    """Copy the body into a file chunk by chunk, refusing it as soon as it passes ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise HTTPException(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise _too_large(limit)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        into.write(chunk)
    into.flush()
    return size


def _as_lines(path: Path, media: str, meta: dict[str, str | None]) -> Path:
    """The upload as a JSON Lines file (JSON and bare articles are rewritten one article a line)."""
    if media in _JSONL_TYPES:
        return path
    out = path.with_suffix(".jsonl")
    raw = path.read_bytes()
    if media == "application/json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HTTPException(422, f"the body is not valid UTF-8 JSON ({exc}); send one article "
                                     "object or an array of them") from exc
        items = data if isinstance(data, list) else [data]
        # Non-objects are kept as lines: the JSON Lines reader reports each as a failure.
        lines = [json.dumps(item, ensure_ascii=False) for item in items]
    else:
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPException(422, f"the body is not UTF-8 text (byte {exc.start}); send UTF-8") from exc
        key = "html" if media == "text/html" else "text"
        lines = [json.dumps({key: body, **{k: v for k, v in meta.items() if v is not None}},
                            ensure_ascii=False)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _read(path: Path, settings: Settings, overrides: dict[str, str | None]) -> list[Document | Failure]:
    """Every article of a JSON Lines upload as a Document, or a Failure with its reason."""
    ingest = settings["ingest"]
    precision = bool(ingest.get("html_favor_precision", False))

    def read_html(html: str, *, source_id: str | None, where: str,
                  meta: dict[str, str | None] | None = None) -> Document:
        return document_from_html(html, source_id=source_id, where=where, meta=meta, favor_precision=precision)

    with path.open("rb") as stream:
        return list(iter_jsonl(stream, UPLOAD_NAME, max_bytes=int(ingest["max_bytes"]), read_html=read_html,
                               overrides=overrides))


def _doc_ids(items: list[Document | Failure]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Document):
            yield item.doc_id


@router.post("/documents", response_model=SubmitResult, summary="Submit articles for processing",
             responses={401: {"model": Problem, "description": "no token"},
                        403: {"model": Problem, "description": "writes are off, or a wrong token"},
                        413: {"model": Problem, "description": "the body is over the size limit"},
                        415: {"model": Problem, "description": "an unaccepted content type"},
                        503: {"model": Problem, "description": "the store or the model is unavailable"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-ndjson": {"schema": {"type": "string"}},
                 "application/json": {"schema": {"type": "object", "properties": {
                     "id": {"type": "string"}, "text": {"type": "string"}, "html": {"type": "string"},
                     "published": {"type": "string"}, "url": {"type": "string"},
                     "outlet": {"type": "string"}, "title": {"type": "string"}}}},
                 "text/plain": {"schema": {"type": "string"}},
                 "text/html": {"schema": {"type": "string"}}}}})
async def submit(request: Request, published: OptText = None, outlet: OptText = None, title: OptText = None,
                 url: OptText = None) -> Any:
    """Process the articles in the body and store them; answers the run's counts and failures."""
    subs: Submissions = request.app.state.ledger.submissions
    subs.authorise(request.headers.get("authorization"))
    day = normalize_published(published) if published is not None else None
    if published is not None and day is None:
        raise HTTPException(422, f"query parameter 'published': {published!r} is not a date; use YYYY-MM-DD")
    media = _media_type(request)
    with tempfile.TemporaryDirectory(prefix="eventledger-upload-") as folder:
        path = Path(folder) / "upload.body"
        with path.open("wb") as handle:
            await _spool(request, subs.max_bytes, handle)
        lines = _as_lines(path, media, {"title": title, "url": url})

        def job(store: Store) -> dict[str, Any]:
            items = _read(lines, subs.settings, {"published": day, "outlet": outlet})
            report = run([UPLOAD_NAME], store, subs.settings, pipeline=subs.pipeline(), documents=items,
                         command="submit", resume=False, workers=1)
            return {"run_id": report.run_id, "documents": report.documents, "stored": report.stored,
                    "unchanged": report.unchanged, "failed": report.failed, "events": report.events,
                    "statements": report.statements, "doc_ids": list(dict.fromkeys(_doc_ids(items))),
                    "failures": [{"source": f.source, "code": f.code, "reason": f.reason}
                                 for f in report.failures]}

        result = await request.app.state.ledger.pool.write(job)
    return json_response(result)


__all__ = ["Submissions", "router"]

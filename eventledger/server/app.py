"""The FastAPI application: the JSON API under ``/api``, the dashboard pages, their static files.

One process serves both; the dashboard is plain HTML, JavaScript and SVG from
``eventledger/server/static`` (country borders vendored from world-atlas), so it works with no
network at all. ``/openapi.json`` publishes the API's schema; the interactive docs pages are off,
because they load scripts from a CDN.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, EventLedgerError
from ..settings import Settings, load_settings
from . import exports, routes, submit
from .defaults import DEFAULT_MAX_UPLOAD, DEFAULT_READERS
from .params import MAX_TEXT
from .pool import StorePool
from .responses import SecurityHeaders, http_error, ledger_error, validation_error
from .submit import Submissions

STATIC = Path(str(resources.files("eventledger.server").joinpath("static")))
#: The stable code of a server that cannot start as configured (writes without a token ...).
E_SERVER = "E120"
PageId = Annotated[str, PathParam(min_length=1, max_length=MAX_TEXT)]


@dataclass(slots=True)
class Ledger:
    """What the handlers share: the store pool and the write side (``app.state.ledger``)."""

    pool: StorePool
    submissions: Submissions

    @property
    def writes(self) -> bool:
        return self.submissions.enabled

    def close(self) -> None:
        """Stop the store threads (each closes its store)."""
        self.pool.close()


def create_app(store_url: str, *, allow_writes: bool = False, token: str | None = None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD, readers: int = DEFAULT_READERS,
               settings: Settings | None = None) -> FastAPI:
    """The API and dashboard over the store ``store_url`` (any ``--db`` value).

    Args:
        store_url: a SQLite path, ``sqlite:///path``, ``postgresql://...`` or ``memory:``.
        allow_writes: accept ``POST /api/documents`` (needs ``token``).
        token: the secret a submission must present as ``Authorization: Bearer TOKEN``.
        max_upload_bytes: the largest submission body; bigger ones are refused unread (413).
        readers: threads answering queries, each with its own connection.
        settings: pipeline settings for submissions (defaults when omitted).

    Raises:
        ConfigError (E120): writes allowed without a token, or a limit that is not positive.
        StorageError: the store cannot be opened.
    """
    if allow_writes and not token:
        raise ConfigError("--allow-writes needs a token: set EVENTLEDGER_TOKEN to a long random secret "
                          "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)", code=E_SERVER)
    if max_upload_bytes < 1:
        raise ConfigError(f"the upload limit must be at least 1 byte, not {max_upload_bytes}", code=E_SERVER)
    settings = settings or load_settings()
    ledger = Ledger(StorePool(store_url, readers=readers),
                    Submissions(settings, enabled=allow_writes, token=token, max_bytes=max_upload_bytes))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()

    app = FastAPI(title="eventledger", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description=("Events, incidents, statements, actors and places read from conflict news, "
                               "each value traceable to the span of the article it came from. Records follow "
                               "the export contract."))
    app.state.ledger = ledger
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(EventLedgerError, ledger_error)
    app.include_router(routes.router)
    app.include_router(exports.router)
    app.include_router(submit.router)
    _dashboard(app)
    return app


def _dashboard(app: FastAPI) -> None:
    """The dashboard's pages (each its own HTML file) and static assets."""

    def page(name: str) -> Any:
        return FileResponse(STATIC / name, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    async def index() -> Any:
        return page("index.html")

    @app.get("/events/{event_id}", include_in_schema=False)
    async def event_page(event_id: PageId) -> Any:
        return page("event.html")

    @app.get("/documents/{doc_id}", include_in_schema=False)
    async def document_page(doc_id: PageId) -> Any:
        return page("document.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


__all__ = ["E_SERVER", "Ledger", "create_app"]

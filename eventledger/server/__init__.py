"""The HTTP API and web dashboard (``eventledger serve``): a thin layer over the store.

:func:`create_app` builds the FastAPI application over any ``--db``: read endpoints for documents,
events, incidents, statements, actors and places under ``/api`` (the export contract's records,
filtered and paginated), exports as downloads, an optional token-protected write endpoint, the
OpenAPI schema at ``/openapi.json``, and an offline dashboard (map, timeline, table, event and
document pages) from ``static/``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the CLI imports eventledger.server.cli on every start, and FastAPI
    # (with the pipeline behind the write endpoint) is only needed when a server actually runs.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

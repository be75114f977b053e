"""``eventledger serve``: the API and dashboard on uvicorn (registered by interfaces/cli.py)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..errors import EventLedgerError
from ..interfaces.options import settings_from_options
from .defaults import DEFAULT_HOST, DEFAULT_MAX_UPLOAD, DEFAULT_PORT, DEFAULT_READERS, TOKEN_ENV


def serve(
    db: Annotated[str | None, typer.Option("--db", help="database (default: store.db setting)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on (default: this machine only)")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on")] = DEFAULT_PORT,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes", help=f"accept POST /api/documents from clients that send ${TOKEN_ENV}")] = False,
    max_upload_bytes: Annotated[int, typer.Option(min=1, help="largest submission body in bytes")] = DEFAULT_MAX_UPLOAD,
    readers: Annotated[int, typer.Option(min=1, max=64, help="threads answering queries")] = DEFAULT_READERS,
    config: Annotated[str | None, typer.Option("--config", help="a TOML settings file")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")] = None,
) -> None:
    """Serve the HTTP API (/api, /openapi.json) and the web dashboard (/) over a store.

    Writes are off unless --allow-writes is given and EVENTLEDGER_TOKEN holds the token that
    clients must send as 'Authorization: Bearer TOKEN'.
    """
    from pathlib import Path

    import uvicorn
    from rich.console import Console

    from .app import create_app

    err = Console(stderr=True)
    try:
        settings = settings_from_options(Path(config) if config else None, set_)
        app = create_app(db or settings["store"]["db"], allow_writes=allow_writes,
                         token=os.environ.get(TOKEN_ENV) or None, max_upload_bytes=max_upload_bytes,
                         readers=readers, settings=settings)
    except EventLedgerError as exc:
        err.print(f"[bold red]error[/] {exc}", highlight=False)
        raise typer.Exit(3) from exc
    shown = f"[{host}]" if ":" in host else host
    err.print(f"eventledger dashboard on http://{shown}:{port}/  (API: /api, schema: /openapi.json; "
              f"writes {'on' if allow_writes else 'off'}); Ctrl-C stops it", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


__all__ = ["TOKEN_ENV", "serve"]

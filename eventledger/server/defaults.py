"""The server's defaults, in a module light enough for the CLI to import at startup."""

from __future__ import annotations

#: Largest submission body accepted by default (1 MiB: hundreds of news articles).
DEFAULT_MAX_UPLOAD = 1024 * 1024
#: Threads answering queries, each with its own store connection.
DEFAULT_READERS = 4
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: The environment variable holding the write token (never a command-line option: argv is public).
TOKEN_ENV = "EVENTLEDGER_TOKEN"

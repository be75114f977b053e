"""Helpers of the server tests: the hostile article, the store builder, a live uvicorn server."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

from eventledger.engines.local import run
from eventledger.storage import open_store

ROOT = Path(__file__).resolve().parents[2]
#: What ``make demo`` processes: the bundled CENTCOM releases, as JSON Lines and as a feed.
EXAMPLES = (ROOT / "examples" / "centcom-strikes.jsonl", ROOT / "examples" / "centcom-strikes.rss")
HOSTILE_ID = "hostile-1"
#: Markers the hostile article's payloads would set on ``window`` if any of them ever ran.
HOSTILE = {
    "id": HOSTILE_ID,
    "title": "<img src=x onerror=\"window.__pwned='title'\">Market attack",
    "outlet": "<b onmouseover=\"window.__pwned='outlet'\">Wire</b>",
    "url": "javascript:window.__pwned='url'",
    "published": "2024-03-05",
    "text": ("Kabul \U0001f642 report. A suicide bomber killed 12 people at a market in Kabul on Monday, "
             "police said.\n\n<script>window.__pwned = 'script'</script> Witnesses shared "
             "<a href=\"javascript:window.__pwned='link'\">a link</a> and "
             "<img src=x onerror=\"window.__pwned='img'\"> online.\n\n"
             "The attackers scrawled ' OR 1=1; DROP TABLE events; -- on a wall, the police chief said."),
}
TOKEN = "test-token-for-submissions-0123456789"


#: The store backends the API suite runs against: PostgreSQL runs on a throwaway cluster
#: (tests/pg_cluster.py), skipped with the reason where PostgreSQL is not installed.
BACKENDS = ("sqlite", "postgresql")


def build_store(url: str, folder: Path, pipeline: Any, settings: Any) -> None:
    """Run the real engine on the examples and the hostile article into the store at ``url``."""
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    store = open_store(url)
    try:
        report = run([*map(str, EXAMPLES), str(hostile)], store, settings, pipeline=pipeline, workers=1)
    finally:
        store.close()
    assert report.failed == 0, report.failures


def free_port() -> int:
    """A free TCP port on the loopback interface (for a server in another process)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """The app on a real uvicorn server, on a loopback port, in a thread of this process."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        # Port 0: the system picks a free port when uvicorn binds (no race with another process).
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)
        self.url = ""

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def hostile_records(client: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hostile article's document record and the event the pipeline read from it."""
    found = [d for d in client.get("/api/documents", params={"limit": 1000}).json()["items"]
             if d["source_id"] == HOSTILE_ID]
    assert len(found) == 1
    items = client.get("/api/events", params={"doc_id": found[0]["doc_id"]}).json()["items"]
    assert items, "the hostile article must yield an event (its first sentence reports a bombing)"
    return found[0], items[0]

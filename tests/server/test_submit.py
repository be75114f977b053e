"""The write endpoint: off by default, token-protected, size-limited, and a real run when allowed."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_helpers import HOSTILE, TOKEN, LiveServer

from eventledger.errors import ConfigError
from eventledger.server import create_app
from eventledger.storage import open_store

LIMIT = 20_000
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def writes_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("writes") / "writes.sqlite"


@pytest.fixture(scope="module")
def writer(writes_db: Path, base_settings: Any) -> Iterator[TestClient]:
    app = create_app(str(writes_db), allow_writes=True, token=TOKEN, max_upload_bytes=LIMIT,
                     settings=base_settings)
    with TestClient(app) as client:
        yield client


def test_submit_is_off_by_default(client: TestClient) -> None:
    response = client.post("/api/documents", json={"text": "A bomb exploded in Kabul."}, headers=AUTH)
    assert response.status_code == 403
    assert "--allow-writes" in response.json()["detail"]


def test_submit_cannot_be_allowed_without_a_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        create_app(str(tmp_path / "x.sqlite"), allow_writes=True, token=None)
    assert caught.value.code == "E120" and "EVENTLEDGER_TOKEN" in caught.value.message


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ({"Authorization": "Bearer "}, 401),
    ({"Authorization": "Bearer not-the-token"}, 403),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403),
])
def test_submit_without_the_token_is_refused(writer: TestClient, writes_db: Path, headers: dict[str, str],
                                             status: int) -> None:
    before = writer.get("/api/stats").json()["counts"]
    response = writer.post("/api/documents", json=HOSTILE, headers=headers)
    assert response.status_code == status
    assert "token" in response.json()["detail"].lower()
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/stats").json()["counts"] == before


@pytest.mark.parametrize(("content_type", "body", "status", "words"), [
    ("application/xml", b"<a/>", 415, "content type"),
    ("", b"{}", 415, "content type"),
    ("application/json", b"{not json", 422, "not valid"),
    ("text/plain", b"\xff\xfe\x00bad", 422, "UTF-8"),
])
def test_submit_bad_bodies_get_a_clear_refusal(writer: TestClient, content_type: str, body: bytes, status: int,
                                               words: str) -> None:
    response = writer.post("/api/documents", content=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


def test_submit_declared_oversized_body_is_refused_before_it_is_read(writer: TestClient) -> None:
    response = writer.post("/api/documents", content=b"x" * (LIMIT + 1),
                           headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert f"{LIMIT:,}" in response.json()["detail"]


def _raw_request(url: str, head: str, body: bytes) -> str:
    """Send a request over a plain socket, never finishing the body; return the status line."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode("ascii") + body)
        # The server must answer now, while the rest of the body is still unsent.
        reply = sock.recv(4096).decode("latin-1")
    return reply.split("\r\n", 1)[0]


def test_submit_oversized_upload_is_refused_without_reading_it_whole(writes_db: Path,
                                                                     base_settings: Any) -> None:
    app = create_app(str(writes_db), allow_writes=True, token=TOKEN, max_upload_bytes=LIMIT,
                     settings=base_settings)
    with LiveServer(app) as server:
        # Declared too large: refused on the header alone (the 50 MB never come).
        head = (f"POST /api/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n"
                "Content-Type: text/plain\r\nContent-Length: 50000000\r\n\r\n")
        assert _raw_request(server.url, head, b"").startswith("HTTP/1.1 413 ")
        # No length declared (chunked): refused once the bytes received pass the limit.
        head = (f"POST /api/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n"
                "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"a" * 4096
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT // len(chunk) + 2))
        assert _raw_request(server.url, head, body).startswith("HTTP/1.1 413 ")


def test_submit_processes_and_stores_articles(writer: TestClient, writes_db: Path) -> None:
    bad = {"id": "no-article", "title": "a line without text"}
    response = writer.post("/api/documents", json=[HOSTILE, bad], headers=AUTH)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["stored"] == 1 and result["failed"] == 1 and result["events"] >= 1
    assert result["failures"][0]["code"] == "E205" and "text" in result["failures"][0]["reason"]
    doc_id = result["doc_ids"][0]
    stored = writer.get(f"/api/documents/{doc_id}").json()
    assert stored["text"] == HOSTILE["text"] and stored["source_id"] == HOSTILE["id"]
    assert writer.get("/api/events", params={"doc_id": doc_id}).json()["total"] == result["events"]
    # The same articles again change nothing: content-hash ids.
    again = writer.post("/api/documents", json=[HOSTILE], headers=AUTH).json()
    assert again["stored"] + again["unchanged"] == 1 and again["doc_ids"] == [doc_id]
    with open_store(str(writes_db)) as store:
        runs = [r for r in store.runs() if r["command"] == "submit"]
    assert len(runs) >= 2


def test_submit_takes_json_lines_and_bare_text(writer: TestClient) -> None:
    lines = "\n".join(json.dumps({"id": f"line-{n}", "text": text, "published": "2024-05-02"}) for n, text in
                      enumerate(["Gunmen killed three soldiers at a checkpoint in Mosul on Tuesday, officials said.",
                                 "Protesters rallied in Baghdad on Wednesday against power cuts."]))
    response = writer.post("/api/documents", content=lines.encode("utf-8"),
                           headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    assert response.json()["stored"] + response.json()["unchanged"] == 2
    text = "A roadside bomb wounded four police officers in Kirkuk on Thursday, police said."
    response = writer.post("/api/documents", content=text.encode("utf-8"),
                           params={"published": "2024-05-03", "outlet": "Test Wire", "title": "Kirkuk blast"},
                           headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200, response.text
    doc = writer.get(f"/api/documents/{response.json()['doc_ids'][0]}").json()
    assert (doc["published"], doc["outlet"], doc["title"]) == ("2024-05-03", "Test Wire", "Kirkuk blast")
    bad_date = writer.post("/api/documents", content=b"x", params={"published": "last week"},
                           headers={**AUTH, "Content-Type": "text/plain"})
    assert bad_date.status_code == 422 and "published" in bad_date.json()["detail"]

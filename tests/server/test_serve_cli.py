"""``eventledger serve``: the real command, as a user starts it, on a free loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from server_helpers import TOKEN, free_port

EVENTLEDGER = [sys.executable, "-m", "eventledger"]


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EVENTLEDGER_TOKEN"}
    env.update(extra)
    return env


def test_serve_answers_the_api_and_the_dashboard(sqlite_url: str, tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([*EVENTLEDGER, "serve", "--db", sqlite_url, "--port", str(port), "--allow-writes"],
                              env=_environment(EVENTLEDGER_TOKEN=TOKEN), cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"{base}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        assert stats.status_code == 200 and stats.json()["writes"] is True
        assert stats.json()["counts"]["events"] > 0
        page = httpx.get(f"{base}/", timeout=5)
        assert "<svg id=\"map\"" in page.text and "script-src 'self'" in page.headers["content-security-policy"]
        refused = httpx.post(f"{base}/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer no"})
        assert refused.status_code == 403
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert f"http://127.0.0.1:{port}/" in err


def test_serve_refuses_writes_without_a_token(tmp_path: Path) -> None:
    done = subprocess.run([*EVENTLEDGER, "serve", "--db", str(tmp_path / "x.sqlite"), "--allow-writes"],
                          env=_environment(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "E120" in done.stderr and "EVENTLEDGER_TOKEN" in done.stderr


def test_serve_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    done = subprocess.run([*EVENTLEDGER, "serve", "--db", str(tmp_path)], env=_environment(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "E501" in done.stderr and "folder" in done.stderr

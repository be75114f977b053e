"""A 10,000-line article goes through the CLI: stored, in bounded memory and time.

The nlp stage parses it paragraph by paragraph, so memory stays flat; the time is printed (run
pytest with -s to see it) because it shows whether any later stage is worse than linear in the
length of one document.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventledger.interfaces.cli import app
from eventledger.storage import SQLiteStore

pytestmark = pytest.mark.model

runner = CliRunner()
LINES = 10_000
TOWNS = ["Mosul", "Raqqa", "Kobani", "Sinjar", "Ramadi", "Fallujah", "Tikrit", "Hit"]
# A long live blog: a strike report every tenth line, ordinary news sentences in between.
FILL = ["The weather was mild and the roads were open for most of the week.",
        "Residents said the market reopened after repairs to the water supply.",
        "Officials held a meeting to discuss the budget for the coming year.",
        "The report lists 12, 48, 96 and 300 as the figures for each district.",
        "Schools in the region will start the new term in September.",
        "Traffic was heavy on the main road into the city in the morning.",
        "The committee published its annual review of the health service.",
        "Farmers expect a good harvest after the spring rains.",
        "A new bridge over the river is planned for the next decade."]


def long_article() -> str:
    """10,000 lines of generated news text."""
    lines = []
    for i in range(LINES):
        if i % 10 == 0:
            lines.append(f"Near {TOWNS[i % 8]}, {i % 7 + 1} airstrikes struck an ISIL tactical unit and destroyed "
                         f"{i % 5 + 1} ISIL vehicles.")
        else:
            lines.append(FILL[i % len(FILL)])
    return "\n".join(lines) + "\n"


def test_badinput_long_article_of_10000_lines_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(long_article(), encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    started = time.perf_counter()
    result = runner.invoke(app, ["process", str(path), "--db", str(db), "--quiet", "--published", "2015-03-01",
                                 "--workers", "2"])
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    with SQLiteStore(db) as store:
        summary = store.runs()[0]["summary"]
        [doc] = list(store.iter_records(["document"]))
    assert summary["stored"] == 1 and doc["text"].count("\n") == LINES - 1
    print(f"\n10,000-line article: {seconds:.1f} s, worker peak RSS {summary['peak_rss_mb']} MB, "
          f"{summary['events']} events, {summary['mentions']} mentions")
    assert summary["peak_rss_mb"] < 1024  # memory per worker stays under 1 GB
    assert seconds < 600


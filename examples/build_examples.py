"""Rebuild the bundled demo inputs from the public-domain CENTCOM strike lines in ../shared.

US CENTCOM / CJTF-OIR strike releases are works of the US federal government (public domain,
17 U.S.C. 105), so a few dozen lines are copied here: 24 as JSON Lines and 12 more as an RSS feed,
to show both input kinds. Run from the repository root:

    .venv/bin/python examples/build_examples.py ../shared/eval/centcom/docs.jsonl
"""

from __future__ import annotations

import json
import sys
from email.utils import format_datetime
from datetime import datetime, UTC
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent


def main(source: str) -> None:
    rows = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: r["id"])
    picked = rows[::8][:36]  # spread over the whole 2014-2016 range
    jsonl, rss = picked[:24], picked[24:]
    with (HERE / "centcom-strikes.jsonl").open("w", encoding="utf-8") as f:
        for r in jsonl:
            f.write(json.dumps({"id": r["id"], "text": r["text"], "published": r["published"],
                                "outlet": r["outlet"]}, ensure_ascii=False) + "\n")
    items = []
    for r in rss:
        day = datetime.fromisoformat(r["published"]).replace(hour=12, tzinfo=UTC)
        items.append(
            "  <item>\n"
            f"    <guid isPermaLink=\"false\">{escape(r['id'])}</guid>\n"
            f"    <title>{escape(r['text'].split(',')[0])}</title>\n"
            f"    <description>{escape(r['text'])}</description>\n"
            f"    <pubDate>{format_datetime(day)}</pubDate>\n"
            "  </item>")
    feed = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n"
            "  <title>U.S. Central Command (CJTF-OIR)</title>\n"
            "  <description>Operation Inherent Resolve strike releases (public domain, 17 U.S.C. 105)</description>\n"
            + "\n".join(items) + "\n</channel>\n</rss>\n")
    (HERE / "centcom-strikes.rss").write_text(feed, encoding="utf-8")
    print(f"wrote {len(jsonl)} JSON Lines articles and {len(rss)} RSS items")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/centcom/docs.jsonl")

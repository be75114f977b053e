"""The bad-input corpus, built by the tests themselves in a temporary folder (never committed).

Each entry is a file and what must become of every article in it: ``stored``, a failure code, or
``any`` (either stored or refused with an input error, as long as it is accounted for). Texts are
written here (CENTCOM strike lines, public domain) or generated.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path

STRIKE = ("Near Mosul, two airstrikes struck an ISIL tactical unit and destroyed an ISIL vehicle and an "
          "ISIL fighting position, the coalition said on Thursday.")
STRIKE_2 = "Near Kobani, four airstrikes struck two ISIL tactical units and destroyed three ISIL fighting positions."
STRIKE_3 = "Near Ramadi, one airstrike struck an ISIL tactical unit and destroyed an ISIL building."
FRENCH = ("Les forces gouvernementales ont bombardé la ville pendant la nuit et les habitants ont fui vers les "
          "villages voisins, selon les témoins qui ont parlé à notre correspondant sur place.")
#: Big enough to be refused by the default ingest.max_bytes (20 MB), built at test time.
BIG_BYTES = 50 * 1024 * 1024
#: Input errors an article may be refused with (E401 internal errors and E5xx are never acceptable).
INPUT_ERRORS = frozenset({"E200", "E201", "E202", "E203", "E204", "E205", "E206"})


@dataclass(frozen=True, slots=True)
class Expect:
    """What must become of one article: the names the run may give it, and ``stored``/code/``any``.

    A stored article is named by the id its input gave it (a JSON Lines ``id``, a feed item's
    guid) or its path; a failed one by its path (``:line N``, ``#item N`` inside a file).
    """

    names: tuple[str, ...]
    outcome: str


def _nested_html(depth: int) -> str:
    """An article buried under ``depth`` unclosed and closed <div>s."""
    return ("<!DOCTYPE html><html><head><title>Strikes</title></head><body>" + "<div>" * depth
            + f"<article><p>{STRIKE}</p><p>{STRIKE_2}</p></article>" + "</div>" * depth + "</body></html>")


def _feed() -> str:
    """An RSS feed with undefined HTML entities and a bare ampersand, one item per strike."""
    items = "".join(f"<item><title>Strike &mdash; update {n} &amp; more</title><guid>strike-{n}</guid>"
                    f"<pubDate>Mon, 0{n} Feb 2015 10:00:00 GMT</pubDate>"
                    f"<description>{text.replace(',', ',&nbsp;', 1)} Tom &amp Jerry &bogus;</description></item>"
                    for n, text in enumerate((STRIKE, STRIKE_2), start=1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>CENTCOM &copy;</title>{items}</channel></rss>'


def build_corpus(folder: Path) -> list[Expect]:
    """Write the corpus into ``folder`` and return what must become of each article."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: list[Expect] = []

    def put(name: str, data: str | bytes, outcome: str, *, items: list[tuple[str, str, str]] | None = None) -> None:
        """Write a file; ``items`` = (suffix naming the item in the file, its own id, outcome)."""
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        for suffix, ident, what in items or [("", str(path), outcome)]:
            expect.append(Expect((f"{path}{suffix}", ident), what))

    put("empty.txt", b"", "E201")
    put("whitespace.txt", " \n\t\r\n \u00a0\n".encode(), "E201")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "E202")
    put("invalid-utf8.txt", ("Near Mosul, airstrikes hit a caf\xe9 and a h\xf4tel. " * 3).encode("latin-1"), "E203")
    put("utf16-bom.txt", codecs.BOM_UTF16_LE + f"{STRIKE}\n\n{STRIKE_2}\n".encode("utf-16-le"), "stored")
    with (folder / "huge-50mb.txt").open("w", encoding="utf-8") as handle:
        line = STRIKE + "\n"
        handle.write(line * (BIG_BYTES // len(line) + 1))
    expect.append(Expect((str(folder / "huge-50mb.txt"),), "E204"))
    put("nested.html", _nested_html(3000), "any")
    put("truncated.html", f"<!DOCTYPE html><html><head><title>Strike</title></head><body><article><p>{STRIKE}</p>"
                          f"<p>{STRIKE_2[:50]}", "any")
    put("broken-entities.rss", _feed(), "", items=[("#item 1", "strike-1", "any"), ("#item 2", "strike-2", "any")])
    lines = [json.dumps({"id": "good-1", "text": STRIKE_3, "published": "2015-02-03"}),
             '{"id": "broken", "text": "Near Hit, one airstrike',
             json.dumps(["not", "an", "object"]),
             json.dumps({"id": "good-2", "text": STRIKE_2, "published": "2015-02-04"})]
    put("malformed.jsonl", "\n".join(lines) + "\n", "",
        items=[(":line 1", "good-1", "stored"), (":line 2", "", "E205"), (":line 3", "", "E205"),
               (":line 4", "good-2", "stored")])
    put("french.txt", FRENCH, "E206")
    put("numbers.txt", "\n".join(" ".join(str(n * k) for k in range(1, 12)) for n in range(1, 40)), "any")
    put("emoji-rtl.txt", "🔥💥🚀 " * 20 + "\nقُتل خمسة أشخاص في غارة جوية على السوق\n"
        + "נהרגו חמישה אנשים בתקיפה אווירית\n" + "🙏🏽 " * 30, "any")
    put("controls.txt", "Near Mosul\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 airstrikes" * 20, "any")
    return expect


def surrogate_jsonl(folder: Path) -> tuple[Path, list[Expect]]:
    """JSON Lines whose second line escapes a lone surrogate (``\\ud800``): valid JSON, not valid text."""
    path = folder / "surrogate.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": "before", "text": STRIKE_3, "published": "2015-02-03"}),
             json.dumps({"id": "surrogate", "text": STRIKE_2 + " \ud800", "published": "2015-02-03"}),
             json.dumps({"id": "after", "text": STRIKE_2, "published": "2015-02-04"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [Expect((f"{path}:line 1", "before"), "stored"), Expect((f"{path}:line 2", "surrogate"), "any"),
                  Expect((f"{path}:line 3", "after"), "stored")]

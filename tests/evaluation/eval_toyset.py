"""A tiny incident set written for these tests (strike lines in the style of public-domain US releases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval_helpers import write_jsonl

OUTLET = "Test Command"
DOCS = [
    {"id": "toy-1", "text": "Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge.",
     "published": "2015-03-02", "outlet": OUTLET},
    {"id": "toy-2", "text": "Near Ramadi, three airstrikes struck three ISIL tactical units and destroyed an ISIL "
                            "fighting position.", "published": "2015-03-04", "outlet": OUTLET},
    {"id": "toy-3", "text": "Near Kirkuk, one airstrike destroyed an ISIL excavator.", "published": "2015-03-05",
     "outlet": OUTLET},
]


def _gold(doc_id: str, town: str, day: str, window: list[str]) -> dict[str, Any]:
    return {"id": doc_id, "set": "toy", "events": [
        {"date": None, "date_window": window, "country": "IRQ", "location": {"names": [town], "level": "city"},
         "cause": "airstrike", "sub_event_types": ["Air/drone strike"], "event_types": ["Explosions/Remote violence"],
         "fatalities": None, "actors": [{"role": "initiator", "name": "US-led coalition"},
                                        {"role": "target", "name": "ISIL"}]}]}


GOLD = [_gold("toy-1", "Mosul", "2015-03-02", ["2015-02-28", "2015-03-02"]),
        _gold("toy-2", "Ramadi", "2015-03-04", ["2015-03-02", "2015-03-04"]),
        _gold("toy-3", "Kirkuk", "2015-03-05", ["2015-03-04", "2015-03-05"])]


def make_set(folder: Path, docs: list[dict[str, Any]] | None = None, gold: list[dict[str, Any]] | None = None) -> Path:
    """Write the toy set (or the given rows) as docs.jsonl + gold.jsonl in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "docs.jsonl", DOCS if docs is None else docs)
    write_jsonl(folder / "gold.jsonl", GOLD if gold is None else gold)
    return folder

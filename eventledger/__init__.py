"""eventledger: structured, span-traceable event data from news reports about armed conflict.

>>> import eventledger
>>> result = eventledger.process("A suicide bomber killed 12 people in Kabul on Monday.",
...                              published="2024-03-05")
>>> [e["sub_event_type"] for e in result.events]
['Suicide bomb']
"""

import logging
from typing import Any

from .errors import EventLedgerError
from .model import Document
from .settings import Settings, load_settings

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Document", "EventLedgerError", "ProcessResult", "Settings", "__version__", "load_settings",
           "process"]


def __getattr__(name: str) -> Any:
    # The processing API pulls in spaCy; load it on first use so `import eventledger` stays light
    # (the CLI's `events`/`export` commands never need a model).
    if name in ("process", "ProcessResult"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'eventledger' has no attribute {name!r}")

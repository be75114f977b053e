"""Load the versioned JSON data files shipped in ``eventledger/data``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ResourceError


@cache
def load_data(name: str) -> Any:
    """The parsed JSON data file ``eventledger/data/<name>.json`` (cached; treat as read-only)."""
    path = resources.files("eventledger").joinpath("data", f"{name}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError(f"data file {name}.json is missing from the installed package; "
                            f"reinstall eventledger (make install)") from exc
    except json.JSONDecodeError as exc:
        raise ResourceError(f"data file {name}.json is not valid JSON: {exc}") from exc

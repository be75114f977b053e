"""Options shared by every command group of the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..settings import Settings, load_settings


def settings_from_options(config: Path | None, sets: list[str] | None) -> Settings:
    """Settings from ``--config FILE`` and repeated ``--set section.key=value`` options."""
    overrides: dict[str, Any] = {}
    for item in sets or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--set takes section.key=value, got {item!r}")
        overrides[key.strip()] = value.strip()
    return load_settings(config, overrides)

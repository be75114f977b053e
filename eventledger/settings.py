"""Settings: defaults.toml < user file < environment < explicit overrides, validated on load."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

_ENV_PREFIX = "EVENTLEDGER_"


def _defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("eventledger").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _coerce(section: str, key: str, value: Any, default: Any) -> Any:
    """Convert an override to the default's type, or raise ConfigError naming the key."""
    where = f"{section}.{key}"
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if isinstance(default, int):
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            if isinstance(value, list):
                return value
            return [v.strip() for v in str(value).split(",") if v.strip()]
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {where} = {value!r} is not a valid {type(default).__name__}; "
                          f"the default is {default!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Validated settings: ``settings["nlp"]["model"]`` or ``settings.get("nlp.model")``."""

    data: dict[str, dict[str, Any]]

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data[section]

    def get(self, dotted: str) -> Any:
        section, _, key = dotted.partition(".")
        try:
            return self.data[section][key]
        except KeyError as exc:
            raise ConfigError(f"unknown setting {dotted!r}; known: {', '.join(self.known())}") from exc

    def known(self) -> list[str]:
        return sorted(f"{s}.{k}" for s, keys in self.data.items() for k in keys)

    def config_hash(self) -> str:
        """A short hash of the effective settings, recorded with every run."""
        blob = json.dumps(self.data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def load_settings(path: str | Path | None = None, overrides: dict[str, Any] | None = None,
                  *, environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from the defaults, an optional TOML file, the environment and overrides.

    Args:
        path: a TOML file whose keys override the defaults (only the keys it sets).
        overrides: ``{"nlp.model": "en_core_web_sm"}`` style dotted keys, applied last.
        environ: the environment to read ``EVENTLEDGER_SECTION__KEY`` from (default os.environ).

    Raises:
        ConfigError: an unknown section or key, or a value of the wrong type.
    """
    defaults = _defaults()
    data = copy.deepcopy(defaults)

    def apply(section: str, key: str, value: Any, origin: str) -> None:
        if section not in defaults or key not in defaults[section]:
            raise ConfigError(f"unknown setting {section}.{key} (from {origin}); "
                              f"known settings: {', '.join(sorted(f'{s}.{k}' for s in defaults for k in defaults[s]))}")
        data[section][key] = _coerce(section, key, value, defaults[section][key])

    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        for section, keys in user.items():
            if not isinstance(keys, dict):
                raise ConfigError(f"settings file {path}: [{section}] must be a table")
            for key, value in keys.items():
                apply(section, key, value, str(path))
    env = os.environ if environ is None else environ
    for name, value in env.items():
        if name.startswith(_ENV_PREFIX) and "__" in name:
            section, _, key = name[len(_ENV_PREFIX):].lower().partition("__")
            if section in defaults:
                apply(section, key, value, f"environment {name}")
    for dotted, value in (overrides or {}).items():
        section, _, key = dotted.partition(".")
        apply(section, key, value, "override")
    return Settings(data)

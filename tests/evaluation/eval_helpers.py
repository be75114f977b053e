"""Helpers for the evaluation tests: the shared scorers loaded as modules, JSON Lines writing."""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parents[2].parent / "shared" / "tools"


def load_tool(name: str) -> ModuleType:
    """``../shared/tools/<name>.py`` as a module, or skip the test when ../shared is absent."""
    path = TOOLS / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path} is not available (the shared scorers are not part of a user's clone)")
    module_name = f"shared_tool_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as JSON Lines and return the path."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run_main(module: ModuleType, argv: list[str], capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a shared scorer's ``main()`` on ``argv`` and return the last line it printed (its summary)."""
    monkeypatch.setattr(sys, "argv", ["scorer", *argv])
    capsys.readouterr()
    with warnings.catch_warnings():
        # Some shared scorers open files without closing them; that is theirs to fix, not a failure here.
        warnings.simplefilter("ignore", ResourceWarning)
        module.main()
        gc.collect()
    return capsys.readouterr().out.strip().splitlines()[-1]

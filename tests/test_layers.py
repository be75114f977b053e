"""The one-way import rule (style brief section 3), checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "eventledger"

# What each layer may import from inside the package.
ALLOWED = {
    "model": {"model"},
    "errors": set(),
    "settings": {"errors"},
    "knowledge": {"model", "errors", "knowledge"},
    "storage": {"model", "errors", "storage"},
    "export": {"model", "errors", "export", "storage"},
    "stages": {"model", "errors", "settings", "knowledge"},
    # Cross-document merging reads stored records and the actor knowledge, never a stage.
    "incidents": {"model", "errors", "settings", "knowledge", "storage", "incidents"},
}


def _layer(path: Path) -> tuple[str, str | None]:
    rel = path.relative_to(PACKAGE).parts
    if rel[0] == "stages" and len(rel) > 2:
        return "stages", rel[1]
    return rel[0].removesuffix(".py"), None


def _targets(path: Path) -> list[tuple[str, str | None]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE).parts
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not (node.module or "").startswith("eventledger"):
                    continue
                parts = (node.module or "").split(".")[1:]
            else:
                base = list(rel[:-1])[: len(rel) - node.level]
                parts = base + (node.module.split(".") if node.module else [])
            if parts:
                stage = parts[1] if parts[0] == "stages" and len(parts) > 1 else None
                out.append((parts[0], stage))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("eventledger."):
                    parts = alias.name.split(".")[1:]
                    out.append((parts[0], parts[1] if parts[0] == "stages" and len(parts) > 1 else None))
    return out


def test_layers_imports_follow_the_one_way_rule() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer, stage = _layer(path)
        if layer not in ALLOWED:
            continue  # pipeline, engines, interfaces, api: the top layers may import anything below
        for target, target_stage in _targets(path):
            if layer == "stages" and target == "stages":
                if target_stage not in (None, stage):
                    problems.append(f"{path.relative_to(PACKAGE)} imports stage {target_stage}")
                continue
            if target not in ALLOWED[layer] and target != layer:
                problems.append(f"{path.relative_to(PACKAGE)} ({layer}) imports {target}")
    assert not problems, "\n".join(problems)


def test_layers_model_imports_only_the_standard_library() -> None:
    import sys

    for path in (PACKAGE / "model").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names or name == "__future__", (path, name)

"""The vendored country borders: decoded right from TopoJSON, complete, and traceable to their source."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "eventledger" / "server" / "static" / "vendor"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_world_atlas", ROOT / "tools" / "vendor_world_atlas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendor_decodes_quantised_and_reversed_arcs(tool: ModuleType) -> None:
    # Two arcs meeting at (1, 0) and (0, 1): a unit square split along its diagonal, quantised
    # with scale 1 and translate (10, 20), the second arc used reversed in the second polygon.
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[1, 0], [-1, 0], [0, 1]],   # (11,20) -> (10,20) -> (10,21)
                 [[0, 1], [1, 0], [0, -1]]],  # (10,21) -> (11,21) -> (11,20)
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "368", "properties": {"name": "Square"}},
            {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "properties": {"name": "Nameless"}},
            {"type": "LineString", "arcs": [0]},
        ]}},
    }
    collection = tool.to_geojson(topology)
    first, second = collection["features"]
    ring = first["geometry"]["coordinates"][0]
    assert ring == [[11, 20], [10, 20], [10, 21], [11, 21], [11, 20]]
    assert first["id"] == "368" and first["properties"] == {"name": "Square", "iso3": "IRQ"}
    assert second["geometry"]["coordinates"][0][0] == [[11, 20], [11, 21], [10, 21], [10, 20], [11, 20]]
    assert second["properties"]["iso3"] is None


def test_vendor_integrity_is_checked(tool: ModuleType) -> None:
    with pytest.raises(SystemExit, match="integrity"):
        tool.vendor(b"not the tarball", Path("unused"))


def test_vendored_countries_are_complete_and_credited(tool: ModuleType) -> None:
    collection = json.loads((VENDOR / tool.OUT_NAME).read_text(encoding="utf-8"))
    assert collection["source"]["version"] == tool.VERSION
    assert collection["source"]["integrity"] == tool.INTEGRITY
    features = collection["features"]
    assert len(features) > 170
    codes = {f["properties"]["iso3"] for f in features}
    assert {"IRQ", "SYR", "AFG", "UKR", "USA", "FJI", "RUS"} <= codes
    for feature in features:
        polygons = (feature["geometry"]["coordinates"] if feature["geometry"]["type"] == "MultiPolygon"
                    else [feature["geometry"]["coordinates"]])
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
    licence = (VENDOR / tool.LICENSE_NAME).read_text(encoding="utf-8")
    assert "Michael Bostock" in licence and "Permission to use, copy, modify" in licence

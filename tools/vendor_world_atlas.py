"""Vendor the dashboard's country borders: Natural Earth 1:110m via the npm package world-atlas.

The dashboard works offline (no tile server, no CDN), so the borders ship inside the package, in
``eventledger/server/static/vendor/``:

- ``countries-110m.geojson``: world-atlas's ``countries-110m.json`` TopoJSON, decoded here into a
  GeoJSON FeatureCollection (lon/lat rounded to 0.001 degree, far below the 1:110m scale's
  detail), each feature with its ISO 3166-1 numeric ``id`` and ``name`` from world-atlas plus the
  alpha-3 code (``iso3``, from pycountry) the API's country filter takes; the top-level ``source``
  member records the package, version and tarball integrity it came from;
- ``LICENSE-world-atlas.txt``: world-atlas's ISC licence (Natural Earth itself is public domain).

Re-vendor (needs npm and the npm registry; the result is committed, so users never need either)::

    python tools/vendor_world_atlas.py                 # npm pack world-atlas@VERSION, verify, convert
    python tools/vendor_world_atlas.py --tarball world-atlas-2.0.2.tgz   # from a tarball at hand

The tarball's sha512 must equal the pinned integrity (npm's ``dist.integrity``), so a changed
package is refused instead of silently vendored. tests/server/test_vendor_world_atlas.py checks the
vendored file and the TopoJSON decoding.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas"
#: The newest world-atlas release (npm ``dist-tags.latest``) when this was written.
VERSION = "2.0.2"
#: npm's ``dist.integrity`` of world-atlas-2.0.2.tgz: the tarball must hash to exactly this.
INTEGRITY = ("sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5"
             "ChG0LQ==")
SOURCE_FILE = "countries-110m.json"
OUT_NAME = "countries-110m.geojson"
LICENSE_NAME = "LICENSE-world-atlas.txt"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "eventledger" / "server" / "static" / "vendor"
#: Decimal places kept: 0.001 degree is about 100 m, far finer than 1:110m borders are drawn.
DECIMALS = 3


# --------------------------------------------------------------------------- TopoJSON decoding


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc of a topology as absolute lon/lat points (quantised arcs delta-decoded)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc[1:] if points else arc)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]


def geometry(obj: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any] | None:
    """A TopoJSON Polygon or MultiPolygon object as a GeoJSON geometry (None for anything else)."""
    if obj.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in obj["arcs"]]}
    if obj.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon",
                "coordinates": [[_ring(r, arcs) for r in polygon] for polygon in obj["arcs"]]}
    return None


def iso3_of(numeric: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a numeric code ("368" -> "IRQ"), None when there is none."""
    if not numeric:
        return None
    import pycountry

    found = pycountry.countries.get(numeric=numeric)
    return found.alpha_3 if found is not None else None


def to_geojson(topology: dict[str, Any], object_name: str = "countries",
               source: dict[str, str] | None = None) -> dict[str, Any]:
    """A TopoJSON topology's object as a GeoJSON FeatureCollection with ``id``, ``name``, ``iso3``."""
    arcs = decode_arcs(topology)
    features = []
    for obj in topology["objects"][object_name]["geometries"]:
        geom = geometry(obj, arcs)
        if geom is None:
            continue
        numeric = obj.get("id")
        features.append({"type": "Feature", "id": numeric,
                         "properties": {"name": (obj.get("properties") or {}).get("name"),
                                        "iso3": iso3_of(numeric)},
                         "geometry": geom})
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if source is not None:
        collection["source"] = source
    collection["features"] = features
    return collection


# --------------------------------------------------------------------------- fetching


def integrity_of(data: bytes) -> str:
    """npm's Subresource-Integrity form of a tarball's sha512."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def npm_pack(workdir: Path) -> Path:
    """``npm pack world-atlas@VERSION`` into ``workdir`` and return the tarball's path."""
    try:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination",
                        str(workdir)], check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise SystemExit("npm is not installed; install Node.js/npm or pass --tarball") from exc
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"npm pack {PACKAGE}@{VERSION} failed: {exc.stderr.strip()}") from exc
    found = sorted(workdir.glob(f"{PACKAGE}-*.tgz"))
    if not found:
        raise SystemExit(f"npm pack left no {PACKAGE} tarball in {workdir}")
    return found[0]


def read_members(tarball: bytes, names: Iterable[str]) -> dict[str, bytes]:
    """The named files of an npm tarball (under ``package/``), read without extracting anything."""
    wanted = {f"package/{name}": name for name in names}
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.name in wanted and member.isfile():
                handle = archive.extractfile(member)
                if handle is not None:
                    found[wanted[member.name]] = handle.read()
    missing = set(wanted.values()) - set(found)
    if missing:
        raise SystemExit(f"the {PACKAGE} tarball lacks {sorted(missing)}")
    return found


def vendor(tarball: bytes, out: Path) -> Path:
    """Verify the tarball, convert its countries, write the GeoJSON and the licence into ``out``."""
    got = integrity_of(tarball)
    if got != INTEGRITY:
        raise SystemExit(f"{PACKAGE}-{VERSION}.tgz has integrity {got}, not the pinned {INTEGRITY}; "
                         "check the download, or review the new release and update VERSION/INTEGRITY")
    files = read_members(tarball, [SOURCE_FILE, "LICENSE"])
    topology = json.loads(files[SOURCE_FILE])
    source = {"package": PACKAGE, "version": VERSION, "file": SOURCE_FILE, "integrity": INTEGRITY,
              "licence": "ISC (world-atlas); Natural Earth data: public domain"}
    collection = to_geojson(topology, "countries", source)
    out.mkdir(parents=True, exist_ok=True)
    target = out / OUT_NAME
    target.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n",
                      encoding="utf-8")
    (out / LICENSE_NAME).write_bytes(files["LICENSE"])
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: fetch (or take) the tarball and vendor it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, help=f"a local {PACKAGE}-{VERSION}.tgz instead of npm pack")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write into")
    args = parser.parse_args(argv)
    if args.tarball is not None:
        data = args.tarball.read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            data = npm_pack(Path(tmp)).read_bytes()
    target = vendor(data, args.out)
    count = len(json.loads(target.read_text(encoding="utf-8"))["features"])
    print(f"wrote {target} ({target.stat().st_size:,} bytes, {count} countries)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

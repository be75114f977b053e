"""The generated CAMEO verb table equals what tools/build_cameo_verbs.py builds from ../shared."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_cameo_verbs", ROOT / "tools" / "build_cameo_verbs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cameo_verbs_regenerate_identically(shared: Any) -> None:
    data_dir = shared("data")
    built = _builder().build(data_dir)
    committed = json.loads(resources.files("eventledger").joinpath("data", "cameo_verbs.json").read_text("utf-8"))
    assert built == committed, "eventledger/data/cameo_verbs.json is stale: rerun tools/build_cameo_verbs.py"


def test_cameo_verbs_parse_a_small_dictionary(tmp_path: Path) -> None:
    (tmp_path / "petrarch2").mkdir()
    (tmp_path / "plover").mkdir()
    (tmp_path / "petrarch2" / "CAMEO.2.0.txt").write_text(
        "# comment\n---  ASK   [---]  ---\n+ASK_FOR {+ASKED_FOR} [020]\nASK     [020]\nGRILL [110]\nWONDER \n"
        "- * HELP  [020]  # ASK\n---  CONDEMN   [111]  ---\nDENOUNCE\nKILL [190]\n", encoding="utf-8")
    (tmp_path / "plover" / "CAMEO2PLOVER-2021.txt").write_text(
        "02: REQUEST\n020: REQUEST, , # Make an appeal\n11: ACCUSE\n110: ACCUSE, disapprove, # x\n"
        "111: ACCUSE, disapprove, # Criticize\n19: ASSAULT\n190: ASSAULT, , # fight\n", encoding="utf-8")
    verbs = _builder().build(tmp_path)["verbs"]
    assert verbs["ask"] == {"cameo": "020", "plover": "REQUEST", "mode": None}
    assert verbs["grill"]["plover"] == "ACCUSE"
    assert verbs["denounce"] == {"cameo": "111", "plover": "ACCUSE", "mode": "disapprove"}
    assert "wonder" not in verbs  # a verb with no code in a block without one
    assert "kill" not in verbs  # material violence comes from the curated lexicon

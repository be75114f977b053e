"""tools/build_actor_kb.py: the TABARI reader, the CAMEO tables, names, noise, and the committed file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "petrarch2"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("build_actor_kb", ROOT / "tools" / "build_actor_kb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actor_kb"] = module
    spec.loader.exec_module(module)
    return module


B = _load()

SNIPPET = """# a comment line
ACCOLTA_NAZINUALE_CORSA_ [FRAREB] #  kkl 21 Mar 13
+RESISTENZA_CORSA_

MOHAMMAD_ZAHIR_SHAH_  # CountryInfo.txt
\t[AFGELI 320101-331108]
\t[AFGGOV 331108-730717]
\t[AFGELI 730717-070723]

HAMAS_  #  kkl 21 Mar 13
+ISLAMIC_RESISTANCE_MOVEMENT
+HARAKAT_AL-MUQAWAMA_+AL-AQSA_FOUNDATION
\t[PSEREBHMS]
MUHAJIRIN_WA-ANSAR_ALLIANCE
JUND_AL_AQSA
\t[SYRREBMUS]
OLD_DATES ; TABARI comment
\t[SYROPP >110101]
\t[SYRGOV <990101]
\t[SYRGOV 991301-000101]
"""


def test_build_actor_kb_parses_entries_synonyms_and_comments() -> None:
    entries = B.parse_tabari(SNIPPET)
    assert [e.phrase for e in entries] == ["ACCOLTA_NAZINUALE_CORSA_", "MOHAMMAD_ZAHIR_SHAH_", "HAMAS_",
                                           "MUHAJIRIN_WA-ANSAR_ALLIANCE", "JUND_AL_AQSA", "OLD_DATES"]
    assert entries[0].aliases == ["RESISTENZA_CORSA_"] and entries[0].comment.startswith("kkl")
    # "+A_+B" is two synonyms; the codes after the synonyms belong to the entry.
    assert entries[2].aliases == ["ISLAMIC_RESISTANCE_MOVEMENT", "HARAKAT_AL-MUQAWAMA_", "AL-AQSA_FOUNDATION"]
    assert [c.code for c in entries[2].codes] == ["PSEREBHMS"]
    # Consecutive primaries without a code share the codes that follow.
    assert [c.code for c in entries[3].codes] == [c.code for c in entries[4].codes] == ["SYRREBMUS"]
    assert entries[5].comment == "TABARI comment"


def test_build_actor_kb_reads_dated_codes_and_picks_the_current_one() -> None:
    shah = B.parse_tabari(SNIPPET)[1]
    assert [(c.code, c.start, c.end) for c in shah.codes] == [
        ("AFGELI", "1932-01-01", "1933-11-08"), ("AFGGOV", "1933-11-08", "1973-07-17"),
        ("AFGELI", "1973-07-17", "2007-07-23")]
    assert B.current_code(shah.codes).code == "AFGELI"
    dated = B.parse_tabari(SNIPPET)[5].codes
    # ">date" is open-ended (the latest), "<date" ends then; 991301 is no date and is skipped.
    assert [(c.code, c.start, c.end) for c in dated] == [("SYROPP", "2011-01-01", None), ("SYRGOV", None, "1999-01-01")]
    assert B.current_code(dated).code == "SYROPP"
    assert B.tabari_date("300101") == "2030-01-01" and B.tabari_date("310101") == "1931-01-01"
    assert B.tabari_date("19411207") == "1941-12-07" and B.tabari_date("20100931") is None


@pytest.mark.parametrize(("code", "kind", "country"), [
    ("IRQGOV", "government", "IRQ"), ("USAGOVLEG", "government", "USA"), ("IRQMIL", "state_forces", "IRQ"),
    ("USASPY", "state_forces", "USA"), ("GBRCOP", "state_forces", "GBR"), ("SYRREBMUS", "armed_group", "SYR"),
    ("AFGINS", "armed_group", "AFG"), ("PHLUAF", "armed_group", "PHL"), ("SYROPP", "political_party", "SYR"),
    ("TURPTY", "political_party", "TUR"), ("IRNGOVMED", "media", "IRN"), ("MED", "media", None),
    ("IGOUNO", "international", None), ("IGOWSTNAT", "international", None), ("NGOUSAHRI", "other", "USA"),
    ("IMGMUSALQ", "armed_group", None), ("SYRCVL", "civilians", "SYR"), ("TMPREB", "armed_group", "TLS"),
    ("KSVGOV", "government", "XKX"), ("MEAREB", "armed_group", None), ("SUNGOV", "government", None),
    ("AFG", None, "AFG"), ("MUS", None, "MUS"), ("CHNHKG", None, "CHN")])
def test_build_actor_kb_cameo_code_to_type_and_country(code: str, kind: str | None, country: str | None) -> None:
    assert B.code_type(code) == kind
    assert B.code_country(code) == country


def test_build_actor_kb_person_roles() -> None:
    assert B.role_title("IRQGOV") == "government" and B.role_title("AFGELI") == "elite"
    assert B.role_title("PSEREBHMS") == "rebel" and B.role_title("IGOUNO") == "United Nations"


@pytest.mark.parametrize(("phrase", "name"), [
    ("ABU_MOHAMMAD_AL_JAWLANI_", "Abu Mohammad al-Jawlani"),
    ("NATIONAL_PEOPLE'S_CONGRESS", "National People's Congress"),
    ("ANIMAL_LIBERATION_FRONT_(ALF)_", "Animal Liberation Front (ALF)"), ("PKK", "PKK"), ("IGAD", "IGAD"),
    ("US_CONGRESS_", "US Congress"), ("U.S._STATE_DEPARTMENT", "U.S. State Department"),
    ("ROBERT_MCNAMARA", "Robert McNamara"), ("PEOPLE's_LIBERATION_ARMY", "People's Liberation Army"),
    ("Mixed_Case_Kept", "Mixed Case Kept"), ("HIZB-I-ISLAMI", "Hizb-i-Islami")])
def test_build_actor_kb_readable_names(phrase: str, name: str) -> None:
    assert B.readable(phrase) == name


def test_build_actor_kb_noise_filter() -> None:
    vocab = B.Vocabulary(common={"army", "shell", "youth"}, generic={"the", "government", "security", "forces", "us"},
                         countries={("iraq",), ("iraqi",)}, given={"mohammed"})
    keep = ["Hezbollah", "Free Syrian Army", "US Congress", "PKK"]
    drop = ["Shell", "Youth", "YO", "the government", "security forces", "Iraq", "Iraqi", "Mohammed", "A.B."]
    assert [a for a in keep + drop if B.keep_alias(a, vocab)] == keep


def test_build_actor_kb_splits_people_listed_under_one_entry() -> None:
    entry = B.Entry("HEZBOLLAH_", "x", 1, "", ["HIZBULLAH", "HASSAN_NASRALLAH", "SHEIKH_HASSAN_NASRALLAH", "NASRALLAH"],
                    [], [B.Code("LBNREB")])
    recs = B.entry_records(entry, {"hassan"})
    assert [(r["name"], r["type"]) for r in recs] == [("Hezbollah", "armed_group"), ("Hassan Nasrallah", "person")]
    assert recs[0]["aliases"] == ["Hezbollah", "Hizbullah"]
    assert recs[1]["aliases"] == ["Hassan Nasrallah", "Sheikh Hassan Nasrallah", "Nasrallah"]
    lumped = B.Entry("ABDUL_QADIR_", "x", 1, "CountryInfo.txt", ["NUR_MOHAMMAD_TARAKI_", "HAFIZULLAH_AMIN_"], [],
                     [B.Code("AFGGOV", "1978-04-27", "1978-04-30", False)])
    assert [r["name"] for r in B.entry_records(lumped, set())] == ["Abdul Qadir", "Nur Mohammad Taraki",
                                                                    "Hafizullah Amin"]


def test_build_actor_kb_committed_file_is_what_the_builder_makes() -> None:
    if not (SOURCE / B.SOURCE_FILES[0]).exists():
        pytest.skip(f"{SOURCE} is not available (../shared is not part of a user's clone)")
    fresh = B.dumps(B.build(SOURCE))
    committed = (ROOT / "eventledger" / "data" / "actors_phoenix.json").read_text(encoding="utf-8")
    assert fresh == committed, "actors_phoenix.json is stale: run .venv/bin/python tools/build_actor_kb.py"
    assert len(fresh.encode()) < 5_000_000

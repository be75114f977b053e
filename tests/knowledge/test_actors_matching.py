"""The actor matcher: case rules, longest match, word boundaries, spelling variants, surnames."""

from __future__ import annotations

import pytest

from eventledger.knowledge.actors import ActorKB, KBActor, alias_keys, is_bare_surname


def _kb(*actors: KBActor) -> ActorKB:
    return ActorKB(list(actors), {"gunmen": "armed_group"}, {"name_template": "{country} Armed Forces"})


IS = KBActor("is", "Islamic State", "armed_group", None, ["IS", "ISIS", "Islamic State", "Islamic State group"])
KH = KBActor("kh", "Kataib Hezbollah", "armed_group", "IRQ", ["Kataib Hezbollah", "Kata'ib Hezbollah"],
             ["iri"])
IRI = KBActor("iri", "Islamic Resistance in Iraq", "armed_group", "IRQ", ["Islamic Resistance in Iraq", "IRI"])
CTS = KBActor("cts", "Counter Terrorism Service", "state_forces", "IRQ", ["Counter-Terrorism Service"])
HAMAS = KBActor("hamas", "Hamas", "armed_group", "PSE", ["Hamas"])
YPG = KBActor("ypg", "People's Protection Units", "armed_group", "SYR", ["People's Protection Units"])
SUDANI = KBActor("sudani", "Mohammed Shia al-Sudani", "person", "IRQ", ["al-Sudani", "Sudani"], ["gov"],
                 role="Prime Minister")


def _found(kb: ActorKB, text: str, **kw: bool) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.actor.id) for m in kb.find(text, **kw)]


def test_actors_matching_acronyms_are_case_sensitive_so_is_the_verb_never_matches() -> None:
    kb = _kb(IS)
    assert _found(kb, "It is what it is. Is it? IS claimed the attack.") == [("IS", "is")]
    assert _found(kb, "isis and Isis") == []
    assert _found(kb, "ISIS fighters") == [("ISIS", "is")]


def test_actors_matching_longest_alias_wins() -> None:
    kb = _kb(IS, IRI)
    assert _found(kb, "the Islamic State group said") == [("Islamic State group", "is")]
    assert _found(kb, "the Islamic Resistance in Iraq (IRI)") == [
        ("Islamic Resistance in Iraq", "iri"), ("IRI", "iri")]


def test_actors_matching_never_inside_a_word_or_a_hyphenated_compound() -> None:
    kb = _kb(IS, HAMAS)
    assert _found(kb, "ISISK THIS anti-IS operations, IS-linked cells, Hamasnik") == []
    assert _found(kb, "Hamas, (IS) and IS.") == [("Hamas", "hamas"), ("IS", "is"), ("IS", "is")]


def test_actors_matching_one_word_names_need_a_capital() -> None:
    kb = _kb(HAMAS)
    assert _found(kb, "hamas") == []
    assert _found(kb, "Hamas and HAMAS") == [("Hamas", "hamas"), ("HAMAS", "hamas")]


@pytest.mark.parametrize("text", ["Kataib Hezbollah", "Kata'ib Hezbollah", "Kata’ib Hezbollah", "KATAIB HEZBOLLAH",
                                  "kataib  hezbollah", "Kataib\nHezbollah", "Kataib-Hezbollah"])
def test_actors_matching_ignores_case_apostrophes_hyphens_and_spacing(text: str) -> None:
    assert _found(_kb(KH), f"said {text} on Monday") == [(text, "kh")]


@pytest.mark.parametrize("text", ["Counter-Terrorism Service", "Counter Terrorism Service", "Counterterrorism Service",
                                  "counter-terrorism service"])
def test_actors_matching_hyphenated_aliases_match_spaced_and_solid(text: str) -> None:
    assert _found(_kb(CTS), text) == [(text, "cts")]


def test_actors_matching_possessives_both_ways() -> None:
    kb = _kb(YPG, KH)
    assert _found(kb, "Peoples Protection Units") == [("Peoples Protection Units", "ypg")]
    assert _found(kb, "People’s Protection Units") == [("People’s Protection Units", "ypg")]
    assert _found(kb, "Kataib Hezbollah's commander") == [("Kataib Hezbollah", "kh")]


def test_actors_matching_no_match_across_sentence_punctuation() -> None:
    assert _found(_kb(KH), "Kataib. Hezbollah") == []


def test_actors_matching_bare_surnames_only_when_asked() -> None:
    kb = _kb(SUDANI)
    text = "Mohammed Shia al-Sudani said. Later Sudani and al-Sudani spoke."
    assert _found(kb, text) == [("Mohammed Shia al-Sudani", "sudani")]
    assert _found(kb, text, surnames=True) == [("Mohammed Shia al-Sudani", "sudani"), ("Sudani", "sudani"),
                                               ("al-Sudani", "sudani")]
    assert is_bare_surname("al-Sudani") and is_bare_surname("Sudani")
    assert not is_bare_surname("Abu Obeida") and not is_bare_surname("Mohammed al-Sudani")


def test_actors_matching_earlier_actor_keeps_a_shared_alias() -> None:
    curated = KBActor("houthis", "Ansar Allah", "armed_group", "YEM", ["Ansarallah"])
    old = KBActor("phx-ansar-allah", "Ansar Allah", "armed_group", "LBN", ["Ansar Allah", "Ansarallah"],
                  source="phoenix")
    kb = _kb(curated, old)
    assert _found(kb, "Ansarallah and Ansar Allah") == [("Ansarallah", "houthis"), ("Ansar Allah", "houthis")]


def test_actors_matching_alias_keys_encode_the_case_rule() -> None:
    assert alias_keys("IS") == [("=IS",)]
    assert alias_keys("Hamas") == [("^hamas",)]
    assert alias_keys("U.S. forces") == [("=US", "forces")]
    assert alias_keys("Counter-Terrorism Service")[1] == ("counterterrorism", "service")
    assert alias_keys("...") == []


def test_actors_matching_parents_and_members() -> None:
    gov = KBActor("gov", "Government of Iraq", "government", "IRQ", [])
    kb = _kb(KH, IRI, SUDANI, gov)
    assert [a.id for a in kb.parents("kh")] == ["iri"]
    assert [a.id for a in kb.members("gov")] == ["sudani"]
    assert kb.parents("nobody") == []
    assert kb.group_type("Gunmen") == "armed_group" and kb.group_type("poets") is None

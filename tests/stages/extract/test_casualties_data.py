"""casualties.json loads into a usable vocabulary (its schema is checked in test_numbers_data.py)."""

from __future__ import annotations

from eventledger.stages.extract.casualty_grammar import CIV, COMB, NEUTRAL, lexicon


def test_casualties_data_person_nouns_have_plurals() -> None:
    persons = lexicon().persons
    assert persons["children"] == ("child", CIV, "pl")
    assert persons["child"] == ("child", CIV, "sg")
    assert persons["gunmen"] == ("gunman", COMB, "pl")
    assert persons["people"][1] == NEUTRAL and persons["persons"][1] == NEUTRAL
    assert persons["forces"][1] == COMB and "force" not in persons  # a force is not a person
    assert persons["police"][2] == "pl"


def test_casualties_data_kinds_are_separate() -> None:
    lex = lexicon()
    assert lex.active.longest([], 0) is None
    assert ("killed",) in lex.active and ("wounded",) in lex.active
    assert ("death", "toll") in lex.tolls
    assert lex.nouns["fatalities"] == "killed" and lex.nouns["injuries"] == "injured"
    # a word cannot be both a civilian and a combatant noun
    civ = {w for w, (_, cls, _) in lex.persons.items() if cls == CIV}
    comb = {w for w, (_, cls, _) in lex.persons.items() if cls == COMB}
    assert not civ & comb


def test_casualties_data_every_phrase_passes_the_trigger_gate() -> None:
    # find_casualties refuses a text with none of trigger_words: every phrase a rule can match
    # must hold one of them, or the gate would silently drop its figures.
    lex = lexicon()
    tables = (lex.active, lex.person_only, lex.passive, lex.nominal, lex.tolls, lex.neg_nouns)
    for table in tables:
        for key in table:
            assert set(key) & lex.trigger_words, key
    for outcome in lex.neg_outcomes:
        assert outcome in lex.trigger_words
    assert set(lex.nouns) <= lex.trigger_words and lex.life_nouns <= lex.trigger_words


def test_casualties_data_new_vocabulary_is_loaded() -> None:
    lex = lexicon()
    assert ("in", "total") in lex.group_trailers
    assert lex.toll_openers.longest([], 0) is None and ("number", "of") in lex.toll_openers
    assert "toll" in lex.neg_not_before
    assert {"people", "persons"} <= lex.counted_as_civilians

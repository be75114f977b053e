"""The trigger lexicon's matching on real parses: object frames, method words joined to a
generic event noun, and the CAMEO verb fallback with its exclusions (a lexicon made here)."""

from __future__ import annotations

from typing import Any

import pytest

from eventledger.stages.extract.triggers import TriggerLexicon

pytestmark = pytest.mark.model


def entry(tid: str, plover: str, phrases: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": tid, "phrases": phrases, "family": extra.pop("family", "verbal"), "plover": plover,
            "cameo": extra.pop("cameo", None), "event_type": extra.pop("event_type", None),
            "sub_event_type": extra.pop("sub_event_type", None), **extra}


LEXICON = {
    "version": 1,
    "triggers": [
        entry("ease", "CONCEDE", [], frames=[{"verbs": ["lift", "ease", "lifting"], "objects": ["curfew", "ban"]}]),
        entry("halt_talks", "SANCTION", [], frames=[{"verbs": ["call off", "suspend"], "objects": ["talk", "talks"]}]),
        entry("curfew", "COERCE", ["curfew"]),
        entry("mortar", "ASSAULT", ["mortar"], family="violence", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", pos=["NOUN"]),
        entry("attack", "ASSAULT", ["attack"], family="violence", generic=True, pos=["NOUN", "VERB"]),
    ],
    "cameo_exclude": ["converge"],
}
CAMEO = {"converge": {"cameo": "040", "plover": "CONSULT", "mode": None},
         "summon": {"cameo": "040", "plover": "CONSULT", "mode": None}}


@pytest.fixture(scope="module")
def lex() -> TriggerLexicon:
    return TriggerLexicon(LEXICON, CAMEO)


def found(nlp: Any, lex: TriggerLexicon, text: str) -> list[tuple[str, list[str], str]]:
    return [(m.entry.id, [t.text for t in m.tokens], m.head.text) for s in nlp(text).sents for m in lex.find(s)]


def test_frames_the_object_makes_the_verb_an_event(nlp: Any, lex: TriggerLexicon) -> None:
    assert found(nlp, lex, "The army lifted the night curfew on Monday.") == [
        ("ease", ["lifted", "curfew"], "lifted")]
    assert found(nlp, lex, "Workers lifted the heavy boxes onto the truck.") == []


def test_frames_passive_and_noun_forms(nlp: Any, lex: TriggerLexicon) -> None:
    assert [f[0] for f in found(nlp, lex, "The curfew was lifted on Monday.")] == ["ease"]
    assert [f[0] for f in found(nlp, lex, "Residents welcomed the lifting of the ban.")] == ["ease"]
    # A noun the frame does not list is no frame; its object still counts on its own.
    assert [f[0] for f in found(nlp, lex, "Officials announced the easing of the curfew.")] == ["curfew"]


def test_frames_a_particle_verb(nlp: Any, lex: TriggerLexicon) -> None:
    assert [f[0] for f in found(nlp, lex, "The government called off the talks with the rebels.")] == ["halt_talks"]
    assert found(nlp, lex, "The government called the ambassador on Monday.") == []


def test_frames_win_over_the_phrases_on_their_words(nlp: Any, lex: TriggerLexicon) -> None:
    assert [f[0] for f in found(nlp, lex, "The mayor lifted the curfew.")] == ["ease"]
    assert [f[0] for f in found(nlp, lex, "The mayor imposed a curfew.")] == ["curfew"]


def test_a_method_word_and_a_generic_event_noun_are_one_trigger(nlp: Any, lex: TriggerLexicon) -> None:
    assert found(nlp, lex, "Five people died in a mortar attack on the town.") == [
        ("mortar", ["mortar", "attack"], "attack")]


def test_cameo_fallback_and_its_exclusions(nlp: Any, lex: TriggerLexicon) -> None:
    assert [f[0] for f in found(nlp, lex, "The minister summoned the ambassador.")] == ["cameo:040"]
    assert found(nlp, lex, "Thousands converged on the square.") == []

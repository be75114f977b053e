"""Pair features: dates with precision, places with precision, figures, actors, wording, vetoes."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from incident_records import COUNTRY, PROVINCE_NORTH, TOWN_A, TOWN_A_POINT, TOWN_B, TOWN_C, document, event

from eventledger.errors import ConfigError
from eventledger.incidents import bundled_model, kb_relations, load_model
from eventledger.incidents.features import (
    casualty_value,
    date_value,
    place_value,
    score_pair,
    text_value,
    view,
)
from eventledger.incidents.model import model_from_dict

MODEL = bundled_model()
P = MODEL.params


def _pair(a: dict[str, Any], b: dict[str, Any], published: tuple[str, str] = ("2019-07-23", "2019-07-23")):
    return view(a, 0, MODEL, published[0]), view(b, 1, MODEL, published[1])


def test_features_same_day_agrees_and_a_day_apart_is_slack_not_a_veto() -> None:
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", place=TOWN_A))
    assert date_value(a, b, P) == (1.0, 0)
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", day="2019-07-24", place=TOWN_A))
    value, gap = date_value(a, b, P)
    assert gap == 1 and value == P.slack_value
    assert score_pair(a, b, MODEL).veto is None
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", day="2019-07-26", place=TOWN_A))
    assert score_pair(a, b, MODEL).veto == "dates apart"


def test_features_coarse_date_overlaps_weakly_by_its_precision() -> None:
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", day="2019-07", precision="month", place=TOWN_A))
    month, gap = date_value(a, b, P)
    assert gap == 0 and 0 <= month < 1.0
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", day="2019-W30", precision="week", place=TOWN_A))
    week, _ = date_value(a, b, P)
    assert month < week < 1.0
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", day="2019-06", precision="month", place=TOWN_A))
    assert score_pair(a, b, MODEL).veto == "dates apart"  # a month that does not contain the day


def test_features_a_country_level_place_matches_a_town_inside_it_weakly() -> None:
    town, country = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", place=COUNTRY))
    value, _, relation = place_value(town, country, P)
    assert relation == "contained" and 0 < value < place_value(*_pair(event("e1", "d1", place=TOWN_A),
                                                                        event("e2", "d2", place=PROVINCE_NORTH)),
                                                               P)[0]
    point, town = _pair(event("e1", "d1", place=TOWN_A_POINT), event("e2", "d2", place=TOWN_A))
    same_point = place_value(*_pair(event("e1", "d1", place=TOWN_A_POINT), event("e2", "d2", place=TOWN_A_POINT)), P)
    assert place_value(point, town, P)[2] == "near"
    assert same_point[0] > place_value(point, town, P)[0]  # the same point says more than the same city


def test_features_two_towns_of_two_provinces_are_far_apart_and_vetoed() -> None:
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", place=TOWN_C))
    value, km, relation = place_value(a, b, P)
    assert value == -1.0 and relation == "far" and km is not None and km > 300
    assert score_pair(a, b, MODEL).veto == "places far apart"
    near, _, _ = place_value(*_pair(event("e1", "d1", place=TOWN_A), event("e2", "d2", place=TOWN_B)), P)
    assert near < 0  # 40 km apart: not the same town


def test_features_figures_agree_conflict_or_stay_open() -> None:
    def cas(x: dict[str, Any], y: dict[str, Any]) -> float:
        return casualty_value(*_pair(x, y), P)[0]

    assert cas(event("e1", "d1", killed=45), event("e2", "d2", killed=45)) == 1.0
    assert 0 < cas(event("e1", "d1", killed=1), event("e2", "d2", killed=1)) < 1.0  # "one killed" twice: weak
    assert cas(event("e1", "d1", killed=12), event("e2", "d2", killed=40)) == -1.0
    open_ended = cas(event("e1", "d1", killed=11, killed_high=None), event("e2", "d2", killed=13))
    assert 0 < open_ended < cas(event("e1", "d1", killed=12, killed_high=14), event("e2", "d2", killed=13))
    assert cas(event("e1", "d1"), event("e2", "d2", killed=13)) == 0.0  # one report gives no figure


def test_features_verbatim_copy_scores_one_and_unrelated_text_zero() -> None:
    sentence = "Warplanes struck a crowded vegetable market in the town, killing seven civilians, a monitor said."
    a, b = _pair(event("e1", "d1", sentence=sentence), event("e2", "d2", sentence=sentence))
    assert text_value(a, b, P) == (1.0, 1.0)
    a, b = _pair(event("e1", "d1", sentence=sentence),
                 event("e2", "d2", sentence="Protesters gathered outside parliament demanding early elections."))
    assert text_value(a, b, P)[0] == 0.0


def test_features_actors_the_same_related_or_different() -> None:
    kb_related = kb_relations()
    from eventledger.knowledge.actors import load_actor_kb

    kb = load_actor_kb()
    member = next(a for a in kb.actors.values() if a.member_of and a.member_of[0] in kb.actors)
    other = next(a for a in kb.actors.values() if a.type == "state_forces" and a.id not in
                 {member.id, *member.member_of} and not kb_related(a.id, member.id))
    same = score_pair(*_pair(event("e1", "d1", initiator=member.id), event("e2", "d2", initiator=member.id)),
                      MODEL, kb_related)
    related = score_pair(*_pair(event("e1", "d1", initiator=member.id),
                                event("e2", "d2", initiator=member.member_of[0])), MODEL, kb_related)
    different = score_pair(*_pair(event("e1", "d1", initiator=member.id), event("e2", "d2", initiator=other.id)),
                           MODEL, kb_related)
    assert same.values["actors"] == 1.0
    assert related.values["actors"] == P.actor_related
    assert different.values["actors"] == P.actor_different
    assert same.score > related.score > different.score


def test_features_explanation_names_every_feature_and_its_basis() -> None:
    a, b = _pair(event("e1", "d1", place=TOWN_A, killed=4), event("e2", "d2", place=TOWN_B, killed=4))
    explained = score_pair(a, b, MODEL).explain()
    assert {"type", "date", "place", "casualties", "actors", "text", "reported"} <= set(explained)
    assert explained["date_gap_days"] == 0 and explained["published_gap_days"] == 0
    assert 30 < explained["distance_km"] < 50 and explained["place_relation"] == "apart"
    json.dumps(explained)  # stored as JSON


def test_features_same_document_and_different_families_are_vetoed() -> None:
    a, b = _pair(event("e1", "d1", place=TOWN_A), event("e2", "d1", place=TOWN_A))
    assert score_pair(a, b, MODEL).veto == "same document"
    a, b = _pair(event("e1", "d1", place=TOWN_A),
                 event("e2", "d2", place=TOWN_A, etype="Protests", sub="Peaceful protest"))
    assert score_pair(a, b, MODEL).veto == "different families"


def test_features_model_file_errors_say_what_to_do(tmp_path: Any) -> None:
    raw = json.loads(resources.files("eventledger").joinpath("data", "merge_model.json").read_text(encoding="utf-8"))
    del raw["weights"]["text"]
    with pytest.raises(ConfigError, match="merge_model.json"):
        model_from_dict(raw)
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="incidents.model"):
        load_model(bad)
    raw = json.loads(resources.files("eventledger").joinpath("data", "merge_model.json").read_text(encoding="utf-8"))
    raw["threshold"] = 1.5
    with pytest.raises(ConfigError, match="threshold"):
        model_from_dict(raw)
    assert load_model("") is bundled_model()
    assert document("d1")["record"] == "document"

"""The merge model: feature parameters, weights, threshold and vetoes, read from a data file.

The bundled model is ``eventledger/data/merge_model.json`` (schema beside it). The setting
``incidents.model`` names another file of the same shape (e.g. a copy with other weights), so the
merge can be tuned without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..knowledge.lexicons import load_data
from .text import fold

#: Location precisions from the finest to the coarsest (the contract's list).
PLACE_PRECISIONS: tuple[str, ...] = ("point", "city", "admin2", "admin1", "region", "country")
#: Date precisions from the finest to the coarsest.
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
FEATURES: tuple[str, ...] = ("type", "date", "place", "casualties", "actors", "text", "reported")
VERBAL = "verbal"


@dataclass(frozen=True, slots=True)
class Params:
    """The feature parameters as plain numbers and sets, read once (pair scoring is the hot loop)."""

    type_groups: dict[str, frozenset[int]]  # sub-event type -> the groups it belongs to
    type_group: float
    type_same_event_type: float
    type_same_family: float
    date_overlap: dict[str, float]
    slack_days: int
    slack_value: float
    tolerance_km: dict[str, float]
    same_place: dict[str, float]
    contained: dict[str, float]
    far_factor: float
    precise: frozenset[str]
    exact_small: float
    exact_full: float
    close: float
    close_value: float
    far: float
    zero_value: float
    overlap_value: float
    open_value: float
    injury_share: float
    actor_roles: tuple[str, ...]
    actor_related: float
    actor_different: float
    actor_ignore: frozenset[str]
    text_floor: float
    min_token_chars: int
    reported_by_gap: tuple[float, ...]
    reported_beyond: float
    veto_same_document: bool
    veto_far_places: bool
    veto_figures: bool


def _params(raw: dict[str, Any]) -> Params:
    types, dates, places, cas = raw["types"], raw["dates"], raw["places"], raw["casualties"]
    actors, text, reported, vetoes = raw["actors"], raw["text"], raw["reported"], raw["vetoes"]
    groups: dict[str, set[int]] = {}
    for n, group in enumerate(types["groups"]):
        for sub in group:
            groups.setdefault(str(sub), set()).add(n)
    return Params(
        type_groups={k: frozenset(v) for k, v in groups.items()}, type_group=float(types["group"]),
        type_same_event_type=float(types["same_event_type"]), type_same_family=float(types["same_family"]),
        date_overlap={k: float(v) for k, v in dates["overlap"].items()}, slack_days=int(dates["slack_days"]),
        slack_value=float(dates["slack_value"]),
        tolerance_km={k: float(v) for k, v in places["tolerance_km"].items()},
        same_place={k: float(v) for k, v in places["same"].items()},
        contained={k: float(v) for k, v in places["contained"].items()}, far_factor=float(places["far_factor"]),
        precise=frozenset(places["precise"]),
        exact_small=float(cas["exact_small"]), exact_full=float(cas["exact_full"]),
        close=float(cas["close"]), close_value=float(cas["close_value"]), far=float(cas["far"]),
        zero_value=float(cas["zero_value"]), overlap_value=float(cas["overlap_value"]),
        open_value=float(cas["open_value"]), injury_share=float(cas["injury_share"]),
        actor_roles=tuple(actors["roles"]), actor_related=float(actors["related"]),
        actor_different=float(actors["different"]), actor_ignore=frozenset(actors["ignore_types"]),
        text_floor=float(text["floor"]), min_token_chars=int(text["min_token_chars"]),
        reported_by_gap=tuple(float(v) for v in reported["by_gap_days"]), reported_beyond=float(reported["beyond"]),
        veto_same_document=bool(vetoes.get("same_document", True)),
        veto_far_places=bool(vetoes.get("far_places", True)),
        veto_figures=bool(vetoes.get("figures_exact_dates", True)))


@dataclass(frozen=True, slots=True)
class MergeModel:
    """Everything the merge decides with; ``raw`` is the data file as read (for explanations)."""

    raw: dict[str, Any]
    families_by_event_type: dict[str, str]
    families_by_sub_event_type: dict[str, str]
    mergeable: frozenset[str]
    type_groups: tuple[frozenset[str], ...]
    weights: dict[str, float]
    bias: float
    threshold: float
    min_average: float
    window_days: int
    max_candidates: int
    text_rows: int
    text_bands: int
    text_min_tokens: int
    params: Params
    attribution_kinds: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def section(self, name: str) -> dict[str, Any]:
        """One section of the data file (``dates``, ``places`` ...)."""
        value: dict[str, Any] = self.raw[name]
        return value

    def family(self, event_type: str | None, sub_event_type: str | None) -> str:
        """The blocking family of an event type (``verbal`` for a verbal event)."""
        if sub_event_type and sub_event_type in self.families_by_sub_event_type:
            return self.families_by_sub_event_type[sub_event_type]
        if not event_type:
            return VERBAL
        return self.families_by_event_type.get(event_type, "other")


_REQUIRED = ("families", "types", "dates", "places", "casualties", "actors", "text", "reported", "weights", "threshold",
             "vetoes", "cluster", "blocking")


def model_from_dict(raw: dict[str, Any], origin: str = "merge model") -> MergeModel:
    """Build a MergeModel from the data file's content.

    Raises:
        ConfigError: a section or weight is missing or has the wrong type.
    """
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: a merge model is a JSON object; start from eventledger/data/merge_model.json")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise ConfigError(f"{origin}: missing section(s) {', '.join(missing)}; "
                          f"start from eventledger/data/merge_model.json")
    try:
        weights = {k: float(raw["weights"][k]) for k in FEATURES}
        families = raw["families"]
        kinds = tuple((str(k), tuple(fold(str(w)) for w in words))
                      for k, words in raw.get("attribution_kinds", {}).get("kinds", {}).items())
        model = MergeModel(
            raw=raw,
            families_by_event_type=dict(families["by_event_type"]),
            families_by_sub_event_type=dict(families.get("by_sub_event_type", {})),
            mergeable=frozenset(families["mergeable"]),
            type_groups=tuple(frozenset(g) for g in raw["types"]["groups"]),
            weights=weights,
            bias=float(raw["weights"]["bias"]),
            threshold=float(raw["threshold"]),
            min_average=float(raw["cluster"]["min_average"]),
            window_days=int(raw["dates"]["window_days"]),
            max_candidates=int(raw["blocking"]["max_candidates"]),
            text_rows=int(raw["blocking"]["text_rows"]),
            text_bands=int(raw["blocking"]["text_bands"]),
            text_min_tokens=int(raw["blocking"]["text_min_tokens"]),
            params=_params(raw),
            attribution_kinds=kinds,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {exc!r} is missing or malformed; compare with "
                          f"eventledger/data/merge_model.json") from exc
    if not 0.0 < model.threshold < 1.0:
        raise ConfigError(f"{origin}: threshold {model.threshold} must lie strictly between 0 and 1")
    if model.window_days < 0 or model.max_candidates < 1 or model.text_rows < 1 or model.text_bands < 0:
        raise ConfigError(f"{origin}: dates.window_days must be >= 0, blocking.max_candidates and "
                          f"blocking.text_rows >= 1, blocking.text_bands >= 0")
    return model


@cache
def bundled_model() -> MergeModel:
    """The merge model shipped with the package (cached)."""
    return model_from_dict(load_data("merge_model"), "eventledger/data/merge_model.json")


def load_model(path: str | Path | None = None) -> MergeModel:
    """The bundled model, or the one in ``path`` (the ``incidents.model`` setting) when given.

    Raises:
        ConfigError: the file cannot be read or is not a merge model.
    """
    if path is None or str(path).strip() == "":
        return bundled_model()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"incidents.model {path}: cannot be read as JSON ({exc}); give a copy of "
                          f"eventledger/data/merge_model.json or leave the setting empty") from exc
    return model_from_dict(raw, f"incidents.model {path}")

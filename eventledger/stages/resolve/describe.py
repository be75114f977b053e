"""One-sentence, ACLED-style summaries generated from an event's own fields (never from free text)."""

from __future__ import annotations

from datetime import date

from ...model import Casualties, DateValue, Event

_SUB_PHRASE = {
    "Air/drone strike": "an air/drone strike",
    "Shelling/artillery/missile attack": "a shelling, artillery or missile attack",
    "Remote explosive/landmine/IED": "an explosive attack",
    "Suicide bomb": "a suicide bombing",
    "Grenade": "a grenade attack",
    "Chemical weapon": "a chemical attack",
    "Armed clash": "an armed clash",
    "Attack": "an attack",
    "Abduction/forced disappearance": "an abduction",
    "Sexual violence": "sexual violence",
    "Peaceful protest": "a protest",
    "Protest with intervention": "a protest that was dispersed",
    "Excessive force against protesters": "violence against protesters",
    "Violent demonstration": "a violent demonstration",
    "Mob violence": "mob violence",
    "Arrests": "arrests",
    "Change to group/activity": "a change of activity",
    "Disrupted weapons use": "a seizure of weapons",
    "Agreement": "an agreement",
    "Government regains territory": "the recapture of territory",
    "Non-state actor overtakes territory": "the seizure of territory",
    "Headquarters or base established": "the establishment of a base",
    "Looting/property destruction": "looting or destruction of property",
    "Non-violent transfer of territory": "a transfer of territory",
    "Other": "a strategic development",
}
_PLOVER_VERB = {
    "AGREE": "agreed with", "CONSULT": "consulted", "SUPPORT": "expressed support for",
    "CONCEDE": "made a concession to", "COOPERATE": "cooperated with", "AID": "gave aid to",
    "RETREAT": "withdrew from", "REQUEST": "made a request of", "ACCUSE": "accused",
    "REJECT": "rejected", "THREATEN": "threatened", "PROTEST": "protested against",
    "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "COERCE": "coerced",
    "ASSAULT": "attacked",
}


def date_phrase(d: DateValue | None) -> str:
    """'On 7 February 2024', 'In January 2024', 'Around 8 February 2024' (inferred), ''."""
    if d is None:
        return ""
    try:
        if d.precision == "day":
            x = date.fromisoformat(d.value)
            text = f"{x.day} {x.strftime('%B')} {x.year}"
            return f"Around {text}" if d.inferred else f"On {text}"
        if d.precision == "month":
            x = date.fromisoformat(d.value + "-01")
            return f"In {x.strftime('%B')} {x.year}"
        if d.precision == "week":
            return f"In week {int(d.value[6:])} of {d.value[:4]}"
        return f"In {d.value}"
    except ValueError:
        return ""


def _count(c: Casualties) -> str | None:
    if c.low is None and c.high is None:
        return None
    if c.low is not None and c.low == c.high:
        return str(c.low)
    if c.low is not None and c.high is None:
        return f"at least {c.low}"
    if c.low is None:
        return f"up to {c.high}"
    return f"{c.low} to {c.high}"


def summarise(ev: Event) -> str:
    """A sentence built from the event's fields."""
    init = [a.name for a in ev.actors if a.role == "initiator"]
    others = [a.name for a in ev.actors if a.role in ("target", "victim")]
    who = init[0] if init else "Unidentified actors" if ev.event_type else "An unnamed actor"
    if ev.event_type is not None:
        what = _SUB_PHRASE.get(ev.sub_event_type or "", "an event")
        if ev.event_type == "Protests":
            sentence = f"{who} held {what}"
        else:
            sentence = f"{who} carried out {what}"
        if others:
            sentence += f" against {others[0]}"
    else:
        sentence = f"{who} {_PLOVER_VERB.get(ev.plover_type, 'acted toward')}"
        sentence += f" {others[0]}" if others else " others"
        sentence += f" ({ev.trigger.text})"
    if ev.location is not None:
        place = ev.location.place
        where = place.name if place.precision == "country" or not place.country else f"{place.name}"
        sentence += f" in {where}"
    tolls = []
    killed, injured = _count(ev.fatalities), _count(ev.injuries)
    if killed is not None:
        tolls.append(f"killing {killed}" if killed != "0" else "with no one killed")
    if injured is not None:
        tolls.append(f"injuring {injured}")
    if tolls:
        sentence += ", " + " and ".join(tolls)
    lead = date_phrase(ev.date)
    if lead:
        lower = sentence.startswith(("An unnamed", "Unidentified"))
        sentence = f"{lead}, {sentence[0].lower() + sentence[1:] if lower else sentence}"
    return sentence + "."

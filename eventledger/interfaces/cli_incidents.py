"""``eventledger incidents`` and ``eventledger show-incident``: cross-source incidents in a store.

``incidents`` lists incidents with how many sources report each and the range of their figures;
``show-incident ID`` puts each source's claim side by side (its own figures, its date, who it
attributes them to, whether a later report of the same source revised it) and says why the
events were merged (each pair's score and the features behind it). Article text and names are
data: they are printed as plain text, never read as markup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import EventLedgerError

err = Console(stderr=True)
out = Console()
PAGE = 500  # incidents read from the store at a time when filtering by source count

DbOpt = Annotated[str, typer.Option("--db", help="database: a SQLite file path, sqlite:///path or memory:")]


def _fatal(exc: EventLedgerError) -> typer.Exit:
    err.print(Text.assemble(("error ", "bold red"), str(exc)))
    return typer.Exit(3)


def _range(fig: Any) -> str:
    """A figure range as text: '12', '12–20', '25+' or '' when unknown."""
    fig = fig if isinstance(fig, Mapping) else {}
    lo, hi = fig.get("low"), fig.get("high")
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"≤{hi}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _place(loc: Any) -> str:
    loc = loc if isinstance(loc, Mapping) else {}
    if not loc:
        return ""
    return f"{loc.get('name') or ''} ({loc.get('country') or '?'})"


def _sources(incident: Mapping[str, Any]) -> int:
    """How many documents report an incident."""
    if isinstance(incident.get("sources"), int):
        return int(incident["sources"])
    return len({c.get("doc_id") for c in incident.get("claims") or []})


def incidents_cmd(
    db: DbOpt = "eventledger.sqlite",
    date_from: Annotated[str | None, typer.Option("--from", help="first day (YYYY-MM-DD, YYYY-MM, YYYY)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="last day")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 country code")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED type or sub-type")] = None,
    min_sources: Annotated[int, typer.Option("--min-sources", min=1,
                                             help="only incidents reported by at least N documents")] = 1,
    limit: Annotated[int, typer.Option("--limit", min=1, help="at most this many incidents")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="skip this many first")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl")] = "table",
    merge: Annotated[bool, typer.Option("--merge", help="first merge every stored event that has no "
                                                        "incident yet (a store filled before merging)")] = False,
) -> None:
    """List incidents: date, type, place, how many sources report each, and the range of their figures."""
    from ..incidents.store import merge_unlinked
    from ..storage import EventFilter, open_store

    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter("--format must be table or jsonl")
    try:
        store = open_store(db)
        try:
            if merge:
                with err.status("merging events into incidents ...", spinner="dots"):
                    counts = merge_unlinked(store)
                err.print(f"merged {counts['documents']} document(s), {counts['events']} event(s): "
                          f"{counts['incidents_written']} incident(s) written")
            flt = EventFilter(date_from, date_to, country, event_type)
            found = _collect(store, flt, min_sources, limit, offset)
        finally:
            store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    if fmt == "jsonl":
        for incident in found:
            sys.stdout.write(json.dumps(incident, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(found)} incidents")
    for col in ("incident", "date", "type", "location", "sources", "killed", "injured"):
        # Type and place wrap; ids, dates and figures never do (they are read and copied whole).
        table.add_column(col, no_wrap=col in ("incident", "date", "sources", "killed", "injured"),
                         min_width=10 if col in ("type", "location") else None,
                         justify="right" if col in ("sources", "killed", "injured") else "left", overflow="fold")
    for i in found:
        table.add_row(Text(str(i.get("incident_id"))), Text(str((i.get("date") or {}).get("value") or "")),
                      Text(str(i.get("sub_event_type") or i.get("event_type") or "")), Text(_place(i.get("location"))),
                      str(_sources(i)), _range(i.get("fatalities")), _range(i.get("injuries")))
    out.print(table)
    if not found:
        err.print("no incident matches; `eventledger process` merges new documents into incidents, "
                  "`eventledger incidents --merge` merges events stored before")


def _collect(store: Any, flt: Any, min_sources: int, limit: int, offset: int) -> list[dict[str, Any]]:
    """Up to ``limit`` incidents after ``offset`` among those with at least ``min_sources`` sources."""
    if min_sources <= 1:
        return list(store.incidents(filters=flt, limit=limit, offset=offset))
    found: list[dict[str, Any]] = []
    skipped, start = 0, 0
    while len(found) < limit:
        page = store.incidents(filters=flt, limit=PAGE, offset=start)
        for incident in page:
            if _sources(incident) < min_sources:
                continue
            if skipped < offset:
                skipped += 1
                continue
            found.append(incident)
            if len(found) == limit:
                break
        if len(page) < PAGE:
            break
        start += PAGE
    return found


def show_incident_cmd(
    incident_id: Annotated[str, typer.Argument(help="an incident id (`eventledger incidents` lists them)")],
    db: DbOpt = "eventledger.sqlite",
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Show one incident: each source's claim side by side, and why its events were merged."""
    from ..storage import open_store

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    try:
        store = open_store(db)
        try:
            incident = store.get_incident(incident_id.strip())
        finally:
            store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    if incident is None:
        err.print(Text(f"no incident {incident_id!r} in {db}; `eventledger incidents --db {db}` lists them",
                       style="red"))
        raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(incident, ensure_ascii=False, indent=1) + "\n")
        return
    print_incident(incident)


def print_incident(incident: Mapping[str, Any]) -> None:
    """The incident's head, its claims side by side, and the merge evidence."""
    head = Table(show_header=False, title=Text(f"incident {incident.get('incident_id')}"))
    head.add_column("what")
    head.add_column("value", overflow="fold")
    facts = [("type", incident.get("sub_event_type") or incident.get("event_type")),
             ("date", (incident.get("date") or {}).get("value")), ("location", _place(incident.get("location"))),
             ("sources", _sources(incident)), ("killed", _range(incident.get("fatalities"))),
             ("injured", _range(incident.get("injuries"))), ("summary", incident.get("summary"))]
    for key, value in facts:
        if value not in (None, ""):
            head.add_row(key, Text(str(value)))
    out.print(head)
    claims = list(incident.get("claims") or [])
    names = {c.get("event_id"): c.get("outlet") or str(c.get("doc_id"))[:19] for c in claims}
    table = Table(title=f"{len(claims)} claims, oldest first")
    for col in ("published", "outlet", "attributed to", "killed", "civilians", "injured", "status"):
        table.add_column(col, overflow="fold", no_wrap=col in ("published", "killed", "civilians", "injured"),
                         justify="right" if col in ("killed", "civilians", "injured") else "left")
    for c in claims:
        who = (c.get("attributed_to") or {}).get("name")
        kind = c.get("attribution") or ("outlet" if who is None else "")
        dead = c.get("fatalities") or {}
        civ = _range({"low": dead.get("civilian_low"), "high": dead.get("civilian_high")})
        revised = c.get("revised_by")
        status = Text(f"revised by {names.get(revised, revised)}", style="yellow") if revised else Text("in force")
        table.add_row(Text(str(c.get("published") or "")), Text(str(c.get("outlet") or "")),
                      Text(f"{who} ({kind})" if who else f"the outlet itself ({kind})"),
                      _range(dead), civ, _range(c.get("injuries")), status)
    out.print(table)
    merge = list(incident.get("merge") or [])
    if merge:
        why = Table(title="why these reports were merged (pairs that joined them)")
        for col in ("reports", "score", "evidence"):
            why.add_column(col, overflow="fold")
        for m in merge:
            pair = m.get("events") or []
            features = m.get("features") or {}
            shown = ", ".join(f"{k} {v}" for k, v in features.items() if v is not None and k != "with")
            why.add_row(Text(" + ".join(str(names.get(e, e)) for e in pair)), f"{m.get('score')}", Text(shown))
        out.print(why)

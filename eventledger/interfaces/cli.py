"""The command line: a thin layer over the library (typer + rich).

Progress and summaries go to standard error; data (events, exports) to standard output.
Exit codes: 0 all inputs processed, 1 some inputs failed (each named with its reason),
2 usage error, 3 the job could not run (a missing model, an unusable database, a bad setting).
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..errors import EventLedgerError
from ..settings import Settings, load_settings

app = typer.Typer(help="eventledger: structured, span-traceable event data from conflict news.",
                  no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]})
err = Console(stderr=True)
out = Console()

DbOpt = Annotated[str, typer.Option("--db", help="database: a SQLite file path, sqlite:///path or memory:")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="a TOML settings file")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")]


def _settings(config: Path | None, sets: list[str] | None) -> Settings:
    overrides: dict[str, Any] = {}
    for item in sets or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--set takes section.key=value, got {item!r}")
        overrides[key.strip()] = value.strip()
    return load_settings(config, overrides)


def _fatal(exc: EventLedgerError) -> typer.Exit:
    err.print(f"[bold red]error[/] {exc}")
    return typer.Exit(3)


def _db(db: str | None, settings: Settings) -> str:
    return db or settings["store"]["db"]


@app.command()
def process(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, or - for standard input")],
    db: Annotated[str | None, typer.Option("--db", help="database (default: store.db setting)")] = None,
    published: Annotated[str | None, typer.Option(help="publication date of bare text inputs")] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet of bare text inputs")] = None,
    config: ConfigOpt = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Read articles and store their events, statements and mentions."""
    from ..engines.local import run
    from ..pipeline import Pipeline
    from ..storage import open_store

    try:
        settings = _settings(config, set_)
        store = open_store(_db(db, settings))
        with err.status("loading the language model and gazetteer ...", spinner="dots"):
            pipeline = Pipeline(settings)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet, transient=False) as progress:
        task = progress.add_task("processing", total=None)

        def tick(outcome: Any) -> None:
            progress.advance(task)
            if outcome.failure is not None:
                f = outcome.failure
                # One line per failed input, never wrapped, never read as markup (paths are data).
                progress.console.print(Text.assemble(("failed ", "yellow"), f"{f.source}: [{f.code}] {f.reason}"),
                                       soft_wrap=True)

        try:
            report = run(inputs, store, settings, pipeline=pipeline, published=published, outlet=outlet,
                         on_outcome=tick)
        except EventLedgerError as exc:
            store.close()
            raise _fatal(exc) from exc
    store.close()
    err.print(summary_table(report))
    if report.failures:
        err.print(f"[bold yellow]{len(report.failures)} input(s) failed[/]; see `eventledger runs` "
                  f"or the lines above")
        raise typer.Exit(1)


def summary_table(report: Any) -> Table:
    """A run's end summary: one row per count, so it reads in any terminal width."""
    table = Table(title=f"run {report.run_id}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in report.summary().items():
        style = "bold red" if key == "failed" and value else None
        table.add_row(key, str(value), style=style)
    return table


def _event_rows(events: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for e in events:
        d = e.get("date") or {}
        loc = e.get("location") or {}
        fat = e.get("fatalities") or {}
        init = next((a["name"] for a in e.get("actors", []) if a.get("role") == "initiator"), "")
        targ = next((a["name"] for a in e.get("actors", []) if a.get("role") in ("target", "victim")), "")
        killed = "" if fat.get("low") is None and fat.get("high") is None else (
            str(fat.get("low")) if fat.get("low") == fat.get("high") else f"{fat.get('low')}–{fat.get('high') or ''}")
        rows.append([d.get("value") or "", e.get("sub_event_type") or e["plover"]["type"],
                     f"{loc.get('name', '')} ({loc.get('country') or '?'})" if loc else "", init, targ, killed,
                     f"{e.get('confidence', 0):.2f}"])
    return rows


@app.command()
def events(
    db: DbOpt = "eventledger.sqlite",
    date_from: Annotated[str | None, typer.Option("--from", help="first day (YYYY-MM-DD, YYYY-MM, YYYY)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="last day")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 country code")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED type or sub-type, or PLOVER type")] = None,
    limit: Annotated[int | None, typer.Option(help="at most this many events")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv")] = "table",
) -> None:
    """List stored events, filtered."""
    from ..storage import EventFilter, open_store

    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("--format must be table, jsonl or csv")
    try:
        store = open_store(db)
        found = store.events(EventFilter(date_from, date_to, country, event_type, limit=limit))
        store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    if fmt == "jsonl":
        for e in found:
            sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")
        return
    header = ["date", "type", "location", "initiator", "target", "killed", "conf"]
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(header + ["summary"])
        for row, e in zip(_event_rows(found), found, strict=True):
            w.writerow(row + [e.get("summary", "")])
        return
    table = Table(title=f"{len(found)} events")
    for col in header:
        table.add_column(col, no_wrap=col in ("date", "killed", "conf"), overflow="fold")
    for row in _event_rows(found):
        table.add_row(*(Text(c) for c in row))
    out.print(table)


@app.command()
def export(
    db: DbOpt = "eventledger.sqlite",
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the contract) or acled-csv")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default stdout)")] = None,
) -> None:
    """Export every stored record: JSON Lines per the contract, or ACLED-style CSV."""
    from ..export.acled_csv import write_acled_csv
    from ..export.jsonl import write_jsonl
    from ..storage import open_store

    if fmt not in ("jsonl", "acled-csv"):
        raise typer.BadParameter("--format must be jsonl or acled-csv")
    try:
        store = open_store(db)
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt == "jsonl":
                n = write_jsonl(store.iter_records(), handle)
            else:
                docs = {r["doc_id"]: r for r in store.iter_records(["document"])}
                n = write_acled_csv(store.iter_records(["event"]), handle, docs)
        finally:
            if output:
                handle.close()
        store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    err.print(f"exported {n} records" + (f" to {output}" if output else ""))


_STYLE = {"event": "bold white on red", "time": "black on yellow", "place": "black on green",
          "person": "black on cyan", "organization": "black on magenta", "actor": "black on blue",
          "quantity": "bold black on bright_red", "statement": "italic underline"}


@app.command()
def show(doc: Annotated[str, typer.Argument(help="document id (a unique prefix of the hex is enough)")],
         db: DbOpt = "eventledger.sqlite") -> None:
    """Print a document's clean text with every extracted span highlighted, then its events."""
    from ..storage import open_store

    try:
        store = open_store(db)
        record = store.get_document(doc)
        if record is None:
            err.print(f"[red]no document {doc!r}[/] in {db}; list some with `eventledger export`")
            raise typer.Exit(1)
        records = store.records_for(record["doc_id"])
        store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    text = Text(record["text"])
    for r in records:
        if r["record"] == "mention":
            text.stylize(_STYLE.get(r["kind"], "underline"), *r["span"])
        elif r["record"] == "statement":
            text.stylize(_STYLE["statement"], *r["span"])
        elif r["record"] == "event" and r.get("trigger", {}).get("span"):
            text.stylize(_STYLE["event"], *r["trigger"]["span"])
    out.rule(f"{record.get('outlet') or ''} {record.get('published') or ''} {record['doc_id'][:19]}")
    out.print(text)
    legend = Text("  ".join(""))
    for kind, style in _STYLE.items():
        legend.append(f" {kind} ", style=style)
        legend.append(" ")
    out.print(legend)
    for r in records:
        if r["record"] == "event":
            out.print(Text(f"• {r['summary']}  [{r['plover']['type']} / CAMEO {r['cameo']}, "
                           f"confidence {r['confidence']}]"))
        elif r["record"] == "statement":
            out.print(Text(f"“{r['text']}” — {r['speaker']['name']} ({r['kind']})"))


@app.command()
def runs(db: DbOpt = "eventledger.sqlite") -> None:
    """List runs and their failures."""
    from ..storage import open_store

    try:
        store = open_store(db)
        rows, fails = store.runs(), store.failures()
        store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    table = Table("run", "command", "started", "finished", "summary", title="runs")
    for r in rows:
        table.add_row(r["run_id"], r.get("command") or "", str(r.get("started") or ""), str(r.get("finished") or ""),
                      Text(json.dumps(r.get("summary") or {})))
    out.print(table)
    if fails:
        ft = Table("run", "source", "code", "reason", title="failures")
        for f in fails:
            ft.add_row(f["run_id"], Text(str(f["source"])), f["code"], Text(f["reason"]))
        out.print(ft)


@app.command("gazetteer")
def gazetteer_cmd(config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Build (if missing) and open the offline gazetteer; print where it is."""
    from ..stages.resolve.gazetteer import Gazetteer

    try:
        settings = _settings(config, set_)
        with err.status("building the gazetteer (first time only) ..."):
            gaz = Gazetteer.open(settings)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    out.print(f"gazetteer ready: {gaz.path}")


def main() -> None:
    """Entry point of the ``eventledger`` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()

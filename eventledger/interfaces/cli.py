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
from ..settings import Settings
from .options import settings_from_options

app = typer.Typer(help="eventledger: structured, span-traceable event data from conflict news.",
                  no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]})
err = Console(stderr=True)
out = Console()

DbOpt = Annotated[str, typer.Option("--db", help="database: a SQLite file path, sqlite:///path or memory:")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="a TOML settings file")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")]


def _settings(config: Path | None, sets: list[str] | None) -> Settings:
    return settings_from_options(config, sets)


def _fatal(exc: EventLedgerError) -> typer.Exit:
    err.print(f"[bold red]error[/] {exc}")
    return typer.Exit(3)


def _db(db: str | None, settings: Settings) -> str:
    return db or settings["store"]["db"]


WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", "-w", min=0, help="worker processes, each loading the model once (0: one per CPU; "
                                   "default: the engine.workers setting, 1)")]


@app.command()
def process(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, or - for standard input")],
    db: Annotated[str | None, typer.Option("--db", help="database (default: store.db setting)")] = None,
    published: Annotated[str | None, typer.Option(help="publication date of bare text inputs")] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet of bare text inputs")] = None,
    config: ConfigOpt = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    workers: WorkersOpt = None,
    reprocess: Annotated[bool, typer.Option(
        "--reprocess", help="parse again the documents already stored with the same settings")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local, or spark: run on Apache Spark and write "
                                                         "Parquet to --out (then `eventledger load`)")] = "local",
    master: Annotated[str | None, typer.Option("--master", help="Spark master, e.g. local[2] or "
                                                                "spark://HOST:7077 (default local[*])")] = None,
    out_dir: Annotated[str | None, typer.Option("--out", help="Spark's Parquet output folder (default: the "
                                                              "--db path with .parquet)")] = None,
) -> None:
    """Read articles and store their events, statements and mentions.

    An interrupted run (killed, Ctrl-C) is resumed by the same command: only the inputs whose
    outcome was not yet committed are processed.
    """
    if engine != "local" or master is not None or out_dir is not None:
        from .cli_spark import process_spark

        return process_spark(inputs, engine=engine, db=db, out=out_dir, master=master, published=published,
                             outlet=outlet, config=config, set_=set_, quiet=quiet, workers=workers,
                             reprocess=reprocess)
    from ..engines.local import run
    from ..storage import open_store

    try:
        settings = _settings(config, set_)
        store = open_store(_db(db, settings))
        pipeline = _inline_pipeline(settings, workers)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    _execute(store, quiet, lambda tick: run(inputs, store, settings, pipeline=pipeline, published=published,
                                            outlet=outlet, on_outcome=tick, workers=workers,
                                            reprocess=reprocess))


def _inline_pipeline(settings: Settings, workers: int | None) -> Any:
    """The Pipeline to run in this process (None when worker processes load their own)."""
    from ..pipeline import Pipeline

    if (settings["engine"]["workers"] if workers is None else workers) != 1:
        return None
    with err.status("loading the language model and gazetteer ...", spinner="dots"):
        return Pipeline(settings)


def _execute(store: Any, quiet: bool, job: Any) -> None:
    """Run a job with a progress bar, print its summary; exit 1 if an input failed, 130 on Ctrl-C."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet, transient=False) as progress:
        task = progress.add_task("processing", total=None)

        def tick(outcome: Any) -> None:
            progress.advance(task)
            if outcome.failure is not None:
                f = outcome.failure
                earlier = " (committed by an earlier attempt)" if getattr(outcome, "skipped", False) else ""
                # One line per failed input, never wrapped, never read as markup (paths are data).
                progress.console.print(Text.assemble(("failed ", "yellow"), f"{f.source}: [{f.code}] {f.reason}",
                                                     earlier), soft_wrap=True)

        try:
            report = job(tick)
        except EventLedgerError as exc:
            store.close()
            raise _fatal(exc) from exc
        except KeyboardInterrupt:
            store.close()
            err.print("[bold yellow]interrupted[/]: every outcome shown was committed; run the same command "
                      "again to finish the remaining inputs (`eventledger runs` lists the unfinished run)")
            raise typer.Exit(130) from None
    store.close()
    err.print(summary_table(report))
    if report.failures:
        err.print(f"[bold yellow]{len(report.failures)} input(s) failed[/]; see `eventledger runs "
                  f"{report.run_id}`, fix them, then `eventledger retry {report.run_id}`")
        raise typer.Exit(1)


def summary_table(report: Any) -> Table:
    """A run's end summary: one row per count, so it reads in any terminal width."""
    table = Table(show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("run", report.run_id + (" (resumed)" if getattr(report, "resumed", False) else ""))
    for key, value in report.summary().items():
        if key == "resumed" or value is None:
            continue
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


def _run_status(row: dict[str, Any]) -> Text:
    """Finished, or unfinished (interrupted, or still running)."""
    if row.get("finished"):
        return Text("finished", style="green")
    return Text("unfinished", style="yellow")


def _run_details(row: dict[str, Any]) -> Table:
    """One run, one line per fact (reads in any terminal width)."""
    table = Table(show_header=False, title=f"run {row['run_id']}")
    table.add_column("what")
    table.add_column("value", overflow="fold")
    table.add_row("status", _run_status(row))
    facts = {"command": row.get("command"), "inputs": " ".join(map(str, row.get("inputs") or [])),
             "folder": row.get("workdir"), "started": row.get("started"), "finished": row.get("finished"),
             "fingerprint": row.get("config_hash")}
    for key, value in facts.items():
        if value:
            table.add_row(key, Text(str(value)))
    for key, value in (row.get("outcomes") or {}).items():
        table.add_row(key, str(value), style="bold red" if key == "failed" and value else None)
    for key, value in (row.get("summary") or {}).items():
        if key not in ("documents", "stored", "unchanged", "failed", "resumed") and value is not None:
            table.add_row(key, str(value))
    return table


@app.command()
def runs(
    run_id: Annotated[str | None, typer.Argument(help="one run: its details and all its failures")] = None,
    db: DbOpt = "eventledger.sqlite",
) -> None:
    """List runs (finished or not, with their outcomes) and every failed input with its reason."""
    from ..storage import open_store

    try:
        store = open_store(db)
        rows = store.runs()
        if run_id is not None and run_id not in {r["run_id"] for r in rows}:
            store.close()
            err.print(f"[red]no run {run_id!r}[/] in {db}; `eventledger runs --db {db}` lists them")
            raise typer.Exit(2)
        fails = store.failures(run_id)
        store.close()
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    if run_id is not None:
        out.print(_run_details(next(r for r in rows if r["run_id"] == run_id)))
    else:
        table = Table(title=f"{len(rows)} runs")
        for name in ("run", "status", "stored", "same", "failed"):
            table.add_column(name, no_wrap=True, justify="right" if name in ("stored", "same", "failed") else "left")
        table.add_column("command", overflow="fold", min_width=8)
        for r in rows:
            counts = r.get("outcomes") or {}
            table.add_row(r["run_id"], _run_status(r), *(str(counts.get(k, 0)) for k in ("stored", "unchanged",
                                                                                          "failed")),
                          Text(r.get("command") or ""))
        out.print(table)
        if any(not r.get("finished") for r in rows):
            err.print("an unfinished run was interrupted (or is still running): the same command, from the same "
                      "folder, resumes it; `same` counts documents found unchanged")
    if fails:
        ft = Table(*(["run"] if run_id is None else []), "source", "code", "reason", title=f"{len(fails)} failures")
        for f in fails:
            ft.add_row(*([f["run_id"]] if run_id is None else []), Text(str(f["source"])), f["code"],
                       Text(f["reason"]))
        out.print(ft)
        err.print(f"re-process the failed inputs of a run with `eventledger retry {run_id or 'RUN'} --db {db}`")


@app.command()
def retry(
    run_id: Annotated[str, typer.Argument(help="the run whose failed inputs to process again")],
    db: Annotated[str | None, typer.Option("--db", help="database (default: store.db setting)")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    workers: WorkersOpt = None,
) -> None:
    """Process again the inputs that failed in a run (as a new run), e.g. after fixing them."""
    import os

    from ..engines.local import retry as retry_run
    from ..storage import open_store

    try:
        settings = _settings(config, set_)
        store = open_store(_db(db, settings))
        found = next((r for r in store.runs() if r["run_id"] == run_id), None)
        if found is None:
            store.close()
            err.print(f"[red]no run {run_id!r}[/] in {_db(db, settings)}; `eventledger runs` lists them")
            raise typer.Exit(2)
        if not store.failures(run_id):
            store.close()
            err.print(f"run {run_id} has no failed input: nothing to retry")
            return
        # The run's inputs are relative to the folder it ran in (the store is already open).
        workdir = found.get("workdir")
        if workdir and Path(workdir).is_dir():
            os.chdir(workdir)
        pipeline = _inline_pipeline(settings, workers)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    _execute(store, quiet, lambda tick: retry_run(run_id, store, settings, pipeline=pipeline, workers=workers,
                                                  on_outcome=tick))


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


def _register_subcommands() -> None:
    """Command groups that live in their own modules (one module per concern)."""
    from ..server.cli import serve
    from .cli_eval import eval_app
    from .cli_incidents import incidents_cmd, show_incident_cmd
    from .cli_spark import load

    app.command("load")(load)

    app.add_typer(eval_app, name="eval")
    app.command("incidents")(incidents_cmd)
    app.command("show-incident")(show_incident_cmd)
    app.command("serve")(serve)


_register_subcommands()


def main() -> None:
    """Entry point of the ``eventledger`` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()

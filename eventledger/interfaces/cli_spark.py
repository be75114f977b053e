"""The Spark side of the command line: ``process --engine spark`` and ``load``.

``eventledger process --engine spark [--master URL] [--out DIR] INPUT...`` writes a Parquet output
folder (it does not touch the database); ``eventledger load DIR --db DB`` puts it into a store.
``--out`` defaults to the database path with the suffix ``.parquet`` (``eventledger.sqlite`` ->
``eventledger.parquet``), so the two commands pair up with the same ``--db``.
Exit codes as for every command: 0 all inputs processed, 1 some failed (each named with its
reason), 2 usage error, 3 the job could not run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from ..errors import EventLedgerError
from .options import settings_from_options

err = Console(stderr=True)
ENGINES = ("local", "spark")


def _fatal(exc: EventLedgerError) -> typer.Exit:
    err.print(Text.assemble(("error ", "bold red"), str(exc)), soft_wrap=True)
    return typer.Exit(3)


def _failed(failures: list[Any]) -> None:
    """One line per failed input, never wrapped, never read as markup (paths are data)."""
    for f in failures:
        err.print(Text.assemble(("failed ", "yellow"), f"{f.source}: [{f.code}] {f.reason}"), soft_wrap=True)


def default_out(db: str) -> Path:
    """The Parquet folder beside a SQLite database path (``ledger.sqlite`` -> ``ledger.parquet``)."""
    text = db.strip()
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    if not text or text == "memory:" or "://" in text:
        raise typer.BadParameter("give --out DIR for the Parquet output (it defaults to the --db path with "
                                 f".parquet, and {db!r} is not a file path)")
    return Path(text).with_suffix(".parquet")


def process_spark(inputs: list[str], *, engine: str, db: str | None, out: str | None, master: str | None,
                  published: str | None, outlet: str | None, config: Path | None, set_: list[str] | None,
                  quiet: bool, workers: int | None, reprocess: bool) -> None:
    """``process --engine spark``: run the job, print the failures and the summary, say how to load it."""
    from .cli import summary_table

    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "local":
        raise typer.BadParameter("--master and --out apply to --engine spark only")
    if workers is not None or reprocess:
        raise typer.BadParameter("--workers and --reprocess apply to --engine local; with Spark the master's "
                                 "cores set the parallelism and every input is processed")
    from ..engines.spark import run_spark

    try:
        settings = settings_from_options(config, set_)
        target = out if out is not None else str(default_out(db or settings["store"]["db"]))
        with err.status("running the Spark job ...", spinner="dots") if not quiet else _nothing():
            report = run_spark(inputs, target, settings, master=master, published=published, outlet=outlet)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    except KeyboardInterrupt:
        err.print("[bold yellow]interrupted[/]: the Parquet output is incomplete (it has no manifest, so "
                  "`eventledger load` refuses it); run the same command again")
        raise typer.Exit(130) from None
    _failed(report.failures)
    err.print(summary_table(report))
    load_db = f" --db {db}" if db else ""
    err.print(Text(f"Parquet written to {target}; load it into a store with `eventledger load {target}{load_db}`"),
              soft_wrap=True)
    if report.failures:
        err.print(f"[bold yellow]{len(report.failures)} input(s) failed[/]; fix them and run the job again")
        raise typer.Exit(1)


class _nothing:
    """A context manager that does nothing (no spinner with --quiet)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def load(
    folder: Annotated[Path, typer.Argument(help="a Parquet output folder of `process --engine spark`")],
    db: Annotated[str | None, typer.Option("--db", help="database (default: store.db setting)")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="a TOML settings file")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress messages")] = False,
) -> None:
    """Put a Spark job's Parquet output into the store (one transaction per document, as a new run).

    The documents stored are merged into incidents as `process` merges them (setting incidents.merge).
    Loading the same output again changes no record: every document is found unchanged.
    """
    from ..engines.spark_load import load_output
    from ..storage import open_store
    from .cli import summary_table

    try:
        settings = settings_from_options(config, set_)
        store = open_store(db or settings["store"]["db"])
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    try:
        with err.status(f"loading {folder} ...", spinner="dots") if not quiet else _nothing():
            report = load_output(folder, store, settings=settings)
    except EventLedgerError as exc:
        raise _fatal(exc) from exc
    finally:
        store.close()
    _failed(report.failures)
    err.print(summary_table(report))
    if report.failures:
        err.print(f"[bold yellow]{len(report.failures)} input(s) failed in the Spark job[/] (recorded with run "
                  f"{report.run_id}); fix them and run the job again, then load its output")
        raise typer.Exit(1)


__all__ = ["default_out", "load", "process_spark"]

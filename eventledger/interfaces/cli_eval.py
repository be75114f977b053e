"""``eventledger eval ...``: run the pipeline on evaluation sets and print the shared scorers' figures.

Each command processes a set with the real pipeline, prints a table of figures (with the misses
on request) and ends with the very summary line the matching ``../shared/tools`` scorer prints.
``--check`` compares with ``eval/baseline.json`` and exits 1 on a regression; ``--update-baseline``
raises the floors (and refuses to lower one without ``--allow-regression``).
Exit codes: 0 ok, 1 a regression (or an update refused), 2 usage error or unreadable set,
3 the job could not run (missing model, bad setting).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import ConfigError, EventLedgerError, InputError
from ..evaluation import baseline as gate
from ..evaluation.merge import MERGED_KIND, evaluate_merged
from ..evaluation.report import LOWER_IS_BETTER, EvalReport, read_jsonl
from ..evaluation.runner import discover, evaluate_many
from ..settings import Settings
from .options import settings_from_options

eval_app = typer.Typer(help="Measure the project on evaluation sets, as the shared scorers define the figures.",
                       no_args_is_help=True, add_completion=False,
                       context_settings={"help_option_names": ["-h", "--help"]})
err = Console(stderr=True)
out = Console()
MAX_FAILURES_SHOWN = 5  # a broken install fails every document: name a few, count the rest

ErrorsOpt = Annotated[int, typer.Option("--errors", min=0, help="print up to N misses per figure")]
ExportOpt = Annotated[Path | None, typer.Option("--export", help="also write the contract records (JSON Lines)")]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="only the first N documents (quick look)")]
CheckOpt = Annotated[bool, typer.Option("--check", help="exit 1 when a figure falls below its baseline floor")]
UpdateOpt = Annotated[bool, typer.Option("--update-baseline", help="record the figures; floors only go up")]
AllowOpt = Annotated[bool, typer.Option("--allow-regression", help="let --update-baseline lower floors")]
BaselineOpt = Annotated[Path | None, typer.Option("--baseline", help="baseline file (default: eval/baseline.json)")]
ScoreOpt = Annotated[Path | None, typer.Option("--score-export", help="score this export instead of processing")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="a TOML settings file")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="override a setting: section.key=value")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress messages")]
SetDir = Annotated[Path, typer.Argument(help="an evaluation set folder (docs.jsonl + gold.jsonl)")]


class _Run:
    """The options every eval command shares, and the pipeline loaded once for all its sets."""

    def __init__(self, *, errors: int = 0, export: Path | None = None, limit: int | None = None,
                 check: bool = False, update: bool = False, allow: bool = False, baseline: Path | None = None,
                 score_export: Path | None = None, config: Path | None = None, sets: list[str] | None = None,
                 quiet: bool = False) -> None:
        if allow and not update:
            raise typer.BadParameter("--allow-regression only applies with --update-baseline")
        if limit is not None and (check or update):
            raise typer.BadParameter("--limit measures part of a set; floors are for whole sets (drop --limit)")
        self.errors, self.export, self.limit = errors, export, limit
        self.check, self.update, self.allow = check, update, allow
        self.baseline_path = baseline or gate.default_path()
        self.score_export, self.quiet = score_export, quiet
        self.settings = _settings(config, sets)
        self.pipeline: Any = None
        self.reports: list[tuple[EvalReport, Path]] = []

    def run(self, kinds: list[str], path: Path) -> list[EvalReport]:
        """Evaluate one set (or gold file) with ``kinds``, print the reports, remember them."""
        records = read_jsonl(self.score_export) if self.score_export is not None else None
        if records is None and self.pipeline is None:
            from ..pipeline import Pipeline

            with err.status("loading the language model and gazetteer ...", spinner="dots"):
                self.pipeline = Pipeline(self.settings)
        label = f"processing {path.name} ..." if records is None else f"scoring {path.name} ..."
        evaluate = evaluate_merged if kinds == [MERGED_KIND] else evaluate_many
        with err.status(label, spinner="dots") if not self.quiet else _nothing():
            reports = evaluate(kinds, path, settings=self.settings, pipeline=self.pipeline, limit=self.limit,
                               export=self.export, records=records)
        floors = gate.load(self.baseline_path) if (self.check or self.update) else None
        for report in reports:
            print_report(report, self.errors, floors)
            self.reports.append((report, path))
        return reports

    def finish(self) -> None:
        """Check against or update the baseline as asked; exit 1 on a regression."""
        if not (self.check or self.update):
            return
        data = gate.load(self.baseline_path)
        if self.update:
            changes: list[str] = []
            try:
                for report, path in self.reports:
                    changes += gate.update(report, data, path, allow_regression=self.allow)
            except ConfigError as exc:
                err.print(Text(f"baseline not updated: {exc.message}", style="bold red"))
                raise typer.Exit(1) from exc
            gate.save(data, self.baseline_path)
            for line in changes or ["no floor changed"]:
                err.print(Text(line))
            err.print(f"baseline written: {self.baseline_path}")
            return
        problems: list[str] = []
        checked = 0
        for report, _ in self.reports:
            result = gate.check(report, data)
            problems += result.problems
            checked += result.checked
        if problems:
            for line in problems:
                err.print(Text(f"REGRESSION {line}", style="bold red"), soft_wrap=True)
            raise typer.Exit(1)
        err.print(Text(f"check ok: {checked} figure(s) at or past their baseline floors", style="green"))


class _nothing:
    """A do-nothing context manager (quiet mode)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _settings(config: Path | None, sets: list[str] | None) -> Settings:
    """Settings from --config and --set, as ``eventledger process`` reads them."""
    try:
        return settings_from_options(config, sets)
    except EventLedgerError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(3) from exc


def _fmt(figure: str, value: float | None) -> str:
    """A figure for the table: km without decimals, shares with three."""
    if value is None:
        return "na"
    return f"{value:.0f}" if figure.endswith("Km") else f"{value:.3f}"


def print_report(report: EvalReport, errors: int = 0, baseline: dict[str, Any] | None = None) -> None:
    """A report's table, its misses (up to ``errors`` per figure), notes, and the summary line last."""
    entry = (baseline or {}).get("entries", {}).get(report.key) if baseline is not None else None
    table = Table(title=f"{report.key}  ({report.seconds:.1f} s)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("right / scored", justify="right")
    if entry is not None:
        table.add_column("floor", justify="right")
    for figure, value in report.figures.items():
        count = report.counts.get(figure)
        row = [figure, _fmt(figure, value), f"{count[0]}/{count[1]}" if count else ""]
        if entry is not None:
            bound = (entry.get("ceilings") if figure in LOWER_IS_BETTER else entry.get("floors")) or {}
            row.append("" if figure not in bound else ("<= " if figure in LOWER_IS_BETTER else ">= ")
                       + str(bound[figure]))
        table.add_row(*row)
    out.print(table)
    if errors:
        seen: list[str] = []
        for miss in report.misses:
            if miss.figure not in seen:
                seen.append(miss.figure)
        for figure in seen:
            for miss in report.misses_of(figure, errors):
                out.print(Text(f"  miss {miss.line()}"), soft_wrap=True)
    for note in report.notes:
        out.print(Text(f"  {note}"), soft_wrap=True)
    for failure in report.failures[:MAX_FAILURES_SHOWN]:
        err.print(Text(f"failed {failure}", style="yellow"), soft_wrap=True)
    if len(report.failures) > MAX_FAILURES_SHOWN:
        err.print(Text(f"... and {len(report.failures) - MAX_FAILURES_SHOWN} more input(s) failed "
                       f"({len(report.failures)} in all; they count as misses)", style="yellow"))
    out.print(Text(report.summary), soft_wrap=True)


def _one(kinds: list[str], path: Path, run: _Run) -> None:
    """Run one evaluation command end to end, mapping errors to exit codes."""
    try:
        run.run(kinds, path)
    except InputError as exc:
        err.print(Text(f"error {exc}", style="bold red"))
        raise typer.Exit(2) from exc
    except EventLedgerError as exc:
        err.print(Text(f"error {exc}", style="bold red"))
        raise typer.Exit(3) from exc
    run.finish()


def _command(kind: str, summary: str) -> None:
    """Register ``eventledger eval <kind> DATA_DIR`` with the shared options."""

    def command(
        data_dir: SetDir,
        errors: ErrorsOpt = 0,
        export: ExportOpt = None,
        limit: LimitOpt = None,
        check: CheckOpt = False,
        update_baseline: UpdateOpt = False,
        allow_regression: AllowOpt = False,
        baseline: BaselineOpt = None,
        score_export: ScoreOpt = None,
        config: ConfigOpt = None,
        set_: SetOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        run = _Run(errors=errors, export=export, limit=limit, check=check, update=update_baseline,
                   allow=allow_regression, baseline=baseline, score_export=score_export, config=config,
                   sets=set_, quiet=quiet)
        _one([kind], data_dir, run)

    command.__doc__ = summary
    eval_app.command(kind)(command)


_command("incidents", "Incident sets (fakes-dev, isaf-dev, centcom): as ../shared/tools/score_incidents.py.")
_command("merge", "Cross-source incident merging (fakes-dev): as ../shared/tools/score_merge.py.")
_command(MERGED_KIND, "Cross-source merging of the pipeline's events into incidents (fakes-dev), then scored as "
                      "../shared/tools/score_merge.py; --score-export merges and scores an export instead.")
_command("plover", "PLOVER event types of single sentences (plover-gsr): as ../shared/tools/score_plover.py.")
_command("timex", "Time expressions (wikiwars): as ../shared/tools/score_mentions.py timex.")
_command("geo", "Toponyms and their coordinates (geovirus): as ../shared/tools/score_mentions.py geo.")


@eval_app.command("gold")
def gold(
    gold_json: Annotated[Path, typer.Argument(help="a hand-coded gold file, e.g. ../shared/gold/X.gold.json")],
    errors: ErrorsOpt = 0,
    export: ExportOpt = None,
    check: CheckOpt = False,
    update_baseline: UpdateOpt = False,
    allow_regression: AllowOpt = False,
    baseline: BaselineOpt = None,
    score_export: ScoreOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """The article a gold file codes (its doc.file and sidecar): as ../shared/tools/score_gold.py."""
    run = _Run(errors=errors, export=export, check=check, update=update_baseline, allow=allow_regression,
               baseline=baseline, score_export=score_export, config=config, sets=set_, quiet=quiet)
    _one(["gold"], gold_json, run)


@eval_app.command("all")
def all_(
    root: Annotated[Path | None, typer.Argument(help="a ../shared-like folder (eval/* sets, gold/*.gold.json) "
                                                     "or its eval folder; default: ../shared")] = None,
    errors: ErrorsOpt = 0,
    check: CheckOpt = False,
    update_baseline: UpdateOpt = False,
    allow_regression: AllowOpt = False,
    baseline: BaselineOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Every evaluation found under ROOT: each set with the scorers its gold calls for, and the gold files."""
    folder = root or gate.default_path().parents[2] / "shared"
    if not folder.is_dir():
        err.print(Text(f"error {folder}: no such folder; give the shared data folder (with eval/ and gold/)",
                       style="bold red"))
        raise typer.Exit(2)
    found = discover(folder)
    if not found:
        err.print(Text(f"error {folder}: no evaluation set (docs.jsonl + gold.jsonl) or gold file in it",
                       style="bold red"))
        raise typer.Exit(2)
    run = _Run(errors=errors, check=check, update=update_baseline, allow=allow_regression, baseline=baseline,
               config=config, sets=set_, quiet=quiet)
    try:
        for path, kinds in found:
            run.run(kinds, path)
    except InputError as exc:
        err.print(Text(f"error {exc}", style="bold red"))
        raise typer.Exit(2) from exc
    except EventLedgerError as exc:
        err.print(Text(f"error {exc}", style="bold red"))
        raise typer.Exit(3) from exc
    run.finish()
    out.print(Text("\n".join(report.summary for report, _ in run.reports)), soft_wrap=True)

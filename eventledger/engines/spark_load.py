"""``eventledger load OUT --db ...``: a Spark job's Parquet output into a store, as a run of its own.

Reads the output folder with pyarrow (no JVM), in input order and with bounded memory
(:func:`eventledger.export.parquet.iter_output`), and writes each document's records in one
transaction (``Store.put_document``) and each failure with its code and reason, under a new run
whose fingerprint is the Spark job's: a later local ``process`` of the same inputs with the same
settings finds these documents current. The documents stored are then merged into cross-source
incidents exactly as the local engine merges the documents of a run (``incidents.merge``), so the
store ends as a local run would leave it. Loading the same output again changes no record: every
document is found unchanged (the new run says so).
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import StorageError
from ..export.parquet import iter_output, read_manifest
from ..model import Failure
from ..settings import Settings, load_settings
from ..storage.base import E_RECORD, ResumableStore, Store
from .local import DocOutcome, RunReport, _merge_incidents
from .runs import job_key, new_run_id


def load_output(folder: str | Path, store: Store, *, settings: Settings | None = None,
                on_outcome: Callable[[DocOutcome], None] | None = None) -> RunReport:
    """Put a Parquet output's documents and failures into ``store`` as a new run ``load FOLDER``.

    ``settings`` decide the incident merge after loading (default settings when omitted).

    Raises:
        StorageError: the folder is not a complete output this version reads (E515), or the store
            cannot be written (the run then stays unfinished; loading again is safe).
    """
    started = time.perf_counter()
    path = Path(folder)
    manifest = read_manifest(path)
    config_hash = str(manifest.get("config_hash") or "")
    command = shlex.join(["load", str(folder)])
    resumable = isinstance(store, ResumableStore)
    workdir = os.getcwd() if resumable else None
    report = RunReport(new_run_id(job_key(command, [str(folder)], workdir, config_hash)))
    if resumable:
        store.start_run(report.run_id, command=command, config_hash=config_hash, inputs=[str(folder)],
                        workdir=workdir)  # type: ignore[call-arg]
    else:
        store.start_run(report.run_id, command=command, config_hash=config_hash, inputs=[str(folder)])

    stored: list[str] = []  # merged into incidents at the end, as the local engine merges a run's

    def count(outcome: DocOutcome) -> None:
        report.tally(outcome)
        if outcome.status == "stored":
            stored.append(str(outcome.doc_id))
        if on_outcome is not None:
            on_outcome(outcome)

    def fail(failure: Failure) -> None:
        store.record_failure(report.run_id, failure)
        count(DocOutcome(failure.source, failure.doc_id, "failed", failure))

    for item in iter_output(path):
        if item.failure is not None:
            fail(item.failure)
            continue
        records = item.records or []
        head = records[0]
        try:
            changed = store.put_document(records, run_id=report.run_id)
        except StorageError as exc:
            if exc.code != E_RECORD:  # the store itself is unusable: stop (loading again is safe)
                raise
            fail(Failure(head.get("source_id") or head["doc_id"], exc.code, exc.message, head["doc_id"]))
            continue
        kinds = [r["record"] for r in records]
        report.events += kinds.count("event")
        report.statements += kinds.count("statement")
        report.mentions += kinds.count("mention")
        count(DocOutcome(head.get("source_id"), head["doc_id"], "stored" if changed else "unchanged"))
    # Before the run is finished, as in the local engine: a merge that fails leaves it unfinished.
    _merge_incidents(store, settings or load_settings(), stored)
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.summary())
    return report


__all__ = ["load_output"]

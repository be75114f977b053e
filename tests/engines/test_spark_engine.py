"""The Spark engine for real on local[2]: the local engine's records byte for byte, bad inputs kept
as failures, inputs Spark lists itself (URIs), Parquet read back, idempotent loads, the command line.

One SparkSession for the whole test session (the JVM starts once); the corpus is the bundled
CENTCOM examples plus inputs that must fail, processed once by each engine.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventledger.engines.local import RunReport, run
from eventledger.engines.runs import fingerprint
from eventledger.engines.spark import SparkReport, run_spark, spark_session
from eventledger.engines.spark_load import load_output
from eventledger.engines.workers import process_batch
from eventledger.errors import ConfigError, ResourceError
from eventledger.export.parquet import DATASETS, MANIFEST, iter_output, read_manifest
from eventledger.interfaces.cli import app
from eventledger.model import Document
from eventledger.settings import Settings, load_settings
from eventledger.stages.ingest import iter_documents
from eventledger.storage import MemoryStore, SQLiteStore
from eventledger.storage.base import dumps

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pytestmark = [pytest.mark.spark, pytest.mark.model]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MOSUL = "Near Mosul, two airstrikes destroyed an ISIL vehicle and damaged an ISIL bridge."


@pytest.fixture(scope="session")
def spark() -> Any:
    """A real Spark on two local cores, started the way the engine starts it (quiet, loopback only)."""
    session = spark_session("local[2]")
    yield session
    session.stop()


def _corpus(folder: Path) -> Path:
    """The bundled examples, an article read twice, a sidecar, an HTML page and inputs that fail."""
    folder.mkdir()
    shutil.copy(EXAMPLES / "centcom-strikes.jsonl", folder / "centcom-strikes.jsonl")
    first = (EXAMPLES / "centcom-strikes.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (folder / "extra.jsonl").write_text("\n".join([
        first,  # the same article as line 1 of the examples: one document, read twice
        '{"id": "broken", "text": ',  # malformed JSON
        json.dumps({"id": "no-text", "published": "2015-01-02"}),  # no article in it
    ]) + "\n", encoding="utf-8")
    (folder / "note.txt").write_text("Near Sinjar, three airstrikes struck an ISIL tactical unit and destroyed "
                                     "an ISIL fighting position.\n", encoding="utf-8")
    (folder / "note.meta.json").write_text(json.dumps({"published": "2015-03-04", "outlet": "Sidecar Wire"}),
                                           encoding="utf-8")
    (folder / "page.html").write_text(
        "<!doctype html><html><head><title>Strike</title></head><body><article><p>Near Ramadi, an airstrike "
        "destroyed an ISIL vehicle on Tuesday, the coalition said in a statement.</p></article></body></html>",
        encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes("Les frappes a\xe9riennes ont touch\xe9 la ville.".encode("latin-1"))
    (folder / "french.txt").write_text(
        "Les forces gouvernementales ont bombardé la ville pendant la nuit et les habitants ont fui vers "
        "les villages voisins, selon les témoins qui ont parlé à notre correspondant sur place.",
        encoding="utf-8")
    return folder


@dataclass
class Both:
    """The corpus processed by the local engine (into a store) and by Spark (into Parquet)."""

    folder: Path
    out: Path
    settings: Settings
    local: RunReport
    local_records: list[dict[str, Any]]  # what the local engine's run left in its store
    per_document: list[list[dict[str, Any]]]  # each document's records as the local engine makes them
    spark: SparkReport


@pytest.fixture(scope="module")
def both(spark: Any, pipeline: Any, base_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Both:
    root = tmp_path_factory.mktemp("spark")
    folder = _corpus(root / "in")
    store = MemoryStore()
    local = run([str(folder)], store, base_settings, pipeline=pipeline)
    records = list(store.iter_records())
    store.close()
    # The records the local engine hands to the store, document by document (its per-batch function).
    docs = [d for d in iter_documents([str(folder)], settings=base_settings) if isinstance(d, Document)]
    per_document = [r.records for r in process_batch(pipeline, docs) if r.records is not None]
    firsts = {recs[0]["doc_id"]: recs for recs in reversed(per_document)}
    per_document = [recs for recs in per_document if firsts[recs[0]["doc_id"]] is recs]
    out = root / "out"
    report = run_spark([str(folder)], out, base_settings, spark=spark)
    return Both(folder, out, base_settings, local, records, per_document, report)


def _failures(report: Any) -> list[tuple[Any, ...]]:
    return [(f.source, f.code, f.reason, f.doc_id) for f in report.failures]


def test_spark_records_are_the_local_engines_byte_for_byte(both: Both) -> None:
    assert both.local.stored > 20 and both.local.failed == 6 and len(both.per_document) == both.local.stored
    spark_records = [[dumps(r) for r in item.records] for item in iter_output(both.out) if item.records]
    local_records = [[dumps(r) for r in records] for records in both.per_document]
    assert sorted(r for doc in spark_records for r in doc) == sorted(r for doc in local_records for r in doc)
    assert spark_records == local_records  # in input order too, each document's records in their order
    # Loaded, the store is the one the local run left (incidents merged alike): its export, line for line.
    store = MemoryStore()
    loaded = load_output(both.out, store, settings=both.settings)
    assert [dumps(r) for r in store.iter_records()] == [dumps(r) for r in both.local_records]
    assert (loaded.stored, loaded.failed) == (both.local.stored, both.local.failed)
    store.close()


def test_bad_inputs_fail_one_by_one_with_the_local_engines_codes_and_reasons(both: Both) -> None:
    report = both.spark
    assert _failures(report) == _failures(both.local)
    assert {f.code for f in report.failures} == {"E201", "E202", "E203", "E205", "E206"}
    # Every article read is accounted for; the article read twice is written once.
    assert (report.written, report.duplicates, report.failed) == (both.local.stored, 1, 6)
    assert report.documents == report.written + report.duplicates + report.failed
    assert report.events == sum(r["record"] == "event" for records in both.per_document for r in records)
    manifest = read_manifest(both.out)
    assert manifest["summary"]["failed"] == 6 and manifest["config_hash"] == fingerprint(both.settings)
    assert {p.name for p in both.out.iterdir()} == {MANIFEST, *DATASETS}


def test_sidecar_and_html_inputs_are_read_as_the_local_engine_reads_them(both: Both) -> None:
    docs = {r["source_id"]: r for item in iter_output(both.out) for r in (item.records or [])[:1]}
    note = docs[str(both.folder / "note.txt")]
    assert (note["published"], note["outlet"]) == ("2015-03-04", "Sidecar Wire")
    assert "Ramadi" in docs[str(both.folder / "page.html")]["text"]


def test_inputs_spark_lists_itself_give_the_same_records(both: Both, spark: Any, tmp_path: Path) -> None:
    uri = "file:" + str(both.folder)
    report = run_spark([uri], tmp_path / "out", both.settings, spark=spark)
    # Named by the URI Spark lists (file:/...), otherwise the same records and the same failures.
    local = [dumps(r) for records in both.per_document for r in records]
    listed = [dumps(r).replace(uri, str(both.folder)) for item in iter_output(tmp_path / "out")
              for r in item.records or []]
    assert sorted(listed) == sorted(local)
    assert [tuple(str(v).replace(uri, str(both.folder)) if v else v for v in f) for f in _failures(report)] \
        == _failures(both.local)
    missing = run_spark([uri + "/no-such-folder"], tmp_path / "out2", both.settings, spark=spark)
    assert missing.written == 0 and [f.code for f in missing.failures] == ["E200"]


def test_load_is_idempotent_and_records_the_jobs_fingerprint(both: Both, pipeline: Any, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "ledger.sqlite")
    first = load_output(both.out, store, settings=both.settings)
    before = store.dump()
    records = [dumps(r) for r in store.iter_records()]
    second = load_output(both.out, store, settings=both.settings)
    # Nothing changes but the bookkeeping: a second run that found every document unchanged.
    assert [dumps(r) for r in store.iter_records()] == records
    assert (first.stored, first.unchanged, second.stored, second.unchanged) == (
        both.local.stored, 0, 0, both.local.stored)
    runs = store.runs()
    assert [r["command"].split()[0] for r in runs] == ["load", "load"]
    assert runs[0]["config_hash"] == read_manifest(both.out)["config_hash"]
    assert len(store.failures(runs[1]["run_id"])) == 6
    assert before != store.dump()  # (the runs table grew)
    # The local engine, same inputs and settings, finds the loaded documents current: nothing parsed again.
    again = run([str(both.folder)], store, both.settings, pipeline=pipeline)
    assert (again.stored, again.unchanged, again.failed) == (0, both.local.stored + both.local.unchanged, 6)
    assert [dumps(r) for r in store.iter_records()] == records
    store.close()


def test_a_pipeline_that_cannot_load_stops_the_job_with_its_error(spark: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MOSUL, encoding="utf-8")
    broken = load_settings(overrides={"nlp.model": "no_such_spacy_pipeline"}, environ={})
    with pytest.raises(ResourceError, match="no_such_spacy_pipeline"):
        run_spark([str(folder)], tmp_path / "out", broken, spark=spark)
    assert not (tmp_path / "out" / MANIFEST).exists()


def test_an_out_folder_that_is_not_an_output_is_left_alone(spark: Any, base_settings: Settings,
                                                           tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ConfigError, match="not an eventledger Parquet output"):
        run_spark([str(EXAMPLES / "centcom-strikes.jsonl")], tmp_path / "mine", base_settings, spark=spark)
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    with pytest.raises(ConfigError, match="standard input"):
        run_spark(["-"], tmp_path / "new", base_settings, spark=spark)


def test_cli_process_with_spark_then_load(spark: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MOSUL + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    result = runner.invoke(app, ["process", "--engine", "spark", "--master", "local[2]", str(folder),
                                 "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output  # one input failed, named with its reason
    assert f"{folder / 'b.txt'}: [E201]" in result.output and "eventledger load" in result.output
    out = tmp_path / "ledger.parquet"  # the default: beside the database
    assert (out / MANIFEST).is_file() and not db.exists()
    for _ in range(2):
        loaded = runner.invoke(app, ["load", str(out), "--db", str(db), "--quiet"])
        assert loaded.exit_code == 1 and "E201" in loaded.output, loaded.output
    store = SQLiteStore(db)
    assert store.counts()["documents"] == 1 and [r["outcomes"] for r in store.runs()] == [
        {"stored": 1, "unchanged": 0, "failed": 1}, {"stored": 0, "unchanged": 1, "failed": 1}]
    store.close()
    usage = runner.invoke(app, ["process", "--master", "local[2]", str(folder), "--db", str(db)])
    assert usage.exit_code == 2 and "--engine spark" in usage.output

"""The Spark engine: the same pipeline on Apache Spark, results written as Parquet.

``eventledger process --engine spark [--master local[2]|spark://HOST:7077] INPUT... --out DIR``

1. The driver lists the inputs. A local path (no ``scheme:``) is listed exactly as the local
   engine lists it (same order, same source names, sidecars, the same failure for a missing input
   or an empty folder) and read by the executors from the file system (in a cluster: a path every
   node sees). A URI (``file:``, ``hdfs:``, ``s3a:`` ...) is listed and read through Spark's own
   file systems (``binaryFile``); its documents are named by their full URI.
2. Executors turn each file into articles with the local engine's ingest code; a shuffle keyed by
   the document id spreads them over the partitions and keeps one read of an article given twice.
3. ``mapPartitions`` runs each partition through the local engine's per-batch function with one
   pipeline (one spaCy model) per executor process, kept for every partition it runs.
4. Every record kind is written as a Parquet dataset sorted in input order, with the failures
   (code and reason) beside them, then the manifest (:mod:`eventledger.export.parquet`).

``eventledger load OUT --db ...`` (:mod:`.spark_load`) then puts the records into a store. The
records are byte-identical to what the local engine stores for the same inputs and settings.

Spark is kept quiet and local by default: log level WARN, no UI, no progress bars, and for a
``local[...]`` master the driver binds to 127.0.0.1 and the executors run this very Python.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import ConfigError, EmptyInputError, EventLedgerError, InputError, ResourceError
from ..export.parquet import DATASETS, FAILURE, FORMAT, MANIFEST, columns, layout, row_failure
from ..model import Failure
from ..settings import Settings
from ..stages.ingest.core import _Options
from ..storage.base import dumps
from .runs import fingerprint, job_key, new_run_id
from .spark_tasks import (
    InputFile,
    Planned,
    add,
    first_of,
    keyed,
    kind_rows,
    plan_local,
    process_partition,
    read_input,
    remote_sidecar,
    tally,
)
from .workers import DEFAULT_FACTORY, raise_fatal

LOGGER = logging.getLogger(__name__)

#: Error codes of the Spark engine: Spark cannot be used here (not installed, no Java), and a
#: Spark job that failed for a reason other than one document (see the executor errors above it).
E_SPARK_UNAVAILABLE = "E310"
E_SPARK_JOB = "E311"
#: The master when none is given and the job is not run by spark-submit: every core of this machine.
DEFAULT_MASTER = "local[*]"
#: Partitions of the processing stage per core Spark offers: a few per core so that a slow
#: partition does not leave a core idle at the end (the pipeline is loaded once per process anyway).
PARTITIONS_PER_CORE = 4
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
#: Settings for a Spark this engine starts: quiet, no UI, no progress bars.
QUIET_CONF = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
#: ... and for a local master: only the loopback interface, executors in this very Python.
LOCAL_CONF = {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}


def is_uri(given: str) -> bool:
    """True when an input names a URI Spark reads (``scheme:...``), not a local path."""
    return bool(_SCHEME.match(given))


def output_uri(out: str | Path) -> str:
    """The URI Spark writes an output folder to (a local path becomes ``file:`` + absolute path)."""
    text = str(out)
    return text if is_uri(text) else "file:" + str(Path(text).resolve())


# --------------------------------------------------------------------------- the session


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Variables set while the JVM starts (it copies the environment), then restored."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update({name: value for name, value in values.items() if name not in os.environ})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _log_config() -> str:
    """The packaged log4j2 settings (WARN; Hadoop's native-library notice silenced)."""
    return str(resources.files("eventledger").joinpath("engines", "spark-log4j2.properties"))


def spark_session(master: str | None = None, app_name: str = "eventledger") -> Any:
    """A SparkSession for the engine: the one this process runs if any, else one started quiet.

    ``master`` None: the master spark-submit gives, else ``local[*]``. A ``local[...]`` master binds
    the driver to 127.0.0.1 only, and its executors run this Python (``PYSPARK_PYTHON``, unless set).

    Raises:
        ResourceError (E310): pyspark is not installed, or Spark cannot start (no Java).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ResourceError("the Spark engine needs pyspark: install the spark extra "
                            "(pip install 'eventledger[spark]'), or use --engine local",
                            code=E_SPARK_UNAVAILABLE) from exc
    if _running():
        return SparkSession.builder.getOrCreate()  # this process's running session, as it is
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # run by spark-submit: the JVM exists already
    if master is None and not submitted:
        master = DEFAULT_MASTER
    builder = SparkSession.builder.appName(app_name)
    conf = dict(QUIET_CONF)
    local = master is not None and master.startswith("local")
    if master is not None:
        builder = builder.master(master)
    if local:
        conf.update(LOCAL_CONF)
    if not submitted:
        # The driver JVM only schedules, shuffles and writes: the quick compiler alone costs it half
        # the CPU time (measured: bench/bench_spark.py), CPU the Python executors want.
        conf["spark.driver.extraJavaOptions"] = (f"-XX:TieredStopAtLevel=1 "
                                                 f"-Dlog4j2.configurationFile=file:{_log_config()}")
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        # pyspark reads PYSPARK_PYTHON when the context starts: local executors run this Python
        # (with eventledger installed), not whatever `python3` is first on the PATH.
        with _environment(**({"SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable} if local else {})):
            session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - Java missing, a bad master URL: Spark raises many kinds
        raise ResourceError(f"Spark could not start with master {master!r} ({type(exc).__name__}: "
                            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}); check that "
                            "Java 17+ is installed (java -version) and the master URL", code=E_SPARK_UNAVAILABLE
                            ) from exc
    session.sparkContext.setLogLevel("WARN")
    return session


def _running() -> bool:
    """True when this process already runs a SparkContext (the engine then uses it and leaves it running)."""
    try:
        from pyspark import SparkContext
    except ImportError:
        return False
    return SparkContext._active_spark_context is not None


# --------------------------------------------------------------------------- the file system


class _FileSystem:
    """The Hadoop file system of a URI, through Spark's JVM (any file system Spark writes)."""

    def __init__(self, spark: Any, uri: str) -> None:
        context = spark.sparkContext
        self._jvm = context._jvm
        self.path = self._jvm.org.apache.hadoop.fs.Path(uri)
        self.fs = self.path.getFileSystem(context._jsc.hadoopConfiguration())

    def child(self, name: str) -> Any:
        return self._jvm.org.apache.hadoop.fs.Path(self.path, name)

    def prepare_output(self, shown: str) -> None:
        """Make sure the output folder is new, empty, or an earlier output (whose manifest goes first)."""
        if not self.fs.exists(self.path):
            return
        if not self.fs.getFileStatus(self.path).isDirectory():
            raise ConfigError(f"--out {shown} is a file; give a folder for the Parquet output")
        manifest = self.child(MANIFEST)
        if self.fs.exists(manifest):
            # An earlier output is replaced; until this job writes its manifest it is incomplete.
            self.fs.delete(manifest, False)
        elif len(self.fs.listStatus(self.path)):
            raise ConfigError(f"--out {shown} exists and is not an eventledger Parquet output; give a new "
                              "or empty folder (nothing in it was changed)")

    def write_manifest(self, text: str) -> None:
        """Write the manifest (last: it marks the output complete)."""
        self.fs.setWriteChecksum(False)  # no hidden .crc beside it on a local file system
        stream = self.fs.create(self.child(MANIFEST), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()


# --------------------------------------------------------------------------- the report


@dataclass(slots=True)
class SparkReport:
    """What a Spark job did: counts per outcome, every failure with its reason, where it wrote.

    ``documents == written + duplicates + failed`` covers every article read; ``duplicates``
    counts the reads of an article already read from another input (written once).
    """

    run_id: str  # the job's id (recorded in the manifest, and by `eventledger load`)
    out: str
    master: str
    documents: int = 0
    written: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    statements: int = 0
    mentions: int = 0
    seconds: float = 0.0
    partitions: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return self.failed == 0

    def summary(self) -> dict[str, Any]:
        """The counts printed at the end of ``eventledger process --engine spark`` (and in the manifest)."""
        return {"documents": self.documents, "written": self.written, "duplicates": self.duplicates,
                "failed": self.failed, "events": self.events, "statements": self.statements,
                "mentions": self.mentions, "seconds": round(self.seconds, 3), "partitions": self.partitions,
                "master": self.master, "out": self.out}


# --------------------------------------------------------------------------- the job


def _decoded(uri: str) -> str:
    """A listed file URI in the form Spark's ``path`` column gives it (``file:/a b``, not ``file:///a%20b``)."""
    return unquote(re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*):///", r"\1:/", uri))


@dataclass(slots=True)
class _Plan:
    """Every input file (and every input that failed before reading) in input order, the sidecars
    of the inputs Spark lists, and the frames that read those inputs' bytes."""

    files: list[Planned] = field(default_factory=list)
    sidecars: dict[str, bytes] = field(default_factory=dict)
    frames: list[tuple[Any, dict[str, InputFile]]] = field(default_factory=list)  # (frame, its files by path)


def _plan(spark: Any, inputs: Sequence[str]) -> _Plan:
    """List the inputs: local paths as the local engine does, URIs through Spark's file sources."""
    from pyspark.errors import AnalysisException
    from pyspark.sql.functions import col

    plan = _Plan()
    for given in inputs:
        if not is_uri(given):
            plan.files += plan_local(given, len(plan.files))
            continue
        try:
            frame = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(given)
            listed = sorted({_decoded(uri) for uri in frame.inputFiles()})
            # The file sources skip empty files when they read: those are known by their length.
            sizes = {row.path: row.length for row in frame.select("path", "length").collect()}
        except AnalysisException as exc:
            err = InputError(f"{given}: cannot be listed ({str(exc).strip().splitlines()[0]})", source=given)
            plan.files.append((len(plan.files), Failure(given, err.code, err.message)))
            continue
        files = [path for path in listed if not path.endswith(".meta.json")]
        if not files:
            empty = EmptyInputError(f"{given}: no input files in it", source=given)
            plan.files.append((len(plan.files), Failure(given, empty.code, empty.message)))
        metas: list[str] = []
        entries: dict[str, InputFile] = {}
        for path in files:
            meta = remote_sidecar(path, set(listed))
            metas += [meta] if meta else []
            entry = InputFile(len(plan.files), path, path, path, False, meta, meta, size=sizes.get(path, 0))
            plan.files.append(entry)
            if entry.size:
                entries[path] = entry
        if metas:
            plan.sidecars.update({path: b"" for path in metas})
            rows = frame.where(col("path").isin(metas)).select("path", "content").collect()
            plan.sidecars.update({row.path: bytes(row.content) for row in rows})
        if entries:
            plan.frames.append((frame.where(col("path").isin(list(entries))).select("path", "content"), entries))
    return plan


def _spark_schema(dataset: str) -> Any:
    """The Spark schema of a dataset (JSON columns are strings)."""
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    types = {"string": StringType(), "json": StringType(), "double": DoubleType(), "long": LongType()}
    return StructType([StructField(name, types[typ], True) for name, typ in columns(dataset)])


def _read(spark: Any, plan: _Plan, settings: Settings, published: str | None, outlet: str | None,
          slices: int) -> Any:
    """The RDD of ``(shuffle key, (input key, Document | Failure, 1))`` of every input."""
    context = spark.sparkContext
    files = [p for p in plan.files if isinstance(p, InputFile)]
    # Read from the file system here: local files, and the empty files Spark's file sources skip.
    direct = [p for p in files if p.local or not p.size]
    failed = [keyed((index, 0), failure) for index, failure in (p for p in plan.files if isinstance(p, tuple))]
    parts = [context.parallelize(failed, 1)] if failed else []
    if direct:
        parts.append(context.parallelize(direct, max(1, min(len(direct), slices)))
                     .flatMap(partial(_read_local, settings=settings, published=published, outlet=outlet)))
    for frame, entries in plan.frames:
        parts.append(frame.rdd.flatMap(partial(_read_remote, entries=entries, sidecars=plan.sidecars,
                                               settings=settings, published=published, outlet=outlet)))
    if not parts:
        return context.emptyRDD()
    return parts[0] if len(parts) == 1 else context.union(parts)


def _read_local(entry: InputFile, *, settings: Settings, published: str | None, outlet: str | None) -> Any:
    """Executor: one input file read from the file system (or an empty one Spark listed)."""
    return read_input(entry, settings, published, outlet)


def _read_remote(row: Any, *, entries: dict[str, InputFile], sidecars: dict[str, bytes], settings: Settings,
                 published: str | None, outlet: str | None) -> Any:
    """Executor: one file Spark read."""
    return read_input(entries[row.path], settings, published, outlet, bytes(row.content), sidecars)


def run_spark(inputs: Sequence[str | Path], out: str | Path, settings: Settings, *, spark: Any | None = None,
              master: str | None = None, published: str | None = None, outlet: str | None = None,
              partitions: int | None = None, pipeline_factory: str = DEFAULT_FACTORY,
              command: str = "process --engine spark") -> SparkReport:
    """Process inputs on Spark into a Parquet output folder and return the job's report.

    Args:
        inputs: local files or folders (as the local engine reads them), or URIs Spark reads.
        out: the output folder (a local path or a URI); new, empty, or an earlier output (replaced).
        settings: validated settings (shipped to the executors with the job).
        spark: a running SparkSession to use (left running); else the one this process runs, or one
            started here (and stopped at the end).
        master: the master for a session started here (see :func:`spark_session`).
        published, outlet: metadata for bare text inputs (``--published``/``--outlet``).
        partitions: partitions of the processing stage (default: 4 per core Spark offers).
        pipeline_factory: ``module:callable`` building each executor's pipeline from Settings.
        command: what the manifest records as the job's command.

    Raises:
        ConfigError: a bad option (standard input, an --out that is not an output folder).
        ResourceError: Spark cannot start, or the pipeline cannot be loaded on the executors.
        EventLedgerError (E311): the Spark job failed (see Spark's errors above it).
    """
    started = time.perf_counter()
    given = [str(i) for i in inputs]
    if not given:
        raise ConfigError("no inputs given; name files, folders or URIs to process")
    owned = spark is None and not _running()
    session = spark if spark is not None else spark_session(master)
    try:
        return _job(session, given, out, settings, published=published, outlet=outlet, partitions=partitions,
                    factory=pipeline_factory, command=command, started=started)
    except EventLedgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - a Py4J/Spark failure: one line, the details are logged above
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EventLedgerError(f"the Spark job failed ({type(exc).__name__}: {first}); see Spark's errors "
                               "above; nothing was loaded into any store", code=E_SPARK_JOB) from exc
    finally:
        if owned:
            session.stop()


def _job(spark: Any, given: list[str], out: str | Path, settings: Settings, *, published: str | None,
         outlet: str | None, partitions: int | None, factory: str, command: str, started: float) -> SparkReport:
    """The job itself (see :func:`run_spark`)."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    uri = output_uri(out)
    config_hash = fingerprint(settings)
    workdir = os.getcwd()
    report = SparkReport(new_run_id(job_key(command, given, workdir, config_hash)), str(out), context.master)
    count = partitions or PARTITIONS_PER_CORE * max(1, context.defaultParallelism)
    if count < 1:
        raise ConfigError(f"partitions must be at least 1, not {count}")
    report.partitions = count
    _Options(settings, published, outlet)  # a bad --published is a usage error here, not on every executor
    filesystem = _FileSystem(spark, uri)
    filesystem.prepare_output(str(out))
    items = _read(spark, _plan(spark, given), settings, published, outlet, count)
    # One read per article (the first in input order), spread over the partitions by document id.
    unique = items.reduceByKey(first_of, numPartitions=count).values()
    results = unique.mapPartitions(partial(_process, settings=settings, factory=factory,
                                           batch_docs=int(settings["engine"]["batch_docs"])))
    results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        # One job over every partition at once computes (and keeps) every result.
        docs, failed, events, statements, mentions, reads, fatal = results.map(tally).fold((0,) * 7, add)
        if fatal:
            raise_fatal(results.filter(lambda r: r[1][0] == "fatal").first()[1][1])
        failures = results.filter(lambda r: r[1][0] == FAILURE).map(lambda r: (r[0], r[1][1])).collect()
        # Written in as many part files per dataset as Spark has cores (a task per file costs more
        # than the rows), each sorted by input key: `load` merges them back into input order. The
        # datasets are written at once (one job each, from threads), so no core waits for the next.
        written = results.coalesce(max(1, min(count, context.defaultParallelism)))

        def write(name: str) -> None:
            order = [c for c, _ in columns(name) if c.startswith(("input_", "record_"))]
            frame = spark.createDataFrame(written.flatMap(kind_rows(name)), _spark_schema(name))
            frame.sortWithinPartitions(*order).write.mode("overwrite").parquet(f"{uri.rstrip('/')}/{name}")

        with ThreadPoolExecutor(len(DATASETS), thread_name_prefix="eventledger-write") as pool:
            list(pool.map(write, DATASETS))
    finally:
        results.unpersist()
    names = [c for c, _ in columns(FAILURE)]
    report.failures = [row_failure(dict(zip(names, row, strict=True))) for _, row in sorted(failures)]
    report.documents, report.written, report.failed = reads, docs, failed
    report.duplicates = reads - docs - failed
    report.events, report.statements, report.mentions = events, statements, mentions
    report.seconds = time.perf_counter() - started
    from .. import __version__

    manifest = {"format": FORMAT, "job": report.run_id, "command": command, "inputs": given, "workdir": workdir,
                "config_hash": config_hash, "eventledger": __version__,
                "created": datetime.now(UTC).isoformat(timespec="seconds"), "summary": report.summary(),
                "layout": layout()}
    filesystem.write_manifest(dumps(manifest) + "\n")
    return report


def _process(items: Any, *, settings: Settings, factory: str, batch_docs: int) -> Any:
    """Executor: one partition through the pipeline."""
    return process_partition(items, settings=settings, factory=factory, batch_docs=batch_docs)


__all__ = ["DEFAULT_MASTER", "E_SPARK_JOB", "E_SPARK_UNAVAILABLE", "SparkReport", "is_uri", "output_uri",
           "run_spark", "spark_session"]

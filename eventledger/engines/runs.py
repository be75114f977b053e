"""What makes two invocations "the same job": the run's command line, inputs, folder and fingerprint.

A run that was interrupted (``kill -9``, a power cut, Ctrl-C) is never finished in the store. The
same command, from the same folder, with the same inputs and the same output-relevant settings
finds that unfinished run and resumes it instead of starting a new one: every document whose
outcome is already committed in it is skipped, so only the missing ones are processed.

The *fingerprint* is what decides whether a stored document is still current: a hash of the
settings that change what is extracted (not the engine or the database path), the eventledger
version and the knowledge files under ``eventledger/data``. A document stored under the same
fingerprint is not parsed again on a later run (``--reprocess`` forces it).
"""

from __future__ import annotations

import hashlib
import json
import shlex
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..settings import Settings

#: Settings sections that do not change what is extracted (how it runs, where it is stored).
RUNTIME_SECTIONS: frozenset[str] = frozenset({"engine", "store", "incidents"})
#: Commands a run can record; `retry RUN` re-processes the failed inputs of RUN.
COMMANDS: frozenset[str] = frozenset({"process", "retry"})


#: Knowledge files read only after the document records exist (they do not decide them).
_AFTER_RECORDS = frozenset({"merge_model.json"})


@lru_cache(maxsize=1)
def _knowledge_digest() -> str:
    """A hash of every knowledge file the extractors read (they change results as code does)."""
    digest = hashlib.sha256()
    folder = resources.files("eventledger").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        # Cross-document merging runs after a document's records are made and never changes them.
        if entry.is_file() and entry.name.endswith(".json") and entry.name not in _AFTER_RECORDS:
            digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(settings: Settings) -> str:
    """A short hash of everything that decides a document's records (recorded as the run's config_hash)."""
    from .. import __version__

    relevant = {section: keys for section, keys in settings.data.items() if section not in RUNTIME_SECTIONS}
    blob = json.dumps([relevant, __version__, _knowledge_digest()], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A run's command as recorded in the store: ``process``/``retry RUN`` and the options that
    change which documents are read (``--published``, ``--outlet``) or re-parsed (``--reprocess``)."""

    name: str
    target: str | None = None  # the run a retry re-processes
    published: str | None = None
    outlet: str | None = None
    reprocess: bool = False

    def text(self) -> str:
        """The recorded form, e.g. ``process --published 2024-02-08 --outlet 'AP News'``."""
        words = [self.name] + ([self.target] if self.target else [])
        if self.published is not None:
            words += ["--published", self.published]
        if self.outlet is not None:
            words += ["--outlet", self.outlet]
        if self.reprocess:
            words.append("--reprocess")
        return shlex.join(words)

    @classmethod
    def parse(cls, text: str | None) -> CommandLine:
        """Read a recorded command back (ConfigError when it is not one this version writes)."""
        try:
            words = shlex.split(text or "")
        except ValueError as exc:
            raise ConfigError(f"run command {text!r} cannot be read ({exc})") from exc
        if not words or words[0] not in COMMANDS:
            raise ConfigError(f"run command {text!r} is not a `process` or `retry` run; only those "
                              "can be retried")
        name, rest = words[0], words[1:]
        target = None
        if name == "retry":
            if not rest:
                raise ConfigError(f"run command {text!r} names no run to retry")
            target, rest = rest[0], rest[1:]
        options: dict[str, Any] = {}
        while rest:
            word = rest.pop(0)
            if word == "--reprocess":
                options["reprocess"] = True
            elif word in ("--published", "--outlet") and rest:
                options[word[2:]] = rest.pop(0)
            else:
                raise ConfigError(f"run command {text!r}: unexpected {word!r}")
        return cls(name, target, **options)


def new_run_id(key: str | None = None) -> str:
    """A sortable, unique run id: UTC time, then the job's key (same job, same tail) or random hex."""
    tail = (key or uuid.uuid4().hex)[:6]
    return datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S-") + tail + "-" + uuid.uuid4().hex[:4]


def job_key(command: str, inputs: list[str], workdir: str | None, config_hash: str) -> str:
    """The hash that names a job: the same command, inputs, folder and fingerprint give the same key."""
    blob = json.dumps([command, inputs, workdir, config_hash], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def find_unfinished(runs: list[dict[str, Any]], *, command: str, inputs: list[str], workdir: str | None,
                    config_hash: str) -> str | None:
    """The latest unfinished run of this very job (to resume), or None."""
    for row in reversed(runs):
        if (row.get("finished") is None and row.get("command") == command and row.get("inputs") == inputs
                and row.get("workdir") == workdir and row.get("config_hash") == config_hash):
            return str(row["run_id"])
    return None

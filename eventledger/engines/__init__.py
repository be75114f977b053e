"""Engines: how a job runs on a machine.

- :mod:`.local`: ``run`` (ingest -> pipeline -> store, in this process or N workers, resumable)
  and ``retry`` (the failed inputs of a run again);
- :mod:`.workers`: the in-process and multi-process pools that run the pipeline on batches;
- :mod:`.runs`: what makes two invocations the same job (command, inputs, folder, fingerprint).
"""

"""Exporters: contract records out as JSON Lines (exact) or as an ACLED-style CSV."""

from .acled_csv import ACLED_COLUMNS, AcledCsvWriter, write_acled_csv
from .jsonl import write_jsonl

__all__ = ["ACLED_COLUMNS", "AcledCsvWriter", "write_acled_csv", "write_jsonl"]

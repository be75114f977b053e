"""The public surface is explicit: __all__ sorted, complete and importable."""

from __future__ import annotations

import eventledger


def test_public_api_all_is_sorted_and_importable() -> None:
    assert eventledger.__all__ == sorted(eventledger.__all__)
    for name in eventledger.__all__:
        assert hasattr(eventledger, name), name


def test_public_api_exports_process_and_settings() -> None:
    assert callable(eventledger.process)
    assert eventledger.load_settings().get("nlp.model")

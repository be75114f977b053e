"""The one exception tree of eventledger, with stable codes.

::

    EventLedgerError                 base of everything the package raises on purpose
    ├── ConfigError          E1xx    a setting is missing, unknown or has a bad value
    ├── InputError           E2xx    one input cannot become a Document (the batch goes on)
    │   ├── EmptyInputError          nothing to read (empty, whitespace only, no article body)
    │   ├── BinaryInputError         bytes that are not text
    │   ├── EncodingError            text that is not valid UTF-8 (or a declared encoding)
    │   ├── TooLargeError            over the configured size limit
    │   ├── MalformedInputError      JSON, HTML or feed that cannot be parsed
    │   └── LanguageError            not an article in a supported language
    ├── ResourceError        E3xx    a model, gazetteer or data file is missing or broken
    ├── StageError           E4xx    a stage failed on a document (a bug: reported, batch goes on)
    └── StorageError         E5xx    the store cannot be opened, migrated or written

Every message says what was wrong and what to do. ``code`` is stable and searchable; the message
text may improve.
"""

from __future__ import annotations


class EventLedgerError(Exception):
    """Base class; ``code`` is a stable identifier such as ``E201``."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class ConfigError(EventLedgerError):
    code = "E101"


class InputError(EventLedgerError):
    """One input could not become a Document. ``source`` names the input."""

    code = "E200"

    def __init__(self, message: str, *, source: str | None = None, code: str | None = None) -> None:
        self.source = source
        super().__init__(message, code=code)


class EmptyInputError(InputError):
    code = "E201"


class BinaryInputError(InputError):
    code = "E202"


class EncodingError(InputError):
    code = "E203"


class TooLargeError(InputError):
    code = "E204"


class MalformedInputError(InputError):
    code = "E205"


class LanguageError(InputError):
    code = "E206"


class ResourceError(EventLedgerError):
    code = "E301"


class StageError(EventLedgerError):
    code = "E401"


class StorageError(EventLedgerError):
    code = "E501"

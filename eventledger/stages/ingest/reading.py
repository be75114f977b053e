"""Reading input bytes safely: size limit first, then binary detection, then strict decoding."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from eventledger.errors import BinaryInputError, EmptyInputError, EncodingError, TooLargeError

# Byte-order marks, longest first (a UTF-32-LE BOM starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are left out).
_CONTROL = frozenset({*range(0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20), 0x7F})
_CONTROL_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CONTROL)) + "]")
# Share of control bytes in the sample above which the input is treated as binary.
_CONTROL_SHARE = 0.05
_SAMPLE = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def bom_encoding(data: bytes) -> str | None:
    """The Python codec a byte-order mark at the start of ``data`` declares, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def read_limited(path: Path, max_bytes: int, *, source: str) -> bytes:
    """The bytes of ``path``, refusing a file over ``max_bytes`` before reading any of it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLargeError(f"{source}: {size:,} bytes is over the limit of {max_bytes:,} "
                            f"(setting ingest.max_bytes); split the input or raise the limit",
                            source=source)
    with path.open("rb") as handle:
        # Read at most one byte more than allowed: a file growing while read is still refused.
        data = handle.read(max_bytes + 1)
    return check_size(data, max_bytes, source=source)


def read_stream_limited(stream: BinaryIO, max_bytes: int, *, source: str) -> bytes:
    """At most ``max_bytes`` from a stream (stdin), refusing a stream that has more."""
    return check_size(stream.read(max_bytes + 1), max_bytes, source=source)


def check_size(data: bytes, max_bytes: int, *, source: str) -> bytes:
    """``data`` unchanged, or TooLargeError when it is over ``max_bytes``."""
    if len(data) > max_bytes:
        raise TooLargeError(f"{source}: more than {max_bytes:,} bytes (setting ingest.max_bytes); "
                            f"split the input or raise the limit", source=source)
    return data


def check_not_binary(data: bytes, *, source: str) -> None:
    """Raise BinaryInputError for bytes that are not text (NUL bytes or many control bytes)."""
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return  # NUL bytes are how UTF-16/32 spell ASCII; the decoded text is checked instead
    sample = data[:_SAMPLE]
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise BinaryInputError(f"{source}: binary data, not text (NUL byte at offset {nul}); "
                               f"give a text, HTML, feed or JSON Lines file", source=source)
    if sample:
        controls = sum(sample.count(bytes([byte])) for byte in _CONTROL)
        if controls / len(sample) > _CONTROL_SHARE:
            raise BinaryInputError(f"{source}: binary data, not text ({controls} control bytes in the "
                                   f"first {len(sample)}); give a text, HTML, feed or JSON Lines file",
                                   source=source)


def decode_text(data: bytes, *, source: str, encodings: list[str] | None = None,
                fallback: str | None = None) -> str:
    """Decode strictly: UTF-8 (a BOM is dropped), or the encoding a BOM or ``fallback`` declares.

    ``encodings`` lists the codecs allowed (setting ``ingest.encodings``); ``fallback`` is an
    encoding the input itself declares (an HTML ``<meta charset>``), tried when UTF-8 fails.
    Never guesses: bytes that fit none of these raise EncodingError naming the first bad byte.
    """
    allowed = [codecs.lookup(name).name for name in (encodings or ["utf-8", "utf-16"])]
    declared = bom_encoding(data)
    if declared is not None:
        family = codecs.lookup("utf-8" if declared == "utf-8-sig" else declared).name
        if family not in allowed:
            raise EncodingError(f"{source}: the byte-order mark declares {family}, which is not in "
                                f"ingest.encodings ({', '.join(allowed)}); convert the file to UTF-8",
                                source=source)
        try:
            return data.decode(declared)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{source}: not valid {family} although its byte-order mark says so "
                                f"(bad byte at offset {exc.start}); convert the file to UTF-8",
                                source=source) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback:
            try:
                return data.decode(fallback)
            except (LookupError, UnicodeDecodeError):
                pass
        bad = data[exc.start:exc.start + 1].hex()
        raise EncodingError(f"{source}: not valid UTF-8 (byte 0x{bad} at offset {exc.start}); "
                            f"convert the file to UTF-8 (or save it with a UTF-8/UTF-16 byte-order "
                            f"mark)", source=source) from exc


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` near its start, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match[1].decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def check_text(text: str, *, source: str) -> str:
    """``text`` unchanged, or EmptyInputError / BinaryInputError when it holds no readable text."""
    if not text.strip():
        what = "empty" if not text else "whitespace only"
        raise EmptyInputError(f"{source}: {what}, there is no article to read", source=source)
    sample = text[:_SAMPLE]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls / len(sample) > _CONTROL_SHARE:
        raise BinaryInputError(f"{source}: decodes to control characters, not text ({controls} in the "
                               f"first {len(sample)} characters)", source=source)
    return text


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the one line ending every later stage assumes)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")

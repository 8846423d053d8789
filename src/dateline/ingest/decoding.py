"""Bytes to text, refusing binary files and explaining bad encodings.

Everything read is decoded here so that every format fails the same way and
with the same advice: a binary file is named as such, and invalid UTF-8 is
reported with the byte offset and the command that fixes it, instead of being
silently replaced with U+FFFD (which would change the article id and hide
mojibake in the evidence sentences).
"""

from __future__ import annotations

import codecs
import logging

from dateline.model import Outcome

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_BINARY_SHARE = 0.10
"""Share of control or undecodable bytes above which a file is binary rather than mis-encoded."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def is_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we should try.

    A NUL byte never occurs in UTF-8 or legacy 8-bit text, so it is the cheap
    and reliable sign; a high share of control bytes catches the rest (images
    and archives without NULs in their first kilobytes).
    """
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > _BINARY_SHARE


def decode(data: bytes, origin: str, *, encoding: str | None = None, offset: int = 0) -> str | Outcome:
    """Decode ``data`` read from ``origin`` or say why it cannot be.

    Args:
        data: the raw bytes (a whole file, or one line of a streamed file).
        origin: what to name in the error (a path, ``path:row N``, ``<stdin>``).
        encoding: the caller's encoding; default UTF-8, with a BOM (UTF-8/16/32) honoured.
        offset: where ``data`` starts in its file, so errors name the file's byte offset.

    Returns:
        The text (BOM removed), or an ``Outcome(status="error")`` whose reason
        names the problem and the fix. Never raises for bad input.
    """
    if is_binary(data):
        return binary_outcome(origin, data)
    chosen = encoding or bom_encoding(data) or "utf-8"
    try:
        return data.decode(chosen)
    except LookupError:
        return Outcome(
            origin=origin,
            status="error",
            reason=f"unknown encoding {encoding!r}; pass a Python codec name such as 'cp1252' or 'latin-1'",
        )
    except UnicodeDecodeError as err:
        if _undecodable_share(data, chosen) > _BINARY_SHARE:
            return binary_outcome(origin, data)
        return Outcome(
            origin=origin, status="error", reason=_decode_reason(data, err, chosen, origin, offset)
        )


def _undecodable_share(data: bytes, encoding: str) -> float:
    sample = data[:_SAMPLE]
    text = sample.decode(encoding, errors="replace")
    return text.count("\ufffd") / max(1, len(text))


def binary_outcome(origin: str, data: bytes) -> Outcome:
    """The error for binary input, saying what was seen and what is readable instead."""
    nul = data.find(b"\x00")
    where = f" (NUL byte at offset {nul})" if nul >= 0 else " (control or undecodable bytes)"
    return Outcome(
        origin=origin,
        status="error",
        reason=f"binary file, not text{where}; dateline reads .txt, .json, .jsonl, .csv, .html and RSS/Atom files",
    )


def _decode_reason(data: bytes, err: UnicodeDecodeError, chosen: str, origin: str, offset: int) -> str:
    bad = data[err.start : err.start + 1].hex()
    guess = guess_encoding(data)
    name = origin.split(":row ")[0]
    return (
        f"invalid {chosen.removesuffix('-sig').upper()} at byte {offset + err.start} (0x{bad}); "
        f"it may be {guess}: re-encode it (iconv -f {guess} -t UTF-8 '{name}' > fixed.txt) "
        f"or pass the encoding (encoding='{guess}', --encoding {guess})"
    )


def guess_encoding(data: bytes) -> str:
    """A best guess at the real encoding, only to word the error message.

    The guess is advice, never applied silently: a wrong guess would corrupt
    names in the evidence text without anyone noticing.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return "cp1252"
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return "cp1252"
    return best.encoding.replace("_", "-")

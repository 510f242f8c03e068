"""Deciding a file's text encoding: a BOM decides, then strict UTF-8, then chardet on a sample."""

from __future__ import annotations

import codecs
import re

import chardet

from core.errors import RosterError

SAMPLE_BYTES = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# chardet names that mean "Excel on Windows in the West"; cp1252 is a superset of latin-1's
# printable range, so we decode with it rather than latin-1 (which never fails and hides damage).
_CHARDET_ALIASES = {
    "iso-8859-1": "cp1252",
    "windows-1252": "cp1252",
    "ascii": "cp1252",
    "maccentraleurope": "mac-latin2",
}
#: a word whose letters are mostly outside ASCII (Cyrillic, Greek, Hebrew, CJK read as cp1252)
_WORD = re.compile(r"[^\W\d_]+")
#: marks that sit inside real Latin words (O’Brien, d´Alembert, l·l); anything else that is not a
#: letter between two letters (Bia³ystok: ł in Windows-1250) says the code page is another
_IN_WORD_MARKS = set("’‘'´`·-")
_LATIN_SAMPLE = 256 * 1024


def bom_of(data: bytes) -> tuple[str | None, int]:
    """The encoding named by a byte order mark at the start, and the BOM's length."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None, 0


def _looks_utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zero > half * 0.6 and even_zero < half * 0.1:
        return "utf-16-le"
    if even_zero > half * 0.6 and odd_zero < half * 0.1:
        return "utf-16-be"
    return None


def _sample_around_failure(data: bytes, error: UnicodeDecodeError) -> bytes:
    """A bounded sample: the start of the file plus the region where UTF-8 first failed."""
    head = data[:SAMPLE_BYTES // 2]
    start = max(0, error.start - SAMPLE_BYTES // 4)
    return head + b"\n" + data[start : start + SAMPLE_BYTES // 2]


def detect_encoding(data: bytes) -> tuple[str, bool]:
    """Decide the encoding of ``data``; returns (python codec name, has BOM).

    Raises RosterError when no encoding can be decided with confidence.
    """
    enc, _ = bom_of(data)
    if enc is not None:
        return enc, True
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        return utf16, False
    try:
        data.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as err:
        failure = err
        sample = _sample_around_failure(data, err)
    return _single_byte_guess(data, sample, failure), False


def reads_as_latin(text: str) -> bool:
    """Whether text reads as a Latin-script language: its non-ASCII letters sit in mostly-ASCII
    words (José, Müller, François), with no stray symbol inside a word. Cyrillic, Greek, Hebrew or
    CJK bytes read as Windows-1252 give whole words of accented letters; Central European ones
    give symbols inside words (³, ¹, ¿)."""
    latin = foreign = 0
    for word in _WORD.findall(text):
        high = sum(1 for ch in word if ord(ch) > 127)
        if not high:
            continue
        if high >= 3 and high * 2 >= len(word):
            foreign += 1
        else:
            latin += 1
    if foreign > latin // 4:
        return False
    odd = 0
    high_chars = 0
    for i, ch in enumerate(text):
        if ord(ch) <= 127:
            continue
        high_chars += 1
        if not ch.isalpha() and ch not in _IN_WORD_MARKS and 0 < i < len(text) - 1:
            if text[i - 1].isalpha() and text[i + 1].isalpha():
                odd += 1
    return odd == 0 or odd * 20 < high_chars


def _ascii_compatible(name: str) -> bool:
    """False for EBCDIC and other encodings where plain letters, commas and line breaks are not
    their ASCII bytes: no roster file is written in them, and random bytes often look like them."""
    probe = b"Az09,;\t\r\n\"|"
    try:
        return probe.decode(name) == probe.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _single_byte_guess(data: bytes, sample: bytes, failure: UnicodeDecodeError) -> str:
    """The encoding of bytes that are not UTF-8: Windows-1252 (what Excel writes in the Americas
    and western Europe) when the text reads as Latin in it; otherwise chardet's guess."""
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and reads_as_latin(western[:_LATIN_SAMPLE]):
        return "cp1252"
    guess = chardet.detect(sample)
    name = _CHARDET_ALIASES.get((guess.get("encoding") or "").lower(), (guess.get("encoding") or "").lower())
    if name in ("utf-8", "utf-8-sig"):
        # chardet saw UTF-8 in the sample but the whole file does not decode: a damaged UTF-8 file.
        raise RosterError(
            f"the file is UTF-8 but has bytes that are not valid UTF-8 (first at byte {failure.start})"
        )
    if name and name != "cp1252" and _ascii_compatible(name):
        try:
            data.decode(name)
            return codecs.lookup(name).name
        except (UnicodeDecodeError, LookupError):
            pass
    if western is not None:
        return "cp1252"
    raise RosterError("could not tell which text encoding this file uses; reopen it and choose the encoding")


def decode(data: bytes, encoding: str | None = None, *, where: str = "") -> tuple[str, str, bool]:
    """Decode ``data`` to text; returns (text, encoding used, had BOM).

    With ``encoding`` the caller forces one (a BOM for that encoding is still removed).
    Undecodable bytes raise RosterError naming the line and byte.
    """
    bom_enc, bom_len = bom_of(data)
    if encoding is None and bom_enc is None and _looks_utf16_without_bom(data) is None:
        try:  # the common case: decode once, not once to detect and again to read
            return data.decode("utf-8"), "utf-8", False
        except UnicodeDecodeError:
            pass
    if encoding is None:
        encoding, has_bom = detect_encoding(data)
    else:
        has_bom = bom_enc is not None and codecs.lookup(bom_enc).name == codecs.lookup(base_encoding(encoding)).name
    if has_bom:
        body = data[bom_len:]
        encoding = base_encoding(encoding)
    else:
        body = data
    if encoding in ("utf-16", "utf-32"):
        encoding = encoding + "-le"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        raise RosterError(
            f"line {line} has bytes that are not valid {encoding} (byte {err.start + (bom_len if has_bom else 0)}); "
            "reopen the file with another encoding",
            where=where or None,
        ) from None
    except LookupError:
        raise RosterError(f"unknown encoding {encoding}", where=where or None) from None
    return text, encoding, has_bom


#: what an administrator knows each encoding as, by Python's name for its codec; the encodings a
#: file can be read again with are the first six (the window's File › Reopen with encoding)
_LABELS = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Western, Excel on Windows)",
    "iso8859-1": "ISO-8859-1 (Latin-1)",
    "utf-16": "UTF-16",
    "mac-roman": "Mac Roman (Excel on an older Mac)",
    "cp437": "DOS (code page 437)",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "mac-latin2": "Mac Central European",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
}
READ_AGAIN = tuple(_LABELS)[:6]


def encoding_label(encoding: str, *, short: bool = False) -> str:
    """The encoding as an administrator knows it ("Windows-1252 (Western, Excel on Windows)" for
    cp1252 or windows-1252; ``short``: "Windows-1252"), else its own name."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    label = _LABELS.get(name, encoding)
    return label.split(" (")[0] if short else label


def same_encoding(a: str, b: str) -> bool:
    """The two names are one codec (cp1252 and windows-1252 are)."""
    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return a == b


def base_encoding(encoding: str) -> str:
    e = codecs.lookup(encoding).name
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(e, e)


def encode(text: str, encoding: str, bom: bool, errors: str = "strict") -> bytes:
    """Encode text the way a file was: same codec, BOM again if it had one."""
    encoding = base_encoding(encoding)
    out = text.encode(encoding, errors)
    if bom:
        for b, enc in _BOMS:
            if codecs.lookup(enc).name == codecs.lookup(encoding).name:
                return b + out
    return out

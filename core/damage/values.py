"""Pure functions on single values: what a spreadsheet made of them, and what they were before.

Nothing here parses a value into the table: every function takes text and returns text (or None
when it cannot tell), so the repairs always write strings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import ftfy

# --- scientific notation -----------------------------------------------------------------------
_SCI = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?[Ee]([+-]?\d+)$")


def is_scientific(value: str) -> bool:
    return _SCI.match(value) is not None


@dataclass(frozen=True)
class Scientific:
    """What is left of a long number written as ``1.23457E+11``."""

    #: how many digits the number had
    digits: int
    #: the smallest and largest number it can have been (equal when nothing was lost)
    low: str
    high: str

    @property
    def exact(self) -> str | None:
        return self.low if self.low == self.high else None


def scientific_pattern(value: str) -> Scientific | None:
    """The range of whole numbers that Excel writes as this scientific-notation value.

    Excel's General format keeps 6 significant digits in a standard-width column, rounded, and
    drops zeros at the end of the mantissa (``1.5E+11``); the other digits are gone. So
    ``1.23457E+11`` was any of 123456500000..123457499999. None for a value that is not a whole
    number written that way.
    """
    m = _SCI.match(value)
    if not m or m.group(1) == "-":
        return None
    whole, frac, exp = m.group(2), m.group(3) or "", int(m.group(4))
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if number <= 0 or len(whole.lstrip("0")) != 1:
        return None
    # the last place the writing is sure of: at least 6 significant digits were kept
    place = exp - max(len(frac), 5)
    total = exp + 1
    if place <= 0:
        if number != number.to_integral_value():
            return None
        text = str(int(number))
        return Scientific(total, text, text)
    half = Decimal(10) ** place / 2
    low = int((number - half).to_integral_value(rounding="ROUND_CEILING"))
    high = int((number + half).to_integral_value(rounding="ROUND_CEILING")) - 1
    return Scientific(total, str(low), str(high))


def scientific_matches(original: str, damaged: str) -> bool:
    """True when ``original`` (digits) written by Excel in scientific notation reads ``damaged``."""
    m = _SCI.match(damaged)
    if not m or not original.isdigit():
        return False
    frac = m.group(3) or ""
    try:
        with localcontext() as ctx:
            ctx.rounding = ROUND_HALF_UP
            shown = format(Decimal(original), f".{len(frac)}E")
            return Decimal(shown) == Decimal(damaged)
    except (InvalidOperation, ValueError):
        return False


# --- dates -------------------------------------------------------------------------------------
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T]00:00(?::00(?:\.0+)?)?$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
_DAY_MON = re.compile(r"^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+(\d{2}|\d{4})$")
_MON_DAY = re.compile(r"^([A-Za-z]{3,9})\.?[- ](\d{1,2}),?[- ]+(\d{2}|\d{4})$")


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def month_number(name: str) -> int | None:
    """1-12 for an English month name or its abbreviation (3 letters or more, ``Sept`` too)."""
    key = name.lower()
    if len(key) < 3:
        return None
    for i, full in enumerate(_MONTH_NAMES, 1):
        if full.startswith(key) or (i == 9 and key == "sept"):
            return i
    return None


def full_year(text: str) -> int:
    """A year as written; two digits follow Excel's rule (00-29 -> 2000s, 30-99 -> 1900s)."""
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 30 else 1900 + y
    return y


def iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def is_iso_date(value: str) -> bool:
    return _ISO.match(value) is not None and iso(int(value[:4]), int(value[5:7]), int(value[8:])) is not None


@dataclass(frozen=True)
class DateReading:
    """A date written some other way than YYYY-MM-DD.

    ``fixed`` is the date when the writing says which number is the day; otherwise ``mdy`` and
    ``dmy`` are the two readings (either may be None when it is not a real date).
    """

    fixed: str | None = None
    mdy: str | None = None
    dmy: str | None = None

    @property
    def ambiguous(self) -> bool:
        return self.fixed is None and self.mdy is not None and self.dmy is not None and self.mdy != self.dmy


def read_date(value: str) -> DateReading | None:
    """How a spreadsheet may have written a date; None when the value is not such a date."""
    if _ISO.match(value):
        return None
    m = _ISO_TIME.match(value) or _YMD.match(value)
    if m:
        d = iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return DateReading(fixed=d) if d else None
    m = _NUMERIC.match(value)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), full_year(m.group(4))
        mdy, dmy = iso(y, a, b), iso(y, b, a)
        if mdy is None and dmy is None:
            return None
        if mdy == dmy or dmy is None:
            return DateReading(fixed=mdy)
        if mdy is None:
            return DateReading(fixed=dmy)
        return DateReading(mdy=mdy, dmy=dmy)
    m = _DAY_MON.match(value)
    if m:
        mon = month_number(m.group(2))
        d = iso(full_year(m.group(3)), mon, int(m.group(1))) if mon else None
        return DateReading(fixed=d) if d else None
    m = _MON_DAY.match(value)
    if m:
        mon = month_number(m.group(1))
        d = iso(full_year(m.group(3)), mon, int(m.group(2))) if mon else None
        return DateReading(fixed=d) if d else None
    return None


def date_order_evidence(value: str) -> str | None:
    """``"mdy"`` or ``"dmy"`` when a numeric date can only be read one way, else None."""
    m = _NUMERIC.match(value)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(3)), full_year(m.group(4))
    mdy, dmy = iso(y, a, b), iso(y, b, a)
    if mdy and not dmy:
        return "mdy"
    if dmy and not mdy:
        return "dmy"
    return None


# --- grades ------------------------------------------------------------------------------------
CEDS_GRADES = frozenset("IT PR PK TK KG 01 02 03 04 05 06 07 08 09 10 11 12 13 PS UG Other".split())
_GRADE_DAY_MON = re.compile(r"^(\d{1,2})-([A-Za-z]{3})$")
_GRADE_MON_YY = re.compile(r"^([A-Za-z]{3})-(\d{2})$")
_GRADE_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")


def fix_grade_item(item: str) -> tuple[str, str] | None:
    """``(code, fixed)`` for one grade a spreadsheet changed: ``9`` -> ``09``, ``K`` -> ``KG``."""
    if len(item) == 1 and item in "123456789":
        return "damage.grade_number", "0" + item
    if item in ("K", "k", "Kg", "kg", "kG"):
        return "damage.grade_k", "KG"
    return None


def grade_range_from_date(value: str) -> tuple[int, int] | None:
    """The grade range ``low-high`` a spreadsheet read as a date (``12-Jan``, ``Jan-12``, ``1/12/2026``)."""
    low = high = None
    m = _GRADE_DAY_MON.match(value)
    if m and month_number(m.group(2)):
        low, high = month_number(m.group(2)), int(m.group(1))
    if low is None:
        m2 = _GRADE_MON_YY.match(value)
        if m2 and month_number(m2.group(1)):
            low, high = month_number(m2.group(1)), int(m2.group(2))
    if low is None:
        m3 = _GRADE_NUMERIC.match(value)
        if m3:
            low, high = int(m3.group(1)), int(m3.group(2))
    if low is None or high is None or not (1 <= low <= high <= 13):
        return None
    return low, high


def grade_list(low: int, high: int) -> str:
    return ",".join(f"{g:02d}" for g in range(low, high + 1))


# --- booleans ----------------------------------------------------------------------------------
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def fix_boolean(value: str) -> str | None:
    """``true``/``false`` for a boolean a spreadsheet (or a person) wrote another way."""
    if value in ("true", "false"):
        return None
    key = value.lower()
    if key in _TRUE:
        return "true"
    if key in _FALSE:
        return "false"
    return None


# --- text --------------------------------------------------------------------------------------
_SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
_NBSP = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_ZERO_WIDTH = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None})
_SMART_CHARS = frozenset("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f")
_NBSP_CHARS = frozenset("\u00a0\u202f\u2007")
_ZW_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff")
#: the byte each character stands for when UTF-8 was read as Windows-1252. The five bytes that code
#: page leaves undefined come back as whatever the reader chose: the C1 control of that number
#: (Windows, Python's latin-1) or a private-use character (LibreOffice: U+F100 + the byte; some
#: others U+F000 + the byte).
_CP1252_BYTE: dict[str, int] = {}
for _b in range(0x80, 0x100):
    try:
        _CP1252_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        _CP1252_BYTE[chr(_b)] = _b
    _CP1252_BYTE[chr(0xF000 + _b)] = _b
    _CP1252_BYTE[chr(0xF100 + _b)] = _b
#: continuation bytes as read; any private-use character or U+FFFD too (a byte some reader replaced)
_CONTINUATION = "".join(re.escape(c) for c, b in _CP1252_BYTE.items() if b < 0xC0) + "\ue000-\uf8ff\ufffd"
#: a UTF-8 lead byte read as Windows-1252 followed by as many continuation bytes as it needs
_MOJIBAKE_MARKS = re.compile(
    f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)


def undo_mojibake(value: str) -> str | None:
    """The text whose UTF-8, read as Windows-1252, reads ``value`` (``Nguyá»…n`` -> ``Nguyễn``,
    ``Ã\uf181`` -> ``Á``); None when ``value`` is not such text.

    Exact or nothing: every non-ASCII character must stand for a byte and the bytes must be valid
    UTF-8, which text really written in Windows-1252 (``Café``) almost never is.
    """
    if value.isascii() or _MOJIBAKE_MARKS.search(value) is None:
        return None
    raw = bytearray()
    for ch in value:
        if ch < "\x80":
            raw.append(ord(ch))
            continue
        b = _CP1252_BYTE.get(ch)
        if b is None:
            return None
        raw.append(b)
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != value else None


def clean_text(value: str) -> tuple[str, list[str]]:
    """The value with what copying and wrong decoding did undone, and the codes of what was found.

    Mojibake (``JosÃ©``), smart quotes, non-breaking spaces, zero-width characters, and spaces at
    either end. A value that is plain ASCII with no space at either end is returned at once.
    """
    if value.isascii():
        stripped = value.strip(" \t")
        return (stripped, ["damage.spaces"]) if stripped != value else (value, [])
    codes: list[str] = []
    new = value
    fixed = undo_mojibake(new) or ftfy.fix_encoding(new)
    if fixed != new:
        codes.append("damage.mojibake")
        new = fixed
    if _SMART_CHARS.intersection(new):
        codes.append("damage.smart_quotes")
        new = new.translate(_SMART)
    if _NBSP_CHARS.intersection(new):
        codes.append("damage.nbsp")
        new = new.translate(_NBSP)
    if _ZW_CHARS.intersection(new):
        codes.append("damage.zero_width")
        new = new.translate(_ZERO_WIDTH)
    stripped = new.strip(" \t")
    if stripped != new:
        codes.append("damage.spaces")
        new = stripped
    return new, codes


def looks_mojibake(value: str) -> bool:
    """True for text that shows the marks of UTF-8 read as Windows-1252, even when it cannot be undone."""
    return not value.isascii() and _MOJIBAKE_MARKS.search(value) is not None


def mojibake_of(original: str) -> re.Pattern[str]:
    """A pattern matching what ``original`` becomes when its UTF-8 is read as Windows-1252.

    Bytes Windows-1252 has no character for become whatever the program chose (LibreOffice: a
    private-use character), so they match any one character.
    """
    out = []
    for b in original.encode("utf-8"):
        try:
            out.append(re.escape(bytes([b]).decode("cp1252")))
        except UnicodeDecodeError:
            out.append(".")
    return re.compile("".join(out), re.S)


# --- precision --------------------------------------------------------------------------------
def precision_matches(original: str, damaged: str) -> bool:
    """True when ``damaged`` is the whole number ``original`` (digits) stored in a workbook cell:
    a spreadsheet keeps 15 significant digits and writes zeros for the rest
    (``5574228010190966`` -> ``5574228010190970``)."""
    if len(original) <= 15 or len(damaged) != len(original) or not original.isdigit() or not damaged.isdigit():
        return False
    if original[0] == "0" or original == damaged:
        return False
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        kept = format(Decimal(original), ".14E")
        return str(int(Decimal(kept))) == damaged


# --- formulas ----------------------------------------------------------------------------------
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([Ee][+-]?\d+)?$")


def is_formula_like(value: str) -> bool:
    """A value a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first), not a number."""
    return len(value) > 1 and value[0] in "=+-@" and _NUMBER.match(value) is None

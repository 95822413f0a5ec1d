"""Human units in and out: durations, sizes, counts, percentages, ratios and growth rates.

Every parser takes the text a person typed and a ``what`` naming where it came from (an option
such as ``--rto``), and raises :class:`~wellarch.calc.errors.CalcInputError` with one clear line
when the text cannot be read. Formatters produce the same notation the parsers accept, so that
what wellarch prints can be typed back in.

- Durations: ``90s``, ``15m``, ``1h30m``, ``8h 45m 57s``, ``2.5d``, ``1w``, ``500ms``, ``1y``
  (a year is 365.25 days, a month ``mo`` a twelfth of it).
- Sizes: decimal units ``2KB`` (2,000 bytes), ``1.5GB``, and binary ones ``4KiB`` (4,096).
- Counts: ``10M``, ``100k``, ``1.5B``, ``100,000``.

Example:
    >>> parse_duration("8h 45m 57s")
    31557.0
    >>> format_duration(3155.76)
    '52m 35.7s'
    >>> parse_size("2KB"), format_size(60e12)
    (2000.0, '60 TB')
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from wellarch.calc.errors import CalcInputError

__all__ = [
    "DAY",
    "HOUR",
    "MINUTE",
    "YEAR",
    "format_count",
    "format_duration",
    "format_number",
    "format_percent",
    "format_share",
    "format_size",
    "parse_availability",
    "parse_count",
    "parse_duration",
    "parse_growth",
    "parse_number",
    "parse_ratio",
    "parse_size",
]

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0
#: A year of 365.25 days: the average over the leap-year cycle.
YEAR = 365.25 * DAY

_DURATION_UNITS: dict[str, float] = {}
for _names, _seconds in (
    (("ms", "msec", "millisecond", "milliseconds"), 0.001),
    (("s", "sec", "secs", "second", "seconds"), 1.0),
    (("m", "min", "mins", "minute", "minutes"), MINUTE),
    (("h", "hr", "hrs", "hour", "hours"), HOUR),
    (("d", "day", "days"), DAY),
    (("w", "wk", "week", "weeks"), 7 * DAY),
    (("mo", "month", "months"), YEAR / 12),
    (("y", "yr", "year", "years"), YEAR),
):
    for _name in _names:
        _DURATION_UNITS[_name] = _seconds

_SIZE_UNITS: dict[str, float] = {"b": 1.0, "byte": 1.0, "bytes": 1.0}
for _power, _prefix in enumerate("kmgtp", start=1):
    _SIZE_UNITS[f"{_prefix}b"] = 1000.0**_power
    _SIZE_UNITS[f"{_prefix}ib"] = 1024.0**_power

_COUNT_SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "g": 1e9, "t": 1e12}

_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DURATION_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z]+)\s*,?")
_SIZE = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z]*)\s*")
_COUNT = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Z]*)\s*")


def _fail(what: str, text: str, hint: str) -> CalcInputError:
    label = f"{what}: " if what else ""
    return CalcInputError(f"{label}cannot read {text!r} {hint}")


def _negative(what: str, text: str) -> CalcInputError:
    label = f"{what}: " if what else ""
    return CalcInputError(f"{label}{text.strip()!r} is negative")


def parse_number(text: str, *, what: str = "") -> float:
    """A plain decimal number (no unit), such as ``3`` or ``0.75``; it may be negative."""
    try:
        value = float(text.strip().replace("_", ""))
    except ValueError:
        raise _fail(what, text, "as a number") from None
    if not math.isfinite(value):
        raise _fail(what, text, "as a finite number")
    return value


def parse_duration(text: str, *, what: str = "") -> float:
    """Seconds in ``text``: one or more ``NUMBER UNIT`` parts, such as ``1h 30m``."""
    hint = "as a duration; write for example 90s, 15m, 1h30m, 8h 45m 57s, 2d or 1w"
    stripped = text.strip()
    if stripped.startswith("-"):
        raise _negative(what, text)
    if not stripped:
        raise _fail(what, text, hint)
    if re.fullmatch(_NUMBER, stripped):
        raise _fail(what, text, f"as a duration: add a unit, such as {stripped}s or {stripped}m")
    total = 0.0
    position = 0
    while position < len(stripped):
        match = _DURATION_PART.match(stripped, position)
        if match is None or match.group(2).lower() not in _DURATION_UNITS:
            raise _fail(what, text, hint)
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2).lower()]
        position = match.end()
    return total


def format_duration(seconds: float) -> str:
    """A duration for people, never rounded up: whole seconds from an hour on, tenths below.

    Flooring means a printed downtime budget is never larger than the real one.
    """
    if seconds < 0:
        return "-" + format_duration(-seconds)
    if seconds == 0:
        return "0s"
    if seconds < 1:
        tenths_of_ms = math.floor(seconds * 10000 + 1e-6)
        return f"{_trim(tenths_of_ms / 10)}ms" if tenths_of_ms else f"{seconds * 1000:.2g}ms"
    if seconds >= HOUR:
        rest = math.floor(seconds + 1e-6)
        tenths = 0
    else:
        whole_tenths = math.floor(seconds * 10 + 1e-6)
        rest, tenths = divmod(whole_tenths, 10)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    if rest or tenths:
        parts.append(f"{rest}.{tenths}s" if tenths else f"{rest}s")
    return " ".join(parts)


def parse_size(text: str, *, what: str = "") -> float:
    """Bytes in ``text``: ``512`` (bytes), ``2KB`` (2,000), ``4KiB`` (4,096), ``1.5 TB``."""
    hint = "as a size; write for example 512B, 2KB, 4KiB, 1.5GB or 2TB"
    if text.strip().startswith("-"):
        raise _negative(what, text)
    match = _SIZE.fullmatch(text)
    if match is None:
        raise _fail(what, text, hint)
    unit = match.group(2).lower() or "b"
    if unit not in _SIZE_UNITS:
        raise _fail(what, text, hint)
    return float(match.group(1)) * _SIZE_UNITS[unit]


def format_size(size: float, *, suffix: str = "") -> str:
    """Bytes in decimal units with three significant digits: ``60 TB``, ``34.7 MB``."""
    units = ("B", "KB", "MB", "GB", "TB", "PB", "EB")
    value = float(size)
    index = 0
    while index < len(units) - 1 and abs(_round3(value)) >= 1000:
        value /= 1000
        index += 1
    return f"{_significant(value)} {units[index]}{suffix}"


def parse_count(text: str, *, what: str = "") -> float:
    """A count such as ``10M``, ``100k``, ``1.5B`` or ``100,000``; never negative."""
    hint = "as a number; write for example 5000, 100k, 10M or 1.5B"
    if text.strip().startswith("-"):
        raise _negative(what, text)
    match = _COUNT.fullmatch(text.replace(",", "").replace("_", ""))
    if match is None:
        raise _fail(what, text, hint)
    suffix = match.group(2).lower()
    if suffix and suffix not in _COUNT_SUFFIXES:
        raise _fail(what, text, hint)
    return float(match.group(1)) * (_COUNT_SUFFIXES[suffix] if suffix else 1.0)


def parse_availability(
    text: str | float, *, what: str = "", bare: Literal["fraction", "auto"] = "fraction"
) -> Decimal:
    """An availability between 0 and 1 from ``99.95%`` or ``0.9995``.

    With ``bare="fraction"`` a number without ``%`` must be a fraction (the expression
    grammar); with ``bare="auto"`` a number above 1 is read as a percentage, so that
    ``calc downtime 99.95`` means 99.95 %.
    """
    label = f"{what}: " if what else ""
    raw = repr(text) if isinstance(text, float) else str(text)
    literal = raw.strip()
    percent = literal.endswith("%")
    number = literal[:-1].strip() if percent else literal
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise CalcInputError(
            f"{label}cannot read {raw!r} as an availability; write 99.95% or 0.9995"
        ) from None
    if not value.is_finite():
        raise CalcInputError(f"{label}{raw!r} is not a finite availability")
    if not percent and value > 1:
        if bare != "auto":
            raise CalcInputError(
                f"{label}{raw!r} is above 1: write a fraction (0.9995) or a percentage ({number}%)"
            )
        percent = True
    if percent:
        value /= 100
    if value > 1:
        raise CalcInputError(f"{label}availability {literal} is above 100%")
    if value < 0:
        raise CalcInputError(f"{label}availability {literal} is negative")
    return value


def format_percent(availability: float, *, unavailability: float | None = None) -> str:
    """An availability as a percentage that keeps three digits of the unavailability.

    ``0.9999`` → ``99.99%``; ``0.99954368`` → ``99.9544%``; ``1`` → ``100%``.
    """
    missing = (1 - availability) if unavailability is None else unavailability
    if missing <= 0:
        return "100%"
    missing_percent = missing * 100
    digits = max(0, -math.floor(math.log10(missing_percent))) + 2
    digits = min(digits, 12)
    text = f"{100 - missing_percent:.{digits}f}"
    return _strip_zeros(text) + "%"


def format_share(fraction: float) -> str:
    """A fraction as a percentage with three significant digits: ``0.0144`` → ``1.44%``."""
    return f"{_significant(fraction * 100)}%"


def parse_ratio(text: str, *, what: str = "") -> tuple[float, float]:
    """A ratio such as ``9:1`` (reads to writes); both sides ≥ 0, not both zero."""
    parts = text.split(":")
    if len(parts) != 2:
        raise _fail(what, text, "as a ratio; write for example 9:1 or 1:1")
    left = parse_number(parts[0], what=what)
    right = parse_number(parts[1], what=what)
    if left < 0 or right < 0:
        raise _negative(what, text)
    if left + right == 0:
        raise CalcInputError(f"{what + ': ' if what else ''}ratio {text!r} is 0:0")
    return left, right


def parse_growth(text: str, *, what: str = "") -> float:
    """A yearly growth rate from ``40%/year``, ``40%`` (per year) or ``3%/month``.

    A monthly rate compounds over twelve months: ``3%/month`` is about 42.6 % a year.
    """
    hint = "as a growth rate; write for example 40%/year or 3%/month"
    rate_text, _, per = text.strip().partition("/")
    rate_text = rate_text.strip()
    if not rate_text.endswith("%"):
        raise _fail(what, text, hint)
    rate = parse_number(rate_text[:-1], what=what) / 100
    if rate <= -1:
        raise CalcInputError(f"{what + ': ' if what else ''}growth {text!r} must be above -100%")
    per = per.strip().lower()
    if per in ("", "y", "yr", "year", "a"):
        return rate
    if per in ("mo", "month"):
        return (1 + rate) ** 12 - 1
    raise _fail(what, text, hint)


def format_number(value: float) -> str:
    """A number with thousands separators: whole from 100 on, else up to two decimals."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return _strip_zeros(f"{value:.1f}")
    return _strip_zeros(f"{value:.2f}")


def format_count(value: float) -> str:
    """A count in short form: ``500M``, ``17.4k``, ``1.2B``, ``950``."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(_round3(value)) >= size:
            return f"{_significant(value / size)}{suffix}"
    return _significant(value)


def _round3(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, 2 - math.floor(math.log10(abs(value))))


def _significant(value: float) -> str:
    """Up to three significant digits, no exponent, no trailing zeros."""
    rounded = _round3(value)
    if rounded == 0:
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(rounded))))
    return _strip_zeros(f"{rounded:.{decimals}f}")


def _trim(value: float) -> str:
    return _strip_zeros(f"{value:.1f}")


def _strip_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text

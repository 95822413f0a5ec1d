"""Text helpers shared by the report renderers: risk vocabulary, escaping and formatting.

Everything here is pure and total: any unicode string (or ``None``) goes in, a string comes
out. The Markdown escapes keep user text from breaking the document's structure (tables,
lists, headings) or smuggling in raw HTML; the HTML side relies on Jinja2's autoescape and
only needs :func:`safe_url` to keep ``javascript:`` and similar links out of ``href``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = [
    "NA_REASONS",
    "RISK_LEVELS",
    "environment_label",
    "format_date",
    "format_datetime",
    "md_block",
    "md_cell",
    "md_line",
    "na_reason_label",
    "normalise_counts",
    "risk_key",
    "risk_label",
    "safe_url",
]

#: The risk levels of a question, worst first; the order of every count table and chart.
RISK_LEVELS: tuple[str, ...] = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")

_RISK_LABELS = {
    "HIGH": "High risk",
    "MEDIUM": "Medium risk",
    "NONE": "No risk",
    "NOT_APPLICABLE": "Not applicable",
    "UNANSWERED": "Unanswered",
}
_RISK_KEYS = {
    "HIGH": "high",
    "MEDIUM": "medium",
    "NONE": "none",
    "NOT_APPLICABLE": "na",
    "UNANSWERED": "unanswered",
}

#: Display names of the not-applicable reasons (the AWS Well-Architected Tool's).
NA_REASONS = {
    "OUT_OF_SCOPE": "Out of scope",
    "BUSINESS_PRIORITIES": "Business priorities",
    "ARCHITECTURE_CONSTRAINTS": "Architecture constraints",
    "OTHER": "Other",
    "NONE": "No reason given",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def risk_label(risk: object) -> str:
    """``"HIGH"`` → ``"High risk"``; an unknown value is shown as it is."""
    return _RISK_LABELS.get(str(risk), str(risk))


def risk_key(risk: object) -> str:
    """A CSS-safe key for a risk level (``"high"``, ``"na"`` …), ``"unknown"`` otherwise."""
    return _RISK_KEYS.get(str(risk), "unknown")


def na_reason_label(reason: object) -> str:
    """``"OUT_OF_SCOPE"`` → ``"Out of scope"``; an unknown reason is shown as it is."""
    return NA_REASONS.get(str(reason), str(reason))


def environment_label(environment: object) -> str:
    """``"pre-production"`` → ``"Pre-production"``."""
    text = str(environment or "")
    return text[:1].upper() + text[1:]


def normalise_counts(counts: Mapping[str, Any] | None) -> dict[str, int]:
    """Risk counts with every level present, in :data:`RISK_LEVELS` order."""
    counts = counts or {}
    return {level: int(counts.get(level) or 0) for level in RISK_LEVELS}


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def format_date(value: object) -> str:
    """An ISO date or datetime as ``24 November 2025``; anything else as given."""
    parsed = _parse(value)
    if parsed is None:
        return "" if value is None else str(value)
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def format_datetime(value: object) -> str:
    """An ISO datetime as ``24 November 2025, 16:30 UTC`` (the offset as given)."""
    parsed = _parse(value)
    if parsed is None:
        return "" if value is None else str(value)
    text = f"{format_date(value)}, {parsed:%H:%M}"
    offset = parsed.utcoffset()
    if offset is None:
        return text
    return f"{text} UTC" if not offset else f"{text} UTC{parsed:%z}"


_SAFE_SCHEMES = frozenset({"http", "https"})


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute ``http(s)`` link, made safe to put in an attribute or a
    Markdown link destination; ``None`` for anything else (``javascript:``, ``data:`` …)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    # Percent-encode whitespace, quotes, backslashes, angle brackets and parentheses (they end
    # a Markdown link destination); keep existing escapes and the URL's own delimiters.
    return quote(url, safe="!#$%&*+,/:;=?@[]~")


# --- Markdown -------------------------------------------------------------------------------

_BACKSLASH_BEFORE_PUNCT = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


def _md_escape(text: str) -> str:
    """Escape what could break structure or inject HTML: backslashes before punctuation (so an
    escaped pipe stays a pipe), entity-like ampersands, angle brackets and pipes."""
    text = _BACKSLASH_BEFORE_PUNCT.sub(r"\\\\", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def md_line(value: object) -> str:
    """User text on one Markdown line (a heading, a list item): newlines become spaces."""
    if value is None:
        return ""
    text = _NEWLINES.sub(" ", _md_escape(str(value))).strip()
    # A trailing run of "#" would be read as the closing sequence of an ATX heading.
    return re.sub(r"(#+)$", r"\\\1", text)


def md_cell(value: object) -> str:
    """User text in a Markdown table cell: pipes escaped, line breaks as ``<br>``."""
    if value is None:
        return ""
    lines = [line.strip() for line in _NEWLINES.split(_md_escape(str(value)))]
    return "<br>".join(line for line in lines if line)


def md_block(value: object, indent: int = 0) -> str:
    """User text as lines of a Markdown block indented by ``indent`` spaces after the first, so
    it stays inside a list item; blank lines are dropped so the item does not end early."""
    if value is None:
        return ""
    lines = [line.strip() for line in _NEWLINES.split(_md_escape(str(value)))]
    # A line that starts like a block (heading, list, quote, fence, rule) would leave the item.
    lines = [_neutralise_block_start(line) for line in lines if line]
    return ("\n" + " " * indent).join(lines)


_BLOCK_START = re.compile(r"^(#{1,6}(\s|$)|[-+*](\s|$)|[-=_*]{2,}\s*$|`{3,}|~{3,})")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(\s|$)")


def _neutralise_block_start(line: str) -> str:
    if _BLOCK_START.match(line):
        return "\\" + line
    return _ORDERED_START.sub(r"\1\\\2\3", line, count=1)

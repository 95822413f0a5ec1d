"""Report downloads: the review report as HTML, Markdown, JSON or PDF, as a file to save.

HTML and Markdown come from :mod:`wellarch.report`'s renderers, JSON is the report dict as the
CLI writes it, and PDF is :func:`wellarch.report.pdf.report_pdf` (WeasyPrint, imported on first
use: the server starts without it and only the PDF download reports it missing).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from wellarch.errors import NotFound
from wellarch.report import render_html, render_markdown
from wellarch.report.pdf import report_pdf

__all__ = ["FORMATS", "Download", "content_disposition", "report_download"]


@dataclass(frozen=True)
class Format:
    label: str
    media_type: str
    description: str


FORMATS: dict[str, Format] = {
    "html": Format("HTML", "text/html; charset=utf-8", "one self-contained page; prints well"),
    "pdf": Format("PDF", "application/pdf", "A4, for sharing and archiving"),
    "md": Format("Markdown", "text/markdown; charset=utf-8", "for pull requests and wikis"),
    "json": Format("JSON", "application/json", "every answer, for scripts"),
}

#: A downloaded HTML report opened from the browser's downloads still loads nothing.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-._")
    return slug[:80] or "workload"


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def report_download(report: Mapping[str, Any], fmt: str, workload_name: str) -> Download:
    """The report in format ``fmt`` (``html``, ``pdf``, ``md`` or ``json``) as a file."""
    if fmt not in FORMATS:
        raise NotFound(f"unknown report format {fmt!r}; formats: {', '.join(FORMATS)}")
    if fmt == "json":
        content = (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode()
    elif fmt == "md":
        content = render_markdown(report).encode()
    elif fmt == "html":
        content = render_html(report).encode()
    else:
        content = report_pdf(report)
    stem = f"{workload_name}-well-architected-review"
    return Download(content, FORMATS[fmt].media_type, f"{stem}.{fmt}")


def headers(download: Download, workload_name: str, fmt: str) -> dict[str, str]:
    fallback = f"{_slug(workload_name)}-well-architected-review.{fmt}"
    result = {"Content-Disposition": content_disposition(download.filename, fallback)}
    if fmt == "html":
        result["Content-Security-Policy"] = REPORT_CSP
    return result

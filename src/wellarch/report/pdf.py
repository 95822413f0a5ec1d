"""PDF reports: the HTML report printed on A4 by WeasyPrint, with the report's print styles.

WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0`` and ``libpangoft2-1.0-0``).
It is imported on first use, so that everything else works without it and only a PDF asks for
it, with :class:`~wellarch.errors.PdfUnavailable` saying what to install.

Example:
    >>> from wellarch.report.pdf import render_pdf
    >>> render_pdf("<h1>Review</h1>")[:5]  # doctest: +SKIP
    b'%PDF-'
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from wellarch.errors import PdfUnavailable
from wellarch.report.render import render_html

__all__ = ["render_pdf", "report_pdf"]


def render_pdf(html: str) -> bytes:
    """``html`` printed to PDF by WeasyPrint."""
    try:
        weasyprint = importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"PDF reports need WeasyPrint and the Pango library ({exc}); on Debian: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def report_pdf(report: Mapping[str, Any]) -> bytes:
    """The review report (``Reviews.report``) as a PDF."""
    return render_pdf(render_html(report))

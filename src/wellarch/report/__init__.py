"""Review reports: Markdown for pull requests and wikis, one self-contained HTML file for people.

    >>> from wellarch.report import RENDERERS
    >>> sorted(RENDERERS)
    ['html', 'md']

Renderers take the report dict of :func:`wellarch.review.report.build_report` and return the
document as text. :data:`RENDERERS` is the extension point: a format name → renderer.
:func:`risk_chart_svg` is the risk-by-pillar chart the HTML report embeds (and the web UI).
"""

from __future__ import annotations

from wellarch.report.chart import risk_chart_svg
from wellarch.report.render import RENDERERS, Renderer, render_html, render_markdown, renderer

__all__ = [
    "RENDERERS",
    "Renderer",
    "render_html",
    "render_markdown",
    "renderer",
    "risk_chart_svg",
]

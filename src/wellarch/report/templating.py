"""The Jinja2 environment of the report templates (``wellarch/report/templates/``).

One environment serves every format: autoescape is on for ``.html`` and ``.svg`` templates
(and anything unknown), off for ``.md``, where :mod:`wellarch.report.text`'s filters escape
instead. Undefined names fail loudly, so a template typo is a test failure, not a blank.
"""

from __future__ import annotations

from functools import cache

import jinja2

from wellarch.report import text

__all__ = ["environment"]


@cache
def environment() -> jinja2.Environment:
    """The shared, cached template environment with the report filters registered."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wellarch.report", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "svg"),
            disabled_extensions=("md",),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        risk_label=text.risk_label,
        risk_key=text.risk_key,
        na_reason=text.na_reason_label,
        environment=text.environment_label,
        date=text.format_date,
        datetime=text.format_datetime,
        safe_url=text.safe_url,
        md_line=text.md_line,
        md_cell=text.md_cell,
        md_block=text.md_block,
    )
    env.globals["RISK_LEVELS"] = text.RISK_LEVELS
    return env

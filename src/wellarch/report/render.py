"""Review reports as Markdown (for a pull request or a wiki) and as one self-contained HTML file.

Both renderers read the report dict of :func:`wellarch.review.report.build_report` (a plain,
JSON-able mapping; its shape is the contract in ``wellarch report --help``). They never
mutate it, and they accept any unicode in its text fields: HTML is autoescaped, Markdown is
escaped by :mod:`wellarch.report.text`. The HTML page loads nothing from outside — CSS is
inline, the chart is inline SVG, a Content-Security-Policy forbids every fetch — so it opens
offline, prints on A4 and can be mailed as one file.

:data:`RENDERERS` maps a format name to its renderer; it is the renderer extension point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

import wellarch
from wellarch.errors import NotFound
from wellarch.report.chart import risk_chart_svg
from wellarch.report.templating import environment
from wellarch.report.text import RISK_LEVELS, normalise_counts, safe_url

__all__ = [
    "RENDERERS",
    "Renderer",
    "render_html",
    "render_markdown",
    "renderer",
    "risk_chart_svg",
]

#: A renderer turns a report dict into the text of one document.
Renderer = Callable[[Mapping[str, Any]], str]


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _workload(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": str(raw.get("name") or "Unnamed workload"),
        "description": _str(raw.get("description")),
        "environment": str(raw.get("environment") or ""),
        "owner": _str(raw.get("owner")),
        "regions": [str(r) for r in _list(raw.get("regions"))],
        "industry": _str(raw.get("industry")),
        "architectural_design": _str(raw.get("architectural_design")),
        "notes": _str(raw.get("notes")),
        "tags": {str(k): str(v) for k, v in _map(raw.get("tags")).items()},
        "lenses": [str(alias) for alias in _list(raw.get("lenses"))],
        "pillar_priorities": [str(p) for p in _list(raw.get("pillar_priorities"))],
        "updated_at": _str(raw.get("updated_at")),
    }


def _question(raw: Mapping[str, Any]) -> dict[str, Any]:
    na = raw.get("not_applicable")
    return {
        "id": str(raw.get("id") or ""),
        "title": str(raw.get("title") or ""),
        "risk": str(raw.get("risk") or "UNANSWERED"),
        "selected": [
            {"id": str(c.get("id") or ""), "title": str(c.get("title") or c.get("id") or "")}
            for c in map(_map, _list(raw.get("selected")))
        ],
        "not_applicable": None
        if not isinstance(na, Mapping)
        else {"reason": str(na.get("reason") or "OTHER"), "details": _str(na.get("details"))},
        "notes": _str(raw.get("notes")),
        "source": _str(raw.get("source")),
        "evidence": [
            {
                "status": str(e.get("status") or ""),
                "rule_id": str(e.get("rule_id") or ""),
                "where": f"{e.get('file')}:{e.get('line')}",
                "resource": str(e.get("resource") or ""),
                "message": str(e.get("message") or ""),
            }
            for e in map(_map, _list(raw.get("evidence")))
        ],
    }


def _pillar(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(raw.get("id") or ""),
        "name": str(raw.get("name") or raw.get("id") or ""),
        "risk_counts": normalise_counts(raw.get("risk_counts")),
        "questions": [_question(q) for q in map(_map, _list(raw.get("questions")))],
    }


def _lens(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "alias": str(raw.get("alias") or ""),
        "name": str(raw.get("name") or raw.get("alias") or ""),
        "risk_counts": normalise_counts(raw.get("risk_counts")),
        "pillars": [_pillar(p) for p in map(_map, _list(raw.get("pillars")))],
    }


def _level(value: object) -> str | None:
    """A practice's own risk level (built-in lens notes): HIGH, MEDIUM, LOW or unknown."""
    level = str(value).upper() if value is not None else ""
    return level if level in ("HIGH", "MEDIUM", "LOW") else None


def _plan_item(raw: Mapping[str, Any], lens_names: Mapping[str, str]) -> dict[str, Any]:
    lens = str(raw.get("lens") or "")
    return {
        "lens": lens,
        "lens_name": lens_names.get(lens, lens),
        "pillar": str(raw.get("pillar") or ""),
        "pillar_name": str(raw.get("pillar_name") or raw.get("pillar") or ""),
        "question_id": str(raw.get("question_id") or ""),
        "question_title": str(raw.get("question_title") or ""),
        "risk": str(raw.get("risk") or ""),
        "missing": [
            {
                "choice_id": str(m.get("choice_id") or ""),
                "title": str(m.get("title") or m.get("choice_id") or ""),
                "improvement_plan": _str(m.get("improvement_plan")),
                "url": safe_url(m.get("url")),
                "risk_level": _level(m.get("risk_level")),
            }
            for m in map(_map, _list(raw.get("missing")))
        ],
    }


def _context(report: Mapping[str, Any]) -> dict[str, Any]:
    """The report, normalised (every field present, text as ``str``), plus the summary."""
    workload = _workload(_map(report.get("workload")))
    lenses = [_lens(lens) for lens in map(_map, _list(report.get("lenses")))]
    lens_names = {lens["alias"]: lens["name"] for lens in lenses}
    plan = [_plan_item(i, lens_names) for i in map(_map, _list(report.get("improvement_plan")))]
    totals = dict.fromkeys(RISK_LEVELS, 0)
    for lens in lenses:
        for level, count in lens["risk_counts"].items():
            totals[level] += count
    questions = sum(totals.values())
    answered = questions - totals["UNANSWERED"]
    pillar_names: dict[str, str] = {}
    for lens in lenses:
        for pillar in lens["pillars"]:
            pillar_names.setdefault(pillar["id"], pillar["name"])
    return {
        "workload": workload,
        "generated_at": _str(report.get("generated_at")),
        "lenses": lenses,
        "lens_names": [lens_names.get(alias, alias) for alias in workload["lenses"]]
        or [lens["name"] for lens in lenses],
        "many_lenses": len(lenses) > 1,
        "plan": plan,
        "priorities": [pillar_names.get(p, p) for p in workload["pillar_priorities"]],
        "summary": {
            "totals": totals,
            "questions": questions,
            "answered": answered,
            "answered_percent": round(100 * answered / questions) if questions else 0,
            "practices": sum(len(item["missing"]) for item in plan),
        },
        "version": wellarch.__version__,
    }


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as GitHub-flavoured Markdown: title, facts, a risk table per lens, the
    improvement plan as a list and a table of questions per pillar."""
    return environment().get_template("report.md").render(_context(report))


def render_html(report: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no script, no fetch)."""
    context = _context(report)
    for index, lens in enumerate(context["lenses"]):
        title = f"Risk by pillar — {lens['name']}"
        lens["chart"] = Markup(risk_chart_svg(lens["pillars"], title=title, id_prefix=f"c{index}"))
    return environment().get_template("report.html").render(context)


#: Report formats by name. A plugin adds a format by adding a renderer here.
RENDERERS: dict[str, Renderer] = {"md": render_markdown, "html": render_html}


def renderer(name: str) -> Renderer:
    """The renderer of format ``name``; :class:`~wellarch.errors.NotFound` names the known ones."""
    try:
        return RENDERERS[name]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise NotFound(f"unknown report format {name!r}; known formats: {known}") from None

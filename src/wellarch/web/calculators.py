"""Calculator pages: downtime budgets, SLO error budgets, composite availability, capacity and
the disaster-recovery strategy, each a GET form over :mod:`wellarch.calc`.

The figures are the library's, formatted as ``wellarch calc`` prints them; the routes only read
the form, call the library and lay the result out. An input the library refuses is shown again
with the library's message beside the field (status 422).
"""

from __future__ import annotations

import math
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wellarch.calc import (
    PERIODS,
    DowntimeBudget,
    analyse,
    error_budget,
    estimate,
    parse_availability,
    parse_expression,
    recommend,
    sla_table,
)
from wellarch.calc.architecture import parse_component_option
from wellarch.calc.availability import Node, Part
from wellarch.calc.capacity import DEFAULTS, LABELS, parse_inputs
from wellarch.calc.errors import CalcInputError
from wellarch.calc.expression import ExpressionError
from wellarch.calc.slo import SOURCE as SRE_SOURCE
from wellarch.calc.units import (
    format_duration,
    format_number,
    format_percent,
    format_share,
    parse_count,
    parse_duration,
)
from wellarch.web.lanes import PageRoute
from wellarch.web.rendering import render
from wellarch.web.toolform import ToolForm

__all__ = ["AVAILABILITY_EXAMPLES", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

#: Expressions offered as one-click examples on the availability page.
AVAILABILITY_EXAMPLES = (
    "alb * (3 x ec2_instance) * rds_multi_az",
    "cloudfront * alb * (2 x fargate) * dynamodb",
    "0.9995 * (0.999 | 0.999) * 0.9999",
)
#: Availability targets offered as one-click examples on the downtime page.
COMMON_TARGETS = ("99", "99.5", "99.9", "99.95", "99.99", "99.999")


def nines(budget: DowntimeBudget) -> str:
    """``3.30 nines`` (``all the nines`` for 100 %), as the CLI says it."""
    return "all the nines" if math.isinf(budget.nines) else f"{budget.nines:.2f} nines"


def _periods(budget: DowntimeBudget) -> list[dict[str, str]]:
    return [
        {"period": period, "duration": format_duration(seconds), "seconds": f"{seconds:,.2f}"}
        for period, seconds in budget.per_period().items()
    ]


def _page(request: Request, template: str, form: ToolForm, **context: Any) -> HTMLResponse:
    return render(
        request,
        template,
        {"section": "tools", "form": form, **context},
        status_code=form.status,
    )


@router.get("/tools/downtime", response_class=HTMLResponse)
def downtime_page(request: Request) -> HTMLResponse:
    """Allowed downtime per period for an availability, or the availability of a downtime."""
    form = ToolForm.read(
        request,
        ("availability", "downtime", "per"),
        {"per": "year"},
        trigger=("availability", "downtime"),
    )
    result: dict[str, Any] | None = None
    if form.submitted:
        per = form.choose("per", PERIODS) or "year"
        if form.text("availability") and form.text("downtime"):
            form.fail("availability", "give an availability or a downtime, not both")
        elif not form.text("availability") and not form.text("downtime"):
            form.fail("availability", "give an availability such as 99.95, or a downtime below")
        seconds = form.parse("downtime", parse_duration)
        value = form.parse("availability", parse_availability, bare="auto")
        budget: DowntimeBudget | None = None
        if form.ok and seconds is not None:
            try:
                budget = DowntimeBudget.for_downtime(seconds, per)
            except CalcInputError as exc:
                form.fail("downtime", exc.message)
        elif form.ok and value is not None:
            budget = DowntimeBudget.for_availability(value)
        if budget is not None:
            result = {
                "given": None if seconds is None else f"{format_duration(seconds)} per {per}",
                "percent": budget.percent(),
                "nines": nines(budget),
                "periods": _periods(budget),
            }
    return _page(
        request,
        "tools_downtime.html",
        form,
        result=result,
        periods=list(PERIODS),
        targets=_targets(),
    )


def _targets() -> list[dict[str, str]]:
    """The common targets with their yearly, monthly and daily budgets."""
    rows = []
    for target in COMMON_TARGETS:
        budget = DowntimeBudget.for_availability(parse_availability(target, bare="auto"))
        rows.append(
            {
                "target": target,
                "percent": budget.percent(),
                "nines": nines(budget),
                **{p: format_duration(budget.seconds(p)) for p in ("year", "month", "day")},
            }
        )
    return rows


@router.get("/tools/slo", response_class=HTMLResponse)
def slo_page(request: Request) -> HTMLResponse:
    """The error budget of an SLO and its burn-rate alert thresholds."""
    form = ToolForm.read(request, ("target", "window", "requests"), {"window": "30d"})
    result: dict[str, Any] | None = None
    if form.submitted:
        form.require("target", "give the SLO target, such as 99.9")
        form.require("window", "give the SLO window, such as 30d")
        target = form.parse("target", parse_availability, bare="auto")
        window = form.parse("window", parse_duration)
        requests = form.parse("requests", parse_count)
        if form.ok and target is not None and window is not None:
            labels = {"target": "target", "window": "window", "requests": "requests"}
            budget = form.attempt(lambda: error_budget(target, window, requests), labels)
            if budget is not None:
                result = {
                    "budget": budget,
                    "target": format_percent(budget.target, unavailability=budget.budget_fraction),
                    "window": format_duration(budget.window),
                    "share": format_share(budget.budget_fraction),
                    "outage": format_duration(budget.budget_seconds),
                    "failed": None
                    if budget.budget_requests is None
                    else format_number(budget.budget_requests),
                    "alerts": [
                        {
                            "severity": alert.severity,
                            "spent": format_share(alert.budget_share),
                            "windows": f"{format_duration(alert.long_window)} / "
                            f"{format_duration(alert.short_window)}",
                            "burn_rate": format_number(alert.burn_rate),
                            "error_rate": format_share(alert.error_rate),
                            "reachable": alert.reachable,
                            "exhaustion": format_duration(alert.exhaustion),
                        }
                        for alert in budget.alerts
                    ],
                }
    return _page(request, "tools_slo.html", form, result=result, source=SRE_SOURCE)


def _components(form: ToolForm) -> dict[str, Part]:
    named: dict[str, Part] = {}
    for line in (form.values.get("components") or "").splitlines():
        if not line.strip():
            continue
        try:
            name, part = parse_component_option(line.strip())
        except CalcInputError as exc:
            form.blame(exc, {"components": "component"})
            break
        named[name] = part
    return named


def _architecture(
    form: ToolForm, named: dict[str, Part]
) -> tuple[Node | None, tuple[str, str, str] | None]:
    """The parsed expression, or ``None`` and where the problem is: the text before it, the
    character at it (a space past the end) and the text after it."""
    expression = form.values["expression"]
    try:
        return parse_expression(expression, named), None
    except ExpressionError as exc:
        form.fail("expression", exc.message)
        at = exc.position
        name = _NAME.match(expression, at)
        end = name.end() if name else at + 1
        return None, (expression[:at], expression[at:end] or " ", expression[end:])
    except CalcInputError as exc:
        form.fail("expression", exc.message)
        return None, None


@router.get("/tools/availability", response_class=HTMLResponse)
def availability_page(request: Request) -> HTMLResponse:
    """Composite availability of an expression such as ``alb * (3 x ec2_instance) * rds``."""
    form = ToolForm.read(request, ("expression", "components"))
    result: dict[str, Any] | None = None
    pointer: tuple[str, str, str] | None = None
    if form.submitted:
        form.require("expression", "type an expression, such as alb * (3 x ec2_instance)")
        named = _components(form)
        root, pointer = _architecture(form, named) if form.ok else (None, None)
        if root is not None:
            report = analyse(root)
            budget = report.budget
            summary = report.to_dict()
            result = {
                "percent": budget.percent(),
                "nines": nines(budget),
                "expression": summary["expression"],
                "downtime": {p: format_duration(budget.seconds(p)) for p in ("year", "month")},
                "day": format_duration(budget.seconds("day")),
                "weakest": report.weakest.label,
                "blocks": [
                    {
                        "label": block.label,
                        "availability": format_percent(
                            block.availability, unavailability=block.unavailability
                        ),
                        "downtime": format_duration(
                            DowntimeBudget(block.unavailability).seconds("year")
                        ),
                        "improved": format_percent(
                            1 - block.composite_with_extra_replica,
                            unavailability=block.composite_with_extra_replica,
                        ),
                        "weakest": block is report.weakest,
                    }
                    for block in report.blocks
                ],
                "sources": summary["sources"],
            }
    return _page(
        request,
        "tools_availability.html",
        form,
        result=result,
        pointer=pointer,
        entries=list(sla_table().values()),
        examples=AVAILABILITY_EXAMPLES,
    )


#: The capacity form's fields and their labels (the CLI's options, in its order).
CAPACITY_FIELDS = {
    "users": "daily active users",
    "requests_per_user": "requests per user",
    **LABELS,
    "growth": "growth",
    "years": "years",
}


@router.get("/tools/capacity", response_class=HTMLResponse)
def capacity_page(request: Request) -> HTMLResponse:
    """Back-of-the-envelope capacity with every formula shown."""
    form = ToolForm.read(request, CAPACITY_FIELDS)
    result: dict[str, Any] | None = None
    if form.submitted:
        form.require("users", "give the number of daily active users, such as 10M")
        form.require("requests_per_user", "give the requests per user per day, such as 50")
        if form.ok:
            options = {name: form.text(name) for name in CAPACITY_FIELDS}
            plan = form.attempt(lambda: estimate(parse_inputs(options)), CAPACITY_FIELDS)
            if plan is not None:
                result = {
                    "assumed": [
                        f"{LABELS[name]} {DEFAULTS[name]}" for name in sorted(plan.inputs.assumed)
                    ],
                    "lines": plan.lines,
                }
    return _page(
        request,
        "tools_capacity.html",
        form,
        result=result,
        labels=CAPACITY_FIELDS,
        defaults=DEFAULTS,
    )


@router.get("/tools/dr", response_class=HTMLResponse)
def dr_page(request: Request) -> HTMLResponse:
    """The cheapest disaster-recovery strategy that meets an RTO and an RPO."""
    form = ToolForm.read(request, ("rto", "rpo"))
    result: dict[str, Any] | None = None
    if form.submitted:
        form.require("rto", "give the recovery time objective, such as 15m")
        form.require("rpo", "give the recovery point objective, such as 1m")
        rto = form.parse("rto", parse_duration)
        rpo = form.parse("rpo", parse_duration)
        if form.ok and rto is not None and rpo is not None:
            choice = form.attempt(lambda: recommend(rto, rpo), {})
            if choice is not None:
                result = {
                    "choice": choice,
                    "goal": f"RTO {format_duration(choice.rto)} and RPO "
                    f"{format_duration(choice.rpo)}",
                }
    return _page(request, "tools_dr.html", form, result=result)

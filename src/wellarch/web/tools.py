"""The tools hub (``/tools``): the calculators and decision helpers, each with what it answers.

It also gathers the routers of :mod:`wellarch.web.calculators` and
:mod:`wellarch.web.decisions`, so the app includes one router for all the tools.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wellarch.decide import DOMAINS, load_domain
from wellarch.web import calculators, decisions
from wellarch.web.lanes import PageRoute
from wellarch.web.rendering import render

__all__ = ["CALCULATORS", "Tool", "router"]


@dataclass(frozen=True)
class Tool:
    """One entry of the hub: where it is, what it answers, and an example to try."""

    title: str
    url: str
    description: str
    example: str
    example_label: str


CALCULATORS = (
    Tool(
        "Downtime budget",
        "/tools/downtime",
        "Allowed downtime per year, quarter, month, week and day for an availability, or "
        "the availability a downtime allows.",
        "/tools/downtime?availability=99.95",
        "99.95 %",
    ),
    Tool(
        "Composite availability",
        "/tools/availability",
        "Availability of parts in series and in parallel, from AWS SLA figures or your own, "
        "with the weakest part and what one more replica buys.",
        "/tools/availability?expression=alb+*+(3+x+ec2_instance)+*+rds_multi_az",
        "alb * (3 x ec2_instance) * rds_multi_az",
    ),
    Tool(
        "SLO error budget",
        "/tools/slo",
        "The error budget of an SLO and the burn-rate alert thresholds of the SRE Workbook.",
        "/tools/slo?target=99.9&window=30d",
        "99.9 % over 30 days",
    ),
    Tool(
        "Capacity estimate",
        "/tools/capacity",
        "QPS, bandwidth, storage, cores and memory from users and requests, with every "
        "formula shown.",
        "/tools/capacity?users=10M&requests_per_user=50",
        "10M users × 50 requests",
    ),
    Tool(
        "Disaster recovery",
        "/tools/dr",
        "The cheapest DR strategy (backup and restore, pilot light, warm standby, "
        "multi-site) that meets an RTO and an RPO.",
        "/tools/dr?rto=15m&rpo=1m",
        "RTO 15m, RPO 1m",
    ),
)

_DECISION_EXAMPLES = {
    "database": ("qps=100k&latency_ms=10&consistency=eventual&access=key-value", "100k QPS"),
    "messaging": ("pattern=stream&throughput=50k&ordering=per-key&replay=on", "a stream"),
    "compute": ("traffic=spiky&duration=30s&latency_ms=200", "spiky, 30 s jobs"),
    "cache": ("content=dynamic&staleness=5m", "dynamic data, 5 min stale"),
}

router = APIRouter(route_class=PageRoute, include_in_schema=False)
router.include_router(calculators.router)
router.include_router(decisions.router)


def _decision_tools() -> list[Tool]:
    tools = []
    for kind in DOMAINS:
        domain = load_domain(kind)
        query, label = _DECISION_EXAMPLES[kind]
        url = f"/tools/decide/{kind}"
        tools.append(Tool(domain.title, url, domain.question, f"{url}?{query}", label))
    tools.append(
        Tool(
            "Decision matrix",
            "/tools/decide/matrix",
            "Any other choice: weighted criteria and scores in YAML, ranked, with the weight "
            "changes that would change the winner.",
            "/tools/decide/matrix?example=true",
            "build or buy",
        )
    )
    return tools


@router.get("/tools", response_class=HTMLResponse)
def tools_hub(request: Request) -> HTMLResponse:
    """Every calculator and decision helper, with a one-line description and an example."""
    return render(
        request,
        "tools_hub.html",
        {"section": "tools", "calculators": CALCULATORS, "decisions": _decision_tools()},
    )

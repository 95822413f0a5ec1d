"""Decision helper pages: rank databases, messaging, compute and caching options against
requirements, and rank a weighted decision matrix; either can be downloaded as an ADR.

The requirement forms offer the options of ``wellarch decide <kind>``; the choices of each come
from the domain's own data. The ranking, the reasons, the exclusions and the ADR are
:mod:`wellarch.decide`'s; the routes read the form and lay the result out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from wellarch.calc.datafile import parse_yaml
from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import format_number
from wellarch.decide import (
    DOMAINS,
    Decision,
    MatrixResult,
    adr_for_decision,
    adr_for_matrix,
    evaluate,
    load_domain,
    parse_matrix,
    render_adr,
)
from wellarch.decide import decide as rank
from wellarch.decide.engine import Evaluation
from wellarch.decide.requirements import (
    cache_requirements,
    compute_requirements,
    database_requirements,
    messaging_requirements,
)
from wellarch.errors import NotFound
from wellarch.web.csrf import CheckedForm
from wellarch.web.downloads import content_disposition
from wellarch.web.forms import form_text
from wellarch.web.lanes import PageRoute
from wellarch.web.rendering import render
from wellarch.web.toolform import FORM, ToolForm

__all__ = ["FIELDS", "MATRIX_EXAMPLE", "MAX_MATRIX", "router"]

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: The largest decision matrix accepted, pasted or uploaded (bytes).
MAX_MATRIX = 256 * 1024
#: A margin (points of 100) below which the first two options are a close call, as in the ADR.
CLOSE_CALL = 5.0

MATRIX_EXAMPLE = """\
title: Monitoring and alerting - build or buy
context: Five engineers, three months to production, a 99.9 % uptime target.
criteria:
  - {name: time to market, weight: 3, description: in production within three months}
  - {name: cost over 3 years, weight: 2}
  - {name: customisation, weight: 1}
  - {name: team focus, weight: 2}
options:
  - name: Build on Prometheus and Grafana
    scores: {time to market: 2, cost over 3 years: 4, customisation: 5, team focus: 1}
    pros: [Full control of dashboards and alert rules, No licence fees]
    cons: [Four engineer-months to build, The team maintains it]
  - name: Buy a SaaS product
    scores: {time to market: 5, cost over 3 years: 2, customisation: 3, team focus: 5}
    pros: [Running in weeks, Vendor maintains it]
    cons: [Subscription cost grows with hosts and metrics]
  - name: Hybrid - buy, build cost attribution
    scores: {time to market: 4, cost over 3 years: 3, customisation: 4, team focus: 4}
"""


@dataclass(frozen=True)
class Field:
    """One input of a requirements form: ``wellarch decide <kind> --<name>``."""

    name: str
    label: str
    hint: str
    #: ``text``, ``choice`` (values from the domain's requirement of the same name) or ``flag``.
    kind: str = "text"
    required: bool = False
    placeholder: str = ""


#: The inputs of each kind, as the CLI's options (labels and hints from its help).
FIELDS: dict[str, tuple[Field, ...]] = {
    "database": (
        Field("qps", "Peak requests per second", "100000, 100k or 1.5M.", required=True),
        Field("latency_ms", "Latency target (p99, ms)", "10, 0.5ms or 1s.", placeholder="10"),
        Field("consistency", "Read consistency", "", "choice"),
        Field("access", "Access pattern", "The main way the data is read.", "choice"),
        Field("read_write", "Reads to writes", "For example 9:1 or 1:1.", placeholder="9:1"),
        Field("item_size", "Largest item or row", "4KB, 400KB or 1MB.", placeholder="4KB"),
        Field(
            "ephemeral",
            "The data may be lost on a node failure",
            "A cache or sessions: in-memory stores qualify.",
            "flag",
        ),
    ),
    "messaging": (
        Field("throughput", "Peak messages per second", "5000, 50k.", placeholder="50k"),
        Field(
            "pattern",
            "Pattern",
            "Work queue, fan-out to many consumers, replayable stream, or content routing.",
            "choice",
        ),
        Field("ordering", "Ordering", "", "choice"),
        Field("delivery", "Delivery guarantee", "", "choice"),
        Field("replay", "Consumers must re-read past messages", "", "flag"),
        Field("latency_ms", "End-to-end latency target (ms)", "", placeholder="100"),
        Field("protocol", "Protocol", "One that producers or consumers already speak.", "choice"),
    ),
    "compute": (
        Field("traffic", "Traffic shape", "The shape of the load.", "choice"),
        Field("duration", "Longest unit of work", "30s, 20m or 2h.", placeholder="30s"),
        Field("latency_ms", "Start-up latency budget (ms)", "What the caller can absorb."),
        Field("memory", "Memory per task or function", "512MB, 2GB.", placeholder="2GB"),
        Field("vcpus", "vCPUs per task", "", placeholder="2"),
        Field("gpu", "The work needs GPUs", "", "flag"),
    ),
    "cache": (
        Field(
            "content",
            "What is cached",
            "Static assets, shared dynamic data, per-user data or sessions.",
            "choice",
            required=True,
        ),
        Field("staleness", "Accepted staleness", "0s, 30s or 5m.", placeholder="5m"),
    ),
}


def _requirements(kind: str, form: ToolForm) -> dict[str, Any]:
    """The requirements of ``kind`` from the form, by the library's requirements function."""
    text = form.text
    if kind == "database":
        return database_requirements(
            qps=text("qps") or "",
            latency_ms=text("latency_ms"),
            consistency=text("consistency"),
            access=text("access"),
            read_write=text("read_write") or "9:1",
            item_size=text("item_size"),
            durable=not form.flag("ephemeral"),
        )
    options = {f.name: text(f.name) for f in FIELDS[kind] if f.kind != "flag"}
    if kind == "messaging":
        return messaging_requirements(replay=form.flag("replay"), **options)
    if kind == "compute":
        return compute_requirements(gpu=form.flag("gpu"), **options)
    return cache_requirements(**options)


def _choices(kind: str) -> dict[str, tuple[str, ...]]:
    domain = load_domain(kind)
    return {f.name: domain.requirements[f.name].values for f in FIELDS[kind] if f.kind == "choice"}


def _domain_kind(kind: str) -> str:
    if kind not in DOMAINS:
        raise NotFound(f"there is no decision helper {kind!r}; use one of {', '.join(DOMAINS)}")
    return kind


def _decide(kind: str, request: Request) -> tuple[ToolForm, Decision | None]:
    fields = FIELDS[kind]
    form = ToolForm.read(request, [f.name for f in fields])
    if not form.submitted:
        return form, None
    choices = _choices(kind)
    for f in fields:
        if f.required:
            form.require(f.name, f"{f.label.lower()} is required")
        if f.kind == "choice":
            form.choose(f.name, choices[f.name])
    if not form.ok:
        return form, None
    labels = {f.name: f.label for f in fields}
    decision = form.attempt(lambda: rank(load_domain(kind), _requirements(kind, form)), labels)
    return form, decision


def _weakest(evaluation: Evaluation) -> str:
    """The option's lowest-scoring weighted criterion, as ``label: note``."""
    scored = [a for a in evaluation.assessments if a.score is not None and a.weight > 0]
    if not scored:
        return ""
    weakest = min(scored, key=lambda a: a.score or 0.0)
    return f"{weakest.label}: {weakest.note}"


def _sensitivity(decision: Decision) -> str | None:
    margin = decision.margin
    if margin is None or decision.winner is None:
        return None
    winner, second = decision.ranked[0].option.name, decision.ranked[1].option.name
    text = f"{winner} leads {second} by {format_number(margin)} points of 100"
    if margin < CLOSE_CALL:
        return text + ": a close call. A small change of a requirement may change the answer."
    return text + "."


def _today() -> str:
    return datetime.date.today().isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "decision"


def _markdown(markdown: str, filename: str) -> Response:
    return Response(
        markdown,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": content_disposition(filename, filename)},
    )


@router.get("/tools/decide/matrix", response_class=HTMLResponse)
def matrix_page(request: Request, example: bool = False) -> HTMLResponse:
    """The matrix form (with the example filled in on request)."""
    return _matrix_page(request, MATRIX_EXAMPLE if example else "")


def _matrix_page(
    request: Request,
    text: str,
    *,
    result: MatrixResult | None = None,
    error: str | None = None,
    line: tuple[int, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "tools_matrix.html",
        {
            "section": "tools",
            "text": text,
            "result": result,
            "error": error,
            "line": line,
            "max_matrix": MAX_MATRIX,
            "number": format_number,
        },
        status_code=status_code,
    )


def _matrix_source(form: Any) -> tuple[str, str, tuple[int, str] | None]:
    """``(name, text, problem)`` of the uploaded file, or else of the pasted text; a problem
    is ``(status, message)``: 413 for a matrix over :data:`MAX_MATRIX`, 422 for one that is
    not UTF-8 text."""
    upload = form.get("file")
    too_large = f"is larger than {MAX_MATRIX // 1024} KiB, the limit for a matrix"
    if isinstance(upload, UploadFile) and upload.filename:
        name = PurePath(upload.filename).name[:200] or "matrix.yaml"
        data = upload.file.read(MAX_MATRIX + 1)
        if len(data) > MAX_MATRIX:
            return name, "", (413, f"{name} {too_large}")
        try:
            return name, data.decode("utf-8"), None
        except UnicodeDecodeError:
            return name, "", (422, f"{name} is not UTF-8 text")
    text = form_text(form, "yaml", strip=False)
    if len(text.encode("utf-8")) > MAX_MATRIX:
        return "matrix.yaml", "", (413, f"the matrix {too_large}")
    return "matrix.yaml", text, None


@router.post("/tools/decide/matrix", response_class=HTMLResponse)
def rank_matrix(request: Request, form: CheckedForm) -> Response:
    """Rank a pasted or uploaded matrix; ``action=adr`` returns the ADR as a download."""
    name, text, problem = _matrix_source(form)
    if problem is not None:
        status, message = problem
        return _matrix_page(request, text, error=message, status_code=status)
    if not text.strip():
        error = "Paste a decision matrix in YAML, or choose a file."
        return _matrix_page(request, text, error=error, status_code=422)
    try:
        result = evaluate(parse_matrix(parse_yaml(text, file=name), file=name))
    except CalcInputError as exc:
        lines = text.splitlines()
        line = None
        if exc.line is not None and 0 < exc.line <= len(lines):
            line = (exc.line, lines[exc.line - 1])
        return _matrix_page(request, text, error=str(exc), line=line, status_code=422)
    if form_text(form, "action") == "adr":
        adr = render_adr(adr_for_matrix(result, date=_today()))
        return _markdown(adr, f"adr-{_slug(result.matrix.title)}.md")
    return _matrix_page(request, text, result=result)


@router.get("/tools/decide/{kind}/adr")
def decision_adr(request: Request, kind: str) -> Response:
    """The decision for the requirements in the address, as an ADR in Markdown."""
    form, decision = _decide(_domain_kind(kind), request)
    if decision is None:
        if form.submitted:
            message = next(iter(form.errors.values()), "the requirements cannot be used")
            raise CalcInputError(message)
        raise CalcInputError("give the requirements first: this address has none")
    adr = render_adr(adr_for_decision(decision, date=_today()))
    return _markdown(adr, f"adr-{kind}.md")


@router.get("/tools/decide/{kind}", response_class=HTMLResponse)
def decision_page(request: Request, kind: str) -> HTMLResponse:
    """The requirements form of ``kind`` and, once sent, the ranked options."""
    form, decision = _decide(_domain_kind(kind), request)
    domain = load_domain(kind)
    adr_url = None
    if decision is not None:
        adr_url = f"/tools/decide/{kind}/adr?{request.url.query}"
    return render(
        request,
        "tools_decide.html",
        {
            "section": "tools",
            "kind": kind,
            "kinds": DOMAINS,
            "domain": domain,
            "fields": FIELDS[kind],
            "choices": _choices(kind),
            "form": form,
            "form_error": form.errors.get(FORM),
            "decision": decision,
            "weakest": _weakest,
            "sensitivity": _sensitivity(decision) if decision else None,
            "adr_url": adr_url,
            "number": format_number,
        },
        status_code=form.status,
    )

"""``wellarch decide ...``: ranked, explained technology choices, and decision records."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wellarch.calc import CalcInputError
from wellarch.calc.units import format_number
from wellarch.decide import (
    Decision,
    MatrixResult,
    adr_for_decision,
    adr_for_matrix,
    evaluate,
    load_domain,
    load_matrix,
    render_adr,
)
from wellarch.decide import decide as rank
from wellarch.decide.requirements import (
    cache_requirements,
    compute_requirements,
    database_requirements,
    messaging_requirements,
)


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--adr",
        "adr_path",
        metavar="PATH",
        help="Also write the decision as an Architecture Decision Record in Markdown to PATH "
        "('-' prints it instead of the report).",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        help="Output format: a readable report, or JSON for scripts.",
    )(command)


def _console() -> Console:
    return Console(highlight=False)


def _write_adr(markdown: str, path: str) -> None:
    if path == "-":
        click.echo(markdown, nl=False)
        return
    try:
        Path(path).write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise CalcInputError(f"--adr: cannot write {path} ({exc.strerror or exc})") from None
    click.echo(f"ADR written to {path}", err=True)


def _today() -> str:
    return datetime.date.today().isoformat()


def _report(decision: Decision, fmt: str, adr_path: str | None) -> None:
    if adr_path is not None:
        _write_adr(render_adr(adr_for_decision(decision, date=_today())), adr_path)
        if adr_path == "-":
            return
    if fmt == "json":
        click.echo(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
        return
    console = _console()
    console.print(f"[bold]{escape(decision.domain.question)}[/bold]")
    context = ", ".join(f"{label.lower()} {value}" for label, value in decision.context())
    if context:
        console.print(f"Requirements: {escape(context)}", soft_wrap=True)
    winner = decision.winner
    if winner is None:
        console.print("[red]No option meets every hard requirement[/red]; relax one of them.")
    else:
        console.print(
            f"Recommendation: [bold]{escape(winner.option.name)}[/bold] "
            f"(score {format_number(winner.score * 100)} of 100)",
            soft_wrap=True,
        )
        console.print(escape(winner.option.summary), soft_wrap=True)
        for assessment in winner.assessments:
            weight = f"weight {format_number(assessment.weight)}" if assessment.weight else "check"
            console.print(
                f"  - {escape(assessment.label)} ({weight}): {escape(assessment.note)}",
                soft_wrap=True,
            )
        if winner.guidance:
            console.print(f"Guidance: {escape(winner.guidance)}", soft_wrap=True)
    if decision.ranked:
        table = Table("#", "option", "score", "weakest point")
        for place, evaluation in enumerate(decision.ranked, start=1):
            scored = [a for a in evaluation.assessments if a.score is not None and a.weight > 0]
            weakest = min(scored, key=lambda a: a.score or 0.0) if scored else None
            table.add_row(
                str(place),
                escape(evaluation.option.name),
                format_number(evaluation.score * 100),
                escape(f"{weakest.label}: {weakest.note}") if weakest else "",
            )
        console.print(table)
    for evaluation in decision.excluded:
        console.print(
            f"Excluded [bold]{escape(evaluation.option.name)}[/bold]: "
            + escape("; ".join(evaluation.reasons)),
            soft_wrap=True,
        )
    if decision.domain.guidance_by and len(decision.ranked) > 1:
        console.print("Guidance for the other tiers:")
        for evaluation in decision.ranked[1:]:
            if evaluation.guidance:
                console.print(
                    f"  - {escape(evaluation.option.name)}: {escape(evaluation.guidance)}",
                    soft_wrap=True,
                )
    follow_ups = decision.follow_ups()
    if follow_ups:
        console.print("Likely follow-up questions:")
        for follow_up in follow_ups:
            console.print(f"  [bold]Q: {escape(follow_up.question)}[/bold]", soft_wrap=True)
            console.print(f"     {escape(follow_up.answer)}", soft_wrap=True)


@click.group("decide")
def decide() -> None:
    """Decision frameworks: ranked, explained choices with sources, and ADRs.

    \b
    Example:
        wellarch decide database --qps 100000 --latency-ms 10 --access key-value
        wellarch decide matrix build-vs-buy.yaml --adr docs/adr/0007-monitoring.md
    """


@decide.command()
@click.option(
    "--qps", required=True, metavar="COUNT", help="Peak requests per second: 100000, 100k."
)
@click.option("--latency-ms", metavar="MS", help="Latency target at p99, in milliseconds.")
@click.option(
    "--consistency", type=click.Choice(["eventual", "strong"]), help="Read consistency needed."
)
@click.option(
    "--access",
    type=click.Choice(["key-value", "relational", "search", "graph", "time-series"]),
    help="The main access pattern.",
)
@click.option(
    "--read-write", default="9:1", show_default=True, metavar="R:W", help="Reads to writes."
)
@click.option("--item-size", metavar="SIZE", help="Largest item or row: 4KB, 1MB.")
@click.option(
    "--ephemeral",
    is_flag=True,
    help="The data may be lost on a node failure (a cache, sessions): in-memory stores qualify.",
)
@_common
def database(
    qps: str,
    latency_ms: str | None,
    consistency: str | None,
    access: str | None,
    read_write: str,
    item_size: str | None,
    ephemeral: bool,
    fmt: str,
    adr_path: str | None,
) -> None:
    """Rank databases (DynamoDB, Aurora, RDS, ElastiCache, OpenSearch, Neptune, ...).

    Options that violate a hard requirement are excluded with the reason; the rest are ranked
    with an explanation per criterion, and the likely follow-up questions come with answers.

    \b
    Example:
        wellarch decide database --qps 100000 --latency-ms 10 --consistency eventual \\
            --access key-value --read-write 9:1 --item-size 4KB
    """
    requirements = database_requirements(
        qps=qps,
        latency_ms=latency_ms,
        consistency=consistency,
        access=access,
        read_write=read_write,
        item_size=item_size,
        durable=not ephemeral,
    )
    _report(rank(load_domain("database"), requirements), fmt, adr_path)


@decide.command()
@click.option("--throughput", metavar="COUNT", help="Peak messages per second: 5000, 50k.")
@click.option(
    "--pattern",
    type=click.Choice(["queue", "fan-out", "stream", "routing"]),
    help="Work queue, fan-out to many consumers, replayable stream, or content-based routing.",
)
@click.option(
    "--ordering", type=click.Choice(["none", "per-key", "global"]), help="Ordering needed."
)
@click.option(
    "--delivery", type=click.Choice(["at-least-once", "exactly-once"]), help="Delivery guarantee."
)
@click.option("--replay", is_flag=True, help="Consumers must be able to re-read past messages.")
@click.option("--latency-ms", metavar="MS", help="End-to-end latency target, in milliseconds.")
@click.option(
    "--protocol",
    type=click.Choice(["aws-api", "kafka", "amqp", "mqtt", "jms", "stomp"]),
    help="A protocol producers or consumers already speak.",
)
@_common
def messaging(fmt: str, adr_path: str | None, replay: bool, **options: str | None) -> None:
    """Rank messaging services (SQS, SNS, EventBridge, Kinesis, MSK, Amazon MQ).

    \b
    Example:
        wellarch decide messaging --pattern stream --throughput 50k --ordering per-key --replay
        wellarch decide messaging --pattern queue --delivery exactly-once --format json
    """
    requirements = messaging_requirements(replay=replay, **options)
    _report(rank(load_domain("messaging"), requirements), fmt, adr_path)


@decide.command()
@click.option(
    "--traffic",
    type=click.Choice(["spiky", "steady", "batch", "event-driven"]),
    help="The shape of the load.",
)
@click.option("--duration", metavar="DURATION", help="Longest unit of work: 30s, 20m, 2h.")
@click.option("--latency-ms", metavar="MS", help="Start-up latency the caller can absorb, in ms.")
@click.option("--memory", metavar="SIZE", help="Memory per task or function: 2GB.")
@click.option("--vcpus", metavar="COUNT", help="vCPUs per task.")
@click.option("--gpu", is_flag=True, help="The work needs GPUs.")
@_common
def compute(fmt: str, adr_path: str | None, gpu: bool, **options: str | None) -> None:
    """Rank compute platforms (Lambda, Fargate, ECS or EKS on EC2, EC2, Batch).

    \b
    Example:
        wellarch decide compute --traffic spiky --duration 30s --latency-ms 200
        wellarch decide compute --traffic batch --duration 3h --gpu
    """
    requirements = compute_requirements(gpu=gpu, **options)
    _report(rank(load_domain("compute"), requirements), fmt, adr_path)


@decide.command()
@click.option(
    "--content",
    required=True,
    type=click.Choice(["static", "dynamic", "personalized", "session"]),
    help="What is cached: static assets, shared dynamic data, per-user data or sessions.",
)
@click.option("--staleness", metavar="DURATION", help="How stale may a read be: 0s, 30s, 5m.")
@_common
def cache(content: str, staleness: str | None, fmt: str, adr_path: str | None) -> None:
    """Rank caching tiers (client, CDN, API, in-process, in-memory) with TTL and invalidation.

    \b
    Example:
        wellarch decide cache --content dynamic --staleness 5m
        wellarch decide cache --content static
    """
    requirements = cache_requirements(content=content, staleness=staleness)
    _report(rank(load_domain("cache"), requirements), fmt, adr_path)


def _matrix_report(result: MatrixResult) -> None:
    console = _console()
    console.print(f"[bold]{escape(result.matrix.title)}[/bold]")
    names = [c.name for c in result.matrix.criteria]
    table = Table(
        "#",
        "option",
        "total",
        *(
            f"{n} (×{format_number(c.weight)})"
            for n, c in zip(names, result.matrix.criteria, strict=True)
        ),
    )
    for place, ranked in enumerate(result.ranking, start=1):
        table.add_row(
            str(place),
            escape(ranked.option.name),
            format_number(ranked.total),
            *(format_number(ranked.option.scores[n]) for n in names),
        )
    console.print(table)
    verdict = "tie between the top options" if result.tie else f"winner: {result.winner.name}"
    console.print(f"Result: [bold]{escape(verdict)}[/bold]")
    console.print("Sensitivity (the smallest change of one weight that changes the winner):")
    if not result.flips:
        console.print("  no change of a single weight changes the winner")
    for flip in result.flips:
        console.print(f"  - {escape(flip.describe())}", soft_wrap=True)
    if result.flips and result.stable:
        console.print(f"  - no weight of {escape(', '.join(result.stable))} alone changes it")


@decide.command()
@click.argument("file", metavar="FILE.yaml")
@_common
def matrix(file: str, fmt: str, adr_path: str | None) -> None:
    """A weighted decision matrix from a YAML file, with sensitivity analysis.

    The file lists criteria with weights and options with a score per criterion (any scale,
    higher is better); see the README for the format.

    \b
    Example:
        wellarch decide matrix build-vs-buy.yaml
        wellarch decide matrix stack.yaml --adr docs/adr/0003-stack.md
    """
    result = evaluate(load_matrix(file))
    if adr_path is not None:
        _write_adr(render_adr(adr_for_matrix(result, date=_today())), adr_path)
        if adr_path == "-":
            return
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _matrix_report(result)

"""``wellarch calc ...``: availability, downtime, capacity, disaster recovery and SLO figures.

Options are read as text and parsed by :mod:`wellarch.calc.units`, so that a unit that cannot be
read is one ``error: ...`` line and exit code 2, like every other bad input.
"""

from __future__ import annotations

import json
import math
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wellarch.calc import (
    PERIODS,
    CalcInputError,
    DowntimeBudget,
    analyse,
    error_budget,
    estimate,
    load_architecture,
    parse_availability,
    parse_expression,
    recommend,
    sla_table,
)
from wellarch.calc.architecture import parse_component_option
from wellarch.calc.availability import Node
from wellarch.calc.capacity import DEFAULTS, LABELS, parse_inputs
from wellarch.calc.slo import SOURCE as SRE_SOURCE
from wellarch.calc.units import (
    format_duration,
    format_number,
    format_percent,
    format_share,
    parse_count,
    parse_duration,
)

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    help="Output format: a readable table, or JSON for scripts.",
)


def _console() -> Console:
    return Console(highlight=False)


def _json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _nines(budget: DowntimeBudget) -> str:
    return "all the nines" if math.isinf(budget.nines) else f"{budget.nines:.2f} nines"


def _downtime_table(budget: DowntimeBudget) -> Table:
    table = Table("per", "allowed downtime", "seconds")
    for period, seconds in budget.per_period().items():
        table.add_row(period, format_duration(seconds), f"{seconds:,.2f}")
    return table


@click.group()
def calc() -> None:
    """Architecture calculators: availability, downtime, capacity, DR strategy and SLOs.

    \b
    Example:
        wellarch calc downtime 99.95
        wellarch calc availability "alb * (3 x ec2_instance) * rds_multi_az"
        wellarch calc capacity --users 10M --requests-per-user 50
        wellarch calc dr --rto 15m --rpo 1m
    """


@calc.command()
@click.argument("availability", required=False)
@click.option(
    "--downtime",
    "downtime",
    metavar="DURATION",
    help="Work backwards from a downtime such as 4h or '8h 45m 57s' to the availability.",
)
@click.option(
    "--per",
    type=click.Choice(list(PERIODS)),
    default="year",
    show_default=True,
    help="The period --downtime is allowed in.",
)
@_FORMAT
def downtime(availability: str | None, downtime: str | None, per: str, fmt: str) -> None:
    """Allowed downtime per year, quarter, month, week and day for an availability.

    AVAILABILITY is a percentage (99.95 or 99.95%) or a fraction (0.9995). A year is 365.25
    days; figures are rounded down, so the budget shown is never more than the real one.

    \b
    Example:
        wellarch calc downtime 99.99            # 52m 35.7s per year
        wellarch calc downtime --downtime 4h --per year
        wellarch calc downtime 99.9 --format json
    """
    if (availability is None) == (downtime is None):
        raise CalcInputError("give either an AVAILABILITY such as 99.95, or --downtime 4h")
    if downtime is not None:
        seconds = parse_duration(downtime, what="--downtime")
        budget = DowntimeBudget.for_downtime(seconds, per)
        headline = (
            f"{format_duration(seconds)} of downtime per {per} is {budget.percent()} "
            f"availability ({_nines(budget)})."
        )
    else:
        value = parse_availability(availability or "", what="AVAILABILITY", bare="auto")
        budget = DowntimeBudget.for_availability(value)
        headline = f"{budget.percent()} availability ({_nines(budget)}) allows:"
    if fmt == "json":
        data = budget.to_dict()
        if downtime is not None:
            data["given"] = {"downtime_seconds": seconds, "per": per}
        _json(data)
        return
    console = _console()
    console.print(headline)
    console.print(_downtime_table(budget))


def _architecture(spec: str, components: tuple[str, ...]) -> Node:
    if spec.lower().endswith((".yaml", ".yml")):
        if components:
            raise CalcInputError("--component applies to expressions, not to YAML files")
        return load_architecture(spec)
    named = dict(parse_component_option(text) for text in components)
    return parse_expression(spec, named)


@calc.command()
@click.argument("spec", metavar="EXPRESSION|FILE.yaml")
@click.option(
    "--component",
    "components",
    multiple=True,
    metavar="NAME=VALUE",
    help="Name a part of the expression: web=99.9%, cache=0.999 or db=rds_multi_az (repeatable).",
)
@_FORMAT
def availability(spec: str, components: tuple[str, ...], fmt: str) -> None:
    """Composite availability of an architecture: an expression or a YAML file.

    In an expression, '*' (or '>') puts parts in series, '|' in parallel, 'N x TERM' makes N
    parallel copies and parentheses group. Terms are fractions (0.9995), percentages (99.95%),
    names from the SLA table (see `wellarch calc sla`) or names given with --component. A YAML
    file lists components with an availability or an SLA name, instances and zones.

    \b
    Example:
        wellarch calc availability "0.9995 * (0.999 | 0.999) * 0.9999"
        wellarch calc availability "alb * (web | web | web) * db" \\
            --component web=99.5% --component db=rds_multi_az
        wellarch calc availability architecture.yaml --format json
    """
    report = analyse(_architecture(spec, components))
    if fmt == "json":
        _json(report.to_dict())
        return
    budget = report.budget
    console = _console()
    console.print(f"Composite availability: [bold]{budget.percent()}[/bold] ({_nines(budget)})")
    console.print(
        "Allowed downtime: "
        + ", ".join(
            f"{format_duration(budget.seconds(period))} per {period}"
            for period in ("year", "month", "day")
        )
    )
    table = Table("component", "availability", "downtime / year", "with one more replica")
    for block in report.blocks:
        gain = 1 - block.composite_with_extra_replica
        table.add_row(
            escape(block.label),
            format_percent(block.availability, unavailability=block.unavailability),
            format_duration(DowntimeBudget(block.unavailability).seconds("year")),
            f"{format_percent(gain, unavailability=block.composite_with_extra_replica)} overall",
        )
    console.print(table)
    weakest = report.weakest
    console.print(
        f"Weakest component: [bold]{escape(weakest.label)}[/bold] "
        f"({format_percent(weakest.availability, unavailability=weakest.unavailability)}); "
        "improve it first."
    )
    for line in report.to_dict()["sources"]:
        console.print(f"  {escape(line)}", soft_wrap=True)


@calc.command("sla")
@_FORMAT
def sla(fmt: str) -> None:
    """List the SLA table: the names expressions can use, with their figures and sources.

    \b
    Example:
        wellarch calc sla
        wellarch calc sla --format json
    """
    entries = list(sla_table().values())
    if fmt == "json":
        _json([entry.to_dict() for entry in entries])
        return
    table = Table("name", "availability", "service", "source")
    for entry in entries:
        service = entry.service + (" (assumption)" if entry.kind == "assumption" else "")
        table.add_row(entry.name, entry.percent, service, f"{entry.source} ({entry.checked})")
    _console().print(table)


@calc.command()
@click.option("--users", required=True, metavar="COUNT", help="Daily active users: 10M, 250k.")
@click.option(
    "--requests-per-user", required=True, metavar="COUNT", help="Requests per user per day."
)
@click.option("--peak-factor", metavar="X", help="Peak ÷ average traffic (default 3; often 2–5).")
@click.option("--object-size", metavar="SIZE", help="Bytes per request or response (default 2KB).")
@click.option("--storage-per-user", metavar="SIZE", help="Data kept per user (default 2MB).")
@click.option("--replication", metavar="X", help="Copies of each byte stored (default 3).")
@click.option(
    "--requests-per-core",
    metavar="COUNT",
    help="Requests one core serves per second (default 500).",
)
@click.option("--memory-per-user", metavar="SIZE", help="Memory per user (default 1KB).")
@click.option("--read-write", metavar="R:W", help="Reads to writes (default 9:1).")
@click.option("--growth", metavar="RATE", help="Data growth: 40%/year or 3%/month (needs --years).")
@click.option("--years", metavar="N", help="Years of growth to plan storage for.")
@_FORMAT
def capacity(fmt: str, **options: str | None) -> None:
    """Back-of-the-envelope capacity: QPS, bandwidth, storage, cores and memory.

    Every figure is printed with its formula. Counts take k, M and B (10M); sizes take KB, MB,
    GB, TB (decimal) or KiB, MiB, GiB (binary).

    \b
    Example:
        wellarch calc capacity --users 10M --requests-per-user 50
        wellarch calc capacity --users 10M --requests-per-user 50 --peak-factor 3 \\
            --storage-per-user 2MB --replication 3 --growth 40%/year --years 3
    """
    plan = estimate(parse_inputs(options))
    if fmt == "json":
        _json(plan.to_dict())
        return
    console = _console()
    assumed = [f"{LABELS[name]} {DEFAULTS[name]}" for name in sorted(plan.inputs.assumed)]
    if assumed:
        console.print("Assumed (defaults): " + ", ".join(assumed), soft_wrap=True)
    table = Table("figure", "value", "formula")
    for line in plan.lines:
        table.add_row(line.label, line.display, escape(line.formula))
    console.print(table)


@calc.command()
@click.option("--rto", required=True, metavar="DURATION", help="Recovery time objective: 15m, 4h.")
@click.option("--rpo", required=True, metavar="DURATION", help="Recovery point objective: 1m, 1h.")
@_FORMAT
def dr(rto: str, rpo: str, fmt: str) -> None:
    """The cheapest disaster-recovery strategy that meets an RTO and an RPO.

    Chooses among backup and restore, pilot light, warm standby and multi-site active/active,
    and lists what the chosen strategy requires: replication, infrastructure as code, runbooks
    and drills.

    \b
    Example:
        wellarch calc dr --rto 15m --rpo 1m
        wellarch calc dr --rto 24h --rpo 4h --format json
    """
    choice = recommend(parse_duration(rto, what="--rto"), parse_duration(rpo, what="--rpo"))
    if fmt == "json":
        _json(choice.to_dict())
        return
    console = _console()
    chosen = choice.strategy
    goal = f"RTO {format_duration(choice.rto)} and RPO {format_duration(choice.rpo)}"
    console.print(f"[bold]{chosen.name}[/bold] ({chosen.id}) is the cheapest strategy for {goal}.")
    if choice.at_the_edge:
        console.print(
            "[red]No strategy meets these objectives comfortably:[/red] this one reaches them "
            "only at the fast end of its range; prove it with timed drills."
        )
    console.print(
        f"Typical RTO {chosen.range_text('rto')}, RPO {chosen.range_text('rpo')}; "
        f"relative cost {'$' * chosen.cost} of $$$$.",
        soft_wrap=True,
    )
    console.print(chosen.summary, soft_wrap=True)
    console.print("It requires:")
    for key, text in chosen.requires.items():
        console.print(f"  [bold]{key}[/bold]: {text}", soft_wrap=True)
    if choice.alternative is not None:
        console.print(
            f"A cheaper {choice.alternative.name.lower()} could meet it only at the fast end "
            f"of its range (RTO {choice.alternative.range_text('rto')}, "
            f"RPO {choice.alternative.range_text('rpo')}).",
            soft_wrap=True,
        )
    table = Table("strategy", "typical RTO", "typical RPO", "cost", "fit")
    for verdict in choice.verdicts:
        strategy = verdict.strategy
        table.add_row(
            strategy.name,
            strategy.range_text("rto"),
            strategy.range_text("rpo"),
            "$" * strategy.cost,
            f"{verdict.fit.replace('_', ' ')}: {verdict.reason}",
        )
    console.print(table)


@calc.command()
@click.option(
    "--target", required=True, metavar="AVAILABILITY", help="The SLO: 99.9, 99.9% or 0.999."
)
@click.option(
    "--window",
    default="30d",
    show_default=True,
    metavar="DURATION",
    help="The SLO window: 30d, 28d, 7d.",
)
@click.option(
    "--requests",
    metavar="COUNT",
    help="Requests expected in the window, to express the budget in requests.",
)
@_FORMAT
def slo(target: str, window: str, requests: str | None, fmt: str) -> None:
    """Error budget of an SLO and burn-rate alert thresholds (SRE Workbook).

    \b
    Example:
        wellarch calc slo --target 99.9 --window 30d
        wellarch calc slo --target 99.95 --window 28d --requests 300M --format json
    """
    budget = error_budget(
        parse_availability(target, what="--target", bare="auto"),
        parse_duration(window, what="--window"),
        None if requests is None else parse_count(requests, what="--requests"),
    )
    if fmt == "json":
        _json(budget.to_dict())
        return
    console = _console()
    target_text = format_percent(budget.target, unavailability=budget.budget_fraction)
    line = (
        f"SLO {target_text} over {format_duration(budget.window)}: error budget "
        f"{format_share(budget.budget_fraction)} = "
        f"{format_duration(budget.budget_seconds)} of full outage"
    )
    if budget.budget_requests is not None:
        line += f", or {format_number(budget.budget_requests)} failed requests"
    console.print(line + ".", soft_wrap=True)
    table = Table(
        "alert",
        "budget spent",
        "long / short window",
        "burn rate",
        "error rate ≥",
        "budget gone in",
    )
    for alert in budget.alerts:
        table.add_row(
            alert.severity,
            format_share(alert.budget_share),
            f"{format_duration(alert.long_window)} / {format_duration(alert.short_window)}",
            format_number(alert.burn_rate),
            format_share(alert.error_rate) + ("" if alert.reachable else " (cannot fire)"),
            format_duration(alert.exhaustion),
        )
    console.print(table)
    console.print("Alert when both windows exceed the rate. Source: " + SRE_SOURCE, soft_wrap=True)

"""``wellarch milestone ...``: snapshots of a review, and what changed since."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from wellarch.cli.context import Context, pass_context


@click.group()
def milestone() -> None:
    """Save milestones of a review and compare them.

    \b
    Example:
        wellarch milestone create web-shop "before migration"
        wellarch milestone diff web-shop 1
    """


@milestone.command()
@click.argument("workload")
@click.argument("name")
@pass_context
def create(app: Context, workload: str, name: str) -> None:
    """Save the workload's current answers and risks as the next numbered milestone.

    \b
    Example:
        wellarch milestone create web-shop "2026 Q4 review"
    """
    saved = app.reviews.create_milestone(workload, name)
    counts = saved.risk_counts()
    click.echo(
        f"milestone {saved.number} {saved.name!r}: {counts['HIGH']} high, "
        f"{counts['MEDIUM']} medium risks"
    )


@milestone.command("list")
@click.argument("workload")
@pass_context
def list_(app: Context, workload: str) -> None:
    """List a workload's milestones with their risk counts.

    \b
    Example:
        wellarch milestone list web-shop
    """
    table = Table("number", "name", "created", "high", "medium", "unanswered")
    for m in app.reviews.milestones(workload):
        counts = m.risk_counts()
        table.add_row(
            str(m.number),
            m.name,
            m.created_at.strftime("%Y-%m-%d %H:%M"),
            str(counts["HIGH"]),
            str(counts["MEDIUM"]),
            str(counts["UNANSWERED"]),
        )
    Console().print(table)


@milestone.command()
@click.argument("workload")
@click.argument("before", type=int)
@click.argument("after", type=int, required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)
@pass_context
def diff(app: Context, workload: str, before: int, after: int | None, fmt: str) -> None:
    """What changed between two milestones, or between a milestone and now.

    \b
    Example:
        wellarch milestone diff web-shop 1        # milestone 1 → now
        wellarch milestone diff web-shop 1 2 --format json
    """
    result = app.reviews.diff(workload, before, after)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    console = Console()
    totals = result.totals()
    console.print(
        f"{result.before} → {result.after}: {totals['questions_changed']} questions changed, "
        f"{totals['hris_fixed']} high risks fixed, {totals['hris_new']} new high risks, "
        f"{totals['mris_fixed']} medium fixed, {totals['mris_new']} new medium",
        highlight=False,
    )
    if not result.changes:
        return
    table = Table("question", "title", "risk", "added", "removed")
    for change in result.changes:
        arrow = f"{change.risk_before} → {change.risk_after}"
        style = "green" if change.improved else "red"
        table.add_row(
            change.question_id,
            change.title,
            f"[{style}]{arrow}[/{style}]",
            "\n".join(change.added),
            "\n".join(change.removed),
        )
    console.print(table)

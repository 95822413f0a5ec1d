"""``wellarch practice ...``: interview scenarios and feedback on answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from wellarch.errors import InputError

LEVELS = click.Choice(["L6", "L7"])


@click.group()
def practice() -> None:
    """Practise system-design interviews against the Well-Architected pillars.

    \b
    Example:
        wellarch practice list --level L7
        wellarch practice score --scenario payment-system --answer my-answer.md
    """


@practice.command("list")
@click.option("--level", type=LEVELS, help="Only scenarios of this level.")
@click.option("--tag", help="Only scenarios with this topic tag.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)
def list_(level: str | None, tag: str | None, fmt: str) -> None:
    """List the scenario catalog, filtered by level and topic.

    \b
    Example:
        wellarch practice list --tag consistency --format json
    """
    from wellarch.practice import load_scenarios

    chosen = [
        s
        for s in load_scenarios()
        if (level is None or s.level == level) and (tag is None or tag in s.tags)
    ]
    if fmt == "json":
        click.echo(json.dumps([s.to_summary() for s in chosen], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "title", "level", "minutes", "tags")
    for s in chosen:
        table.add_row(s.id, s.title, s.level, str(s.minutes), ", ".join(s.tags))
    Console().print(table)


@practice.command()
@click.argument("scenario_id")
def show(scenario_id: str) -> None:
    """Show a scenario's prompt, scale and constraints (not the reference answer).

    \b
    Example:
        wellarch practice show url-shortener
    """
    from rich.console import Console
    from rich.markdown import Markdown

    from wellarch.practice import get_scenario

    s = get_scenario(scenario_id)
    text = "\n\n".join(
        f"## {section}\n\n{s.sections[section]}" for section in ("Prompt", "Scale", "Constraints")
    )
    Console().print(Markdown(f"# {s.title} ({s.level}, {s.minutes} min)\n\n{text}"))


@practice.command()
@click.option("--scenario", "scenario_id", required=True, help="Scenario id (see practice list).")
@click.option(
    "--answer",
    "answer_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your answer: a text or Markdown file ('-' for standard input).",
)
@click.option("--level", type=LEVELS, help="Level to judge at (default: the scenario's).")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json"]), default="md", help="Output format."
)
def score(scenario_id: str, answer_file: Path, level: str | None, fmt: str) -> None:
    """Feedback on an answer: pillar coverage with evidence and gaps, a rubric, follow-ups.

    \b
    Example:
        wellarch practice score --scenario payment-system --answer answer.md --format json
    """
    from wellarch.practice import get_scenario, render_feedback_markdown, score_answer

    s = get_scenario(scenario_id)
    try:
        if str(answer_file) == "-":
            raw = sys.stdin.read()
        else:
            raw = answer_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {exc}", file=str(answer_file)) from None
    if len(raw) > 200_000:
        raise InputError("is longer than 200,000 characters", file=str(answer_file))
    if not raw.strip():
        raise InputError("is empty", file=str(answer_file))
    feedback = score_answer(s, raw, level=level)
    if fmt == "json":
        click.echo(json.dumps(feedback, indent=2, ensure_ascii=False))
    else:
        click.echo(render_feedback_markdown(feedback, s), nl=False)

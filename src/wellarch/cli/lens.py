"""``wellarch lens ...``: list, show, validate, check, import and export lenses."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError, LensError
from wellarch.lens import check_lens, dump_lens, read_lens_file
from wellarch.lens.catalog import LensEntry
from wellarch.lens.model import Lens


def _counts(lens: Lens) -> tuple[int, int, int]:
    questions = [q for _, q in lens.questions()]
    return len(lens.pillars), len(questions), sum(len(q.choices) for q in questions)


@click.group()
def lens() -> None:
    """Work with lenses: the built-in ones and custom lenses in the AWS JSON format.

    \b
    Example:
        wellarch lens list
        wellarch lens show wellarchitected
    """


@lens.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)
@pass_context
def list_(app: Context, fmt: str) -> None:
    """List the lenses: built-in and imported.

    \b
    Example:
        wellarch lens list --format json
    """
    entries = app.catalog.entries()
    if fmt == "json":
        rows = []
        for entry in entries:
            pillars, questions, choices = _counts(entry.lens)
            rows.append(
                {
                    "alias": entry.alias,
                    "name": entry.lens.name,
                    "builtin": entry.builtin,
                    "pillars": pillars,
                    "questions": questions,
                    "choices": choices,
                }
            )
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("alias", "name", "pillars", "questions", "choices", "source")
    for entry in entries:
        pillars, questions, choices = _counts(entry.lens)
        table.add_row(
            entry.alias,
            entry.lens.name,
            str(pillars),
            str(questions),
            str(choices),
            "built-in" if entry.builtin else "imported",
        )
    Console().print(table)


def _show_question(entry: LensEntry, question_id: str) -> None:
    console = Console()
    question = entry.lens.question(question_id)
    if question is None:
        raise InputError(f"lens {entry.alias!r} has no question {question_id!r}")
    console.print(f"[bold]{question.id}[/bold] {question.title}")
    if question.description:
        console.print(question.description)
    table = Table("title", "choice id", "risk level")
    for choice in question.choices:
        level = entry.choice_notes(choice.id).get("risk_level", "")
        table.add_row(choice.title, choice.id, level)
    console.print(table)
    click.echo("Risk rules (the first that holds wins):")
    for rule in question.risk_rules:
        click.echo(f"  {rule.risk.value:<12} {rule.condition}")


@lens.command()
@click.argument("alias")
@click.option("--question", "question_id", metavar="ID", help="Show one question in full.")
@pass_context
def show(app: Context, alias: str, question_id: str | None) -> None:
    """Show a lens: its pillars and questions, or one question with its choices and rules.

    \b
    Example:
        wellarch lens show wellarchitected
        wellarch lens show wellarchitected --question REL09
    """
    entry = app.catalog.get(alias)
    if question_id:
        _show_question(entry, question_id)
        return
    console = Console()
    pillars, questions, choices = _counts(entry.lens)
    console.print(f"[bold]{entry.lens.name}[/bold] ({entry.alias})")
    if entry.lens.description:
        console.print(entry.lens.description)
    console.print(f"{pillars} pillars, {questions} questions, {choices} choices")
    for pillar in entry.lens.pillars:
        table = Table(title=f"{pillar.name} ({pillar.id})", title_justify="left")
        table.add_column("question")
        table.add_column("title")
        table.add_column("choices", justify="right")
        for question in pillar.questions:
            table.add_row(question.id, question.title, str(len(question.choices)))
        console.print(table)


@lens.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lenient", is_flag=True, help="Accept what published lenses contain, as warnings.")
def validate(files: tuple[Path, ...], lenient: bool) -> None:
    """Validate lens files against the AWS custom-lens format and its limits.

    Every problem is printed on its own line as FILE: JSON-PATH: problem. Exits 1 when any
    file is invalid.

    \b
    Example:
        wellarch lens validate my-lens.json
        wellarch lens validate --lenient downloaded/*.json
    """
    failed = False
    for file in files:
        try:
            loaded = read_lens_file(file, lenient=lenient)
        except LensError as exc:
            failed = True
            for line in exc.lines():
                click.echo(line)
            continue
        except InputError as exc:
            failed = True
            click.echo(str(exc))
            continue
        for warning in loaded.warnings:
            click.echo(f"{file}: {warning.path}: warning: {warning.message}")
        pillars, questions, choices = _counts(loaded.lens)
        click.echo(f"{file}: valid ({pillars} pillars, {questions} questions, {choices} choices)")
    if failed:
        sys.exit(1)


@lens.command()
@click.argument("file")
@click.option("--lenient", is_flag=True, help="Load the file in lenient mode.")
@pass_context
def check(app: Context, file: str, lenient: bool) -> None:
    """Check every question's risk rules by truth table.

    Verifies that the worst risk is reachable, that "None of these" gives it, that selecting
    every practice gives NO_RISK and that adding a practice never raises the risk. Prints each
    violation with a counter-example answer and exits 1 if there is any. FILE may also be the
    alias of a lens in the catalog.

    \b
    Example:
        wellarch lens check my-lens.json
        wellarch lens check wellarchitected
    """
    if Path(file).exists() or not app.catalog.find(file):
        lens_ = read_lens_file(file, lenient=lenient).lens
    else:
        lens_ = app.catalog.get(file).lens
    violations = check_lens(lens_)
    for violation in violations:
        click.echo(f"{file}: {violation.format()}")
    if violations:
        sys.exit(1)
    click.echo(f"{file}: all {lens_.question_count} questions pass the risk-rule checks")


@lens.command("export")
@click.argument("alias")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@pass_context
def export(app: Context, alias: str, output: Path | None) -> None:
    """Export a lens as AWS custom-lens JSON (importable into the AWS Well-Architected Tool).

    \b
    Example:
        wellarch lens export wellarchitected -o wellarchitected.json
    """
    text = dump_lens(app.catalog.get(alias).lens)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@lens.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--alias", help="Alias to import it under (default: from the file name).")
@click.option("--lenient", is_flag=True, help="Accept what published lenses contain, as warnings.")
@pass_context
def import_(app: Context, file: Path, alias: str | None, lenient: bool) -> None:
    """Import a custom lens (AWS JSON) so that workloads can use it.

    The lens is validated first; nothing is stored when it has problems. Importing again
    under the same alias replaces the lens.

    \b
    Example:
        wellarch lens import serverless-lens.json --alias serverless
    """
    loaded = read_lens_file(file, lenient=lenient)
    for line in loaded.warning_lines():
        click.echo(f"warning: {line}", err=True)
    if alias is None:
        alias = re.sub(r"[^a-z0-9_-]+", "-", file.stem.lower()).strip("-_")[:64] or "lens"
    entry = app.reviews.import_lens(loaded.lens, alias)
    click.echo(f"imported {entry.lens.name!r} as {alias} ({entry.lens.question_count} questions)")

"""``wellarch answer`` and ``wellarch report``: answer questions, render the review."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError
from wellarch.review.answer import AnswerUpdate, NotApplicable, Reason

REASONS = [r.value for r in Reason]


@click.command()
@click.argument("workload")
@click.argument("question_id")
@click.option("--lens", help="Lens alias (default: the workload's lens that has the question).")
@click.option(
    "--choice",
    "choices",
    multiple=True,
    metavar="ID",
    help="Choice id that is met (repeatable); replaces the selection.",
)
@click.option("--none", "none_of_these", is_flag=True, help='Select "None of these".')
@click.option(
    "--not-applicable",
    type=click.Choice(REASONS, case_sensitive=False),
    help="Mark the question not applicable, with a reason.",
)
@click.option("--details", help="Details of the not-applicable reason.")
@click.option(
    "--choice-na",
    "choice_na",
    multiple=True,
    metavar="ID=REASON",
    help="Mark one choice not applicable (repeatable); it then counts as met.",
)
@click.option("--notes", help="Notes (at most 2,084 characters).")
@click.option(
    "--confirm",
    is_flag=True,
    help="Confirm an answer suggested from IaC evidence: it becomes your own (manual) answer.",
)
@click.option(
    "--expect-version",
    type=int,
    metavar="N",
    help="Refuse the change unless the saved answer is at version N.",
)
@pass_context
def answer(
    app: Context,
    workload: str,
    question_id: str,
    lens: str | None,
    choices: tuple[str, ...],
    none_of_these: bool,
    not_applicable: str | None,
    details: str | None,
    choice_na: tuple[str, ...],
    notes: str | None,
    confirm: bool,
    expect_version: int | None,
) -> None:
    """Answer one question of a workload's review and print the risk it now has.

    \b
    Example:
        wellarch answer web-shop REL09 --choice rel_backing_up_data_identified_backups_data
        wellarch answer web-shop SUS01 --not-applicable BUSINESS_PRIORITIES --details "..."
        wellarch answer web-shop REL10 --none --notes "single-AZ today"
        wellarch answer web-shop REL09 --confirm          # accept the suggestion
        wellarch answer web-shop COST07 --choice-na cost_pricing_model_third_party=OUT_OF_SCOPE
    """
    given = sum([bool(choices), none_of_these, not_applicable is not None])
    if given > 1:
        raise click.UsageError("use only one of --choice, --none and --not-applicable")
    if given == 0 and notes is None and not choice_na and not confirm:
        raise click.UsageError("give --choice, --none, --not-applicable, --choice-na or --notes")
    choice_not_applicable = {}
    for item in choice_na:
        choice_id, sep, reason = item.partition("=")
        if not sep or reason.upper() not in REASONS:
            raise click.UsageError(f"--choice-na {item!r} must be ID=REASON ({', '.join(REASONS)})")
        choice_not_applicable[choice_id] = NotApplicable(Reason(reason.upper()))
    update = AnswerUpdate(
        selected=choices or None,
        none_of_these=none_of_these,
        not_applicable=NotApplicable(Reason(not_applicable.upper()), details)
        if not_applicable
        else None,
        choice_not_applicable=choice_not_applicable or None,
        notes=notes,
        expected_version=expect_version,
    )
    saved, risk = app.reviews.answer(workload, question_id, update, lens=lens)
    click.echo(f"{question_id}: {risk.value} risk (answer version {saved.version})")


@click.command()
@click.argument("workload")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "pdf"]),
    default="md",
    help="Report format (pdf needs -o FILE or a redirected standard output).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@pass_context
def report(app: Context, workload: str, fmt: str, output: Path | None) -> None:
    """Render a workload's review: risks per pillar, the improvement plan and every answer.

    HTML is one self-contained file (no external requests) that prints well; PDF is that page
    printed on A4 (WeasyPrint); Markdown is for pull requests and wikis; JSON has the shape
    {"workload", "lenses": [{"alias", "name", "risk_counts", "pillars": [{"id", "name",
    "risk_counts", "questions": [...]}]}], "improvement_plan": [...]}.

    \b
    Example:
        wellarch report web-shop --format html -o web-shop.html
        wellarch report web-shop --format pdf -o web-shop.pdf
    """
    data = app.reviews.report(workload)
    if fmt == "pdf":
        from wellarch.report.pdf import report_pdf

        if output is None and sys.stdout.isatty():
            raise InputError("--format pdf writes binary data: give -o FILE or redirect the output")
        content = report_pdf(data)
    elif fmt == "json":
        content = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    else:
        from wellarch.report import RENDERERS  # Jinja2 is loaded only when needed

        content = RENDERERS[fmt](data).encode()
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=str(output)) from None
    click.echo(f"wrote {output}", err=True)

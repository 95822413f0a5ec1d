"""``wellarch review``: the interactive questionnaire in the terminal.

One question at a time: its description, numbered choices (with what is met now) and the risk
the answer gives. Enter numbers to set the selection; ``0`` is "None of these"; ``n`` edits
notes, ``a`` marks the question not applicable, ``s`` skips, ``b`` goes back, ``q`` quits. The
position is saved, so the next ``wellarch review`` resumes where this one stopped.
"""

from __future__ import annotations

import click
from rich.console import Console

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError
from wellarch.lens.model import Pillar, Question
from wellarch.review.answer import Answer, AnswerUpdate, NotApplicable, Reason
from wellarch.review.risk import Risk, question_risk

_RISK_STYLE = {
    Risk.HIGH: "bold red",
    Risk.MEDIUM: "bold yellow",
    Risk.NONE: "bold green",
    Risk.NOT_APPLICABLE: "dim",
    Risk.UNANSWERED: "dim",
}
HELP = (
    "numbers (e.g. 1 3 4) set the selection · 0 none of these · n notes · "
    "a not applicable · s skip · b back · q quit · Enter keeps the answer"
)


def _show(
    console: Console, pillar: Pillar, question: Question, answer: Answer | None, at: str
) -> None:
    risk = question_risk(question, answer)
    console.rule(f"{at} · {pillar.name}")
    console.print(f"[bold]{question.id}[/bold] {question.title}", highlight=False)
    if question.description:
        console.print(question.description, style="dim", highlight=False)
    selected = set(answer.selected) if answer else set()
    practices = question.practices
    for number, choice in enumerate(practices, 1):
        mark = "x" if choice.id in selected else " "
        console.print(f"  [{mark}] {number:>2}. {choice.title}", highlight=False)
    if question.none_choice:
        mark = "x" if question.none_choice.id in selected else " "
        console.print(f"  [{mark}]  0. None of these", highlight=False)
    if answer and answer.not_applicable:
        console.print(f"  not applicable: {answer.not_applicable.reason.value}")
    if answer and answer.notes:
        console.print(f"  notes: {answer.notes}", style="italic", highlight=False)
    console.print(f"  risk: [{_RISK_STYLE[risk]}]{risk.value}[/]")


def _parse_numbers(text: str, question: Question) -> AnswerUpdate:
    numbers = text.replace(",", " ").split()
    practices = question.practices
    if numbers == ["0"]:
        return AnswerUpdate(none_of_these=True)
    chosen = []
    for token in numbers:
        if not token.isdigit() or not 1 <= int(token) <= len(practices):
            raise InputError(f"{token!r} is not a choice number (1–{len(practices)}, or 0)")
        chosen.append(practices[int(token) - 1].id)
    return AnswerUpdate(selected=tuple(chosen))


@click.command()
@click.argument("workload")
@click.option("--lens", help="Lens alias (default: the workload's first lens).")
@click.option("--pillar", "pillar_id", metavar="ID", help="Only this pillar's questions.")
@pass_context
def review(app: Context, workload: str, lens: str | None, pillar_id: str | None) -> None:
    """Answer a workload's questions interactively, resuming where you left off.

    \b
    Example:
        wellarch review web-shop
        wellarch review web-shop --pillar reliability
    """
    reviews = app.reviews
    w = reviews.workload(workload)
    alias = lens or w.lenses[0]
    if alias not in w.lenses:
        raise InputError(f"workload {workload!r} does not use lens {alias!r}")
    entry = reviews.catalog.get(alias)
    items = [(p, q) for p, q in entry.lens.questions() if pillar_id is None or p.id == pillar_id]
    if not items:
        raise InputError(f"lens {alias!r} has no pillar {pillar_id!r}")
    repository = app.repository
    answers = dict(reviews.repository.answers(w, alias))
    resume = repository.progress(w, alias)
    ids = [q.id for _, q in items]
    if resume in ids:
        index = ids.index(resume)
    else:
        index = next((i for i, (_, q) in enumerate(items) if q.id not in answers), 0)
    console = Console()
    console.print(HELP, style="dim")
    while 0 <= index < len(items):
        pillar, question = items[index]
        repository.save_progress(w, alias, question.id)
        current = answers.get(question.id)
        _show(console, pillar, question, current, f"{index + 1}/{len(items)}")
        command = click.prompt("answer", default="", show_default=False).strip().lower()
        update: AnswerUpdate | None = None
        if command == "q":
            console.print(f"Saved. Run `wellarch review {workload}` to resume here.")
            return
        if command == "b":
            index = max(index - 1, 0)
            continue
        if command in ("", "s"):
            index += 1
            continue
        version = current.version if current else 0
        try:
            if command == "n":
                notes = click.prompt("notes", default=current.notes if current else "")
                update = AnswerUpdate(notes=notes, expected_version=version)
            elif command == "a":
                reason = click.prompt(
                    "reason", type=click.Choice([r.value for r in Reason]), default="OUT_OF_SCOPE"
                )
                details = click.prompt("details", default="", show_default=False) or None
                update = AnswerUpdate(
                    not_applicable=NotApplicable(Reason(reason), details),
                    expected_version=version,
                )
            else:
                parsed = _parse_numbers(command, question)
                update = AnswerUpdate(
                    selected=parsed.selected,
                    none_of_these=parsed.none_of_these,
                    expected_version=version,
                )
            saved, risk = reviews.answer(workload, question.id, update, lens=alias)
        except InputError as exc:
            console.print(f"[red]{exc}[/red]")
            continue
        answers[question.id] = saved
        console.print(f"  saved: [{_RISK_STYLE[risk]}]{risk.value}[/] risk")
        if command != "n":
            index += 1
    console.print("End of the questionnaire. `wellarch report` shows the improvement plan.")

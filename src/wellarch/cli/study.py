"""``wellarch study ...``: flashcards with spaced repetition, the readiness self-assessment
and the study plan (``wellarch practice cards`` is the same flashcard command)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal, cast

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Column, Table

from wellarch.cli.context import Context, pass_context
from wellarch.content import load_pages
from wellarch.content.flashcards import Card, build_deck, filter_by_tag
from wellarch.content.progress import JsonProgressFile, deck_summary
from wellarch.content.readiness import Readiness, read_answers, readiness_lens, readiness_lens_file
from wellarch.content.readiness import assess as assess_readiness
from wellarch.content.repetition import ProgressStore, StudySession
from wellarch.content.studyplan import AREA_NAMES, AREAS, FOCUS, StudyPlan, build_plan
from wellarch.errors import InputError
from wellarch.lens import Lens, RuleRisk


def _legacy_progress_file() -> Path:
    """Where versions before the store kept card progress (adopted into the store once)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("wellarch", appauthor=False)) / "cards.json"


def card_progress(app: Context, progress_file: Path | None) -> tuple[ProgressStore, str]:
    """The progress to study with, and where it is kept (for the closing message)."""
    if progress_file is not None:
        return JsonProgressFile(progress_file), str(progress_file)
    from wellarch.store.cards import SqlCardProgress

    app.database.ensure_ready()
    store = SqlCardProgress(app.database)
    legacy = _legacy_progress_file()
    if app.db_url is None and legacy.exists():
        moved = store.adopt_file(legacy)
        click.echo(f"moved {moved} card schedule(s) from {legacy} into the database", err=True)
    return store, app.database.display


def _date(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date such as 2025-03-01") from None


def _level(value: str) -> Literal["L6", "L7"]:
    return cast(Literal["L6", "L7"], value)


@click.group()
def study() -> None:
    """Prepare for L6/L7 interviews: flashcards, a readiness self-assessment, a study plan.

    \b
    Example:
        wellarch study cards --tag reliability
        wellarch study assess --level L7
        wellarch study plan --interview-date 2026-06-01 --level L6
    """


_GRADES = (
    "grades: 5 perfect · 4 correct after some thought · 3 correct but hard · "
    "2 wrong, the answer felt familiar · 1 wrong · 0 no idea"
)


def _ask(console: Console, card: Card) -> int | None:
    """Reveal the answer on Enter, then read a grade; ``None`` when the user quits."""
    try:
        reveal = click.prompt("(Enter shows the answer, q quits)", default="", show_default=False)
        if reveal.strip().lower() == "q":
            return None
        console.print(Markdown(card.back))
        answer = click.prompt(
            "Grade 0-5 (q quits)",
            type=click.Choice(["0", "1", "2", "3", "4", "5", "q"]),
            show_choices=False,
        )
    except click.Abort:  # end of input or Ctrl-C: stop, progress is already saved
        click.echo()
        return None
    return None if answer == "q" else int(answer)


@click.command()
@click.option("--tag", help="Study only the cards with this tag (e.g. reliability, interview).")
@click.option(
    "--new",
    "new_limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Most new cards to introduce in this session.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Most cards in this session.")
@click.option("--stats", is_flag=True, help="Show how many cards are new, due and learned; exit.")
@click.option(
    "--progress",
    "progress_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep progress in this JSON file instead of the database.",
)
@click.option("--today", metavar="DATE", help="Study as if it were DATE (default: today).")
@pass_context
def cards(
    app: Context,
    tag: str | None,
    new_limit: int,
    limit: int | None,
    stats: bool,
    progress_file: Path | None,
    today: str | None,
) -> None:
    """Review flashcards with SM-2 spaced repetition.

    Cards come from the knowledge base (interview questions and key terms) and from a
    hand-written set. Each card's question is shown; press Enter to see the answer, then
    grade yourself from 0 to 5 (q quits; progress is saved after every card). Cards graded
    below 4 come back before the session ends. Progress is kept per card in the database
    (the web page /study/cards shares it).

    \b
    Example:
        wellarch study cards --tag interview --new 5
        wellarch practice cards --stats
    """
    day = _date("--today", today) if today else date.today()
    progress, where = card_progress(app, progress_file)
    deck = filter_by_tag(build_deck(load_pages()), tag)
    if not deck:
        raise InputError(f"no card has the tag {tag!r}")
    summary = deck_summary((card.id for card in deck), progress, day)
    if stats:
        click.echo(
            f"{summary.cards} cards: {summary.new} new, {summary.due} due, "
            f"{summary.learning} learning, {summary.mature} mature"
        )
        return
    session = StudySession(deck, progress, day, new_limit=new_limit, limit=limit)
    if session.done:
        click.echo("nothing due today; come back tomorrow (or raise --new)")
        return
    console = Console()
    click.echo(f"{session.size} card(s) to review; {_GRADES}")
    asked = 0
    while (card := session.next()) is not None:
        asked += 1
        label = "Define" if card.kind == "term" else "Question"
        console.rule(f"{asked} · {card.source} · {len(session.queue)} left", style="dim")
        console.print(f"[bold]{label}:[/bold] {card.front}", highlight=False)
        answer = _ask(console, card)
        if answer is None:
            break
        state = session.grade(card, answer)
        if state is not None and state.due is not None:
            click.echo(f"next review in {state.interval} day(s), on {state.due.isoformat()}")
    graded = len(session.graded)
    click.echo(f"reviewed {graded} card(s), {session.repeats} repeat(s); progress saved to {where}")


study.add_command(cards)


def _ask_answers(lens: Lens) -> dict[str, tuple[str, ...]]:
    answers: dict[str, tuple[str, ...]] = {}
    console = Console()
    for pillar, question in lens.questions():
        console.rule(f"{pillar.name}", style="dim")
        console.print(f"[bold]{question.title}[/bold]", highlight=False)
        if question.description:
            console.print(question.description, highlight=False)
        practices = question.practices
        for number, choice in enumerate(practices, 1):
            click.echo(f"  {number}. {choice.title}")
        click.echo("  0. None of these")
        while True:
            raw = click.prompt("Your choices (numbers, e.g. 1 3)", default="0")
            tokens = raw.replace(",", " ").split()
            if all(t.isdigit() and int(t) <= len(practices) for t in tokens):
                break
            click.echo(f"enter numbers from 0 to {len(practices)}")
        picked = [practices[int(t) - 1].id for t in tokens if int(t) > 0]
        none = question.none_choice
        answers[question.id] = tuple(picked) or ((none.id,) if none else ())
    return answers


def _print_readiness(result: Readiness) -> None:
    table = Table("pillar", "high", "medium", "none", f"at the {result.level} bar")
    for pillar in result.pillars:
        table.add_row(
            pillar.name,
            str(pillar.count(RuleRisk.HIGH_RISK)),
            str(pillar.count(RuleRisk.MEDIUM_RISK)),
            str(pillar.count(RuleRisk.NO_RISK)),
            f"{pillar.met} of {pillar.total}",
        )
    console = Console()
    console.print(table)
    click.echo(
        f"{result.level} readiness: {result.score}% ({result.met} of {result.total} questions "
        f"at the bar) — {result.verdict}"
    )
    for gap in result.gaps:
        kind = "L6 core" if gap.core else "L7"
        console.print(f"- [bold]{kind}[/bold] · {gap.choice.title}: {gap.plan}", highlight=False)


def _print_plan(plan: StudyPlan, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(plan.to_dict(), indent=2))
        return
    fixed = [Column(name, no_wrap=True) for name in ("week", "starts", "phase")]
    short = {"system_design": "design", "behavioral": "stories", "mock_interviews": "mocks"}
    table = Table(*fixed, *(short.get(a, a) for a in AREAS), "total")
    for week in plan.weeks:
        hours = [f"{week.hours[a]:.1f}" for a in AREAS]
        table.add_row(
            str(week.number), week.start.isoformat(), week.phase, *hours, f"{week.total:.1f}"
        )
    Console().print(table)
    totals = ", ".join(f"{AREA_NAMES[a]} {plan.totals[a]:.0f} h" for a in AREAS)
    click.echo(
        f"{plan.level} plan until {plan.interview.isoformat()}: {plan.total_hours:.0f} h ({totals})"
    )
    for phase, count in plan.phase_weeks():
        click.echo(f"{phase} ({count} week(s)): " + "; ".join(FOCUS[phase]))
    for note in plan.notes:
        click.echo(f"note: {note}")


_LEVEL = click.option(
    "--level",
    type=click.Choice(["L6", "L7"]),
    default="L6",
    show_default=True,
    help="The level you are interviewing for.",
)
_HOURS = click.option(
    "--hours-per-week",
    type=click.FloatRange(min=1),
    default=15,
    show_default=True,
    help="Most hours a week you can study.",
)
_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    help="Output format of the plan.",
)


@study.command()
@_LEVEL
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read answers from a JSON or YAML file instead of asking.",
)
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the answers to this JSON file (for `study plan --assessment`).",
)
@click.option("--interview-date", metavar="DATE", help="Also print a study plan until DATE.")
@_HOURS
@_FORMAT
def assess(
    level: str,
    answers_file: Path | None,
    save: Path | None,
    interview_date: str | None,
    hours_per_week: float,
    fmt: str,
) -> None:
    """Self-assess your L6/L7 readiness and see the gaps to close.

    Asks the readiness questionnaire (scope, scale, technical depth, leadership, coding,
    behavioural stories; 12 questions), scores each question like a review — high risk
    below the L6 bar, medium at L6 but not L7, none at both — and lists the missing
    practices with what to do. The questionnaire is a custom lens: see `wellarch study lens`.

    \b
    Example:
        wellarch study assess --level L7 --save answers.json
        wellarch study assess --answers answers.json --interview-date 2026-06-01
    """
    lens = readiness_lens()
    answers = read_answers(answers_file, lens) if answers_file else _ask_answers(lens)
    if save is not None:
        save.write_text(
            json.dumps({k: list(v) for k, v in answers.items()}, indent=2) + "\n", encoding="utf-8"
        )
        click.echo(f"answers saved to {save}", err=True)
    result = assess_readiness(lens, answers, level=_level(level))
    _print_readiness(result)
    if interview_date is not None:
        plan = build_plan(
            _level(level),
            date.today(),
            _date("--interview-date", interview_date),
            readiness=result,
            max_hours_per_week=hours_per_week,
        )
        _print_plan(plan, fmt)


@study.command()
@click.option("--interview-date", metavar="DATE", required=True, help="The interview date.")
@_LEVEL
@click.option(
    "--assessment",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Answers saved by `study assess --save`: weights the areas by your gaps.",
)
@click.option("--start", metavar="DATE", help="First day of the plan (default: today).")
@_HOURS
@_FORMAT
def plan(
    interview_date: str,
    level: str,
    assessment: Path | None,
    start: str | None,
    hours_per_week: float,
    fmt: str,
) -> None:
    """Plan the weeks until an interview: fundamentals, deep dives, practice, mocks.

    Hours per area start from typical totals (L6 280 h, L7 330 h) and, with --assessment,
    grow for the areas with gaps and shrink for the strong ones. When they do not fit in
    --hours-per-week, every area is scaled down and the plan says so.

    \b
    Example:
        wellarch study plan --interview-date 2026-06-01 --level L7
        wellarch study plan --interview-date 2026-06-01 --assessment answers.json
    """
    readiness = None
    if assessment is not None:
        lens = readiness_lens()
        readiness = assess_readiness(lens, read_answers(assessment, lens), level=_level(level))
    first = _date("--start", start) if start else date.today()
    result = build_plan(
        _level(level),
        first,
        _date("--interview-date", interview_date),
        readiness=readiness,
        max_hours_per_week=hours_per_week,
    )
    _print_plan(result, fmt)


@study.command("lens")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
def lens_(output: Path | None) -> None:
    """Print the readiness questionnaire as an AWS custom lens (JSON).

    The file validates with `wellarch lens validate` and `wellarch lens check`, and can be
    imported (`wellarch lens import`) to run it as a regular review.

    \b
    Example:
        wellarch study lens -o readiness.json
        wellarch lens check readiness.json
    """
    text = readiness_lens_file().read_text(encoding="utf-8")
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)

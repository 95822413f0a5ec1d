"""``wellarch practice ...``: interview scenarios and feedback on answers."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError

if TYPE_CHECKING:
    from wellarch.store.practice import SqlProgress

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
@click.option(
    "--analyser",
    "analyser_name",
    type=click.Choice(["lexicon", "semantic"]),
    default="lexicon",
    show_default=True,
    help="How coverage is found: the concept lexicon, or sentence embeddings combined with it "
    "(needs the optional extra: pip install 'wellarch[semantic]').",
)
def score(
    scenario_id: str, answer_file: Path, level: str | None, fmt: str, analyser_name: str
) -> None:
    """Feedback on an answer: pillar coverage with evidence and gaps, a rubric, follow-ups.

    \b
    Example:
        wellarch practice score --scenario payment-system --answer answer.md --format json
        wellarch practice score --scenario chat --answer answer.md --analyser semantic
    """
    from wellarch.practice import Analyser, get_scenario, render_feedback_markdown, score_answer

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
    analyser: Analyser | None = None
    if analyser_name == "semantic":
        from wellarch.practice.semantic import SemanticAnalyser

        analyser = SemanticAnalyser()
    feedback = score_answer(s, raw, level=level, analyser=analyser)
    if fmt == "json":
        click.echo(json.dumps(feedback, indent=2, ensure_ascii=False))
    else:
        click.echo(render_feedback_markdown(feedback, s), nl=False)


def _default_session_file() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("wellarch", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "practice-session.json"


def _progress(app: Context) -> SqlProgress:
    from wellarch.store.practice import SqlProgress

    app.database.ensure_ready()
    return SqlProgress(app.database)


def _clock(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


@practice.command()
@click.argument("scenario_id", required=False)
@click.option("--level", type=LEVELS, help="Level to practise at (default: the scenario's).")
@click.option(
    "--minutes", type=click.IntRange(10, 180), help="Interview length (default: the scenario's)."
)
@click.option("--resume", is_flag=True, help="Continue the paused session.")
@click.option(
    "--session-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where a paused session is kept (default: the user data directory).",
)
@pass_context
def start(
    app: Context,
    scenario_id: str | None,
    level: str | None,
    minutes: int | None,
    resume: bool,
    session_file: Path | None,
) -> None:
    """Run a timed practice interview, phase by phase, then get feedback.

    Type your notes for each phase; a line with a single "." ends the phase, "q" pauses the
    session (resume with --resume). The countdown shows the time left in the phase and overall.

    \b
    Example:
        wellarch practice start url-shortener --minutes 45
        wellarch practice start --resume
    """
    from rich.console import Console
    from rich.markdown import Markdown

    from wellarch.practice import get_scenario, render_feedback_markdown, score_answer
    from wellarch.practice.progress import Attempt
    from wellarch.practice.session import Session, new_session

    path = session_file or _default_session_file()
    if resume:
        try:
            session = Session.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise InputError("no paused session to resume", file=str(path)) from None
        except (ValueError, KeyError, TypeError):
            raise InputError("the paused session file is damaged", file=str(path)) from None
    elif scenario_id is None:
        raise click.UsageError("name a scenario (see `wellarch practice list`) or use --resume")
    else:
        chosen = get_scenario(scenario_id)
        session = new_session(chosen.id, level or chosen.level, minutes or chosen.minutes)
    s = get_scenario(session.scenario_id)
    console = Console()
    console.print(Markdown(f"# {s.title} ({session.level}, {session.minutes} min)\n\n{s.prompt}"))
    while (phase := session.start_phase()) is not None:
        console.rule(
            f"{phase.name} · phase {_clock(session.phase_remaining())} · "
            f"interview {_clock(session.remaining_seconds)} left"
        )
        console.print(f"[dim]{phase.guidance} — end with a line '.', pause with 'q'[/dim]")
        lines: list[str] = []
        while True:
            line = click.prompt("", prompt_suffix="> ", default="", show_default=False)
            if line.strip() == ".":
                break
            if line.strip().lower() == "q":
                session.pause()
                phase.notes = "\n".join([phase.notes, *lines]).strip()
                path.write_text(json.dumps(session.to_dict(), indent=2), encoding="utf-8")
                console.print(f"Paused. Resume with `wellarch practice start --resume` ({path}).")
                return
            lines.append(line)
        session.finish_phase("\n".join(lines))
        used = phase.used_seconds
        style = "red" if phase.over_budget else "green"
        console.print(f"[{style}]{phase.name}: {_clock(used)} of {_clock(phase.budget_seconds)}[/]")
    path.unlink(missing_ok=True)
    answer = session.answer_text()
    if not answer.strip():
        raise InputError("the session has no notes to give feedback on")
    feedback = score_answer(s, answer, level=session.level)
    console.print(Markdown(render_feedback_markdown(feedback, s)))
    console.print(Markdown("## Reference design\n\n" + s.sections["Reference design"]))
    _progress(app).add_attempt(
        Attempt(
            scenario_id=s.id,
            level=session.level,
            finished_at=datetime.now(UTC),
            minutes=session.minutes,
            phase_seconds={p.name: round(p.used_seconds, 1) for p in session.phases},
            pillar_scores={k: v["score"] for k, v in feedback["pillars"].items()},
            rubric_scores={k: v["score"] for k, v in feedback["rubric"].items()},
        )
    )


@practice.command()
@click.argument("kind", type=click.Choice(["design", "coding", "story", "mock"]))
@click.option("--note", help="What you did (a problem name, a story title…).")
@pass_context
def log(app: Context, kind: str, note: str | None) -> None:
    """Record preparation outside the tool: a coding problem, a STAR story, a mock interview.

    \b
    Example:
        wellarch practice log coding --note "LRU cache"
        wellarch practice log story --note "Led the migration to multi-region"
    """
    from wellarch.practice.progress import Activity, ActivityKind

    _progress(app).add_activity(Activity(ActivityKind(kind), datetime.now(UTC), note))
    click.echo(f"logged {kind}" + (f": {note}" if note else ""))


@practice.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)
@pass_context
def progress(app: Context, fmt: str) -> None:
    """Progress over weeks: strength per pillar, weak areas, streak, and this week's plan.

    \b
    Example:
        wellarch practice progress
    """
    from wellarch.practice.progress import summarise

    store = _progress(app)
    summary = summarise(store.attempts(), store.activities())
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    weeks = sorted({w for v in summary["strength_by_week"].values() for w in v})[-6:]
    table = Table("pillar", *weeks, "average", title=f"{summary['attempts']} practice attempts")
    for pillar, by_week in summary["strength_by_week"].items():
        table.add_row(
            pillar,
            *[f"{by_week[w]:.0%}" if w in by_week else "" for w in weeks],
            f"{summary['average'].get(pillar, 0):.0%}",
        )
    console.print(table)
    if summary["weak_areas"]:
        console.print(f"Weak areas: {', '.join(summary['weak_areas'])}")
    console.print(f"Streak: {summary['streak_days']} day(s)")
    plan = Table("activity", "done", "target")
    for kind, item in summary["plan"].items():
        plan.add_row(kind, str(item["done"]), f"{item['target']} per {item['period']}")
    console.print(plan)


def _register_cards() -> None:
    """``practice cards``: the flashcards of ``study cards`` (one command, two names)."""
    from wellarch.cli.study import cards

    practice.add_command(cards, "cards")


_register_cards()

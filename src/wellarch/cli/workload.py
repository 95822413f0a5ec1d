"""``wellarch workload ...``: create, update (and rename), list, show and delete workloads;
AWS answer interop."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError
from wellarch.review.interop import export_answers, import_answers
from wellarch.review.risk import Risk

F = TypeVar("F", bound=Callable[..., Any])

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)


def _tags(values: tuple[str, ...]) -> dict[str, str]:
    tags = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise InputError(f"tag {value!r} must look like KEY=VALUE")
        tags[key] = val
    return tags


@click.group()
def workload() -> None:
    """Define the workloads you review.

    \b
    Example:
        wellarch workload create web-shop --owner "Team Cart" --region eu-west-1
        wellarch workload list
    """


def _fields(*, update: bool) -> Callable[[F], F]:
    """The workload-field options shared by ``create`` and ``update`` (for ``update`` a
    repeatable option, when given, replaces the whole list).

    Each option's parameter is named after the keyword of :meth:`Reviews.create_workload
    <wellarch.review.service.Reviews.create_workload>` it sets, so that
    :func:`_workload_fields` passes the values on without naming them again."""
    replaces = " Replaces the current list." if update else ""
    options = [
        click.option(
            "--lens",
            "lenses",
            multiple=True,
            metavar="ALIAS",
            help="Lens to review with (repeatable; default wellarchitected)." + replaces,
        ),
        click.option(
            "--environment",
            type=click.Choice(["production", "pre-production"]),
            default=None if update else "production",
            help="Environment of the workload.",
        ),
        click.option("--description", help="What the workload does."),
        click.option("--owner", help="Who owns the review."),
        click.option(
            "--region",
            "regions",
            multiple=True,
            metavar="REGION",
            help="AWS region (repeatable)." + replaces,
        ),
        click.option("--industry", help="Industry of the workload."),
        click.option(
            "--design-url", "architectural_design", help="URL of the architectural design."
        ),
        click.option("--notes", help="Free-form notes."),
        click.option(
            "--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Tag (repeatable)." + replaces
        ),
        click.option(
            "--priority",
            "pillar_priorities",
            multiple=True,
            metavar="PILLAR",
            help="Pillar id, most important first (repeatable); orders the improvement plan."
            + replaces,
        ),
    ]

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def _workload_fields(values: Mapping[str, Any], *, update: bool) -> dict[str, Any]:
    """The values of the :func:`_fields` options as keyword arguments of ``create_workload``
    or ``update_workload``: ``KEY=VALUE`` tags parsed and, for ``update``, a repeatable
    option left out given as ``None`` (the workload keeps its list).

    >>> _workload_fields({"owner": "Team Cart", "regions": (), "tags": ("tier=1",)}, update=True)
    {'owner': 'Team Cart', 'regions': None, 'tags': {'tier': '1'}}
    """
    fields = {**values, "tags": _tags(values["tags"])}
    if update:
        fields = {
            key: None if isinstance(value, tuple | dict) and not value else value
            for key, value in fields.items()
        }
    return fields


@workload.command()
@click.argument("name")
@_fields(update=False)
@pass_context
def create(app: Context, /, name: str, **values: Any) -> None:
    """Create a workload to review.

    \b
    Example:
        wellarch workload create web-shop --environment production \\
            --owner "Team Cart" --region eu-west-1 --priority security
    """
    created = app.reviews.create_workload(name, **_workload_fields(values, update=False))
    click.echo(f"created workload {created.name!r} (lenses: {', '.join(created.lenses)})")


@workload.command()
@click.argument("name")
@click.option("--rename", metavar="NEW_NAME", help="Give the workload a new name.")
@_fields(update=True)
@pass_context
def update(app: Context, /, name: str, rename: str | None, **values: Any) -> None:
    """Change a workload's fields or its name; options left out keep their value.

    Renaming keeps the answers, milestones and evidence.

    \b
    Example:
        wellarch workload update web-shop --owner "Team Checkout" --region eu-west-1
        wellarch workload update web-shop --rename web-shop-eu
    """
    updated = app.reviews.update_workload(
        name, name=rename, **_workload_fields(values, update=True)
    )
    renamed = f" (renamed from {name!r})" if updated.name != name else ""
    click.echo(f"updated workload {updated.name!r}{renamed}")


@workload.command("list")
@FORMAT
@pass_context
def list_(app: Context, fmt: str) -> None:
    """List workloads with their high and medium risks.

    \b
    Example:
        wellarch workload list --format json
    """
    summaries = app.reviews.workloads()
    if fmt == "json":
        click.echo(json.dumps([s.to_dict() for s in summaries], indent=2))
        return
    table = Table("name", "environment", "owner", "lenses", "answered", "high", "medium")
    for s in summaries:
        table.add_row(
            s.name,
            s.environment,
            s.owner or "",
            ", ".join(s.lenses),
            str(s.answered),
            str(s.risks.get(Risk.HIGH.value, 0)),
            str(s.risks.get(Risk.MEDIUM.value, 0)),
        )
    Console().print(table)


@workload.command()
@click.argument("name")
@FORMAT
@pass_context
def show(app: Context, name: str, fmt: str) -> None:
    """Show a workload and its risk counts per lens and pillar.

    \b
    Example:
        wellarch workload show web-shop
    """
    w = app.reviews.workload(name)
    reviews = app.reviews.lens_reviews(w)
    if fmt == "json":
        data = {
            **w.to_dict(),
            "lenses": [
                {
                    "alias": r.alias,
                    "risk_counts": r.risk_counts,
                    "pillars": {p.pillar.id: p.risk_counts for p in r.pillars},
                }
                for r in reviews
            ],
        }
        click.echo(json.dumps(data, indent=2))
        return
    console = Console()
    console.print(f"[bold]{w.name}[/bold] ({w.environment.value})")
    for label, value in [
        ("description", w.description),
        ("owner", w.owner),
        ("regions", ", ".join(w.regions)),
        ("industry", w.industry),
        ("design", w.architectural_design),
        ("tags", ", ".join(f"{k}={v}" for k, v in w.tags.items())),
        ("priorities", ", ".join(w.pillar_priorities)),
    ]:
        if value:
            console.print(f"  {label}: {value}", highlight=False)
    for review in reviews:
        table = Table("pillar", *[r.value for r in Risk], title=review.entry.lens.name)
        for pillar in review.pillars:
            counts = pillar.risk_counts
            table.add_row(pillar.pillar.name, *[str(counts[r.value]) for r in Risk])
        totals = review.risk_counts
        table.add_row("[bold]total[/bold]", *[str(totals[r.value]) for r in Risk])
        console.print(table)


@workload.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def delete(app: Context, name: str, yes: bool) -> None:
    """Delete a workload with its answers and milestones.

    \b
    Example:
        wellarch workload delete old-shop --yes
    """
    app.reviews.workload(name)  # fail on an unknown name before asking
    if not yes:
        click.confirm(f"Delete workload {name!r} with all its answers and milestones?", abort=True)
    app.reviews.delete_workload(name)
    click.echo(f"deleted workload {name!r}")


@workload.command("export-answers")
@click.argument("name")
@click.option("--lens", help="Lens alias (default: the workload's first lens).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@pass_context
def export_answers_(app: Context, name: str, lens: str | None, output: Path | None) -> None:
    """Write answers in the shape of the AWS Well-Architected Tool's ListAnswers response.

    \b
    Example:
        wellarch workload export-answers web-shop -o web-shop-answers.json
    """
    w = app.reviews.workload(name)
    alias = lens or w.lenses[0]
    review = next((r for r in app.reviews.lens_reviews(w) if r.alias == alias), None)
    if review is None:
        raise InputError(f"workload {name!r} does not use lens {alias!r}")
    text = json.dumps(export_answers(w, review), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@workload.command("import-answers")
@click.argument("name")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lens", help="Lens alias (default: the file's LensAlias, else the first lens).")
@pass_context
def import_answers_(app: Context, name: str, file: Path, lens: str | None) -> None:
    """Read answers exported from the AWS Well-Architected Tool (ListAnswers/GetAnswer JSON).

    Choices are matched by choice id; every answer is checked before any is saved.

    \b
    Example:
        aws wellarchitected list-answers --workload-id ID --lens-alias wellarchitected > a.json
        wellarch workload import-answers web-shop a.json
    """
    from wellarch.lens.reader import parse_json

    try:
        data = parse_json(file.read_bytes(), str(file))
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=str(file)) from None
    count = import_answers(app.reviews, name, data, lens=lens, source=str(file))
    click.echo(f"imported {count} answers into {name!r}")

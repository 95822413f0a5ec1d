"""``wellarch content ...``: lint knowledge-base pages and list what the knowledge base holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wellarch.content import RULES, Linter, load_pages, shipped_pages_dir
from wellarch.content.examples import DEFAULT_TIMEOUT


@click.group()
def content() -> None:
    """Author and check the knowledge base: Markdown pages with YAML front matter.

    \b
    Example:
        wellarch content lint docs/pages/
        wellarch content list
    """


@content.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-run", is_flag=True, help="Check everything but do not run the examples.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds each runnable example may take.",
)
def lint(paths: tuple[Path, ...], no_run: bool, timeout: float) -> None:
    """Lint pages: front matter, placeholders, links, tables and runnable examples.

    PATHS are Markdown files or directories (searched recursively); without any, the
    knowledge base shipped with wellarch is linted. Each problem is printed as
    FILE:LINE: message [rule], and the exit status is 1 when there is any. Code blocks
    fenced as ```python runnable are run, each in its own Python process.

    \b
    Rules: front-matter, placeholder, link, table, example.

    \b
    Example:
        wellarch content lint
        wellarch content lint pages/ --timeout 10
        wellarch content lint draft.md --no-run
    """
    targets = list(paths) or [shipped_pages_dir()]
    report = Linter(run=not no_run, timeout=timeout).lint(targets)
    for line in report.lines():
        click.echo(line)
    plural = "" if report.examples == 1 else "s"
    ran = f"{report.examples} example{plural} run" if report.examples_run else "examples not run"
    summary = f"{report.files} pages, {ran}: {len(report.issues)} problems"
    click.echo(summary if report.issues else f"{summary} (rules: {', '.join(RULES)})", err=True)
    if not report.ok:
        sys.exit(1)


@content.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format."
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pages directory (default: the shipped knowledge base).",
)
def list_(fmt: str, directory: Path | None) -> None:
    """List the pages with their metadata: type, audience, difficulty, status and tags.

    \b
    Example:
        wellarch content list --format json
    """
    pages = load_pages(directory)
    if fmt == "json":
        rows = [
            {
                "slug": page.slug,
                "title": page.meta.title,
                "content_type": page.meta.content_type,
                "audience": list(page.meta.audience),
                "difficulty": page.meta.difficulty,
                "status": page.meta.status,
                "tags": list(page.meta.tags),
                "version": page.meta.version,
                "last_updated": page.meta.last_updated.isoformat(),
            }
            for page in pages
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table("page", "type", "audience", "difficulty", "status", "tags")
    for page in pages:
        meta = page.meta
        table.add_row(
            page.slug,
            meta.content_type,
            "/".join(meta.audience),
            meta.difficulty,
            meta.status,
            ", ".join(meta.tags),
        )
    Console().print(table)

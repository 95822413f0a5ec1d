"""``wellarch learn``: browse and search the knowledge base in the terminal."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Column, Table

from wellarch.content import find_page, load_pages
from wellarch.content.loader import Page
from wellarch.content.search import SearchIndex


def _topics_table(pages: list[Page]) -> Table:
    table = Table("title", "type", "audience", "difficulty")
    table.columns.insert(0, Column("topic", no_wrap=True))
    for page in pages:
        meta = page.meta
        table.add_row(
            page.slug, meta.title, meta.content_type, "/".join(meta.audience), meta.difficulty
        )
    return table


def _show(console: Console, page: Page) -> None:
    meta = page.meta
    console.print(
        f"[dim]{page.slug} · {meta.content_type} · {'/'.join(meta.audience)} · "
        f"{meta.difficulty} · updated {meta.last_updated.isoformat()}[/dim]"
    )
    console.print(Markdown(page.body))
    related = [item.removesuffix(".md").split("#")[0] for item in meta.related_content]
    if related:
        console.print(f"\n[dim]Related: {', '.join(f'wellarch learn {r}' for r in related)}[/dim]")


@click.command()
@click.argument("topic", required=False)
@click.option("--search", "query", metavar="TEXT", help="Full-text search; best pages first.")
@click.option("--tag", help="List only the topics with this tag.")
@click.option("--level", type=click.Choice(["L6", "L7"]), help="List only topics for this level.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Most search results to show.",
)
@click.option("--raw", is_flag=True, help="Print the page's Markdown instead of rendering it.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pages directory (default: the shipped knowledge base).",
)
def learn(
    topic: str | None,
    query: str | None,
    tag: str | None,
    level: str | None,
    limit: int,
    raw: bool,
    directory: Path | None,
) -> None:
    """Browse and search the knowledge base in the terminal.

    Without TOPIC, lists the topics. With TOPIC (a page name, a unique prefix of one, or
    words of its title), shows that page rendered. --search ranks pages by how well they
    match and shows the best line of each.

    \b
    Example:
        wellarch learn
        wellarch learn reliability-metrics
        wellarch learn --search "circuit breaker"
        wellarch learn --tag caching --level L7
    """
    pages = load_pages(directory)
    console = Console()
    if query is not None:
        hits = SearchIndex(pages).search(query, limit=limit)
        if not hits:
            click.echo(f"no page matches {query!r}")
            return
        for rank, hit in enumerate(hits, 1):
            console.print(
                f"{rank:>2}. [bold]{hit.page.slug}[/bold] — {hit.page.meta.title}", highlight=False
            )
            console.print(f"    [dim]line {hit.line}:[/dim] {hit.snippet}", highlight=False)
        return
    if topic is None:
        chosen = [
            page
            for page in pages
            if (tag is None or tag in page.meta.tags)
            and (level is None or level in page.meta.audience)
        ]
        console.print(_topics_table(chosen))
        click.echo(f"{len(chosen)} topics; `wellarch learn TOPIC` shows one")
        return
    page = find_page(pages, topic)
    if raw:
        click.echo(page.body, nl=False)
        return
    _show(console, page)

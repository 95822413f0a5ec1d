"""The linter's rules over one page's Markdown: placeholders, internal links, tables, code tags.

Each check is a function from a page (its file, body :class:`Document`, front matter lines)
to :class:`~wellarch.content.schema.Issue` objects. Runnable examples are executed separately
(:mod:`wellarch.content.examples`), front matter is checked by :mod:`wellarch.content.schema`.

Rule names as reported: ``placeholder``, ``link``, ``table``, ``example``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote

from wellarch.content.document import Document, Table
from wellarch.content.schema import FrontMatter, Issue

__all__ = [
    "PLACEHOLDER",
    "check_code_tags",
    "check_front_matter_links",
    "check_links",
    "check_placeholders",
    "check_tables",
    "is_external",
]

#: Bracketed words that are not a link: the template's "[Topic]", "[Concept 1]", "[result]".
PLACEHOLDER = re.compile(r"\[([^\[\]\n]*[A-Za-z][^\[\]\n]*)\]")
_TASK_BOX = re.compile(r"^\s*[xX]?\s*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: Finds the body of another page (by resolved path) for anchor checks; None if unreadable.
DocumentLookup = Callable[[Path], Document | None]


def is_external(href: str) -> bool:
    """True for links that leave the knowledge base (``https:``, ``mailto:``, ``//host``)."""
    return bool(_SCHEME.match(href)) or href.startswith("//")


def _placeholders(text: str) -> Iterator[str]:
    for match in PLACEHOLDER.finditer(text):
        if not _TASK_BOX.match(match.group(1)):
            yield match.group(0)


def _front_matter_line(front_lines: Sequence[str], needle: str) -> int:
    """The file line of the first front-matter line containing ``needle`` (line 1 if none)."""
    for index, line in enumerate(front_lines):
        if needle in line:
            return index + 2
    return 1


def check_placeholders(
    file: str, doc: Document, meta: FrontMatter | None, front_lines: Sequence[str]
) -> Iterator[Issue]:
    """Template text left in: ``[placeholder]`` in prose, headings, tables or front matter."""
    if meta is not None:
        values = [meta.title, meta.summary, *meta.tags, *meta.learning_objectives]
        values += [*meta.prerequisites, *meta.related_content]
        for value in values:
            for found in _placeholders(value):
                line = _front_matter_line(front_lines, found)
                yield Issue(file, line, "placeholder", f"leftover placeholder {found}")
    for run in doc.texts:
        for found in _placeholders(run.text):
            yield Issue(file, run.line, "placeholder", f"leftover placeholder {found}")


def _check_target(
    file: str, line: int, href: str, base: Path, lookup: DocumentLookup, here: Document | None
) -> Issue | None:
    if not href.strip():
        return Issue(file, line, "link", "empty link target")
    path_part, _, anchor = href.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    if not path_part:
        if here is not None and anchor and anchor not in here.anchors:
            return Issue(file, line, "link", f"broken link {href}: no heading #{anchor} here")
        return None
    target = (base / path_part).resolve()
    if not target.exists():
        return Issue(file, line, "link", f"broken link {href}: {path_part} does not exist")
    if anchor and target.suffix == ".md":
        other = lookup(target)
        if other is not None and anchor not in other.anchors:
            return Issue(
                file, line, "link", f"broken link {href}: {path_part} has no heading #{anchor}"
            )
    return None


def check_links(file: str, doc: Document, lookup: DocumentLookup) -> Iterator[Issue]:
    """Relative links and images must name an existing file, and ``#anchor`` a heading."""
    base = Path(file).parent
    for link in doc.links:
        if not is_external(link.href):
            issue = _check_target(file, link.line, link.href, base, lookup, doc)
            if issue is not None:
                yield issue


def check_front_matter_links(
    file: str, meta: FrontMatter | None, front_lines: Sequence[str], lookup: DocumentLookup
) -> Iterator[Issue]:
    """``related_content`` and ``prerequisites`` entries naming a ``.md`` page must exist."""
    if meta is None:
        return
    base = Path(file).parent
    for item in (*meta.related_content, *meta.prerequisites):
        if is_external(item) or ".md" not in item:
            continue
        line = _front_matter_line(front_lines, item)
        issue = _check_target(file, line, item, base, lookup, None)
        if issue is not None:
            yield issue


def _check_table(file: str, table: Table) -> Iterator[Issue]:
    header = Table.cells(table.rows[0])
    width = len(header)
    for column, cell in enumerate(header, 1):
        if not cell:
            yield Issue(file, table.line, "table", f"table header cell {column} is empty")
    for offset, row in enumerate(table.rows[2:], 2):
        line = table.line + offset
        cells = Table.cells(row)
        if len(cells) != width:
            message = f"table row has {len(cells)} cells; the header has {width}"
            yield Issue(file, line, "table", message)
        for column, cell in enumerate(cells[:width], 1):
            if not cell:
                name = header[column - 1] or str(column)
                yield Issue(file, line, "table", f"table cell in column {name!r} is empty")


def check_tables(file: str, doc: Document) -> Iterator[Issue]:
    """Every table is complete: no empty cell, and every row as wide as the header."""
    for table in doc.tables:
        yield from _check_table(file, table)


def check_code_tags(file: str, doc: Document) -> Iterator[Issue]:
    """Only Python examples can be tagged ``runnable`` (the linter runs them with Python)."""
    for block in doc.code_blocks:
        if block.runnable and block.language != "python":
            message = f"only python code blocks can be runnable, not {block.language or 'untagged'}"
            yield Issue(file, block.line, "example", message)

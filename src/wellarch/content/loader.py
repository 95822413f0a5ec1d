"""Loading knowledge-base pages: Markdown files that open with YAML front matter.

:func:`parse_page` never raises for a bad page: it returns what it could read and every
front-matter problem, which is what the linter wants. :func:`load_page` and
:func:`load_pages` are for readers of the knowledge base; they raise
:class:`~wellarch.errors.InputError` at the first bad page, located at its file and line.

Example:
    >>> parsed = parse_page("# no front matter\\n", file="a.md")
    >>> [issue.format() for issue in parsed.issues]
    ["a.md:1: missing front matter: a page starts with a '---' line [front-matter]"]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from wellarch.content.document import Document
from wellarch.content.schema import FrontMatter, Issue, read_front_matter
from wellarch.errors import InputError, NotFound

__all__ = [
    "Page",
    "ParsedPage",
    "find_page",
    "load_page",
    "load_pages",
    "page_files",
    "parse_page",
    "shipped_pages_dir",
]

_DELIMITER = "---"


@dataclass(frozen=True)
class ParsedPage:
    """What a page file holds, valid or not: the front matter when valid, and the problems."""

    file: str
    meta: FrontMatter | None
    body: str
    #: The file line the Markdown body starts on (1-based).
    body_line: int
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Page:
    """A valid page: its slug (the file name without ``.md``), metadata and Markdown body."""

    slug: str
    path: Path
    meta: FrontMatter
    body: str
    body_line: int

    @cached_property
    def document(self) -> Document:
        return Document(self.body, self.body_line)

    @property
    def title(self) -> str:
        return self.meta.title


def parse_page(text: str, *, file: str) -> ParsedPage:
    """Split off and validate the front matter of one page's text."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _DELIMITER:
        issue = Issue(
            file, 1, "front-matter", "missing front matter: a page starts with a '---' line"
        )
        return ParsedPage(file, None, text, 1, (issue,))
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _DELIMITER), None)
    if closing is None:
        issue = Issue(file, 1, "front-matter", "front matter is not closed by a '---' line")
        return ParsedPage(file, None, "", len(lines) + 1, (issue,))
    meta, issues = read_front_matter(
        "".join(lines[1:closing]), file=file, first_line=2, end_line=closing + 1
    )
    body = "".join(lines[closing + 1 :])
    return ParsedPage(file, meta, body, closing + 2, tuple(issues))


def load_page(path: Path) -> Page:
    """Read one page; an invalid one raises :class:`InputError` naming its first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the page: {exc}", file=str(path)) from None
    parsed = parse_page(text, file=str(path))
    if parsed.meta is None:
        first = parsed.issues[0]
        more = f" (and {len(parsed.issues) - 1} more)" if len(parsed.issues) > 1 else ""
        raise InputError(first.message + more, file=first.file, line=first.line)
    return Page(path.stem, path, parsed.meta, parsed.body, parsed.body_line)


def page_files(paths: Iterable[Path]) -> list[Path]:
    """The ``.md`` files among ``paths``, directories searched recursively, in sorted order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or directory", file=str(path))
    return files


def shipped_pages_dir() -> Path:
    """The knowledge base that ships with wellarch."""
    return Path(str(resources.files("wellarch.content") / "pages"))


def load_pages(directory: Path | None = None) -> list[Page]:
    """Every page of a directory (default: the shipped knowledge base), sorted by slug."""
    pages = [load_page(path) for path in page_files([directory or shipped_pages_dir()])]
    return sorted(pages, key=lambda page: page.slug)


def find_page(pages: Sequence[Page], topic: str) -> Page:
    """The page a topic names: its slug, a unique slug prefix, or a unique title word match."""
    wanted = topic.strip().lower().removesuffix(".md")
    for page in pages:
        if page.slug == wanted:
            return page
    for test in (
        lambda p: p.slug.startswith(wanted),
        lambda p: wanted in p.slug or wanted in p.title.lower(),
    ):
        matches = [page for page in pages if test(page)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(page.slug for page in matches)
            raise InputError(f"topic {topic!r} is ambiguous: it matches {names}")
    raise NotFound(f"no topic {topic!r}; `wellarch learn` lists the topics")

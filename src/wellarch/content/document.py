"""The structure of a page's Markdown body: headings and anchors, links, code, tables, prose.

The body is parsed once with markdown-it (CommonMark plus GitHub tables); every element keeps
the line it starts on in the *file*, so that the linter and the flashcards can point at it.

Example:
    >>> doc = Document("# Retry with jitter\\n\\nSee [pools](pools.md#sizing).\\n", first_line=5)
    >>> doc.headings[0].anchor, doc.links[0].href, doc.links[0].line
    ('retry-with-jitter', 'pools.md#sizing', 7)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["CodeBlock", "Document", "Heading", "Link", "Table", "TextRun", "slugify"]

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def slugify(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return _NOT_SLUG.sub("", text.strip().lower()).replace(" ", "-")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    line: int
    image: bool = False


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced code block; ``info`` is the text after the fence (```` ```python runnable ````)."""

    info: str
    code: str
    line: int

    @property
    def language(self) -> str:
        words = self.info.split()
        return words[0].lower() if words else ""

    @property
    def runnable(self) -> bool:
        return "runnable" in self.info.split()[1:]


@dataclass(frozen=True, slots=True)
class Table:
    """A GitHub table: its first line and its raw source lines (header, delimiter, body)."""

    line: int
    rows: tuple[str, ...]

    @staticmethod
    def cells(row: str) -> list[str]:
        """The cells of one raw row: split on unescaped pipes, outer pipes optional."""
        text = row.strip()
        if text.startswith("|"):
            text = text[1:]
        if text.endswith("|") and not text.endswith("\\|"):
            text = text[:-1]
        return [cell.strip() for cell in _CELL_SPLIT.split(text)]


@dataclass(frozen=True, slots=True)
class TextRun:
    """Plain prose text (no code, no link targets) on one line."""

    text: str
    line: int


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or () if c.type in {"text", "code_inline"})


class Document:
    """A parsed Markdown body; ``first_line`` is the file line the body starts on."""

    def __init__(self, body: str, first_line: int = 1) -> None:
        self.body = body
        self.first_line = first_line
        self.lines = body.splitlines()
        self.tokens = _PARSER.parse(body)

    def _line(self, token: Token) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        found: list[Heading] = []
        used: dict[str, int] = {}
        for index, token in enumerate(self.tokens):
            if token.type != "heading_open":
                continue
            text = _inline_text(self.tokens[index + 1])
            anchor = slugify(text)
            if anchor in used:
                used[anchor] += 1
                anchor = f"{anchor}-{used[anchor]}"
            else:
                used[anchor] = 0
            found.append(Heading(int(token.tag[1]), text, anchor, self._line(token)))
        return tuple(found)

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(h.anchor for h in self.headings)

    @cached_property
    def links(self) -> tuple[Link, ...]:
        found = []
        for token in self.tokens:
            if token.type != "inline":
                continue
            line = self._line(token)
            for child in token.children or ():
                if child.type in {"softbreak", "hardbreak"}:
                    line += 1
                elif child.type == "link_open":
                    found.append(Link(str(child.attrs.get("href", "")), line))
                elif child.type == "image":
                    found.append(Link(str(child.attrs.get("src", "")), line, image=True))
        return tuple(found)

    @cached_property
    def texts(self) -> tuple[TextRun, ...]:
        """Prose text, one run per line, outside code and link targets."""
        found = []
        for token in self.tokens:
            if token.type != "inline":
                continue
            line = self._line(token)
            for child in token.children or ():
                if child.type in {"softbreak", "hardbreak"}:
                    line += 1
                elif child.type == "text" and child.content:
                    found.append(TextRun(child.content, line))
        return tuple(found)

    @cached_property
    def code_blocks(self) -> tuple[CodeBlock, ...]:
        return tuple(
            CodeBlock(token.info.strip(), token.content, self._line(token))
            for token in self.tokens
            if token.type == "fence"
        )

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        found = []
        for token in self.tokens:
            if token.type == "table_open" and token.map:
                start, end = token.map
                rows = tuple(line for line in self.lines[start:end] if line.strip())
                found.append(Table(self.first_line + start, rows))
        return tuple(found)

    def section(self, heading: Heading) -> str:
        """The Markdown under a heading, up to the next heading of the same or a higher level."""
        start = heading.line - self.first_line + 1
        end = len(self.lines)
        for other in self.headings:
            if other.line > heading.line and other.level <= heading.level:
                end = other.line - self.first_line
                break
        return "\n".join(self.lines[start:end]).strip()

    def plain_text(self) -> str:
        """The body without Markdown syntax, for search: prose, headings and code."""
        parts = [run.text for run in self.texts]
        parts.extend(block.code for block in self.code_blocks)
        return "\n".join(parts)

"""``wellarch content lint``: every rule over every page, problems as ``FILE:LINE: message``.

Rules:

- ``front-matter`` — missing front matter, invalid YAML, a missing, unknown, duplicated or
  ill-typed field (DESIGN.md §6);
- ``placeholder`` — template text such as ``[Topic]`` left in prose, headings, tables or front
  matter (links, code and task-list boxes are not placeholders);
- ``link`` — a relative link or image to a file that does not exist, an ``#anchor`` that names
  no heading of the target page, a ``.md`` entry of ``related_content`` / ``prerequisites``
  that does not exist;
- ``table`` — an empty cell, or a row with more or fewer cells than the header;
- ``example`` — a ``python runnable`` block that raises, exits non-zero or times out, or a
  non-Python block tagged runnable.

Example:
    >>> report = lint_paths([shipped_pages_dir()], run=False)
    >>> report.ok, report.files > 10
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wellarch.content.checks import (
    check_code_tags,
    check_front_matter_links,
    check_links,
    check_placeholders,
    check_tables,
)
from wellarch.content.document import CodeBlock, Document
from wellarch.content.examples import DEFAULT_TIMEOUT, run_examples
from wellarch.content.loader import page_files, parse_page, shipped_pages_dir
from wellarch.content.schema import Issue

__all__ = ["RULES", "LintReport", "Linter", "lint_paths", "shipped_pages_dir"]

#: Every rule the linter reports, in the order of the module docstring.
RULES = ("front-matter", "placeholder", "link", "table", "example")


@dataclass
class LintReport:
    files: int = 0
    examples: int = 0
    examples_run: bool = True
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def lines(self) -> list[str]:
        return [issue.format() for issue in self.issues]


class Linter:
    """Lints pages; remembers parsed bodies so that anchor checks read each target once."""

    def __init__(
        self, *, run: bool = True, timeout: float = DEFAULT_TIMEOUT, workers: int = 4
    ) -> None:
        self.run = run
        self.timeout = timeout
        self.workers = workers
        self._documents: dict[Path, Document | None] = {}

    def document(self, path: Path) -> Document | None:
        """The parsed body of a page file (for anchors), ``None`` when it cannot be read."""
        path = path.resolve()
        if path not in self._documents:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._documents[path] = None
            else:
                parsed = parse_page(text, file=str(path))
                self._documents[path] = Document(parsed.body, parsed.body_line)
        return self._documents[path]

    def lint_text(self, text: str, file: str) -> tuple[list[Issue], list[CodeBlock]]:
        """Every static problem of one page, and its runnable blocks (not yet run)."""
        parsed = parse_page(text, file=file)
        doc = Document(parsed.body, parsed.body_line)
        self._documents.setdefault(Path(file).resolve(), doc)
        front_lines = text.splitlines()[1 : max(parsed.body_line - 2, 1)]
        issues = list(parsed.issues)
        issues += check_placeholders(file, doc, parsed.meta, front_lines)
        issues += check_links(file, doc, self.document)
        issues += check_front_matter_links(file, parsed.meta, front_lines, self.document)
        issues += check_tables(file, doc)
        issues += check_code_tags(file, doc)
        runnable = [b for b in doc.code_blocks if b.runnable and b.language == "python"]
        return issues, runnable

    def lint(self, paths: Iterable[Path]) -> LintReport:
        report = LintReport(examples_run=self.run)
        blocks: list[tuple[str, CodeBlock]] = []
        for path in page_files(paths):
            report.files += 1
            file = str(path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                report.issues.append(Issue(file, 1, "front-matter", f"cannot read: {exc}"))
                continue
            issues, runnable = self.lint_text(text, file)
            report.issues += issues
            blocks += [(file, block) for block in runnable]
        report.examples = len(blocks)
        if self.run:
            report.issues += run_examples(blocks, timeout=self.timeout, workers=self.workers)
        report.issues.sort(key=lambda issue: (issue.file, issue.line, RULES.index(issue.rule)))
        return report


def lint_paths(
    paths: Iterable[Path], *, run: bool = True, timeout: float = DEFAULT_TIMEOUT
) -> LintReport:
    """Lint the ``.md`` files among ``paths`` (directories are searched recursively)."""
    return Linter(run=run, timeout=timeout).lint(paths)

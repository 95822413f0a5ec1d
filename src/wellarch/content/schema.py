"""The front matter of a knowledge-base page (DESIGN.md §6), checked field by field.

A page starts with a YAML mapping between two ``---`` lines. Nine fields are required
(``title``, ``summary``, ``content_type``, ``audience``, ``difficulty``, ``tags``,
``last_updated``, ``version``, ``status``), ``reference_type`` too when the page is a
reference; the optional ones are type-checked all the same, and an unknown field is an error
(it is usually a misspelt one). Every problem is located at the line of its field.

Example:
    >>> meta, issues = read_front_matter("title: Caching\\n", file="a.md", first_line=2)
    >>> meta is None, issues[0].format()
    (True, "a.md:2: missing required field 'summary' [front-matter]")
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast

import yaml

__all__ = [
    "CHOICES",
    "REQUIRED",
    "FrontMatter",
    "Issue",
    "read_front_matter",
]

ContentType = Literal["guide", "reference", "tutorial", "scenario", "checklist"]
Level = Literal["L6", "L7"]
Difficulty = Literal["beginner", "intermediate", "advanced", "expert"]
Status = Literal["draft", "published", "review_needed", "archived"]
ReferenceType = Literal["api", "patterns", "templates", "checklists", "glossary"]
TechnicalDepth = Literal["component", "platform", "organization"]
InterviewFocus = Literal["technical", "behavioral", "leadership", "mixed"]

#: The allowed values of every enumerated field.
CHOICES: dict[str, tuple[str, ...]] = {
    "content_type": ("guide", "reference", "tutorial", "scenario", "checklist"),
    "audience": ("L6", "L7"),
    "difficulty": ("beginner", "intermediate", "advanced", "expert"),
    "status": ("draft", "published", "review_needed", "archived"),
    "reference_type": ("api", "patterns", "templates", "checklists", "glossary"),
    "technical_depth": ("component", "platform", "organization"),
    "interview_focus": ("technical", "behavioral", "leadership", "mixed"),
}

REQUIRED = (
    "title",
    "summary",
    "content_type",
    "audience",
    "difficulty",
    "tags",
    "last_updated",
    "version",
    "status",
)
_TEXT = ("title", "summary")
_LISTS = ("tags", "prerequisites", "learning_objectives", "related_content")
_OPTIONAL = ("reference_type", "technical_depth", "interview_focus", *_LISTS[1:])
_KNOWN = (*REQUIRED, *_OPTIONAL)
#: Fields interview scenarios add (wellarch.practice reads them): name → validity check.
_SCENARIO_FIELDS: dict[str, Any] = {
    "id": lambda v: isinstance(v, str) and bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", v)),
    "level": lambda v: v in ("L6", "L7"),
    "minutes": lambda v: isinstance(v, int) and not isinstance(v, bool) and 10 <= v <= 180,
}
_VERSION = re.compile(r"^\d+(\.\d+){0,2}$")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one page: where it is, which lint rule found it, and what is wrong."""

    file: str
    line: int
    rule: str
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message} [{self.rule}]"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The validated metadata of one page."""

    title: str
    summary: str
    content_type: ContentType
    audience: tuple[Level, ...]
    difficulty: Difficulty
    tags: tuple[str, ...]
    last_updated: date
    version: str
    status: Status
    reference_type: ReferenceType | None = None
    prerequisites: tuple[str, ...] = ()
    learning_objectives: tuple[str, ...] = ()
    related_content: tuple[str, ...] = ()
    technical_depth: TechnicalDepth | None = None
    interview_focus: InterviewFocus | None = None


class _Checker:
    """Turns the composed YAML mapping into field values, collecting every problem."""

    def __init__(self, file: str, first_line: int) -> None:
        self.file = file
        self.first_line = first_line
        self.issues: list[Issue] = []
        self._loader = yaml.SafeLoader("")

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def problem(self, node: yaml.Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.issues.append(Issue(self.file, line, "front-matter", message))

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self._loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):  # e.g. a timestamp such as 2025-13-01
            return node.value

    def text(self, name: str, node: yaml.Node) -> str | None:
        value = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            self.problem(node, f"{name}: expected non-empty text")
            return None
        return value.strip()

    def choice(self, name: str, node: yaml.Node) -> str | None:
        value = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in CHOICES[name]:
            allowed = " | ".join(CHOICES[name])
            self.problem(node, f"{name}: expected one of {allowed}, not {value!r}")
            return None
        return cast(str, value)

    def strings(self, name: str, node: yaml.Node, *, non_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{name}: expected a list of text items")
            return ()
        if non_empty and not node.value:
            self.problem(node, f"{name}: expected at least one item")
        items = []
        for item in node.value:
            value = self.scalar(item) if isinstance(item, yaml.ScalarNode) else None
            if not isinstance(value, str) or not value.strip():
                self.problem(item, f"{name}: every item must be non-empty text, not {value!r}")
            else:
                items.append(value.strip())
        return tuple(items)

    def audience(self, name: str, node: yaml.Node) -> tuple[str, ...]:
        levels = self.strings(name, node, non_empty=True)
        for level in levels:
            if level not in CHOICES["audience"]:
                self.problem(node, f"audience: expected L6 and/or L7, not {level!r}")
                return ()
        if len(set(levels)) != len(levels):
            self.problem(node, "audience: a level is listed twice")
        return levels

    def tags(self, name: str, node: yaml.Node) -> tuple[str, ...]:
        return self.strings(name, node, non_empty=True)

    def day(self, name: str, node: yaml.Node) -> date | None:
        value = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(node, f"{name}: expected a date such as 2025-01-20, not {value!r}")
        return None

    def version(self, name: str, node: yaml.Node) -> str | None:
        value = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, str) and _VERSION.match(value):
            return value
        hint = " (quote it: YAML reads 1.0 as a number)" if isinstance(value, int | float) else ""
        self.problem(node, f'{name}: expected text such as "1.0", not {value!r}{hint}')
        return None


_READERS: dict[str, Callable[[_Checker, str, yaml.Node], Any]] = {
    **{name: _Checker.text for name in _TEXT},
    **{name: _Checker.choice for name in CHOICES if name != "audience"},
    **{name: _Checker.strings for name in _LISTS},
    "audience": _Checker.audience,
    "tags": _Checker.tags,
    "last_updated": _Checker.day,
    "version": _Checker.version,
}


def _compose(text: str, checker: _Checker, last_line: int) -> yaml.MappingNode | None:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = min(checker.first_line + (mark.line if mark is not None else 0), last_line)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        checker.problem(line, f"front matter is not valid YAML: {reason}")
        return None
    if not isinstance(node, yaml.MappingNode):
        checker.problem(checker.first_line, "front matter must be a mapping of field: value")
        return None
    return node


def read_front_matter(
    text: str, *, file: str, first_line: int, end_line: int | None = None
) -> tuple[FrontMatter | None, list[Issue]]:
    """Validate the YAML between the ``---`` lines; ``first_line`` is its first line's number.

    Returns the front matter (``None`` when anything is wrong) and every problem found.
    ``end_line`` is where a missing required field is reported (default: ``first_line``).
    """
    checker = _Checker(file, first_line)
    last_line = max(first_line, (end_line or first_line) - 1)
    node = _compose(text, checker, last_line)
    if node is None:
        return None, checker.issues
    values: dict[str, Any] = {}
    seen: dict[str, int] = {}
    scenario_fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if isinstance(key, str) and key in _SCENARIO_FIELDS:
            scenario_fields[key] = (key_node, value_node)
            continue
        if not isinstance(key, str) or key not in _KNOWN:
            close = difflib.get_close_matches(str(key), _KNOWN, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            checker.problem(key_node, f"unknown field {key!r}{hint}")
            continue
        if key in seen:
            checker.problem(key_node, f"field {key!r} is given twice (first on line {seen[key]})")
            continue
        seen[key] = checker.line(key_node)
        is_null = isinstance(value_node, yaml.ScalarNode) and checker.scalar(value_node) is None
        if is_null and key in _OPTIONAL:
            continue
        values[key] = _READERS[key](checker, key, value_node)
    for key, (key_node, value_node) in scenario_fields.items():
        if values.get("content_type") != "scenario":
            checker.problem(key_node, f"field {key!r} belongs on scenario pages only")
            continue
        value = checker.scalar(value_node)
        valid = _SCENARIO_FIELDS[key](value)
        if not valid:
            checker.problem(value_node, f"field {key!r} has an invalid value {value!r}")
    required = list(REQUIRED)
    if values.get("content_type") == "reference":
        required.append("reference_type")
    for name in required:
        if name not in values:
            where = " (required on a reference page)" if name == "reference_type" else ""
            checker.problem(end_line or first_line, f"missing required field {name!r}{where}")
    if checker.issues:
        return None, checker.issues
    return FrontMatter(**values), []

"""YAML data files: the ones wellarch ships as package data, and the ones users write.

This is the one module of ``calc`` and ``decide`` that reads YAML. A syntax error becomes a
:class:`~wellarch.calc.errors.CalcInputError` naming the file and line; a document that is not
a mapping at the top is refused the same way.

Example:
    >>> table = load_package_yaml("wellarch.calc", "data/sla.yaml")
    >>> "entries" in table
    True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]

from wellarch.calc.errors import CalcInputError

__all__ = ["load_package_yaml", "load_yaml_file", "parse_yaml"]


def parse_yaml(text: str, *, file: str) -> dict[str, Any]:
    """The mapping in ``text``; ``file`` names it in error messages."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CalcInputError(f"not valid YAML: {problem}", file=file, line=line) from None
    if not isinstance(document, dict):
        raise CalcInputError("expected a YAML mapping at the top of the file", file=file)
    return document


def load_yaml_file(path: str | Path) -> dict[str, Any]:
    """Read a user's YAML file; a missing or unreadable file is an input error."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CalcInputError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CalcInputError(f"cannot read the file ({exc})", file=name) from None
    return parse_yaml(text, file=name)


@cache
def _package_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def load_package_yaml(package: str, name: str) -> dict[str, Any]:
    """A YAML file shipped inside ``package`` (read once, parsed on every call)."""
    return parse_yaml(_package_text(package, name), file=f"{package}:{name}")

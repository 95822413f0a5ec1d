"""Reading lens files safely: bounded size, UTF-8, JSON with line numbers, then validation.

Whatever the bytes — a 50 MB file, binary garbage, JSON nested a million levels deep — the
outcome is a :class:`~wellarch.lens.model.Lens` or one of the project's own errors with a clear
message naming the file.

Example:
    >>> loaded = parse_lens_bytes(b'{"name": "x"}', source="x.json")
    Traceback (most recent call last):
    ...
    wellarch.errors.LensError: $.pillars: is required
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wellarch.errors import InputError, LensError, Problem
from wellarch.lens.model import Lens
from wellarch.lens.validation import LIMITS, NaNValue, validate_document

__all__ = ["LoadedLens", "parse_json", "parse_lens_bytes", "read_lens_file"]

#: The most bytes a lens of LIMITS.file_chars characters can take in UTF-8 (4 bytes a char).
_MAX_BYTES = LIMITS.file_chars * 4


@dataclass
class LoadedLens:
    lens: Lens
    source: str
    warnings: list[Problem] = field(default_factory=list)

    def warning_lines(self) -> list[str]:
        return [w.format(self.source) for w in self.warnings]


def _constant(name: str) -> float:
    # json calls this for NaN, Infinity and -Infinity, which are not JSON.
    return NaNValue("nan") if name == "NaN" else float(name)


def _decode(data: bytes, source: str, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"{what} is a JSON file",
            file=source,
        ) from None


def parse_json(
    data: bytes, source: str, *, max_chars: int = LIMITS.file_chars, what: str = "a lens"
) -> Any:
    """Decode and parse JSON, turning every failure into an :class:`InputError`."""
    text = _decode(data, source, what)
    if len(text) > max_chars:
        raise InputError(
            f"is {len(text):,} characters; {what} may have at most {max_chars:,}",
            file=source,
        )
    try:
        return json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} (column {exc.colno})", file=source, line=exc.lineno
        ) from None
    except RecursionError:
        raise InputError(f"not {what}: JSON nested too deeply", file=source) from None


def parse_lens_bytes(data: bytes, *, source: str, lenient: bool = False) -> LoadedLens:
    """Parse and validate a lens from bytes; raises :class:`LensError` listing every problem."""
    if len(data) > _MAX_BYTES:
        raise InputError(
            f"is {len(data):,} bytes; a lens may have at most {LIMITS.file_chars:,} characters",
            file=source,
        )
    doc = parse_json(data, source)
    result = validate_document(doc, lenient=lenient)
    if result.lens is None:
        raise LensError(result.errors, file=source)
    return LoadedLens(lens=result.lens, source=source, warnings=result.warnings)


def read_lens_file(path: str | Path, *, lenient: bool = False) -> LoadedLens:
    """Read, parse and validate the lens file at ``path``."""
    source = str(path)
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError("is a directory, not a lens file", file=source)
        with file.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=source) from None
    except PermissionError:
        raise InputError("permission denied", file=source) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", file=source) from None
    if len(data) > _MAX_BYTES:
        size = file.stat().st_size if file.is_file() else len(data)
        raise InputError(
            f"is {size:,} bytes; a lens may have at most {LIMITS.file_chars:,} characters",
            file=source,
        )
    return parse_lens_bytes(data, source=source, lenient=lenient)

"""The one error hierarchy of wellarch.

Domain code raises these; only the CLI and the web layer turn them into a message and an
exit code or HTTP status. Every message is written for a person: it names the file, the line
or JSON path, and what is wrong.

    WellarchError
    ├── InputError        bad input: a file, an argument, a document (file, line, JSON path)
    │   ├── LensError     a lens document that does not validate (carries every problem)
    │   └── ScanError     an IaC file that cannot be parsed
    ├── NotFound          an unknown workload, lens, question, choice or milestone
    ├── Conflict          a stale version, or a name that already exists
    ├── StoreError        the database cannot be used (corrupt, foreign, newer schema)
    └── Unavailable       an optional feature cannot run here; the message says what to install
        ├── MissingExtra  its Python extra is not installed (``pip install 'wellarch[...]'``)
        └── PdfUnavailable  WeasyPrint or the system's Pango library is missing
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class WellarchError(Exception):
    """Base class of every error wellarch raises on purpose."""

    #: Exit code the CLI uses for this kind of error.
    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(WellarchError):
    """Input that cannot be used: names the file, and the line or JSON path when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.path = path

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document, located by its JSON path (``$.pillars[0].id``)."""

    path: str
    message: str
    #: True when ``--lenient`` accepts it with a warning instead of an error.
    lenient_ok: bool = False

    def format(self, file: str | None = None) -> str:
        return f"{file}: {self.path}: {self.message}" if file else f"{self.path}: {self.message}"


class LensError(InputError):
    """A lens document that does not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem], *, file: str | None = None) -> None:
        self.problems = list(problems)
        first = self.problems[0].format() if self.problems else "invalid lens"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more, file=file)

    def lines(self) -> list[str]:
        """Every problem as ``FILE: $.path: message``, one per line."""
        return [p.format(self.file) for p in self.problems]


class ScanError(InputError):
    """An Infrastructure-as-Code file that cannot be parsed."""


class NotFound(WellarchError):
    """Something named by id or name does not exist."""


class Conflict(WellarchError):
    """A write that would overwrite newer data (stale version) or duplicate a unique name."""


class StoreError(WellarchError):
    """The database cannot be opened or used."""


class Unavailable(WellarchError):
    """An optional feature cannot run on this installation."""


class PdfUnavailable(Unavailable):
    """WeasyPrint (or the Pango library it needs) is not installed."""


class MissingExtra(Unavailable):
    """An optional feature needs packages of an extra that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional extra: pip install 'wellarch[{extra}]'")
        self.extra = extra

"""The forms of the calculators and decision helpers: what was typed, and what is wrong with it.

Every tool page is a GET form, so a result is a bookmarkable, shareable address. A
:class:`ToolForm` keeps the fields as the person typed them (to show the form again), and the
errors found per field, so that each message can stand beside the field that caused it.

The library names an input the way the command line does (``--peak-factor: cannot read 'x' as
a number``); :meth:`ToolForm.blame` turns such a message into an error on the matching field,
with the option's name replaced by the field's label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request

from wellarch.calc.errors import CalcInputError

__all__ = ["FORM", "MAX_FIELD", "ToolForm"]

#: The key of errors that belong to no one field (shown above the form).
FORM = "_form"
#: The longest value a field may have (characters).
MAX_FIELD = 2000

T = TypeVar("T")

_OPTION = re.compile(r"--([a-z][a-z-]*)")
_TRUE = {"on", "1", "true", "yes"}


@dataclass
class ToolForm:
    """The fields of one tool's form as text, whether it was sent, and its errors."""

    values: dict[str, str]
    #: Field name (or :data:`FORM`) → message.
    errors: dict[str, str] = field(default_factory=dict)
    #: True when the address carries any of the form's fields: the person asked for a result.
    submitted: bool = False

    @classmethod
    def read(
        cls,
        request: Request,
        names: Iterable[str],
        defaults: Mapping[str, str] | None = None,
        *,
        trigger: Iterable[str] | None = None,
    ) -> ToolForm:
        """The fields ``names`` from the query string (``defaults`` where one is absent).

        The form counts as sent when the address has any of ``trigger`` (default: any field).
        """
        query = request.query_params
        names = list(names)
        values = {name: query.get(name, (defaults or {}).get(name, "")).strip() for name in names}
        sent = any(name in query for name in (names if trigger is None else trigger))
        form = cls(values, submitted=sent)
        for name, value in values.items():
            if len(value) > MAX_FIELD:
                form.values[name] = value[:MAX_FIELD]
                form.fail(name, f"is too long: at most {MAX_FIELD:,} characters")
        return form

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status(self) -> int:
        """422 when a field is wrong, else 200."""
        return 422 if self.errors else 200

    def text(self, name: str) -> str | None:
        """The field's text, or ``None`` when it is empty."""
        return self.values.get(name) or None

    def flag(self, name: str) -> bool:
        """A tick box: ticked when its value is ``on`` (or 1, true, yes)."""
        return self.values.get(name, "").lower() in _TRUE

    def fail(self, name: str, message: str) -> None:
        """Record ``message`` against field ``name`` (the first message of a field wins)."""
        self.errors.setdefault(name, message)

    def require(self, name: str, message: str) -> str | None:
        """The field's text; when empty, ``message`` becomes its error."""
        value = self.text(name)
        if value is None:
            self.fail(name, message)
        return value

    def choose(self, name: str, choices: Iterable[str]) -> str | None:
        """The field's value if it is one of ``choices``; anything else is an error."""
        value = self.text(name)
        allowed = list(choices)
        if value is not None and value not in allowed:
            self.fail(name, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def parse(self, name: str, parser: Callable[..., T], **options: object) -> T | None:
        """``parser(text, what="")`` on a non-empty field; its error becomes the field's."""
        value = self.text(name)
        if value is None or name in self.errors:
            return None
        try:
            return parser(value, what="", **options)
        except CalcInputError as exc:
            self.fail(name, exc.message)
            return None

    def attempt(self, call: Callable[[], T], labels: Mapping[str, str]) -> T | None:
        """``call()``, with an input error it raises blamed on a field (see :meth:`blame`)."""
        try:
            return call()
        except CalcInputError as exc:
            self.blame(exc, labels)
            return None

    def blame(self, exc: CalcInputError, labels: Mapping[str, str]) -> None:
        """Record ``exc`` against the field its ``--option`` names (``labels``: field → label).

        ``--qps: cannot read 'x'`` becomes "cannot read 'x'" on ``qps``; ``--growth needs
        --years`` becomes "Growth needs years" on ``growth``. A message that names no field
        of the form is an error of the whole form.
        """
        message = str(exc)
        match = _OPTION.match(message)
        name = match.group(1).replace("-", "_") if match else ""
        if name + "s" in labels and name not in labels:
            name += "s"  # --component → the components field
        if match is None or name not in labels:
            self.fail(FORM, _relabel(message, labels))
            return
        rest = message[match.end() :]
        if rest.startswith(":"):
            self.fail(name, _relabel(rest[1:].strip(), labels))
        else:
            self.fail(name, _relabel(labels[name].capitalize() + rest, labels))


def _relabel(message: str, labels: Mapping[str, str]) -> str:
    def label(match: re.Match[str]) -> str:
        name = match.group(1).replace("-", "_")
        return labels.get(name, match.group(0)).lower()

    return _OPTION.sub(label, message)

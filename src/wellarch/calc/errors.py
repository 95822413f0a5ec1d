"""The one error the calculators and decision frameworks raise for input they cannot use.

It is an :class:`~wellarch.errors.InputError` whose exit code is 2, the code the CLI uses for
usage errors: a unit that cannot be read, an availability above 100 %, a negative number of
users, an options file that does not validate. The CLI prints it as one ``error: ...`` line.

Example:
    >>> raise CalcInputError("--rto: '15x' is not a duration")
    Traceback (most recent call last):
    ...
    wellarch.calc.errors.CalcInputError: --rto: '15x' is not a duration
"""

from __future__ import annotations

from wellarch.errors import InputError

__all__ = ["CalcInputError"]


class CalcInputError(InputError):
    """Bad input to a calculator or a decision framework (exit code 2)."""

    exit_code = 2

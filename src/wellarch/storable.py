"""Text that every store back end can keep.

PostgreSQL's text types cannot hold the NUL character (``\\x00``); SQLite's can. Text that
goes into a text column is checked here, before it reaches the store, so that such input is
the same one-line :class:`~wellarch.errors.InputError` on every back end (and not an internal
error on PostgreSQL alone). Text kept inside JSON columns needs no check: JSON writes NUL as
the escape ``\\u0000``.
"""

from __future__ import annotations

from wellarch.errors import InputError

__all__ = ["NUL", "storable"]

NUL = "\x00"


def storable(value: str, what: str) -> str:
    """``value``, unless it holds a NUL character (then an :class:`InputError` naming
    ``what``)."""
    if NUL in value:
        raise InputError(f"{what}: the NUL character (\\x00) cannot be stored")
    return value

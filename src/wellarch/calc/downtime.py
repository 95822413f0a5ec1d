"""Allowed downtime for an availability target, and the availability a downtime allows.

A year is 365.25 days (31,557,600 s); a quarter is a quarter of it and a month a twelfth, so
the figures agree with each other: twelve months of budget add up to exactly one year's.

The arithmetic works on the *unavailability* ``1 − A`` rather than on ``A``: for targets with
many nines, ``1 − 0.99999`` computed in binary floating point loses digits that
``Decimal("0.00001")`` keeps, and every downtime figure is a multiple of the unavailability.

Example:
    >>> from wellarch.calc.units import format_duration, parse_availability
    >>> budget = DowntimeBudget.for_availability(parse_availability("99.99%"))
    >>> round(budget.seconds("year"), 6)
    3155.76
    >>> format_duration(budget.seconds("year"))
    '52m 35.7s'
    >>> DowntimeBudget.for_downtime(4 * 3600, "year").availability
    0.99954369...
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import DAY, YEAR, format_duration, format_percent

__all__ = ["PERIODS", "DowntimeBudget", "check_period"]

#: Seconds in each period a budget is given for, longest first.
PERIODS: dict[str, float] = {
    "year": YEAR,
    "quarter": YEAR / 4,
    "month": YEAR / 12,
    "week": 7 * DAY,
    "day": DAY,
}


def check_period(period: str) -> str:
    """``period`` if it is one of :data:`PERIODS`, else an input error listing them."""
    if period not in PERIODS:
        raise CalcInputError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    return period


@dataclass(frozen=True)
class DowntimeBudget:
    """How much downtime an availability allows in each period."""

    #: ``1 − availability``, between 0 and 1.
    unavailability: float

    @classmethod
    def for_availability(cls, availability: Decimal | float) -> DowntimeBudget:
        """The budget of an availability (a fraction between 0 and 1)."""
        exact = availability if isinstance(availability, Decimal) else Decimal(repr(availability))
        if not 0 <= exact <= 1:
            raise CalcInputError(f"availability {availability} is not between 0 and 1")
        return cls(float(1 - exact))

    @classmethod
    def for_downtime(cls, seconds: float, period: str) -> DowntimeBudget:
        """The availability that allows ``seconds`` of downtime per ``period``."""
        length = PERIODS[check_period(period)]
        if seconds < 0:
            raise CalcInputError("downtime must be zero or more")
        if seconds > length:
            raise CalcInputError(
                f"downtime {format_duration(seconds)} is longer than a {period} "
                f"({format_duration(length)})"
            )
        return cls(seconds / length)

    @property
    def availability(self) -> float:
        return 1 - self.unavailability

    @property
    def nines(self) -> float:
        """How many nines: ``−log10(1 − A)``; 3.0 for 99.9 %, infinite for 100 %."""
        return math.inf if self.unavailability <= 0 else -math.log10(self.unavailability)

    def seconds(self, period: str) -> float:
        """Allowed downtime per ``period``, in seconds."""
        return self.unavailability * PERIODS[check_period(period)]

    def per_period(self) -> dict[str, float]:
        return {period: self.seconds(period) for period in PERIODS}

    def percent(self) -> str:
        return format_percent(self.availability, unavailability=self.unavailability)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``{"availability", "downtime_seconds": {year, ... day}}``."""
        return {
            "availability": round(self.availability, 12),
            "unavailability": self.unavailability,
            "nines": None if math.isinf(self.nines) else round(self.nines, 4),
            "downtime_seconds": {p: round(s, 6) for p, s in self.per_period().items()},
        }

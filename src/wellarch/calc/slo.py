"""Service level objectives: the error budget and burn-rate alert thresholds.

The error budget of an SLO is what it allows to fail: ``1 − target`` of the requests, or of
the time, in its window. The burn rate is how fast that budget is being spent: a burn rate of
1 spends exactly the budget over the window, 14.4 spends a 30-day budget in about two days.

Alerts follow the multi-window, multi-burn-rate scheme of the Google SRE Workbook ("Alerting
on SLOs", https://sre.google/workbook/alerting-on-slos/): page when 2 % of the budget burns
in an hour or 5 % in six hours, open a ticket when 10 % burns in three days. Each alert also
checks a short window of a twelfth of its long one, so that it stops firing soon after the
problem stops. For a window other than 30 days the same budget fractions give other rates:
``burn rate = fraction of budget × SLO window ÷ alert window``. An alert whose rate would be
below 1 never fires before the budget is gone and is left out.

Example:
    >>> from wellarch.calc.units import format_duration, parse_availability
    >>> slo = error_budget(parse_availability("99.9%"), 30 * DAY)
    >>> format_duration(slo.budget_seconds)
    '43m 12s'
    >>> [round(alert.burn_rate, 1) for alert in slo.alerts]
    [14.4, 6.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import DAY, HOUR

__all__ = ["POLICIES", "BurnRateAlert", "ErrorBudget", "error_budget"]

SOURCE = "https://sre.google/workbook/alerting-on-slos/"

#: (severity, share of the budget, long window in seconds) — the SRE Workbook's defaults.
POLICIES: tuple[tuple[str, float, float], ...] = (
    ("page", 0.02, 1 * HOUR),
    ("page", 0.05, 6 * HOUR),
    ("ticket", 0.10, 3 * DAY),
)


@dataclass(frozen=True)
class BurnRateAlert:
    severity: str
    budget_share: float
    long_window: float
    short_window: float
    burn_rate: float
    #: Error rate (failed ÷ all requests) at which the alert fires; above 1 it cannot fire.
    error_rate: float
    #: How long the whole budget lasts at this burn rate.
    exhaustion: float

    @property
    def reachable(self) -> bool:
        return self.error_rate <= 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "budget_consumed": self.budget_share,
            "long_window_seconds": self.long_window,
            "short_window_seconds": self.short_window,
            "burn_rate": round(self.burn_rate, 6),
            "error_rate_threshold": round(self.error_rate, 9),
            "budget_exhausted_in_seconds": round(self.exhaustion, 3),
            "reachable": self.reachable,
        }


@dataclass(frozen=True)
class ErrorBudget:
    target: float
    window: float
    #: ``1 − target``: the share of requests (or time) allowed to fail.
    budget_fraction: float
    requests: float | None
    alerts: tuple[BurnRateAlert, ...]

    @property
    def budget_seconds(self) -> float:
        return self.budget_fraction * self.window

    @property
    def budget_requests(self) -> float | None:
        return None if self.requests is None else self.budget_fraction * self.requests

    def to_dict(self) -> dict[str, Any]:
        requests = self.budget_requests
        return {
            "target": round(self.target, 12),
            "window_seconds": self.window,
            "error_budget": {
                "fraction": self.budget_fraction,
                "seconds": round(self.budget_seconds, 6),
                "requests": None if requests is None else round(requests, 3),
            },
            "alerts": [alert.to_dict() for alert in self.alerts],
            "source": SOURCE,
        }


def error_budget(target: Decimal, window: float, requests: float | None = None) -> ErrorBudget:
    """The error budget of ``target`` (a fraction) over ``window`` seconds, and its alerts."""
    if not 0 < target < 1:
        raise CalcInputError(
            "--target must be above 0% and below 100%: a 100% target has no error budget"
        )
    if window <= 0:
        raise CalcInputError("--window must be longer than zero")
    if requests is not None and requests <= 0:
        raise CalcInputError("--requests must be more than zero")
    budget = float(1 - target)
    alerts = []
    for severity, share, long_window in POLICIES:
        if long_window >= window:
            continue
        burn_rate = share * window / long_window
        if burn_rate < 1:
            continue
        alerts.append(
            BurnRateAlert(
                severity=severity,
                budget_share=share,
                long_window=long_window,
                short_window=long_window / 12,
                burn_rate=burn_rate,
                error_rate=burn_rate * budget,
                exhaustion=window / burn_rate,
            )
        )
    return ErrorBudget(float(target), window, budget, requests, tuple(alerts))

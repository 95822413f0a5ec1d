"""Architecture calculators: availability, downtime, capacity, disaster recovery and SLOs.

Pure functions over small data types; the SLA table and the disaster-recovery strategies are
package data (``calc/data/*.yaml``) with their sources. Bad input raises
:class:`~wellarch.calc.errors.CalcInputError` (exit code 2 on the command line).

Example:
    >>> from wellarch.calc import DowntimeBudget, parse_availability
    >>> DowntimeBudget.for_availability(parse_availability("99.9%")).seconds("year")
    31557.600000000002
"""

from wellarch.calc.architecture import load_architecture, parse_architecture
from wellarch.calc.availability import AvailabilityReport, analyse
from wellarch.calc.capacity import CapacityInputs, CapacityPlan, estimate
from wellarch.calc.downtime import PERIODS, DowntimeBudget
from wellarch.calc.dr import DrChoice, recommend
from wellarch.calc.errors import CalcInputError
from wellarch.calc.expression import parse_expression
from wellarch.calc.sla import sla_table
from wellarch.calc.slo import ErrorBudget, error_budget
from wellarch.calc.units import parse_availability

__all__ = [
    "PERIODS",
    "AvailabilityReport",
    "CalcInputError",
    "CapacityInputs",
    "CapacityPlan",
    "DowntimeBudget",
    "DrChoice",
    "ErrorBudget",
    "analyse",
    "error_budget",
    "estimate",
    "load_architecture",
    "parse_architecture",
    "parse_availability",
    "parse_expression",
    "recommend",
    "sla_table",
]

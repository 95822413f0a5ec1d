"""Lenses: the AWS custom-lens model, validation, import/export, analysis and the catalog."""

from wellarch.lens.analysis import Violation, check_lens, check_question
from wellarch.lens.condition import Condition, ConditionSyntaxError, parse_condition
from wellarch.lens.export import dump_lens, lens_to_document
from wellarch.lens.model import (
    AdditionalResources,
    Choice,
    Lens,
    Pillar,
    Question,
    Resource,
    RiskRule,
    RuleRisk,
)
from wellarch.lens.reader import LoadedLens, parse_lens_bytes, read_lens_file
from wellarch.lens.validation import LIMITS, ValidationResult, validate_document

__all__ = [
    "LIMITS",
    "AdditionalResources",
    "Choice",
    "Condition",
    "ConditionSyntaxError",
    "Lens",
    "LoadedLens",
    "Pillar",
    "Question",
    "Resource",
    "RiskRule",
    "RuleRisk",
    "ValidationResult",
    "Violation",
    "check_lens",
    "check_question",
    "dump_lens",
    "lens_to_document",
    "parse_condition",
    "parse_lens_bytes",
    "read_lens_file",
    "validate_document",
]

"""The examples in the calc and decide docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "wellarch.calc",
    "wellarch.calc.architecture",
    "wellarch.calc.availability",
    "wellarch.calc.capacity",
    "wellarch.calc.datafile",
    "wellarch.calc.downtime",
    "wellarch.calc.dr",
    "wellarch.calc.errors",
    "wellarch.calc.expression",
    "wellarch.calc.sla",
    "wellarch.calc.slo",
    "wellarch.calc.units",
    "wellarch.decide",
    "wellarch.decide.adr",
    "wellarch.decide.criteria",
    "wellarch.decide.engine",
    "wellarch.decide.matrix",
    "wellarch.decide.model",
    "wellarch.decide.requirements",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0

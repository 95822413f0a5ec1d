"""Every registered rule: documented, mapped to a real lens choice, and proven by fixtures.

Each rule has, for each format it supports, a passing and a failing fixture:
``tests/fixtures/evidence/<RULE-ID>/pass.yaml`` and ``fail.yaml`` (CloudFormation) and
``pass.tf`` / ``fail.tf`` (Terraform; a file in a folder of its own is one module).
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import FIXTURES
from wellarch.evidence.model import Status
from wellarch.evidence.scanner import _default_registry, scan
from wellarch.lens.catalog import BuiltinLensSource

REGISTRY = _default_registry()
RULES = list(REGISTRY)
CASES = [
    (rule, fmt, outcome) for rule in RULES for fmt in rule.formats for outcome in ("pass", "fail")
]
SUFFIX = {"cloudformation": "yaml", "terraform": "tf"}


def test_there_are_at_least_60_rules_in_every_pillar():
    pillars = {r.pillar for r in RULES}
    assert len(RULES) >= 60
    assert pillars == {
        "operationalExcellence",
        "security",
        "reliability",
        "performance",
        "costOptimization",
        "sustainability",
    }


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented_and_mapped(rule):
    assert re.fullmatch(r"WA-(OPS|SEC|REL|PERF|COST|SUS)-\d{3}", rule.id)
    assert rule.title and len(rule.description) > 40, "explain why the rule matters"
    lens = BuiltinLensSource().get("wellarchitected").lens
    question = next((q for _, q in lens.questions() if q.choice(rule.choice)), None)
    assert question is not None, f"{rule.choice} is not a choice of the wellarchitected lens"
    assert lens.pillar_of(question.id).id == rule.pillar


@pytest.mark.parametrize(
    ("rule", "fmt", "outcome"),
    CASES,
    ids=[f"{r.id}-{fmt}-{outcome}" for r, fmt, outcome in CASES],
)
def test_rule_fixture(rule, fmt, outcome, tmp_path):
    source = FIXTURES / "evidence" / rule.id / f"{outcome}.{SUFFIX[fmt]}"
    assert source.is_file(), f"missing fixture {source.relative_to(FIXTURES)}"
    target = tmp_path / source.name
    shutil.copy(source, target)
    result = scan([str(target)])
    assert result.problems == []
    mine = [f for f in result.findings if f.rule_id == rule.id]
    assert mine, f"{rule.id} did not look at {source.name}"
    statuses = {f.status for f in mine}
    if outcome == "pass":
        assert statuses == {Status.PASS}, [f.message for f in mine]
    else:
        assert Status.FAIL in statuses, [f.message for f in mine]


def test_docs_rules_md_is_generated_from_the_rules():
    from pathlib import Path

    from wellarch.cli.rules import rules_markdown

    docs = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is out of date: run `wellarch rules --format md > docs/rules.md`"
    )

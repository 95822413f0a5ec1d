"""Every registered rule: documented, mapped to a real lens choice, and proven by fixtures.

Each rule has, for each format it supports, a passing and a failing fixture:
``tests/fixtures/evidence/<RULE-ID>/pass.yaml`` and ``fail.yaml`` (CloudFormation) and
``pass.tf`` / ``fail.tf`` (Terraform; a file in a folder of its own is one module).

Variants of a form the base fixtures do not show live beside them as
``pass-<variant>.<ext>`` / ``fail-<variant>.<ext>`` (e.g. ``pass-sam.yaml`` for SAM resources,
``fail-default-tags.tf`` for provider default tags) and are held to the same standard. Every
rule on SAM resource types has a ``pass-sam.yaml`` and a ``fail-sam.yaml``.
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
VARIANTS = sorted(
    path
    for outcome in ("pass", "fail")
    for suffix in SUFFIX.values()
    for path in (FIXTURES / "evidence").glob(f"WA-*/{outcome}-*.{suffix}")
)
SAM_RULES = [r for r in RULES if any(t.startswith("AWS::Serverless::") for t in r.types)]


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


def _check_fixture(rule, source, outcome, tmp_path):
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


@pytest.mark.parametrize(
    ("rule", "fmt", "outcome"),
    CASES,
    ids=[f"{r.id}-{fmt}-{outcome}" for r, fmt, outcome in CASES],
)
def test_rule_fixture(rule, fmt, outcome, tmp_path):
    source = FIXTURES / "evidence" / rule.id / f"{outcome}.{SUFFIX[fmt]}"
    assert source.is_file(), f"missing fixture {source.relative_to(FIXTURES)}"
    _check_fixture(rule, source, outcome, tmp_path)


@pytest.mark.parametrize("source", VARIANTS, ids=[f"{p.parent.name}-{p.name}" for p in VARIANTS])
def test_rule_variant_fixture(source, tmp_path):
    rule = REGISTRY.get(source.parent.name)
    assert rule is not None, f"{source.parent.name} is not a rule"
    _check_fixture(rule, source, source.name.split("-", 1)[0], tmp_path)


@pytest.mark.parametrize("rule", SAM_RULES, ids=[r.id for r in SAM_RULES])
def test_sam_rules_have_sam_fixtures(rule):
    for outcome in ("pass", "fail"):
        source = FIXTURES / "evidence" / rule.id / f"{outcome}-sam.yaml"
        assert source.is_file(), f"missing fixture {source.relative_to(FIXTURES)}"


def test_docs_rules_md_is_generated_from_the_rules():
    from pathlib import Path

    from wellarch.cli.rules import rules_markdown

    docs = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is out of date: run `wellarch rules --format md > docs/rules.md`"
    )

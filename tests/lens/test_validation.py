from __future__ import annotations

import copy
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from wellarch.lens.validation import LIMITS, validate_document


@pytest.fixture
def doc(lens_file):
    return json.loads(lens_file.read_text())


def messages(result):
    return [p.format() for p in result.errors]


def test_minimal_lens_is_valid(doc):
    result = validate_document(doc)
    assert result.errors == [] and result.warnings == []
    lens = result.lens
    assert lens.name == "Minimal team lens"
    question = lens.question("ops_runbooks")
    assert [c.id for c in question.practices] == ["rb_written", "rb_tested"]
    assert question.none_choice.id == "ops_runbooks_no"
    assert question.choice("rb_tested").additional_resources[1].content[0].url == (
        "https://example.com/drills"
    )


def test_every_problem_is_reported_with_its_path(fixtures):
    doc = json.loads((fixtures / "lenses" / "many-problems.json").read_text())
    found = messages(validate_document(doc))
    q0, q1 = "$.pillars[0].questions[0]", "$.pillars[0].questions[1]"
    expected = [
        "$.pillars[0].id: 'p!' may only contain letters, digits and '_'",
        f"{q0}.choices[1].improvementPlan: is required (except on 'None of these')",
        f"{q0}.riskRules[0].condition: unknown choice id 'choice_c' "
        "(this question's choices: choice_a, choice_b)",
        f"{q1}.id: 'question_one' is already used at {q0} (question ids are unique in a lens)",
        f"{q1}.choices[0].improvementPlan.url: 'javascript:alert(1)' is not an http(s) url",
        f"{q1}.riskRules[0].condition: condition ends too early at character 12 in 'choice_a &&'",
        f"{q1}.riskRules[1].risk: must be HIGH_RISK, MEDIUM_RISK or NO_RISK, not 'SEVERE'",
        f"{q1}.riskRules[2].condition: comes after the 'default' rule, so never applies",
    ]
    assert found == expected


def test_published_quirks_fail_strict_and_pass_lenient_with_warnings(fixtures):
    from wellarch.errors import LensError
    from wellarch.lens.reader import read_lens_file

    path = fixtures / "lenses" / "published-quirks.json"
    with pytest.raises(LensError) as info:
        read_lens_file(path)
    assert len(info.value.problems) == 5
    loaded = read_lens_file(path, lenient=True)
    warned = [w.format() for w in loaded.warnings]
    assert warned == [
        "$._comment: unknown key '_comment' (ignored)",
        "$.pillars[0].questions[0].description: NaN is not valid JSON text (treated as missing)",
        "$.pillars[0].questions[0].choices[0].helpfulResource.url: empty url (ignored)",
        "$.pillars[0].questions[0].choices[1].id: a 'None of these' choice needs an id ending "
        "in '_no', not 'diagram_none'",
        "$.pillars[0].questions[0].riskRules: has no 'default' rule (treated as default HIGH_RISK)",
    ]
    question = loaded.lens.question("arch_diagram")
    assert question.none_choice.id == "diagram_none"
    assert question.risk_for({"diagram_none"}).value == "HIGH_RISK"
    assert question.risk_for({"diagram_exists"}).value == "NO_RISK"


def _lens_at(pillars: int, questions: int, choices: int) -> dict:
    def question(p, q):
        ids = [f"c{p}_{q}_{c}" for c in range(choices - 1)]
        return {
            "id": f"q{p}_{q}",
            "title": "Q" * LIMITS.title_max,
            "description": "d" * LIMITS.text_max,
            "choices": [
                {"id": i, "title": "T", "improvementPlan": {"displayText": "x"}} for i in ids
            ]
            + [{"id": f"q{p}_{q}_no", "title": "None of these"}],
            "riskRules": [
                {"condition": " && ".join(ids), "risk": "NO_RISK"},
                {"condition": ids[0], "risk": "MEDIUM_RISK"},
                {"condition": "default", "risk": "HIGH_RISK"},
            ],
        }

    return {
        "schemaVersion": "2021-11-01",
        "name": "N" * LIMITS.name_max,
        "pillars": [
            {"id": f"pil{p}", "name": "P", "questions": [question(p, q) for q in range(questions)]}
            for p in range(pillars)
        ],
    }


def test_a_lens_exactly_at_the_limits_is_valid():
    doc = _lens_at(LIMITS.pillars, LIMITS.questions_per_pillar, LIMITS.choices_per_question)
    assert validate_document(doc).errors == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["pillars"].append(copy.deepcopy(d["pillars"][0])),
            "has 11 items; the limit is 10",
        ),
        (
            lambda d: d["pillars"][0]["questions"].append(d["pillars"][0]["questions"][0]),
            "has 21 items; the limit is 20",
        ),
        (
            lambda d: d["pillars"][0]["questions"][0]["choices"].append(
                {"id": "extra", "title": "x", "improvementPlan": {"displayText": "y"}}
            ),
            "has 16 items; the limit is 15",
        ),
        (
            lambda d: d["pillars"][0]["questions"][0]["riskRules"].insert(
                0, {"condition": "default", "risk": "NO_RISK"}
            ),
            "has 4 items; the limit is 3",
        ),
        (lambda d: d["pillars"][0].update(id="x" * 129), "ids are 3–128 characters"),
        (
            lambda d: d["pillars"][0]["questions"][0].update(title="t" * 129),
            "is 129 characters; the limit is 128",
        ),
        (
            lambda d: d["pillars"][0]["questions"][0].update(description="t" * 2049),
            "is 2049 characters; the limit is 2048",
        ),
        (lambda d: d.update(name="n" * 129), "is 129 characters; the limit is 128"),
        (lambda d: d.update(schemaVersion="2020-01-01"), "must be '2021-11-01'"),
    ],
)
def test_each_limit_is_enforced(mutate, message):
    doc = _lens_at(LIMITS.pillars, LIMITS.questions_per_pillar, LIMITS.choices_per_question)
    mutate(doc)
    found = messages(validate_document(doc))
    assert any(message in m for m in found), found


def test_wrong_types_are_errors_not_exceptions(doc):
    doc["pillars"][0]["questions"][0]["choices"][0]["title"] = 5
    doc["pillars"][0]["questions"][1]["choices"] = {"not": "a list"}
    doc["pillars"][0]["questions"][0]["riskRules"][0] = "default"
    found = messages(validate_document(doc))
    assert "$.pillars[0].questions[0].choices[0].title: must be a string, not a number" in found
    assert "$.pillars[0].questions[1].choices: must be a list, not an object" in found
    assert (
        "$.pillars[0].questions[0].riskRules[0]: a risk rule must be an object, not a string"
        in found
    )


@pytest.mark.parametrize("doc", [None, [], "lens", 3, math.inf, {"pillars": None}])
def test_non_lens_documents(doc):
    result = validate_document(doc)
    assert result.lens is None and result.errors


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "title",
                    "pillars",
                    "questions",
                    "choices",
                    "riskRules",
                    "condition",
                    "risk",
                    "url",
                    "displayText",
                    "improvementPlan",
                    "helpfulResource",
                    "additionalResources",
                    "type",
                    "content",
                    "schemaVersion",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=40,
)


@settings(max_examples=400)
@given(json_values)
def test_fuzzed_documents_never_raise(doc):
    result = validate_document(doc)
    assert result.lens is None or result.errors == []


MINIMAL = json.loads((FIXTURES / "lenses" / "minimal.json").read_text())


def _slots(node, found):
    """Every (container, key) in a JSON document."""
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in children:
        found.append((node, key))
        if isinstance(child, dict | list):
            _slots(child, found)
    return found


@settings(max_examples=300)
@given(data=st.data())
def test_fuzzed_mutations_of_a_valid_lens_never_raise(data):
    doc = copy.deepcopy(MINIMAL)
    container, key = data.draw(st.sampled_from(_slots(doc, [])))
    container[key] = data.draw(json_values)
    for lenient in (False, True):
        result = validate_document(doc, lenient=lenient)
        assert (result.lens is None) == bool(result.errors)

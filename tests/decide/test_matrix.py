from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.calc.errors import CalcInputError
from wellarch.decide.matrix import (
    Matrix,
    MatrixCriterion,
    MatrixOption,
    evaluate,
    load_matrix,
    parse_matrix,
)


def test_build_vs_buy(fixtures):
    result = evaluate(load_matrix(fixtures / "decide" / "build-vs-buy.yaml"))
    totals = {r.option.name: r.total for r in result.ranking}
    assert totals == {
        "Buy a SaaS product": pytest.approx(32 / 8),
        "Hybrid - buy, build cost attribution": pytest.approx(30 / 8),
        "Build on Prometheus and Grafana": pytest.approx(21 / 8),
    }
    assert result.winner.name == "Buy a SaaS product"
    assert [(f.criterion, f.threshold, f.challenger) for f in result.flips] == [
        ("time to market", pytest.approx(1.0), "Hybrid - buy, build cost attribution"),
        ("cost over 3 years", pytest.approx(4.0), "Hybrid - buy, build cost attribution"),
        ("customisation", pytest.approx(3.0), "Hybrid - buy, build cost attribution"),
    ]
    assert result.stable == ("team focus",)
    assert result.flips[0].describe() == (
        "lowering the weight of 'time to market' from 3 to below 1 makes "
        "'Hybrid - buy, build cost attribution' win"
    )


def _with_weight(matrix: Matrix, name: str, weight: float) -> Matrix:
    criteria = tuple(
        dataclasses.replace(c, weight=weight) if c.name == name else c for c in matrix.criteria
    )
    return dataclasses.replace(matrix, criteria=criteria)


def test_each_flip_really_flips(fixtures):
    matrix = load_matrix(fixtures / "decide" / "build-vs-buy.yaml")
    result = evaluate(matrix)
    for flip in result.flips:
        step = 0.01 if flip.change > 0 else -0.01
        beyond = evaluate(_with_weight(matrix, flip.criterion, flip.threshold + step))
        before = evaluate(_with_weight(matrix, flip.criterion, flip.threshold - step))
        assert beyond.winner.name == flip.challenger
        assert before.winner.name == result.winner.name


def test_a_tie_is_reported(fixtures):
    result = evaluate(load_matrix(fixtures / "decide" / "tie.yaml"))
    assert result.tie
    assert result.to_dict()["tie"] is True


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"criteria": [], "options": []}, r"\$\.criteria: expected a list"),
        ({"criteria": {"a": -1}, "options": []}, "zero or more"),
        ({"criteria": {"a": 0}, "options": []}, "above zero"),
        ({"criteria": {"a": 1}, "options": [{"name": "x", "scores": {"a": 1}}]}, "two options"),
        (
            {
                "criteria": {"a": 1},
                "options": [
                    {"name": "x", "scores": {"a": 1, "b": 2}},
                    {"name": "y", "scores": {"a": 1}},
                ],
            },
            r"\$\.options\[0\]\.scores: 'b' is not a criterion",
        ),
        (
            {
                "criteria": {"a": 1},
                "options": [
                    {"name": "x", "scores": {"a": "high"}},
                    {"name": "y", "scores": {"a": 1}},
                ],
            },
            r"\$\.options\[0\]\.scores\.a: expected a number",
        ),
        (
            {
                "criteria": {"a": 1},
                "options": [{"name": "x", "scores": {"a": 1}}, {"name": "x", "scores": {"a": 1}}],
            },
            "unique",
        ),
    ],
)
def test_bad_matrices(document, message):
    with pytest.raises(CalcInputError, match=message):
        parse_matrix(document, file="m.yaml")


def test_missing_score_names_the_file_and_path(fixtures):
    path = fixtures / "decide" / "missing-score.yaml"
    with pytest.raises(CalcInputError) as caught:
        load_matrix(path)
    assert str(caught.value) == f"{path}: $.options[1].scores: no score for 'team skills'"
    assert caught.value.exit_code == 2


scores = st.integers(min_value=1, max_value=5)


@st.composite
def matrices(draw):
    names = ["c0", "c1", "c2"][: draw(st.integers(min_value=1, max_value=3))]
    criteria = tuple(
        MatrixCriterion(n, float(draw(st.integers(min_value=1, max_value=5)))) for n in names
    )
    count = draw(st.integers(min_value=2, max_value=4))
    options = tuple(
        MatrixOption(f"o{i}", {n: float(draw(scores)) for n in names}) for i in range(count)
    )
    return Matrix("m", "", criteria, options)


@given(matrices())
def test_sensitivity_thresholds_are_exact(matrix):
    result = evaluate(matrix)
    if result.tie:
        return
    for flip in result.flips:
        step = 1e-6 * max(1.0, flip.threshold)
        beyond = flip.threshold + (step if flip.change > 0 else -step)
        changed = evaluate(_with_weight(matrix, flip.criterion, beyond))
        assert changed.winner.name != result.winner.name
        inside = flip.threshold - (step if flip.change > 0 else -step)
        same = evaluate(_with_weight(matrix, flip.criterion, inside))
        assert same.ranking[0].total >= same.ranking[1].total
        assert same.winner.name == result.winner.name or same.tie

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.calc.availability import (
    Node,
    Parallel,
    Part,
    Replicas,
    Series,
    render,
    unavailability,
)
from wellarch.calc.errors import CalcInputError
from wellarch.calc.expression import parse_expression

WEB = {"web": Part("web", 0.005), "db": Part("db", 0.0005), "lb": Part("lb", 0.0001)}


def availability(text: str, components=WEB) -> float:
    return 1 - unavailability(parse_expression(text, components))


def test_the_design_example():
    assert availability("0.9995 * (0.999 | 0.999) * 0.9999") == pytest.approx(
        0.9995 * (1 - 0.001**2) * 0.9999, abs=1e-15
    )


def test_percentages_fractions_and_sla_names():
    assert availability("99.95%") == pytest.approx(0.9995)
    assert availability("alb * rds_multi_az") == pytest.approx(0.9999 * 0.9995)
    tree = parse_expression("rds_multi_az")
    assert isinstance(tree, Part)
    assert "https://aws.amazon.com/rds/sla/" in tree.source


def test_arrows_are_series_and_counts_are_copies():
    assert availability("lb > web > db") == availability("lb * web * db")
    assert availability("3 x web") == pytest.approx(availability("web | web | web"))
    assert availability("3x web") == availability("3 × web")
    assert parse_expression("2 x (lb * db)", WEB) == Replicas(Series((WEB["lb"], WEB["db"])), 2)
    assert availability("lb * (web | web | web) * db") == pytest.approx(
        0.9999 * (1 - 0.005**3) * 0.9995, abs=1e-15
    )


def test_components_shadow_the_sla_table():
    mine = {"alb": Part("alb", 0.01)}
    assert availability("alb", mine) == pytest.approx(0.99)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the expression is empty"),
        ("lb * web | db", "cannot mix without parentheses"),
        ("lb | web > db", "cannot mix without parentheses"),
        ("(lb * web", "expected '\\)', found the end"),
        ("lb * * db", "at character 6: expected a number, a name or '\\(', found '\\*'"),
        ("lb db", "expected '\\*', '\\|' or the end, found 'db'"),
        ("2.5 x web", "whole number"),
        ("0 x web", "whole number"),
        ("99.95", "write a fraction \\(0.9995\\) or a percentage \\(99.95%\\)"),
        ("101%", "above 100%"),
        ("lb & db", "unexpected character '&'"),
        ("x", "expected a number"),
    ],
)
def test_syntax_errors_say_where_and_what(text, message):
    with pytest.raises(CalcInputError, match=message):
        parse_expression(text, WEB)


def test_unknown_names_suggest_close_ones():
    with pytest.raises(CalcInputError, match=r"unknown component 'rds_multiaz'.*rds_multi_az"):
        parse_expression("rds_multiaz")


# Trees whose parts are fraction literals, so that render() gives a parseable expression.
literals = st.decimals(min_value=0, max_value=1, places=4).map(lambda d: f"{d:f}")
leaf = literals.map(lambda text: Part(text, float(1 - Decimal(text))))


def _trees(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    group = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(
        group.map(Series),
        group.map(Parallel),
        st.builds(Replicas, children, st.integers(min_value=1, max_value=4)),
    )


trees = st.recursive(leaf, _trees, max_leaves=12)


@given(trees)
def test_render_and_parse_round_trip(tree):
    text = render(tree)
    parsed = parse_expression(text, {})
    assert unavailability(parsed) == pytest.approx(unavailability(tree), rel=1e-12, abs=1e-15)
    assert render(parsed) == text


@given(st.text(alphabet="0123456789.%*>|()x× abweb_", max_size=30))
def test_the_parser_either_parses_or_explains(text):
    try:
        node = parse_expression(text, WEB)
    except CalcInputError as exc:
        assert "\n" not in str(exc)
    else:
        assert 0 <= unavailability(node) <= 1

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellarch.lens.condition import (
    MAX_DEPTH,
    And,
    ConditionSyntaxError,
    Default,
    Name,
    Not,
    Or,
    parse_condition,
)

NAMES = ["choice_a", "choice_b", "c3", "long_choice_id_4", "x_no"]


def test_precedence_and_binds_tighter_than_or():
    assert parse_condition("a || b && c") == Or((Name("a"), And((Name("b"), Name("c")))))


def test_not_and_parentheses():
    assert parse_condition("!(a || b) && !!c") == And(
        (Not(Or((Name("a"), Name("b")))), Not(Not(Name("c"))))
    )


def test_default_is_the_whole_condition():
    assert parse_condition("  default ") == Default()
    with pytest.raises(ConditionSyntaxError, match="'default' must be the whole condition"):
        parse_condition("default && a")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "empty condition", 0),
        ("a &&", "ends too early", 4),
        ("a && (b", "'(' is never closed", 5),
        ("(a b)", "expected ')' but found 'b'", 3),
        ("a & b", "unexpected character '&'", 2),
        ("a || b)", "unexpected ')'", 6),
        ("a-b", "unexpected character '-'", 1),
        ("a ||| b", "unexpected character '|'", 4),
        ("a && || b", "expected a choice id, '!' or '(' but found '||'", 5),
    ],
)
def test_syntax_errors_name_the_position(text, message, position):
    with pytest.raises(ConditionSyntaxError, match=re.escape(message)) as info:
        parse_condition(text)
    assert info.value.position == position


def test_deep_nesting_is_refused_not_a_recursion_error():
    with pytest.raises(ConditionSyntaxError, match="nested more than"):
        parse_condition("(" * (MAX_DEPTH + 5) + "a" + ")" * (MAX_DEPTH + 5))
    with pytest.raises(ConditionSyntaxError):
        parse_condition("!" * 10_000 + "a")


def test_huge_condition_is_refused():
    with pytest.raises(ConditionSyntaxError, match="longer than"):
        parse_condition(" && ".join(["a"] * 5000))


def test_names_and_str_round_trip():
    cond = parse_condition("a && (b || !c) && !(d && e)")
    assert cond.names() == {"a", "b", "c", "d", "e"}
    assert parse_condition(str(cond)) == cond


# -- property: the parser agrees with a reference evaluation of a generated expression -------

Expr = tuple  # ("name", n) | ("not", e) | ("and", [e]) | ("or", [e])


def exprs() -> st.SearchStrategy[Expr]:
    leaf = st.sampled_from(NAMES).map(lambda n: ("name", n))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(lambda e: ("not", e)),
            st.lists(inner, min_size=2, max_size=4).map(lambda es: ("and", es)),
            st.lists(inner, min_size=2, max_size=4).map(lambda es: ("or", es)),
        ),
        max_leaves=20,
    )


def render(expr: Expr, spaces: st.DataObject) -> str:
    """Render with parentheses around every compound operand and random spacing."""
    sp = spaces.draw(st.sampled_from(["", " ", "  "]))
    kind = expr[0]
    if kind == "name":
        return expr[1]
    if kind == "not":
        return f"!{sp}({render(expr[1], spaces)})"
    op = "&&" if kind == "and" else "||"
    return f"{sp}{op}{sp}".join(f"({render(e, spaces)})" for e in expr[1])


def reference(expr: Expr, selected: set[str]) -> bool:
    kind = expr[0]
    if kind == "name":
        return expr[1] in selected
    if kind == "not":
        return not reference(expr[1], selected)
    values = [reference(e, selected) for e in expr[1]]
    return all(values) if kind == "and" else any(values)


@settings(max_examples=300)
@given(expr=exprs(), selected=st.sets(st.sampled_from(NAMES)), data=st.data())
def test_parser_matches_reference_evaluation(expr, selected, data):
    text = render(expr, data)
    cond = parse_condition(text)
    assert cond.evaluate(selected) == reference(expr, selected)
    assert parse_condition(str(cond)).evaluate(selected) == reference(expr, selected)


@settings(max_examples=100)
@given(expr=exprs(), data=st.data())
def test_truth_table_matches_evaluation(expr, data):
    cond = parse_condition(render(expr, data))
    size = 1 << len(NAMES)
    bits = {name: sum(1 << a for a in range(size) if a >> i & 1) for i, name in enumerate(NAMES)}
    table = cond.table(bits, (1 << size) - 1)
    for a in range(size):
        selected = {n for i, n in enumerate(NAMES) if a >> i & 1}
        assert bool(table >> a & 1) == reference(expr, selected)


@given(st.text(max_size=60))
def test_arbitrary_text_parses_or_raises_syntax_error(text):
    with contextlib.suppress(ConditionSyntaxError):
        parse_condition(text)

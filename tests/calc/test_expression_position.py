"""Expression errors carry the position of the problem, for front ends that point at it."""

from __future__ import annotations

import pytest

from wellarch.calc.errors import CalcInputError
from wellarch.calc.expression import ExpressionError, parse_expression


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("alb * * rds_multi_az", 6),
        ("alb & rds_multi_az", 4),
        ("(alb * rds_multi_az", 19),
        ("", 0),
        ("alb * rds_multiaz", 6),
        ("  lb_typo", 2),
    ],
)
def test_errors_carry_the_position(text, position):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert caught.value.position == position
    assert caught.value.expression == text
    assert isinstance(caught.value, CalcInputError)


def test_an_unknown_name_keeps_its_message():
    with pytest.raises(ExpressionError, match=r"^unknown component 'rds_multiaz'"):
        parse_expression("alb * rds_multiaz")

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.calc.errors import CalcInputError
from wellarch.calc.units import (
    YEAR,
    format_count,
    format_duration,
    format_number,
    format_percent,
    format_share,
    format_size,
    parse_availability,
    parse_count,
    parse_duration,
    parse_growth,
    parse_number,
    parse_ratio,
    parse_size,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("15m", 900),
        ("1h30m", 5400),
        ("8h 45m 57s", 31557),
        ("1h, 30m", 5400),
        ("2.5d", 216000),
        ("1w", 604800),
        ("500ms", 0.5),
        ("4 hours", 14400),
        ("1y", 31557600),
        ("1mo", 2629800),
        ("0s", 0),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["15", "15x", "", "h", "1h 30", "fifteen minutes", "1..5h"])
def test_parse_duration_refuses_what_it_cannot_read(text):
    with pytest.raises(CalcInputError, match="duration"):
        parse_duration(text, what="--rto")


def test_parse_duration_names_the_option_and_refuses_negatives():
    with pytest.raises(CalcInputError, match=r"^--rto: '-5m' is negative$"):
        parse_duration("-5m", what="--rto")
    with pytest.raises(CalcInputError, match="add a unit, such as 15s or 15m"):
        parse_duration("15", what="--rto")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (3155.76, "52m 35.7s"),  # 99.99 % of a year
        (31557.6, "8h 45m 57s"),  # 99.9 % of a year
        (15778.8, "4h 22m 58s"),  # 99.95 %
        (315.576, "5m 15.5s"),  # 99.999 %
        (315576, "3d 15h 39m 36s"),  # 99 %
        (86400, "1d"),
        (3600, "1h"),
        (3605, "1h 5s"),
        (60, "1m"),
        (59.99, "59.9s"),
        (8.64, "8.6s"),
        (0.0864, "86.4ms"),
        (0, "0s"),
    ],
)
def test_format_duration_rounds_down(seconds, text):
    assert format_duration(seconds) == text


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_formatted_durations_read_back_never_above_the_value(seconds):
    back = parse_duration(format_duration(seconds))
    assert back <= seconds + 1e-6
    assert seconds - back < (1 if seconds >= 3600 else 0.1 if seconds >= 1 else 1e-3)


@pytest.mark.parametrize(
    ("text", "size"),
    [("2KB", 2000), ("4KiB", 4096), ("1.5GB", 1.5e9), ("512", 512), ("2 MB", 2e6), ("1tb", 1e12)],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["2XB", "KB", "two KB"])
def test_parse_size_refuses_nonsense(text):
    with pytest.raises(CalcInputError, match="as a size"):
        parse_size(text, what="--object-size")


def test_parse_size_refuses_negative():
    with pytest.raises(CalcInputError, match="negative"):
        parse_size("-1KB")


@pytest.mark.parametrize(
    ("size", "text"),
    [(60e12, "60 TB"), (34.7222e6, "34.7 MB"), (999.96, "1 KB"), (0, "0 B"), (2000, "2 KB")],
)
def test_format_size(size, text):
    assert format_size(size) == text


@pytest.mark.parametrize(
    ("text", "count"),
    [("10M", 1e7), ("100k", 1e5), ("1.5B", 1.5e9), ("100,000", 1e5), ("100_000", 1e5), ("7", 7)],
)
def test_parse_count(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["ten", "5Q", "", "1e"])
def test_parse_count_refuses_nonsense(text):
    with pytest.raises(CalcInputError, match="as a number"):
        parse_count(text, what="--users")


def test_negative_users_are_one_clear_line():
    with pytest.raises(CalcInputError) as caught:
        parse_count("-5", what="--users")
    assert str(caught.value) == "--users: '-5' is negative"


@pytest.mark.parametrize(
    ("text", "bare", "value"),
    [
        ("99.95%", "fraction", "0.9995"),
        ("0.9995", "fraction", "0.9995"),
        ("99.95", "auto", "0.9995"),
        ("0.9995", "auto", "0.9995"),
        ("100%", "fraction", "1"),
        ("0", "fraction", "0"),
        (0.999, "fraction", "0.999"),
    ],
)
def test_parse_availability(text, bare, value):
    assert parse_availability(text, bare=bare) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "bare", "message"),
    [
        ("99.95", "fraction", "write a fraction"),
        ("100.5%", "fraction", "above 100%"),
        ("100.5", "auto", "above 100%"),
        ("-1%", "fraction", "negative"),
        ("abc", "auto", "cannot read"),
        ("nan", "auto", "finite"),
    ],
)
def test_impossible_availabilities_are_refused(text, bare, message):
    with pytest.raises(CalcInputError, match=message):
        parse_availability(text, bare=bare)


@pytest.mark.parametrize(
    ("availability", "text"),
    [(0.9999, "99.99%"), (1.0, "100%"), (1 - 14400 / YEAR, "99.9544%"), (0.5, "50%")],
)
def test_format_percent_keeps_three_digits_of_the_unavailability(availability, text):
    assert format_percent(availability) == text


def test_small_formatters():
    assert format_number(17361.11) == "17,361"
    assert format_number(14.4) == "14.4"
    assert format_number(2.744) == "2.74"
    assert format_count(5e8) == "500M"
    assert format_count(17361) == "17.4k"
    assert format_share(0.0144) == "1.44%"
    assert format_share(0.001) == "0.1%"
    assert parse_number("3") == 3


def test_ratios_and_growth():
    assert parse_ratio("9:1") == (9, 1)
    assert parse_growth("40%/year") == pytest.approx(0.4)
    assert parse_growth("40%") == pytest.approx(0.4)
    assert parse_growth("3%/month") == pytest.approx(1.03**12 - 1)
    for bad in ("9", "a:b", "0:0", "-1:2"):
        with pytest.raises(CalcInputError):
            parse_ratio(bad, what="--read-write")
    for bad in ("40", "40%/decade", "-100%/year"):
        with pytest.raises(CalcInputError):
            parse_growth(bad, what="--growth")
    assert math.isclose(parse_growth("-10%/year"), -0.1)

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellarch.calc.availability import (
    Parallel,
    Part,
    Replicas,
    Series,
    analyse,
    label,
    leaves,
    render,
    unavailability,
    with_extra_replica,
)
from wellarch.calc.errors import CalcInputError

figures = st.floats(min_value=0, max_value=1, allow_nan=False)
parts = st.lists(figures.map(lambda u: Part("p", u)), min_size=1, max_size=8)


def availability(node) -> float:
    return 1 - unavailability(node)


def test_series_multiplies_availabilities():
    tree = Series((Part("a", 0.0005), Part("b", 0.001), Part("c", 0.0001)))
    assert availability(tree) == pytest.approx(0.9995 * 0.999 * 0.9999, abs=1e-15)


def test_parallel_multiplies_unavailabilities():
    tree = Parallel((Part("a", 0.001), Part("b", 0.01)))
    assert unavailability(tree) == pytest.approx(0.001 * 0.01)


def test_replicas_without_zones_are_parallel_copies():
    web = Part("web", 0.005)
    assert unavailability(Replicas(web, 3)) == pytest.approx(unavailability(Parallel((web,) * 3)))


def test_replicas_across_zones():
    # 6 instances of 99.5 % over 3 zones of 99.9 %: a zone is lost when it fails or both of
    # its instances fail; the component is lost when all three zones are.
    web = Replicas(Part("web", 0.005), 6, zones=3, zone_unavailability=0.001)
    zone_lost = 1 - 0.999 * (1 - 0.005**2)
    assert unavailability(web) == pytest.approx(zone_lost**3, rel=1e-12)
    assert web.per_zone() == [2, 2, 2]
    assert Replicas(Part("w", 0.1), 5, zones=3).per_zone() == [2, 2, 1]


def test_replicas_must_cover_their_zones():
    with pytest.raises(CalcInputError, match="2 instances cannot cover 3 zones"):
        Replicas(Part("web", 0.005), 2, zones=3, name="web")
    with pytest.raises(CalcInputError):
        Replicas(Part("web", 0.005), 0)
    with pytest.raises(CalcInputError):
        Part("bad", 1.5)


def test_analyse_finds_the_weakest_block_and_the_gain_of_a_replica():
    web = Part("web", 0.005)
    tree = Series((Part("lb", 0.0001), Parallel((web, web, web)), Part("db", 0.0005)))
    report = analyse(tree)
    assert report.weakest.label == "db"
    assert [block.label for block in report.blocks] == ["lb", "web | web | web", "db"]
    db = report.blocks[2]
    expected = 1 - (1 - 0.0001) * (1 - 0.005**3) * (1 - 0.0005**2)
    assert db.composite_with_extra_replica == pytest.approx(expected, rel=1e-9)
    web_block = report.blocks[1]
    expected_web = 1 - (1 - 0.0001) * (1 - 0.005**4) * (1 - 0.0005)
    assert web_block.composite_with_extra_replica == pytest.approx(expected_web, rel=1e-9)


def test_report_json_contract():
    data = analyse(Series((Part("lb", 0.0001), Part("db", 0.0005)))).to_dict()
    assert set(data) >= {"availability", "downtime_seconds", "weakest", "components", "sources"}
    assert data["weakest"] == "db"
    assert set(data["downtime_seconds"]) == {"year", "quarter", "month", "week", "day"}
    assert data["availability"] == pytest.approx(0.9999 * 0.9995)


def test_single_node_is_its_own_block():
    report = analyse(Part("db", 0.0005))
    assert report.weakest.label == "db"
    assert report.blocks[0].composite_with_extra_replica == pytest.approx(0.0005**2)


def test_extra_replica_rules():
    a, b = Part("a", 0.01), Part("b", 0.001)
    assert with_extra_replica(a) == Replicas(a, 2)
    assert with_extra_replica(Replicas(a, 3, name="web")) == Replicas(a, 4, name="web")
    assert with_extra_replica(Parallel((a, b))) == Parallel((a, b, b))
    assert with_extra_replica(Series((a, b))) == Replicas(Series((a, b)), 2)


def test_labels_and_leaves():
    a, b = Part("a", 0.01), Part("b", 0.001)
    tree = Series((a, Replicas(b, 2), Parallel((a, Series((a, b))))))
    assert render(tree) == "a * 2 x b * (a | (a * b))"
    assert label(Replicas(b, 2, name="web")) == "web"
    assert [p.name for p in leaves(tree)] == ["a", "b", "a", "a", "b"]


def test_a_part_that_is_always_down_takes_the_series_down():
    assert unavailability(Series((Part("a", 1.0), Part("b", 0.0)))) == 1.0


@given(parts)
def test_series_never_exceeds_its_weakest_part(members):
    combined = availability(Series(tuple(members)))
    assert combined <= min(availability(m) for m in members)
    assert 0 <= combined <= 1


@given(parts)
def test_parallel_is_never_below_its_best_part(members):
    combined = availability(Parallel(tuple(members)))
    assert combined >= max(availability(m) for m in members)
    assert 0 <= combined <= 1


@given(parts, figures)
def test_adding_a_part_in_series_never_helps_and_in_parallel_never_hurts(members, extra):
    new = Part("x", extra)
    assert availability(Series((*members, new))) <= availability(Series(tuple(members)))
    assert availability(Parallel((*members, new))) >= availability(Parallel(tuple(members)))


@given(
    figures, st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=3), figures
)
def test_more_replicas_never_lower_availability(unit, count, zones, zone):
    zones = min(zones, count)
    fewer = Replicas(Part("u", unit), count, zones, zone)
    more = Replicas(Part("u", unit), count + 1, zones, zone)
    assert unavailability(more) <= unavailability(fewer) + 1e-15
    assert not math.isnan(unavailability(more))

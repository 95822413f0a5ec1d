from __future__ import annotations

import pytest

from wellarch.calc.dr import recommend, strategies
from wellarch.calc.errors import CalcInputError

MINUTE, HOUR = 60, 3600


def test_fifteen_minute_rto_one_minute_rpo_is_warm_standby():
    choice = recommend(rto=15 * MINUTE, rpo=1 * MINUTE)
    assert choice.strategy.id == "warm_standby"
    assert not choice.at_the_edge
    assert choice.alternative is not None and choice.alternative.id == "pilot_light"
    data = choice.to_dict()
    assert data["strategy"] == "warm_standby"
    assert data["typical_rto_seconds"] == [60, 900]
    assert set(data["requires"]) == {"replication", "infrastructure", "runbooks", "drills"}
    fits = {s["id"]: s["fit"] for s in data["strategies"]}
    assert fits == {
        "backup_restore": "too_slow",
        "pilot_light": "stretch",
        "warm_standby": "meets",
        "multi_site": "meets",
    }


@pytest.mark.parametrize(
    ("rto", "rpo", "strategy"),
    [
        (24 * HOUR, 24 * HOUR, "backup_restore"),
        (48 * HOUR, 24 * HOUR, "backup_restore"),
        (4 * HOUR, 1 * HOUR, "pilot_light"),
        (1 * HOUR, 15 * MINUTE, "pilot_light"),
        (1 * HOUR, 1 * MINUTE, "warm_standby"),
        (1 * MINUTE, 1, "multi_site"),
    ],
)
def test_cheapest_strategy_that_meets_both(rto, rpo, strategy):
    assert recommend(rto, rpo).strategy.id == strategy


def test_objectives_below_every_range_pick_multi_site_at_the_edge():
    choice = recommend(0, 0)
    assert choice.strategy.id == "multi_site"
    assert choice.at_the_edge
    assert recommend(30, 0.5).at_the_edge


def test_negative_objectives_are_refused():
    with pytest.raises(CalcInputError, match="zero or more"):
        recommend(-1, 60)


def test_strategies_are_sorted_by_cost_with_sources():
    loaded = strategies()
    assert [s.id for s in loaded] == ["backup_restore", "pilot_light", "warm_standby", "multi_site"]
    for strategy in loaded:
        assert strategy.rto[0] <= strategy.rto[1] and strategy.rpo[0] <= strategy.rpo[1]
    assert all(s["url"].startswith("https://") for s in recommend(HOUR, HOUR).sources)

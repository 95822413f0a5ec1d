from __future__ import annotations

import re
from datetime import date

import pytest

from wellarch.calc.errors import CalcInputError
from wellarch.calc.sla import lookup, sla_table


def test_every_entry_cites_a_source_and_a_date():
    table = sla_table()
    assert len(table) >= 30
    for name, entry in table.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
        assert entry.source.startswith("https://"), name
        assert date.fromisoformat(entry.checked) <= date(2030, 1, 1), name
        assert 0 < entry.availability <= 1, name
        assert entry.service and entry.scope, name
        assert entry.kind in ("sla", "assumption"), name


def test_known_figures():
    table = sla_table()
    assert table["rds_multi_az"].percent == "99.95%"
    assert table["aurora_multi_az"].percent == "99.99%"
    assert table["dynamodb"].percent == "99.99%"
    assert table["dynamodb_global"].percent == "99.999%"
    assert table["lambda"].percent == "99.95%"
    assert table["ec2_instance"].percent == "99.5%"
    assert table["route53"].percent == "100%"
    assert table["az"].kind == "assumption" and table["az"].note


def test_lookup_suggests_names():
    with pytest.raises(CalcInputError, match="did you mean dynamodb"):
        lookup("dynamo_db")

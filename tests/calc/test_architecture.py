from __future__ import annotations

import pytest

from wellarch.calc.architecture import load_architecture, parse_architecture, parse_component_option
from wellarch.calc.availability import Part, Replicas, Series, analyse, unavailability
from wellarch.calc.errors import CalcInputError


def test_webshop_file(fixtures):
    tree = load_architecture(fixtures / "calc" / "webshop.yaml")
    assert isinstance(tree, Series)
    zone_lost = 1 - 0.999 * (1 - 0.005**2)
    web = zone_lost**3
    expected = 1 - 1.0 * 0.9999 * (1 - web) * 0.9995
    assert unavailability(tree) == pytest.approx(expected, rel=1e-12)
    report = analyse(tree)
    assert [b.label for b in report.blocks] == ["dns", "lb", "web", "db"]
    assert report.weakest.label == "db"
    # one more web server changes almost nothing; a second database halves the downtime
    gains = {b.label: 1 - b.composite_with_extra_replica for b in report.blocks}
    assert gains["db"] > gains["web"] > report.availability


def test_components_default_to_series_in_file_order(fixtures):
    tree = load_architecture(fixtures / "calc" / "series-default.yaml")
    assert isinstance(tree, Series)
    api, queue, worker = tree.parts
    assert isinstance(api, Part) and api.unavailability == pytest.approx(0.0005)
    assert isinstance(queue, Part) and "messaging/sla" in queue.source
    assert isinstance(worker, Replicas) and (worker.count, worker.name) == (2, "worker")
    assert unavailability(worker) == pytest.approx(0.01**2)


def test_zones_default_to_the_az_planning_figure():
    tree = parse_architecture(
        {"components": {"web": {"service": "ec2_instance", "instances": 3, "zones": 3}}},
        file="a.yaml",
    )
    assert isinstance(tree, Replicas)
    assert tree.zone_unavailability == pytest.approx(0.001)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown-field.yaml", r"\$\.components\.web: unknown field 'instance' \(did you mean"),
        ("bad-syntax.yaml", r"bad-syntax.yaml:\d+: not valid YAML"),
        ("too-few-instances.yaml", "2 instances cannot cover 3 zones"),
        ("missing.yaml", "missing.yaml: no such file"),
    ],
)
def test_bad_files_are_one_line_naming_the_place(fixtures, name, message):
    with pytest.raises(CalcInputError, match=message) as caught:
        load_architecture(fixtures / "calc" / name)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"components": {}}, "expected a mapping of components"),
        ({"components": {"a": "99.9%"}, "archtecture": "a"}, "did you mean architecture"),
        ({"components": {"a": {"availability": "99%", "service": "alb"}}}, "exactly one"),
        ({"components": {"a": {"availability": "99%", "zone_availability": "99%"}}}, "needs zones"),
        ({"components": {"a": {"service": "rds_multiaz"}}}, "did you mean rds_multi_az"),
        ({"components": {"a": {"service": "alb", "instances": 0}}}, "whole number"),
        ({"components": {"a": "150%"}}, "above 100%"),
        ({"components": {"a": "99%"}, "architecture": "a * b"}, "unknown component 'b'"),
        ({"components": {"a": "99%"}, "architecture": 3}, "expected an expression"),
    ],
)
def test_bad_documents(document, message):
    with pytest.raises(CalcInputError, match=message):
        parse_architecture(document, file="arch.yaml")


def test_component_option():
    name, part = parse_component_option("web=99.5%")
    assert (name, part.name, part.source) == ("web", "web", "given")
    assert part.unavailability == pytest.approx(0.005)
    name, part = parse_component_option("db=rds_multi_az")
    assert name == "db" and part.unavailability == pytest.approx(0.0005)
    for bad in ("web", "=99%", "web=", "web=1.5", "web=nosuchsla"):
        with pytest.raises(CalcInputError, match="--component"):
            parse_component_option(bad)

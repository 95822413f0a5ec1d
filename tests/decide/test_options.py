"""The shipped options files: valid, complete and sourced."""

from __future__ import annotations

import copy

import pytest

from wellarch.calc.datafile import load_package_yaml
from wellarch.calc.errors import CalcInputError
from wellarch.decide.model import DOMAINS, load_domain, parse_domain


@pytest.mark.parametrize("name", DOMAINS)
def test_every_option_cites_sources_and_answers_follow_ups(name):
    domain = load_domain(name)
    assert domain.sources
    assert len(domain.options) >= 5
    for option in domain.options:
        assert option.sources, option.id
        assert all(s.url.startswith("https://") for s in option.sources), option.id
        assert option.follow_ups, f"{option.id} has no follow-up questions"
        assert option.strengths and option.trade_offs, option.id
        assert option.scaling and option.pricing, option.id


@pytest.mark.parametrize("name", DOMAINS)
def test_fit_criteria_cover_every_choice(name):
    domain = load_domain(name)
    for criterion in domain.criteria:
        if criterion.kind != "fit":
            continue
        values = domain.requirements[criterion.requirement].values
        for option in domain.options:
            assert set(option.fields[criterion.field]) == set(values), (option.id, criterion.id)


def test_the_database_domain_has_the_options_the_issue_names():
    ids = {option.id for option in load_domain("database").options}
    assert {
        "dynamodb",
        "dynamodb_dax",
        "aurora",
        "rds",
        "elasticache",
        "opensearch",
        "neptune",
        "timestream",
        "keyspaces",
    } <= ids
    assert {o.id for o in load_domain("messaging").options} >= {
        "sqs",
        "sns",
        "eventbridge",
        "kinesis",
        "msk",
        "mq",
    }
    assert {o.id for o in load_domain("compute").options} >= {
        "lambda",
        "fargate",
        "ecs_ec2",
        "eks_ec2",
        "ec2",
        "batch",
    }
    assert {o.id for o in load_domain("cache").options} >= {
        "client",
        "cdn",
        "api_gateway",
        "elasticache",
    }


def _document():
    return copy.deepcopy(load_package_yaml("wellarch.decide", "options/database.yaml"))


def _broken(change):
    document = _document()
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["options"][0].pop("sources"), r"\$\.options\[0\]\.sources: every entry"),
        (lambda d: d["options"][1]["sources"][0].update(url="http://x"), "https URL"),
        (lambda d: d["options"][0]["access"].pop("graph"), "no fit given for graph"),
        (lambda d: d["options"][0]["access"]["graph"].update(score=7), "score: 0-3"),
        (lambda d: d["options"][0].pop("latency_ms"), "missing \\(criterion 'latency'"),
        (lambda d: d["options"][0].update(latency_ms=[9, 1]), "typical, slow end"),
        (lambda d: d["options"][0].update(max_item_size="lots"), "max_item_size"),
        (lambda d: d["options"][0].update(durable="yes"), "true or false"),
        (lambda d: d["options"][0].update(operations="none"), "one of low, medium, high"),
        (lambda d: d["options"][0].update(consistency=["linearizable"]), "among eventual"),
        (lambda d: d["criteria"][0].update(kind="magic"), "unknown kind"),
        (lambda d: d["criteria"][0].update(requirement="nope"), "requirement declared"),
        (lambda d: d["criteria"][0].update(weight=-1), "weight of zero or more"),
        (lambda d: d["options"][1].update(id="dynamodb"), "unique"),
        (lambda d: d.update(options=d["options"][:1]), "at least two options"),
    ],
)
def test_broken_options_files_are_refused_with_their_path(change, message):
    with pytest.raises(CalcInputError, match=message):
        parse_domain(_broken(change), file="database.yaml")


def test_unknown_domain():
    with pytest.raises(CalcInputError, match="unknown decision domain"):
        load_domain("blockchain")

"""``wellarch workload create`` and ``update``: every field option reaches the workload."""

from __future__ import annotations

import json

import pytest

#: Every test here reads or writes the store: each runs on every back end.
pytestmark = pytest.mark.usefixtures("backend")

EVERY_FIELD = [
    *("--lens", "wellarchitected", "--lens", "interview"),
    *("--environment", "pre-production"),
    *("--description", "Sells things"),
    *("--owner", "Team Cart"),
    *("--region", "eu-west-1", "--region", "us-east-1"),
    *("--industry", "Retail"),
    *("--design-url", "https://wiki.example/shop"),
    *("--notes", "first review"),
    *("--tag", "tier=1", "--tag", "cost-centre="),
    *("--priority", "security", "--priority", "reliability"),
]


def shown(run, name):
    result = run("workload", "show", name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data["lenses"] = [review["alias"] for review in data["lenses"]]
    return data


def test_create_sets_every_field(run):
    result = run("workload", "create", "web-shop", *EVERY_FIELD)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("created workload 'web-shop' (lenses: wellarchitected, interview)\n")
    data = shown(run, "web-shop")
    assert data["lenses"] == ["wellarchitected", "interview"]
    assert data["environment"] == "pre-production"
    assert (data["description"], data["owner"]) == ("Sells things", "Team Cart")
    assert data["regions"] == ["eu-west-1", "us-east-1"]
    assert data["industry"] == "Retail"
    assert data["architectural_design"] == "https://wiki.example/shop"
    assert data["notes"] == "first review"
    assert data["tags"] == {"tier": "1", "cost-centre": ""}
    assert data["pillar_priorities"] == ["security", "reliability"]


def test_create_defaults(run):
    assert run("workload", "create", "web-shop").exit_code == 0
    data = shown(run, "web-shop")
    assert data["lenses"] == ["wellarchitected"] and data["environment"] == "production"
    assert data["regions"] == [] and data["tags"] == {} and data["pillar_priorities"] == []


def test_update_replaces_the_lists_given_and_keeps_the_others(run):
    assert run("workload", "create", "web-shop", *EVERY_FIELD).exit_code == 0
    before = shown(run, "web-shop")
    result = run("workload", "update", "web-shop", "--tag", "tier=2", "--priority", "cost")
    assert result.exit_code == 1  # no such pillar: nothing changes
    assert shown(run, "web-shop") == before
    result = run(
        "workload",
        "update",
        "web-shop",
        *("--tag", "tier=2", "--priority", "costOptimization", "--lens", "wellarchitected"),
        *("--environment", "production", "--industry", "Books", "--notes", ""),
    )
    assert result.exit_code == 0, result.output
    after = shown(run, "web-shop")
    assert after["tags"] == {"tier": "2"}
    assert after["pillar_priorities"] == ["costOptimization"]
    assert after["lenses"] == ["wellarchitected"]
    assert (after["environment"], after["industry"], after["notes"]) == ("production", "Books", "")
    kept = ("regions", "description", "owner", "architectural_design")
    assert {key: after[key] for key in kept} == {key: before[key] for key in kept}


@pytest.mark.parametrize("command", ["create", "update"])
def test_a_tag_without_a_key_is_a_one_line_error(run, command):
    if command == "update":
        assert run("workload", "create", "web-shop").exit_code == 0
    result = run("workload", command, "web-shop", "--tag", "tier")
    assert result.exit_code == 1
    assert result.stderr == "error: tag 'tier' must look like KEY=VALUE\n"

"""The calculators and decision helpers in the browser: /tools and everything under it.

In-process tests of every route (good input, the exact figures the CLI prints, and bad input
shown again with the library's message and status 422), and one end-to-end test in Chromium.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from wellarch.calc import analyse, parse_expression
from wellarch.web.decisions import MAX_MATRIX

FIXTURES = Path(__file__).parents[1] / "fixtures" / "decide"
MATRIX_PAGE = "/tools/decide/matrix"
DATABASE = {
    "qps": "100000",
    "latency_ms": "10",
    "consistency": "eventual",
    "access": "key-value",
    "read_write": "9:1",
    "item_size": "4KB",
}


def text_of(response) -> str:
    """The page's text: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def field_error(response, name: str) -> str:
    match = re.search(rf'<p class="tool-error" id="{name}-error">([^<]*)</p>', response.text)
    assert match, f"no error beside {name}"
    return html.unescape(match.group(1))


def row(response, attribute: str, value: str) -> str:
    match = re.search(rf'<tr {attribute}="{re.escape(value)}"[^>]*>(.*?)</tr>', response.text, re.S)
    assert match, f"no row {attribute}={value}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


# --- the hub --------------------------------------------------------------------------------


def test_the_hub_lists_every_tool(client):
    response = client.get("/tools")
    assert response.status_code == 200
    for url in (
        "/tools/downtime",
        "/tools/availability",
        "/tools/slo",
        "/tools/capacity",
        "/tools/dr",
        "/tools/decide/database",
        "/tools/decide/messaging",
        "/tools/decide/compute",
        "/tools/decide/cache",
        "/tools/decide/matrix",
    ):
        assert f'href="{url}"' in response.text
    assert 'href="/tools" aria-current="page"' in response.text
    assert "/static/tools.css" in response.text


def test_every_example_on_the_hub_works(client):
    hub = client.get("/tools").text
    examples = re.findall(r'Try: <a href="([^"]+)"', hub)
    assert len(examples) == 10
    for url in examples:
        response = client.get(html.unescape(url))
        assert response.status_code == 200, url
        assert 'id="result"' in response.text or "example" in url, url


def test_tool_pages_need_no_inline_script_or_style(client):
    for url in (
        "/tools",
        "/tools/downtime?availability=99.9",
        "/tools/availability?expression=alb",
        "/tools/slo?target=99.9",
        "/tools/capacity?users=1M&requests_per_user=3",
        "/tools/dr?rto=1h&rpo=1h",
        "/tools/decide/cache?content=static",
        MATRIX_PAGE,
    ):
        page = client.get(url).text
        assert "<script>" not in page and " style=" not in page and "<style" not in page, url
        assert " onclick=" not in page, url


# --- downtime -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("availability", "year", "nines"),
    [("99.99", "52m 35.7s", "4.00 nines"), ("99.9", "8h 45m 57s", "3.00 nines")],
)
def test_downtime_budget_figures(client, availability, year, nines):
    response = client.get("/tools/downtime", params={"availability": availability})
    assert response.status_code == 200
    assert row(response, "data-period", "year").startswith(f"Year {year}")
    assert nines in text_of(response)


def test_downtime_of_every_period(client):
    response = client.get("/tools/downtime?availability=99.95%25")
    assert row(response, "data-period", "month") == "Month 21m 54.9s 1,314.90"
    assert row(response, "data-period", "day") == "Day 43.2s 43.20"
    assert 'data-result="percent">99.95%<' in response.text


def test_downtime_worked_backwards(client):
    response = client.get("/tools/downtime", params={"downtime": "8h 45m 57s", "per": "year"})
    assert response.status_code == 200
    assert "8h 45m 57s per year of downtime is" in text_of(response)
    assert 'data-result="percent">99.9%<' in response.text


def test_downtime_without_input_shows_common_targets(client):
    assert client.get("/tools/downtime?per=month").status_code == 200
    response = client.get("/tools/downtime")
    assert response.status_code == 200
    assert "No target yet" in response.text
    assert 'href="/tools/downtime?availability=99.999"' in response.text
    assert "5m 15.5s" in response.text  # 99.999 % a year


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"availability": "101"}, "availability", "availability 101 is above 100%"),
        ({"availability": "abc"}, "availability", "cannot read 'abc' as an availability"),
        ({"availability": "-5"}, "availability", "availability -5 is negative"),
        ({"availability": ""}, "availability", "give an availability"),
        ({"availability": "99.9", "downtime": "4h"}, "availability", "not both"),
        ({"downtime": "4"}, "downtime", "add a unit, such as 4s or 4m"),
        ({"downtime": "2d", "per": "day"}, "downtime", "is longer than a day"),
        ({"downtime": "1h", "per": "decade"}, "per", "'decade' is not one of year, quarter"),
    ],
)
def test_downtime_bad_input(client, params, field, message):
    response = client.get("/tools/downtime", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert 'aria-invalid="true"' in response.text
    assert 'id="result"' not in response.text


def test_an_overlong_value_is_refused(client):
    response = client.get("/tools/downtime", params={"availability": "9" * 3000})
    assert response.status_code == 422
    assert "too long" in field_error(response, "availability")


# --- SLO ------------------------------------------------------------------------------------


def test_slo_error_budget_and_alerts(client):
    params = {"target": "99.9", "window": "30d", "requests": "300M"}
    response = client.get("/tools/slo", params=params)
    assert response.status_code == 200
    assert 'data-result="outage">43m 12s<' in response.text
    assert 'data-result="failed">300,000<' in response.text
    page = text_of(response)
    assert "page 2% 1h / 5m 14.4 1.44% 2d 2h" in page
    assert "page 5% 6h / 30m 6 0.6% 5d" in page
    assert "ticket 10% 3d / 6h 1 0.1% 30d" in page
    assert "https://sre.google/workbook/alerting-on-slos/" in response.text


def test_slo_window_defaults_to_30_days(client):
    response = client.get("/tools/slo")
    assert response.status_code == 200
    assert 'name="window" value="30d"' in response.text
    assert "No SLO yet" in response.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"target": "100", "window": "30d"}, "target", "Target must be above 0% and below 100%"),
        ({"target": "high", "window": "30d"}, "target", "cannot read 'high'"),
        ({"target": "99.9", "window": "a month"}, "window", "cannot read 'a month'"),
        ({"target": "", "window": "30d"}, "target", "give the SLO target"),
        ({"target": "99.9", "window": "30d", "requests": "0"}, "requests", "Requests must be"),
    ],
)
def test_slo_bad_input(client, params, field, message):
    response = client.get("/tools/slo", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)


# --- availability ---------------------------------------------------------------------------


def test_composite_availability(client):
    expression = "alb * (3 x ec2_instance) * rds_multi_az"
    response = client.get("/tools/availability", params={"expression": expression})
    assert response.status_code == 200
    expected = analyse(parse_expression(expression)).budget
    assert f'data-result="percent">{expected.percent()}<' in response.text
    assert 'data-result="percent">99.94%<' in response.text
    page = text_of(response)
    assert "3.22 nines" in page
    assert 'data-result="year">5h 15m 36s<' in response.text
    assert 'data-result="month">26m 18s<' in response.text
    assert "alb 99.99% 52m 35.7s 99.95% overall" in page
    assert "3 x ec2_instance 99.9999875% 3.9s 99.94% overall" in page
    assert "rds_multi_az weakest 99.95% 4h 22m 58s 99.99% overall" in page
    assert "rds_multi_az: 99.95% SLA, Amazon RDS" in page
    assert "https://aws.amazon.com/rds/sla/" in response.text


def test_the_sla_names_are_listed_with_sources(client):
    response = client.get("/tools/availability")
    assert response.status_code == 200
    assert "Describe an architecture" in response.text
    assert "<code>dynamodb_global</code>" in response.text
    assert 'href="https://aws.amazon.com/dynamodb/sla/"' in response.text
    assert "(planning assumption)" in response.text  # the az entry


def test_own_components(client):
    params = {"expression": "web * db", "components": "web=99.5%\r\ndb=rds_multi_az\r\n"}
    response = client.get("/tools/availability", params=params)
    assert response.status_code == 200
    assert "web weakest 99.5% 1d 19h 49m 48s" in text_of(response)
    assert "db: 99.95% SLA" in text_of(response)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"expression": "alb * * rds_multi_az"},
            "expression",
            "at character 7: expected a number, a name or '(', found '*'",
        ),
        (
            {"expression": "alb * rds_multiaz"},
            "expression",
            "unknown component 'rds_multiaz' (did you mean rds_multi_az",
        ),
        ({"expression": "alb * db | web"}, "expression", "cannot mix without parentheses"),
        ({"expression": ""}, "expression", "type an expression"),
        ({"expression": "web", "components": "web"}, "components", "expected NAME=VALUE"),
        (
            {"expression": "web", "components": "web=nope"},
            "components",
            "Component web: unknown SLA name 'nope'",
        ),
    ],
)
def test_availability_bad_input(client, params, field, message):
    response = client.get("/tools/availability", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert 'id="result"' not in response.text


def test_the_problem_in_an_expression_is_pointed_at(client):
    response = client.get("/tools/availability", params={"expression": "alb * rds_multiaz * s3"})
    assert response.status_code == 422
    assert "alb * <mark>rds_multiaz</mark> * s3" in response.text
    response = client.get("/tools/availability", params={"expression": "(alb"})
    assert "(alb<mark> </mark>" in response.text


def test_expressions_are_escaped(client):
    response = client.get("/tools/availability", params={"expression": "<script>alert(1)"})
    assert response.status_code == 422
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


# --- capacity -------------------------------------------------------------------------------


def test_capacity_with_its_working(client):
    response = client.get("/tools/capacity", params={"users": "10M", "requests_per_user": "50"})
    assert response.status_code == 200
    assert row(response, "data-key", "daily_requests") == (
        "Requests per day 500M (500,000,000) users × requests per user = 10M × 50"
    )
    assert row(response, "data-key", "peak_qps") == (
        "Peak QPS 17,361/s average QPS × peak factor = 5,787 × 3"
    )
    assert row(response, "data-key", "cores") == (
        "CPU cores at peak 35 ⌈peak QPS ÷ requests per core⌉ = ⌈17,361 ÷ 500⌉"
    )
    assert "Assumed (defaults): memory per user 1KB, object size 2KB" in text_of(response)


def test_capacity_with_growth(client):
    params = {
        "users": "10M",
        "requests_per_user": "50",
        "storage_per_user": "2MB",
        "replication": "3",
        "growth": "40%/year",
        "years": "3",
    }
    response = client.get("/tools/capacity", params=params)
    assert response.status_code == 200
    assert row(response, "data-key", "storage_bytes").startswith("Storage to plan for 165 TB")
    assert "storage per user 2MB" not in text_of(response)  # given, not assumed


def test_capacity_without_input(client):
    response = client.get("/tools/capacity")
    assert response.status_code == 200
    assert "No estimate yet" in response.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"users": "lots", "requests_per_user": "5"}, "users", "cannot read 'lots' as a number"),
        ({"users": "0", "requests_per_user": "5"}, "users", "Daily active users must be more"),
        ({"users": "", "requests_per_user": "5"}, "users", "give the number of daily active"),
        (
            {"users": "1M", "requests_per_user": "5", "growth": "40%"},
            "growth",
            "Growth needs years: how many years of growth",
        ),
        (
            {"users": "1M", "requests_per_user": "5", "peak_factor": "0.5"},
            "peak_factor",
            "Peak factor must be 1 or more",
        ),
        (
            {"users": "1M", "requests_per_user": "5", "read_write": "9"},
            "read_write",
            "cannot read '9' as a ratio",
        ),
    ],
)
def test_capacity_bad_input(client, params, field, message):
    response = client.get("/tools/capacity", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)


# --- disaster recovery ----------------------------------------------------------------------


def test_dr_strategy(client):
    response = client.get("/tools/dr", params={"rto": "15m", "rpo": "1m"})
    assert response.status_code == 200
    assert 'data-result="strategy">Warm standby<' in response.text
    assert re.search(r'<tr data-strategy="warm_standby" class="is-chosen"', response.text)
    assert row(response, "data-strategy", "warm_standby").startswith("Warm standby chosen")
    assert "too slow RTO at best 1h; RPO at best 1h" in row(
        response, "data-strategy", "backup_restore"
    )
    page = text_of(response)
    assert "A cheaper pilot light could meet it only at the fast end of its range" in page
    assert "replication Continuous asynchronous replication" in page


def test_dr_at_the_edge(client):
    response = client.get("/tools/dr", params={"rto": "0s", "rpo": "0s"})
    assert response.status_code == 200
    assert "No strategy meets these objectives comfortably" in response.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"rto": "15x", "rpo": "1m"}, "rto", "cannot read '15x' as a duration"),
        ({"rto": "15m", "rpo": "soon"}, "rpo", "cannot read 'soon' as a duration"),
        ({"rto": "-1h", "rpo": "1m"}, "rto", "'-1h' is negative"),
        ({"rto": "", "rpo": "1m"}, "rto", "give the recovery time objective"),
    ],
)
def test_dr_bad_input(client, params, field, message):
    response = client.get("/tools/dr", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)


# --- decision helpers -----------------------------------------------------------------------


def test_database_decision(client):
    response = client.get("/tools/decide/database", params=DATABASE)
    assert response.status_code == 200
    assert 'data-result="winner">Amazon DynamoDB<' in response.text
    page = text_of(response)
    assert "Score 92.5 of 100" in page
    assert "Access pattern (weight 3) : key-value: built for it" in page
    assert row(response, "data-option", "dynamodb").startswith("1 Amazon DynamoDB")
    assert "Durability: no" in row(response, "data-excluded", "elasticache")
    assert "Sensitivity: Amazon DynamoDB leads Amazon DynamoDB with DAX by 0.5" in page
    assert "a close call" in page
    assert "What if you need complex queries later?" in page
    assert f'href="/tools/decide/database/adr?{html.escape(urlencode(DATABASE))}"' in (
        response.text
    )


def test_database_adr_download(client):
    response = client.get("/tools/decide/database/adr", params=DATABASE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert 'filename="adr-database.md"' in response.headers["content-disposition"]
    assert response.text.startswith("# ADR: Database - Amazon DynamoDB\n")
    assert "## Consequences" in response.text


@pytest.mark.parametrize(
    ("kind", "params", "winner"),
    [
        (
            "messaging",
            {"pattern": "stream", "throughput": "50k", "ordering": "per-key", "replay": "on"},
            "Amazon Kinesis Data Streams",
        ),
        ("compute", {"traffic": "steady", "gpu": "on"}, "Amazon ECS on EC2"),
        ("cache", {"content": "static"}, "Client cache"),
    ],
)
def test_other_decisions(client, kind, params, winner):
    response = client.get(f"/tools/decide/{kind}", params=params)
    assert response.status_code == 200
    assert f'data-result="winner">{winner}' in response.text
    adr = client.get(f"/tools/decide/{kind}/adr", params=params)
    assert adr.status_code == 200
    assert adr.text.startswith("# ADR: ")


def test_a_decision_form_offers_the_cli_options(client):
    response = client.get("/tools/decide/messaging")
    assert response.status_code == 200
    assert "No requirements yet" in response.text
    for name in ("throughput", "pattern", "ordering", "delivery", "replay", "latency_ms"):
        assert f'name="{name}"' in response.text
    for value in ("aws-api", "kafka", "amqp", "mqtt", "jms", "stomp"):
        assert f'name="protocol" value="{value}"' in response.text


def test_an_empty_optional_form_still_ranks(client):
    response = client.get("/tools/decide/compute", params={"traffic": "", "duration": ""})
    assert response.status_code == 200
    assert 'id="result"' in response.text


@pytest.mark.parametrize(
    ("kind", "params", "field", "message"),
    [
        ("database", {"qps": "abc"}, "qps", "cannot read 'abc' as a number"),
        ("database", {"qps": ""}, "qps", "peak requests per second is required"),
        ("database", {"qps": "1", "consistency": "bogus"}, "consistency", "'bogus' is not one of"),
        ("database", {"qps": "1", "item_size": "big"}, "item_size", "cannot read 'big'"),
        ("database", {"qps": "1", "read_write": "x"}, "read_write", "cannot read 'x'"),
        ("cache", {"staleness": "5m"}, "content", "what is cached is required"),
        ("compute", {"duration": "long"}, "duration", "cannot read 'long' as a duration"),
        (
            "messaging",
            {"latency_ms": "-3"},
            "latency_ms",
            "'-3' must be a latency of zero or more milliseconds",
        ),
    ],
)
def test_decision_bad_input(client, kind, params, field, message):
    response = client.get(f"/tools/decide/{kind}", params=params)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert 'id="result"' not in response.text


def test_unknown_decision_kinds_are_not_found(client):
    for url in ("/tools/decide/queue", "/tools/decide/queue/adr?qps=1"):
        response = client.get(url)
        assert response.status_code == 404
        assert "there is no decision helper 'queue'" in text_of(response)


def test_an_adr_needs_good_requirements(client):
    response = client.get("/tools/decide/database/adr")
    assert response.status_code == 422
    assert "give the requirements first" in response.text
    response = client.get("/tools/decide/database/adr", params={"qps": "many"})
    assert response.status_code == 422
    assert "cannot read &#39;many&#39;" in response.text


# --- decision matrix ------------------------------------------------------------------------


def test_matrix_form_and_example(client):
    response = client.get(MATRIX_PAGE)
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.text
    assert 'enctype="multipart/form-data"' in response.text
    example = client.get(MATRIX_PAGE, params={"example": "true"})
    assert "title: Monitoring and alerting - build or buy" in example.text


def test_matrix_pasted(client):
    text = (FIXTURES / "build-vs-buy.yaml").read_text(encoding="utf-8")
    response = client.submit(MATRIX_PAGE, {"yaml": text, "action": "rank"}, page=MATRIX_PAGE)
    assert response.status_code == 200
    assert 'data-result="winner">Buy a SaaS product<' in response.text
    assert row(response, "data-option", "Buy a SaaS product").startswith("1 Buy a SaaS product")
    assert "lowering the weight of &#39;time to market&#39; from 3 to below 1" in response.text
    assert "title: Monitoring and alerting" in response.text  # the text stays in the box


def test_matrix_uploaded(client):
    data = (FIXTURES / "build-vs-buy.yaml").read_bytes()
    files = {"file": ("build-vs-buy.yaml", data, "application/yaml")}
    response = client.submit(MATRIX_PAGE, {"yaml": ""}, page=MATRIX_PAGE, files=files)
    assert response.status_code == 200
    assert 'data-result="winner">Buy a SaaS product<' in response.text


def test_matrix_adr_download(client):
    text = (FIXTURES / "build-vs-buy.yaml").read_text(encoding="utf-8")
    response = client.submit(MATRIX_PAGE, {"yaml": text, "action": "adr"}, page=MATRIX_PAGE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    disposition = response.headers["content-disposition"]
    assert 'filename="adr-monitoring-and-alerting-build-or-buy.md"' in disposition
    assert response.text.startswith("# ADR: Monitoring and alerting - build or buy\n")
    assert "Sensitivity:" in response.text


def test_malformed_yaml_names_its_line(client):
    text = "title: x\ncriteria:\n  - {name: a, weight: 1\noptions: []\n"
    response = client.submit(MATRIX_PAGE, {"yaml": text}, page=MATRIX_PAGE)
    assert response.status_code == 422
    assert "matrix.yaml:4: not valid YAML" in html.unescape(response.text)
    assert '<span class="tool-lineno">line 4</span>options: []' in response.text
    assert "criteria:" in response.text  # shown again to be fixed


def test_an_invalid_matrix_names_its_path(client):
    data = (FIXTURES / "missing-score.yaml").read_bytes()
    files = {"file": ("missing-score.yaml", data, "application/yaml")}
    response = client.submit(MATRIX_PAGE, {}, page=MATRIX_PAGE, files=files)
    assert response.status_code == 422
    assert re.search(r"missing-score.yaml: \$\.options\[\d\]\.scores: no score for", response.text)


@pytest.mark.parametrize(
    ("data", "files", "status", "message"),
    [
        ({"yaml": "x: " + "y" * MAX_MATRIX}, None, 413, "the matrix is larger than 256 KiB"),
        (
            {},
            {"file": ("big.yaml", b"#" * (MAX_MATRIX + 1), "application/yaml")},
            413,
            "big.yaml is larger than 256 KiB",
        ),
        ({}, {"file": ("m.yaml", b"\xff\xfe", "application/yaml")}, 422, "is not UTF-8 text"),
        ({"yaml": "  \n"}, None, 422, "Paste a decision matrix in YAML"),
        ({"yaml": "- a list"}, None, 422, "expected a YAML mapping at the top"),
    ],
)
def test_matrix_refusals(client, data, files, status, message):
    response = client.submit(MATRIX_PAGE, data, page=MATRIX_PAGE, files=files)
    assert response.status_code == status
    assert message in response.text


def test_matrix_needs_the_csrf_token(client):
    client.get(MATRIX_PAGE)
    response = client.post(MATRIX_PAGE, data={"yaml": "title: x"})
    assert response.status_code == 403


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_availability_and_dr_in_the_browser(page):
    base = page.base
    page.goto(base + "/tools")
    page.get_by_role("link", name="Composite availability").click()
    page.fill("#expression", "alb * (3 x ec2_instance) * rds_multi_az")
    page.get_by_role("button", name="Calculate").click()
    assert "expression=alb" in page.url
    assert page.inner_text('[data-result="percent"]') == "99.94%"
    assert page.inner_text('[data-result="year"]') == "5h 15m 36s"
    assert "rds_multi_az" in page.inner_text("tr.is-weakest")

    page.fill("#expression", "alb * * rds_multi_az")
    page.get_by_role("button", name="Calculate").click()
    assert "at character 7" in page.inner_text("#expression-error")
    assert page.get_attribute("#expression", "aria-invalid") == "true"

    page.goto(base + "/tools/dr")
    page.fill("#rto", "15m")
    page.fill("#rpo", "1m")
    page.get_by_role("button", name="Choose a strategy").click()
    assert page.url.endswith("/tools/dr?rto=15m&rpo=1m")
    assert page.inner_text('[data-result="strategy"]') == "Warm standby"
    chosen = page.locator("tr.is-chosen")
    assert chosen.get_attribute("data-strategy") == "warm_standby"
    assert "meets" in chosen.inner_text()

"""Every lint rule, on real fixture files: a good page passes, each bad page fails one rule."""

from __future__ import annotations

import pytest

from wellarch.content import RULES, Linter, lint_paths

#: bad page → the (line, rule, start of message) of every problem it must produce
EXPECTED = {
    "no-front-matter.md": [(1, "front-matter", "missing front matter")],
    "unclosed-front-matter.md": [(1, "front-matter", "front matter is not closed")],
    "invalid-yaml.md": [(3, "front-matter", "front matter is not valid YAML")],
    "missing-field.md": [
        (9, "front-matter", "missing required field 'summary'"),
        (9, "front-matter", "missing required field 'status'"),
    ],
    "ill-typed.md": [
        (3, "front-matter", "summary: expected non-empty text"),
        (4, "front-matter", "content_type: expected one of"),
        (5, "front-matter", "audience: expected L6 and/or L7, not 'L8'"),
        (6, "front-matter", "difficulty: expected one of"),
        (7, "front-matter", "tags: expected a list"),
        (8, "front-matter", "last_updated: expected a date"),
        (9, "front-matter", 'version: expected text such as "1.0", not 1.0 (quote it'),
        (11, "front-matter", "technical_depth: expected one of"),
        (12, "front-matter", "prerequisites: expected a list"),
    ],
    "unknown-field.md": [
        (11, "front-matter", "unknown field 'sumary' (did you mean 'summary'?)"),
        (12, "front-matter", "field 'title' is given twice (first on line 2)"),
    ],
    "reference-without-type.md": [(11, "front-matter", "missing required field 'reference_type'")],
    "placeholder.md": [
        (13, "placeholder", "leftover placeholder [Topic]"),
        (15, "placeholder", "leftover placeholder [Concept 1]"),
        (19, "placeholder", "leftover placeholder [Component-level description]"),
    ],
    "placeholder-front-matter.md": [(2, "placeholder", "leftover placeholder [Topic]")],
    "broken-link-file.md": [
        (15, "link", "broken link missing-page.md: missing-page.md does not exist"),
        (15, "link", "broken link img/none.png"),
    ],
    "broken-link-anchor.md": [
        (17, "link", "broken link #no-such-heading: no heading #no-such-heading here"),
        (18, "link", "broken link ../good/other-page.md#no-such-section: ../good/other-page.md"),
    ],
    "broken-link-related.md": [(11, "link", "broken link gone.md: gone.md does not exist")],
    "table-empty-cell.md": [(18, "table", "table cell in column 'Meaning' is empty")],
    "table-ragged.md": [
        (18, "table", "table row has 2 cells; the header has 3"),
        (19, "table", "table row has 4 cells; the header has 3"),
    ],
    "example-fails.md": [(17, "example", "runnable example fails: AssertionError: expected 7")],
    "example-timeout.md": [(15, "example", "runnable example did not finish within 1.5 s")],
    "example-not-python.md": [(15, "example", "only python code blocks can be runnable, not sh")],
}


def test_every_rule_has_a_failing_fixture():
    covered = {rule for problems in EXPECTED.values() for _, rule, _ in problems}
    assert covered == set(RULES)


def test_the_good_pages_pass_every_rule(content_fixtures):
    report = lint_paths([content_fixtures / "good"])
    assert report.lines() == []
    assert (report.files, report.examples, report.ok) == (2, 1, True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_page_fails_its_rule(content_fixtures, name):
    path = content_fixtures / "bad" / name
    report = Linter(timeout=1.5).lint([path])
    got = [(issue.line, issue.rule, issue.message) for issue in report.issues]
    expected = EXPECTED[name]
    assert len(got) == len(expected), report.lines()
    for (line, rule, message), (want_line, want_rule, want_start) in zip(
        got, expected, strict=True
    ):
        assert (line, rule) == (want_line, want_rule), report.lines()
        assert message.startswith(want_start), message
    assert all(issue.file == str(path) for issue in report.issues)
    assert report.lines()[0].startswith(f"{path}:{expected[0][0]}: ")


def test_every_fixture_in_the_bad_directory_is_covered(content_fixtures):
    assert {p.name for p in (content_fixtures / "bad").glob("*.md")} == set(EXPECTED)


def test_no_run_skips_examples_but_keeps_static_rules(content_fixtures):
    bad = content_fixtures / "bad"
    report = Linter(run=False).lint([bad / "example-fails.md", bad / "example-not-python.md"])
    assert [issue.rule for issue in report.issues] == ["example"]
    assert report.examples == 1 and not report.examples_run


def test_a_missing_path_is_an_input_error(tmp_path):
    from wellarch.errors import InputError

    with pytest.raises(InputError, match="no such file or directory"):
        lint_paths([tmp_path / "nope.md"])


def test_an_unreadable_page_is_reported(tmp_path):
    page = tmp_path / "binary.md"
    page.write_bytes(b"\xff\xfe\x00garbage")
    report = lint_paths([page])
    assert report.issues[0].rule == "front-matter"
    assert report.issues[0].message.startswith("cannot read")


def test_issues_are_sorted_by_file_and_line(content_fixtures):
    report = Linter(run=False).lint([content_fixtures / "bad"])
    keys = [(issue.file, issue.line) for issue in report.issues]
    assert keys == sorted(keys)

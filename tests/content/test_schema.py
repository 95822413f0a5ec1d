"""Front matter: every required field, every type, located at the field's line."""

from __future__ import annotations

from datetime import date

import pytest

from wellarch.content.schema import REQUIRED, FrontMatter, read_front_matter

VALID = """\
title: Caching layers
summary: Where to cache and how to invalidate.
content_type: reference
audience: [L6, L7]
difficulty: advanced
tags: [caching, performance]
last_updated: 2025-01-20
version: "1.1"
status: published
reference_type: patterns
"""


def read(text: str):
    return read_front_matter(text, file="p.md", first_line=2, end_line=20)


def test_a_valid_front_matter_is_typed():
    meta, issues = read(VALID)
    assert issues == []
    assert isinstance(meta, FrontMatter)
    assert meta.audience == ("L6", "L7")
    assert meta.tags == ("caching", "performance")
    assert meta.last_updated == date(2025, 1, 20)
    assert meta.version == "1.1"
    assert meta.reference_type == "patterns"
    assert meta.prerequisites == () and meta.technical_depth is None


def test_a_quoted_date_and_optional_fields_are_accepted():
    text = VALID.replace("2025-01-20", '"2025-01-21"') + (
        "prerequisites: [a.md]\nlearning_objectives: [Know it]\nrelated_content: []\n"
        "technical_depth: platform\ninterview_focus: mixed\n"
    )
    meta, issues = read(text)
    assert issues == []
    assert meta is not None
    assert meta.last_updated == date(2025, 1, 21)
    assert meta.interview_focus == "mixed" and meta.related_content == ()


@pytest.mark.parametrize("field", REQUIRED)
def test_every_required_field_is_required(field):
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith(f"{field}:"))
    meta, issues = read(text)
    assert meta is None
    assert [i.format() for i in issues] == [
        f"p.md:20: missing required field {field!r} [front-matter]"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("content_type: essay", "content_type: expected one of"),
        ("audience: L6", "audience: expected a list"),
        ("audience: []", "audience: expected at least one item"),
        ("audience: [L6, L6]", "audience: a level is listed twice"),
        ("difficulty: 3", "difficulty: expected one of"),
        ("tags: [ok, 3]", "tags: every item must be non-empty text, not 3"),
        ("last_updated: 2025-13-01", "last_updated: expected a date"),
        ("version: 2", "version: expected text"),
        ("version: v1", "version: expected text"),
        ("status: live", "status: expected one of"),
        ("title: [a, b]", "title: expected non-empty text"),
        ("summary:", "summary: expected non-empty text"),
    ],
)
def test_ill_typed_fields_are_reported_on_their_line(line, expected):
    field = line.split(":")[0]
    lines = VALID.splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith(f"{field}:"))
    lines[index] = line
    meta, issues = read("\n".join(lines))
    assert meta is None
    assert len(issues) == 1, issues
    assert issues[0].line == index + 2
    assert issues[0].message.startswith(expected)


def test_a_null_optional_field_is_absent():
    meta, issues = read(VALID + "technical_depth:\n")
    assert issues == [] and meta is not None and meta.technical_depth is None


def test_reference_type_is_required_on_references_only():
    text = "\n".join(line for line in VALID.splitlines() if "reference_type" not in line)
    _, issues = read(text)
    assert "reference_type" in issues[0].message
    meta, issues = read(text.replace("content_type: reference", "content_type: guide"))
    assert issues == [] and meta is not None


def test_front_matter_that_is_not_a_mapping():
    meta, issues = read("- a\n- b\n")
    assert meta is None
    assert issues[0].message == "front matter must be a mapping of field: value"

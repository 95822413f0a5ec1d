from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from wellarch.lens import dump_lens, lens_to_document, read_lens_file, validate_document
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.lens.validation import _NONE_TITLES


def test_export_of_an_imported_lens_is_the_same_document(lens_file):
    lens = read_lens_file(lens_file).lens
    assert lens_to_document(lens) == json.loads(lens_file.read_text())


def test_import_export_import_is_identical(lens_file, tmp_path):
    first = read_lens_file(lens_file).lens
    out = tmp_path / "exported.json"
    out.write_text(dump_lens(first))
    second = read_lens_file(out).lens
    assert second == first
    assert dump_lens(second) == dump_lens(first)


def test_builtin_lenses_round_trip(tmp_path):
    source = BuiltinLensSource()
    for alias in source.aliases():
        lens = source.get(alias).lens
        out = tmp_path / f"{alias}.json"
        out.write_text(dump_lens(lens))
        assert len(out.read_text()) <= 500_000
        assert read_lens_file(out).lens == lens


def test_lenient_import_exports_a_strictly_valid_lens(fixtures, tmp_path):
    lens = read_lens_file(fixtures / "lenses" / "published-quirks.json", lenient=True).lens
    out = tmp_path / "clean.json"
    out.write_text(dump_lens(lens))
    # The None choice without _no and the missing default stay deviations AWS tolerates.
    result = validate_document(json.loads(out.read_text()), lenient=True)
    assert result.lens == lens


def test_export_falls_back_to_compact_json_near_the_limit():
    from tests.lens.test_validation import _lens_at

    lens = validate_document(_lens_at(10, 20, 15)).lens
    text = dump_lens(lens)
    assert len(text) <= 500_000 or "\n " not in text


# A choice titled like "None of these" (any case) is the None choice and needs an id ending in
# "_no": those titles are validated elsewhere, not free titles.
TITLES = st.text(min_size=1, max_size=128).filter(
    lambda t: t.strip() and t.strip().casefold() not in _NONE_TITLES
)


@settings(max_examples=50)
@given(titles=st.lists(TITLES, min_size=1, max_size=5))
def test_any_valid_titles_round_trip(
    titles,
):
    doc = {
        "schemaVersion": "2021-11-01",
        "name": titles[0],
        "pillars": [
            {
                "id": "pillar_one",
                "name": titles[-1],
                "questions": [
                    {
                        "id": f"question_{i}",
                        "title": title,
                        "choices": [
                            {
                                "id": "choice_a",
                                "title": title,
                                "improvementPlan": {"displayText": title},
                            }
                        ],
                        "riskRules": [
                            {"condition": "choice_a", "risk": "NO_RISK"},
                            {"condition": "default", "risk": "HIGH_RISK"},
                        ],
                    }
                    for i, title in enumerate(titles)
                ],
            }
        ],
    }
    lens = validate_document(doc).lens
    assert lens is not None
    again = validate_document(json.loads(dump_lens(lens))).lens
    assert again == lens

from __future__ import annotations

import pytest

from wellarch.errors import InputError, LensError
from wellarch.lens.reader import parse_lens_bytes, read_lens_file


def test_reads_a_valid_file(lens_file):
    loaded = read_lens_file(lens_file)
    assert loaded.lens.question_count == 2 and loaded.warnings == []


def test_json_syntax_error_names_file_and_line(fixtures):
    path = fixtures / "lenses" / "not-json.json"
    with pytest.raises(InputError) as info:
        read_lens_file(path)
    assert str(info.value) == (f"{path}:3: not valid JSON: Expecting ',' delimiter (column 18)")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_lens_file(tmp_path / "absent.json")
    with pytest.raises(InputError, match="is a directory"):
        read_lens_file(tmp_path)


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b'{"name": "' + b"x" * (50 * 1024 * 1024) + b'"}')
    with pytest.raises(InputError, match="is 52,428,812 bytes; a lens may have at most 500,000"):
        read_lens_file(big)


def test_file_over_500000_characters_is_refused():
    data = b'{"name": "' + b"x" * 500_000 + b'"}'
    with pytest.raises(InputError, match="is 500,012 characters"):
        parse_lens_bytes(data, source="long.json")


def test_binary_garbage():
    with pytest.raises(InputError, match=r"long.bin: not UTF-8 text \(byte 0xff at offset 1\)"):
        parse_lens_bytes(b"{\xff\xfe\x00garbage", source="long.bin")


def test_deeply_nested_json():
    with pytest.raises(InputError, match="nested too deeply"):
        parse_lens_bytes(b"[" * 200_000 + b"]" * 200_000, source="deep.json")


def test_nan_is_an_error_in_strict_mode():
    data = b'{"schemaVersion": "2021-11-01", "name": NaN, "pillars": []}'
    with pytest.raises(LensError) as info:
        parse_lens_bytes(data, source="nan.json")
    assert info.value.lines()[0] == (
        "nan.json: $.name: NaN is not valid JSON text (treated as missing)"
    )


def test_utf8_bom_is_accepted(lens_file):
    loaded = parse_lens_bytes(b"\xef\xbb\xbf" + lens_file.read_bytes(), source="bom.json")
    assert loaded.lens.name == "Minimal team lens"

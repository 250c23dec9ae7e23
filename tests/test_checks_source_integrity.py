"""The `source-integrity` check: the source text is the file sources.csv and the descriptor describe."""
from __future__ import annotations

import hashlib

from tests.test_checks_support import problems_of, read, validate_copy, write

SOURCES = "resources/sources.csv"
DESCRIPTOR = "datapackage.json"


def source_file(root):
    _, rows = read(root, "sources")
    return root / rows[0]["path"], rows


def test_editing_one_character_of_the_source_breaks_its_checksum(package_copy):
    path, _ = source_file(package_copy)
    text = path.read_text(encoding="utf-8")
    position = next(i for i, char in enumerate(text) if "\u4e00" <= char <= "\u9fff")  # first Chinese character
    other = "一" if text[position] != "一" else "二"   # same UTF-8 size: only the content changes
    path.write_text(text[:position] + other + text[position + 1:], encoding="utf-8")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    code, report = validate_copy(package_copy, ["source-integrity"])
    found = {(p["code"], p["file"], p["row"], p["column"], p["expected"]) for p in problems_of(report)}
    assert code == 1 and found == {
        ("source-integrity.sha256-mismatch", SOURCES, 2, "sha256", actual),
        ("source-integrity.declared-sha256-mismatch", DESCRIPTOR, None, "sources[0].sha256", actual)}


def test_a_wrong_character_count_is_named(package_copy):
    header, rows = read(package_copy, "sources")
    rows[0]["char_count"] = str(int(rows[0]["char_count"]) + 1)
    write(package_copy, "sources", header, rows)
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["file"], p["row"], p["column"], p["row_id"]) for p in problems_of(report)]
    assert code == 1 and found == [("source-integrity.char-count-mismatch", SOURCES, 2, "char_count", rows[0]["id"])]


def test_a_byte_order_mark_is_named(package_copy):
    path, _rows = source_file(package_copy)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, report = validate_copy(package_copy, ["source-integrity"])
    assert code == 1
    bom = [(p["file"], p["row"], p["column"]) for p in problems_of(report) if p["code"] == "source-integrity.bom"]
    assert bom == [(SOURCES, 2, "path")]


def test_a_missing_source_is_named(package_copy):
    path, rows = source_file(package_copy)
    path.unlink()
    code, report = validate_copy(package_copy, ["source-integrity"])
    found = [(p["code"], p["file"], p["row"], p["column"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("source-integrity.unreadable", SOURCES, 2, "path", rows[0]["path"])]

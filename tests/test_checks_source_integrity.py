"""The `source-integrity` check: the source text is the file sources.csv and the descriptor describe."""
from __future__ import annotations

from tests.test_checks_support import group, read, validate_json, write

SOURCES = "resources/sources.csv"


def source_file(root):
    _, rows = read(root, "sources")
    return root / rows[0]["path"], rows


def test_editing_one_character_of_the_source_breaks_its_checksum(package_copy):
    path, _ = source_file(package_copy)
    text = path.read_text(encoding="utf-8")
    position = next(i for i, char in enumerate(text) if "\u4e00" <= char <= "\u9fff")  # first Chinese character
    other = "一" if text[position] != "一" else "二"   # same UTF-8 size: only the content changes
    path.write_text(text[:position] + other + text[position + 1:], encoding="utf-8")
    code, report = validate_json(package_copy)
    assert code == 1
    problems = group(report, "source-integrity")["problems"]
    assert any(p["file"] == SOURCES and p["row"] == 2 and p["column"] == "sha256" for p in problems)
    assert any(p["file"] == "datapackage.json" and p["column"].endswith(".sha256") for p in problems)
    others = [p for entry in report["checks"] if entry["name"] != "source-integrity"
              for p in entry["problems"] if p["file"] == SOURCES and p["row"] == 2]
    assert not others


def test_a_wrong_character_count_is_named(package_copy):
    header, rows = read(package_copy, "sources")
    rows[0]["char_count"] = str(int(rows[0]["char_count"]) + 1)
    write(package_copy, "sources", header, rows)
    code, report = validate_json(package_copy)
    assert code == 1
    hits = [p for p in group(report, "source-integrity")["problems"] if p["column"] == "char_count"]
    assert hits and hits[0]["row"] == 2 and hits[0]["row_id"] == rows[0]["id"]


def test_a_byte_order_mark_is_named(package_copy):
    path, _ = source_file(package_copy)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, report = validate_json(package_copy, "--check", "source-integrity")
    assert code == 1
    assert any("byte-order mark" in p["message"] for p in group(report, "source-integrity")["problems"])

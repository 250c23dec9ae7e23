"""The `text-form` check: no character outside the BMP, NFC, LF only — in every source text.

Each test appends characters to the end of the source and, unless they are whitespace (a gap
segments may leave), to the last segment, whose span ends there; it records the file's new
checksum, sizes and line count in sources.csv and the descriptor, so that the source is
consistent in every other respect and only text-form may fail.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import PACKAGE_ROOT
from tests.test_checks_support import assert_only_rule, problems_of, read, refresh_descriptor, validate_copy, write

SOURCES = "resources/sources.csv"


def append_to_source(root: Path, added: str) -> int:
    """Append `added` to the source (and its last segment), update sources.csv; the row number."""
    header, rows = read(root, "sources")
    source = rows[0]
    path = root / source["path"]
    text = path.read_text(encoding="utf-8") + added
    path.write_bytes(text.encode("utf-8"))
    seg_header, segments = read(root, "segments")
    if added.strip():
        last = max((s for s in segments if s["source_id"] == source["id"]), key=lambda s: int(s["char_end"]))
        last["quote"] += added
        last["char_end"] = str(len(text))
        write(root, "segments", seg_header, segments, refresh=False)
    data = text.encode("utf-8")
    source.update(sha256=hashlib.sha256(data).hexdigest(), byte_count=str(len(data)),
                  char_count=str(len(text)), line_count=str(text.count("\n")))
    write(root, "sources", header, rows, refresh=False)
    refresh_descriptor(root)
    return 2


@pytest.mark.parametrize("added, rule", [
    ("\U00020000", "text-form.astral"),   # CJK Extension B: two UTF-16 units
    ("\uf900", "text-form.not-nfc"),      # a compatibility ideograph NFC replaces
    ("\r\n", "text-form.cr"),
])
def test_a_source_breaking_the_text_form_is_named(package_copy, added, rule):
    row = append_to_source(package_copy, added)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, rule, SOURCES, row=row, column="path")
    assert [p["code"] for p in problems_of(report)] == [rule]


def test_the_package_source_has_the_text_form():
    code, report = validate_copy(PACKAGE_ROOT, ["text-form"])
    assert code == 0, report

"""The `text-form` check: offsets into a source mean the same characters in every language.

`char_start`/`char_end` count code points (Python). JavaScript counts UTF-16 code units, so
the two agree only when no character lies outside the Basic Multilingual Plane; annotation
tools re-find a TextQuoteSelector after normalising, so the text must already be NFC; and a
CR before LF would be one more character to some readers and none to others. A source that
breaks one of these has to be converted (and the conversion documented) before it is used.
"""
from __future__ import annotations

import re
import unicodedata

from dataset_tools.model import Package
from dataset_tools.validate.checks.common import require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "text-form"
CODES = declare({
    "text-form.astral": "a source text has a character outside the Basic Multilingual Plane "
                        "(JavaScript counts it as two)",
    "text-form.not-nfc": "a source text is not Unicode NFC",
    "text-form.cr": "a source text has a CR character (line ends must be LF only)",
})


ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def first_astral(text: str) -> int | None:
    """Offset of the first character outside the BMP (above U+FFFF), or None."""
    match = ASTRAL.search(text)
    return match.start() if match else None


def first_not_nfc(text: str) -> int | None:
    """Offset of the first character that NFC normalisation would change, or None."""
    if unicodedata.is_normalized("NFC", text):
        return None
    normal = unicodedata.normalize("NFC", text)
    return next((i for i, (a, b) in enumerate(zip(text, normal, strict=False)) if a != b), min(len(text), len(normal)))


def where(text: str, offset: int) -> str:
    """'line L, character C' (both 1-based) of an offset, and the character's code point."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    shown = f" (U+{ord(text[offset]):04X})" if offset < len(text) else ""
    return f"line {line}, character {column}{shown}"


@check(NAME)
def text_form(package: Package) -> list[Problem]:
    """Each source text has only Basic Multilingual Plane characters, is Unicode NFC, and ends its lines with LF only
    (no CR)."""
    table = require(package, "sources")
    if table is None:
        return []
    problems = []
    for row in table.rows:
        source = package.sources.get(row.id)
        if source is None or source.text is None or source.file != row.get("path", ""):
            continue  # unreadable or duplicated: the source-integrity or table check reports it
        text = source.text
        for code, found, rule, expected in (
                ("text-form.astral", first_astral(text), "a character outside the Basic Multilingual Plane "
                 "(JavaScript counts it as two)", "BMP only"),
                ("text-form.not-nfc", first_not_nfc(text), "text that is not NFC-normalised", "NFC"),
                ("text-form.cr", text.find("\r") if "\r" in text else None, "a CR line end", "LF only")):
            if found is not None:
                problems.append(problem(code, f"{source.file} has {rule} at {where(text, found)}", file=table.file,
                                        row=row, column="path", found=repr(text[found]) if found < len(text) else "",
                                        expected=expected))
    return problems

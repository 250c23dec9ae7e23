"""The `english-labels` check: an English label names only terms and numbers of its own row's Chinese.

Each test breaks a copy of the package in one way, runs every check in process, and asserts that
the check alone names the row and column. Rows are picked by their properties, not their values.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dataset_tools.model import read_package
from dataset_tools.validate.checks.english_labels import verb_stems, written_forms
from tests.test_checks_support import assert_only_rule, read, row_number, validate_copy, write

ACTIONS = "resources/actions.csv"
DIGITS = re.compile(r"\d")


def renderings(root: Path, names_only: bool = False) -> dict[str, str]:
    """Glossary renderings the check reads (lower case) -> their Chinese term: of two or more words, or of one
    capitalised word (a name; with `names_only`, only these)."""
    _, terms = read(root, "glossary")
    return {term["term_en"].lower(): term["term_zh"] for term in terms if not term["context"]
            and ((term["term_en"][:1].isupper() and " " not in term["term_en"].strip())
                 or (not names_only and len(term["term_en"].split()) >= 2))}


def rendering_forms(root: Path) -> dict[str, set[str]]:
    """As renderings, with every Chinese term of each rendering (the province: 全省, 我省, 省内)."""
    _, terms = read(root, "glossary")
    read_here = renderings(root)
    forms: dict[str, set[str]] = {}
    for term in terms:
        if term["term_en"].lower() in read_here and not term["context"]:
            forms.setdefault(term["term_en"].lower(), set()).add(term["term_zh"])
    return forms


def named(label: str, terms: dict[str, str] | dict[str, set[str]]) -> list[str]:
    """The renderings a label contains, on word boundaries."""
    return [english for english in terms
            if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", label, re.IGNORECASE)]


def renders(row: dict, label: str) -> bool:
    """Whether a label renders the row's verb (a word beginning with a stem of verb_en)."""
    words = re.findall(r"[a-z][a-z'-]*", label.lower())
    return any(word.startswith(stem) for stem in verb_stems(row["verb_en"]) for word in words)


def fits(label: str, row: dict, forms: dict[str, set[str]]) -> bool:
    """Whether the row's Chinese label or quote writes every glossary term the label names."""
    return all(any(form in row["label_zh"] + row["quote"] for form in forms[english])
               for english in named(label, forms))


def movable(label: str, row: dict, forms: dict[str, set[str]], shared: Counter) -> bool:
    """Whether the label, moved onto the row, breaks no rule but the one a test means: it has no digit, the row's
    Chinese writes every term it names, it renders the row's verb, and no other row shares the row's Chinese label."""
    return not DIGITS.search(label) and shared[row["label_zh"]] == 1 and renders(row, label) and fits(label, row, forms)


def test_a_label_naming_a_term_moved_to_another_row_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    forms = rendering_forms(package_copy)
    shared = Counter(row["label_zh"] for row in rows)
    carrier, other, english = next(
        (carrier, other, english) for carrier in rows if movable(carrier["label_en"], carrier, forms, shared)
        for english in named(carrier["label_en"], forms) for other in rows
        if other is not carrier and not any(form in other["label_zh"] + other["quote"] for form in forms[english])
        and not DIGITS.search(carrier["label_en"]) and renders(other, carrier["label_en"])
        and shared[other["label_zh"]] == 1 and movable(other["label_en"], carrier, forms, shared))
    carrier["label_en"], other["label_en"] = other["label_en"], carrier["label_en"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "english-labels.term-not-in-chinese", ACTIONS,
                            row=row_number(rows, other), column="label_en")
    assert english in hits[0]["message"].lower()


def test_a_label_moved_from_a_row_whose_chinese_another_row_shares_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    shared = Counter(row["label_zh"] for row in rows)
    twin = next(row for row in rows if shared[row["label_zh"]] > 1)
    forms = rendering_forms(package_copy)
    other = next(row for row in rows if not DIGITS.search(row["label_en"]) and shared[row["label_zh"]] == 1
                 and all(any(form in twin["label_zh"] + twin["quote"] for form in forms[english])
                         for english in named(row["label_en"], forms))   # the terms it names, twin's Chinese writes
                 and row["label_en"] != twin["label_en"] and renders(twin, row["label_en"]))
    twin["label_en"], other["label_en"] = other["label_en"], twin["label_en"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "english-labels.renderings-differ", ACTIONS,
                     row=row_number(rows, twin), column="label_en")


def test_a_number_changed_in_an_english_label_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    victim, found = next((row, found) for row in rows if (found := re.search(r"\b\d{2,}\b", row["label_en"])))
    number = found.group(0)
    changed = str(int(number) * 10 + 7)
    assert changed not in victim["label_zh"] + victim["quote"]
    victim["label_en"] = victim["label_en"].replace(number, changed, 1)
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "english-labels.number-not-in-chinese", ACTIONS,
                            row=row_number(rows, victim), column="label_en")
    assert changed in hits[0]["message"]


def test_a_list_position_in_words_that_the_chinese_does_not_give_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    ordinals = {"Second": "二", "Third": "三", "Fourth": "四", "Fifth": "五", "Sixth": "六"}
    victim, word = next((row, word) for row in rows for word in ordinals if row["label_en"].startswith(word + ":"))
    other = next(other for other, figure in ordinals.items() if figure not in victim["label_zh"] + victim["quote"])
    victim["label_en"] = other + victim["label_en"][len(word):]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "english-labels.number-not-in-chinese", ACTIONS,
                     row=row_number(rows, victim), column="label_en")


def test_a_label_that_no_longer_renders_its_verb_is_named(package_copy):
    """The words of a label that render its row's verb replaced by another verb: its terms still tie it to the row,
    but it says another act."""
    header, rows = read(package_copy, "actions")
    shared = Counter(row["label_zh"] for row in rows)
    victim = next(row for row in rows if shared[row["label_zh"]] == 1 and renders(row, row["label_en"]))

    def other_verb(match: re.Match) -> str:   # a word rendering the verb becomes 'noted'
        return "noted" if renders(victim, match.group()) else match.group()
    victim["label_en"] = re.sub(r"[A-Za-z][A-Za-z'-]*", other_verb, victim["label_en"])
    assert not renders(victim, victim["label_en"])
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "english-labels.verb-not-rendered", ACTIONS,
                     row=row_number(rows, victim), column="label_en")


def test_a_label_naming_a_place_moved_to_a_row_that_does_not_name_it_is_named(package_copy):
    """Both labels render the same verb and hold no number: only the place the moved label names (a one-word
    rendering, Gansu) tells that it is not the row's own."""
    header, rows = read(package_copy, "actions")
    places = renderings(package_copy, names_only=True)
    forms = rendering_forms(package_copy)
    longer = {english: chinese for english, chinese in forms.items() if " " in english}
    written = written_forms(read_package(package_copy))   # a place's name, as written and its aliases
    shared = Counter(row["label_zh"] for row in rows)

    def names_place(row: dict, english: str) -> bool:
        return any(form in row["label_zh"] + row["quote"]
                   for form in {places[english], *written.get(places[english], ())})

    carrier, other, english = next(
        (carrier, other, english) for carrier in rows if not DIGITS.search(carrier["label_en"])
        for english in named(carrier["label_en"], places) for other in rows
        if other is not carrier and not names_place(other, english) and renders(other, carrier["label_en"])
        and shared[other["label_zh"]] == 1
        and fits(carrier["label_en"], other, longer)   # its other terms fit
        and movable(other["label_en"], carrier, forms, shared))
    carrier["label_en"], other["label_en"] = other["label_en"], carrier["label_en"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "english-labels.term-not-in-chinese", ACTIONS,
                            row=row_number(rows, other), column="label_en")
    assert places[english] in hits[0]["expected"]


def test_a_one_word_name_is_read_only_as_the_glossary_writes_it():
    from dataset_tools.validate.checks.english_labels import Renderings

    found = Renderings({"party": {"党"}}, {"party": "Party"}).found
    assert [english for english, _ in found("The Party met")] == ["party"]
    assert found("a third party met") == ()


def test_a_name_inside_a_longer_rendering_is_read_as_its_part():
    from dataset_tools.validate.checks.english_labels import Renderings

    found = Renderings({"gansu": {"甘肃省"}, "gansu provincial bureau": {"省局"}}).found
    assert [english for english, _ in found("The Gansu Provincial Bureau met")] == ["gansu provincial bureau"]
    assert sorted(english for english, _ in found("Gansu and the Gansu Provincial Bureau")) == [
        "gansu", "gansu provincial bureau"]


def test_a_label_with_a_scope_word_moved_to_a_claim_whose_chinese_lacks_it_is_named(package_copy):
    """A rendering that several Chinese terms share (the province: 全省, 我省, 省内) is read like any other: a
    claim's label saying 'in the province', moved to a claim of the same cue whose Chinese writes none of them,
    is named on that claim."""
    forms = rendering_forms(package_copy)
    shared = {english: chinese for english, chinese in forms.items() if len(chinese) > 1}
    header, rows = read(package_copy, "claims")

    def says(row: dict, english: str) -> bool:
        return bool(named(row["label_en"], {english: ""}))

    def writes(row: dict, english: str) -> bool:
        return any(form in row["label_zh"] + row["quote"] for form in shared[english])

    carrier, other, english = next(
        (a, b, english) for english in sorted(shared) for a in rows for b in rows
        if a is not b and a["cue_en"] == b["cue_en"] and says(a, english) and writes(a, english)
        and not says(b, english) and not writes(b, english)
        and DIGITS.findall(a["label_en"]) == DIGITS.findall(b["label_en"]))
    assert english in forms
    carrier["label_en"], other["label_en"] = other["label_en"], carrier["label_en"]
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "english-labels.term-not-in-chinese", "resources/claims.csv",
                     row=row_number(rows, other), column="label_en")


def test_a_label_with_no_term_and_no_number_is_named(package_copy):
    """A label tied to its row by its verb alone (no glossary term, no number) is named: it could move to any row of
    that verb unseen."""
    header, rows = read(package_copy, "actions")
    forms = rendering_forms(package_copy)
    shared = Counter(row["label_zh"] for row in rows)
    victim = next(row for row in rows if shared[row["label_zh"]] == 1 and row["verb_en"])
    plain = f"{victim['verb_en'].capitalize()} the work"   # its verb, and nothing else of its row
    assert not named(plain, forms) and not DIGITS.search(plain) and renders(victim, plain)
    victim["label_en"] = plain
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "english-labels.label-unanchored", ACTIONS,
                     row=row_number(rows, victim), column="label_en")

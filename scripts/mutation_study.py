#!/usr/bin/env python3
"""Mutation study: apply realistic curator mistakes one at a time and count what validate.py catches.

    python scripts/mutation_study.py                  # 20 mutations per class, seed 11
    python scripts/mutation_study.py --per-class 5    # a quick run
    python scripts/mutation_study.py --seed 3 --class period --class enum

The package is copied once to a temporary folder. Each mutation changes one file of the copy
(a CSV), refreshes the descriptor's bytes and hashes (dataset_tools.curate.descriptor, so only
the semantic checks can catch it), runs every check in process
(dataset_tools.validate.cli.validate) and restores the file. A mutation is *caught* when the
report is not valid. Mutations that leave the package still right (a value replaced by itself,
a trimmed quote that still holds every word the row rests on (a link to a field's documented
default target, the province, rests on none), a value exchanged between two rows
that differ in nothing else but their ids) are not applied. Such an exchange gives the same rows
under exchanged ids: the facts are unchanged, and ids are exempt slugs that no text can support.
The copy is removed afterwards. Nothing in the package is written.

Classes (the mistakes of the validator's mutation study):
  value-moved     a name, label, code or link exchanged between two rows of one resource
  one-character   one Chinese character changed in a name, label, title, programme or product
  wrong-link      a link to another valid row that the quote does not name
  duplicate       a row duplicated under a new id
  deleted         a stated row deleted
  period          a period shifted by a year, a stock read as a flow or back, a period added
  designation     a designation's year or batch changed or added
  note-number     a number in a note, or the edition year of a reference, changed
  indicator-code  an indicator code swapped with another row's or mistyped as a similar code
  value-text      value_text pointed at another figure of the quote, or without its qualifier
  enum            an enum code changed (kind, level, comparison, document_status, ...)
  label-zh        an indicator's label_zh edited (a character changed, another code's label; never
                  its own code's label, which definitions.csv makes valid for it)
  quote           a quote trimmed or shifted so that it loses a word the row rests on
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import random
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset_tools.csvio import format_rows, read_rows  # noqa: E402
from dataset_tools.curate import descriptor  # noqa: E402
from dataset_tools.curate.coverage import EXPRESSION  # noqa: E402
from dataset_tools.numerals import parse_value_text  # noqa: E402
from dataset_tools.readers import read_period  # noqa: E402
from dataset_tools.validate import cli  # noqa: E402
from dataset_tools.validate.checks.evidence import link_targets  # noqa: E402
from dataset_tools.validate.checks.figure_cues import CUES  # noqa: E402
from dataset_tools.validate.checks.note_figures import figures  # noqa: E402
from dataset_tools.validate.report import CHECKS  # noqa: E402

IGNORED = shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache")
CJK = re.compile(r"[\u4e00-\u9fff]")
NAME_COLUMNS = ("name_zh", "label_zh", "title_zh", "program_zh", "product_zh")
EXCHANGED = ("name_zh", "name_en", "title_zh", "title_en", "label_zh", "label_en", "product_zh", "product_en",
             "program_zh", "program_en", "unit_en", "indicator", "program", "region_id", "organization_id",
             "brand_id", "policy_id", "parent_id", "issuer_ids", "scope_region_id", "speaker_id")
ENUM_FIELDS = ("kind", "level", "comparison", "document_status", "role", "qualifier", "unit")
QUALIFIER_WORDS = ("超过", "突破", "不足", "不到", "超", "逾", "破", "约", "近", "多", "余", "以上", "以下")
SKIP_RESOURCES = {"glossary", "aliases", "definitions"}


class Mutation(NamedTuple):
    kind: str
    resource: str
    rows: list[dict]          # the resource's rows after the change
    description: str


class Data:
    """The package as plain rows: resources, schemas, source text and the names of every row."""

    def __init__(self, root: Path):
        self.descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        self.tables: dict[str, tuple[list[str], list[dict], dict]] = {}
        for entry in self.descriptor["resources"]:
            header, rows = read_rows(root / entry["path"])
            schema = json.loads((root / entry["schema"]).read_text(encoding="utf-8"))
            self.tables[entry["name"]] = (header, rows, schema)
        source = self.rows("sources")[0]
        self.text = (root / source["path"]).read_text(encoding="utf-8")
        self.event_year = int(source["event_date"][:4])
        self.pool = sorted(set(CJK.findall(self.text)))
        self.names: dict[tuple[str, str], set[str]] = defaultdict(set)
        for name, (_, rows, _) in self.tables.items():
            for row in rows:
                for column in ("name_zh", "name_as_written", "title_zh"):
                    if row.get(column):
                        self.names[(name, row.get("id", ""))].add(row[column])
        for row in self.rows("aliases"):
            self.names[(row["resource"], row["target_id"])].add(row["alias"])

    def rows(self, name: str) -> list[dict]:
        return self.tables[name][1]

    def copy(self, name: str) -> list[dict]:
        return [dict(row) for row in self.rows(name)]

    def named(self, resource: str, target: str, quote: str) -> bool:
        return any(name and name in quote for name in self.names.get((resource, target), ()))


def one_mutation(kind: str, data: Data, name: str, index: int, changes: dict, description: str) -> Mutation | None:
    """The resource's rows with row `index` changed as `changes` says; None when nothing changes."""
    rows = data.copy(name)
    if all(rows[index].get(column, "") == value for column, value in changes.items()):
        return None
    rows[index].update(changes)
    return Mutation(kind, name, rows, f"{name} {rows[index].get('id')}: {description}")


def other_character(rng: random.Random, data: Data, char: str) -> str:
    return rng.choice([c for c in data.pool if c != char])


# --- the classes -------------------------------------------------------------------------------

def ids_only(header: list[str], one: dict, other: dict, column: str) -> bool:
    """Whether two rows differ only in their id and `column`: exchanging `column` then exchanges the ids."""
    return all(one[c] == other[c] for c in header if c not in ("id", column))


def value_moved(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (header, rows, _) in data.tables.items():
        if name in SKIP_RESOURCES:
            continue
        for column in [c for c in EXCHANGED if c in header]:
            filled = [i for i, row in enumerate(rows) if row[column]]
            for i in filled:
                j = rng.choice(filled)
                if rows[i][column] != rows[j][column] and not ids_only(header, rows[i], rows[j], column):
                    changed = data.copy(name)
                    changed[i][column], changed[j][column] = rows[j][column], rows[i][column]
                    yield Mutation("value-moved", name, changed, f"{name} {rows[i]['id']} and {rows[j]['id']}: "
                                   f"{column} exchanged ({rows[i][column]!r} <-> {rows[j][column]!r})")


def one_character(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (header, rows, _) in data.tables.items():
        if name in SKIP_RESOURCES:
            continue
        for column in [c for c in NAME_COLUMNS if c in header]:
            for i, row in enumerate(rows):
                positions = [m.start() for m in CJK.finditer(row[column])]
                if positions:
                    at = rng.choice(positions)
                    new = row[column][:at] + other_character(rng, data, row[column][at]) + row[column][at + 1:]
                    m = one_mutation("one-character", data, name, i, {column: new},
                                     f"{column} {row[column]!r} -> {new!r}")
                    if m:
                        yield m


def wrong_link(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (header, rows, schema) in data.tables.items():
        if name in SKIP_RESOURCES | {"segments"}:
            continue
        for column, target in link_targets(schema).items():
            target = target or name
            if column not in header or target not in data.tables or column in ("source_id", "speaker_id", "segment_id"):
                continue
            ids = [row.get("id", "") for row in data.rows(target)]
            for i, row in enumerate(rows):
                if not row[column] or not row.get("quote"):
                    continue
                choices = [t for t in ids if t not in row[column].split(";") and t != row.get("id")
                           and not data.named(target, t, row["quote"])]
                if choices:
                    new = rng.choice(choices)
                    m = one_mutation("wrong-link", data, name, i, {column: new},
                                     f"{column} {row[column]} -> {new} (not named in the quote)")
                    if m:
                        yield m


def duplicate(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name in ("indicators", "organizations", "brands", "policies", "designations", "speakers"):
        for i, row in enumerate(data.rows(name)):
            rows = data.copy(name)
            rows.insert(i + 1, dict(row, id=row["id"] + "-dup"))
            yield Mutation("duplicate", name, rows, f"{name} {row['id']} duplicated as {row['id']}-dup")


def deleted(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name in ("indicators", "organizations", "brands", "policies", "designations", "regions", "speakers"):
        for i, row in enumerate(data.rows(name)):
            if row.get("status") == "stated":
                rows = data.copy(name)
                del rows[i]
                yield Mutation("deleted", name, rows, f"{name} {row['id']} deleted")


def period(data: Data, rng: random.Random) -> Iterator[Mutation | None]:
    for i, row in enumerate(data.rows("indicators")):
        start, end = row["period_start"], row["period_end"]
        if start:
            shift = rng.choice((-1, 1))
            moved = {c: f"{int(row[c][:4]) + shift}{row[c][4:]}" for c in ("period_start", "period_end")}
            yield one_mutation("period", data, "indicators", i, moved, f"period shifted by {shift:+d} year")
            if start == end:
                yield one_mutation("period", data, "indicators", i, {"period_start": start[:4] + "-01-01"},
                                   "stock read as a flow")
            else:
                yield one_mutation("period", data, "indicators", i, {"period_start": end}, "flow read as a stock")
        else:
            year = rng.choice((data.event_year - 1, data.event_year))
            yield one_mutation("period", data, "indicators", i, {"period_start": f"{year}-01-01",
                                                                 "period_end": f"{year}-12-31"}, f"period {year} added")


def designation(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for i, row in enumerate(data.rows("designations")):
        for column, choices in (("year", range(2018, data.event_year + 1)), ("batch", range(1, 6))):
            new = str(int(row[column]) + rng.choice((-1, 1))) if row[column] else str(rng.choice(list(choices)))
            m = one_mutation("designation", data, "designations", i, {column: new},
                             f"{column} {row[column] or '(empty)'} -> {new}")
            if m:
                yield m


def note_number(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (header, rows, _) in data.tables.items():
        for column in ("note", "reference"):
            if column not in header:
                continue
            for i, row in enumerate(rows):
                found = [m for m in figures(row[column]) if not m["date"]] + (
                    [m for m in figures(row[column]) if m["date"]] if column == "reference" else [])
                if not found:
                    continue
                match = rng.choice(found)
                figure = match.group().strip()
                digits = [k for k, c in enumerate(figure) if c.isdigit()]
                at = rng.choice(digits[:4] if column == "reference" else digits)
                new_figure = figure[:at] + rng.choice([d for d in "0123456789" if d != figure[at]]) + figure[at + 1:]
                new = row[column][:match.start()] + row[column][match.start():].replace(figure, new_figure, 1)
                m = one_mutation("note-number", data, name, i, {column: new}, f"{column}: {figure} -> {new_figure}")
                if m:
                    yield m


def indicator_code(data: Data, rng: random.Random) -> Iterator[Mutation | None]:
    rows = data.rows("indicators")
    codes = sorted({row["indicator"] for row in rows})
    for i, row in enumerate(rows):
        others = [c for c in codes if c != row["indicator"]]
        similar = difflib.get_close_matches(row["indicator"], others, n=1, cutoff=0) or others[:1]
        yield one_mutation("indicator-code", data, "indicators", i, {"indicator": similar[0]},
                           f"indicator {row['indicator']} mistyped as {similar[0]}")
        j = rng.randrange(len(rows))
        if rows[j]["indicator"] != row["indicator"]:
            swapped = data.copy("indicators")
            swapped[i]["indicator"], swapped[j]["indicator"] = rows[j]["indicator"], row["indicator"]
            yield Mutation("indicator-code", "indicators", swapped,
                           f"indicators {row['id']} and {rows[j]['id']}: codes swapped")


def reparsed(row: dict, value_text: str) -> dict | None:
    """The cells a curator would write for `value_text` (value, qualifier, bounds), keeping the unit."""
    try:
        parsed = parse_value_text(value_text)
    except ValueError:
        return None
    if row["unit"] not in parsed.units:
        return None
    fmt = lambda x: "" if x is None else (str(int(x)) if float(x).is_integer() else repr(x))  # noqa: E731
    return {"value_text": value_text, "value": fmt(parsed.value), "qualifier": parsed.qualifier,
            "lower_bound": fmt(parsed.lower_bound), "upper_bound": fmt(parsed.upper_bound)}


def value_text(data: Data, rng: random.Random) -> Iterator[Mutation | None]:
    for i, row in enumerate(data.rows("indicators")):
        if not row["value_text"]:
            continue
        for match in EXPRESSION.finditer(row["quote"]):
            if match.group() != row["value_text"] and match.group() not in row["value_text"]:
                changes = reparsed(row, match.group())
                if changes:
                    yield one_mutation("value-text", data, "indicators", i, changes,
                                       f"value_text {row['value_text']!r} -> {match.group()!r} "
                                       "(another figure of the quote)")
        for word in QUALIFIER_WORDS:
            if word in row["value_text"]:
                changes = reparsed(row, row["value_text"].replace(word, "", 1))
                if changes:
                    yield one_mutation("value-text", data, "indicators", i, changes,
                                       f"value_text {row['value_text']!r} -> {changes['value_text']!r} "
                                       "(qualifier dropped)")
                break


def enum(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (_, rows, schema) in data.tables.items():
        for field in schema["fields"]:
            allowed = field.get("constraints", {}).get("enum")
            if field["name"] not in ENUM_FIELDS or not allowed or name in SKIP_RESOURCES:
                continue
            for i, row in enumerate(rows):
                choices = [v for v in allowed if v != row[field["name"]]]
                if row[field["name"]] and not field.get("constraints", {}).get("required"):
                    choices.append("")
                new = rng.choice(choices)
                m = one_mutation("enum", data, name, i, {field["name"]: new},
                                 f"{field['name']} {row[field['name']] or '(empty)'} -> {new or '(empty)'}")
                if m:
                    yield m


def label_zh(data: Data, rng: random.Random) -> Iterator[Mutation | None]:
    rows = data.rows("indicators")
    labels = sorted({row["label_zh"] for row in rows})
    own = {row["id"]: row["label_zh"] for row in data.rows("definitions")}   # a code's label is valid for its rows
    for i, row in enumerate(rows):
        at = rng.randrange(len(row["label_zh"]))
        edited = row["label_zh"][:at] + other_character(rng, data, row["label_zh"][at]) + row["label_zh"][at + 1:]
        for new in (edited, rng.choice([label for label in labels if label != row["label_zh"]])):
            if new == own.get(row["indicator"]):   # the speaker's words made the code's label: not wrong
                continue
            yield one_mutation("label-zh", data, "indicators", i, {"label_zh": new},
                               f"label_zh {row['label_zh']!r} -> {new!r}")


def rested_on(data: Data, name: str, row: dict, schema: dict) -> list[str]:
    """Words of the quote the row's cells rest on: figure, names, named link targets, cues. A link to the target
    its field documents as the default (`evidenceDefault`: the province for a figure's region) rests on no word:
    a quote that loses 我省 still supports it."""
    quote = row["quote"]
    words = [row.get(c, "") for c in ("value_text", "name_as_written", "unit_zh", *NAME_COLUMNS)]
    defaults = {field["name"]: field.get("evidenceDefault") for field in schema["fields"]}
    for column, target in link_targets(schema).items():
        for item in row.get(column, "").split(";"):
            if item == defaults.get(column):
                continue
            words += [n for n in data.names.get((target or name, item), ()) if n in quote]
    words += [cue for cue in CUES.get(row.get("comparison", ""), ()) if cue in quote]
    if name == "indicators" and row["period_start"]:
        cue = read_period(quote, 0, len(quote), data.event_year).cue
        words.append(cue or "")
    return [w for w in words if w and w in quote]


def anchored(data: Data, start: int, end: int) -> dict:
    """Span cells for text[start:end], with the shortest prefix that makes the quote unique."""
    quote, prefix = data.text[start:end], ""
    while data.text.count(prefix + quote) > 1 and len(prefix) < start:
        prefix = data.text[start - len(prefix) - 1:start]
    return {"char_start": str(start), "char_end": str(end), "quote": quote, "quote_prefix": prefix}


def quote(data: Data, rng: random.Random) -> Iterator[Mutation]:
    for name, (header, rows, schema) in data.tables.items():
        if name in SKIP_RESOURCES | {"segments", "sources"} or "quote" not in header:
            continue
        for i, row in enumerate(rows):
            if not row["quote"] or row.get("status") not in ("stated", "inferred"):
                continue
            start, end = int(row["char_start"]), int(row["char_end"])
            cut = rng.randint(1, max(1, min(4, (end - start) // 2)))
            shift = rng.choice((-1, 1)) * rng.randint(1, 3)
            for new_start, new_end, how in ((start + cut, end, f"trimmed {cut} at the start"),
                                            (start, end - cut, f"trimmed {cut} at the end"),
                                            (start + shift, end + shift, f"shifted by {shift}")):
                new = anchored(data, new_start, new_end)
                lost = [w for w in rested_on(data, name, row, schema) if w not in new["quote"]]
                if lost:
                    m = one_mutation("quote", data, name, i, new, f"quote {how}, loses {'、'.join(lost)}")
                    if m:
                        yield m


# one_mutation gives None for a change that changes nothing: some classes yield it, main drops it
CLASSES: dict[str, Callable[[Data, random.Random], Iterator[Mutation | None]]] = {
    "value-moved": value_moved, "one-character": one_character, "wrong-link": wrong_link,
    "duplicate": duplicate, "deleted": deleted, "period": period, "designation": designation,
    "note-number": note_number, "indicator-code": indicator_code, "value-text": value_text,
    "enum": enum, "label-zh": label_zh, "quote": quote,
}


# --- running -----------------------------------------------------------------------------------

def apply(copy: Path, data: Data, mutation: Mutation) -> dict:
    """Write the mutation into the copy, refresh the descriptor, validate in process, restore."""
    path = copy / next(e["path"] for e in data.descriptor["resources"] if e["name"] == mutation.resource)
    original, descriptor_bytes = path.read_bytes(), (copy / "datapackage.json").read_bytes()
    try:
        path.write_text(format_rows(data.tables[mutation.resource][0], mutation.rows), encoding="utf-8", newline="")
        with contextlib.redirect_stdout(io.StringIO()):
            descriptor.main(["--root", str(copy)])
        return cli.validate(copy / "datapackage.json", list(CHECKS))
    finally:
        path.write_bytes(original)
        (copy / "datapackage.json").write_bytes(descriptor_bytes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-class", type=int, default=20, help="mutations applied per class (default 20)")
    parser.add_argument("--seed", type=int, default=11, help="random seed (default 11)")
    parser.add_argument("--class", dest="classes", action="append", choices=sorted(CLASSES), help="only this class")
    parser.add_argument("--examples", type=int, default=5, help="missed examples listed per class")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mutation-study-") as folder:
        copy = Path(folder) / "package"
        shutil.copytree(ROOT, copy, ignore=IGNORED, symlinks=True)
        data = Data(copy)
        baseline = cli.validate(copy / "datapackage.json", list(CHECKS))
        if baseline["exit_code"] != 0:
            print("the package itself is not valid; fix it first", file=sys.stderr)
            return 2
        results: list[tuple[str, int, int, int, list[str], Counter[str]]] = []
        for kind in args.classes or CLASSES:
            rng = random.Random(f"{args.seed}-{kind}")
            candidates = [m for m in CLASSES[kind](data, rng) if m is not None]
            rng.shuffle(candidates)
            chosen = candidates[:args.per_class]
            caught = 0
            missed: list[str] = []          # descriptions of the mutations no check caught
            by: Counter[str] = Counter()    # check -> mutations it caught
            for mutation in chosen:
                report = apply(copy, data, mutation)
                failed = [g["name"] for g in report["checks"] if g["status"] != "passed"]
                if report["exit_code"] != 0:
                    caught += 1
                    by.update(failed)
                else:
                    missed.append(mutation.description)
            results.append((kind, len(candidates), len(chosen), caught, missed, by))
            print(f"{kind}: {caught}/{len(chosen)} caught", file=sys.stderr)
    print(f"\nMutation study: seed {args.seed}, up to {args.per_class} per class\n")
    print("| class | candidates | applied | caught | missed | caught by |")
    print("|---|---:|---:|---:|---:|---|")
    for kind, found, applied, caught, missed, by in results:
        checks = ", ".join(f"{name} {count}" for name, count in by.most_common(4))
        print(f"| {kind} | {found} | {applied} | {caught} | {len(missed)} | {checks} |")
    total, caught = sum(r[2] for r in results), sum(r[3] for r in results)
    print(f"| **all** | | **{total}** | **{caught}** | **{total - caught}** | |")
    for kind, _, _, _, missed, _ in results:
        if missed:
            print(f"\nmissed {kind} ({len(missed)}):")
            for description in missed[:args.examples]:
                print(f"  - {description}")
            if len(missed) > args.examples:
                print(f"  - … and {len(missed) - args.examples} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())

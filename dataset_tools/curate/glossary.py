"""Curator's tool: the package's Chinese terms, their English renderings, and the glossary.

    python -m dataset_tools.curate.glossary            # every term, its renderings and where; what needs review
    python -m dataset_tools.curate.glossary --propose  # CSV rows for terms the glossary lacks (one rendering only)

It reads the fields the schemas give to the glossary (`evidence: check:glossary`, see
dataset_tools.terms) and `resources/glossary.csv`, and flags: a term rendered two ways in the data
(resolve it in the data, then in the glossary); a rendering that differs from the glossary; a
term the glossary lacks; a glossary row no cell uses; a speaker's name whose pinyin needs a
reviewed reading (curation/pinyin_overrides.csv). It never writes: the glossary is reviewed data,
so proposals are printed for the curator to check and paste. Exit 1 when something needs review.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import read_rows
from dataset_tools.terms import PINYIN_OVERRIDES, gbt28039, pairs

GLOSSARY = "resources/glossary.csv"
HEADER = ["id", "term_zh", "context", "term_en", "note"]


def load(root: Path) -> list[tuple[str, dict, list[dict]]]:
    """(resource name, schema, rows) of every resource but the glossary."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    tables = []
    for entry in descriptor["resources"]:
        if entry["name"] != "glossary":
            schema = json.loads((root / entry["schema"]).read_text(encoding="utf-8"))
            tables.append((entry["name"], schema, read_rows(root / entry["path"])[1]))
    return tables


def glossary_id(term_zh: str, context: str) -> str:
    """The id of a glossary row: the term, with `@context` when it has one."""
    return f"{term_zh}@{context}" if context else term_zh


def collapse(used: dict) -> dict:
    """A term with contexts that all render it alike is proposed once, without a context (件 -> items)."""
    by_term = defaultdict(list)
    for term, context in used:
        by_term[term].append(context)
    collapsed = {}
    for term, contexts in by_term.items():
        renderings = {english for context in contexts for english in used[(term, context)]}
        if len(renderings) == 1 and contexts != [""]:
            merged: dict[str, list[str]] = defaultdict(list)
            for context in contexts:
                for english, where in used[(term, context)].items():
                    merged[english] += where
            collapsed[(term, "")] = merged
        else:
            collapsed.update({(term, context): used[(term, context)] for context in contexts})
    return collapsed


def review(root: Path) -> tuple[list[str], list[list[str]]]:
    """(lines to print, proposed glossary rows)."""
    used: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pair in pairs(load(root)):
        used[(pair.term_zh, pair.context)][pair.term_en].append(f"{pair.table}.{pair.column}:{pair.row.get('id', '')}")
    path = root / GLOSSARY
    glossary = {(row["term_zh"], row["context"]): row["term_en"] for row in read_rows(path)[1]} if path.exists() else {}
    used = collapse(used)
    lines, proposed = [], []
    for (term, context), renderings in sorted(used.items()):
        label = term + (f" ({context})" if context else "")
        places = "; ".join(f"{english!r} in {', '.join(where)}" for english, where in renderings.items())
        if len(renderings) > 1:
            lines.append(f"TWO RENDERINGS  {label}: {places}")
        elif (term, context) not in glossary and (term, "") not in glossary:
            lines.append(f"NOT IN GLOSSARY {label}: {places}")
            proposed.append([glossary_id(term, context), term, context, next(iter(renderings)), ""])
        elif glossary.get((term, context), glossary.get((term, ""))) not in renderings:
            wanted = glossary.get((term, context), glossary.get((term, "")))
            lines.append(f"DIFFERS         {label}: glossary {wanted!r}; {places}")
        else:
            lines.append(f"ok              {label}: {places}")
    terms_used = {term for term, _ in used}
    lines += [f"UNUSED          {term} ({context}): {english!r} is in the glossary but no cell uses it"
              for (term, context), english in sorted(glossary.items())
              if (term, context) not in used and not (context == "" and term in terms_used)]
    lines += pinyin_review(root)
    return lines, proposed


def pinyin_review(root: Path) -> list[str]:
    """The speakers' names with their GB/T 28039 pinyin, flagging unreviewed polyphonic characters."""
    overrides_path = root / PINYIN_OVERRIDES
    overrides = {(row["character"], row["position"]): row["pinyin"]
                 for row in read_rows(overrides_path)[1]} if overrides_path.exists() else {}
    speakers = root / "resources" / "speakers.csv"
    lines = []
    for row in read_rows(speakers)[1] if speakers.exists() else []:
        wanted, unreviewed = gbt28039(row["name_zh"], overrides)
        state = ("REVIEW PINYIN   " if unreviewed else "DIFFERS         " if wanted != row["name_en"]
                 else "ok              ")
        extra = f" (polyphonic, no reviewed reading: {', '.join(unreviewed)})" if unreviewed else ""
        lines.append(f"{state}{row['name_zh']}: pinyin {wanted!r}, name_en {row['name_en']!r}{extra}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.glossary", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--propose", action="store_true", help="print CSV rows for terms the glossary lacks")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    lines, proposed = review(args.root)
    if args.propose:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(proposed)
    else:
        print("\n".join(lines))
    return 1 if any(not line.startswith("ok") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())

"""List the mentions no row covers, as rows to review for curation/mention_exclusions.csv.

    python -m dataset_tools.curate.mentions [--root PKG]      (make mentions)

Prints one CSV row per uncovered mention (reason columns empty, context for the reader). It
writes nothing: a curator adds a row to the data or a reviewed exclusion with its reason.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.model import load_package
from dataset_tools.validate import preflight
from dataset_tools.validate.checks.mentions import mentions

COLUMNS = ["source_id", "kind", "mention", "char_start", "char_end", "reason_code", "reason"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.mentions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    descriptor = args.root / "datapackage.json"
    package = load_package(descriptor, preflight.preflight(descriptor))
    by_file = {source.file: source_id for source_id, source in package.sources.items()}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*COLUMNS, "context"])
    uncovered = 0
    for problem in mentions(package):
        if problem.file in by_file and problem.message.endswith("not excluded"):
            kind, rest = problem.message.split(" ", 1)
            start, end = rest.split(" at [", 1)[1].split(")", 1)[0].split(", ")
            text = package.text(by_file[problem.file]) or ""
            context = text[max(0, int(start) - 10):int(end) + 10].replace("\n", "⏎")
            writer.writerow([by_file[problem.file], kind, problem.found, start, end, "", "", context])
            uncovered += 1
    print(f"{uncovered} uncovered mention(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

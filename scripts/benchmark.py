#!/usr/bin/env python3
"""Benchmark validate.py against `frictionless validate` on synthetically scaled copies.

    python scripts/benchmark.py                    # scales 1, 10, 100, 1000
    python scripts/benchmark.py --scales 1 10      # a quick run
    python scripts/benchmark.py --markdown         # print the results table for docs/benchmark.md

Scale N builds, in a temporary folder, a package with N copies of everything: the source text is
copied N-1 times as new sources (same text, new ids and files), and every row of every resource
except `sources` and `regions` is copied once per new source with fresh ids (`<id>-x<k>`),
pointing at that source and at the copies of the rows it references (speakers, segments,
organisations, brands, policies, formulas, designation programs). Regions are places, not
statements: they are shared. The scaled package is valid exactly when the real one is, so the
timings measure the normal path.

For each scale the children run one at a time, pinned to at most 2 CPUs, with their wall time
and peak resident memory (`os.wait4`, the same `rusage` as `resource.getrusage`):
  * `validate.py DIR --json` (its report also gives the seconds of each check),
  * `frictionless validate DIR/datapackage.json` alone (the CLI of the pinned frictionless).
Nothing is written into the package; the temporary folders are removed unless --keep is given.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset_tools.csvio import read_rows, write_rows  # noqa: E402

SHARED = {"regions", "glossary"}          # not copied: places and the glossary of terms are the same in every copy
COPIED_REFERENCES = {"speaker_id", "segment_id", "organization_id", "brand_id", "policy_id"}
SELF_REFERENCES = {"organizations": {"parent_id"}}
PROGRAM_COLUMNS = {"program", "counts_program"}
CPUS = 2


def suffix(value: str, k: int) -> str:
    return f"{value}-x{k}" if value else value


def copy_row(resource: str, row: dict, k: int, source_id: str, count: int) -> dict:
    """Row `row` for copy k: fresh id, its source, and the copies of the rows it points at
    (`count` rows per copy: a segment's unique `position` moves on by k * count)."""
    new = dict(row, id=suffix(row["id"], k), source_id=source_id)
    if resource == "segments":
        new["position"] = str(int(row["position"]) + k * count)
    for column in COPIED_REFERENCES | SELF_REFERENCES.get(resource, set()):
        if column in new:
            new[column] = suffix(new[column], k)
    for column in PROGRAM_COLUMNS & set(new):
        new[column] = f"{new[column]}_x{k}" if new[column] else ""
    if new.get("issuer_ids"):
        new["issuer_ids"] = ";".join(suffix(part, k) for part in new["issuer_ids"].split(";"))
    if new.get("formula"):
        new["formula"] = re.sub(r"\{([^{}]*)\}", lambda m: "{" + suffix(m.group(1), k) + "}", new["formula"])
    return new


def scale_sources(target: Path, scale: int) -> list[str]:
    """Write the source copies and sources.csv; return the source ids (original first)."""
    header, rows = read_rows(ROOT / "resources" / "sources.csv")
    original = rows[0]
    text_bytes = (ROOT / original["path"]).read_bytes()
    ids, scaled = [original["id"]], [original]
    for k in range(1, scale):
        path = f"sources/copy-{k:05d}.zh.txt"
        (target / path).write_bytes(text_bytes)
        ids.append(suffix(original["id"], k))
        scaled.append(dict(original, id=ids[-1], path=path))
    write_rows(target / "resources" / "sources.csv", header, scaled)
    return ids


def build(scale: int, target: Path) -> dict:
    """A package `scale` times the real one under `target`; returns row counts."""
    for name in ("schemas", "reference", "curation", "sources"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("CITATION.cff", "CHANGELOG.md"):
        shutil.copy(ROOT / name, target / name)
    (target / "resources").mkdir()
    source_ids = scale_sources(target, scale)
    declared = target / "curation" / "note_figures.csv"     # declarations name rows: one per copy
    if declared.exists():
        header, rows = read_rows(declared)
        write_rows(declared, header, rows + [dict(row, row_id=suffix(row["row_id"], k))
                                             for k in range(1, scale) for row in rows])
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    counts = {"sources": scale}
    for entry in descriptor["resources"]:
        name = entry["name"]
        if name == "sources":
            continue
        header, rows = read_rows(ROOT / entry["path"])
        scaled = list(rows)
        if name not in SHARED:
            scaled += [copy_row(name, row, k, source_ids[k], len(rows)) for k in range(1, scale) for row in rows]
        write_rows(target / entry["path"], header, scaled)
        counts[name] = len(scaled)
    finish_descriptor(descriptor, target, source_ids)
    return counts


def finish_descriptor(descriptor: dict, target: Path, source_ids: list[str]) -> None:
    """Sizes and hashes of the scaled files; one `sources` entry (with sha256) per copy."""
    for entry in descriptor["resources"]:
        data = (target / entry["path"]).read_bytes()
        entry["bytes"], entry["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    original = descriptor["sources"][0]
    descriptor["sources"] += [dict(original, path=f"sources/copy-{k:05d}.zh.txt") for k in range(1, len(source_ids))]
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")


def pin() -> None:
    """Run the child on at most CPUS processors (the '2 cores' target)."""
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:CPUS]))


def measure(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MiB, exit code, stdout) of one child process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, preexec_fn=pin,
                                 env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        _, status, usage = os.wait4(child.pid, 0)   # this child's own rusage (ru_maxrss in KiB on Linux)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, child.returncode, out.read().decode("utf-8", "replace")


LIFTED = ("import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); "
          "import dataset_tools.validate.csv_bytes as p; p.MAX_ROWS = 10**9; "
          "import dataset_tools.validate.preflight as f; f.MAX_TOTAL_ROWS = 10**9; "
          "from dataset_tools.validate.cli import main; sys.exit(main(sys.argv[2:]))")


def row_limit() -> int | None:
    """limits.MAX_ROWS, the most data rows validate.py reads from one file."""
    from dataset_tools.validate.limits import MAX_ROWS
    return MAX_ROWS


def refused_for_size(report: dict, counts: dict) -> bool:
    """Whether preflight refused a file for its number of rows (more than MAX_ROWS in one file, or
    MAX_TOTAL_ROWS in all)."""
    from dataset_tools.validate.limits import MAX_TOTAL_ROWS
    limit = row_limit()
    over = max(counts.values()) > limit or sum(counts.values()) > MAX_TOTAL_ROWS if limit else False
    return over and report.get("status") != "valid"


def as_report(stdout: str) -> dict:
    try:
        return json.loads(stdout)
    except ValueError:
        return {}


def run_scale(scale: int, keep: bool) -> dict:
    """Build one scale, time both validators on it, return the measurements.

    When validate.py refuses the scaled files for their number of rows (preflight's MAX_ROWS, a
    guard for hostile input), the checks are timed again with only that limit lifted.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"benchmark-x{scale}-"))
    try:
        built = time.perf_counter()
        counts = build(scale, folder)
        built = time.perf_counter() - built
        ours = measure([sys.executable, str(ROOT / "validate.py"), str(folder), "--json"], folder)
        report, lifted = as_report(ours[3]), None
        if refused_for_size(report, counts):
            lifted = measure([sys.executable, "-c", LIFTED, str(ROOT), str(folder), "--json"], folder)
            report = as_report(lifted[3])
        theirs = measure([sys.executable, "-m", "frictionless", "validate", str(folder / "datapackage.json")], folder)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    timed = lifted or ours
    seconds = {g["name"]: g["seconds"] or 0.0 for g in report.get("checks", []) if g["kind"] == "check"}
    timings = report.get("timings", {})
    return {"scale": scale, "rows": sum(counts.values()) - counts["sources"], "build_s": built,
            "validate_s": timed[0], "validate_mib": timed[1], "validate_exit": timed[2],
            "status": report.get("status", "no report"), "refused_s": ours[0] if lifted else None,
            "table_s": seconds.get("table", 0.0), "added_s": sum(v for k, v in seconds.items() if k != "table"),
            "read_s": timings.get("preflight", 0.0) + timings.get("load", 0.0),
            "slowest": max(((v, k) for k, v in seconds.items() if k != "table"), default=(0.0, "-")),
            "frictionless_s": theirs[0], "frictionless_mib": theirs[1], "frictionless_exit": theirs[2],
            "folder": str(folder) if keep else None}


def markdown(results: list[dict]) -> str:
    """The results as a Markdown table (docs/benchmark.md)."""
    lines = ["| scale | data rows | validate.py wall (s) | peak MiB | exit | frictionless alone (s) | peak MiB "
             "| `table` check (s) | other checks (s) | other / frictionless | preflight + load (s) "
             "| slowest other check |",
             "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        ratio = r["added_s"] / r["frictionless_s"] if r["frictionless_s"] else float("nan")
        status = f"{r['validate_exit']} ({r['status']})" + ("*" if r["refused_s"] is not None else "")
        lines.append(f"| ×{r['scale']} | {r['rows']:,} | {r['validate_s']:.2f} | {r['validate_mib']:.0f} | "
                     f"{status} | {r['frictionless_s']:.2f} | {r['frictionless_mib']:.0f} | "
                     f"{r['table_s']:.2f} | {r['added_s']:.2f} | {ratio:.1%} | {r['read_s']:.2f} | "
                     f"{r['slowest'][1]} {r['slowest'][0]:.2f} s |")
    refused = [r for r in results if r["refused_s"] is not None]
    if refused:
        lines.append("")
        lines.extend(f"\\* ×{r['scale']}: validate.py as shipped refused the files in {r['refused_s']:.2f} s "
                     f"(more than preflight's MAX_ROWS = {row_limit():,} rows in one file); the timings "
                     "shown are with that one limit lifted." for r in refused)
    return "\n".join(lines) + "\n"


def growth(results: list[dict]) -> str:
    """Seconds per 1,000 rows at each scale: flat means linear."""
    return ", ".join(f"×{r['scale']}: validate {1000 * r['validate_s'] / r['rows']:.3f} s, other checks "
                     f"{1000 * r['added_s'] / r['rows']:.3f} s per 1,000 rows" for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--keep", action="store_true", help="keep the scaled packages (their folders are printed)")
    parser.add_argument("--markdown", action="store_true", help="print only the Markdown table")
    args = parser.parse_args(argv)
    results = []
    for scale in args.scales:
        result = run_scale(scale, args.keep)
        results.append(result)
        if not args.markdown:
            print(json.dumps(result), flush=True)
    print(markdown(results))
    print(f"CPUs: {min(CPUS, len(os.sched_getaffinity(0)))} of {os.cpu_count()}; Python {sys.version.split()[0]}")
    print(growth(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

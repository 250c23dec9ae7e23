#!/usr/bin/env python3
"""Benchmark validate.py against `frictionless validate` on synthetically scaled copies.

    python scripts/benchmark.py                        # ×1, ×100, ×1000, corpora of 100 and 1,000 sources
    python scripts/benchmark.py --scales 1 --corpus    # a quick run (no corpus)
    python scripts/benchmark.py --rounds 5             # more interleaved rounds (median reported)
    python scripts/benchmark.py --update-doc           # ... and rewrite the results in docs/benchmark.md
    python scripts/benchmark.py --build 1000 DIR       # only write the ×1000 package into DIR
    python scripts/benchmark.py --build 1000 DIR --distinct-sources
    python scripts/benchmark.py --suite --rounds 3 --update-doc   # the test suite against one validate.py run

Scale N builds a package with N copies of everything: the source text is copied N-1 times as new
sources (new ids and files), and every row of every resource except `sources` and the SHARED ones
is copied once per new source with fresh ids (`<id>-x<k>`), pointing at that source and at the
copies of the rows it references (every foreign key into a copied resource, issuer lists,
formulas). Regions (places), the glossary and the definitions (the vocabulary of indicator and
program codes) are the same in every copy, so they are shared. The curation files that name a
source (sentence and mention exclusions) get one row per source, the note-figure declarations
one per copied row, and the release files are copied (the `package-files` check wants them). A
copy's designation of a program some indicator counts names the original's member, and a copy's
indicators count nothing (`counted_programs`). The scaled package is valid exactly when the real
one is, so the timings measure the normal path. Each resource restates the CSV delimiter, which
frictionless alone would otherwise guess from a sample (wrongly for works.csv at ×100). A package
over validate.py's size limits is timed with only those limits lifted (LIFTED), and the results
say so.

With --distinct-sources (the "corpus"), every copy of the source text is a different text (a
different run of spaces and tabs after its last segment, which the tiling rule allows), so
nothing can be computed once per text and reused; and the coverage exclusions are kept per
source: the exclusions file gains a `source_id` column and one row per source and exclusion.

Every package is built first; then, for each round, every package is validated by both
`python validate.py DIR --json` and `python -m frictionless validate DIR/datapackage.json`,
one child at a time, pinned to 2 CPUs, alternating which goes first. CPU time (user + system)
and peak resident memory come from the child's own `rusage` (`os.wait4`). The machine may be
shared, so CPU time is the measure (wall time is also printed); the median over rounds is kept.
The checks that read meaning beyond form (MEANING) are summed apart: their share is their seconds
over the rest of the run (preflight, load and the other checks), from validate.py's own report.

With --suite, the test suite (`python -m pytest -q`, as `make test` runs it after lint) and
`python validate.py` on the package are run in turn, `rounds` times each: the suite's wall time
over one validate.py run's (the suite runs in parallel on the CPUs it is given, so wall time is
its measure; CPU time is shown too).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset_tools.csvio import read_rows, write_rows  # noqa: E402

SHARED = {"regions", "glossary", "definitions"}   # not copied: places, terms and the vocabulary of codes
#                                                  (indicators, programs) are the same in every copy
COUNTED_SUBJECTS = ("region_id", "organization_id", "brand_id", "policy_id")   # checks/counts.py SUBJECTS
PER_SOURCE_CURATION = ("sentence_exclusions.csv", "mention_exclusions.csv")   # rows name their source
RELEASE_FILES = ("LICENSE.md", "LICENSE-SOURCE.md", "README.md", "Makefile", "pyproject.toml", "validate.py")
EXCLUSIONS = Path("curation") / "coverage_exclusions.csv"
DOC = ROOT / "docs" / "benchmark.md"
DOC_START, DOC_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
SUITE_START, SUITE_END = "<!-- suite:start -->", "<!-- suite:end -->"
CPUS = 2
MEANING = ("evidence", "note-figures", "mentions", "duplicates", "statement-links", "english-labels",
           "designation-members", "figure-cues", "glossary", "definitions", "pinyin-names", "references")
"""The checks that read meaning beyond form (docs/validation.md): whether each typed cell is supported by its
quote, what notes and mentions say, one rendering per term. Their cost is reported apart (meaning_share)."""


def suffix(value: str, k: int) -> str:
    return f"{value}-x{k}" if value else value


def copied_references(schema: dict, resource: str) -> set[str]:
    """The columns whose foreign key points at a copied resource (itself included; not `sources`,
    whose ids are set per copy, nor the SHARED resources)."""
    return {key["fields"] for key in schema.get("foreignKeys", []) if isinstance(key.get("fields"), str)
            and (key["reference"].get("resource") or resource) not in SHARED | {"sources"}}


def counted_programs() -> set[str]:
    """Programs whose members an indicator counts. The `counts` check counts a program's members
    in all sources together, so a copy's designation of such a program names the original's
    member (region, organisation, brand or policy: the same name, in the same words), and the
    copies' indicators count nothing: otherwise every copy would add members to a list its source
    calls complete."""
    _, rows = read_rows(ROOT / "resources" / "indicators.csv")
    return {row["counts_program"] for row in rows if row.get("counts_program")}


def copy_row(resource: str, row: dict, k: int, source_id: str, count: int, references: set[str]) -> dict:
    """Row `row` for copy k: fresh id, its source, and the copies of the rows it points at
    (`references`, also where the note names them by id; `count` rows per copy: a segment's unique
    `position` moves on by k * count).
    A copy's indicators claim no count of listed members (see `counted_programs`)."""
    new = dict(row, id=suffix(row["id"], k), source_id=source_id)
    if resource == "segments":
        new["position"] = str(int(row["position"]) + k * count)
    if resource == "indicators" and new.get("counts_program"):
        new["counts_program"], new["list_complete"] = "", ""
    for column in references:
        if column in new:
            new[column] = suffix(new[column], k)
    if resource == "aliases" and new.get("resource") not in SHARED:
        new["target_id"] = suffix(new["target_id"], k)
    if new.get("issuer_ids"):
        new["issuer_ids"] = ";".join(suffix(part, k) for part in new["issuer_ids"].split(";"))
    for column in references | {"issuer_ids"} if new.get("note") else ():   # a note names a linked row by its id:
        for old in filter(None, row.get(column, "").split(";")):           # the copy's note names the copy
            new["note"] = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", suffix(old, k), new["note"])
    if new.get("formula"):
        new["formula"] = re.sub(r"\{([^{}]*)\}", lambda m: "{" + suffix(m.group(1), k) + "}", new["formula"])
    return new


def distinct_tail(k: int) -> str:
    """Whitespace that makes copy k's text unlike every other copy's (k in binary: tab 1, space 0)."""
    return "\n" + format(k, "b").replace("1", "\t").replace("0", " ") + "\n"


def measured_source(row: dict, data: bytes) -> dict:
    """A sources.csv row with the checksum and counts of `data`."""
    text = data.decode("utf-8")
    return dict(row, sha256=hashlib.sha256(data).hexdigest(), byte_count=str(len(data)),
                char_count=str(len(text)), line_count=str(text.count("\n")))


def scale_sources(target: Path, scale: int, distinct: bool) -> list[dict]:
    """Write the source copies and sources.csv; return the source rows (original first)."""
    header, rows = read_rows(ROOT / "resources" / "sources.csv")
    original = rows[0]
    text_bytes = (ROOT / original["path"]).read_bytes()
    scaled = [original]
    for k in range(1, scale):
        path = f"sources/copy-{k:05d}.zh.txt"
        data = text_bytes + distinct_tail(k).encode("utf-8") if distinct else text_bytes
        (target / path).write_bytes(data)
        scaled.append(measured_source(dict(original, id=suffix(original["id"], k), path=path), data))
    write_rows(target / "resources" / "sources.csv", header, scaled)
    return scaled


def per_source_exclusions(target: Path, sources: list[dict]) -> None:
    """The exclusions file with a `source_id` column: every exclusion once per source."""
    header, rows = read_rows(ROOT / EXCLUSIONS)
    write_rows(target / EXCLUSIONS, ["source_id", *header],
               [dict(row, source_id=source["id"]) for source in sources for row in rows])


def build(scale: int, target: Path, distinct: bool = False) -> dict:
    """A package `scale` times the real one under `target`; returns row counts."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("schemas", "reference", "curation", "sources"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("CITATION.cff", "CHANGELOG.md", *RELEASE_FILES):   # package-files: what a release holds
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "requirements", target / "requirements")
    (target / "resources").mkdir()
    sources = scale_sources(target, scale, distinct)
    if distinct:
        per_source_exclusions(target, sources)
    for name in PER_SOURCE_CURATION:                        # one row per source and original row
        header, rows = read_rows(ROOT / "curation" / name)
        write_rows(target / "curation" / name, header,
                   [dict(row, source_id=source["id"]) for source in sources for row in rows])
    declared = target / "curation" / "note_figures.csv"     # declarations name rows: one per copy
    if declared.exists():
        header, rows = read_rows(declared)
        write_rows(declared, header, rows + [dict(row, row_id=suffix(row["row_id"], k))
                                             for k in range(1, scale) for row in rows])
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    counts, counted = {"sources": scale}, counted_programs()
    for entry in descriptor["resources"]:
        name = entry["name"]
        if name == "sources":
            continue
        header, rows = read_rows(ROOT / entry["path"])
        scaled = list(rows)
        if name not in SHARED:
            references = copied_references(json.loads((ROOT / entry["schema"]).read_text(encoding="utf-8")), name)
            members = references - set(COUNTED_SUBJECTS)   # for a designation of a counted program
            scaled += [copy_row(name, row, k, sources[k]["id"], len(rows),
                                members if name == "designations" and row["program"] in counted else references)
                       for k in range(1, scale) for row in rows]
        write_rows(target / entry["path"], header, scaled)
        counts[name] = len(scaled)
    finish_descriptor(descriptor, target, sources)
    return counts


def finish_descriptor(descriptor: dict, target: Path, sources: list[dict]) -> None:
    """Sizes and hashes of the scaled files; one `sources` entry (with sha256) per copy."""
    for entry in descriptor["resources"]:
        # frictionless alone guesses each file's dialect from a sample and, at some scales, guesses
        # wrong (works.csv at ×100): the dialect the allow-list lets a resource restate is stated
        entry["dialect"] = {"delimiter": ","}
        data = (target / entry["path"]).read_bytes()
        entry["bytes"], entry["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    original = descriptor["sources"][0]
    descriptor["sources"] += [dict(original, path=row["path"], sha256=row["sha256"]) for row in sources[1:]]
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")


def pin() -> None:
    """Run the child on at most CPUS processors (the '2 cores' target)."""
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:CPUS]))


def measure(command: list[str], cwd: Path) -> dict:
    """CPU seconds (user + system), wall seconds, peak RSS (MiB), exit code and stdout of one child."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, preexec_fn=pin,
                                 env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        _, status, usage = os.wait4(child.pid, 0)   # this child's own rusage (ru_maxrss in KiB on Linux)
        wall = time.perf_counter() - started
        out.seek(0)
        return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "mib": usage.ru_maxrss / 1024,
                "exit": os.waitstatus_to_exitcode(status), "stdout": out.read().decode("utf-8", "replace")}


def build_in_child(scale: int, folder: Path, distinct: bool) -> None:
    """Build in a child process: a child's peak memory (ru_maxrss) starts from its parent's at
    fork time on Linux, so this process must stay small for the measurements to be true."""
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--build", str(scale), str(folder)]
                   + (["--distinct-sources"] if distinct else []), check=True)


def data_rows(folder: Path) -> dict[str, int]:
    """Data rows of every resource, counted as CSV records (streamed)."""
    counts = {}
    for path in (folder / "resources").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            counts[path.stem] = sum(1 for _ in csv.reader(handle)) - 1
    return counts


def sizes(folder: Path) -> dict:
    """What the scaled package is, against validate.py's limits (limits.py): per file and, for
    rows, in all files together. `lifted` when one of them refuses it (see LIFTED)."""
    from dataset_tools.validate.limits import MAX_FILE_BYTES, MAX_ROWS, MAX_TOTAL_ROWS
    counts = data_rows(folder)
    largest = max((folder / "resources").glob("*.csv"), key=lambda path: path.stat().st_size)
    return {"rows": sum(counts.values()) - counts.get("sources", 0), "largest": largest.name,
            "largest_bytes": largest.stat().st_size, "max_file_bytes": MAX_FILE_BYTES,
            "most_rows": max(counts.values()), "max_rows": MAX_ROWS,
            "total_rows": sum(counts.values()), "max_total_rows": MAX_TOTAL_ROWS,
            "lifted": max(counts.values()) > MAX_ROWS or sum(counts.values()) > MAX_TOTAL_ROWS
            or largest.stat().st_size > MAX_FILE_BYTES}


# validate.py with only the size limits lifted (limits.py's MAX_ROWS, MAX_TOTAL_ROWS and MAX_FILE_BYTES,
# guards for hostile input; set before any module reads them), for a scaled package over them:
# the checks are timed, the refusal is not. The process's CPU, memory and time caps still apply.
LIFTED = ("import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); "
          "import dataset_tools.validate.limits as limits; "
          "limits.MAX_ROWS = limits.MAX_TOTAL_ROWS = 10**9; limits.MAX_FILE_BYTES = 2**31; "
          "from dataset_tools.validate.cli import main; sys.exit(main(sys.argv[2:]))")


def as_report(stdout: str) -> dict:
    try:
        return json.loads(stdout)
    except ValueError:
        return {}


def commands(folder: Path, lifted: bool = False) -> dict[str, list[str]]:
    ours = ([sys.executable, "-c", LIFTED, str(ROOT)] if lifted else [sys.executable, str(ROOT / "validate.py")])
    return {"validate": [*ours, str(folder), "--json"],
            "frictionless": [sys.executable, "-m", "frictionless", "validate", str(folder / "datapackage.json")]}


def median_of(runs: list[dict]) -> dict:
    """Median CPU, wall and memory of several runs (exit code and report of the last)."""
    return {"cpu": statistics.median(r["cpu"] for r in runs), "wall": statistics.median(r["wall"] for r in runs),
            "mib": statistics.median(r["mib"] for r in runs), "exit": runs[-1]["exit"],
            "cpus": [round(r["cpu"], 2) for r in runs]}


def meaning_share(report: dict) -> float | None:
    """The MEANING checks' seconds over the rest of one run (preflight, load and the other checks)."""
    seconds = {g["name"]: g["seconds"] or 0.0 for g in report.get("checks", []) if g["kind"] == "check"}
    total = report.get("timings", {}).get("total")
    meaning = sum(seconds.get(name, 0.0) for name in MEANING)
    return meaning / (total - meaning) if total and total > meaning else None


def summary(config: dict, runs: dict[str, list[dict]]) -> dict:
    """One line of results: both validators' medians and what validate.py's report says."""
    report = as_report(runs["validate"][-1]["stdout"])
    seconds = {g["name"]: g["seconds"] or 0.0 for g in report.get("checks", []) if g["kind"] == "check"}
    timings = report.get("timings", {})
    ours, theirs = median_of(runs["validate"]), median_of(runs["frictionless"])
    shares = [meaning_share(as_report(run["stdout"])) for run in runs["validate"]]
    return {"meaning_s": sum(seconds.get(name, 0.0) for name in MEANING),
            "meaning_shares": [round(share, 3) for share in shares if share is not None],
            "meaning_share": statistics.median([share for share in shares if share is not None] or [0.0]),
            "label": config["label"], "scale": config["scale"], "rows": config["rows"],
            **{key: config[key] for key in ("largest", "largest_bytes", "max_file_bytes", "most_rows", "max_rows",
                                            "total_rows", "max_total_rows", "lifted")},
            "status": report.get("status", "no report"),
            "validate": ours, "frictionless": theirs,
            "cpu_ratio": ours["cpu"] / theirs["cpu"], "memory_ratio": ours["mib"] / theirs["mib"],
            "table_s": seconds.get("table", 0.0),
            "other_s": sum(v for k, v in seconds.items() if k != "table" and k not in MEANING),
            "read_s": timings.get("preflight", 0.0) + timings.get("load", 0.0),
            "slowest": max(((round(v, 2), k) for k, v in seconds.items() if k != "table"), default=(0.0, "-"))}


def run(configs: list[dict], rounds: int, keep: bool, quiet: bool) -> list[dict]:
    """Build every package, then time both validators on each, interleaved, `rounds` times."""
    for config in configs:
        config["folder"] = Path(tempfile.mkdtemp(prefix=f"benchmark-{config['slug']}-"))
        build_in_child(config["scale"], config["folder"], config["distinct"])
        config.update(sizes(config["folder"]))
    runs: dict[str, dict[str, list[dict]]] = {config["slug"]: {"validate": [], "frictionless": []}
                                              for config in configs}
    try:
        for number in range(rounds):
            for config in configs:
                order = ["validate", "frictionless"] if number % 2 == 0 else ["frictionless", "validate"]
                for tool in order:
                    result = measure(commands(config["folder"], config["lifted"])[tool], config["folder"])
                    runs[config["slug"]][tool].append(result)
                    if not quiet:
                        print(f"round {number + 1} {config['label']} {tool}: {result['cpu']:.2f} s CPU, "
                              f"{result['wall']:.2f} s wall, {result['mib']:.0f} MiB, exit {result['exit']}",
                              file=sys.stderr, flush=True)
    finally:
        for config in configs:
            if keep:
                print(f"kept {config['folder']}", file=sys.stderr)
            else:
                shutil.rmtree(config["folder"], ignore_errors=True)
    return [summary(config, runs[config["slug"]]) for config in configs]


def markdown(results: list[dict], rounds: int) -> str:
    """The results as a Markdown table (docs/benchmark.md)."""
    lines = ["| package | data rows | validate.py CPU (s) | frictionless CPU (s) | CPU ratio | validate.py "
             "peak MiB | frictionless peak MiB | memory ratio | exit | `table` (s) | meaning checks (s) | meaning "
             "share (rounds) | other checks (s) | preflight + load (s) | slowest check but `table` |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        ours, theirs = r["validate"], r["frictionless"]
        label = r["label"] + (" (size limits lifted)" if r["lifted"] else "")
        lines.append(f"| {label} | {r['rows']:,} | {ours['cpu']:.2f} | {theirs['cpu']:.2f} | "
                     f"{r['cpu_ratio']:.2f} | {ours['mib']:.0f} | {theirs['mib']:.0f} | {r['memory_ratio']:.2f} | "
                     f"{ours['exit']} ({r['status']}) | {r['table_s']:.2f} | {r['meaning_s']:.2f} | "
                     f"{r['meaning_share']:.0%} ({', '.join(f'{x:.0%}' for x in r['meaning_shares'])}) | "
                     f"{r['other_s']:.2f} | "
                     f"{r['read_s']:.2f} | {r['slowest'][1]} {r['slowest'][0]:.2f} s |")
    cpus = min(CPUS, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else CPUS
    lines += ["", f"Median of {rounds} interleaved round(s); {cpus} CPUs of {os.cpu_count()}; "
              f"Python {sys.version.split()[0]}; CPU = user + system time of the child process; "
              "the per-check columns are wall seconds from validate.py's own report; the meaning share is the meaning "
              "checks' seconds over the rest of the same run, median and each round.", ""]
    lines += [limits_line(r) for r in results if r["scale"] > 1]
    return "\n".join(lines) + "\n"


def limits_line(r: dict) -> str:
    """How far a scaled package is from validate.py's per-file limits, and at what scale it meets them."""
    per_copy_bytes, per_copy_rows = r["largest_bytes"] / r["scale"], r["most_rows"] / r["scale"]
    return (f"* {r['label']}: the largest file, resources/{r['largest']}, is {r['largest_bytes'] / 2**20:.1f} MiB of "
            f"the {r['max_file_bytes'] / 2**20:.0f} MiB per-file limit (reached at about "
            f"×{r['max_file_bytes'] / per_copy_bytes:,.0f}); the longest file has {r['most_rows']:,} of the "
            f"{r['max_rows']:,} rows allowed (reached at about ×{r['max_rows'] / per_copy_rows:,.0f}); all files "
            f"have {r['total_rows']:,} of the {r['max_total_rows']:,} rows allowed together (reached at about "
            f"×{r['max_total_rows'] * r['scale'] / r['total_rows']:,.0f})"
            + ("; validate.py refuses it, so it is timed with the size limits lifted." if r["lifted"] else "."))


def update_doc(table: str, command: str, start: str = DOC_START, end: str = DOC_END) -> None:
    """Replace a generated results block of docs/benchmark.md (the scales', or the suite's)."""
    text = DOC.read_text(encoding="utf-8")
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    block = f"{start}\n{table}\nProduced by `{command}` on {time.strftime('%Y-%m-%d')}.\n{end}"
    DOC.write_text(before + block + after, encoding="utf-8")


def suite(rounds: int, quiet: bool) -> dict:
    """The test suite and validate.py on the package, in turn, `rounds` times: medians and each round."""
    runs: dict[str, list[dict]] = {"suite": [], "validate": []}
    for number in range(rounds):
        for tool, command in (("validate", [sys.executable, str(ROOT / "validate.py")]),
                              ("suite", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])):
            result = measure(command, ROOT)
            runs[tool].append(result)
            if not quiet:
                print(f"round {number + 1} {tool}: {result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU, "
                      f"exit {result['exit']}", file=sys.stderr, flush=True)
    tests = re.findall(r"(\d+) passed", runs["suite"][-1]["stdout"])
    return {"tests": int(tests[-1]) if tests else 0, "exit": max(r["exit"] for r in runs["suite"]),
            **{tool: {"wall": statistics.median(r["wall"] for r in found),
                      "cpu": statistics.median(r["cpu"] for r in found),
                      "walls": [round(r["wall"], 2) for r in found]} for tool, found in runs.items()}}


def suite_markdown(result: dict, rounds: int) -> str:
    """The suite's timing as a Markdown table (docs/benchmark.md)."""
    ours, tests = result["validate"], result["suite"]
    cpus = min(CPUS, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else CPUS
    return "\n".join([
        "| run | wall (s) | CPU (s) | wall of each round (s) |", "|---|---:|---:|---|",
        f"| `python -m pytest -q`: {result['tests']} passed (exit {result['exit']}) | {tests['wall']:.1f} | "
        f"{tests['cpu']:.1f} | {', '.join(map(str, tests['walls']))} |",
        f"| `python validate.py` on the package | {ours['wall']:.2f} | {ours['cpu']:.2f} | "
        f"{', '.join(map(str, ours['walls']))} |",
        f"| the suite ÷ one validate.py run | **{tests['wall'] / ours['wall']:.0f}×** | "
        f"{tests['cpu'] / ours['cpu']:.0f}× | |",
        "", f"Median of {rounds} round(s), the two in turn; {cpus} CPUs of {os.cpu_count()}; Python "
        f"{sys.version.split()[0]}; CPU = user + system time of the child and the processes it waited for.", ""])


def configs_of(scales: list[int], corpus: list[int]) -> list[dict]:
    found = [{"scale": n, "distinct": False, "label": f"×{n}", "slug": f"x{n}"} for n in scales]
    return found + [{"scale": n, "distinct": True, "label": f"{n:,} distinct sources", "slug": f"corpus{n}"}
                    for n in corpus]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 100, 1000])
    parser.add_argument("--corpus", type=int, nargs="*", default=[100, 1000],
                        help="sizes of distinct-source corpora to time (none with an empty list)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    parser.add_argument("--build", nargs=2, metavar=("N", "DIR"),
                        help="only write the ×N package into DIR (which must not exist or be empty)")
    parser.add_argument("--distinct-sources", action="store_true", help="with --build: every source text distinct")
    parser.add_argument("--keep", action="store_true", help="keep the scaled packages (their folders are printed)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON lines too")
    parser.add_argument("--update-doc", action="store_true", help="rewrite the results block of docs/benchmark.md")
    parser.add_argument("--suite", action="store_true",
                        help="time the test suite against one validate.py run instead of the scaled packages")
    args = parser.parse_args(argv)
    command = "python scripts/benchmark.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.suite:
        timing = suite(args.rounds, quiet=False)
        table = suite_markdown(timing, args.rounds)
        print(json.dumps(timing) + "\n" if args.json else "", end="")
        print(table)
        if args.update_doc:
            update_doc(table, command, SUITE_START, SUITE_END)
        return 0
    if args.build:
        target = Path(args.build[1])
        if target.exists() and any(target.iterdir()):
            parser.error(f"{target} is not empty")
        build(int(args.build[0]), target, args.distinct_sources)
        return 0
    results = run(configs_of(args.scales, args.corpus), args.rounds, args.keep, quiet=False)
    if args.json:
        for result in results:
            print(json.dumps(result))
    table = markdown(results, args.rounds)
    print(table)
    if args.update_doc:
        update_doc(table, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())

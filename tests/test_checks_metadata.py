"""The `metadata` check: versions agree and the descriptor describes the files truthfully."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.test_checks_support import read, validate_copy

DESCRIPTOR = "datapackage.json"


def edit_descriptor(root, change):
    data = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    change(data)
    (root / DESCRIPTOR).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def version(root: Path) -> str:
    return json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))["version"]


def test_a_bumped_version_is_named_in_the_citation_and_the_changelog(package_copy):
    old = version(package_copy)
    major, minor, patch = old.split("-")[0].split(".")
    bumped = f"{major}.{minor}.{int(patch) + 1}"  # a well-formed version (the allow-list refuses others)
    edit_descriptor(package_copy, lambda d: d.update(
        version=bumped, bibliographicCitation=d["bibliographicCitation"].replace(
            f"version {d['version']}", f"version {bumped}")))
    code, report = validate_copy(package_copy)
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert code == 1 and [(p["code"], p["file"], p["column"]) for p in problems] == [
        ("metadata.cff-version-mismatch", "CITATION.cff", "version"),
        ("metadata.changelog-version-mismatch", "CHANGELOG.md", None)]
    assert (problems[0]["found"], problems[0]["expected"]) == (old, bumped)


def test_a_citation_of_another_version_is_named(package_copy):
    edit_descriptor(package_copy, lambda d: d.update(
        bibliographicCitation=d["bibliographicCitation"].replace(f"version {d['version']}", "version 0.0.1")))
    code, report = validate_copy(package_copy)
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert code == 1 and [(p["code"], p["file"], p["column"]) for p in problems] == \
        [("metadata.citation-version", DESCRIPTOR, "bibliographicCitation")]
    assert problems[0]["expected"] == f"... (version {version(package_copy)}) ..."


def test_a_stale_hash_is_named(package_copy):
    header, rows = read(package_copy, "brands")
    buffer = io.StringIO()  # same cells, every one quoted: other bytes, same table
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([[row[name] for name in header] for row in rows])
    (package_copy / "resources" / "brands.csv").write_text(buffer.getvalue(), encoding="utf-8")
    index = [r["name"] for r in json.loads((package_copy / DESCRIPTOR).read_text())["resources"]].index("brands")
    code, report = validate_copy(package_copy)
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert code == 1 and {(p["code"], p["file"], p["column"], p["row_id"]) for p in problems} == {
        ("metadata.bytes-mismatch", DESCRIPTOR, f"resources[{index}].bytes", "brands"),
        ("metadata.hash-mismatch", DESCRIPTOR, f"resources[{index}].hash", "brands")}


def test_an_unlisted_csv_is_named(package_copy):
    (package_copy / "resources" / "extra.csv").write_text("id\nx\n", encoding="utf-8")
    code, report = validate_copy(package_copy, ["metadata"])
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert code == 1
    assert [(p["code"], p["found"]) for p in problems] == [("metadata.unlisted-csv", "resources/extra.csv")]


def test_the_newest_release_must_be_dated(package_copy):
    changelog = package_copy / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    version = json.loads((package_copy / DESCRIPTOR).read_text())["version"]
    head = f"## [{version}]"
    line = next(line for line in text.splitlines() if line.startswith(head))
    changelog.write_text(text.replace(line, head), encoding="utf-8")
    code, report = validate_copy(package_copy, ["metadata"])
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert code == 1 and [(p["code"], p["file"], p["found"]) for p in problems] == \
        [("metadata.changelog-undated", "CHANGELOG.md", head)]


def test_one_encoding_rule_decides_and_says_it_once(package_copy):
    """"UTF8" is not the declared name utf-8: preflight refuses it once and metadata repeats nothing;
    "UTF-8" (the same name in capitals) is accepted by both."""
    def declare(encoding):
        edit_descriptor(package_copy, lambda d: next(r for r in d["resources"] if r["name"] == "speakers")
                        .update(encoding=encoding))
        return validate_copy(package_copy)

    code, report = declare("UTF8")
    found = [(p["code"], p["message"]) for entry in report["checks"] for p in entry["problems"]
             if "encoding" in p["message"] or p["code"].startswith("metadata.")]
    assert code == 1 and len(found) == 1, found
    assert found[0][0] == "descriptor.encoding-not-utf8" and "encoding must be 'utf-8', found 'UTF8'" in found[0][1]
    code, report = declare("UTF-8")
    assert code == 0, report["summary"]

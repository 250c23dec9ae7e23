"""The `metadata` check: versions agree and the descriptor describes the files truthfully."""
from __future__ import annotations

import csv
import io
import json

from tests.test_checks_support import group, read, validate_json

DESCRIPTOR = "datapackage.json"


def edit_descriptor(root, change):
    data = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    change(data)
    (root / DESCRIPTOR).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def only_metadata_names(report, code, file, column):
    assert code == 1
    hits = [p for p in group(report, "metadata")["problems"] if p["file"] == file and p["column"] == column]
    assert hits, group(report, "metadata")["problems"]
    others = [p for entry in report["checks"] if entry["name"] != "metadata" for p in entry["problems"]
              if p["file"] == file and p["column"] == column]
    assert not others
    return hits


def test_a_bumped_version_is_named(package_copy):
    edit_descriptor(package_copy, lambda d: d.update(version=d["version"] + ".1"))
    code, report = validate_json(package_copy)
    hits = only_metadata_names(report, code, "CITATION.cff", "version")
    assert hits[0]["expected"].endswith(".1")


def test_a_citation_of_another_version_is_named(package_copy):
    edit_descriptor(package_copy, lambda d: d.update(
        bibliographicCitation=d["bibliographicCitation"].replace(f"version {d['version']}", "version 0.0.1")))
    code, report = validate_json(package_copy)
    hits = only_metadata_names(report, code, DESCRIPTOR, "bibliographicCitation")
    assert "(version" in hits[0]["expected"]


def test_a_stale_hash_is_named(package_copy):
    header, rows = read(package_copy, "brands")
    buffer = io.StringIO()  # same cells, every one quoted: other bytes, same table
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows([[row[name] for name in header] for row in rows])
    (package_copy / "resources" / "brands.csv").write_text(buffer.getvalue(), encoding="utf-8")
    index = [r["name"] for r in json.loads((package_copy / DESCRIPTOR).read_text())["resources"]].index("brands")
    code, report = validate_json(package_copy)
    hits = only_metadata_names(report, code, DESCRIPTOR, f"resources[{index}].hash")
    assert hits[0]["row_id"] == "brands"
    assert group(report, "table")["status"] == "passed"


def test_an_unlisted_csv_is_named(package_copy):
    (package_copy / "resources" / "extra.csv").write_text("id\nx\n", encoding="utf-8")
    code, report = validate_json(package_copy, "--check", "metadata")
    assert code == 1
    assert any(p["found"] == "resources/extra.csv" for p in group(report, "metadata")["problems"])


def test_the_newest_release_must_be_dated(package_copy):
    changelog = package_copy / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    version = json.loads((package_copy / DESCRIPTOR).read_text())["version"]
    head = f"## [{version}]"
    line = next(line for line in text.splitlines() if line.startswith(head))
    changelog.write_text(text.replace(line, head), encoding="utf-8")
    code, report = validate_json(package_copy, "--check", "metadata")
    assert code == 1
    assert any("date" in p["message"] for p in group(report, "metadata")["problems"])


def test_one_encoding_rule_decides_and_says_it_once(package_copy):
    """"UTF8" is not the declared name utf-8: preflight refuses it once and metadata repeats nothing;
    "UTF-8" (the same name in capitals) is accepted by both."""
    def declare(encoding):
        edit_descriptor(package_copy, lambda d: next(r for r in d["resources"] if r["name"] == "speakers")
                        .update(encoding=encoding))
        return validate_json(package_copy)

    code, report = declare("UTF8")
    found = [(entry["name"], p["message"]) for entry in report["checks"] for p in entry["problems"]]
    assert code == 1 and len([f for f in found if "encoding" in f[1]]) == 1, found
    assert found[0][0] == "descriptor" and "encoding must be 'utf-8', found 'UTF8'" in found[0][1]
    assert group(report, "metadata")["problems"] == []
    code, report = declare("UTF-8")
    assert code == 0, report["summary"]

"""Curator's tool: refresh the size and checksum fields of `datapackage.json`.

    python -m dataset_tools.curate.descriptor          # rewrite bytes/hash of every resource and source
    python -m dataset_tools.curate.descriptor --check  # report what is stale, write nothing

Run it after editing any CSV (the `metadata` check of validate.py fails until you do). It also
writes a resource's Data Package v1 `"profile": "tabular-data-resource"` in its v2 form,
`"type": "table"` (the descriptor follows the v2 profile; see profiles/README.md).
Validation itself never writes: this is a deliberate curator step.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_fields(root: Path, descriptor: dict) -> list[tuple[dict, str, object]]:
    """(object, key, value it should hold) for every size and checksum the descriptor carries."""
    wanted: list[tuple[dict, str, object]] = []
    for resource in descriptor.get("resources", []):
        if resource.get("profile") == "tabular-data-resource" or (resource.get("schema") and "type" not in resource):
            wanted.append((resource, "type", "table"))
        path = root / resource["path"]
        wanted.append((resource, "bytes", path.stat().st_size))
        wanted.append((resource, "hash", "sha256:" + sha256_of(path)))
    for source in descriptor.get("sources", []):
        if "sha256" in source:
            wanted.append((source, "sha256", sha256_of(root / source["path"])))
        if str(source.get("version", "")).startswith("sha256:"):  # a source versioned by its content
            wanted.append((source, "version", "sha256:" + sha256_of(root / source["path"])))
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.descriptor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report stale fields, write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    path = args.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    stale = [(obj, key, value) for obj, key, value in expected_fields(args.root, descriptor) if obj.get(key) != value]
    for obj, key, value in stale:
        print(f"{obj.get('name') or obj.get('path')}: {key} {obj.get(key)!r} -> {value!r}")
    if args.check:
        return 1 if stale else 0
    for obj, key, value in stale:
        obj[key] = value
        if key == "type":
            obj.pop("profile", None)
    if stale:
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{path}: {len(stale)} field(s) updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

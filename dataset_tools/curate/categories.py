"""Curator's tool: write each coded field's `categories` (Table Schema v2) from its `constraints.enum`.

    python -m dataset_tools.curate.categories          # rewrite schemas/*.json where stale
    python -m dataset_tools.curate.categories --check  # exit 1 when a schema is stale; write nothing

The single source of a coded field's values is `constraints.enum` (what frictionless enforces
on every cell). `categories` says the same to v2 readers (a field that may be loaded as a
categorical type); it is never typed by hand, so the two cannot drift. A field without an enum
has no `categories`. `make descriptor` runs this tool; a test fails when a schema is stale.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT


def schema_paths(root: Path) -> list[Path]:
    """The Table Schema files datapackage.json names (in its order)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [root / r["schema"] for r in descriptor.get("resources", []) if isinstance(r.get("schema"), str)]


def with_categories(field: dict) -> dict:
    """The field with `categories` equal to its enum, placed right after `constraints` (or removed)."""
    enum = field.get("constraints", {}).get("enum")
    out = {}
    for key, value in field.items():
        if key == "categories":
            continue
        out[key] = value
        if key == "constraints" and enum:
            out["categories"] = list(enum)
    return out


def render(schema: dict) -> str:
    """The schema file's text with every field's categories regenerated."""
    fresh = dict(schema, fields=[with_categories(f) for f in schema.get("fields", [])])
    return json.dumps(fresh, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.categories", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a schema is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    stale = []
    for path in schema_paths(args.root):
        current = path.read_text(encoding="utf-8")
        fresh = render(json.loads(current))
        if fresh != current:
            stale.append(path)
            if not args.check:
                path.write_text(fresh, encoding="utf-8")
    for path in stale:
        state = "stale" if args.check else "regenerated"
        print(f"{path.relative_to(args.root)}: categories {state} from constraints.enum")
    if args.check and stale:
        print("run `make descriptor` (python -m dataset_tools.curate.categories)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `python -m dataset_tools.publish.site [--root PKG] [--out DIR]` (`make site`).

Exit codes: 0 site written; 1 refused (the package does not validate, or the output folder holds
files the site did not write).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset_tools.publish.site import PACKAGE_ROOT, SiteError, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.site", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/dist/site)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "dist" / "site").resolve()
    try:
        written = build(root, out)
    except SiteError as error:
        print(f"Refusing to build the site: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"  {path}  ({path.stat().st_size} bytes)")
    print(f"Site written to {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

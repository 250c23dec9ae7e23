"""Command line: `python -m dataset_tools.publish.site [--root PKG] [--dist DIR]` (`make site`).

Writes DIR/site (default ROOT/dist/site) under the same rules as the exports (docs/security.md):
no network, a wall-clock limit, writes only inside a real DIR. Exit codes: 0 site written; 1
refused (the package does not validate, DIR is a link, or the site folder holds other files).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dataset_tools.guard import apply_wall_clock_limit, cancel_wall_clock_limit, no_network, visible, visible_lines
from dataset_tools.publish.site import PACKAGE_ROOT, SiteError, build
from dataset_tools.validate.limits import WALL_CLOCK_SECONDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.site", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    parser.add_argument("--dist", type=Path, help="output folder; the site goes to DIST/site (default: ROOT/dist)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    dist = Path(os.path.abspath(args.dist or root / "dist"))   # not resolved: a link is refused, not followed
    apply_wall_clock_limit(WALL_CLOCK_SECONDS, "site")
    try:
        with no_network():
            written = build(root, dist)
    except SiteError as error:
        print(f"Refusing to build the site: {visible_lines(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # an unforeseen failure is one line, never a traceback
        print(f"Refusing to build the site: internal error {type(error).__name__}: {visible(error)}", file=sys.stderr)
        return 1
    finally:
        cancel_wall_clock_limit()
    for path in written:
        print(f"  {path}  ({path.stat().st_size} bytes)")
    print(f"Site written to {dist / 'site'}; open {dist / 'site' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

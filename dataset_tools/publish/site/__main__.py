"""Command line: `python -m dataset_tools.publish.site [--root PKG] [--dist DIR]` (`make site`).

Writes DIR/site (default ROOT/dist/site) under the same rules as the exports (docs/security.md):
no network, a wall-clock limit, writes only inside a real DIR. Exit codes: 0 site written; 1
refused (the package does not validate, DIR is a link, or the site folder holds other files).
"""
from __future__ import annotations

import sys

from dataset_tools.publish.command import folders, parser, run_guarded
from dataset_tools.publish.site import SiteError, build


def main(argv: list[str] | None = None) -> int:
    args = parser("python -m dataset_tools.publish.site", __doc__,
                  "output folder; the site goes to DIST/site (default: ROOT/dist)").parse_args(argv)
    root, dist = folders(args)
    written = run_guarded("site", "build the site", lambda: build(root, dist), SiteError)
    if written is None:
        return 1
    for path in written:
        print(f"  {path}  ({path.stat().st_size} bytes)")
    print(f"Site written to {dist / 'site'}; open {dist / 'site' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

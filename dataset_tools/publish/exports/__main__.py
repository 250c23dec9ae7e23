"""Command line: `python -m dataset_tools.publish.exports [--root PKG] [--dist OUT] [--browse [--port N]]`.

Exit codes: 0 exports written (and, with --browse, the server stopped cleanly); 1 refused (the
package does not validate, or the output folder holds foreign files or is a symbolic link) or
the export failed; 2 stopped at the time limit. No network access is possible while the exports
are built (only `--browse` then serves on the loopback interface); see docs/security.md.
"""
from __future__ import annotations

import argparse
import sys

from dataset_tools.publish.command import folders, parser, run_guarded
from dataset_tools.publish.exports import ExportError, build, outputs
from dataset_tools.publish.exports.browse import DEFAULT_HOST, DEFAULT_PORT, serve
from dataset_tools.publish.exports.model import load_package


def parse(argv: list[str] | None) -> argparse.Namespace:
    made = parser("python -m dataset_tools.publish.exports", __doc__, "output folder (default: ROOT/dist)")
    made.add_argument("--browse", action="store_true", help="serve the SQLite export with Datasette afterwards")
    made.add_argument("--host", default=DEFAULT_HOST, help="address to serve on (default: loopback only)")
    made.add_argument("--port", type=int, default=DEFAULT_PORT)
    return made.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    root, dist = folders(args)
    written = run_guarded("exports", "export", lambda: build(root, dist), ExportError)
    if written is None:
        return 1
    for path in written:
        print(f"  {path.relative_to(dist.parent)}  ({path.stat().st_size} bytes)")
    print(f"Exports written to {dist}; check them with: cd {dist} && sha256sum -c SHA256SUMS")
    if not args.browse:
        return 0
    package = load_package(root)
    paths = outputs(package)
    return serve(dist / paths["sqlite"], dist / paths["metadata"], package.name, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())

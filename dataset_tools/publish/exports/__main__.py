"""Command line: `python -m dataset_tools.publish.exports [--root PKG] [--dist OUT] [--browse [--port N]]`.

Exit codes: 0 exports written (and, with --browse, the server stopped cleanly); 1 refused (the
package does not validate, or the output folder holds foreign files or is a symbolic link) or
the export failed; 2 stopped at the time limit. No network access is possible while the exports
are built (only `--browse` then serves on the loopback interface); see docs/security.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dataset_tools.guard import apply_wall_clock_limit, cancel_wall_clock_limit, no_network, visible, visible_lines
from dataset_tools.publish.exports import PACKAGE_ROOT, ExportError, build, outputs
from dataset_tools.publish.exports.browse import DEFAULT_HOST, DEFAULT_PORT, serve
from dataset_tools.publish.exports.model import load_package
from dataset_tools.validate.limits import WALL_CLOCK_SECONDS


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.exports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    parser.add_argument("--dist", type=Path, help="output folder (default: ROOT/dist)")
    parser.add_argument("--browse", action="store_true", help="serve the SQLite export with Datasette afterwards")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to serve on (default: loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    return parser.parse_args(argv)


def run_build(root: Path, dist: Path) -> list[Path] | None:
    """build() with the network closed; None (after one message on stderr) when it refuses or fails."""
    try:
        with no_network():
            return build(root, dist)
    except ExportError as error:
        print(f"Refusing to export: {visible_lines(error)}", file=sys.stderr)
    except Exception as error:  # an unforeseen failure is one line, never a traceback
        print(f"Refusing to export: internal error {type(error).__name__}: {visible(error)}", file=sys.stderr)
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    root = args.root.resolve()
    dist = Path(os.path.abspath(args.dist or root / "dist"))   # not resolved: a link is refused, not followed
    apply_wall_clock_limit(WALL_CLOCK_SECONDS, "exports")
    try:
        written = run_build(root, dist)
    finally:
        cancel_wall_clock_limit()
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

"""Command line: `python -m dataset_tools.publish.exports [--root PKG] [--dist OUT] [--browse [--port N]]`.

Exit codes: 0 exports written (and, with --browse, the server stopped cleanly); 1 refused (the
package does not validate, or the output folder holds foreign files) or the export failed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset_tools.publish.exports import PACKAGE_ROOT, ExportError, build, outputs
from dataset_tools.publish.exports.browse import DEFAULT_HOST, DEFAULT_PORT, serve
from dataset_tools.publish.exports.model import load_package


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.exports", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    parser.add_argument("--dist", type=Path, help="output folder (default: ROOT/dist)")
    parser.add_argument("--browse", action="store_true", help="serve the SQLite export with Datasette afterwards")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to serve on (default: loopback only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    root = args.root.resolve()
    dist = (args.dist or root / "dist").resolve()
    try:
        written = build(root, dist)
    except ExportError as error:
        print(f"Refusing to export: {error}", file=sys.stderr)
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

"""What the publishing commands share (`make exports`, `make site`, `make release`): their two
options and the rules they run under (docs/security.md): a wall-clock limit, the network closed,
and a refusal or an unforeseen failure reported as one line on stderr, never a traceback."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dataset_tools import PACKAGE_ROOT
from dataset_tools.guard import apply_wall_clock_limit, cancel_wall_clock_limit, no_network, visible, visible_lines
from dataset_tools.validate.limits import WALL_CLOCK_SECONDS

T = TypeVar("T")


def parser(prog: str, description: str | None, dist_help: str) -> argparse.ArgumentParser:
    """An argument parser with `--root PKG` and `--dist DIR`."""
    made = argparse.ArgumentParser(prog=prog, description=description,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    made.add_argument("--dist", type=Path, help=dist_help)
    return made


def folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """(package root, output folder): the root resolved; the output folder made absolute but not
    resolved, so that a link there is refused, not followed."""
    root = args.root.resolve()
    return root, Path(os.path.abspath(args.dist or root / "dist"))


def run_guarded(program: str, verb: str, action: Callable[[], T], refusal: type[Exception]) -> T | None:
    """`action()` under the wall-clock limit with the network closed; None after one line on stderr
    (`Refusing to <verb>: ...`) when it raises `refusal` or fails in a way not foreseen."""
    apply_wall_clock_limit(WALL_CLOCK_SECONDS, program)
    try:
        with no_network():
            return action()
    except refusal as error:
        print(f"Refusing to {verb}: {visible_lines(error)}", file=sys.stderr)
    except Exception as error:  # an unforeseen failure is one line, never a traceback
        print(f"Refusing to {verb}: internal error {type(error).__name__}: {visible(error)}", file=sys.stderr)
    finally:
        cancel_wall_clock_limit()
    return None

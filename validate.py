#!/usr/bin/env python3
"""Validate this data package: python validate.py [PATH] [--json] [--check NAME] [--list-checks].

Exit codes: 0 valid, 1 rules broken, 2 unreadable. See docs/validation.md.
"""
import sys

sys.dont_write_bytecode = True  # validation never writes into the package, not even __pycache__

from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset_tools.guard import forbid_network  # noqa: E402
from dataset_tools.validate.cli import main  # noqa: E402
from dataset_tools.validate.limits import apply_resource_limits  # noqa: E402

if __name__ == "__main__":
    forbid_network()  # no socket is ever opened: see docs/security.md
    apply_resource_limits()  # memory, CPU and real time are bounded: see docs/security.md
    sys.exit(main(sys.argv[1:]))

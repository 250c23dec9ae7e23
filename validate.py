#!/usr/bin/env python3
"""Validate this data package: python validate.py [PATH] [--json] [--check NAME] [--list-checks].

Exit codes: 0 valid, 1 rules broken, 2 unreadable, or validation cannot run here (a Python older
than 3.11, a missing dependency). See docs/validation.md.
"""
import sys

sys.dont_write_bytecode = True  # validation never writes into the package, not even __pycache__

# Written so that any Python can read it, to say which Python is needed rather than fail on syntax.
if sys.version_info < (3, 11):
    sys.stderr.write("validate.py needs Python 3.11 or newer; this is Python %d.%d (%s). Run `make validate` "
                     "(with PYTHON=python3.11 or newer if python3 is older), or run validate.py with a newer "
                     "Python.\n" % (sys.version_info[0], sys.version_info[1], sys.executable))
    sys.exit(2)

from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset_tools.validate.setup import missing_requirements  # noqa: E402

if __name__ == "__main__":
    missing = missing_requirements()
    if missing:
        sys.stderr.write(missing)
        sys.exit(2)
    from dataset_tools.guard import forbid_network
    from dataset_tools.validate.cli import main
    from dataset_tools.validate.limits import apply_resource_limits

    forbid_network()  # no socket is ever opened: see docs/security.md
    apply_resource_limits()  # memory, CPU and real time are bounded: see docs/security.md
    sys.exit(main(sys.argv[1:]))

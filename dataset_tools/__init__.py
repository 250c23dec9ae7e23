"""Tooling for the Gansu IP press-conference data package, in three parts.

- `dataset_tools.validate`: the command line of validate.py, preflight, limits, the check
  registry, the report and the checks (read-only);
- `dataset_tools.curate`: tools that write to the package on purpose (anchors, descriptor,
  coverage, generated docs);
- `dataset_tools.publish`: exports, the release bundle and the evidence site (write under dist/).

Shared by all three: `model` (the one row model, loaded once), `paths`, `numerals`, `versions`.
"""
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent

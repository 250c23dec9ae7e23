"""Can validation run here? The runtime requirements must be importable before any check starts.

A missing library is a set-up error, not a broken rule: validate.py then exits 2 with the command
that fixes it, and never reports the package INVALID. Looking a module up (`find_spec`) does not
import it, so this costs nothing when everything is installed.
"""
from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path

# distribution (as pyproject.toml [project] dependencies names it) -> module validate.py imports
RUNTIME_MODULES = {
    "frictionless": "frictionless",
    "cn2an": "cn2an",
    "charset-normalizer": "charset_normalizer",
    "jsonschema": "jsonschema",
    "pypinyin": "pypinyin",
}
ROOT = Path(__file__).resolve().parents[2]


def _importable(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):  # a broken installation, or a finder that refuses it
        return False


def missing_requirements(modules: dict[str, str] | None = None) -> str:
    """Empty when every runtime requirement can be imported; else what is missing and how to fix it."""
    missing = [name for name, module in (modules or RUNTIME_MODULES).items() if not _importable(module)]
    if not missing:
        return ""
    names = ", ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    lines = [f"validate.py cannot run: {names} {verb} not installed for this Python ({sys.executable}).",
             "Nothing was checked. To fix it, either",
             f"  make validate      in {ROOT} (it builds .venv with the pinned requirements), or",
             f"  {sys.executable} -m pip install -r {ROOT / 'requirements' / 'runtime.txt'}"]
    venv = ROOT / ".venv"
    if (venv / "bin" / "python").exists() and Path(sys.prefix).resolve() != venv.resolve():
        lines.append(f"The package's .venv exists: {venv / 'bin' / 'python'} validate.py may be what you meant.")
    return "\n".join(lines) + "\n"

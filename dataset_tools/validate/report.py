"""Problems and reports: what every check returns and how the report is shown.

A check is a function `check(package: Package) -> list[Problem]`, registered with `@check(name)`;
its docstring's first line is the rule it enforces (shown by `validate.py --list-checks`).

Every problem carries a stable rule code, `<group>.<rule>` (e.g. `spans.quote-mismatch`): the
group is the check (or preflight's `descriptor` / `files`), the rule a short kebab-case id. Each
module declares its codes with their meaning (`CODES = declare({...})`), docs/validation.md lists
them all (generated), and every problem is made by `problem()`, which refuses an undeclared code.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from dataset_tools.model import Row

CODE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9]+(-[a-z0-9]+)*")
CODES: dict[str, str] = {}   # every declared code -> what it means (filled as modules are imported)


def declare(codes: dict[str, str]) -> dict[str, str]:
    """Register a module's rule codes (code -> meaning) and return them; a code is declared once."""
    for code, meaning in codes.items():
        if not CODE.fullmatch(code):
            raise ValueError(f"rule code {code!r} is not <group>.<kebab-case-rule>")
        if CODES.get(code, meaning) != meaning:
            raise ValueError(f"rule code {code!r} declared twice")
        if not meaning.strip():
            raise ValueError(f"rule code {code!r} has no meaning")
        CODES[code] = meaning
    return codes


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place; made by `problem()`. `row` counts as a user does: header = 1."""

    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    row_id: str | None = None
    found: str | None = None
    expected: str | None = None
    line: int | None = None  # physical line where the row starts, when it differs from `row`

    @property
    def check(self) -> str:
        """The group the problem belongs to: the code's prefix."""
        return self.code.partition(".")[0]

    def to_dict(self) -> dict:
        return {"check": self.check, "code": self.code, "message": self.message, "file": self.file,
                "row": self.row, "column": self.column, "row_id": self.row_id, "found": self.found,
                "expected": self.expected, "line": self.line}


def problem(code: str, message: str, *, file: str | None = None, row: Row | int | None = None,
            column: str | None = None,
            row_id: str | None = None, found: object = None, expected: object = None,
            line: int | None = None) -> Problem:
    """The one way to make a Problem.

    `row` is a row number (header = 1) or a loaded row (`model.Row`): then its number, its id
    (unless `row_id` is given) and the physical line where it starts (when that differs) are taken.
    `found` and `expected` are shown as text. ValueError for a code no module declared.
    """
    if code not in CODES:
        raise ValueError(f"undeclared rule code {code!r}")
    if row is not None and not isinstance(row, int):  # a loaded row
        row_id = row_id if row_id is not None else (row.id or None)
        line = line if line is not None else (row.line if row.line != row.number else None)
        row = row.number
    return Problem(code, message, file, row, column, row_id, None if found is None else str(found),
                   None if expected is None else str(expected), line)


@dataclass
class CheckResult:
    name: str
    rule: str
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None  # why the check could not run (e.g. an earlier fatal problem)


CHECKS: dict[str, Callable] = {}


class CheckSkipped(Exception):
    """Raised by a check that cannot run at all (its input is unreadable); the message says why."""


CheckFunction = TypeVar("CheckFunction", bound=Callable[..., Any])


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under `name` (order of registration is report order)."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        function.check_name = name  # type: ignore[attr-defined]  # an attribute of the function object, on purpose
        CHECKS[name] = function
        declare({f"{name}.internal-error": f"the {name} check stopped on an exception (a bug, or an input "
                 "it did not foresee); the message names it, and the package is not reported valid"})
        return function

    return register


def catalogue() -> dict[str, str]:
    """Every rule code validate.py reports and its meaning, in report order: preflight's groups
    (`descriptor`, `files`), then each registered check's declared codes and its internal error."""
    import sys

    from dataset_tools import model
    from dataset_tools.validate import checks, csv_bytes, preflight  # noqa: F401  (registers the checks)

    found: dict[str, str] = {}
    for module in (preflight, csv_bytes, model):  # the `descriptor` and `files` groups
        found.update(module.CODES)
    for name, function in CHECKS.items():  # a module may hold several checks: each takes its own group
        found.update({code: meaning for code, meaning in sys.modules[function.__module__].CODES.items()
                      if code.partition(".")[0] == name})
        found[f"{name}.internal-error"] = CODES[f"{name}.internal-error"]
    return found


def rule_of(function: Callable) -> str:
    """The one-line rule a check enforces: the first paragraph of its docstring, its lines joined by spaces."""
    paragraph = (function.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines())

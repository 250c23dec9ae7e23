"""Problems and reports: what every check returns and how the report is shown.

A check is a function `check(package: Package) -> list[Problem]`, registered with `@check(name)`;
its docstring's first line is the rule it enforces (shown by `validate.py --list-checks`).
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place. `row` counts as a user does: the header is line 1."""

    check: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    row_id: str | None = None
    found: str | None = None
    expected: str | None = None
    line: int | None = None  # physical line where the row starts, when it differs from `row`

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CheckResult:
    name: str
    rule: str
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None  # why the check could not run (e.g. an earlier fatal problem)


CHECKS: dict[str, Callable] = {}


class CheckSkipped(Exception):
    """Raised by a check that cannot run at all (its input is unreadable); the message says why."""


def check(name: str) -> Callable[[Callable], Callable]:
    """Register a check function under `name` (order of registration is report order)."""

    def register(function: Callable) -> Callable:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        function.check_name = name  # type: ignore[attr-defined]
        CHECKS[name] = function
        return function

    return register


def rule_of(function: Callable) -> str:
    """The one-line rule a check enforces: the first paragraph of its docstring, on one line."""
    paragraph = inspect.cleandoc(function.__doc__ or "").split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines())

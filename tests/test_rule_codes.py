"""Rule codes: every code the code base reports is declared and documented, and every declared
code is really reported somewhere; every problem is made by the one factory, report.problem()."""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from dataset_tools import PACKAGE_ROOT
from dataset_tools.validate import checks  # noqa: F401  (registers every check)
from dataset_tools.validate.report import CHECKS, CODE, catalogue, problem

SOURCES = sorted((PACKAGE_ROOT / "dataset_tools").rglob("*.py"))
PROBLEM_MAKERS = [PACKAGE_ROOT / "dataset_tools" / "model.py",
                  *sorted((PACKAGE_ROOT / "dataset_tools" / "validate").rglob("*.py"))]
DOC = PACKAGE_ROOT / "docs" / "validation.md"


@cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of one source file, parsed once per session (the tests only read it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def trees(paths: list[Path] = SOURCES) -> list[tuple[Path, ast.Module]]:
    return [(path, parsed(path)) for path in paths]


def declared_literals(tree: ast.Module) -> set[int]:
    """ids of the string constants that are keys of a `declare({...})` dict (the declarations)."""
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "declare":
            for argument in node.args:
                if isinstance(argument, ast.Dict):
                    keys |= {id(key) for key in argument.keys}
    return keys


@cache
def used_codes() -> dict[str, list[str]]:
    """code -> where it is used: every string constant shaped like a code of a known group, in
    the modules that make problems, outside the declarations themselves."""
    groups = {code.partition(".")[0] for code in catalogue()}
    used: dict[str, list[str]] = {}
    for path, tree in trees(PROBLEM_MAKERS):
        skip = declared_literals(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and CODE.fullmatch(node.value) and node.value.partition(".")[0] in groups:
                used.setdefault(node.value, []).append(f"{path.relative_to(PACKAGE_ROOT)}:{node.lineno}")
    return used


def documented_codes() -> list[str]:
    block = re.search(r"<!-- BEGIN RULE CODES -->\n(.*?)<!-- END RULE CODES -->", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/validation.md has no RULE CODES block"
    return re.findall(r"^\| `([^`]+)` \|", block.group(1), re.M)


def test_every_code_used_is_declared_and_documented():
    undeclared = {code: where for code, where in used_codes().items() if code not in catalogue()}
    assert not undeclared
    assert set(used_codes()) <= set(documented_codes())


def test_every_documented_code_is_declared_and_reported_somewhere():
    documented = documented_codes()
    assert len(documented) == len(set(documented))
    assert set(documented) == set(catalogue())
    from frictionless import errors
    frictionless_types = {kind for value in vars(errors).values()
                          if isinstance(value, type) and isinstance(kind := getattr(value, "type", None), str)}
    used = used_codes()
    for code in documented:
        group, _, rule = code.partition(".")
        if rule == "internal-error":
            assert group in CHECKS, code  # made by cli.run_check for the check that raised
        elif group == "table" and rule in frictionless_types:
            pass  # table.<frictionless error type>, made by table.to_problem
        else:
            assert code in used, f"{code} is declared but never reported"


def test_each_module_declares_codes_of_its_own_group():
    import sys

    from dataset_tools import model
    from dataset_tools.validate import csv_bytes, preflight
    by_module: dict[str, set[str]] = {}
    for name, function in CHECKS.items():
        by_module.setdefault(function.__module__, set()).add(name)
    for module, names in by_module.items():  # a module may hold several checks (portable, statements)
        groups = {code.partition(".")[0] for code in sys.modules[module].CODES}
        assert groups == names, (module, groups, names)  # each check declares codes, and only its own
    assert all(code.startswith("descriptor.") for code in preflight.CODES)
    assert all(code.startswith("files.") for code in {**csv_bytes.CODES, **model.CODES})


def test_problems_are_made_only_by_the_factory():
    """No `Problem(...)` outside report.problem(), and no other helper that builds problems."""
    makers = [str(path.relative_to(PACKAGE_ROOT)) for path, tree in trees() for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Problem"]
    assert makers == ["dataset_tools/validate/report.py"]  # the one call, inside problem()


def test_the_factory_refuses_an_undeclared_code_and_reads_a_loaded_row():
    from dataset_tools.model import Row
    with pytest.raises(ValueError, match="undeclared"):
        problem("spans.no-such-rule", "x")
    row = Row.make({"id": "r1", "quote": "q"}, number=5, line=7)
    made = problem("spans.quote-mismatch", "m", file="resources/x.csv", row=row, column="quote", found=3)
    assert (made.check, made.row, made.row_id, made.line, made.found) == ("spans", 5, "r1", 7, "3")
    assert made.to_dict()["code"] == "spans.quote-mismatch"

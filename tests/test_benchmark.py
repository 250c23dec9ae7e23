"""scripts/benchmark.py times the normal path only if its scaled packages are valid: a copy of every
row per source must still satisfy every rule (links, notes that name rows by id, rosters, ...)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import PACKAGE_ROOT, validate_in_process


def benchmark_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark", PACKAGE_ROOT / "scripts" / "benchmark.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("distinct", [False, True], ids=["copies", "distinct-sources"])
def test_a_package_scaled_by_two_is_valid(tmp_path: Path, distinct: bool) -> None:
    real = validate_in_process(PACKAGE_ROOT)
    scaled = tmp_path / "x2"
    benchmark_module().build(2, scaled, distinct=distinct)
    report = validate_in_process(scaled)
    problems = [(p["code"], p.get("row_id")) for group in report["checks"] for p in group.get("problems", [])]
    assert report["status"] == "valid", problems[:10]
    assert report["summary"]["checks"] == real["summary"]["checks"]


def test_the_meaning_checks_are_checks_and_their_share_is_over_the_rest_of_the_run() -> None:
    from dataset_tools.validate import checks  # noqa: F401  (importing it registers every check)
    from dataset_tools.validate.report import CHECKS

    benchmark = benchmark_module()
    assert set(benchmark.MEANING) <= set(CHECKS), set(benchmark.MEANING) - set(CHECKS)
    report = {"timings": {"total": 10.0},
              "checks": [{"name": "evidence", "kind": "check", "seconds": 1.5},
                         {"name": "mentions", "kind": "check", "seconds": 0.5},
                         {"name": "table", "kind": "check", "seconds": 4.0}]}
    assert benchmark.meaning_share(report) == 2.0 / 8.0   # 2 s of meaning checks over the other 8 s
    assert benchmark.meaning_share({}) is None

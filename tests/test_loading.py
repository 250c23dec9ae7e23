"""Every resource loads with the right types through pandas, DuckDB and SQLite, and the snippets
of docs/loading.md run.

The exports are built in a temporary copy of the package (never in the package's own dist/).
Expected values come from the CSV files at test time, typed independently of the exporters:
row counts, every cell, and the type of integer, number, boolean and date columns.
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd
import pytest

from dataset_tools.csvio import read_rows
from tests.conftest import PACKAGE_ROOT

DESCRIPTOR = json.loads((PACKAGE_ROOT / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]
PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
PYTHON_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool, "date": date}
DOCS = PACKAGE_ROOT / "docs" / "loading.md"


@pytest.fixture(scope="session")
def package(built_exports: SimpleNamespace) -> Path:
    """The package copy with its exports in copy/dist, built once per session (tests/conftest.py)."""
    return built_exports.root


def fields_of(root: Path, name: str) -> list[dict]:
    return json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))["fields"]


def expected_rows(root: Path, name: str) -> list[list]:
    """The CSV's rows as typed Python values (None for an empty cell)."""
    fields = fields_of(root, name)
    convert: dict[str, Callable[[str], object]] = {"integer": int, "number": float, "date": date.fromisoformat,
               "boolean": lambda text: text.lower() in ("true", "1"), "string": str}
    return [[None if row[f["name"]] == "" else convert[f["type"]](row[f["name"]]) for f in fields]
            for row in read_rows(root / "resources" / f"{name}.csv")[1]]


def plain(value):
    """A loaded cell as a plain Python value: missing → None, numpy/pandas scalars unwrapped."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def assert_same(got_rows: list[list], want_rows: list[list], fields: list[dict], where: str) -> None:
    """Same number of rows, every cell equal and of the schema's Python type."""
    assert len(got_rows) == len(want_rows), where
    for line, (got, want) in enumerate(zip(got_rows, want_rows, strict=True), start=2):
        for f, value, wanted in zip(fields, got, want, strict=False):
            value = plain(value)
            label = f"{where}: line {line}, {f['name']}"
            if wanted is None:
                assert value is None, label
                continue
            assert isinstance(value, PYTHON_TYPES[f["type"]]), f"{label}: {type(value).__name__}"
            assert value == (pytest.approx(wanted) if f["type"] == "number" else wanted), label


def read_csv_with_pandas(root: Path, name: str) -> pd.DataFrame:
    """The CSV as docs/loading.md reads it: schema dtypes, only empty cells missing."""
    fields = fields_of(root, name)
    dates = [f["name"] for f in fields if f["type"] == "date"]
    types = {f["name"]: PANDAS_TYPES[f["type"]] for f in fields if f["type"] != "date"}
    return pd.read_csv(root / "resources" / f"{name}.csv", encoding="utf-8", dtype=types, parse_dates=dates,
                       date_format="%Y-%m-%d", keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("name", RESOURCES)
def test_pandas_from_csv(package, name):
    frame = read_csv_with_pandas(package, name)
    fields = fields_of(package, name)
    for f in fields:
        kind = str(frame[f["name"]].dtype)
        wanted = "datetime64" if f["type"] == "date" else PANDAS_TYPES[f["type"]]
        assert kind.startswith(wanted), (f["name"], kind)
    assert_same(frame.astype(object).values.tolist(), expected_rows(package, name), fields, f"pandas csv {name}")


@pytest.mark.parametrize("name", RESOURCES)
def test_pandas_from_parquet(package, name):
    frame = pd.read_parquet(package / "dist" / "parquet" / f"{name}.parquet", dtype_backend="numpy_nullable")
    fields = fields_of(package, name)
    assert list(frame.columns) == [f["name"] for f in fields]
    for f in fields:
        if f["type"] == "integer":
            assert str(frame[f["name"]].dtype) == "Int64", f["name"]  # integers stay integers with nulls
    assert_same(frame.astype(object).values.tolist(), expected_rows(package, name), fields, f"pandas parquet {name}")


@pytest.mark.parametrize("name", RESOURCES)
def test_duckdb_from_csv(package, name):
    fields = fields_of(package, name)
    columns = ", ".join(f"'{f['name']}': '{DUCKDB_TYPES[f['type']]}'" for f in fields)
    path = (package / "resources" / f"{name}.csv").as_posix()
    with duckdb.connect() as connection:
        result = connection.execute(f"SELECT * FROM read_csv('{path}', header = true, columns = {{{columns}}})")
        assert [d[0] for d in result.description] == [f["name"] for f in fields]
        rows = [list(row) for row in result.fetchall()]
    assert_same(rows, expected_rows(package, name), fields, f"duckdb csv {name}")


@pytest.mark.parametrize("name", RESOURCES)
def test_duckdb_from_parquet(package, name):
    fields = fields_of(package, name)
    path = (package / "dist" / "parquet" / f"{name}.parquet").as_posix()
    with duckdb.connect() as connection:
        described = connection.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{path}')")
        types = dict(described.fetchall())
        rows = [list(row) for row in connection.execute(f"SELECT * FROM '{path}'").fetchall()]
    assert types == {f["name"]: DUCKDB_TYPES[f["type"]] for f in fields}
    assert_same(rows, expected_rows(package, name), fields, f"duckdb parquet {name}")


@pytest.mark.parametrize("name", RESOURCES)
def test_sqlite(package, name):
    fields = fields_of(package, name)
    database = next((package / "dist").glob("*.sqlite"))
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = [list(row) for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid')]
    finally:
        connection.close()
    for row in rows:  # SQLite keeps dates as ISO text and booleans as 0/1: turn them back
        for index, f in enumerate(fields):
            if row[index] is not None and f["type"] == "date":
                row[index] = date.fromisoformat(row[index])
            elif row[index] is not None and f["type"] == "boolean":
                assert row[index] in (0, 1)
                row[index] = bool(row[index])
    assert_same(rows, expected_rows(package, name), fields, f"sqlite {name}")


README = PACKAGE_ROOT / "README.md"


def snippets(language: str) -> list[str]:
    """The fenced ```language blocks of README.md and docs/loading.md (both are copy-pasted by users)."""
    return [block for page in (README, DOCS)
            for block in re.findall(rf"^```{language}\n(.*?)^```", page.read_text(encoding="utf-8"),
                                    re.MULTILINE | re.DOTALL)]


def test_docs_have_the_snippets_the_tests_run():
    assert len(snippets("python")) >= 4 and len(snippets("sql")) >= 2
    text = DOCS.read_text(encoding="utf-8")
    for topic in ("pandas", "readr", "frictionless", "DuckDB", "65001: Unicode (UTF-8)", ".xlsx", "Datasette"):
        assert topic in text, topic


@pytest.mark.parametrize("index", range(len(snippets("python"))))
def test_docs_python_snippet_runs(package, index, monkeypatch, capsys):
    """Each snippet runs as pasted into Python in the package folder (here in this process: the
    libraries it imports are loaded once for the session) and prints what it loaded."""
    code = snippets("python")[index]
    monkeypatch.chdir(package)
    exec(compile(code, f"snippet {index}", "exec"), {"__name__": "__main__"})  # exec of our own docs
    assert capsys.readouterr().out.strip(), "a snippet should show what it loaded"


@pytest.mark.parametrize("index", range(len(snippets("sql"))))
def test_docs_duckdb_snippet_runs(package, index, monkeypatch):
    monkeypatch.chdir(package)
    with duckdb.connect() as connection:
        result = connection.execute(snippets("sql")[index])
        rows = result.fetchall()
    assert rows, "a snippet should show what it loaded"
    assert all(any(value is not None for value in row) for row in rows)


def test_the_pandas_pitfall_docs_loading_shows_is_real(package, monkeypatch):
    """Read without the schemas, region_id is int64 on one side and text on the other, and the merge fails."""
    monkeypatch.chdir(package)
    indicators, regions = pd.read_csv("resources/indicators.csv"), pd.read_csv("resources/regions.csv")
    assert str(indicators["region_id"].dtype) == "int64" and str(regions["id"].dtype) != "int64"
    with pytest.raises(ValueError):
        indicators.merge(regions, left_on="region_id", right_on="id")


def test_readme_duckdb_snippet_compares_numbers_not_text(package, monkeypatch):
    """The README's typed query finds the largest CNY figure as a number; all_varchar would not."""
    readme_sql = re.findall(r"^```sql\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert len(readme_sql) == 1
    monkeypatch.chdir(package)
    with duckdb.connect() as connection:
        largest = {unit: top for unit, _, top in connection.execute(readme_sql[0]).fetchall()}
        found = connection.execute("SELECT max(value) FROM read_csv('resources/indicators.csv', all_varchar = true) "
                                   "WHERE unit = 'CNY' AND status = 'stated'").fetchone()
        assert found is not None
        as_text = found[0]
    cny = [float(row["value"]) for row in read_rows(package / "resources" / "indicators.csv")[1]
           if row["unit"] == "CNY" and row["status"] == "stated"]
    assert largest["CNY"] == max(cny) and isinstance(largest["CNY"], float)
    assert float(as_text) != max(cny)  # the pitfall the typed snippet avoids

"""The exports (SQLite + Datasette, Parquet, Excel, SHA256SUMS) and the release bundle.

Everything is built in temporary folders from a copy of the package; the package itself and
its dist/ are never written. Expected values are read from the CSV files at test time.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import markupsafe
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.publish.exports import checksums
from dataset_tools.publish.exports.browse import running_server
from dataset_tools.publish.release import newest_tag, version_problems
from tests.conftest import PACKAGE_ROOT, copy_package, tree_digest, validate_in_process
from tests.test_checks_support import refresh_descriptor

DESCRIPTOR = json.loads((PACKAGE_ROOT / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
               "date": pa.date32()}
VIEWS = {"indicator_facts", "designation_members", "program_counts", "quotes"}
FRAME = ("sources", "segments")   # the text and its turns: no generated columns, no site page
ANCHORED = [entry["name"] for entry in DESCRIPTOR["resources"] if entry["name"] not in FRAME
            and {"char_start", "char_end", "source_id"} <= {field["name"] for field in json.loads(
                (PACKAGE_ROOT / entry["schema"]).read_text(encoding="utf-8"))["fields"]}]
"""Resources whose rows can point at the text: they get the generated `sentence` and `reading_order`."""
SENTENCE_ENDS = "。!?;！？；"
CLOSERS = "”’」』）)》"


def generated(name: str) -> list[str]:
    """Columns the SQLite export adds after a resource's fields (rows with a span only)."""
    return ["sentence", "reading_order"] if name in ANCHORED else []


def run_module(module: str, *args: str) -> SimpleNamespace:
    """What `python -m MODULE ARGS` does, run in this process: its main(ARGS), with the exit code
    and what it printed (the libraries it needs are imported once per test session)."""
    import contextlib
    import importlib
    import io

    package = importlib.import_module(module)
    main = importlib.import_module(f"{module}.__main__").main if hasattr(package, "__path__") else package.main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def schema(root: Path, name: str) -> dict:
    return json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))


def csv_rows(root: Path, name: str) -> list[dict[str, str]]:
    return read_rows(root / "resources" / f"{name}.csv")[1]


def expected(text: str, kind: str) -> object:
    """The value a CSV cell stands for, typed independently of the exporters."""
    if text == "":
        return None
    convert: dict[str, Callable[[str], object]] = {"integer": int, "number": float, "date": date.fromisoformat,
                                                  "boolean": lambda t: t.lower() in ("true", "1")}
    return convert.get(kind, str)(text)


@pytest.fixture
def gate_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exports' validation gate (`validate_package`) run in this process: validate.py's checks
    and text report, without starting an interpreter that imports frictionless again. For tests
    whose subject is not the gate; the gate's own process runs in the session build (a valid
    package) and in test_exports_refuse_a_package_that_does_not_validate."""
    import dataset_tools.publish.exports as exports_package
    from dataset_tools.publish.exports.validation import Outcome
    from dataset_tools.validate import render

    def validate_package(root: Path) -> Outcome:
        report = validate_in_process(Path(root).resolve())
        return Outcome(report["exit_code"] == 0, "validate.py", render.to_text(report))

    monkeypatch.setattr(exports_package, "validate_package", validate_package)


@pytest.fixture(scope="session")
def built(built_exports: SimpleNamespace) -> SimpleNamespace:
    """The package copy with its exports in copy/dist, built once per session (tests/conftest.py)."""
    return built_exports


# --- build, refusal, checksums -------------------------------------------------------------

def test_every_export_is_written_and_checksummed(built):
    names = {p.relative_to(built.dist).as_posix() for p in built.dist.rglob("*") if p.is_file()}
    wanted = {f"{built.stem}.sqlite", f"{built.stem}.xlsx", f"{built.stem}.annotations.jsonld", "metadata.json",
              "SHA256SUMS"}
    wanted |= {f"parquet/{name}.parquet" for name in RESOURCES}
    wanted |= {"site/index.html", "site/transcript.html", "site/site.css", "site/site.js"}
    wanted |= {f"site/{name}.html" for name in RESOURCES if name not in FRAME}
    assert names == wanted
    listed = {line.split("  ", 1)[1] for line in (built.dist / "SHA256SUMS").read_text().splitlines()}
    assert listed == wanted - {"SHA256SUMS"}
    assert checksums.verify(built.dist) == []


def test_sha256sum_tool_accepts_the_checksums(built):
    if not shutil.which("sha256sum"):
        pytest.skip("sha256sum is not installed")
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=built.dist, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_rebuild_is_byte_identical_and_leaves_the_package_untouched(built, tmp_path, gate_in_process):
    before = {k: v for k, v in tree_digest(built.root).items() if not k.startswith("dist")}
    done = run_module("dataset_tools.publish.exports", "--root", str(built.root), "--dist", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    after = {k: v for k, v in tree_digest(built.root).items() if not k.startswith("dist")}
    assert after == before
    assert (tmp_path / "out" / "SHA256SUMS").read_text() == (built.dist / "SHA256SUMS").read_text()


def test_exports_refuse_a_package_that_does_not_validate(tmp_path):
    root = copy_package(tmp_path / "package")
    header, rows = read_rows(root / "resources" / "segments.csv")
    rows[0]["position"] = "first"  # an integer column holding a word
    write_rows(root / "resources" / "segments.csv", header, rows)
    refresh_descriptor(root)   # only validation can refuse it: bytes and hashes are right
    done = run_module("dataset_tools.publish.exports", "--root", str(root), "--dist", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Refusing to export" in done.stderr and "does not validate" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_exports_refuse_an_output_folder_holding_other_files(built, tmp_path, gate_in_process):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_module("dataset_tools.publish.exports", "--root", str(built.root), "--dist", str(out))
    assert done.returncode == 1 and "notes.txt" in done.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


# --- SQLite ----------------------------------------------------------------------------------

@pytest.fixture
def db(built):
    connection = sqlite3.connect(f"file:{built.sqlite}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_sqlite_has_one_strict_table_per_resource_and_the_views(built, db):
    objects = dict(db.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").fetchall())
    assert {n for n, t in objects.items() if t == "table"} == set(RESOURCES) | {"package_info"}
    assert {n for n, t in objects.items() if t == "view"} == VIEWS
    for name in RESOURCES:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        assert sql.rstrip().rstrip(";").endswith("STRICT"), name


@pytest.mark.parametrize("name", RESOURCES)
def test_sqlite_declares_types_keys_and_foreign_keys(built, db, name):
    spec = schema(built.root, name)
    info = {row[1]: row for row in db.execute(f'PRAGMA table_info("{name}")')}
    assert list(info) == [f["name"] for f in spec["fields"]] + generated(name)
    for f in spec["fields"]:
        _cid, _name, declared, notnull, _default, pk = info[f["name"]]
        assert declared == SQL_TYPES[f["type"]], f["name"]
        assert bool(notnull) == bool(f.get("constraints", {}).get("required") or pk), f["name"]
    key = spec["primaryKey"] if isinstance(spec["primaryKey"], list) else [spec["primaryKey"]]
    assert [n for n, row in sorted(info.items(), key=lambda item: item[1][5]) if row[5]] == key
    declared_fks = {(row[3], row[2], row[4]) for row in db.execute(f'PRAGMA foreign_key_list("{name}")')}
    wanted = {(fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
              for fk in spec.get("foreignKeys", [])}
    assert declared_fks == wanted


def test_sqlite_foreign_keys_are_clean_and_enforced(built, tmp_path):
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(built.sqlite.read_bytes())
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.execute("PRAGMA foreign_keys = ON")
        name, column = next((n, fk["fields"]) for n in RESOURCES for fk in schema(built.root, n).get("foreignKeys", [])
                            if csv_rows(built.root, n))
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = 1', ("no-such-row",))
    finally:
        connection.close()


@pytest.mark.parametrize("name", RESOURCES)
def test_sqlite_rows_equal_the_csv(built, db, name):
    fields = schema(built.root, name)["fields"]
    got = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
    rows = csv_rows(built.root, name)
    assert len(got) == len(rows)
    for stored, row in zip(got, rows, strict=True):
        for value, f in zip(stored, fields, strict=False):
            want = expected(row[f["name"]], f["type"])
            if isinstance(want, bool):
                want = int(want)  # SQLite stores booleans as 0/1
            elif isinstance(want, date):
                want = want.isoformat()  # and dates as ISO text
            if isinstance(want, float):
                assert value == pytest.approx(want) and isinstance(value, float), (name, f["name"])
            else:
                assert value == want and type(value) is type(want), (name, f["name"])


def test_sqlite_views_name_what_the_keys_point_at(built, db):
    regions = {r["id"]: r for r in csv_rows(built.root, "regions")}
    speakers = {r["id"]: r for r in csv_rows(built.root, "speakers")}
    facts = db.execute("SELECT id, region_id, region_name_en, speaker_id, speaker_name_en, quote "
                       "FROM indicator_facts").fetchall()
    indicators = csv_rows(built.root, "indicators")
    assert len(facts) == len(indicators)
    for _id, region_id, region_name, speaker_id, speaker_name, _quote in facts:
        assert region_name == regions[region_id]["name_en"]
        assert speaker_name == (speakers[speaker_id]["name_en"] if speaker_id else None)
    members = db.execute("SELECT count(*) FROM designation_members").fetchone()[0]
    assert members == len(csv_rows(built.root, "designations"))
    assert db.execute("SELECT count(*) FROM designation_members WHERE subject_name_en IS NULL").fetchone()[0] == 0
    anchored = sum(1 for n in RESOURCES if n not in ("sources", "segments")
                   for r in csv_rows(built.root, n) if r.get("quote"))
    assert db.execute("SELECT count(*) FROM quotes").fetchone()[0] == anchored
    info = dict(db.execute("SELECT key, value FROM package_info"))
    assert info["version"] == built.descriptor["version"] and info["citation"]


# --- Parquet ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", RESOURCES)
def test_parquet_keeps_schema_types_and_nulls(built, name):
    table = pq.read_table(built.dist / "parquet" / f"{name}.parquet")
    fields = schema(built.root, name)["fields"]
    rows = csv_rows(built.root, name)
    assert table.column_names == [f["name"] for f in fields]
    assert table.num_rows == len(rows)
    for f in fields:
        assert table.schema.field(f["name"]).type == ARROW_TYPES[f["type"]], f["name"]
        column = table.column(f["name"]).to_pylist()
        assert column == [expected(r[f["name"]], f["type"]) for r in rows], f["name"]
        assert table.column(f["name"]).null_count == sum(1 for r in rows if r[f["name"]] == "")
    assert table.schema.metadata[b"version"].decode() == built.descriptor["version"]


# --- Excel -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(built):
    book = openpyxl.load_workbook(built.xlsx)
    yield book
    book.close()


def test_excel_readme_sheet_describes_the_package(built, workbook):
    assert workbook.sheetnames == ["README", *RESOURCES]
    cells = [c for row in workbook["README"].iter_rows(values_only=True) for c in row if c is not None]
    assert built.descriptor["description"] in cells
    assert any(str(c).startswith(built.descriptor["licenses"][0]["name"]) for c in cells)
    assert "Cite as" in cells and built.descriptor["version"] in cells
    lines = list(workbook["README"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(lines) if row[0] == "Data dictionary") + 2  # title, then header
    dictionary = lines[start:]
    fields = [(n, f["name"], f["type"], f.get("description", ""))
              for n in RESOURCES for f in schema(built.root, n)["fields"]]
    assert [(r[0], r[1], r[3], r[8]) for r in dictionary] == fields


@pytest.mark.parametrize("name", RESOURCES)
def test_excel_sheets_hold_the_typed_rows_with_chinese_intact(built, workbook, name):
    sheet = workbook[name]
    fields = schema(built.root, name)["fields"]
    got = list(sheet.iter_rows(values_only=True))
    assert list(got[0]) == [f["name"] for f in fields] + generated(name)[:1]
    rows = csv_rows(built.root, name)
    assert len(got) - 1 == len(rows)
    for stored, row in zip(got[1:], rows, strict=True):
        for value, f in zip(stored, fields, strict=False):
            want = expected(row[f["name"]], f["type"])
            if isinstance(value, datetime):
                value = value.date()
            assert value == want, (name, f["name"])
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)  # text is never a formula


# --- Datasette -------------------------------------------------------------------------------

def test_datasette_metadata_comes_from_the_schemas(built):
    meta = json.loads(built.metadata.read_text(encoding="utf-8"))
    assert meta["license"] == built.descriptor["licenses"][0]["name"]
    assert meta["license_url"] == built.descriptor["licenses"][0]["path"]
    assert meta["source"] and "Cite as" in meta["description_html"] and "about" not in meta  # cited once
    assert set(meta["databases"]) == {built.name, built.stem}
    tables = meta["databases"][built.name]["tables"]
    assert set(tables) >= VIEWS
    for name in RESOURCES:
        table = tables[name]
        assert table["title"] and table["description"]
        for f in schema(built.root, name)["fields"]:
            assert f.get("description", "") in table["columns"][f["name"]]
    for name in ("regions", "organizations", "speakers", "brands"):
        assert tables[name]["label_column"] == "name_en"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def datasette(built: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Datasette serving the built SQLite export as `make browse` serves it, started once for the tests that
    read its pages; the database URL. The server is stopped when they are done."""
    with open(tmp_path_factory.mktemp("datasette") / "datasette.log", "w") as log:
        with running_server(built.sqlite, built.metadata, built.name, port=free_port(), log=log) as (process, url):
            yield url
        assert process.poll() is not None  # stopped


def test_datasette_serves_indicators_with_region_names_and_quotes(built, datasette):
    regions = {r["id"]: r for r in csv_rows(built.root, "regions")}
    row = next((r for r in csv_rows(built.root, "indicators") if r["region_id"] and r["quote"]), None)
    assert row is not None, "indicators.csv has no row with a region and a quote"
    name = regions[row["region_id"]]["name_en"]
    page = fetch(f"{datasette}/indicators?_size=max")
    data = json.loads(fetch(f"{datasette}/indicators.json?_labels=on&_shape=objects&_size=max"))
    label = (f'<a href="/{built.name}/regions/{row["region_id"]}">{markupsafe.escape(name)}</a>'
             f'&nbsp;<em>{row["region_id"]}</em>')  # the region's name, linked, next to its id
    assert label in page
    assert str(markupsafe.escape(row["quote"])) in page
    served = next(r for r in data["rows"] if r["id"] == row["id"])
    assert served["region_id"] == {"value": row["region_id"], "label": name}
    assert served["quote"] == row["quote"]


# --- context, annotations -------------------------------------------------------------------

def source_text(root: Path) -> str:
    return (root / csv_rows(root, "sources")[0]["path"]).read_text(encoding="utf-8")


def is_whole_sentence(text: str, start: int, end: int) -> bool:
    """text[start:end] begins after a sentence end (or a line start) and ends with one (or a line end)."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    starts = before == "" or before[-1] == "\n" or before.rstrip(CLOSERS)[-1:] in tuple(SENTENCE_ENDS)
    ends = after == "" or after[0] == "\n" or text[:end].rstrip(CLOSERS)[-1:] in tuple(SENTENCE_ENDS)
    return starts and ends


@pytest.mark.parametrize("name", ANCHORED)
def test_sqlite_sentence_holds_the_quote_in_whole_sentences(built, db, name):
    text = source_text(built.root)
    got = db.execute(f'SELECT id, char_start, char_end, quote, sentence FROM "{name}"').fetchall()
    assert got
    for row_id, start, end, quote, sentence in got:
        if start is None:
            assert sentence is None, row_id
            continue
        offset = text.find(sentence, max(0, end - len(sentence)))   # the occurrence holding the span
        assert 0 <= offset <= start and end <= offset + len(sentence), row_id
        assert text[start:end] == quote and "\n" not in sentence, row_id
        assert is_whole_sentence(text, offset, offset + len(sentence)), (row_id, sentence)


def test_sqlite_reading_order_puts_the_text_first_and_derived_rows_last(built, db):
    got = db.execute("SELECT char_start, status FROM indicators ORDER BY reading_order").fetchall()
    starts = [start for start, _ in got]
    anchored = [s for s in starts if s is not None]
    assert starts == anchored + [None] * (len(starts) - len(anchored)) and anchored == sorted(anchored)
    assert got[-1][1] == "derived" and got[0][1] != "derived"


def test_excel_sentence_column_equals_sqlite(built, db, workbook):
    for name in ANCHORED:
        sheet = list(workbook[name].iter_rows(values_only=True))
        column = list(sheet[0]).index("sentence")
        stored = [r[0] for r in db.execute(f'SELECT sentence FROM "{name}" ORDER BY rowid')]
        assert [r[column] for r in sheet[1:]] == stored


@pytest.fixture(scope="module", name="annotations")   # not `annotations`: __future__ binds that name
def annotation_page(built: SimpleNamespace) -> dict:
    return json.loads((built.dist / f"{built.stem}.annotations.jsonld").read_text(encoding="utf-8"))


def resolve_quote(text: str, selector: dict) -> tuple[int, int]:
    """Where a TextQuoteSelector lands: the one occurrence of prefix+exact+suffix (W3C 4.2.4)."""
    needle = selector["prefix"] + selector["exact"] + selector["suffix"]
    first = text.find(needle)
    assert first >= 0 and text.find(needle, first + 1) == -1, selector
    start = first + len(selector["prefix"])
    return start, start + len(selector["exact"])


def test_annotations_one_per_anchored_row_with_both_selectors_on_the_same_span(built, annotations):
    assert annotations["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = annotations["first"]["items"]
    anchored = [(n, r) for n in ANCHORED for r in csv_rows(built.root, n) if r["char_start"]]
    assert annotations["total"] == len(items) == len(anchored)
    texts: dict[Path, str] = {}   # each file read once, not once per annotation
    rows_of = {name: csv_rows(built.root, name) for name in ANCHORED}
    for item, (name, row) in zip(items, anchored, strict=True):
        assert item["type"] == "Annotation" and item["id"] == f"#row-{name}-{row['id']}"
        target = item["target"]
        path = (built.dist / target["source"]).resolve()
        text = texts.setdefault(path, path.read_text(encoding="utf-8"))
        quote_selector, position = target["selector"]
        assert quote_selector["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        by_position = (position["start"], position["end"])
        assert resolve_quote(text, quote_selector) == by_position == (int(row["char_start"]), int(row["char_end"]))
        assert text[slice(*by_position)] == row["quote"]
        links = [body["id"] for body in item["body"] if "id" in body]
        site_page, anchor = links[0].split("#")
        assert (built.dist / site_page).is_file()
        page = texts.setdefault(built.dist / site_page, (built.dist / site_page).read_text(encoding="utf-8"))
        assert f'id="{anchor}"' in page
        csv_path, row_number = links[1].split("#row=")
        assert (built.dist / csv_path).resolve() == (built.root / "resources" / f"{name}.csv").resolve()
        assert rows_of[name][int(row_number) - 2]["id"] == row["id"]


def test_position_selectors_count_what_javascript_counts(built, annotations):
    """UTF-16 offsets (JavaScript) equal code-point offsets (Python) for every annotation."""
    text = source_text(built.root)
    for item in annotations["first"]["items"]:
        position = item["target"]["selector"][1]
        utf16_start = len(text[:position["start"]].encode("utf-16-le")) // 2
        utf16_end = len(text[:position["end"]].encode("utf-16-le")) // 2
        assert (utf16_start, utf16_end) == (position["start"], position["end"])


# --- Datasette for people ---------------------------------------------------------------------

def status_of(url: str) -> tuple[int, str, str]:
    """(status, final URL, body) of a GET, following redirects; HTTP errors are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.url, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, url, ""


def one_of_each_kind(links: set[str]) -> list[str]:
    """One link per kind of page: per table (or database), row page or not, and set of query
    parameters (a sort by another column, or the next page, is the same kind of page)."""
    kinds: dict[tuple, str] = {}
    for link in sorted(links):
        parts = urllib.parse.urlsplit(link)
        segments = parts.path.strip("/").split("/")
        kind = (tuple(segments[:2]), len(segments), tuple(sorted(urllib.parse.parse_qs(parts.query, True))))
        kinds.setdefault(kind, link)
    return sorted(kinds.values())


def test_datasette_pages_for_people_and_no_server_errors(built, datasette):
    first_ids = {n: csv_rows(built.root, n)[0]["id"] for n in RESOURCES}
    url = datasette
    base = url.rsplit("/", 1)[0]
    pages = {"index": f"{base}/", "database": url, "versioned": f"{base}/{built.stem}",
             "versioned table": f"{base}/{built.stem}/indicators"}
    pages.update({f"table {n}": f"{url}/{n}" for n in RESOURCES + sorted(VIEWS)})
    pages.update({f"row {n}": f"{url}/{n}/{urllib.parse.quote(first_ids[n])}" for n in RESOURCES})
    got = {what: status_of(address) for what, address in pages.items()}
    linked = set()
    for what in ("index", "database", "table indicators", "row designations"):   # hrefs are HTML-escaped (&amp;)
        linked |= {urllib.parse.urljoin(pages[what], html.unescape(href))
                   for href in re.findall(r'href="([^"#]+)"', got[what][2])
                   if href.startswith("/") and "/-/static" not in href}
    with ThreadPoolExecutor(max_workers=4) as pool:   # the server renders while the next request waits
        followed = one_of_each_kind(linked - set(pages.values()))   # those not fetched above
        linked_status = dict(zip(followed, (status for status, _, _ in pool.map(status_of, followed)), strict=True))
    missing = status_of(f"{base}/no.such.page")[0]
    designation = next(r for r in csv_rows(built.root, "designations") if r["region_id"])
    row_page = status_of(f"{url}/designations/{urllib.parse.quote(designation['id'])}")[2]
    assert {what: status for what, (status, _, _) in got.items() if status != 200} == {}
    assert {a: s for a, s in linked_status.items() if s >= 500} == {}
    assert missing == 404
    assert got["versioned"][1].rstrip("/") == url            # the versioned name leads to the database
    assert got["index"][2].count("Cite as") == 1
    table = got["table indicators"][2]
    statuses = re.findall(r'class="col-status type-str">(\w+)<', table)
    assert statuses and statuses[0] == "stated"
    assert "derived" not in statuses[:len(statuses) - statuses[::-1].index("stated")]
    whole = next(r for r in csv_rows(built.root, "indicators") if r["value"] and float(r["value"]).is_integer())
    assert f'type-float">{int(float(whole["value"]))}<' in table
    assert f'type-float">{float(whole["value"])}<' not in table
    css = json.loads(built.metadata.read_text(encoding="utf-8"))["extra_css_urls"][0]
    assert "dl.column-descriptions{order:99" in urllib.parse.unquote(css)   # descriptions below the rows
    assert f'href="{markupsafe.escape(css)}"' in table
    regions = {r["id"]: r for r in csv_rows(built.root, "regions")}
    region_name = markupsafe.escape(regions[designation["region_id"]]["name_en"])
    assert f'>{region_name}</a>&nbsp;<em>{designation["region_id"]}</em>' in row_page


# --- release ---------------------------------------------------------------------------------

def write_versions(root: Path, package: str, citation: str, changelog: str) -> None:
    """Set the three version declarations of a package copy."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    descriptor["version"] = package
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    (root / "CITATION.cff").write_text(f"cff-version: 1.2.0\ntitle: Test\nversion: {citation}\n", encoding="utf-8")
    (root / "CHANGELOG.md").write_text(f"# Changelog\n\n## [Unreleased]\n\n## [{changelog}] - 2025-05-01\n",
                                       encoding="utf-8")


def test_version_problems_compare_three_places_and_the_newest_tag(tmp_path):
    write_versions(tmp_path, "1.0.0", "1.0.0", "1.0.0")
    assert version_problems(tmp_path, lambda root: None) == []
    assert version_problems(tmp_path, lambda root: "v0.9.0") == []
    assert "already tagged" in version_problems(tmp_path, lambda root: "v1.0.0")[0]
    assert "older" in version_problems(tmp_path, lambda root: "v1.1.0")[0]
    write_versions(tmp_path, "1.0.0", "1.0.0", "0.9.0")
    assert "disagree" in version_problems(tmp_path, lambda root: None)[0]
    (tmp_path / "CITATION.cff").unlink()
    assert any("CITATION.cff version: not found" in p for p in version_problems(tmp_path, lambda root: None))


def test_newest_tag_outside_git_is_none(tmp_path):
    assert newest_tag(tmp_path) is None


def test_release_refuses_a_version_not_bumped_everywhere(tmp_path, gate_in_process):
    root = copy_package(tmp_path / "package")
    write_versions(root, "9.0.0", "9.0.1", "9.0.0")
    done = run_module("dataset_tools.publish.release", "--root", str(root), "--dist", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "Refusing to release" in done.stderr and "disagree" in done.stderr and "9.0.1" in done.stderr
    assert not (tmp_path / "out").exists()


def test_release_refuses_a_package_that_does_not_validate(tmp_path, gate_in_process):
    root = copy_package(tmp_path / "package")
    write_versions(root, "9.0.0", "9.0.0", "9.0.0")
    header, rows = read_rows(root / "resources" / "segments.csv")
    rows[0]["char_end"] = "-1"
    write_rows(root / "resources" / "segments.csv", header, rows)
    done = run_module("dataset_tools.publish.release", "--root", str(root), "--dist", str(tmp_path / "out"))
    assert done.returncode == 1 and "does not validate" in done.stderr
    assert not (tmp_path / "out").exists()


def test_release_bundle_holds_package_exports_and_checksums(tmp_path, gate_in_process):
    root = copy_package(tmp_path / "package")
    out = tmp_path / "out"
    done = run_module("dataset_tools.publish.release", "--root", str(root), "--dist", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    stem = f"{descriptor['name']}-{descriptor['version']}"
    bundle = out / f"{stem}.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "unzipped")
    for required in ("datapackage.json", "README.md", "CHANGELOG.md", "CITATION.cff", "SHA256SUMS",
                     f"exports/{stem}.sqlite", f"exports/{stem}.xlsx", "exports/metadata.json", "exports/SHA256SUMS"):
        assert f"{stem}/{required}" in names
    for folder in ("resources", "schemas", "sources", "reference", "curation", "profiles"):
        for path in (root / folder).rglob("*") if (root / folder).is_dir() else []:
            if path.is_file():
                assert f"{stem}/{path.relative_to(root).as_posix()}" in names
    assert any(re.match(rf"{re.escape(stem)}/LICENSE", n) for n in names)
    assert checksums.verify(tmp_path / "unzipped" / stem) == []
    assert checksums.verify(out) == []
    assert f"{stem}.zip" in (out / "SHA256SUMS").read_text()


def test_excel_cells_keep_text_as_text_and_refuse_what_excel_cannot_hold():
    from openpyxl import Workbook

    from dataset_tools.publish.exports.excel import put
    from dataset_tools.publish.exports.model import ExportError

    sheet = Workbook().active
    assert put(sheet, 1, 1, "=SUM(A2:A9)").data_type == "s"
    assert put(sheet, 1, 2, "620982105000").data_type == "s"
    with pytest.raises(ExportError, match="control character"):
        put(sheet, 1, 3, "a\x01b")
    with pytest.raises(ExportError, match="more than an Excel cell holds"):
        put(sheet, 1, 4, "字" * 40000)


def test_sqlite_export_refuses_rows_whose_keys_point_nowhere(built, tmp_path):
    from dataset_tools.publish.exports.model import ExportError, load_package
    from dataset_tools.publish.exports.sqlite import write_sqlite

    package = load_package(built.root)  # loaded once; each key is broken in turn, then restored
    for name in RESOURCES:
        rows = package.resource(name).rows
        for column, _other, _ in package.resource(name).foreign_keys():
            if not rows:
                continue
            kept, rows[0][column] = rows[0][column], "no-such-row"  # a dangling key, a self reference included
            try:
                with pytest.raises(ExportError, match=r"FOREIGN KEY|foreign_key_check"):
                    write_sqlite(package, tmp_path / f"{name}-{column}.sqlite")
            finally:
                rows[0][column] = kept

"""Bad data never becomes a number: corrupt a copy of a CSV in data/ and the loader must refuse it.

Eight corruptions: a column renamed, a column dropped, a value of the wrong type, a value outside
its constraint, a duplicated key, an empty file, a truncated last line, the wrong encoding. Loading
must raise DataError naming the file, and the column and line where that applies. The real files
are never touched: the corruption is written to a temporary copy.

The loader's code is the same for every table, so the loading test runs on one table per data
folder (``SAMPLE``), which covers every kind of schema the project uses. What differs between
tables is the schema, and ``test_every_table_can_refuse_each_corruption`` checks every table for it
without loading: each has a typed column, a constraint and a primary key (or a stated reason), so
each corruption would break a rule of its own schema. Size does not matter either: no table has a
cell that spans lines (checked for every table below), so the line an error names is the row's
index plus two in any file, and the theme tests refuse bad values in the large vote tables. (The
full matrix, every table by every corruption, took about a minute on two cores and mostly
re-tested frictionless; run it with ``ECFR_FULL_MUTATIONS=1``.)
"""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest

from ecfr_belarus import catalog
from ecfr_belarus.catalog import DataError, load

TABLES = [r for r in catalog.resources() if r.get("format") == "csv"]


def _sample(tables: list[dict]) -> list[dict]:
    """The first table of each data folder."""
    by_folder: dict[str, dict] = {}
    for res in sorted(tables, key=lambda r: r["path"]):
        by_folder.setdefault(res["path"].split("/")[0], res)
    return list(by_folder.values())


SAMPLE = TABLES if os.environ.get("ECFR_FULL_MUTATIONS") == "1" else _sample(TABLES)
MUTATIONS = [
    "rename_column",
    "drop_column",
    "wrong_type",
    "out_of_constraint",
    "duplicate_key",
    "empty_file",
    "truncated_last_line",
    "wrong_encoding",
]


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def to_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def first_filled(rows, col: int) -> int:
    """Index of the first data row whose cell in ``col`` is not empty."""
    return next(i for i in range(1, len(rows)) if rows[i][col] != "")


def mutate(kind: str, content: bytes, schema: dict) -> tuple[bytes, str | None, int | None]:
    """Return the corrupted bytes, the column the error must name and the line it must name (or
    None)."""
    fields = [f["name"] for f in schema["fields"]]
    rows = rows_of(content)
    mid = len(fields) // 2
    if kind == "rename_column":
        rows[0][mid] = rows[0][mid] + "_renamed"
        return to_bytes(rows), fields[mid], None
    if kind == "drop_column":
        return to_bytes([r[:mid] + r[mid + 1 :] for r in rows]), fields[mid], None
    if kind == "wrong_type":
        typed = [
            i
            for i, f in enumerate(schema["fields"])
            if f.get("type", "string") not in ("string", "any")
        ]
        if not typed:
            pytest.skip("every column is text: no wrong type possible")
        col = typed[0]
        row = first_filled(rows, col)
        rows[row][col] = "not-a-value"
        return to_bytes(rows), fields[col], row + 1
    if kind == "out_of_constraint":
        for col, field in enumerate(schema["fields"]):
            cons = field.get("constraints", {})
            bad = None
            if "maximum" in cons:
                bad = (
                    str(cons["maximum"] + 1000)
                    if field["type"] in ("integer", "number", "year")
                    else None
                )
            elif "minimum" in cons and field["type"] in ("integer", "number", "year"):
                bad = str(cons["minimum"] - 1000)
            elif "enum" in cons:
                bad = "NOT-IN-THE-LIST"
            elif cons.get("required"):
                bad = ""
            if bad is not None:
                row = first_filled(rows, col) if bad == "" else 1
                rows[row][col] = bad
                return to_bytes(rows), fields[col], row + 1
        pytest.fail("no column has a constraint (required, minimum, maximum or enum): add one")
    if kind == "duplicate_key":
        if not schema.get("primaryKey"):
            pytest.skip(f"no primary key: {schema.get('x-no-primary-key')}")
        rows.append(list(rows[1]))
        return to_bytes(rows), None, len(rows)
    if kind == "empty_file":
        return b"", None, None
    if kind == "truncated_last_line":
        last = content.rstrip(b"\n")
        cut = last.rfind(b"\n") + 1 + max(1, (len(last) - last.rfind(b"\n")) // 2)
        return last[:cut], None, len(rows)
    if kind == "wrong_encoding":
        return content.decode("utf-8").encode("utf-16"), None, 1
    raise ValueError(kind)


@pytest.mark.parametrize("kind", MUTATIONS)
@pytest.mark.parametrize("resource", SAMPLE, ids=[r["name"] for r in SAMPLE])
def test_corruption_is_refused_with_a_precise_message(resource, kind, tmp_path):
    package = tmp_path / "data" / "datapackage.json"
    package.parent.mkdir()
    shutil.copy(catalog.PACKAGE_FILE, package)
    original = catalog.PACKAGE_FILE.parent / resource["path"]
    target = package.parent / resource["path"]
    target.parent.mkdir(parents=True)
    corrupted, column, line = mutate(kind, original.read_bytes(), resource["schema"])
    target.write_bytes(corrupted)

    with pytest.raises(DataError) as caught:
        load(resource["name"], package)

    first = str(caught.value).splitlines()[0]
    assert f"file data/{resource['path']}" in first
    if column is not None:
        assert f"column {column!r}" in first, first
    if line is not None:
        assert f"line {line}" in first, first
    if kind == "duplicate_key":  # a primary-key error, or a unique error on a one-column key
        assert ("primary-key" in first and "key column(s)" in first) or (
            "unique-error" in first and "column" in first
        ), first


@pytest.mark.parametrize("resource", TABLES, ids=[r["name"] for r in TABLES])
def test_every_table_can_refuse_each_corruption(resource):
    """Every schema would catch each corruption: mutate() finds a typed column (or the table is text
    only), a constrained column, and a primary key (or a stated reason for having none)."""
    content = (catalog.PACKAGE_FILE.parent / resource["path"]).read_bytes()
    schema = resource["schema"]
    spanning = [i + 1 for i, row in enumerate(rows_of(content)) if any("\n" in c for c in row)]
    assert not spanning, (f"{resource['name']}: cells span lines in rows {spanning[:5]}; "
                          "add the table to SAMPLE (its line numbers are not row + 2)")
    for kind in ("rename_column", "drop_column", "out_of_constraint", "truncated_last_line"):
        corrupted, _, _ = mutate(kind, content, schema)
        assert corrupted != content, f"{resource['name']}: {kind} changed nothing"
    typed = [f for f in schema["fields"] if f.get("type", "string") not in ("string", "any")]
    assert typed or all(f.get("type", "string") == "string" for f in schema["fields"])
    assert schema.get("primaryKey") or len(schema.get("x-no-primary-key", "")) >= 40


def test_real_files_load_cleanly():
    """The control: uncorrupted, every table loads (so the refusals above are about the corruption).
    It also proves the corruptions went to copies: the loader checks each raw file's SHA-256."""
    for resource in TABLES:
        assert len(load(resource["name"])) > 0, resource["name"]


def test_mutation_helpers_corrupt_what_they_say(tmp_path):
    schema = {
        "fields": [
            {"name": "a", "type": "integer", "constraints": {"maximum": 10}},
            {"name": "b", "type": "string"},
        ],
        "primaryKey": ["a"],
    }
    content = b"a,b\n1,x\n2,y\n"
    assert mutate("rename_column", content, schema)[0].startswith(b"a,b_renamed\n")
    assert mutate("drop_column", content, schema)[0] == b"a\n1\n2\n"
    assert mutate("wrong_type", content, schema)[:2] == (b"a,b\nnot-a-value,x\n2,y\n", "a")
    assert mutate("out_of_constraint", content, schema)[0] == b"a,b\n1010,x\n2,y\n"
    assert mutate("duplicate_key", content, schema)[0] == b"a,b\n1,x\n2,y\n1,x\n"
    assert mutate("truncated_last_line", content, schema)[0] == b"a,b\n1,x\n2,"
    assert mutate("wrong_encoding", content, schema)[0].startswith(b"\xff\xfe")

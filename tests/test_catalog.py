"""The data package describes every file fully, is current, and the loader returns typed tables."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from ecfr_belarus import catalog
from ecfr_belarus.catalog import DataError, load

RESOURCES = catalog.resources()
TABLES = [r for r in RESOURCES if r.get("format") == "csv"]
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def test_datapackage_json_is_built_from_the_theme_descriptors():
    committed = catalog.PACKAGE_FILE.read_text(encoding="utf-8")
    assert committed == catalog.dump(catalog.build_descriptor()), (
        "data/datapackage.json is stale: run `make datapackage` "
        "(a raw file or a resources.json changed)"
    )


def test_the_package_descriptor_is_valid_frictionless():
    import frictionless

    descriptor = json.loads(catalog.PACKAGE_FILE.read_text(encoding="utf-8"))
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "message"])[:3]
    broken = {**descriptor, "resources": [{"name": "x"}]}  # the check itself can fail
    assert not frictionless.Package.validate_descriptor(broken).valid


@pytest.mark.parametrize("res", RESOURCES, ids=[r["name"] for r in RESOURCES])
def test_every_resource_is_documented(res):
    text = json.dumps(res)
    assert "TODO" not in text, f"{res['name']}: placeholder left"
    assert res.get("title") and len(res.get("description", "")) >= 20, (
        "title and a real description"
    )
    assert res.get("role") in catalog.ROLES
    if res["role"] != "derived":
        assert res.get("sources"), "where the data comes from"
        for src in res["sources"]:
            assert src.get("title") and src.get("path", "").startswith("http"), (
                f"source needs title and URL: {src}"
            )
            assert DATE.match(src.get("retrieved", "")), (
                f"source needs a retrieval date (YYYY-MM[-DD]): {src}"
            )
        assert res.get("licenses") and all(
            licence.get("name") and licence.get("title") for licence in res["licenses"]
        )


@pytest.mark.parametrize("res", TABLES, ids=[r["name"] for r in TABLES])
def test_every_table_has_a_full_schema(res):
    schema = res["schema"]
    reason = schema.get("x-no-primary-key", "")
    assert schema.get("primaryKey") or len(reason) >= 40, (
        f"{res['name']}: needs a primaryKey (or a stated reason)"
    )
    for field in schema["fields"]:
        assert len(field.get("description", "")) >= 5, (
            f"{res['name']}.{field['name']}: describe the column"
        )
    constrained = [f for f in schema["fields"] if f.get("constraints")]
    assert constrained, f"{res['name']}: no column carries a constraint"


def one_table_package(folder, fields: list[dict], name: str = "datapackage.json"):
    """A package file in ``folder`` describing one table, t.csv, with these fields and key id."""
    resource = {"name": "t", "path": "t.csv", "format": "csv", "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"]}}
    path = folder / name
    path.write_text(json.dumps({"name": "t", "resources": [resource]}))
    return path


def test_loader_types_columns_from_the_schema(tmp_path):
    (tmp_path / "t.csv").write_text(
        "id,n,x,d,flag,s\n1,5,2.5,2022-02-27,true,a\n2,,0.5,2022-03-01,false,\n"
    )
    types = {"id": "integer", "n": "integer", "x": "number", "d": "date", "flag": "boolean",
             "s": "string"}
    package = one_table_package(tmp_path, [{"name": n, "type": t} for n, t in types.items()])
    df = load("t", package)
    assert list(df.columns) == ["id", "n", "x", "d", "flag", "s"]
    assert str(df["n"].dtype) == "Int64" and df["n"].isna().tolist() == [False, True]
    assert df["x"].dtype == "float64" and df["x"].tolist() == [2.5, 0.5]
    assert df["d"].tolist() == [pd.Timestamp("2022-02-27"), pd.Timestamp("2022-03-01")]
    assert df["flag"].tolist() == [True, False]
    assert df["s"].isna().tolist() == [False, True]


def share_fields(maximum: int) -> list[dict]:
    return [{"name": "id", "type": "integer"},
            {"name": "share", "type": "number", "constraints": {"maximum": maximum}}]


def test_loader_names_file_line_column_and_rule(tmp_path):
    (tmp_path / "t.csv").write_text("id,share\n1,50\n2,120\n")
    package = one_table_package(tmp_path, share_fields(100))
    with pytest.raises(
        DataError, match=r"file data/t.csv, line 3, column 'share': \[constraint-error\].*maximum"
    ):
        load("t", package)


def test_unknown_resource_lists_the_known_ones():
    with pytest.raises(KeyError, match="known:"):
        catalog.describe("no_such_table")


def test_validation_is_remembered_only_for_the_same_bytes_and_descriptor(tmp_path):
    """A file that passed is not validated again in this process; new bytes or another descriptor
    are, and a failure is never remembered."""
    table = tmp_path / "t.csv"
    loose = one_table_package(tmp_path, share_fields(100), "loose.json")
    table.write_text("id,share\n1,50\n")
    assert load("t", loose)["share"].tolist() == [50.0]
    table.write_text("id,share\n1,120\n")  # new bytes: validated again
    for _ in range(2):  # and refused each time
        with pytest.raises(DataError, match="maximum"):
            load("t", loose)
    table.write_text("id,share\n1,50\n")  # the bytes that passed, against a stricter descriptor
    with pytest.raises(DataError, match="maximum"):
        load("t", one_table_package(tmp_path, share_fields(10), "strict.json"))

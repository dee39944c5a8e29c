"""The data catalogue: ``data/datapackage.json`` and a loader that checks every file against it.

``load("referendum_2022_national")`` validates the file with frictionless (Table Schema types,
constraints, primary key, checksum) and only then returns a typed pandas DataFrame. Anything wrong
raises :class:`DataError` naming the file, the line, the column and the rule broken: bad data
never becomes a number.

The package descriptor is assembled from one hand-written ``resources.json`` per theme folder
(``python -m ecfr_belarus build``), which also records each file's size and SHA-256.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR
from .startup import import_jsonschema_without_iri_grammar

PACKAGE_FILE = DATA_DIR / "datapackage.json"

PACKAGE_META = {
    "name": "ecfr-how-to-train-your-dictator",
    "title": (
        "Data behind 'How to train your dictator: Putin's control over Lukashenka' (ECFR, 2022)"
    ),
    "description": (
        "Public data gathered to check and extend the ECFR commentary by Pavel Slunkin: trade and "
        "sanctions, military events and estimates, opinion polls and repression counts, the 2022 "
        "constitutional referendum, UN General Assembly votes, and the article's claims. Raw files "
        "are kept as retrieved; see each folder's PROVENANCE.md. "
        "Frozen snapshot: retrieved up to November 2026."
    ),
    "version": "1.0.0",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Our derived data and descriptions: Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
    "contributors": [{"title": "ECFR Belarus notebooks project", "role": "author"}],
}

# Extra keys we keep in descriptors; frictionless ignores them.
ROLES = ("analysis", "reference", "derived")


class DataError(ValueError):
    """A data file does not match its description in data/datapackage.json."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fragment_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("*/resources.json"))


def build_descriptor(data_dir: Path = DATA_DIR) -> dict:
    """Assemble the package descriptor from the per-theme fragments, with sizes and checksums."""
    resources = []
    for fragment in fragment_files(data_dir):
        for res in json.loads(fragment.read_text(encoding="utf-8")):
            res = dict(res)
            file = data_dir / res["path"]
            if res.get("role") != "derived":
                # Raw files are fixed: their checksum is recorded and checked on every load.
                res["bytes"] = file.stat().st_size
                res["hash"] = "sha256:" + _sha256(file)
            resources.append(res)
    resources.sort(key=lambda r: r["name"])
    names = [r["name"] for r in resources]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise DataError(f"resource names used twice in data/*/resources.json: {duplicated}")
    return {**PACKAGE_META, "resources": resources}


def dump(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def build(data_dir: Path = DATA_DIR) -> Path:
    out = data_dir / "datapackage.json"
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(dump(build_descriptor(data_dir)), encoding="utf-8")
    tmp.replace(out)  # atomic: a reader never sees half a file
    return out


@functools.cache
def _package(package_file: Path = PACKAGE_FILE) -> dict:
    return json.loads(package_file.read_text(encoding="utf-8"))


def resources(package_file: Path = PACKAGE_FILE) -> list[dict]:
    """Every resource descriptor in the package (a list of dicts, sorted by name)."""
    return _package(package_file)["resources"]


def describe(name: str, package_file: Path = PACKAGE_FILE) -> dict:
    """The descriptor of one resource: path, title, sources, licence, schema."""
    for res in resources(package_file):
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in resources(package_file))
    raise KeyError(f"no resource named {name!r} in data/datapackage.json; known: {known}")


def path_of(name: str, package_file: Path = PACKAGE_FILE) -> Path:
    return package_file.parent / describe(name, package_file)["path"]


def _import_frictionless():
    import_jsonschema_without_iri_grammar()
    import frictionless

    return frictionless


# Errors in the header first (a renamed or dropped column before the missing one at the end),
# errors in rows next, the checksum last (any edit at all changes it).
_ORDER = {"incorrect-label": 0, "missing-label": 1, "hash-count": 3, "byte-count": 3}


def _rank(error: list) -> int:
    return _ORDER.get(error[0], 1 if error[0].endswith("label") else 2)


# Validation is a pure function of a file's bytes and its descriptor: a pair that passed once in
# this process is not validated again (the ledger and the tests load the same tables many times).
# The key is the SHA-256 of the bytes read now, never a path or a time, so an edited file, or an
# edited descriptor, is always validated afresh; failures are never remembered.
_PASSED: set[tuple[str, str]] = set()


def validate(name: str, package_file: Path = PACKAGE_FILE) -> None:
    """Check one resource against its schema and checksum with frictionless; raise DataError saying
    what is wrong, where: file, line and column."""
    desc = describe(name, package_file)
    rel = f"data/{desc['path']}"
    file = package_file.parent / desc["path"]
    if not file.exists():
        raise DataError(f"file {rel}: missing (declared as resource {name!r})")
    content = file.read_bytes()
    if not content.strip():
        raise DataError(f"file {rel}: empty file (expected a header row and data)")
    encoding = desc.get("encoding", "utf-8")
    try:  # frictionless reports a bad encoding without saying where
        content.decode(encoding)
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise DataError(f"file {rel}, line {line}: [encoding-error] not valid {encoding} "
                        f"({exc.reason} at byte {exc.start}): save it as {encoding}") from None
    if desc.get("format") == "csv" and not content.endswith(b"\n"):  # a cut inside the last cell
        line = content.count(b"\n") + 1
        raise DataError(f"file {rel}, line {line}: [truncated] the last line has no newline at its "
                        "end: a truncated file?")
    keep = {k: v for k, v in desc.items() if k != "role"}
    passed = (hashlib.sha256(content).hexdigest(), json.dumps(keep, sort_keys=True))
    if passed in _PASSED:  # these very bytes already passed this very descriptor
        return
    frictionless = _import_frictionless()  # imported here: it is only needed when data is read
    try:
        resource = frictionless.Resource.from_descriptor(keep, basepath=str(package_file.parent))
        report = resource.validate()
    except frictionless.FrictionlessException as exc:  # unreadable descriptor or file
        raise DataError(f"file {rel}: {exc}") from None
    errors = sorted(report.flatten(["type", "rowNumber", "fieldName", "message"]), key=_rank)
    if errors:
        key = desc.get("schema", {}).get("primaryKey")
        lines = []
        for kind, row, field, message in errors[:5]:
            where = [f"file {rel}"] + [f"line {row}"] * bool(row)
            where += [f"column {field!r}"] * bool(field)
            if kind == "primary-key":
                where.append(f"key column(s) {key!r}")
            lines.append(f"{', '.join(where)}: [{kind}] {message}")
        if len(errors) > 5:
            lines.append(f"... and {len(errors) - 5} more error(s)")
        raise DataError("\n".join(lines))
    _PASSED.add(passed)


# Table Schema types as pandas reads them; other types (string, yearmonth, ...) stay text.
_DTYPES = {"integer": "Int64", "year": "Int64", "number": "float64", "boolean": "boolean"}
_DATES = {"date": "%Y-%m-%d", "datetime": "ISO8601"}


def load(name: str, package_file: Path = PACKAGE_FILE) -> pd.DataFrame:
    """Validate a tabular resource and return it as a typed DataFrame (columns in file order).

    Types follow the schema: integer and year -> Int64, number -> float64, boolean -> boolean,
    date and datetime -> datetime64, everything else -> string; missing values are NA.
    """
    desc = describe(name, package_file)
    if "schema" not in desc:
        raise DataError(f"resource {name!r} (data/{desc['path']}) is not a table; use load_geo()")
    validate(name, package_file)
    fields = desc["schema"]["fields"]
    dates = {f["name"]: _DATES[f["type"]] for f in fields if f.get("type") in _DATES}
    return pd.read_csv(
        package_file.parent / desc["path"],
        dtype={f["name"]: _DTYPES.get(f.get("type"), "str") for f in fields
               if f["name"] not in dates},
        parse_dates=list(dates),
        date_format=dates,
        na_values=desc["schema"].get("missingValues", [""]),
        keep_default_na=False,
        encoding=desc.get("encoding", "utf-8"),
    )


def load_geo(name: str, package_file: Path = PACKAGE_FILE):
    """Check a GeoJSON resource's checksum and return it as a GeoDataFrame."""
    import geopandas

    validate(name, package_file)
    return geopandas.read_file(path_of(name, package_file))


def main(argv: list[str]) -> int:
    if argv[1:] == ["build"]:
        print(f"wrote {build().relative_to(DATA_DIR.parent)}")
        return 0
    if argv[1:] == ["check"]:
        bad = 0
        for res in resources():
            try:
                validate(res["name"])
            except DataError as exc:
                bad += 1
                print(exc)
        print(f"{len(resources()) - bad} of {len(resources())} resources valid")
        return 1 if bad else 0
    print("usage: python -m ecfr_belarus build|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

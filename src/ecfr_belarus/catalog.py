"""The data catalogue: ``data/datapackage.json`` and a loader that checks every file against it.

``load("referendum_2022_national")`` validates the file with frictionless (Table Schema types,
constraints, primary key, checksum) and only then returns a typed pandas DataFrame. Anything wrong
raises :class:`DataError` naming the file, the line, the column and the rule broken: bad data
never becomes a number.

The package descriptor is assembled from one hand-written ``resources.json`` per theme folder
(``python -m ecfr_belarus build``), which also records each file's size and SHA-256.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR

PACKAGE_FILE = DATA_DIR / "datapackage.json"

PACKAGE_META = {
    "name": "ecfr-how-to-train-your-dictator",
    "title": "Data behind 'How to train your dictator: Putin's control over Lukashenka' (ECFR, 2022)",
    "description": (
        "Public data gathered to check and extend the ECFR commentary by Pavel Slunkin: trade and "
        "sanctions, military events and estimates, opinion polls and repression counts, the 2022 "
        "constitutional referendum, UN General Assembly votes, and the article's claims. Raw files are "
        "kept as retrieved; see each folder's PROVENANCE.md. Frozen snapshot: retrieved up to November 2026."
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


class _Problem:
    """A problem found by our own pre-checks, shaped like a frictionless error."""

    def __init__(self, type_: str, message: str, row_number=None, field_name=None):
        self.type, self.message, self.row_number, self.field_name = type_, message, row_number, field_name


def _format_errors(path: str, errors: list, primary_key=None) -> str:
    lines = []
    for err in errors[:5]:
        where = [f"file {path}"]
        row = getattr(err, "row_number", None)
        if row is not None:
            where.append(f"line {row}")
        field = getattr(err, "field_name", None) or getattr(err, "label", None)
        if field:
            where.append(f"column {field!r}")
        elif err.type in ("primary-key", "unique") and primary_key:
            where.append(f"key column(s) {primary_key!r}")
        lines.append(f"{', '.join(where)}: [{err.type}] {err.message}")
    more = len(errors) - len(lines)
    if more > 0:
        lines.append(f"... and {more} more error(s)")
    return "\n".join(lines)


def _error_rank(err) -> float:
    # A wrong header first (every later error follows from it), then errors that name a line and a
    # column; a changed checksum (any edit at all) last.
    if err.type == "header":
        return -1
    has_row = getattr(err, "row_number", None) is not None
    has_field = bool(getattr(err, "field_name", None) or getattr(err, "label", None))
    if has_row and has_field:
        return 0
    if has_row:
        return 1
    if has_field:
        return 2
    if err.type in ("hash-count", "byte-count"):
        return 4
    return 3


def _text_problems(content: bytes, schema: dict) -> list[_Problem]:
    """What frictionless does not pin down: where bad UTF-8 sits, which column a header lost, a cut last line."""
    problems = []
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = content.rfind(b"\n", 0, exc.start) + 1
        line = content[:exc.start].count(b"\n") + 1
        cells_before = content[line_start:exc.start].decode("utf-8", errors="replace").count(",")
        fields = [f["name"] for f in schema.get("fields", [])]
        column = fields[cells_before] if line > 1 and cells_before < len(fields) else f"#{cells_before + 1}"
        return [_Problem("encoding-error", f"not valid UTF-8 ({exc.reason} at byte {exc.start}): "
                         "save the file as UTF-8", line, column)]
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    expected = [f["name"] for f in schema.get("fields", [])]
    unexpected = [h for h in header if h not in expected]
    for name in expected:
        if name not in header:
            hint = f" (found {unexpected[0]!r} instead: renamed?)" if unexpected else " (column dropped?)"
            problems.append(_Problem("header", f"column missing from the header{hint}", 1, name))
    if not content.endswith(b"\n"):
        # frictionless cannot see a last line cut inside its last column; our files end with a newline
        problems.append(_Problem("truncated", "the last line is incomplete (no newline at the end): truncated file?",
                                 content.count(b"\n") + 1))
    return problems


def _import_frictionless():
    """Import frictionless without the 2-second cost of building an IRI grammar we never use.

    frictionless validates descriptors with jsonschema, and jsonschema, when the optional package
    rfc3987_syntax is installed (Jupyter brings it), builds that package's Lark grammar at import for the
    "iri" string format (about 2 s). No Data Package or Table Schema profile uses that format, so we let
    jsonschema import without it; the module is importable again afterwards for anyone who needs it.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` raise ImportError, once
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]
    import frictionless

    return frictionless


def validate(name: str, package_file: Path = PACKAGE_FILE) -> None:
    """Check one resource against its schema and checksum; raise DataError listing what is wrong."""
    frictionless = _import_frictionless()  # imported here: it is only needed when data is read

    desc = describe(name, package_file)
    rel = f"data/{desc['path']}"
    file = package_file.parent / desc["path"]
    if not file.exists():
        raise DataError(f"file {rel}: missing (declared as resource {name!r})")
    content = file.read_bytes()
    if not content.strip():
        raise DataError(f"file {rel}: empty file (expected a header row and data)")
    errors = _text_problems(content, desc.get("schema", {})) if desc.get("format") == "csv" else []
    keep = {k: v for k, v in desc.items() if k not in ("role",)}
    try:
        resource = frictionless.Resource.from_descriptor(keep, basepath=str(package_file.parent))
        report = resource.validate()
    except frictionless.FrictionlessException as exc:  # unreadable descriptor or file
        raise DataError(_format_errors(rel, errors + [_Problem("resource-error", str(exc))])) from None
    errors += [e for task in report.tasks for e in task.errors] + list(report.errors)
    if errors:
        errors.sort(key=_error_rank)
        raise DataError(_format_errors(rel, errors, desc.get("schema", {}).get("primaryKey")))


def _typed(df: pd.DataFrame, schema: dict) -> pd.DataFrame:
    missing = schema.get("missingValues", [""])
    out = {}
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        col = df[name].where(~df[name].isin(missing))
        if kind == "integer" or kind == "year":
            col = pd.to_numeric(col).astype("Int64")
        elif kind == "number":
            col = pd.to_numeric(col).astype("float64")
        elif kind == "boolean":
            true = field.get("trueValues", ["true", "True", "TRUE", "1"])
            col = col.map(lambda v: pd.NA if pd.isna(v) else v in true).astype("boolean")
        elif kind == "date":
            col = pd.to_datetime(col, format=field.get("format", "%Y-%m-%d").replace("default", "%Y-%m-%d"))
        elif kind == "datetime":
            col = pd.to_datetime(col, format="ISO8601")
        out[name] = col
    return pd.DataFrame(out)


def load(name: str, package_file: Path = PACKAGE_FILE) -> pd.DataFrame:
    """Validate a tabular resource and return it as a typed DataFrame (columns in file order).

    Types follow the schema: integer and year -> Int64, number -> float64, boolean -> boolean,
    date and datetime -> datetime64, everything else -> string; missing values are NA.
    """
    desc = describe(name, package_file)
    if "schema" not in desc:
        raise DataError(f"resource {name!r} (data/{desc['path']}) is not a table; use load_geo()")
    validate(name, package_file)
    raw = pd.read_csv(
        package_file.parent / desc["path"], dtype=str, keep_default_na=False, encoding="utf-8"
    )
    return _typed(raw, desc["schema"])


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

"""Shared fixtures for the tests.

Nothing heavy is imported at the top: pytest's main process reads this file too, and with xdist it
runs no test, so pandas would only delay the start of the workers.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from ecfr_belarus.paths import DATA_DIR


class Corruptor:
    """Edits copies of data files under ``tmp_path/data``; the real data/ is never touched.

    Only datapackage.json and the files of the resources a test touches are copied (keeping their
    path relative to data/). The package is not rebuilt: the recorded checksum of an edited file no
    longer matches, but the loader reports that last, after the errors that name a line and a
    column.
    """

    def __init__(self, tmp_path: Path):
        self.data = tmp_path / "data"
        self.package = self.data / "datapackage.json"

    def path(self, name: str) -> Path:
        """The copy of resource ``name``'s file (made, with datapackage.json, on first use)."""
        if not self.package.exists():
            self.data.mkdir(parents=True, exist_ok=True)
            shutil.copy(DATA_DIR / "datapackage.json", self.package)
        from ecfr_belarus import catalog  # imported here: pytest's main process reads this file

        rel = catalog.describe(name)["path"]
        copy = self.data / rel
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(DATA_DIR / rel, copy)
        return copy

    def _rows(self, name: str) -> list[list[str]]:
        with self.path(name).open(encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    def _write(self, name: str, rows: list[list[str]]) -> None:
        with self.path(name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    @staticmethod
    def _line(rows: list[list[str]], row: int) -> int:
        """File line (header = line 1) on which data row ``row`` starts, counting quoted
        newlines."""
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows[: row + 1])
        return out.getvalue().count("\n") + 1

    def cell(self, name: str, row: int, column: str) -> str:
        """The current value of one cell of the copy (``row`` = 0-based data row index)."""
        rows = self._rows(name)
        return rows[row + 1][rows[0].index(column)]

    def __call__(self, name: str, row: int, column: str, value: str, *, was: str | None = None):
        """Set one cell (``row`` = 0-based data row index); ``was``, if given, must be the old
        value.

        Returns (package file of the copy, file line of that row)."""
        rows = self._rows(name)
        i = rows[0].index(column)
        if was is not None:
            assert rows[row + 1][i] == was, (
                f"{name} row {row} {column!r} is {rows[row + 1][i]!r}, not {was!r}"
            )
        rows[row + 1][i] = value
        self._write(name, rows)
        return self.package, self._line(rows, row)

    def duplicate_row(self, name: str, row: int):
        """Append a copy of data row ``row`` (a duplicate key). Returns (package file, line of the
        copy)."""
        rows = self._rows(name)
        rows.append(list(rows[row + 1]))
        self._write(name, rows)
        return self.package, self._line(rows, len(rows) - 2)


@pytest.fixture
def corrupt(tmp_path) -> Corruptor:
    """corrupt(resource_name, row, column, value) -> (package_file, line): copies datapackage.json
    and the one CSV into tmp_path/data, sets one cell (row = 0-based data row index), returns the
    package path and the file line number of that row (header is line 1). Also:
    corrupt.duplicate_row(name, row) appends a copy of a row; corrupt.cell(name, row, column) reads
    a cell; corrupt.path(name) gives the copied file."""
    return Corruptor(tmp_path)

"""The ways to install agree: the lock (requirements.txt), its bootstrap (tools/uv.txt), conda's
environment.yml; and the lock was resolved for every platform after its last change."""

from __future__ import annotations

import hashlib
import re

from ecfr_belarus.paths import ROOT

PIN = r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)"


def pins(text: str, pattern: str = PIN) -> dict[str, str]:
    return {
        m.group(1).lower().replace("_", "-"): m.group(2) for m in re.finditer(pattern, text, re.M)
    }


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_every_locked_package_has_hashes():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", read("requirements.txt"))
    entries = [b for b in blocks if not b.startswith("#")]
    assert len(entries) > 100
    unhashed = [b.splitlines()[0] for b in entries if "==" not in b or "--hash=sha256:" not in b]
    assert not unhashed, unhashed


def test_top_level_requirements_are_in_the_lock_at_the_same_version():
    locked, top = pins(read("requirements.txt")), pins(read("requirements.in"))
    differ = {name: (v, locked.get(name)) for name, v in top.items() if locked.get(name) != v}
    assert not differ, f"requirements.in against requirements.txt: {differ} (run `make lock`)"


def test_the_bootstrapped_uv_is_the_locked_uv():
    assert pins(read("tools/uv.txt"))["uv"] == pins(read("requirements.txt"))["uv"]


def test_the_lock_was_resolved_for_every_platform_after_its_last_change():
    record = read("tools/lock_check.txt")
    sha = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    assert f"lock sha256 {sha}" in record, "requirements.txt changed since tools/check_lock.py ran"
    results = [line for line in record.splitlines() if line.startswith(("ok ", "FAIL"))]
    systems = {re.search(r"(linux|darwin|windows)", line).group(1) for line in results}
    assert systems == {"linux", "darwin", "windows"} and all(r.startswith("ok") for r in results)


def test_environment_yml_names_the_same_packages_at_the_same_versions():
    conda = pins(read("environment.yml"), r"^\s+-\s+([A-Za-z0-9_.\-]+)\s*==?\s*([^\s#=]+)")
    conda.pop("python", None)
    locked, top = pins(read("requirements.txt")), pins(read("requirements.in"))
    assert set(top) <= set(conda), f"missing from environment.yml: {sorted(set(top) - set(conda))}"
    differ = {name: (v, locked.get(name)) for name, v in conda.items() if locked.get(name) != v}
    assert not differ, f"environment.yml against requirements.txt: {differ}"
    assert "conda-forge" in read("environment.yml")
    assert not re.search(r"==?[\d.]+=\w", read("environment.yml")), "build strings are unportable"


def test_pytest_imported_jsonschema_without_building_the_iri_grammar():
    """ecfr_belarus.pytest_plugin ran before nbval imported jsonschema: the grammar module was not
    imported (about 2 s a process), and it can still be imported by anyone who needs it."""
    import importlib.util
    import sys

    assert "jsonschema" in sys.modules
    assert "rfc3987_syntax" not in sys.modules
    assert importlib.util.find_spec("rfc3987_syntax") is not None

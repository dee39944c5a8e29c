"""The two ways to install agree: pip's hashed requirements.txt and conda's environment.yml."""

from __future__ import annotations

import re

from ecfr_belarus.paths import ROOT


def pins(text: str, pattern: str) -> dict[str, str]:
    return {m.group(1).lower().replace("_", "-"): m.group(2) for m in re.finditer(pattern, text, re.M)}


def requirement_pins() -> dict[str, str]:
    return pins((ROOT / "requirements.txt").read_text(), r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def top_level() -> dict[str, str]:
    return pins((ROOT / "requirements.in").read_text(), r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")


def conda_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text()
    found = pins(text, r"^\s+-\s+([A-Za-z0-9_.\-]+)\s*==?\s*([^\s#=]+)\s*(?:#.*)?$")
    found.pop("python", None)
    return found


def test_every_requirement_is_pinned_with_a_hash():
    text = (ROOT / "requirements.txt").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[1])
    for block in blocks:
        if block.strip() and not block.startswith("#"):
            assert "==" in block.splitlines()[0] and "--hash=sha256:" in block, block.splitlines()[0]


def test_top_level_requirements_are_in_the_lock_at_the_same_version():
    locked = requirement_pins()
    for name, version in top_level().items():
        assert locked.get(name) == version, f"{name}: requirements.in {version}, requirements.txt {locked.get(name)}"


def test_environment_yml_names_the_same_packages_at_the_same_versions():
    conda, locked = conda_pins(), requirement_pins()
    assert set(top_level()) <= set(conda), f"missing from environment.yml: {sorted(set(top_level()) - set(conda))}"
    for name, version in conda.items():
        assert locked.get(name) == version, f"{name}: environment.yml {version}, requirements.txt {locked.get(name)}"


def test_environment_yml_has_no_build_strings_and_uses_conda_forge():
    text = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in text
    assert not re.search(r"==?[\d.]+=\w", text), "build strings make the file unportable"

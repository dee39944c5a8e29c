"""Check that the lock (requirements.txt) installs from wheels on every platform the README names.

    make lock-check        # needs the package index; offline tests read the record it writes

For each platform and Python version, uv resolves requirements.in for that platform alone, held to
the versions of requirements.txt and to wheels only (no compiler needed). The result must be exactly
the lock's entries whose environment markers hold there: then the lock is complete (every dependency
pinned and hashed, appnope on macOS, pywinpty on Windows) and installable. The outcome is written to
tools/lock_check.txt with the lock's SHA-256, so a test can tell when the lock changed unchecked.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
LOCK, SPEC, RECORD = (
    ROOT / "requirements.txt",
    ROOT / "requirements.in",
    ROOT / "tools" / "lock_check.txt",
)
PYTHONS = ["3.11", "3.12", "3.13"]
MACOS = "14.0"  # oldest macOS for which every package has a wheel (pyproj's are built for 14)
PLATFORMS = {  # uv's name: the marker environment it stands for
    "x86_64-unknown-linux-gnu": {
        "sys_platform": "linux",
        "os_name": "posix",
        "platform_machine": "x86_64",
    },
    "aarch64-unknown-linux-gnu": {
        "sys_platform": "linux",
        "os_name": "posix",
        "platform_machine": "aarch64",
    },
    "aarch64-apple-darwin": {
        "sys_platform": "darwin",
        "os_name": "posix",
        "platform_machine": "arm64",
    },
    "x86_64-apple-darwin": {
        "sys_platform": "darwin",
        "os_name": "posix",
        "platform_machine": "x86_64",
    },
    "x86_64-pc-windows-msvc": {
        "sys_platform": "win32",
        "os_name": "nt",
        "platform_machine": "AMD64",
    },
}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$", re.M)


def uv() -> str:
    return str(Path(sys.executable).parent / "uv")


def lock_sha() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def locked_for(env: dict) -> set[str]:
    """The lock's pins whose markers hold in ``env``."""
    pins = set()
    for name, version, marker in PIN.findall(LOCK.read_text(encoding="utf-8")):
        if not marker or Marker(marker).evaluate(env):
            pins.add(f"{name.lower()}=={version}")
    return pins


def resolved_for(platform: str, python: str) -> tuple[set[str], str]:
    cmd = [
        uv(),
        "pip",
        "compile",
        str(SPEC),
        "--constraint",
        str(LOCK),
        "--python-platform",
        platform,
        "--python-version",
        python,
        "--only-binary",
        ":all:",
        "--no-header",
        "--no-annotate",
        "--quiet",
    ]
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "MACOSX_DEPLOYMENT_TARGET": MACOS}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode:
        return set(), done.stderr.strip().splitlines()[-1]
    return {f"{n.lower()}=={v}" for n, v, _ in PIN.findall(done.stdout)}, ""


def main() -> int:
    version = subprocess.run([uv(), "--version"], capture_output=True, text=True).stdout.split()[1]
    lines = [
        f"lock sha256 {lock_sha()}",
        f"checked with uv {version}, wheels only, macOS {MACOS} or newer",
    ]
    bad = 0
    for platform, marks in PLATFORMS.items():
        for python in PYTHONS:
            env = {
                **marks,
                "python_version": python,
                "python_full_version": f"{python}.0",
                "implementation_name": "cpython",
                "platform_python_implementation": "CPython",
            }
            got, error = resolved_for(platform, python)
            want = locked_for(env)
            if error or got != want:
                bad += 1
                detail = (
                    error or f"lock lacks {sorted(got - want)}, lock has extra {sorted(want - got)}"
                )
                lines.append(f"FAIL {platform} Python {python}: {detail}")
            else:
                lines.append(
                    f"ok   {platform} Python {python}: {len(got)} packages, all from wheels"
                )
    RECORD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

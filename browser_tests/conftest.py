"""One JupyterLab server and one headless Debian chromium (through Playwright) for all browser
tests.

    make test-browser   # = python tools/ensure_chromium.py && pytest -p no:xdist browser_tests
    ECFR_NOTEBOOKS_DIR=/some/copy/notebooks ECFR_SCREENSHOTS_DIR=/some/shots \
        pytest -p no:xdist browser_tests

JupyterLab runs on 127.0.0.1 on a free port with a random token, as a child process of the test,
with temporary Jupyter config/data/runtime/settings/workspace/checkpoint directories (nothing
touches the user's settings; no workspace is written into the repository). Its root is the folder
holding the notebooks folder (the repository by default). Nothing is executed: opening a notebook
shows its stored outputs.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = Path(os.environ.get("ECFR_NOTEBOOKS_DIR", REPO / "notebooks")).resolve()
LAB_ROOT = NOTEBOOKS_DIR.parent
SCREENSHOTS = Path(os.environ.get("ECFR_SCREENSHOTS_DIR", REPO / "browser_screenshots")).resolve()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
STARTUP_TIMEOUT_S = 60


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def pytest_generate_tests(metafunc):
    if "notebook" in metafunc.fixturenames:
        paths = notebook_paths()
        metafunc.parametrize("notebook", paths, ids=[p.stem for p in paths])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_lab_config(config_dir: Path, settings_dir: Path) -> None:
    # Frontend plugin off: no "get notified about official Jupyter news?" toast.
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    # Lay out every cell (no windowing), so every stored output is in the page like a reader scrolls
    # to it.
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / "overrides.json").write_text(
        json.dumps(
            {
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                "@jupyterlab/docmanager-extension:plugin": {
                    "autosave": False
                },  # never write a notebook back
            }
        )
    )


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """Start JupyterLab; yield (base_url, token); terminate it (and its kernels) at the end."""
    if not notebook_paths():
        pytest.skip(f"no notebooks in {NOTEBOOKS_DIR}")
    home = tmp_path_factory.mktemp("jupyter")
    dirs = {
        name: home / name
        for name in ("config", "data", "runtime", "settings", "workspaces", "checkpoints")
    }
    for path in dirs.values():
        path.mkdir()
    _write_lab_config(dirs["config"], dirs["settings"])
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        JUPYTER_PLATFORM_DIRS="1",
    )
    token = secrets.token_hex(24)
    port = _free_port()
    log_path = home / "jupyterlab.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={LAB_ROOT}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.open_browser=False",
        # no .ipynb_checkpoints/ next to the notebooks
        f"--FileCheckpoints.root_dir={dirs['checkpoints']}",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=LAB_ROOT, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}"
                )
            try:
                req = urllib.request.Request(
                    f"{base_url}/api/status", headers={"Authorization": f"token {token}"}
                )
                with urllib.request.urlopen(req, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"JupyterLab did not answer in {STARTUP_TIMEOUT_S} s:\n"
                    f"{log_path.read_text()[-3000:]}"
                )
            time.sleep(0.25)
        yield base_url, token
    finally:
        proc.send_signal(signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} missing: run `python tools/ensure_chromium.py` (make test-browser does)"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_context(lab, browser):
    """One browser context for all notebooks (JupyterLab's scripts are cached after the first
    page)."""
    base_url, token = lab
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    # Log in once: the token in the first URL sets the session cookie.
    page = context.new_page()
    page.goto(f"{base_url}/lab?token={token}", wait_until="domcontentloaded")
    page.close()
    try:
        yield context, base_url, token
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    if SCREENSHOTS.exists() and not SCREENSHOTS.is_dir():
        raise RuntimeError(f"{SCREENSHOTS} is not a directory")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_report_header(config):
    where = (
        NOTEBOOKS_DIR.relative_to(REPO)
        if NOTEBOOKS_DIR.is_relative_to(REPO)
        else "ECFR_NOTEBOOKS_DIR"
    )
    return f"browser tests: notebooks from {where}, chromium {CHROMIUM}"

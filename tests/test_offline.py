"""The test run is offline: the guard in tools/offline blocks every non-loopback connection."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from ecfr_belarus.paths import ROOT

PROBE = """
import socket
for target in [("192.0.2.1", 80), ("example.org", 443)]:
    try:
        socket.create_connection(target, timeout=2)
        print("REACHED", target)
    except OSError as exc:
        print(type(exc).__name__, exc)
"""


def run_probe(offline: bool) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "tools" / "offline"),
        "ECFR_OFFLINE": "1" if offline else "0",
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    ).stdout


def test_guard_blocks_addresses_and_names():
    out = run_probe(offline=True)
    assert out.count("NetworkBlocked network access blocked (offline run)") == 2, out


def test_guard_is_off_without_the_switch():
    # The guard itself decides: without it the same probe gets other errors (or none), never
    # NetworkBlocked.
    assert "NetworkBlocked" not in run_probe(offline=False)


def test_this_test_run_is_guarded():
    """`make test` sets the switch, so pytest and the notebook kernels it starts are offline."""
    if os.environ.get("ECFR_OFFLINE") != "1":
        pytest.skip("not run through `make test`")
    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=2)
    with socket.create_server(
        ("127.0.0.1", 0)
    ) as server:  # loopback stays open for Jupyter kernels
        socket.create_connection(server.getsockname(), timeout=2).close()


def test_notebook_kernels_are_guarded_too(tmp_path):
    """nbval starts kernels in the notebooks' folder: the guard must load there as well (absolute
    PYTHONPATH)."""
    if os.environ.get("ECFR_OFFLINE") != "1":
        pytest.skip("not run through `make test`")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
            "except OSError as exc:\n    print(type(exc).__name__)"
        )
    ]
    NotebookClient(
        nb, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "NetworkBlocked"

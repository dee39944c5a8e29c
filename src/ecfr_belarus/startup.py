"""Start-up cost: what a process that runs or tests notebooks need not pay.

This module imports nothing heavy, so tools and the pytest plugin can call it before anything else.
"""

from __future__ import annotations

import sys


def import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema without the 2-second cost of building an IRI grammar nothing here uses.

    jsonschema, when the optional package rfc3987_syntax is installed (Jupyter brings it), imports
    it at once for the "iri" string format, and that import builds a Lark grammar: 2 to 6 s of CPU
    in every process that imports jsonschema (frictionless, nbformat, nbval). No schema we validate
    with (Data Package, Table Schema, the notebook format) uses that format, jsonschema has no
    switch to skip it, and the faster fork that would fix it upstream is not released (jsonschema
    4.26.0 still imports rfc3987_syntax). So jsonschema imports without it here; the module is
    importable again afterwards for anyone who needs it. Called by the loader, by
    tools/run_notebooks.py, and, through ``ecfr_belarus.pytest_plugin``, by every pytest process
    before nbval imports nbformat.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # `import rfc3987_syntax` raises ImportError, once
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]

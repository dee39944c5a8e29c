"""Helpers for the notebooks on ECFR's 'How to train your dictator' (2022).

    from ecfr_belarus import load, save_figure, style
    style.use()
    df = load("referendum_2022_national")   # schema-checked, typed DataFrame

Names are imported from their modules on first use (PEP 562), so a process that needs only the
loader (``from ecfr_belarus import catalog``: the tests' fixtures, the datapackage build) does not
also pay for matplotlib.
"""

from __future__ import annotations

import importlib

# Each public name and the module that defines it (None: the name is a module of the package).
_EXPORTS = {
    "DataError": "catalog",
    "describe": "catalog",
    "load": "catalog",
    "load_geo": "catalog",
    "add_source": "figures",
    "save_figure": "figures",
    "key_numbers": "report",
    "show_io": "report",
    "findings": None,
    "style": None,
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_EXPORTS[name] or name}", __name__)
    value = module if _EXPORTS[name] is None else getattr(module, name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])

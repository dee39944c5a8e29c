"""Helpers for the notebooks on ECFR's 'How to train your dictator' (2022).

    from ecfr_belarus import load, save_figure, style
    style.use()
    df = load("referendum_2022_national")   # schema-checked, typed DataFrame
"""

from . import findings, style
from .catalog import DataError, describe, load, load_geo
from .figures import add_source, save_figure
from .report import key_numbers, show_io

__all__ = ["DataError", "add_source", "describe", "findings", "key_numbers", "load", "load_geo",
           "save_figure", "show_io", "style"]

"""The shared chart helpers: house colours, byte-stable figures with a source line and their
data."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")  # tests only; notebooks keep the inline backend
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ecfr_belarus import findings, save_figure, style  # noqa: E402
from ecfr_belarus.figures import source_of  # noqa: E402


def chart():
    style.use()
    fig, ax = plt.subplots()
    ax.plot([2020, 2021, 2022], [1, 3, 2], color=style.color("Belarus"))
    values = [1, 3, 2]
    ax.set_title(findings.chart_title("The test series peaks in 2021", findings.holds(
        max(values) == values[1], "the 2021 value is the largest", f"values {values}")))
    return fig


def test_same_actor_same_colour_and_colours_distinct():
    assert style.color("BLR") == style.color("Belarus")
    assert style.color("RUS") == style.color("Russia") != style.color("Ukraine")
    main = [style.color(a) for a in ("Belarus", "Russia", "Ukraine", "EU", "Poland", "China")]
    assert len(set(main)) == len(main)
    with pytest.raises(KeyError):
        style.color("Atlantis")


def test_save_figure_is_byte_stable_and_writes_the_plotted_numbers(tmp_path):
    data = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1, 3, 2]})
    first = {}
    for run in range(2):
        fig = chart()
        save_figure(fig, "t", data=data, source="Source: test data", directory=tmp_path / str(run))
        plt.close(fig)
        first[run] = {
            ext: (tmp_path / str(run) / f"t.{ext}").read_bytes() for ext in ("png", "svg", "csv")
        }
    assert first[0] == first[1]
    assert first[0]["csv"] == b"year,value\n2020,1\n2021,3\n2022,2\n"
    assert b"Source: test data" in first[0]["svg"]
    assert b"<dc:date>" not in first[0]["svg"]


def test_save_figure_requires_a_source_and_data(tmp_path):
    fig = chart()
    with pytest.raises(ValueError, match="source"):
        save_figure(fig, "t", data=pd.DataFrame({"a": [1]}), source=" ", directory=tmp_path)
    with pytest.raises(ValueError, match="plotted numbers"):
        save_figure(fig, "t", data=pd.DataFrame(), source="Source: x", directory=tmp_path)
    save_figure(fig, "t", data=pd.DataFrame({"a": [1]}), source="Source: x", directory=tmp_path)
    save_figure(fig, "t", data=pd.DataFrame({"a": [1]}), source="Source: y", directory=tmp_path)
    assert source_of(fig) == "Source: y" and len(fig.texts) == 1  # replaced, not stacked
    plt.close(fig)

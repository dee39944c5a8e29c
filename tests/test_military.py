"""Tests for the military-complicity data (data/military, data/geo) and the geodesic helpers
(ecfr_belarus.geo)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from shapely.geometry import LineString, MultiLineString, Point

from ecfr_belarus import geo
from ecfr_belarus.catalog import DataError, load, load_geo

# ---------------------------------------------------------------------------------------------
# Geodesic helpers, against values checked by hand
# ---------------------------------------------------------------------------------------------

# WGS84 semi-major axis a = 6,378,137 m. Along the equator the geodesic is the equator itself,
# so one degree of longitude is a * pi / 180 = 111.319 490 8 km.
EQUATOR_DEGREE_KM = 6378.137 * math.pi / 180
# The WGS84 meridian quadrant (equator to pole) is 10,001.965 729 km (published constant).
MERIDIAN_QUADRANT_KM = 10001.965729
# One degree of latitude from the equator (0 to 1 deg N) on WGS84: 110.574 km (standard table).
FIRST_DEGREE_OF_LATITUDE_KM = 110.574


def test_distance_along_equator_is_one_degree_of_arc():
    assert geo.distance_km(0, 0, 1, 0) == pytest.approx(EQUATOR_DEGREE_KM, abs=1e-6)


def test_distance_equator_to_pole_is_meridian_quadrant():
    assert geo.distance_km(0, 0, 0, 90) == pytest.approx(MERIDIAN_QUADRANT_KM, abs=1e-3)


def test_distance_is_symmetric_and_zero_for_same_point():
    there = geo.distance_km(30.5, 50.4, 31.0, 52.4)
    assert there == pytest.approx(geo.distance_km(31.0, 52.4, 30.5, 50.4))
    assert geo.distance_km(30.5, 50.4, 30.5, 50.4) == 0


def test_line_length_of_equator_segment():
    line = LineString([(0, 0), (1, 0), (3, 0)])
    assert geo.line_length_km(line) == pytest.approx(3 * EQUATOR_DEGREE_KM, abs=1e-6)


def test_line_length_sums_the_parts_of_a_multilinestring():
    multi = MultiLineString([[(0, 0), (1, 0)], [(10, 0), (12, 0)]])
    assert geo.line_length_km(multi) == pytest.approx(3 * EQUATOR_DEGREE_KM, abs=1e-6)


def test_line_length_rejects_points():
    with pytest.raises(TypeError):
        geo.line_length_km(Point(0, 0))


def test_densify_keeps_vertices_and_step():
    line = LineString([(0, 0), (1, 0)])
    lons, lats = geo.densify(line, step_km=10)
    assert (lons[0], lats[0]) == (0, 0) and (lons[-1], lats[-1]) == (1, 0)
    gaps = [geo.distance_km(lons[i], lats[i], lons[i + 1], lats[i + 1])
            for i in range(len(lons) - 1)]
    assert max(gaps) <= 10 + 1e-9
    assert len(lons) == 13  # 111.3 km in steps of at most 10 km: 12 gaps, 13 points


def test_densify_rejects_non_positive_step():
    with pytest.raises(ValueError):
        geo.densify(LineString([(0, 0), (1, 0)]), step_km=0)


def test_nearest_point_on_equator_segment_is_straight_south():
    # From (0.5 E, 1 N) the closest point of the equator segment 0-1 E is (0.5 E, 0 N),
    # at the length of the first degree of latitude.
    km, lon, lat = geo.nearest_point_on_line(0.5, 1.0, LineString([(0, 0), (1, 0)]), step_km=0.1)
    assert km == pytest.approx(FIRST_DEGREE_OF_LATITUDE_KM, abs=0.01)
    assert lon == pytest.approx(0.5, abs=1e-3) and lat == pytest.approx(0, abs=1e-9)


def test_nearest_point_beyond_the_end_is_the_end_vertex():
    km, lon, lat = geo.nearest_point_on_line(2.0, 0.0, LineString([(0, 0), (1, 0)]))
    assert (lon, lat) == (1, 0)
    assert km == pytest.approx(EQUATOR_DEGREE_KM, abs=1e-6)


def test_line_length_is_pyprojs_geometry_length_and_ignores_vertex_order():
    # The helper is pyproj's Geod.geometry_length: reversing a line or splitting it into parts
    # keeps its length.
    line = LineString([(24.0, 51.9), (27.1, 51.7), (30.5, 51.3)])
    reversed_line = LineString(list(line.coords)[::-1])
    split = MultiLineString([list(line.coords)[:2], list(line.coords)[1:]])
    assert geo.line_length_km(reversed_line) == pytest.approx(geo.line_length_km(line), abs=1e-9)
    assert geo.line_length_km(split) == pytest.approx(geo.line_length_km(line), abs=1e-9)
    expected = geo.WGS84.geometry_length(line) / 1000
    assert geo.line_length_km(line) == pytest.approx(expected, abs=1e-12)


def test_kyiv_to_border_reproduces_the_compilers_figure():
    # A reproduction, not an independent check: the compilers used the same Natural Earth line and
    # the same method (pyproj Geod, densified line), so agreement shows only that the computation
    # is repeatable.
    border = load_geo("ne_10m_boundary_belarus_ukraine").geometry.iloc[0]
    places = load("key_places").set_index("name_ne")
    kyiv = places.loc["Kiev"]
    km, _, _ = geo.nearest_point_on_line(kyiv["longitude"], kyiv["latitude"], border)
    assert round(km, 1) == kyiv["dist_to_by_ua_boundary_km"]
    # The nearest point is no farther than the nearest vertex of the line.
    vertices = [c for part in border.geoms for c in part.coords]
    nearest_vertex = min(geo.distance_km(kyiv["longitude"], kyiv["latitude"], x, y)
                         for x, y in vertices)
    assert km <= nearest_vertex + 1e-9


# ---------------------------------------------------------------------------------------------
# Placing named sites: a point only where the data hold one
# ---------------------------------------------------------------------------------------------

GAZETTEER = pd.DataFrame({"longitude": [26.0, 25.3], "latitude": [53.1, 53.9]},
                         index=["Baranavichy", "Lida"])


def test_locate_places_by_exact_name_or_alias_and_keeps_order():
    out = geo.locate(["Lida", "Baranovichi"], GAZETTEER, {"Baranovichi": "Baranavichy"})
    assert list(out["site"]) == ["Lida", "Baranovichi"]
    assert list(out["gazetteer_name"]) == ["Lida", "Baranavichy"]
    assert out["placed"].all()
    assert (out.loc[1, "longitude"], out.loc[1, "latitude"]) == (26.0, 53.1)


def test_locate_never_guesses_a_point():
    # A near spelling is not a match: without an alias the site stays unplaced, with no coordinates.
    out = geo.locate(["Luninets", "Baranovichi", "lida"], GAZETTEER)
    assert not out["placed"].any()
    assert out[["longitude", "latitude"]].isna().all().all()
    assert (out["gazetteer_name"] == "").all()


def test_locate_alias_to_a_missing_name_stays_unplaced():
    out = geo.locate(["Machulishchy"], GAZETTEER, {"Machulishchy": "Minsk"})
    assert not out["placed"].iloc[0]


# ---------------------------------------------------------------------------------------------
# The data files the notebook reads
# ---------------------------------------------------------------------------------------------

RESOURCES = ["belarus_military_timeline_2022_2023", "missile_launch_counts_reported_2022",
             "russian_forces_in_belarus_estimates", "armed_forces_size_reported",
             "sipri_milex_belarus_russia_ukraine", "geography_figures", "key_places",
             "missile_attacks_belarus_related", "missile_attacks_monthly_summary"]


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_loads(name):
    assert len(load(name)) > 0


def test_sipri_key_is_unique_and_2021_values_present():
    df = load("sipri_milex_belarus_russia_ukraine")
    assert not df.duplicated(["country", "year", "metric"]).any()
    v = (df[(df["year"] == 2021) & (df["metric"] == "milex_constant_2022_usd")]
         .set_index("country")["value"])
    assert v["Russia"] > v["Ukraine"] > v["Belarus"] > 0


def test_dod_3_march_split_is_kept_with_qualifiers():
    df = load("missile_launch_counts_reported_2022")
    day = df[(df["date_reported"] == "2022-03-03") & (df["publisher"] == "The Hill")]
    total = day[day["metric"] == "total_launched"].iloc[0]
    belarus = day[(day["metric"] == "launched_by_origin")
                  & (day["launch_origin"] == "Belarus")].iloc[0]
    assert (total["value"], total["qualifier"]) == (480, "more than")
    assert (belarus["value"], belarus["qualifier"]) == (70, "more than")


@pytest.mark.parametrize("name", ["ne_10m_boundary_belarus_ukraine",
                                  "ne_10m_admin_1_belarus_ukraine",
                                  "ne_110m_admin_0_countries_v5_1_1_crimea_as_ukraine"])
def test_geojson_loads(name):
    gdf = load_geo(name)
    assert len(gdf) > 0 and gdf.crs.to_epsg() == 4326


def test_crimea_is_ukrainian_in_the_derived_world_layer():
    world = load_geo("ne_110m_admin_0_countries_v5_1_1_crimea_as_ukraine").set_index("ADM0_A3")
    simferopol = Point(34.1, 44.95)
    assert world.loc["UKR"].geometry.contains(simferopol)
    assert not world.loc["RUS"].geometry.contains(simferopol)


# ---------------------------------------------------------------------------------------------
# Bad data is refused, with a message naming file, column and line
# ---------------------------------------------------------------------------------------------


CORRUPTIONS = [
    # resource (file data/military/<resource>.csv), line, column, bad value
    ("belarus_military_timeline_2022_2023", 5, "category", "tanks"),
    ("belarus_military_timeline_2022_2023", 7, "date", "2021-12-31"),
    ("missile_launch_counts_reported_2022", 4, "value", "-480"),
    ("missile_launch_counts_reported_2022", 6, "metric", "fired"),
    ("russian_forces_in_belarus_estimates", 3, "date", "Feb 2022"),
    ("russian_forces_in_belarus_estimates", 9, "value", "nine thousand"),
    ("armed_forces_size_reported", 4, "date_precision", "week"),
    ("sipri_milex_belarus_russia_ukraine", 10, "value", "-5"),
    ("sipri_milex_belarus_russia_ukraine", 12, "country", "Belorussia"),
    ("sipri_milex_belarus_russia_ukraine", 20, "sipri_colour_flag", "green"),
    ("geography_figures", 3, "unit", "miles"),
    ("key_places", 6, "latitude", "153.1"),
    ("missile_attacks_belarus_related", 8, "time_start", "26/08/2024"),
    ("missile_attacks_monthly_summary", 11, "month", "2023 June"),
    ("missile_attacks_monthly_summary", 30, "drones_border_crossing_belarus", "-3"),
]


@pytest.mark.parametrize(("name", "line", "column", "bad"), CORRUPTIONS,
                         ids=[f"{c[0]}-{c[2]}" for c in CORRUPTIONS])
def test_corrupted_cell_is_refused_with_file_line_and_column(corrupt, name, line, column, bad):
    package, _ = corrupt(name, line - 2, column, bad)  # line counts the header as line 1
    with pytest.raises(DataError) as err:
        load(name, package)
    message = str(err.value)
    assert f"data/military/{name}.csv" in message
    assert f"line {line}" in message
    assert repr(column) in message


@pytest.mark.parametrize(("name", "key_columns"), [
    ("geography_figures", ["figure"]),
    ("armed_forces_size_reported", ["date", "metric", "estimated_by"]),
    ("sipri_milex_belarus_russia_ukraine", ["country", "year", "metric"]),
])
def test_duplicate_key_is_refused(corrupt, name, key_columns):
    # Copy the key of line 2 onto line 3: the primary key must catch it.
    for col in key_columns:
        package, _ = corrupt(name, 1, col, corrupt.cell(name, 0, col))
    with pytest.raises(DataError) as err:
        load(name, package)
    message = str(err.value)
    assert f"data/military/{name}.csv" in message and "line 3" in message
    assert "primary-key" in message


def test_edited_geojson_is_refused(corrupt):
    path = corrupt.path("ne_10m_boundary_belarus_ukraine")
    assert path.parent.name == "military"
    edited = path.read_text(encoding="utf-8").replace("31.47485", "31.47486", 1)
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(DataError, match="ne_10m_boundary_belarus_ukraine"):
        load_geo("ne_10m_boundary_belarus_ukraine", corrupt.package)


# ---------------------------------------------------------------------------------------------
# Dates the notebook reads with care (third edition, after a cold read)
# ---------------------------------------------------------------------------------------------


def test_lukashenka_launch_claim_is_dated_by_report_and_places_launches_on_23_feb():
    timeline = load("belarus_military_timeline_2022_2023")
    row = timeline[timeline["event"].str.contains('"two or three"', regex=False)]
    assert len(row) == 1
    assert row["date"].iloc[0] == pd.Timestamp("2022-02-27")
    assert row["note"].str.extract(r"launches around [\d:]+ on (\d+ \w+)")[0].iloc[0] == "23 Feb"


def test_nhk_share_and_missile_count_carry_both_dates():
    forces = load("russian_forces_in_belarus_estimates")
    counts = load("missile_launch_counts_reported_2022")
    nhk_share = forces[forces["publisher"].str.contains("NHK")]
    assert nhk_share["date"].tolist() == ["2022-03-05"] and nhk_share["value"].tolist() == [92]
    nhk_count = counts[counts["note"].str.contains("NHK", na=False)]
    assert nhk_count["date_reported"].tolist() == [pd.Timestamp("2022-03-04")]


def test_us_split_by_origin_for_belarus_on_three_days():
    counts = load("missile_launch_counts_reported_2022")
    us = counts[counts["metric"].eq("launched_by_origin") & counts["launch_origin"].eq("Belarus")]
    days = sorted(us["date_reported"].dt.strftime("%Y-%m-%d").unique())
    assert days == ["2022-03-03", "2022-03-09", "2022-03-11"]

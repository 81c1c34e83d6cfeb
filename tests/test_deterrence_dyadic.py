"""War Trap expected utility on the bundled data (socius.deterrence.dyadic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from numpy.testing import assert_allclose

from socius.data import load
from socius.deterrence import (
    EU_COLUMNS,
    add_expected_utility,
    relevant_third_parties,
    war_trap_expected_utility,
    year_arrays,
)
from socius.deterrence.dyadic import war_trap_year
from socius.deterrence.geography import great_circle_miles, miles_matrix
from socius.deterrence.wartrap import adjusted_capability
from socius.errors import CoverageError, ValidationError
from socius.provenance import get_provenance


@pytest.fixture(scope="module")
def table_2000() -> pl.DataFrame:
    return war_trap_expected_utility((2000, 2000))


@pytest.fixture(scope="module")
def arrays_2000():  # type: ignore[no-untyped-def]
    return year_arrays(2000)


def test_one_row_per_directed_pair(table_2000: pl.DataFrame, arrays_2000) -> None:  # type: ignore[no-untyped-def]
    n = arrays_2000.ccodes.size
    assert table_2000.height == n * (n - 1)
    assert table_2000.select("ccode1", "ccode2").is_unique().all()
    assert list(table_2000.columns) == ["ccode1", "ccode2", "year", *EU_COLUMNS]
    assert table_2000["eu_ij"].null_count() == 0


def test_parts_add_up_and_directions_mirror(table_2000: pl.DataFrame) -> None:
    t = table_2000
    assert_allclose(
        t["eu_ij"].to_numpy(),
        (t["eu_ij_bilateral"] + t["eu_ij_third"]).to_numpy(),
        rtol=1e-12,
        atol=1e-12,
    )
    back = t.select(
        pl.col("ccode2").alias("ccode1"),
        pl.col("ccode1").alias("ccode2"),
        pl.col("eu_ij").alias("mirror"),
    )
    joined = t.join(back, on=["ccode1", "ccode2"])
    assert_allclose(joined["eu_ji"].to_numpy(), joined["mirror"].to_numpy(), rtol=1e-12)


def test_one_dyad_by_hand(arrays_2000) -> None:  # type: ignore[no-untyped-def]
    """USA (2) against Russia (365) in 2000, recomputed from the inputs with plain loops."""
    ya = arrays_2000
    codes = list(ya.ccodes)
    i, j = codes.index(2), codes.index(365)
    cinc = load("nmc", columns=["ccode", "year", "cinc"]).filter(pl.col("year") == 2000)
    lookup = dict(cinc.select("ccode", "cinc").iter_rows())
    assert ya.cinc[i] == pytest.approx(lookup[2], rel=1e-12)
    a = ya.cinc[:, None] ** np.log10(ya.miles / 500.0 + 10 - np.e)
    u = ya.similarity
    assert u is not None
    third = relevant_third_parties(ya.region, ya.major, i, j)
    assert third.sum() == ya.ccodes.size - 2  # both are major powers: every state counts
    p = a[i, j] / (a[i, j] + a[j, j])
    eu = p * (1 - u[i, j]) + (1 - p) * (u[i, j] - 1)
    for k in np.flatnonzero(third):
        total = a[i, j] + a[j, j] + a[k, j]  # all at the battle location, Moscow
        p_ik = (a[i, j] + a[k, j]) / total
        p_jk = (a[j, j] + a[k, j]) / total
        if not np.isnan(u[k, i] - u[k, j]):
            eu += (p_ik + p_jk - 1) * (u[k, i] - u[k, j])
    got, _, _ = war_trap_year(ya)
    assert got[i, j] == pytest.approx(eu, rel=1e-10)


def test_minor_power_dyad_uses_its_regions(arrays_2000) -> None:  # type: ignore[no-untyped-def]
    """Peru (135) against Ecuador (130): third parties are the Americas plus major powers."""
    ya = arrays_2000
    codes = list(ya.ccodes)
    i, j = codes.index(135), codes.index(130)
    third = relevant_third_parties(ya.region, ya.major, i, j)
    chosen = ya.ccodes[third]
    assert 2 in chosen and 20 in chosen and 365 in chosen  # USA, Canada, Russia (major)
    assert 640 not in chosen  # Turkey: another region, not a major power
    assert 135 not in chosen and 130 not in chosen


def test_capitals_and_land_borders(arrays_2000) -> None:  # type: ignore[no-untyped-def]
    ya = arrays_2000
    codes = list(ya.ccodes)
    usa, can, chn, jpn = (codes.index(c) for c in (2, 20, 710, 740))
    assert ya.miles[usa, can] == 0.0  # land border (COW contiguity type 1)
    caps = load("capitals").filter(pl.col("ccode").is_in([710, 740]))
    beijing = caps.filter(pl.col("ccode") == 710).row(0, named=True)
    tokyo = caps.filter(pl.col("ccode") == 740).sort("start").row(-1, named=True)
    expected = float(great_circle_miles(beijing["lat"], beijing["lon"], tokyo["lat"], tokyo["lon"]))
    assert ya.miles[chn, jpn] == pytest.approx(expected, rel=1e-12)
    # haversine on a 3,958.8-mile sphere: Beijing-Tokyo is about 1,310 miles
    assert 1250 < expected < 1350
    assert float(adjusted_capability(0.2, 0.0, year=2000)) > 0.2


def test_after_atop_coverage_is_missing() -> None:
    t = war_trap_expected_utility((2020, 2020))
    assert t.height > 0
    assert t["eu_ij"].null_count() == t.height


def test_add_expected_utility_keeps_rows_and_order() -> None:
    panel = pl.DataFrame(
        {
            "ccode1": [365, 2, 2, 2, 999, 2],
            "ccode2": [2, 365, 365, 365, 2, 200],
            "year": [2000, 2000, 2030, 2020, 2000, 1990],
            "keep": ["a", "b", "c", "d", "e", "f"],
        }
    )
    out = add_expected_utility(panel)
    assert out.height == panel.height
    assert out["keep"].to_list() == panel["keep"].to_list()
    eu = out["eu_ij"].to_list()
    assert eu[0] is not None and eu[1] is not None and eu[5] is not None
    assert eu[2] is None  # 2030: no capability data
    assert eu[3] is None  # 2020: after ATOP v5.1
    assert eu[4] is None  # no such state
    assert out["eu_ji"][0] == pytest.approx(out["eu_ij"][1], rel=1e-12)
    datasets = {s["dataset"] for s in get_provenance(out)}
    assert {"nmc", "atop", "capitals"} <= datasets


def test_add_expected_utility_options_and_pandas() -> None:
    panel = pd.DataFrame({"ccode1": [2, 710], "ccode2": [710, 2], "year": [1995, 1995]})
    region = add_expected_utility(panel)
    everyone = add_expected_utility(panel, third_parties="all")
    s_score = add_expected_utility(panel, similarity="s")
    assert isinstance(region, pl.DataFrame)
    # USA and China are both major powers: the relevant region is the whole system
    assert region["eu_ij"][0] == pytest.approx(everyone["eu_ij"][0], rel=1e-9)
    assert s_score["eu_ij"][0] != pytest.approx(region["eu_ij"][0], rel=1e-6)


def test_bad_options_and_panels() -> None:
    panel = pl.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2000]})
    with pytest.raises(ValidationError, match="similarity 'tau' is not known"):
        add_expected_utility(panel, similarity="tau")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="third_parties 'near'"):
        add_expected_utility(panel, third_parties="near")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="lacks column"):
        add_expected_utility(pl.DataFrame({"ccode": [2], "year": [2000]}))
    with pytest.raises(ValidationError, match="already has"):
        add_expected_utility(panel.with_columns(pl.lit(0.0).alias("eu_ij")))
    with pytest.raises(CoverageError, match="1816-2022"):
        war_trap_expected_utility((2020, 2024))


def test_miles_matrix_without_capital_is_missing() -> None:
    # 1816: Taiwan (713) has no capital spell yet
    m = miles_matrix(np.array([2, 713]), 1816)
    assert np.isnan(m[0, 1])


def test_similarity_identity_and_bounds(arrays_2000) -> None:  # type: ignore[no-untyped-def]
    u = arrays_2000.similarity
    assert u is not None
    assert_allclose(np.diagonal(u), 1.0)
    finite = u[np.isfinite(u)]
    assert finite.min() >= -1 - 1e-12 and finite.max() <= 1 + 1e-12
    assert_allclose(u, u.T, equal_nan=True)


@pytest.fixture(scope="module")
def arrays_2007():  # type: ignore[no-untyped-def]
    return year_arrays(2007)


def test_third_parties_without_capability_leave_the_bilateral_term(arrays_2007) -> None:  # type: ignore[no-untyped-def]
    """USA (2) against China (710) in 2007 with every other state's CINC set to 0: the
    third-party term vanishes (the earlier release kept -6.21 of its -6.63 here)."""
    from dataclasses import replace

    ya = arrays_2007
    codes = list(ya.ccodes)
    i, j = codes.index(2), codes.index(710)
    cinc = np.where(np.isin(np.arange(ya.ccodes.size), [i, j]), ya.cinc, 0.0)
    eu, bil, thr = war_trap_year(replace(ya, cinc=cinc))
    assert thr[i, j] == pytest.approx(0.0, abs=1e-15)
    assert eu[i, j] == pytest.approx(bil[i, j], abs=1e-15)
    _, full_bil, _ = war_trap_year(ya)
    assert bil[i, j] == pytest.approx(full_bil[i, j], rel=1e-12)


def test_sanity_set_2007(arrays_2007) -> None:  # type: ignore[no-untyped-def]
    """The 2007 sanity set of docs/deterrence.md (regional third parties, tau-b), to 1e-4.

    Regression values computed by this release; each is the bilateral term plus a
    third-party term bounded by the sum of |U_ki - U_kj| weighted by capability shares.
    """
    ya = arrays_2007
    codes = list(ya.ccodes)
    eu, bil, _ = war_trap_year(ya)
    expected = {
        (2, 731): (0.3237, 0.5774),
        (731, 2): (-1.1973, -1.0086),
        (2, 710): (-0.9976, -0.5569),
        (710, 713): (1.5346, 0.8901),
        (732, 731): (1.8793, 0.1686),
        (740, 710): (-0.0841, -0.2694),
    }
    for (c1, c2), (total, bilateral) in expected.items():
        i, j = codes.index(c1), codes.index(c2)
        assert eu[i, j] == pytest.approx(total, abs=1e-4)
        assert bil[i, j] == pytest.approx(bilateral, abs=1e-4)

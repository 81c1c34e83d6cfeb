"""Spending series breaks: NMC's China series breaks in 2005 and charts never draw through it."""

from __future__ import annotations

import polars as pl
import pytest

from socius import indicators as ind
from socius.report.model import ReportContext
from socius.report.sections.security import section


def test_nmc_2005_break_is_in_the_data() -> None:
    """COW NMC v7.0 milex (bundled rows, millions of current US$): China 84,303 in 2004 and
    29,873 in 2005, Russia 61,500 and 18,768, a one-year fall of 65-70% that marks a change
    of source, not of spending (tolerance: exact)."""
    f = ind.milex(["CHN", "RUS"], years=(2004, 2005), source="nmc").sort("ccode", "year")
    assert f["milex"].to_list() == pytest.approx([61500.0, 18768.0, 84303.0, 29873.0])
    got = ind.milex_breaks(["CHN", "RUS", "USA", "JPN"], years=(1996, 2010), source="nmc")
    assert got.select("stateabb", "year").rows() == [("RUS", 2005), ("CHN", 2005)]
    assert ind.milex_breaks("CHN", years=(2006, 2010), source="nmc").is_empty()
    assert ind.milex_breaks("USA", years=(1996, 2010), source="nmc").is_empty()


def test_breaks_are_exactly_the_2005_collapses_of_the_buildup_states() -> None:
    """Among the report's build-up states 1996-2022 every year-on-year fall of more than
    half in NMC milex is a listed break, and every listed break is such a fall."""
    states = ["USA", "RUS", "JPN", "IND", "ROK", "CHN"]
    f = ind.milex(states, years=(1996, 2022), source="nmc")
    f = f.sort("ccode", "year").with_columns(
        (pl.col("milex") / pl.col("milex").shift(1).over("ccode")).alias("r")
    )
    falls = f.filter(pl.col("r") < 0.5).select("stateabb", "year").rows()
    listed = ind.milex_breaks(states, years=(1996, 2022), source="nmc")
    assert sorted(falls) == sorted(listed.select("stateabb", "year").rows())


def test_security_section_series_start_in_1996_and_mark_the_break() -> None:
    s = section(ReportContext(2007))
    text = " ".join(getattr(b, "text", getattr(b, "caption", "")) for b in s.blocks)
    assert "indexed to 1996 = 100" in text
    assert "CHN, RUS: the spending series has a break inside 1996-2007" in text
    fig = next(
        b for b in s.blocks if getattr(b, "caption", "").startswith("Military expenditure indexed")
    )
    assert "NMC series break 2005" in fig.svg  # type: ignore[attr-defined]

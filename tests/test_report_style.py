"""The figure style and the page's formatting: palette contrast, accessible SVG, readable
axes, number formatting, decoded codes, CSV downloads and annexes."""

from __future__ import annotations

import io
import itertools
import re
import urllib.parse

import matplotlib.pyplot as plt
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socius.plots as sp
from socius.figstyle import (
    BLOC_COLOURS,
    PALETTE,
    TIER_COLOURS,
    accessible_svg,
    contrast_ratio,
    log_share_axis,
    new_figure,
    source_line,
    threshold,
    to_svg,
)
from socius.report.html import csv_data_uri, format_number, render
from socius.report.model import Answer, Figure, Section, Table


@pytest.fixture(autouse=True)
def _close() -> None:
    yield
    plt.close("all")


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    """WCAG 2.1 (understanding SC 1.4.3): black on white is 21:1, white on white 1:1 and
    #767676 on white 4.54:1 (the usual 'lightest accessible grey'); tolerance 0.01."""
    assert contrast_ratio("#000000") == pytest.approx(21.0, abs=0.01)
    assert contrast_ratio("#FFFFFF") == pytest.approx(1.0, abs=0.01)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


def test_palette_one_meaning_per_colour_with_3_to_1_contrast() -> None:
    assert len(set(PALETTE.values())) == len(PALETTE)
    assert all(contrast_ratio(c) >= 3.0 for c in PALETTE.values())
    assert BLOC_COLOURS["NATO"] == TIER_COLOURS["member"]  # the alliance and its members
    assert len({BLOC_COLOURS["SCO"], *TIER_COLOURS.values()}) == 5
    assert sp.BLOC_COLOURS is BLOC_COLOURS  # notebooks and report share the palette


@given(st.sampled_from(sorted(PALETTE.values())), st.sampled_from(sorted(PALETTE.values())))
def test_contrast_ratio_is_symmetric_and_at_least_one(a: str, b: str) -> None:
    assert contrast_ratio(a, b) == pytest.approx(contrast_ratio(b, a))
    assert contrast_ratio(a, b) >= 1.0


def test_svg_is_an_image_with_title_and_description_and_legible_text() -> None:
    fig, ax = new_figure()
    ax.plot([1, 2], [0.01, 10])
    log_share_axis(ax)
    threshold(ax, 1.5, "threshold")
    ax.annotate("tiny", (1, 1), fontsize=5)
    svg = to_svg(fig, title="A & B", desc="what it shows")
    assert svg.startswith('<svg role="img"')
    assert "<title>A &amp; B</title><desc>what it shows</desc>" in svg
    sizes = [float(x) for x in re.findall(r"font-size: ?([0-9.]+)px", svg)]
    assert sizes and min(sizes) >= 8.0
    assert "10^" not in svg and "10%" in svg  # log axis labelled in percent
    again = accessible_svg(svg, "other", "other")
    assert again.count("<title>") == svg.count("<title>")  # idempotent


def test_tiers_figure_has_thresholds_and_percent_axis() -> None:
    fig = sp.tiers(2007)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 2  # democracy 0.5 and capability 1%
    assert "log10" not in ax.get_ylabel()


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (980000.0, 4, "980,000"),
        (12.3456, 3, "12.3"),
        (0.01234, 3, "0.012"),
        (1.5, 3, "1.50"),
        (-2500.4, 2, "-2,500"),
        (0.0, 3, "0"),
    ],
)
def test_format_number(value: float, digits: int, text: str) -> None:
    assert format_number(value, digits) == text


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 6))
def test_format_number_round_trips_within_its_precision(value: float, digits: int) -> None:
    text = format_number(value, digits)
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert decimals <= digits
    if abs(value) >= 100:
        assert decimals == 0
    assert float(text.replace(",", "")) == pytest.approx(value, abs=0.5 * 10**-decimals + 1e-9)


def test_csv_data_uri_round_trips() -> None:
    frame = pl.DataFrame({"state": ["JPN", "RUS"], "x": [1.5, None], "tags": [["a", "b"], []]})
    uri = csv_data_uri(frame)
    assert uri.startswith("data:text/csv;charset=utf-8,")
    back = pl.read_csv(io.StringIO(urllib.parse.unquote(uri.split(",", 1)[1])))
    assert back["state"].to_list() == ["JPN", "RUS"]
    assert back["x"].to_list() == [1.5, None]
    assert back["tags"].to_list() == ["a; b", ""]


def _page(*blocks: object) -> str:
    return render("t", "s", [Section("answers", "Answers", tuple(blocks))])  # type: ignore[arg-type]


def test_tables_have_scoped_headers_csv_and_decoded_codes() -> None:
    small = pl.DataFrame(
        {"tier": ["active_partner", "none"], "nuclear_status": [3, 0], "milex": [980000.0, 12.0]}
    )
    page = _page(Table(small, "Small"))
    assert '<th scope="col">nuclear status</th>' in page
    assert "active partner" in page and "active_partner" not in page.split("data:")[0]
    assert "possession" in page and "no affiliation" in page
    assert "980,000" in page and "980,000.0" not in page
    assert 'download="small.csv"' in page and "<details" not in page
    big = pl.DataFrame({"x": list(range(40))})
    assert '<details class="annex"><summary>Annex: Big (40 rows)' in _page(Table(big, "Big"))
    assert "<details" not in _page(Table(big, "Big", annex=False))


def test_page_has_skip_link_answers_first_and_figure_titles() -> None:
    page = _page(
        Answer("Q?", "A 1.", "data", "cohesion"),
        Answer("R?", "B 2.", "data", "security"),
        Figure("<svg><g/></svg>", "Caption here"),
    )
    assert page.index('class="skip" href="#answers"') < page.index('<section id="answers"')
    assert page.count("<li>") - page.count("<li><a") == 2  # both answers in one list
    assert '<a href="#cohesion">evidence</a>' in page
    assert '<svg role="img"><title>Caption here</title>' in page
    assert not re.search(r"<script|<link|<img|src=\"http", page)


def test_every_palette_pair_is_distinct() -> None:
    for a, b in itertools.combinations(PALETTE.values(), 2):
        assert a.lower() != b.lower()


def test_series_colours_are_legible_and_carry_no_tier_or_bloc_meaning() -> None:
    from socius.figstyle import SERIES_COLOURS

    assert len(set(SERIES_COLOURS)) == len(SERIES_COLOURS) >= 6
    assert not set(SERIES_COLOURS) & set(PALETTE.values())
    assert all(contrast_ratio(c) >= 3.0 for c in SERIES_COLOURS)


def test_a_second_source_line_replaces_the_first_instead_of_printing_over_it() -> None:
    fig, _ = new_figure()
    source_line(fig, "COW NMC v7.0")
    source_line(fig, "SIPRI Military Expenditure Database 2025")
    assert [t.get_text() for t in fig.texts] == ["Source: SIPRI Military Expenditure Database 2025"]


def test_the_report_bloc_figure_has_one_source_line_naming_the_spending_source() -> None:
    # the report once added its own line on top of the plot's: two overlapping lines
    from socius.report.sections.security import _blocs

    svgs = [b.svg for b in _blocs(2007, set()) if isinstance(b, Figure)]
    assert len(svgs) == 1
    assert svgs[0].count("Source:") == 1 and "nmc 7.0" in svgs[0]

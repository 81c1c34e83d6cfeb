"""The report's robustness section: the share of a coarse policy grid giving each tier."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius.affiliation import aligned_policy_path, classify, default_policy
from socius.report import SECTION_ORDER, build_report
from socius.report.html import render
from socius.report.model import Code, Figure, Note, ReportContext, Section, Table, Text
from socius.report.sections import robustness
from socius.report.sections.robustness import (
    report_grid,
    robustness_sentence,
    section,
    share_words,
)
from socius.sweep.grid import Grid

pytest.importorskip("distributed")  # socius.sweep is the optional 'sweep' extra

REPORT = build_report(2007, sections=["robustness"], workers=1, focus=["Serbia"])
(SECTION,) = REPORT.sections


def _blocks(sec: Section, kind: type) -> list:  # type: ignore[type-arg]
    return [b for b in sec.blocks if isinstance(b, kind)]


def _table(sec: Section) -> pl.DataFrame:
    (table,) = _blocks(sec, Table)
    return table.frame


def test_registered_after_affiliation() -> None:
    assert SECTION_ORDER.index("robustness") == SECTION_ORDER.index("affiliation") + 1
    assert SECTION.id == "robustness"


def test_article_cases_are_robust_across_the_grid_in_2007() -> None:
    """Ikegami (2007): Japan, Australia, New Zealand and South Korea are active partners, Russia
    and China associates. Under the default policy these tiers hold at every one of the 243
    policies of the report's grid (no tolerance: shares are counts of grid points)."""
    text = " ".join(b.text for b in _blocks(SECTION, Text))
    for name in ("Japan", "South Korea", "Australia", "New Zealand"):
        assert f"{name} is an active partner in 100% of the policy grid." in text
    for name in ("Russia", "China"):
        assert f"{name} is an associate in 100% of the policy grid." in text
    frame = _table(SECTION)
    assert frame["state"].to_list()[:4] == ["Japan", "South Korea", "Australia", "New Zealand"]
    assert "Serbia" in frame["state"].to_list()  # the report's own focus is added
    assert "JPN" in frame["iso3"].to_list() and "AUL" not in frame["iso3"].to_list()


def test_shares_add_up_and_contain_the_default_policys_tier() -> None:
    """Shares of the tiers add up to 100% for every state, and the default policy is a point of
    the grid, so the tier classify() gives under it has a share above 0 for every focus state."""
    frame = _table(SECTION)
    shares = [c for c in frame.columns if c.endswith("(% of grid)") and not c.startswith("its")]
    total = frame.select(pl.sum_horizontal(shares)).to_series()
    assert ((total - 100.0).abs() < 1e-9).all()
    ref = classify(2007, draws=1).select("iso3", "tier")
    words = {"active_partner": "active partner", "associate": "associate", "none": "no affiliation"}
    for row in frame.join(ref, on="iso3").iter_rows(named=True):
        assert row[f"{words[row['tier']]} (% of grid)"] > 0, row["state"]


def test_grid_is_the_thinned_example_grid_and_its_provenance_is_shown() -> None:
    grid = report_grid(default_policy())
    assert grid.size == 3**5
    assert all(len(v) == 3 for v in grid.values)
    (note,) = _blocks(SECTION, Note)
    assert note.kind == "assumption" and "243 policies" in note.text
    assert "illustrative" in note.text and "seed" in note.text
    (code,) = _blocks(SECTION, Code)
    assert '"values.v2x_libdem" = [0.4, 0.5, 0.6]' in code.text
    assert "socius sweep policy --grid FILE --years 2007-2007" in code.caption


def test_custom_tiers_of_the_aligned_policy() -> None:
    """Under the three-tier example policy (aligned_policy.toml), Georgia 2007 (PfP partner,
    fails the values test) is an aligned partner at every grid point, and the table has a
    column for that tier."""
    sec = section(ReportContext(year=2007, policy_path=str(aligned_policy_path())))
    frame = _table(sec)
    assert "aligned partner (% of grid)" in frame.columns
    georgia = frame.filter(pl.col("state") == "Georgia")
    assert georgia["aligned partner (% of grid)"][0] == 100.0
    assert "Georgia is an aligned partner in 100% of the policy grid." in sec.blocks[0].text  # type: ignore[union-attr]


def test_accessible_table_and_figure() -> None:
    page = render("t", "s", [SECTION])
    assert '<th scope="col">state</th>' in page
    (figure,) = _blocks(SECTION, Figure)
    assert 'role="img"' in figure.svg and "<title>" in figure.svg
    assert "AUL" not in figure.svg and "Australia" in figure.svg  # display names, not COW
    # takeaway title: Japan, South Korea, Australia, New Zealand, Russia, China at least
    steady = re.search(r"(\d+) of (\d+) focus states keep one tier in all 243 policies", figure.svg)
    assert steady is not None and 6 <= int(steady[1]) <= int(steady[2])


def test_a_policy_without_the_grid_keys_gets_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(robustness, "report_grid", lambda policy: Grid((), ()))
    sec = section(ReportContext(year=2007))
    (note,) = sec.blocks
    assert isinstance(note, Note) and note.kind == "missing"
    assert "socius sweep policy --grid FILE" in note.text


TIERS = ("active_partner", "aligned_partner", "associate", "none")


@given(st.lists(st.integers(0, 20), min_size=len(TIERS), max_size=len(TIERS)))
def test_sentence_names_the_most_frequent_tier_first(counts: list[int]) -> None:
    """Property: for any counts of grid points, the sentence starts with the state and the tier
    with the largest share, gives that share in whole percent, and names every tier that
    occurs."""
    total = sum(counts)
    shares = {t: (c / total if total else 0.0) for t, c in zip(TIERS, counts, strict=True)}
    text = robustness_sentence("Japan", shares)
    assert text.startswith("Japan ") and text.endswith(".")
    if not total:
        assert "not classified" in text
        return
    top = max(shares.values())
    assert f"in {share_words(top)} of the policy grid" in text
    words = {"active_partner": "active partner", "aligned_partner": "aligned partner"}
    for tier, share in shares.items():
        named = "no affiliation" if tier == "none" else words.get(tier, tier)
        assert (named in text) == (share > 0), (tier, text)
    assert len(re.findall(r"\d+%", text)) == sum(s > 0 for s in shares.values())

"""The two-tier what-if: members alone; + Japan; + all active partners; + associates engaged."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.alliances import members
from socius.cli import main
from socius.cohesion import cohesion, load_data, tiered_whatif, whatif
from socius.cohesion.tiers import STEP_MEASURES
from socius.errors import ValidationError

DATA = load_data((2007, 2007))
# Non-members of 2007 (COW codes): Japan, Australia, South Korea, Sweden, Russia, China, Iran
POOL = {
    740: "active_partner",
    900: "active_partner",
    732: "active_partner",
    380: "active_partner",
    365: "associate",
    710: "associate",
    630: "associate",
}


def test_steps_reproduce_cohesion_and_whatif() -> None:
    """Step 1 is the members' own cohesion and step 2 the single-candidate what-if, so the
    measures agree with the independently tested cohesion() and whatif() (rtol 1e-12)."""
    res = tiered_whatif("NATO", 2007, POOL, data=DATA)
    own = cohesion("NATO", 2007, data=DATA)
    one = whatif("NATO", 2007, add=["JPN"], data=DATA).summary
    for m in STEP_MEASURES:
        assert_allclose(res.steps[m][0], own[m][0], rtol=1e-12)
        want = one.filter(pl.col("measure") == m)["with_candidates"][0]
        assert_allclose(res.steps[m][1], want, rtol=1e-12)
    assert res.steps["label"].to_list() == [
        "members alone",
        "+ JPN",
        "+ all active partners",
        "+ associates engaged, not admitted",
    ]
    assert res.steps["n_states"].to_list() == [26, 27, 30, 33]
    assert res.steps["added"].to_list()[3] == "RUS, IRN, CHN"


def test_2007_partners_and_associates_lower_similarity_and_associates_diverge() -> None:
    res = tiered_whatif("NATO", 2007, POOL, data=DATA)
    s = res.steps["s_un_mean"].to_list()
    assert s[0] > s[1] > s[3] and s[2] > s[3]  # Japan costs little, associates much more
    div = dict(zip(res.divergence["stateabb"], res.divergence["divergence"], strict=True))
    assert div["JPN"] < 1.0 < div["CHN"]  # Japan inside the members' spread, China far out


@settings(max_examples=15)
@given(st.sets(st.sampled_from(sorted(POOL)), max_size=len(POOL)))
def test_step_sizes_grow_and_members_alone_ignore_the_tiers(chosen: set[int]) -> None:
    tiers = {c: POOL[c] for c in chosen}
    res = tiered_whatif("NATO", 2007, tiers, data=DATA)
    n = res.steps["n_states"].to_list()
    assert n[0] == len(members("NATO", 2007)) and n == sorted(n)
    assert n[3] - n[0] == len(chosen | {740})
    base = tiered_whatif("NATO", 2007, {}, data=DATA).steps
    for m in STEP_MEASURES:
        assert_allclose(res.steps[m][0], base[m][0], rtol=1e-12)
        assert res.steps[f"d_{m}"][0] == 0.0
    assert np.isfinite(res.steps["s_un_mean"].to_numpy()).all()


def test_focus_must_be_a_non_member() -> None:
    with pytest.raises(ValidationError, match=r"focus 'USA' .* is a member of NATO"):
        tiered_whatif("NATO", 2007, POOL, focus="USA", data=DATA)


def test_cli_tiers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cohesion", "tiers", "NATO", "--year", "2007"]) == 0
    out = capsys.readouterr().out
    assert "cohesion at each step" in out and "Divergence from the core" in out
    assert main(["cohesion", "tiers", "NATO", "--year", "2007", "--focus", "FRN"]) == 2
    assert "is a member of NATO" in capsys.readouterr().err

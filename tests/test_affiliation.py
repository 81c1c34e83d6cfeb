"""The two-tier affiliation system: classification, policy validation, explanations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.affiliation import assess, classify, default_policy, default_policy_text, load_policy
from socius.affiliation.classify import TIER_ORDER, _criteria, _layout, _tiers
from socius.affiliation.explain import explain, history, sensitivity, sensitivity_summary
from socius.cli import main
from socius.errors import CoverageError, UnknownNameError, ValidationError

POLICY = default_policy()
T2007 = classify(2007, draws=300)


def tier_of(abb: str, table: pl.DataFrame = T2007) -> str:
    return str(table.filter(pl.col("stateabb") == abb)["tier"][0])


def test_default_policy_2007_model_cases() -> None:
    # The model cases for NATO in 2007 under the default policy.
    for abb in ("JPN", "AUL", "NEW", "ROK"):
        assert tier_of(abb) == "active_partner", abb
    for abb in ("RUS", "CHN"):
        assert tier_of(abb) == "associate", abb
    assert tier_of("USA") == "member" and tier_of("GMY") == "member"
    assert T2007.filter(pl.col("tier") == "member").height == 26


def test_output_columns_evidence_years_and_confidence() -> None:
    jpn = T2007.filter(pl.col("stateabb") == "JPN").to_dicts()[0]
    assert jpn["v2x_libdem"] == pytest.approx(0.776, abs=1e-9)
    assert jpn["v2x_libdem_year"] == 2007 and jpn["v2x_libdem_status"] == "pass"
    assert jpn["values"] == "pass" and jpn["values_margin"] > 0
    assert T2007["confidence"].min() >= 0.0 and T2007["confidence"].max() <= 1.0
    assert (T2007.filter(pl.col("tier") == "member")["confidence"] == 1.0).all()


def test_fallback_years_are_shown() -> None:
    # Fariss scores end in 2019: for 2022 the 2019 value is used (fallback 4 years) and its year shown.
    t = classify(2022, draws=50)
    jpn = t.filter(pl.col("stateabb") == "JPN").to_dicts()[0]
    assert jpn["hr_protection_year"] == 2019


def test_monte_carlo_is_reproducible_and_responds_to_uncertainty() -> None:
    a = classify(2007, draws=200, seed=7)
    b = classify(2007, draws=200, seed=7)
    assert a.select("ccode", "confidence").equals(b.select("ccode", "confidence"))
    # Ukraine's human-rights score (0.005) sits inside the 0.25 band around 0: about half the draws.
    assert 0.3 < float(a.filter(pl.col("stateabb") == "UKR")["confidence"][0]) < 0.7


def test_trojan_horse_flags_divergent_democracies() -> None:
    india = T2007.filter(pl.col("stateabb") == "IND").to_dicts()[0]
    assert india["tier"] == "active_partner"
    assert india["trojan_horse"] == "shares values, diverges in foreign policy"
    assert T2007.filter(pl.col("stateabb") == "JPN")["trojan_horse"][0] is None


# -- monotonicity in every threshold (Hypothesis) ----------------------------------------------

LAYOUT = _layout(POLICY)
MATRIX = np.column_stack(
    [
        T2007.filter(pl.col("tier") != "member")[i].cast(pl.Float64).fill_null(np.nan).to_numpy()
        for i in POLICY.indicator_ids()
    ]
)


def _evaluate(thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok, _, _ = _criteria(POLICY, LAYOUT, MATRIX, thresholds)
    return ok, _tiers(POLICY, LAYOUT, ok)


@settings(max_examples=80)
@given(st.integers(0, len(LAYOUT.keys) - 1), st.floats(0, 1), st.floats(0, 1))
def test_classification_is_monotone_in_each_threshold(k: int, a: float, b: float) -> None:
    lo, hi = LAYOUT.lo[k], LAYOUT.hi[k]
    t1, t2 = lo + min(a, b) * (hi - lo), lo + max(a, b) * (hi - lo)
    # the stricter threshold: higher for '>=' indicators, lower for '<='
    strict, lenient = (t2, t1) if LAYOUT.sign[k] > 0 else (t1, t2)
    ts, tl = LAYOUT.threshold.copy(), LAYOUT.threshold.copy()
    ts[k], tl[k] = strict, lenient
    ok_s, tier_s = _evaluate(ts)
    ok_l, tier_l = _evaluate(tl)
    c = LAYOUT.crit_of[k]
    assert not (ok_s[:, c] & ~ok_l[:, c]).any(), "a stricter threshold let a state pass"
    crit = LAYOUT.crit_names[c]
    ap = TIER_ORDER.index("active_partner")
    assoc = TIER_ORDER.index("associate")
    if (
        crit in POLICY.tiers["active_partner"].all_of
        or crit in POLICY.tiers["active_partner"].any_of
    ):
        assert not ((tier_s == ap) & (tier_l != ap)).any()
    if crit in POLICY.tiers["associate"].none_of:
        assert not ((tier_l == assoc) & (tier_s != assoc) & (tier_s != ap)).any()
    if (
        crit in POLICY.tiers["associate"].all_of
        and crit not in POLICY.tiers["active_partner"].all_of
    ):
        assert not ((tier_s == assoc) & (tier_l != assoc)).any()


# -- policy validation ---------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_policy_unknown_column_suggests(tmp_path: Path) -> None:
    text = default_policy_text().replace('"vdem.v2x_libdem"', '"vdem.v2x_libdemm"')
    with pytest.raises(
        ValidationError,
        match=r"my\.toml: criteria\.values\.indicators\[0\]\.column \(line \d+\): .*did you mean: v2x_libdem",
    ):
        load_policy(_write(tmp_path, text))


def test_policy_threshold_off_scale(tmp_path: Path) -> None:
    text = default_policy_text().replace("threshold = 0.5\n", "threshold = 5\n", 1)
    with pytest.raises(
        ValidationError, match=r"threshold .*5\.0 is outside the scale of vdem\.v2x_libdem \[0, 1\]"
    ):
        load_policy(_write(tmp_path, text))


def test_policy_contradictory_and_unknown_rules(tmp_path: Path) -> None:
    text = default_policy_text().replace('none_of = ["values"]', 'none_of = ["significance"]')
    with pytest.raises(
        ValidationError, match=r"contradictory rule: \['significance'\] both required and excluded"
    ):
        load_policy(_write(tmp_path, text))
    text = default_policy_text().replace('all_of = ["significance"]', 'all_of = ["significanse"]')
    with pytest.raises(ValidationError, match="unknown criterion 'significanse'"):
        load_policy(_write(tmp_path, text))
    text = default_policy_text().replace("at_least = 2", "at_least = 5")
    with pytest.raises(ValidationError, match="at_least = 5 exceeds the 3 indicators"):
        load_policy(_write(tmp_path, text))


def test_policy_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist; copy the default"):
        load_policy(tmp_path / "none.toml")
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_policy(_write(tmp_path, "name = [unclosed"))
    with pytest.raises(ValidationError, match="passes_if"):
        load_policy(
            _write(
                tmp_path, default_policy_text().replace('passes_if = "<="', 'passes_if = "=<"', 1)
            )
        )


def test_unknown_alliance_and_years_outside_coverage() -> None:
    with pytest.raises(UnknownNameError, match="unknown alliance 'OTAN'"):
        classify(2007, alliance="OTAN")
    with pytest.raises(CoverageError, match="NATO has no members in 1930"):
        classify(1930)


def test_missing_evidence_is_shown_not_silently_scored() -> None:
    # Taiwan has no UN ideal point after 1971: its alignment evidence is insufficient, shown as such.
    twn = T2007.filter(pl.col("stateabb") == "TAW").to_dicts()[0]
    assert twn["idealpoint_divergence_status"] == "missing (skipped)"
    assert twn["alignment"] == "insufficient"


# -- explanations, history, sensitivity -------------------------------------------------------------


def test_explain_japan_gives_evidence_margins_and_counterfactuals() -> None:
    text = explain("JPN", 2007, draws=100).text
    assert text.startswith(
        "Japan (JPN; COW 740 JPN), 2007: active partner (security-making) of NATO"
    )
    assert (
        "liberal democracy (V-Dem), at least 0.5 on [0, 1]: 0.776 (2007, current) vs threshold >= 0.5, "
        "margin +0.276 -> pass" in text
    )
    assert "What would change the decision" in text
    china = explain("CHN", 2007, draws=100).text
    assert "associate (engagement and confidence-building) of NATO" in china
    assert "To pass 'values'" in china


def test_history_reports_changes_with_reasons() -> None:
    h = history("POL", (1995, 2001), draws=20)
    assert h.filter(pl.col("year") == 1999)["tier"][0] == "member"
    change = h.filter(pl.col("changed"))
    assert change.height >= 1 and 1999 in change["year"].to_list()


def test_sensitivity_policy_thresholds_change_nobody() -> None:
    table = sensitivity(2007, points=5)
    assert table.filter(pl.col("is_policy"))["n_changed"].max() == 0
    summary = sensitivity_summary(table)
    libdem = summary.filter(pl.col("indicator") == "v2x_libdem").to_dicts()[0]
    assert libdem["changes_if_stricter"] is not None


def test_assessment_long_evidence_names_sources() -> None:
    ev = assess(2007, draws=10).evidence
    row = ev.filter((pl.col("ccode") == 740) & (pl.col("indicator") == "v2x_libdem")).to_dicts()[0]
    assert row["source"] == "vdem 14" and row["evidence_year"] == 2007


def test_cli_classify_explain_and_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tiers.csv"
    assert (
        main(["affiliation", "classify", "--year", "2007", "--draws", "50", "--out", str(out)]) == 0
    )
    assert pl.read_csv(out).height == T2007.height
    assert main(["affiliation", "explain", "JPN", "--year", "2007"]) == 0
    assert "active partner" in capsys.readouterr().out
    assert main(["affiliation", "explain", "Narnia", "--year", "2007"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown country 'Narnia'") and err.count("\n") == 1
    policy = tmp_path / "my.toml"
    policy.write_text(
        default_policy_text().replace("threshold = 0.5\n", "threshold = 0.6\n", 1), encoding="utf-8"
    )
    assert (
        main(
            ["affiliation", "classify", "--year", "2007", "--draws", "20", "--policy", str(policy)]
        )
        == 0
    )
    shown = capsys.readouterr().out
    assert "change tier compared with the default policy" in shown and "IND" in shown


def test_roadmap_derives_first_steps_from_evidence() -> None:
    from socius.affiliation.roadmap import roadmap

    plan = roadmap(2007, table=T2007)
    assert set(plan["tier"]) == {"active_partner", "associate", "none"}
    # the only states without a tier in the roadmap are contained ones (Iran, North Korea in 2007)
    assert set(plan.filter(pl.col("tier") == "none")["treatment"]) == {"contain"}
    jpn = plan.filter(pl.col("stateabb") == "JPN").to_dicts()[0]
    assert (
        "open a formal partnership programme" in jpn["first_steps"]
    )  # Japan had no NATO programme until 2014
    assert "East China Sea" in jpn["medium_term"]
    swd = plan.filter(pl.col("stateabb") == "SWD").to_dicts()[0]
    assert "Partnership for Peace" in swd["first_steps"]
    rus = plan.filter(pl.col("stateabb") == "RUS").to_dicts()[0]
    assert "nuclear risk-reduction" in rus["medium_term"]

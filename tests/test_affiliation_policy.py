"""Affiliation policy language: exclusion rules, evidence age, tier order, bad input, and the
properties that must hold whatever the policy (Hypothesis)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.affiliation import assess, classify, default_policy, default_policy_text, load_policy
from socius.affiliation.classify import (
    _apply_cap,
    _criteria,
    _evidence_frame,
    _exclusions,
    _layout,
    _tiers,
)
from socius.affiliation.policy import Condition, EvidencePolicy, Exclusion, aligned_policy_path
from socius.cli import main
from socius.errors import ValidationError

POLICY = default_policy()
classify_module = importlib.import_module("socius.affiliation.classify")
LAY = _layout(POLICY)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# -- bad input: one clear line naming file, key, line and fix; CLI exit 2 -------------------------


def test_unknown_exclusion_indicator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = default_policy_text().replace(
        '"derived.unsc_np_sanctions"', '"derived.unsc_np_sanction"'
    )
    path = _write(tmp_path, text)
    line = _line_of(text, "derived.unsc_np_sanction")
    with pytest.raises(
        ValidationError,
        match=rf"my\.toml: exclusions\.nonproliferation_sanctions\.when\[0\]\.column \(line {line}\): "
        r"unknown derived indicator 'unsc_np_sanction'.*did you mean: unsc_np_sanctions.*name a bundled",
    ):
        load_policy(path)
    assert main(["affiliation", "classify", "--year", "2007", "--policy", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: my.toml: exclusions.") and err.count("\n") == 1


def test_cycle_in_tier_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        default_policy_text()
        .replace(
            'first_step = "formal_programme"',
            'first_step = "formal_programme"\noutranks = ["associate"]',
        )
        .replace(
            'first_step = "dialogue_channel"',
            'first_step = "dialogue_channel"\noutranks = ["active_partner"]',
        )
    )
    path = _write(tmp_path, text)
    line = _line_of(text, 'outranks = ["associate"]')
    with pytest.raises(
        ValidationError,
        match=rf"my\.toml: policy, line {line}: tiers\.active_partner\.outranks: the tier order has a cycle "
        r"\(active_partner -> associate -> active_partner\); remove one of these outranks entries",
    ):
        load_policy(path)
    assert main(["affiliation", "explain", "JPN", "--year", "2007", "--policy", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_tier_with_no_rule(tmp_path: Path) -> None:
    text = default_policy_text().replace('all_of = ["significance"]\nnone_of = ["values"]\n', "")
    line = _line_of(text, "[tiers.associate]")
    with pytest.raises(
        ValidationError,
        match=rf"my\.toml: tiers\.associate, line {line}: a tier needs a rule: name at least one criterion in "
        "all_of or any_of",
    ):
        load_policy(_write(tmp_path, text))


def test_negative_stale_age_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = default_policy_text().replace("max_age = 4 ", "max_age = -1 ")
    path = _write(tmp_path, text)
    line = _line_of(text, "max_age = -1")
    with pytest.raises(
        ValidationError,
        match=rf"my\.toml: evidence\.max_age, line {line}: .*greater than or equal to 0 \(got -1\); "
        "use a value of at least 0",
    ):
        load_policy(path)
    assert (
        main(["affiliation", "history", "JPN", "--years", "2006-2007", "--policy", str(path)]) == 2
    )
    assert capsys.readouterr().err.count("\n") == 1


def test_exclusion_cap_must_be_a_tier_and_rule_needs_an_effect(tmp_path: Path) -> None:
    text = default_policy_text().replace('cap = "none"', 'cap = "nobody"')
    with pytest.raises(
        ValidationError, match=r"exclusions\.nonproliferation_sanctions\.cap 'nobody' is not a tier"
    ):
        load_policy(_write(tmp_path, text))
    text = default_policy_text().replace('cap = "none"\ntreatment = "contain"\n', "")
    with pytest.raises(ValidationError, match="needs an effect: set cap, treatment or forbid"):
        load_policy(_write(tmp_path, text))
    text = (
        default_policy_text()
        .replace("outranks", "outranks")
        .replace("[tiers.associate]", "[tiers.member]")
    )
    with pytest.raises(ValidationError, match="tier name 'member' is not allowed"):
        load_policy(_write(tmp_path, text))


def test_draws_are_bounded_in_the_library_and_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(
        ValidationError, match="draws 0 is out of range; use a whole number from 1 to 100,000"
    ):
        classify(2007, draws=0)
    assert main(["affiliation", "classify", "--year", "2007", "--draws", "100001"]) == 2
    assert "draws 100,001 is out of range" in capsys.readouterr().err


# -- tier order, example policy, chunked Monte Carlo --------------------------------------------


def test_outranks_sets_the_order_whatever_the_file_order(tmp_path: Path) -> None:
    text = default_policy_text()
    start, mid = text.index("[tiers.active_partner]"), text.index("[tiers.associate]")
    end = text.index("# A state under UN Security Council")
    swapped = (
        text[:start]
        + text[mid:end]
        + text[start:mid].replace(
            'first_step = "formal_programme"',
            'first_step = "formal_programme"\noutranks = ["associate"]',
        )
        + text[end:]
    )
    pol = load_policy(_write(tmp_path, swapped))
    assert list(pol.tiers) == ["associate", "active_partner"]
    assert pol.tier_order() == ["active_partner", "associate"]
    a = classify(2007, policy=pol, draws=1).select("ccode", "tier")
    b = classify(2007, draws=1).select("ccode", "tier")
    assert a.sort("ccode").equals(b.sort("ccode"))


def test_example_policy_loads_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    pol = load_policy(aligned_policy_path())
    assert pol.tiers["aligned_partner"].outranks == ("associate",)
    assert main(["affiliation", "policy", "--aligned"]) == 0
    assert "[tiers.aligned_partner]" in capsys.readouterr().out


def test_monte_carlo_memory_is_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 7 draws: same point tiers, valid confidences, and the table says how many draws.
    full = classify(2007, draws=50)
    monkeypatch.setattr(classify_module, "MC_CHUNK", 7)
    small = classify(2007, draws=50)
    assert small.select("ccode", "tier").equals(full.select("ccode", "tier"))
    assert small["confidence"].is_between(0, 1).all() and (small["draws"] == 50).all()
    # a state far from every threshold is certain in any chunking
    assert small.filter(pl.col("iso3") == "JPN")["confidence"][0] == 1.0


# -- properties -----------------------------------------------------------------------------------

EV2010 = _evidence_frame(POLICY, LAY, (2010, 2010), "NATO")
NONMEMBER = ~EV2010["ccode"].is_in([2, 20, 200, 210, 211, 212, 220, 230, 235, 255, 290]).to_numpy()
V2010 = np.column_stack([EV2010[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in LAY.keys])
OK2010, _, _ = _criteria(POLICY, LAY, V2010, LAY.threshold)
POINT2010 = _tiers(POLICY, LAY, OK2010)
CONDITION_COLUMNS = [k for k in LAY.keys] + [
    "derived.unsc_np_sanctions",
    "derived.unga_participation",
]


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CONDITION_COLUMNS),
            st.sampled_from([">=", "<="]),
            st.floats(0, 1),
            st.sampled_from(["active_partner", "associate", "none", None]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_an_exclusion_rule_never_promotes_a_state(
    rules: list[tuple[str, str, float, str | None]],
) -> None:
    exclusions = {}
    for i, (column, op, q, cap) in enumerate(rules):
        values = EV2010[column].drop_nulls()
        threshold = float(values.quantile(q)) if values.len() else 0.0
        exclusions[f"r{i}"] = Exclusion(
            label="test",
            when=(Condition(column=column, applies_if=op, threshold=threshold),),  # type: ignore[arg-type]
            cap=cap,
            treatment=None if cap else "contain",
            reason="property test",
        )
    pol = POLICY.model_copy(update={"exclusions": exclusions})
    excl = _exclusions(pol, EV2010, ~NONMEMBER)
    after = _apply_cap(POINT2010, excl.cap)
    assert (after >= POINT2010).all(), "a rule raised a tier"
    untouched = ~np.logical_or.reduce(list(excl.applies.values()))
    assert (after[untouched] == POINT2010[untouched]).all()


@settings(max_examples=6)
@given(st.integers(0, 6), st.sampled_from([2021, 2023, 2024]))
def test_evidence_age_never_exceeds_the_policy_limit(max_age: int, year: int) -> None:
    pol = POLICY.model_copy(
        update={"evidence": EvidencePolicy(max_age=max_age, stale_after=min(1, max_age))}
    )
    table = assess(year, policy=pol, draws=1).table
    ages = table.select(pl.col("^.*_age$")).to_numpy().astype(float)
    assert np.nanmax(np.where(np.isnan(ages), -1, ages)) <= max_age
    assert table["evidence_age"].drop_nulls().max() <= max_age  # type: ignore[operator]


# -- spending share: SIPRI when imported, NMC as the stated fallback ---------------------------------

SIPRI_FIXTURE = Path(__file__).parent / "data" / "sipri" / "SIPRI-Milex-fixture.xlsx"


def test_spending_share_uses_imported_sipri_and_says_which_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from socius.affiliation import indicators
    from socius.data import load
    from socius.data.sipri import import_milex

    nmc_share = indicators._milex_share(2022, 2022, "NATO")
    assert "SIPRI not imported" in indicators.derived_source("derived.milex_share")
    import_milex(SIPRI_FIXTURE)  # the test fixture: 7 states of SIPRI's 2025 workbook
    assert indicators.derived_source("derived.milex_share").startswith("sipri_milex")
    # a partial import (7 states) is no world total: those years keep the NMC share
    partial = indicators._milex_share(2022, 2022, "NATO").sort("ccode")
    assert partial.equals(nmc_share.select(partial.columns).sort("ccode"))
    # with the minimum lowered (mechanism check only), shares are SIPRI current US$ over the states
    monkeypatch.setattr(indicators, "SIPRI_MIN_STATES", 5)
    sipri = load("sipri_milex").filter(
        (pl.col("year") == 2022) & pl.col("milex_current").is_not_null()
    )
    expected = float(
        sipri.filter(pl.col("ccode") == 365)["milex_current"][0] / sipri["milex_current"].sum()
    )
    got = indicators._milex_share(2022, 2022, "NATO").filter(pl.col("ccode") == 365)["value"][0]
    assert got == pytest.approx(expected, rel=1e-12)


def test_monte_carlo_shortcut_equals_the_full_evaluation() -> None:
    # The Monte Carlo redraws only indicators with an sd or a band and counts passes by matrix
    # product; a plain evaluation of every indicator with the same random numbers must agree exactly.
    mc = classify_module._monte_carlo
    sd = np.zeros_like(V2010)
    k_ip = LAY.keys.index("derived.idealpoint_divergence")
    sd[:, k_ip] = np.where(np.isnan(V2010[:, k_ip]), 0.0, 0.3)
    cap = np.zeros(V2010.shape[0], dtype=np.int8)
    same, p = mc(POLICY, LAY, V2010, sd, POINT2010, cap, 300, np.random.default_rng(5))

    rng = np.random.default_rng(5)
    noisy = np.flatnonzero((sd > 0).any(axis=0))
    banded = np.flatnonzero(LAY.band > 0)
    vary = np.union1d(noisy, banded)
    ref_same = np.zeros(V2010.shape[0], dtype=np.int64)
    ref_pass = np.zeros((V2010.shape[0], len(LAY.crit_names)))
    for m in (250, 50):  # the chunks the shortcut uses for 300 draws
        Vd = np.broadcast_to(V2010, (m, *V2010.shape)).copy()
        cols = vary[np.isin(vary, noisy)]
        noise = rng.standard_normal((m, V2010.shape[0], cols.size)) * sd[:, cols]
        Vd[..., cols] = np.clip(Vd[..., cols] + noise, LAY.lo[cols], LAY.hi[cols])
        Td = np.broadcast_to(LAY.threshold, (m, 1, V2010.shape[1])).copy()
        cols = vary[np.isin(vary, banded)]
        Td[..., cols] += rng.uniform(-1.0, 1.0, (m, 1, cols.size)) * LAY.band[cols]
        ok, _, _ = _criteria(POLICY, LAY, Vd, Td)
        ref_same += (_tiers(POLICY, LAY, ok) == POINT2010).sum(axis=0)
        ref_pass += ok.sum(axis=0)
    assert np.array_equal(same, ref_same)
    assert np.allclose(p, ref_pass / 300)
    assert same.min() > 0 and same.max() == 300

"""Bargaining: convergence and cycle detection, dominance, outcome bands, input checks."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.bargaining import load_scenario, run, simulate, validate_inputs
from socius.bargaining.engine import CONVERGED, CYCLE, NEITHER, detect_cycles, run_core
from socius.bargaining.scenario import Outcome, scenario_from_frame
from socius.cli import main
from socius.errors import ValidationError

# --------------------------------------------------------------------------- detect_cycles


def _series(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)[:, None, :]


def test_detect_cycles_by_hand() -> None:
    """Three hand-made position histories of two actors (weights 1 and 3, span 10).

    * period 3: B goes 10 -> 4 -> 7 -> 10 -> 4 -> 7 while A stays at 0; the weighted
      median is B's position (weight 3 of 4), so the cycle mean of the median is
      (10 + 4 + 7) / 3 = 7 and of the weighted mean (3/4)(7) = 5.25;
    * converged: the last two rounds are equal, period 1;
    * neither: no round repeats the last one.
    """
    w = np.array([[1.0, 3.0]])
    span = np.array([10.0])
    cyc = _series([[0, 10], [0, 4], [0, 7], [0, 10], [0, 4], [0, 7]])
    status, period, med, mean = detect_cycles(cyc, w, span, 1e-9)
    assert (int(status[0]), int(period[0])) == (CYCLE, 3)
    assert med[0] == pytest.approx(7.0, abs=1e-12)
    assert mean[0] == pytest.approx(5.25, abs=1e-12)
    conv = _series([[0, 10], [0, 6], [0, 5], [0, 5]])
    status, period, med, _ = detect_cycles(conv, w, span, 1e-9)
    assert (int(status[0]), int(period[0]), float(med[0])) == (CONVERGED, 1, 5.0)
    drift = _series([[0, 10], [0, 9], [0, 8], [0, 7]])
    status, period, med, _ = detect_cycles(drift, w, span, 1e-9)
    assert (int(status[0]), int(period[0])) == (NEITHER, 0)
    assert math.isnan(med[0])


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=7),
    rounds=st.integers(min_value=1, max_value=25),
    seed=st.integers(min_value=0, max_value=10**6),
)
def test_status_matches_the_recorded_positions(n: int, rounds: int, seed: int) -> None:
    """The reported period is the smallest p with x_K = x_{K-p} (within tol * span); the
    forecast of a cycle is the mean median over its last p rounds, of a converged or
    unsettled run the final median."""
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame(
        {
            "actor": [f"a{i}" for i in range(n)],
            "capability": rng.uniform(0.05, 1.0, n),
            "position": rng.choice(np.arange(0.0, 101.0, 5.0), n, replace=False),
            "salience": rng.uniform(0.1, 1.0, n),
        }
    )
    result = run(frame, rounds=rounds)
    table = result.table()
    x = table.select(frame["actor"].to_list()).to_numpy()
    span = result.scenario_span
    k = x.shape[0] - 1
    gaps = [np.abs(x[k] - x[k - p]).max() for p in range(1, k + 1)]
    repeats = [p for p, g in enumerate(gaps, 1) if g <= 1e-9 * span]
    medians = table["median"].to_numpy()
    if result.status == "neither":
        assert not [p for p in repeats if p <= 24]
        assert result.forecast == medians[-1]
    else:
        assert result.period == repeats[0]
        assert result.status == ("converged" if result.period == 1 else "cycle")
        assert result.forecast == pytest.approx(medians[k - result.period + 1 :].mean(), rel=1e-12)
    assert result.final_median == medians[-1]
    assert result.start_median == medians[0]


def test_six_party_cycles_with_period_five() -> None:
    """The shipped six-party run repeats every 5 rounds (Russia 95 -> 34.4 -> 62.6 -> 89.4
    -> 90 -> 95); its forecast is the mean median over rounds 6-10, not round 10's 70."""
    result = run(load_scenario("six-party"), rounds=10)
    assert result.status == "cycle" and result.period == 5
    medians = result.trajectory["median"].to_numpy()
    assert result.final_median == 70.0
    assert result.forecast == pytest.approx(medians[6:].mean(), rel=1e-12)
    assert "period of 5 rounds" in result.convergence
    assert "Russia moves between 34.4 and 95" in result.convergence


def test_cross_strait_dominance_sentence_and_weight_shares() -> None:
    """China's capability x salience is 67% of the total (CINC 2022 x 0.9), so the
    weighted median is China's position from round 0 and the forecast stays there."""
    result = run(load_scenario("cross-strait"), rounds=10)
    shares = result.weights
    assert shares["actor"][0] == "China"
    assert shares["share"][0] == pytest.approx(0.6695, abs=5e-4)
    assert shares["share"].sum() == pytest.approx(1.0, abs=1e-12)
    assert result.forecast == result.start_median == 5.0
    assert result.dominance is not None and "China holds 67% of the weight" in result.dominance
    assert result.status == "cycle" and result.period == 2
    assert "Forecast 5.0" in result.summary


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=2, max_value=6), seed=st.integers(min_value=0, max_value=10**6))
def test_a_majority_weight_fixes_the_starting_median(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    c = rng.uniform(0.1, 1.0, n)
    c[0] = 2.0 * c[1:].sum() + 0.1  # actor 0 alone outweighs the rest (saliences 1)
    frame = pl.DataFrame(
        {
            "actor": [f"a{i}" for i in range(n)],
            "capability": c,
            "position": rng.permutation(np.linspace(0, 100, n)),
            "salience": np.ones(n),
        }
    )
    result = run(frame, rounds=5)
    assert result.start_median == frame["position"][0]
    if result.dominance is not None:
        assert "a0 holds" in result.dominance


# --------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_status_shares_and_outcome_bands() -> None:
    mc = simulate(load_scenario("six-party"), draws=120, seed=3)
    assert mc.status is not None and mc.outcomes is not None
    assert mc.status["draws"].sum() == 120
    assert mc.status["share"].sum() == pytest.approx(1.0, abs=1e-12)
    forecasts = mc.forecasts
    assert set(forecasts["status"].unique().to_list()) <= {"converged", "cycle", "neither"}
    assert mc.converged_share == pytest.approx(
        (forecasts["status"] == "converged").mean(), abs=1e-12
    )
    top = mc.outcomes.filter(pl.col("outcome") == "complete denuclearisation")["probability"][0]
    assert top == pytest.approx((forecasts["forecast"] >= 95).mean(), abs=1e-12)
    assert mc.probability(low=95) == pytest.approx(top, abs=1e-12)
    assert "P(complete denuclearisation)" in mc.summary_sentence
    assert "converged" in mc.summary_sentence


def test_monte_carlo_cycling_draw_matches_its_single_run() -> None:
    sc = load_scenario("six-party")
    mc = simulate(sc, draws=40, seed=5)
    cycling = mc.forecasts.filter(pl.col("status") == "cycle")
    assert cycling.height > 0
    d = int(cycling["draw"][0])
    row = mc.inputs.row(d, named=True)
    frame = pl.DataFrame(
        {
            "actor": list(sc.names),
            "capability": [row[f"capability:{a}"] for a in sc.names],
            "position": [row[f"position:{a}"] for a in sc.names],
            "salience": [row[f"salience:{a}"] for a in sc.names],
        }
    )
    single = run(frame, rounds=10)
    assert single.status == "cycle"
    assert cycling["forecast"][0] == pytest.approx(single.forecast, rel=1e-12)
    assert cycling["period"][0] == single.period


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=50),
    a=st.floats(-1e3, 1e3),
    b=st.floats(-1e3, 1e3),
)
def test_outcome_bands_nest(values: list[float], a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    v = np.array(values)
    wide = Outcome("w", lo, None).contains(v)
    narrow = Outcome("n", hi, None).contains(v)
    assert (narrow <= wide).all()
    both = Outcome("b", lo, hi).contains(v)
    assert (both == ((v >= lo) & (v <= hi))).all()


def test_core_run_reports_status_for_every_draw() -> None:
    x = np.array([[0.0, 50.0, 100.0], [0.0, 1.0, 2.0]])
    c = np.ones((2, 3))
    s = np.ones((2, 3))
    core = run_core(x, c, s, rounds=30, method="paper", record=False)
    assert core.status.shape == (2,) and core.period.shape == (2,)
    assert ((core.period == 0) == (core.status == NEITHER)).all()
    assert_allclose(
        core.cycle_median[core.status == CONVERGED], core.medians[-1][core.status == CONVERGED]
    )


# --------------------------------------------------------------------------- input checks


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_capability_rejected_by_the_api(bad: float) -> None:
    with pytest.raises(ValidationError, match="not a finite number"):
        validate_inputs(["a", "b"], [bad, 1.0], [0.0, 1.0], [0.5, 0.5])
    frame = pl.DataFrame(
        {"actor": ["a", "b"], "capability": [bad, 1.0], "position": [0, 1], "salience": [1, 1]}
    )
    with pytest.raises(ValidationError, match="capability"):
        scenario_from_frame(frame)
    with pytest.raises(ValidationError, match="capability"):
        run(frame)


@pytest.mark.parametrize("big", [1e308, -1e308, 1e13])
def test_absurd_positions_rejected(big: float) -> None:
    with pytest.raises(ValidationError, match="beyond"):
        validate_inputs(["a", "b"], [1.0, 1.0], [0.0, big], [0.5, 0.5])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "nan.toml",
            'title = "t"\n[[actors]]\nname = "A"\ncapability = nan\nposition = 0\nsalience = 0.5\n'
            '[[actors]]\nname = "B"\ncapability = inf\nposition = 10\nsalience = 0.5\n',
        ),
        ("nan.csv", "actor,capability,position,salience\nA,NaN,0,0.5\nB,inf,10,0.5\n"),
        ("big.csv", "actor,capability,position,salience\nA,1,-1e308,0.5\nB,1,1e308,0.5\n"),
    ],
)
def test_cli_rejects_non_finite_and_absurd_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert main(["bargain", "run", str(path)]) == 2
    captured = capsys.readouterr()
    assert "Forecast" not in captured.out
    err = " ".join(captured.err.split())
    assert err.startswith("error:") and err.count("\n") <= 1
    assert "not a finite number" in err or "beyond" in err


@pytest.mark.parametrize("args", [["--draws", "-5"], ["--draws", "200001"], ["--rounds", "0"]])
def test_cli_rejects_bad_counts_before_running(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(["bargain", "run", "six-party", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing ran
    assert "out of range" in captured.err


def test_cli_prints_convergence_weights_and_bands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bargain", "run", "cross-strait", "--draws", "50", "--seed", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "mean over the last 2-round cycle" in out
    assert "China holds 67% of the weight" in out
    assert "How the draws ended" in out
    assert "Probability of each outcome band" in out

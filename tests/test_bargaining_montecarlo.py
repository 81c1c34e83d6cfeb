"""Monte Carlo uncertainty of bargaining forecasts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose

from socius.bargaining import Scenario, load_scenario, run, scenario_from_frame, simulate
from socius.errors import ValidationError


def _with_ranges(sc: Scenario, spread: float) -> Scenario:
    actors = tuple(
        replace(
            a,
            position_range=(a.position - spread, a.position + spread),
            salience_range=(max(0.0, a.salience - 0.1), min(1.0, a.salience + 0.1)),
            capability_sd=0.1,
        )
        for a in sc.actors
    )
    return replace(sc, actors=actors)


def test_same_seed_same_draws_whatever_the_batching() -> None:
    sc = load_scenario("six-party")
    a = simulate(sc, draws=120, seed=5, chunk_size=7, workers=1)
    b = simulate(sc, draws=120, seed=5, chunk_size=128, workers=2)
    assert_allclose(a.forecasts["forecast"].to_numpy(), b.forecasts["forecast"].to_numpy(), rtol=0)
    assert a.inputs.equals(b.inputs)
    c = simulate(sc, draws=120, seed=6)
    assert not np.array_equal(
        a.inputs["position:China"].to_numpy(), c.inputs["position:China"].to_numpy()
    )


def test_draws_match_single_runs_of_the_drawn_inputs() -> None:
    sc = load_scenario("six-party")
    mc = simulate(sc, draws=5, seed=11, method="paper")
    for row in mc.inputs.iter_rows(named=True):
        frame = pl.DataFrame(
            {
                "actor": list(sc.names),
                "capability": [row[f"capability:{n}"] for n in sc.names],
                "position": [row[f"position:{n}"] for n in sc.names],
                "salience": [row[f"salience:{n}"] for n in sc.names],
            }
        )
        single = run(frame, method="paper")
        draw = mc.forecasts.filter(pl.col("draw") == row["draw"])
        assert draw["forecast"][0] == pytest.approx(single.forecast, rel=1e-12)
        assert draw["mean"][0] == pytest.approx(single.forecast_mean, rel=1e-12)


def test_draws_stay_within_the_stated_ranges() -> None:
    sc = load_scenario("six-party")
    mc = simulate(sc, draws=300, seed=1)
    for a in sc.actors:
        assert a.position_range is not None and a.salience_range is not None
        pos = mc.inputs[f"position:{a.name}"]
        sal = mc.inputs[f"salience:{a.name}"]
        assert pos.min() >= a.position_range[0] and pos.max() <= a.position_range[1]
        assert sal.min() >= a.salience_range[0] and sal.max() <= a.salience_range[1]
        cap = mc.inputs[f"capability:{a.name}"].to_numpy()
        assert (cap > 0).all()
        # log-normal error with mean c and sd 10 %
        assert cap.mean() == pytest.approx(a.capability, rel=0.05)
    forecasts = mc.forecasts["forecast"]
    assert forecasts.min() >= 0 and forecasts.max() <= 100


def test_summary_and_histogram_are_consistent() -> None:
    mc = simulate(load_scenario("cross-strait-nato"), draws=200, seed=3)
    summary = mc.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
    quantiles = [summary[k] for k in ("p05", "p25", "p50", "p75", "p95")]
    assert quantiles == sorted(quantiles)
    values = mc.forecasts["forecast"].to_numpy()
    assert summary["p50"] == pytest.approx(float(np.quantile(values, 0.5)))
    assert mc.histogram["count"].sum() == 200
    assert mc.histogram["share"].sum() == pytest.approx(1.0)
    assert (
        mc.histogram["bin_low"][0] <= values.min() and mc.histogram["bin_high"][-1] >= values.max()
    )


def test_without_ranges_every_draw_is_the_baseline() -> None:
    sc = load_scenario("eu-emissions")
    mc = simulate(sc, draws=20, seed=1)
    assert (mc.forecasts["forecast"] == mc.baseline.forecast).all()
    assert mc.drivers.height == 0


def test_the_dominant_actor_drives_the_forecast() -> None:
    frame = pl.DataFrame(
        {
            "actor": ["big", "small1", "small2", "small3"],
            "capability": [0.9, 0.05, 0.05, 0.05],
            "position": [50.0, 0.0, 20.0, 100.0],
            "salience": [1.0, 0.5, 0.5, 0.5],
        }
    )
    sc = scenario_from_frame(frame)
    actors = tuple(
        replace(a, position_range=(40.0, 60.0))
        if a.name == "big"
        else replace(a, salience_range=(0.3, 0.7))
        for a in sc.actors
    )
    mc = simulate(replace(sc, actors=actors), draws=200, seed=2)
    top = mc.drivers.row(0, named=True)
    assert (top["actor"], top["input"]) == ("big", "position")
    assert top["rho_forecast"] == pytest.approx(1.0, abs=1e-9)
    others = mc.drivers.filter(pl.col("actor") != "big")["rho_forecast"].abs()
    assert others.max() < top["rho_forecast"]


def test_more_uncertainty_widens_the_forecast() -> None:
    sc = load_scenario("six-party")
    narrow = simulate(_with_ranges(sc, 2.0), draws=300, seed=4)
    wide = simulate(_with_ranges(sc, 8.0), draws=300, seed=4)
    assert wide.forecasts["mean"].std() > narrow.forecasts["mean"].std()  # type: ignore[operator]


def test_bad_monte_carlo_options() -> None:
    sc = load_scenario("six-party")
    with pytest.raises(ValidationError, match="draws 0"):
        simulate(sc, draws=0)
    with pytest.raises(ValidationError, match="rounds -1"):
        simulate(sc, draws=10, rounds=-1)
    with pytest.raises(ValidationError, match="chunk_size 0"):
        simulate(sc, draws=10, chunk_size=0)


def test_progress_wrapper_sees_every_batch() -> None:
    seen: list[int] = []

    def progress(items, total):  # type: ignore[no-untyped-def]
        for item in items:
            seen.append(total)
            yield item

    simulate(load_scenario("six-party"), draws=50, seed=1, chunk_size=10, progress=progress)
    assert seen == [5] * 5

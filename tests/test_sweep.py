"""Sweeps on Dask: the same results whatever runs them, resume, faults and bad input."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from socius.affiliation import (
    Policy,
    aligned_policy_path,
    classify,
    classify_years,
    default_policy,
    load_policy,
)
from socius.deterrence import war_trap_expected_utility
from socius.errors import CoverageError, UnknownNameError, ValidationError
from socius.sweep import (
    Chunk,
    SchedulerError,
    parse_grid,
    robustness_map,
    run_chunks,
    sweep_eu,
    sweep_policy,
    sweep_scenario,
)
from socius.sweep._affiliation import policy_at

distributed = pytest.importorskip("distributed")

POLICY_GRID = parse_grid(
    '[grid]\n"values.v2x_libdem" = [0.4, 0.5, 0.6]\n"significance.cinc" = [0.005, 0.01, 0.02]\n'
)
SCENARIO_GRID = parse_grid('[grid]\n"stakes" = [0.5, 1.0]\n"usa.probability" = [0.2, 0.5, 0.8]\n')


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, Any]]:
    """One in-process LocalCluster with 1 worker and one with 2, shared by this module."""
    made = {}
    for n in (1, 2):
        cluster = distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=False,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        made[n] = (cluster, distributed.Client(cluster, set_as_default=False))
    yield {n: c for n, (_, c) in made.items()}
    for cluster, client in made.values():
        client.close()
        cluster.close()


def _runs(run: Any, tmp_path: Path, clients: dict[int, Any]) -> list[pl.DataFrame]:
    out = [run(tmp_path / "sync", "synchronous").table]
    for n, client in clients.items():
        out.append(run(tmp_path / f"w{n}", client).table)
    return out


def test_eu_sweep_identical_on_every_scheduler(tmp_path: Path, clients: dict[int, Any]) -> None:
    """Synchronous, 1 worker and 2 workers give bit-identical tables (each chunk's draws
    depend only on its index, and each dyad-year's reduction happens inside one chunk)."""

    def run(out: Path, scheduler: Any) -> Any:
        return sweep_eu(years=(1816, 1819), out=out, draws=6, sigma=0.2, scheduler=scheduler)

    tables = _runs(run, tmp_path, clients)
    for t in tables[1:]:
        assert_frame_equal(t, tables[0])
    assert tables[0]["eu_ij_sd"].drop_nulls().max() > 0  # type: ignore[operator]


def test_policy_sweep_identical_on_every_scheduler(tmp_path: Path, clients: dict[int, Any]) -> None:
    """Counts are integers summed across chunks, so the map is identical bit for bit."""

    def run(out: Path, scheduler: Any) -> Any:
        return sweep_policy(
            POLICY_GRID,
            years=(2006, 2008),
            out=out,
            draws=4,
            years_per_chunk=2,
            points_per_chunk=4,
            scheduler=scheduler,
        )

    tables = _runs(run, tmp_path, clients)
    for t in tables[1:]:
        assert_frame_equal(t, tables[0])


def test_scenario_sweep_identical_on_every_scheduler(
    tmp_path: Path, clients: dict[int, Any]
) -> None:
    def run(out: Path, scheduler: Any) -> Any:
        return sweep_scenario(
            "taiwan-strait",
            SCENARIO_GRID,
            out=out,
            draws=500,
            points_per_chunk=2,
            scheduler=scheduler,
        )

    tables = _runs(run, tmp_path, clients)
    for t in tables[1:]:
        assert_frame_equal(t, tables[0])


def test_zero_variance_eu_sweep_equals_the_deterministic_function(tmp_path: Path) -> None:
    """With sigma = 0 every draw is the published-CINC calculation, so mean, interval ends
    and the deterministic column equal war_trap_expected_utility exactly (no tolerance)."""
    res = sweep_eu(
        years=(1850, 1851), out=tmp_path / "s", draws=3, sigma=0.0, scheduler="synchronous"
    )
    ref = war_trap_expected_utility((1850, 1851))
    joined = ref.join(res.table, on=["ccode1", "ccode2", "year"], how="full", coalesce=True)
    assert joined.height == ref.height == res.table.height
    expect = joined["eu_ij"].to_numpy()
    for col in ("eu_ij_right", "eu_ij_mean", "eu_ij_low", "eu_ij_high"):
        got = joined[col].to_numpy()
        assert np.array_equal(expect, got, equal_nan=True), col
    sd = joined["eu_ij_sd"].drop_nulls()
    assert (sd == 0).all()


def test_eu_sweep_mean_tracks_the_deterministic_value(tmp_path: Path) -> None:
    """With a small error (sigma = 0.02) every dyad's mean lies within 4 standard errors plus
    1e-3 of its deterministic value and inside its own interval (up to 1e-9: dyads whose EU is
    zero up to rounding, such as evenly matched neighbours, scatter at 1e-16); the interval widens
    with sigma."""
    small = sweep_eu(
        years=(1816, 1816), out=tmp_path / "a", draws=40, sigma=0.02, scheduler="synchronous"
    ).table
    big = sweep_eu(
        years=(1816, 1816), out=tmp_path / "b", draws=40, sigma=0.3, scheduler="synchronous"
    ).table
    t = small.drop_nulls()
    se = t["eu_ij_sd"] / np.sqrt(40)
    assert ((t["eu_ij_mean"] - t["eu_ij"]).abs() <= 4 * se + 1e-3).all()
    tol = 1e-9
    inside = (t["eu_ij_low"] - tol <= t["eu_ij_mean"]) & (t["eu_ij_mean"] <= t["eu_ij_high"] + tol)
    assert inside.all()
    w_small = (small["eu_ij_high"] - small["eu_ij_low"]).mean()
    w_big = (big["eu_ij_high"] - big["eu_ij_low"]).mean()
    assert w_big > 3 * w_small  # type: ignore[operator]


def test_policy_grid_point_gives_the_tiers_of_classify(tmp_path: Path) -> None:
    """A one-point grid gives, for every state, exactly the tier that classify() gives for the
    policy with those thresholds (robustness 1, modal tier = classify's tier)."""
    grid = parse_grid('[grid]\n"values.v2x_libdem" = [0.45]\n"significance.cinc" = [0.005]\n')
    res = sweep_policy(
        grid, years=(2007, 2007), out=tmp_path / "p", draws=2, scheduler="synchronous"
    )
    policy = policy_at(default_policy(), grid.keys, np.array([0.45, 0.005]))
    ref = classify(2007, policy=policy, draws=1).select("ccode", "tier")
    got = res.table.join(ref, on="ccode", how="full", coalesce=True)
    assert got.height == ref.height == res.table.height
    assert (got["modal_tier"] == got["tier"]).all()
    assert (got["robustness"] == 1.0).all()


def _strict_age(policy: Policy) -> Policy:
    return policy.model_copy(
        update={"evidence": policy.evidence.model_copy(update={"max_age": 0, "stale_after": 0})}
    )


@pytest.mark.parametrize(
    "which",
    ["default", "aligned", "no_fallback"],
)
def test_grid_points_give_classify_tiers_with_exclusions_custom_tiers_and_evidence_age(
    tmp_path: Path, which: str
) -> None:
    """Every point of a two-point grid gives, for every state, exactly classify()'s tier for
    the policy with those thresholds: under the default policy (North Korea and Iran, under UN
    Security Council nonproliferation sanctions in 2007 (resolutions 1718 and 1737 of 2006),
    are capped at 'none', never associates, in every draw too), under the three-tier example
    policy (aligned_policy.toml, shares named after its own tier codes) and with
    evidence.max_age = 0 (no fallback to older values)."""
    base = {
        "default": default_policy(),
        "aligned": load_policy(aligned_policy_path()),
        "no_fallback": _strict_age(default_policy()),
    }[which]
    grid = parse_grid('[grid]\n"values.v2x_libdem" = [0.35, 0.6]\n')
    res = sweep_policy(
        grid, years=(2007, 2007), out=tmp_path / "p", policy=base, draws=3, scheduler="synchronous"
    )
    codes = base.tier_codes()
    assert res.spec["tiers"] == list(codes)
    assert [c for c in res.table.columns if c.startswith("share_")] == [f"share_{t}" for t in codes]
    table = res.table.sort("ccode")
    counts = np.zeros((table.height, len(codes)), dtype=np.int64)
    for value in (0.35, 0.6):
        ref = classify(2007, policy=policy_at(base, grid.keys, np.array([value])), draws=1)
        assert sorted(ref["ccode"]) == table["ccode"].to_list()
        got = table.join(ref.select("ccode", "tier"), on="ccode", how="left")
        counts += np.stack([(got["tier"] == t).to_numpy() for t in codes], axis=1)
    shares = table.select([f"share_{t}" for t in codes]).to_numpy()
    assert np.array_equal(shares, counts / 2)
    sanctioned = res.table.filter(pl.col("iso3").is_in(["PRK", "IRN"]))
    assert sanctioned.height == 2
    assert (sanctioned["share_associate"] == 0).all() and (sanctioned["p_associate"] == 0).all()
    if which == "aligned":
        assert "aligned_partner" in codes
        assert robustness_map(res)["share_aligned_partner"].sum() > 0


def test_policy_sweep_at_the_default_thresholds_is_classify_in_recent_years(tmp_path: Path) -> None:
    """At the policy's own thresholds the sweep gives classify()'s tier for every state in
    2023 and 2024, the years in which stale evidence ages out (Mongolia, Georgia,
    Tunisia in 2024; Serbia in 2023) and Russia's partnership is suspended."""
    grid = parse_grid('[grid]\n"values.v2x_libdem" = [0.5]\n')
    res = sweep_policy(
        grid, years=(2023, 2024), out=tmp_path / "r", draws=1, scheduler="synchronous"
    )
    ref = classify_years((2023, 2024), draws=1).select("ccode", "year", "tier")
    got = res.table.join(ref, on=["ccode", "year"], how="full", coalesce=True)
    assert got.height == ref.height == res.table.height
    assert (got["modal_tier"] == got["tier"]).all()


@given(st.floats(0.0, 1.0, allow_nan=False), st.floats(-2.0, 2.0, allow_nan=False))
def test_exclusion_caps_never_promote(libdem: float, hr: float) -> None:
    """Property: for any values thresholds, the capped tier of every state is its uncapped
    tier or lower (a larger code), and equal where no rule applies. Real evidence for 2007."""
    from socius.sweep._affiliation import TierModel, year_evidence

    policy = default_policy()
    model = TierModel(policy)
    (ev,) = year_evidence(policy, (2007, 2007), policy.alliance)
    t = model.threshold
    t[model.columns(("values.v2x_libdem", "values.hr_protection"))] = [libdem, hr]
    free = model.tiers(ev.values, t)
    capped = model.tiers(ev.values, t, ev.cap)
    assert (capped >= free).all()
    assert (capped[ev.cap == 0] == free[ev.cap == 0]).all()


def test_robustness_map_is_monotone_in_the_values_threshold(tmp_path: Path) -> None:
    """Raising the democracy threshold (passes_if >=) can only shrink the share of points at
    which a state is an active partner (values is required for that tier): for every state,
    the partner share with threshold <= 0.5 is at least that with >= 0.5."""
    grid = parse_grid('[grid]\n"values.v2x_libdem" = [0.3, 0.5, 0.7]\n')
    lows = sweep_policy(
        parse_grid('[grid]\n"values.v2x_libdem" = [0.3, 0.5]\n'),
        years=(2000, 2001),
        out=tmp_path / "lo",
        draws=1,
        scheduler="synchronous",
    ).table
    highs = sweep_policy(
        parse_grid('[grid]\n"values.v2x_libdem" = [0.5, 0.7]\n'),
        years=(2000, 2001),
        out=tmp_path / "hi",
        draws=1,
        scheduler="synchronous",
    ).table
    both = lows.join(highs, on=["ccode", "year"], suffix="_hi")
    assert (both["share_active_partner"] >= both["share_active_partner_hi"]).all()
    full = sweep_policy(
        grid, years=(2000, 2001), out=tmp_path / "all", draws=1, scheduler="synchronous"
    )
    shares = full.table.select([c for c in full.table.columns if c.startswith("share_")])
    assert (np.abs(shares.to_numpy().sum(axis=1) - 1.0) < 1e-12).all()
    probs = full.table.select([c for c in full.table.columns if c.startswith("p_")])
    assert (np.abs(probs.to_numpy().sum(axis=1) - 1.0) < 1e-12).all()
    assert robustness_map(full.folder).columns[:6] == [
        "ccode",
        "year",
        "stateabb",
        "statenme",
        "modal_tier",
        "robustness",
    ]


def test_scenario_influence_ranks_the_inputs(tmp_path: Path) -> None:
    res = sweep_scenario(
        "taiwan-strait", SCENARIO_GRID, out=tmp_path / "s", draws=2000, scheduler="synchronous"
    )
    assert res.table.height == 6
    assert res.extra is not None
    infl = res.extra
    assert set(infl["input"]) == set(SCENARIO_GRID.keys)
    assert ((infl["first_order"] >= 0) & (infl["first_order"] <= 1 + 1e-12)).all()
    # the patron's intervention probability lowers the challenger's expected utility
    p = (
        res.table.group_by("usa.probability")
        .agg(pl.col("p_deterrence").mean())
        .sort("usa.probability")["p_deterrence"]
    )
    assert p.is_sorted()


def _normal_task(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
    rng = np.random.default_rng(seq)
    x = rng.normal(5.0, 2.0, 1000)
    return pl.DataFrame({"chunk": [chunk.index], "sum": [float(x.sum())], "n": [x.size]})


def test_interrupted_and_resumed_equals_uninterrupted(tmp_path: Path) -> None:
    """An interruption after two chunks leaves two part files; the rerun computes only the
    rest and the combined result equals an uninterrupted run."""
    chunks = [Chunk(i, f"c{i}", ()) for i in range(6)]
    spec = {"kind": "test"}
    whole = run_chunks(
        _normal_task, chunks, folder=tmp_path / "a", spec=spec, seed=3, scheduler="synchronous"
    )

    def stop(p: Any) -> None:
        if p.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_chunks(
            _normal_task,
            chunks,
            folder=tmp_path / "b",
            spec=spec,
            seed=3,
            scheduler="synchronous",
            progress=stop,
        )
    again = run_chunks(
        _normal_task, chunks, folder=tmp_path / "b", spec=spec, seed=3, scheduler="synchronous"
    )
    assert (again.computed, again.skipped) == (4, 2)
    read = [pl.concat([pl.read_parquet(p) for p in r.parts]) for r in (whole, again)]
    assert_frame_equal(read[0], read[1])
    with pytest.raises(ValidationError, match="different sweep"):
        run_chunks(
            _normal_task,
            chunks,
            folder=tmp_path / "b",
            spec={"kind": "other"},
            seed=3,
            scheduler="synchronous",
        )


def test_resumed_eu_sweep_equals_uninterrupted(tmp_path: Path, clients: dict[int, Any]) -> None:
    full = sweep_eu(years=(1816, 1818), out=tmp_path / "a", draws=3, scheduler="synchronous").table

    def stop(p: Any) -> None:
        if p.done >= 1:  # the first call (done = 0) announces the start
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep_eu(
            years=(1816, 1818), out=tmp_path / "b", draws=3, scheduler=clients[2], progress=stop
        )
    resumed = sweep_eu(years=(1816, 1818), out=tmp_path / "b", draws=3, scheduler=clients[2])
    assert resumed.skipped >= 1
    assert_frame_equal(resumed.table, full)


def test_worker_killed_mid_sweep_does_not_change_the_result(tmp_path: Path) -> None:
    """A worker process that dies while running a chunk (os._exit) is replaced by its nanny and
    the chunk reruns elsewhere, from the same seed: the result equals the synchronous run.

    Slow (10-15 s on a shared 2-core machine) because only real worker processes can be
    killed: it starts a two-process LocalCluster and a replacement worker."""
    marker = tmp_path / "killed-once"

    def fragile(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
        import os
        import time

        if chunk.index == 2 and not marker.exists():
            marker.write_text("x")
            time.sleep(0.2)
            os._exit(1)
        return _normal_task(chunk, seq)

    chunks = [Chunk(i, f"c{i}", ()) for i in range(5)]
    ref = run_chunks(
        _normal_task, chunks, folder=tmp_path / "ref", spec={}, seed=9, scheduler="synchronous"
    )
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
    )
    client = distributed.Client(cluster, set_as_default=False)
    try:
        got = run_chunks(
            fragile, chunks, folder=tmp_path / "got", spec={}, seed=9, scheduler=client
        )
    finally:
        client.close()
        cluster.close()
    assert marker.exists()
    a, b = (pl.concat([pl.read_parquet(p) for p in r.parts]) for r in (ref, got))
    assert_frame_equal(a, b)


def test_unreachable_scheduler_is_one_line_within_the_timeout(tmp_path: Path) -> None:
    import time

    start = time.perf_counter()
    with pytest.raises(
        SchedulerError, match=re.escape("no Dask scheduler answered at 'tcp://127.0.0.1:9'")
    ):
        sweep_eu(
            years=(1816, 1816),
            out=tmp_path / "x",
            draws=2,
            scheduler="tcp://127.0.0.1:9",
            connect_timeout=1,
        )
    assert time.perf_counter() - start < 30  # generous: the point is that it returns


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"draws": 0}, ValidationError, "--draws 0 is out of range"),
        ({"draws": -5}, ValidationError, "--draws -5 is out of range"),
        ({"sigma": -0.1}, ValidationError, "--sigma"),
        ({"level": 1.0}, ValidationError, "--level"),
        ({"years": (1700, 1800)}, CoverageError, "outside the capability data"),
        ({"years": (1900, 1850)}, ValidationError, "run backwards"),
        ({"workers": 0, "scheduler": None}, ValidationError, "--workers 0"),
        ({"years_per_chunk": 0}, ValidationError, "years per chunk 0 is out of range"),
        ({"seed": -1}, ValidationError, "seed -1 is out of range"),
    ],
)
def test_eu_sweep_bad_input(
    tmp_path: Path, kwargs: dict[str, Any], error: type, match: str
) -> None:
    args: dict[str, Any] = {"years": (1816, 1816), "draws": 2, "scheduler": "synchronous"}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sweep_eu(out=tmp_path / "x", **args)


def test_policy_and_scenario_sweeps_reject_unknown_keys(tmp_path: Path) -> None:
    with pytest.raises(
        UnknownNameError, match=re.escape("not thresholds of the policy: 'values.libdem'")
    ):
        sweep_policy(
            parse_grid('[grid]\n"values.libdem" = [0.4]\n'), years=(2007, 2007), out=tmp_path / "p"
        )
    with pytest.raises(UnknownNameError, match="not inputs of the scenario"):
        sweep_scenario(
            "taiwan-strait", parse_grid('[grid]\n"prc.cost" = [1]\n'), out=tmp_path / "s"
        )
    with pytest.raises(ValidationError, match="--draws 0"):
        sweep_policy(POLICY_GRID, years=(2007, 2007), out=tmp_path / "p", draws=0)


def test_eu_sweep_memory_does_not_grow_with_draws(tmp_path: Path) -> None:
    """Peak numpy memory (tracemalloc) of a one-year EU sweep with 60 draws stays within 1.25x
    of the peak with 5 draws: the draws are folded into fixed-size accumulators, not kept."""
    import tracemalloc

    peaks = []
    for draws in (5, 60):
        sweep_eu(
            years=(1816, 1816), out=tmp_path / "warm", draws=2, scheduler="synchronous", fresh=True
        )
        tracemalloc.start()
        sweep_eu(
            years=(1816, 1816), out=tmp_path / f"d{draws}", draws=draws, scheduler="synchronous"
        )
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] <= 1.25 * peaks[0], peaks


def test_bargaining_scenario_sweep_reproduces_run_at_the_scenarios_own_inputs(
    tmp_path: Path,
) -> None:
    """The grid point that sets the scenario's own inputs gives exactly the forecast of
    socius.bargaining.run; the US position moves the six-party forecast (it is an input
    with influence > 0), and an unknown actor is refused."""
    from socius.bargaining import load_scenario, run

    scenario = load_scenario("six-party")
    usa = next(a for a in scenario.actors if a.code == "USA")
    grid = parse_grid(f'[grid]\n"usa.position" = [50.0, {usa.position}]\n')
    res = sweep_scenario("six-party", grid, out=tmp_path / "b", scheduler="synchronous")
    own = res.table.filter(pl.col("usa.position") == usa.position)
    assert own["forecast"][0] == run(scenario).forecast
    assert res.spec["model"] == "bargaining"
    assert res.extra is not None and res.extra["range"][0] > 0
    with pytest.raises(UnknownNameError, match="not inputs of the scenario"):
        sweep_scenario(
            "six-party", parse_grid('[grid]\n"nato.position" = [1]\n'), out=tmp_path / "x"
        )


@given(
    st.floats(0.0, 1.0, allow_nan=False),
    st.floats(0.0, 1.0, allow_nan=False),
    st.floats(0.0, 0.05, allow_nan=False),
)
def test_partner_set_shrinks_as_the_democracy_threshold_rises(
    a: float, b: float, cinc: float
) -> None:
    """Property: for any two liberal-democracy thresholds t1 <= t2 (and any CINC threshold),
    every state that is an active partner at t2 is one at t1 (the values criterion is
    required for that tier and passes_if is '>='). Real evidence for 2007."""
    from socius.sweep._affiliation import TierModel, year_evidence

    policy = default_policy()
    model = TierModel(policy)
    (ev,) = year_evidence(policy, (2007, 2007), policy.alliance)
    cols = model.columns(("values.v2x_libdem", "significance.cinc"))
    t = np.tile(model.threshold, (2, 1))
    t[:, cols] = [[min(a, b), cinc], [max(a, b), cinc]]
    tiers = model.tiers(np.broadcast_to(ev.values, (2, *ev.values.shape)), t[:, None, :], ev.cap)
    partner = tiers == model.codes.index("active_partner")
    assert not (partner[1] & ~partner[0]).any()


def test_zero_variance_policy_sweep_draws_equal_the_grid_points(tmp_path: Path) -> None:
    """With every band 0 and every indicator's uncertainty 'none', each Monte Carlo draw is the
    deterministic classification, so p_<tier> equals share_<tier> exactly for every state-year."""
    from socius.affiliation.policy import Uncertainty

    base = default_policy()
    criteria = {
        name: crit.model_copy(
            update={
                "indicators": tuple(
                    ind.model_copy(update={"band": 0.0, "uncertainty": Uncertainty(kind="none")})
                    for ind in crit.indicators
                )
            }
        )
        for name, crit in base.criteria.items()
    }
    fixed = base.model_copy(update={"criteria": criteria})
    res = sweep_policy(
        POLICY_GRID,
        years=(2006, 2007),
        out=tmp_path / "z",
        policy=fixed,
        draws=3,
        scheduler="synchronous",
    )
    for tier in ("member", "active_partner", "associate", "none"):
        assert (res.table[f"p_{tier}"] == res.table[f"share_{tier}"]).all(), tier
    assert res.table["robustness"].min() < 1.0  # the grid itself still moves some states

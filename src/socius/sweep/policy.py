"""Policy-space robustness: how much of a grid of reasonable policies gives each tier.

Every grid point is the affiliation policy with some thresholds set to the point's values.
For each state-year the sweep counts the grid points at which the state is an active
partner, an associate or neither (or in each tier of a policy with its own tiers: the
**robustness map**), and, over the same points, the Monte Carlo draws that give each tier
when the evidence varies within its published uncertainty and the thresholds that are not
swept vary within their bands (as :func:`socius.affiliation.classify` does). The swept
thresholds are held at the grid value in every draw. Tiers are those of ``classify``
exactly: the policy's tier order, its exclusion rules (a cap such as "under UN Security
Council nonproliferation sanctions: no tier" applies at every point and in every draw) and
its evidence-age limit. Members are members at every point.

The work is split into chunks of years x grid points; each chunk returns integer counts,
which add up across chunks exactly, in any order.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socius.affiliation import Policy, resolve_policy
from socius.affiliation.classify import TIER_ORDER
from socius.errors import CoverageError, ValidationError
from socius.limits import check_count, check_seed
from socius.sweep._affiliation import TierModel, policy_keys, year_evidence
from socius.sweep.engine import (
    Chunk,
    Progress,
    check_years_per_chunk,
    read_parts,
    run_chunks,
)
from socius.sweep.grid import Grid
from socius.sweep.result import (
    SweepResult,
    data_versions,
    read_sweep,
    socius_version,
    write_result,
)

__all__ = ["TIERS", "robustness_map", "sweep_policy"]

#: Tiers of the robustness map under the default policy, highest first (a policy with its own
#: tiers gives ``policy.tier_codes()``; a finished sweep lists them in ``spec["tiers"]``).
TIERS: tuple[str, ...] = TIER_ORDER
DRAW_BLOCK = 128
_DATASETS = (
    "vdem",
    "freedom_house",
    "human_rights",
    "nmc",
    "nuclear_status",
    "alliance_membership",
)


@dataclass(frozen=True)
class _Config:
    policy_json: str
    alliance: str
    grid: Grid
    draws: int


def _policy_task(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
    cfg, years, (g0, g1) = chunk.payload
    policy = Policy.model_validate_json(cfg.policy_json)
    model = TierModel(policy)
    codes = model.codes
    cols = model.columns(cfg.grid.keys)
    points = cfg.grid.points(g0, g1)
    n_points = points.shape[0]
    thresholds = np.tile(model.threshold, (n_points, 1))
    thresholds[:, cols] = points
    band = model.band.copy()
    band[cols] = 0.0
    lo, hi = model.scale
    rng = np.random.default_rng(seq)
    frames = []
    n_tiers = len(codes)
    for ev in year_evidence(policy, years, cfg.alliance):
        n, k = ev.values.shape
        noisy = np.flatnonzero((ev.sd > 0).any(axis=0))
        banded = np.flatnonzero(band > 0)
        point = model.tiers(
            np.broadcast_to(ev.values, (n_points, n, k)), thresholds[:, None, :], ev.cap
        )  # (G, N)
        n_point = np.stack([(point == t).sum(axis=0) for t in range(n_tiers)], axis=1)
        n_mc = np.zeros((n, n_tiers), dtype=np.int64)
        for g in range(n_points):
            left = cfg.draws
            while left > 0:
                b = min(DRAW_BLOCK, left)
                left -= b
                # only indicators with an uncertainty (a band) are drawn; the rest stay fixed
                vd = np.repeat(ev.values[None], b, axis=0)
                if noisy.size:
                    noise = rng.standard_normal((b, n, noisy.size)) * ev.sd[:, noisy]
                    vd[..., noisy] = np.clip(ev.values[:, noisy] + noise, lo[noisy], hi[noisy])
                td = np.repeat(thresholds[g][None, None, :], b, axis=0)
                if banded.size:
                    td[..., banded] += rng.uniform(-1.0, 1.0, (b, 1, banded.size)) * band[banded]
                tiers = model.tiers(vd, td, ev.cap)
                n_mc += np.stack([(tiers == t).sum(axis=0) for t in range(n_tiers)], axis=1)
        member = codes.index("member")
        n_point[ev.member] = 0
        n_point[ev.member, member] = n_points
        n_mc[ev.member] = 0
        n_mc[ev.member, member] = n_points * cfg.draws
        cols_out: dict[str, Any] = {
            "ccode": ev.ccode.astype(np.int32),
            "year": np.full(n, ev.year, dtype=np.int32),
            "stateabb": ev.stateabb,
            "statenme": ev.statenme,
            "name": ev.name,
            "iso3": pl.Series(ev.iso3, dtype=pl.String),
            "points": np.full(n, n_points, dtype=np.int64),
        }
        for t, name in enumerate(codes):
            cols_out[f"n_{name}"] = n_point[:, t].astype(np.int64)
        for t, name in enumerate(codes):
            cols_out[f"n_mc_{name}"] = n_mc[:, t]
        frames.append(pl.DataFrame(cols_out))
    return pl.concat(frames, how="vertical")


def _blocks(lo: int, hi: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size - 1, hi)) for s in range(lo, hi + 1, size)]


def sweep_policy(
    grid: Grid,
    *,
    years: tuple[int, int],
    out: str | os.PathLike[str],
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int = 100,
    seed: int | None = None,
    years_per_chunk: int = 5,
    points_per_chunk: int = 100,
    scheduler: Any = None,
    workers: int | None = None,
    processes: bool = True,
    connect_timeout: float = 10.0,
    fresh: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> SweepResult:
    """The robustness map of a policy: per state-year, the share of the grid giving each tier.

    Parameters
    ----------
    grid
        Thresholds to vary (keys ``criterion.indicator`` of the policy; see
        :func:`socius.sweep.read_grid`).
    years
        Inclusive ``(start, end)``.
    out
        Folder for the sweep (created; resumed if it holds the same sweep).
    policy
        The base policy (object, TOML path, or None for the shipped default).
    alliance
        Default: the policy's.
    draws
        Monte Carlo draws per grid point and state-year.
    seed
        Root seed (default: the policy's Monte Carlo seed).
    years_per_chunk, points_per_chunk
        Chunk size: years x grid points per task.
    scheduler, workers, processes, connect_timeout, fresh, progress
        See :func:`socius.sweep.engine.run_chunks`.

    Returns
    -------
    SweepResult
        ``table`` has one row per state-year: ``ccode, year, stateabb, statenme``,
        ``name`` and ``iso3`` (display name and ISO3 for the year), ``points``,
        ``share_<tier>`` (share of grid points [0, 1]) and ``p_<tier>`` (share of grid points
        x draws) for each tier of ``policy.tier_codes()`` (default: member, active_partner,
        associate, none; listed in ``spec["tiers"]``); ``modal_tier`` (the tier of most grid
        points; ties go to the higher tier) and ``robustness`` (its share).
    """
    pol = resolve_policy(policy)
    ally = alliance or pol.alliance
    allowed = policy_keys(pol)
    grid.check_keys(allowed, what="thresholds of the policy")
    check_count("grid", grid.size, option="grid points")
    check_count("draws", draws, option="--draws")
    root = int(pol.monte_carlo.seed if seed is None else seed)
    check_seed(root)
    check_years_per_chunk(years_per_chunk)
    check_count("grid", points_per_chunk, option="points per chunk")
    lo, hi = int(years[0]), int(years[1])
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    from socius.alliances import members

    try:
        members(ally, lo)
        members(ally, hi)
    except CoverageError as exc:
        raise CoverageError(f"{exc} (years {lo}-{hi} of the sweep)") from None
    cfg = _Config(pol.model_dump_json(), ally, grid, draws)
    chunks: list[Chunk] = []
    for ys in _blocks(lo, hi, years_per_chunk):
        for g0 in range(0, grid.size, points_per_chunk):
            g1 = min(g0 + points_per_chunk, grid.size)
            chunks.append(
                Chunk(
                    index=len(chunks),
                    label=f"years {ys[0]}-{ys[1]}, grid points {g0}-{g1 - 1}",
                    payload=(cfg, ys, (g0, g1)),
                    units=(ys[1] - ys[0] + 1) * (g1 - g0) * draws,
                )
            )
    spec = {
        "kind": "policy",
        "policy": {
            "name": pol.name,
            "version": pol.version,
            "settings": pol.model_dump(mode="json"),
        },
        "alliance": ally,
        "tiers": list(pol.tier_codes()),
        "grid": grid.to_dict(),
        "years": [lo, hi],
        "draws": draws,
        "seed": root,
        "chunking": {"years_per_chunk": years_per_chunk, "points_per_chunk": points_per_chunk},
        "units": "draw-point-years",
        "data": data_versions(_DATASETS),
        "socius": socius_version(),
    }
    run = run_chunks(
        _policy_task,
        chunks,
        folder=out,
        spec=spec,
        seed=root,
        scheduler=scheduler,
        workers=workers,
        processes=processes,
        connect_timeout=connect_timeout,
        fresh=fresh,
        progress=progress,
    )
    parts = read_parts(run)
    table = _combine(parts, draws, pol.tier_codes())
    write_result(table, run.folder, spec)
    return SweepResult(
        table=table,
        folder=run.folder,
        spec=spec,
        computed=run.computed,
        skipped=run.skipped,
        seconds=run.seconds,
        workers=run.workers,
    )


def _combine(parts: pl.DataFrame, draws: int, codes: tuple[str, ...]) -> pl.DataFrame:
    counts = [f"n_{t}" for t in codes] + [f"n_mc_{t}" for t in codes]
    summed = (
        parts.group_by("ccode", "year")
        .agg(
            pl.col("stateabb").first(),
            pl.col("statenme").first(),
            pl.col("name").first(),
            pl.col("iso3").first(),
            pl.col("points").sum(),
            *[pl.col(c).sum() for c in counts],
        )
        .sort("year", "ccode")
    )
    shares = [(pl.col(f"n_{t}") / pl.col("points")).alias(f"share_{t}") for t in codes]
    probs = [(pl.col(f"n_mc_{t}") / (pl.col("points") * draws)).alias(f"p_{t}") for t in codes]
    out = summed.with_columns(*shares, *probs)
    share_cols = [f"share_{t}" for t in codes]
    mat = out.select(share_cols).to_numpy()
    best = mat.argmax(axis=1)
    return out.select(
        "ccode",
        "year",
        "stateabb",
        "statenme",
        "name",
        "iso3",
        "points",
        *share_cols,
        *[f"p_{t}" for t in codes],
    ).with_columns(
        pl.Series("modal_tier", np.array(codes, dtype=object)[best].astype(str)),
        pl.Series("robustness", mat[np.arange(mat.shape[0]), best]),
    )


def robustness_map(sweep: str | os.PathLike[str] | SweepResult) -> pl.DataFrame:
    """Per state and year, the share of the policy space assigned each tier.

    *sweep* is a finished policy sweep (its folder, its ``result.parquet``, or the
    :class:`SweepResult`). Returns ``ccode, year, stateabb, statenme, modal_tier,
    robustness``, ``name`` and ``iso3`` and ``share_<tier>`` for every tier of the swept
    policy (its ``tier_codes()``, highest first), sorted by year and state: the table a
    report shows as a heat map (one row per state, one column per year).

    Parameters
    ----------
    sweep
        A finished policy sweep: the :class:`SweepResult` that :func:`sweep_policy` returns,
        the folder it wrote, or the ``result.parquet`` in that folder.

    Returns
    -------
    polars.DataFrame
        One row per state-year: ``ccode`` [COW code], ``year``, ``stateabb``, ``statenme``,
        ``modal_tier`` (the tier of most grid points; ties go to the higher tier),
        ``robustness`` [0-1, that tier's share of the grid points], ``name`` and ``iso3``
        (when the sweep has them) and ``share_<tier>`` [0-1] for every tier. The Monte
        Carlo shares ``p_<tier>`` stay in the sweep's full table.

    Raises
    ------
    ValidationError
        When the sweep is not a policy sweep, or a folder or file holds no finished sweep.

    Examples
    --------
    Japan is an active partner of NATO in 2007 under every liberal-democracy threshold from
    0.45 to 0.55:

    >>> import tempfile
    >>> from socius.sweep import parse_grid
    >>> grid = parse_grid('[grid]\\n"values.v2x_libdem" = [0.45, 0.5, 0.55]\\n')
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = sweep_policy(grid, years=(2007, 2007), out=folder, draws=2,
    ...                           scheduler="synchronous")
    >>> table = robustness_map(result)
    >>> table.filter(table["iso3"] == "JPN").select("modal_tier", "robustness").row(0)
    ('active_partner', 1.0)
    """
    if isinstance(sweep, SweepResult):
        table, spec = sweep.table, sweep.spec
    else:
        table, spec = read_sweep(Path(sweep))
    if spec.get("kind") != "policy":
        raise ValidationError(
            f"the sweep is a '{spec.get('kind')}' sweep; a robustness map needs a policy sweep "
            "(socius sweep policy)"
        )
    return table.select(
        "ccode",
        "year",
        "stateabb",
        "statenme",
        "modal_tier",
        "robustness",
        *[c for c in ("name", "iso3") if c in table.columns],
        *[f"share_{t}" for t in spec.get("tiers", TIER_ORDER)],
    )

"""War Trap expected utility under capability measurement error, for every dyad-year.

Measurement-error model (an assumption, stated as such): each state's CINC score in a year
is observed with independent multiplicative lognormal error, so a draw of the true score is

.. math::

    \\mathrm{CINC}^{(d)}_i = \\mathrm{CINC}_i \\exp(\\sigma z_i - \\sigma^2 / 2),
    \\qquad z_i \\sim N(0, 1),

which keeps the score positive and its mean equal to the published value. ``sigma`` is the
relative error (0.1: about 10%); COW does not publish one, so it is a user choice, reported
with the result. Scores are not renormalised to sum to one: the War Trap uses capabilities
only through ratios (win probabilities and third-party weights), which a common factor
leaves unchanged.

Every draw recomputes the expected utility of every directed dyad of the year with
:func:`socius.deterrence.dyadic.war_trap_year`, the function behind
:func:`socius.deterrence.war_trap_expected_utility`, and folds it into a running mean and
variance and a fixed-bin histogram per dyad-year (:mod:`socius.sweep.reduce`); the draws
themselves are never kept. A chunk is a set of years (a year is the smallest unit: every
state of the year is a potential third party of every dyad).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import polars as pl

from socius.deterrence import year_arrays
from socius.deterrence.dyadic import SIMILARITY_METHODS, THIRD_PARTY_RULES, war_trap_year
from socius.errors import CoverageError, ValidationError, suggest
from socius.limits import check_count, check_seed
from socius.sweep.engine import (
    Chunk,
    Progress,
    check_years_per_chunk,
    read_parts,
    run_chunks,
)
from socius.sweep.reduce import Histogram, Moments
from socius.sweep.result import SweepResult, data_versions, socius_version, write_result

__all__ = ["sweep_eu"]

_DATASETS = ("nmc", "capitals", "contiguity", "major_powers", "cow_states", "atop")


@dataclass(frozen=True)
class _Config:
    draws: int
    sigma: float
    level: float
    bins: int
    span: float
    similarity: str
    third_parties: str


def _year_result(year: int, cfg: _Config, rng: np.random.Generator) -> pl.DataFrame:
    from socius.panel import dyad_years

    arrays = year_arrays(year, similarity=cfg.similarity, third_parties=cfg.third_parties)  # type: ignore[arg-type]
    n = arrays.ccodes.size
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    keys = pl.DataFrame(
        {
            "ccode1": arrays.ccodes[i].astype(np.int32),
            "ccode2": arrays.ccodes[j].astype(np.int32),
            "year": np.full(i.size, year, dtype=np.int32),
        }
    )
    cow = dyad_years(years=(year, year)).select(
        pl.col("ccode1").cast(pl.Int32), pl.col("ccode2").cast(pl.Int32), pl.lit(True).alias("_k")
    )
    keep = (
        keys.join(cow, on=["ccode1", "ccode2"], how="left", maintain_order="left")["_k"]
        .fill_null(False)
        .to_numpy()
    )
    i, j, keys = i[keep], j[keep], keys.filter(pl.Series(keep))
    rule: Any = cfg.third_parties
    center = war_trap_year(arrays, third_parties=rule)[0][i, j]
    half = cfg.span * np.maximum(np.abs(center), 1.0)
    moments = Moments(i.size)
    hist = Histogram(center - half, center + half, bins=cfg.bins)
    shift = cfg.sigma**2 / 2.0
    for _ in range(cfg.draws):
        z = rng.standard_normal(n)
        cinc = arrays.cinc * np.exp(cfg.sigma * z - shift)
        eu = war_trap_year(replace(arrays, cinc=cinc), third_parties=rule)[0][i, j]
        moments.add(eu)
        hist.add(eu)
    tail = (1.0 - cfg.level) / 2.0
    q_low, q_high = hist.quantiles((tail, 1.0 - tail))
    low = np.clip(q_low, moments.minimum, moments.maximum)
    high = np.clip(q_high, moments.minimum, moments.maximum)
    out = keys.with_columns(
        pl.Series("eu_ij", center),
        pl.Series("eu_ij_mean", moments.mean),
        pl.Series("eu_ij_sd", moments.sd()),
        pl.Series("eu_ij_low", low),
        pl.Series("eu_ij_high", high),
        pl.Series("draws", moments.n.astype(np.int32)),
    )
    return out.with_columns(
        pl.col(c).fill_nan(None)
        for c in ("eu_ij", "eu_ij_mean", "eu_ij_sd", "eu_ij_low", "eu_ij_high")
    )


def _eu_task(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
    cfg, years = chunk.payload
    rng = np.random.default_rng(seq)
    return pl.concat([_year_result(y, cfg, rng) for y in years], how="vertical")


def _check(sigma: float, level: float, bins: int, span: float, similarity: str, third: str) -> None:
    problems = []
    if not (np.isfinite(sigma) and 0.0 <= sigma <= 2.0):
        problems.append(
            f"--sigma {sigma} must lie in [0, 2] (relative CINC error; 0.1 means about 10%)"
        )
    if not 0.0 < level < 1.0:
        problems.append(f"--level {level} must lie strictly between 0 and 1, e.g. 0.9")
    if not 10 <= bins <= 10_000:
        problems.append(f"bins {bins} must lie in 10..10,000")
    if not (np.isfinite(span) and span > 0):
        problems.append(f"span {span} must be a positive relative half-width, e.g. 0.5")
    if similarity not in SIMILARITY_METHODS:
        problems.append(
            f"similarity '{similarity}' is not known{suggest(similarity, SIMILARITY_METHODS)}; "
            "choose tau_b or s"
        )
    if third not in THIRD_PARTY_RULES:
        problems.append(
            f"third_parties '{third}' is not known{suggest(third, THIRD_PARTY_RULES)}; "
            "choose region or all"
        )
    if problems:
        raise ValidationError("; ".join(problems))


def sweep_eu(
    *,
    years: tuple[int, int],
    out: str | os.PathLike[str],
    draws: int = 1000,
    sigma: float = 0.1,
    level: float = 0.9,
    seed: int = 0,
    similarity: str = "tau_b",
    third_parties: str = "region",
    years_per_chunk: int = 1,
    bins: int = 400,
    span: float = 0.5,
    scheduler: Any = None,
    workers: int | None = None,
    processes: bool = True,
    connect_timeout: float = 10.0,
    fresh: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> SweepResult:
    """Mean and interval of the War Trap expected utility of every directed dyad-year.

    Parameters
    ----------
    years
        Inclusive ``(start, end)`` within COW NMC v7.0 (1816-2022).
    out
        Folder for the sweep (created; resumed if it holds the same sweep).
    draws
        Monte Carlo draws of the capabilities.
    sigma
        Relative (lognormal) measurement error of CINC (see the module docstring); 0 gives
        the deterministic expected utility in every draw.
    level
        Coverage of the interval (0.9: the 5th to 95th percentile).
    seed
        Root seed; chunk ``i`` draws from ``SeedSequence(seed, spawn_key=(i,))``.
    similarity, third_parties
        As in :func:`socius.deterrence.war_trap_expected_utility`.
    years_per_chunk
        Years per task.
    bins, span
        Histogram for the interval: *bins* bins over ``eu_ij +/- span * max(|eu_ij|, 1)``
        per dyad-year (resolution ``2 * span * max(|eu_ij|, 1) / bins``); a quantile beyond
        that range is missing (widen *span*).
    scheduler, workers, processes, connect_timeout, fresh, progress
        See :func:`socius.sweep.engine.run_chunks`.

    Returns
    -------
    SweepResult
        ``table``: ``ccode1, ccode2, year, eu_ij`` (deterministic, equal to
        :func:`~socius.deterrence.war_trap_expected_utility`), ``eu_ij_mean, eu_ij_sd``,
        ``eu_ij_low, eu_ij_high`` (the *level* interval, clipped to the draws' range) and
        ``draws`` (draws with a value). Null where the expected utility is undefined.
    """
    check_count("draws", draws, option="--draws")
    check_seed(seed)
    check_years_per_chunk(years_per_chunk)
    _check(sigma, level, bins, span, similarity, third_parties)
    from socius.data import info

    meta = info("nmc")
    first, last = int(meta.start or 0), int(meta.end or 0)
    lo, hi = int(years[0]), int(years[1])
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    if lo < first or hi > last:
        raise CoverageError(
            f"years {lo}-{hi} fall outside the capability data (COW NMC v7.0, {first}-{last}); "
            f"choose years within {first}-{last}"
        )
    cfg = _Config(
        draws, float(sigma), float(level), int(bins), float(span), similarity, third_parties
    )
    from socius.panel import dyad_years

    per_year = dict(dyad_years(years=(lo, hi)).group_by("year").len().iter_rows())
    chunks: list[Chunk] = []
    for start in range(lo, hi + 1, years_per_chunk):
        ys = tuple(range(start, min(start + years_per_chunk, hi + 1)))
        chunks.append(
            Chunk(
                index=len(chunks),
                label=f"years {ys[0]}-{ys[-1]}",
                payload=(cfg, ys),
                units=draws * sum(int(per_year.get(y, 0)) for y in ys),
            )
        )
    spec = {
        "kind": "eu",
        "model": "War Trap expected utility (Bueno de Mesquita 1981), socius.deterrence",
        "measurement_error": {
            "model": "multiplicative lognormal on CINC, mean-preserving (an assumption)",
            "sigma": float(sigma),
        },
        "similarity": similarity,
        "third_parties": third_parties,
        "years": [lo, hi],
        "draws": draws,
        "level": float(level),
        "histogram": {"bins": int(bins), "span": float(span)},
        "seed": seed,
        "chunking": {"years_per_chunk": years_per_chunk},
        "units": "draw-dyad-years",
        "data": data_versions(_DATASETS),
        "socius": socius_version(),
    }
    run = run_chunks(
        _eu_task,
        chunks,
        folder=out,
        spec=spec,
        seed=seed,
        scheduler=scheduler,
        workers=workers,
        processes=processes,
        connect_timeout=connect_timeout,
        fresh=fresh,
        progress=progress,
    )
    table = read_parts(run)
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

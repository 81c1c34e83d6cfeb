"""Speed and memory of the similarity panels (run as a script; prints JSON lines).

1. S, kappa and pi for every directed dyad-year from ATOP alliance portfolios
   (1816-2018) and from UN General Assembly votes (1946-2019), bundled snapshots, one
   cold run in a fresh process including reading the snapshots. Target: <= 20 s in
   total and <= 4 GB peak resident memory.
2. The same measures from a plain-Python loop over dyads on a sample of years,
   checked against the vectorised result, with the speed ratio.
3. For information: the ATOP panel with capability weights, tau-b and regional
   partner sets.

Usage: python benchmarks/bench_similarity.py
"""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from typing import Any

import numpy as np
import polars as pl

from socius.similarity import dyadic_similarity

MEASURES = ("s", "kappa", "pi")
ATOP_YEARS = (1816, 2018)
UN_YEARS = (1946, 2019)
SAMPLE_ATOP = (1914, 1965, 2010)
SAMPLE_UN = (1985,)
VOTE = {"yes": 3, "abstain": 2, "no": 1}
FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


def emit(
    name: str,
    seconds: float,
    target_s: float | None,
    detail: str,
    *,
    target_mb: float | None = None,
) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "benchmark": name,
                "seconds": round(seconds, 3),
                "target_s": target_s,
                "peak_mb": round(peak, 1),
                "target_mb": target_mb,
                "detail": detail,
            }
        ),
        flush=True,
    )


def python_measures(x: list[int], y: list[int], d_max: float) -> tuple[float, float, float]:
    """S, Cohen's kappa and Scott's pi with absolute distances, in plain Python."""
    n = len(x)
    observed = sum(abs(a - b) for a, b in zip(x, y, strict=True)) / n
    cx, cy = Counter(x), Counter(y)
    kappa_e = sum(cx[a] * cy[b] * abs(a - b) for a in cx for b in cy) / (n * n)
    pooled = cx + cy
    pi_e = sum(pooled[a] * pooled[b] * abs(a - b) for a in pooled for b in pooled) / (4 * n * n)
    s = 1 - 2 * observed / d_max
    kappa = 1 - observed / kappa_e if kappa_e else float("nan")
    pi = 1 - observed / pi_e if pi_e else float("nan")
    return s, kappa, pi


def python_atop(
    atop: pl.DataFrame, members: pl.DataFrame, year: int
) -> dict[tuple[int, int], tuple[float, float, float]]:
    """Valued portfolios (highest obligation either way, self = 3) and measures, in plain Python."""
    states = sorted(members.filter(pl.col("year") == year)["ccode"].to_list())
    tie = {(a, b): 0 for a in states for b in states}
    for a in states:
        tie[a, a] = 3
    rows = atop.filter(pl.col("year") == year).select("ccode1", "ccode2", *FLAGS).iter_rows()
    for a, b, defense, offense, neutral, nonagg, consul in rows:
        value = 3 if defense or offense else 2 if neutral or consul else 1 if nonagg else 0
        if (a, b) in tie:
            tie[a, b] = tie[b, a] = max(tie[a, b], value)
    out = {}
    for a in states:
        for b in states:
            if a != b:
                out[a, b] = python_measures(
                    [tie[a, k] for k in states], [tie[b, k] for k in states], 3.0
                )
    return out


def python_un(
    votes: pl.DataFrame, members: pl.DataFrame, year: int
) -> dict[tuple[int, int], tuple[float, float, float]]:
    """Per-year vote dictionaries, common roll calls and measures, in plain Python."""
    cast: dict[int, dict[int, int]] = {
        c: {} for c in members.filter(pl.col("year") == year)["ccode"]
    }
    for rc, c, v in (
        votes.filter(pl.col("year") == year).select("rcid", "ccode", "vote").iter_rows()
    ):
        if c in cast:
            cast[c][rc] = VOTE[v]
    out = {}
    for a in sorted(cast):
        for b in sorted(cast):
            if a == b:
                continue
            common = [rc for rc in cast[a] if rc in cast[b]]
            if common:
                out[a, b] = python_measures(
                    [cast[a][r] for r in common], [cast[b][r] for r in common], 2.0
                )
    return out


def compare(
    frame: pl.DataFrame, suffix: str, ref: dict[tuple[int, int], tuple[float, float, float]]
) -> float:
    cols = [f"{m}_{suffix}" for m in MEASURES]
    got = {(r[0], r[1]): r[2:] for r in frame.select("ccode1", "ccode2", *cols).iter_rows()}
    diffs = [
        abs(g - w)
        for key, want in ref.items()
        for g, w in zip(got[key], want, strict=True)
        if not np.isnan(w)
    ]
    return max(diffs)


def main() -> None:
    t0 = time.perf_counter()
    atop = dyadic_similarity("atop", years=ATOP_YEARS, measures=MEASURES)
    t1 = time.perf_counter()
    un = dyadic_similarity("unvotes", years=UN_YEARS, measures=MEASURES)
    t2 = time.perf_counter()
    emit(
        "similarity_panels_atop_unvotes",
        t2 - t0,
        20.0,
        f"S, kappa, pi (absolute metric) for all directed dyad-years from bundled snapshots, cold, "
        f"snapshot reading included: ATOP {ATOP_YEARS[0]}-{ATOP_YEARS[1]} {atop.height:,} rows in "
        f"{t1 - t0:.2f} s; UN votes {UN_YEARS[0]}-{UN_YEARS[1]} {un.height:,} rows in {t2 - t1:.2f} s "
        f"({un['s_un'].null_count():,} dyad-years without common roll calls left null)",
        target_mb=4096.0,
    )

    # plain-Python reference loop on sample years; both sides start from loaded frames
    from socius.data import load
    from socius.panel import state_years

    atop_frame = load("atop")
    votes = load("unvotes").with_columns(pl.col("vote").cast(pl.String))
    members = state_years()
    t3 = time.perf_counter()
    vec_atop = [
        dyadic_similarity("atop", atop=atop_frame, members=members, years=(y, y), measures=MEASURES)
        for y in SAMPLE_ATOP
    ]
    vec_un = [
        dyadic_similarity("unvotes", votes=votes, members=members, years=(y, y), measures=MEASURES)
        for y in SAMPLE_UN
    ]
    t4 = time.perf_counter()
    ref_atop = [python_atop(atop_frame, members, y) for y in SAMPLE_ATOP]
    ref_un = [python_un(votes, members, y) for y in SAMPLE_UN]
    t5 = time.perf_counter()
    diff = max(
        *[compare(f, "atop", r) for f, r in zip(vec_atop, ref_atop, strict=True)],
        *[compare(f, "un", r) for f, r in zip(vec_un, ref_un, strict=True)],
    )
    dyads = sum(len(r) for r in (*ref_atop, *ref_un))
    emit(
        "similarity_vectorised_vs_python_loop",
        t4 - t3,
        None,
        f"sample ATOP years {list(SAMPLE_ATOP)} and UN year {list(SAMPLE_UN)}, {dyads:,} directed "
        f"dyads, both from the loaded snapshots: vectorised {t4 - t3:.2f} s vs plain-Python loop {t5 - t4:.2f} s, speed ratio "
        f"{(t5 - t4) / (t4 - t3):.0f}x; max abs difference {diff:.1e}",
    )

    t6 = time.perf_counter()
    full = dyadic_similarity("atop", years=ATOP_YEARS, partners="regional")
    t7 = time.perf_counter()
    info: dict[str, Any] = {"rows": full.height, "columns": full.columns}
    emit(
        "similarity_atop_regional_weighted_taub",
        t7 - t6,
        None,
        f"ATOP {ATOP_YEARS[0]}-{ATOP_YEARS[1]}, regional partner sets (major powers global), "
        f"s, s_weighted (CINC shares), kappa, pi, tau_b: {info['rows']:,} rows",
    )


if __name__ == "__main__":
    main()

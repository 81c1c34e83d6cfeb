"""Regime-based proliferation-risk profiles: dated components, published weights, a confidence.

A transparent score per state-year, the weighted mean of the components a state has data for.
Every component is on [0, 1] (higher = more risk) and is read at the end of the year:

``npt``
    NPT status (``np_regimes``): party, outside (never joined or not yet joined) or withdrawn,
    valued by the ``[levels.npt]`` table of the weights file. Missing for states the regime
    table does not cover.
``sanctions``
    1 while a UNSC resolution that imposes nonproliferation sanctions on the state is in force
    (adopted and not lifted; ``unsc_np_sanctions``), else 0. The table lists every such regime
    (Iraq 1991-2003, North Korea from 2006, Iran 2006-2016 and from the 2025 snapback), so 0
    is a true zero.
``latency``
    Nuclear-weapons status (Bleek 2017 via OWID: 0 none, 1 consideration, 2 pursuit,
    3 possession) divided by 3; at least 0.5 while an enrichment or reprocessing facility
    operates (Nuclear Latency v1.2, to 2012); 1 with a nuclear test in the window. For the five
    nuclear-weapon states recognised by the NPT (Art. IX(3): a test before 1 January 1967, read
    from ``nuclear_tests``) it is 0: lawful possession is not a risk point.
``missiles``
    Missile and space-launch tests in the window / 10, capped at 1 (CNS; North Korea, Iran,
    India and Pakistan only: other states are missing, never 0).
``export_controls``
    Mean of NSG and MTCR non-participation (1 outside, 0 participant). Undated participants
    count from the date of the list that names them; a state absent from the latest list is
    taken as never having participated (no state has left either regime).
``safeguards``
    1 without an IAEA Additional Protocol in force (from 1997), 0 with one; few states coded.
``psi``
    1 when the state had not endorsed the Proliferation Security Initiative (from September
    2003); undated endorsements count from the date of the list that names them.
``network``
    Ties of the bundled A. Q. Khan network possibly active in the window: ``customer`` when the
    state itself bought from it, ``host`` when network actors were based there (values in
    ``[levels.network]``), else 0. A tie counts in the years it is known to have been active:
    from its start (or its end, without a start) to its end, or to the network's exposure
    (its latest documented end, 2004) when open; an undated tie counts in the exposure year.

Each state-year also gets a ``category``: recognised nuclear-weapon state (not ranked as a
proliferator), under UNSC sanctions, withdrawn from the NPT, outside the NPT, NPT
non-nuclear-weapon state, or NPT status not coded. Only states with a coded NPT status and at
least *min_components* components are ranked. Weights, levels and the Monte Carlo settings come
from ``risk_weights.toml`` (see :func:`~socius.networks.risk.default_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from socius import panel
from socius.errors import CoverageError, ValidationError
from socius.limits import check_count
from socius.networks._risk_sources import (
    export_controls,
    latency,
    missiles,
    network_ties,
    npt_status,
    psi_status,
    recognised_nws,
    safeguards,
    sanctions_in_force,
)
from socius.networks._risk_weights import (
    COMPONENTS,
    RiskWeights,
    default_weights,
    default_weights_text,
    load_weights,
)

__all__ = [
    "CATEGORIES",
    "COMPONENTS",
    "RISK_DATASETS",
    "RISK_YEARS",
    "RiskWeights",
    "default_weights",
    "default_weights_text",
    "explain",
    "load_weights",
    "regime_table",
    "risk_profiles",
]

RISK_YEARS = (1970, 2024)  # the NPT entered into force on 5 March 1970
RISK_DATASETS = (
    "np_regimes",
    "unsc_np_sanctions",
    "nuclear_status",
    "nuclear_latency",
    "nuclear_tests",
    "missile_tests",
    "khan_ties",
    "khan_nodes",
)
CATEGORIES = (
    "recognised nuclear-weapon state",
    "under UNSC sanctions",
    "withdrawn from the NPT",
    "outside the NPT, not sanctioned",
    "NPT non-nuclear-weapon state",
    "NPT status not coded",
)


def risk_profiles(
    year: int | tuple[int, int],
    *,
    weights: RiskWeights | Mapping[str, float] | None = None,
    window: int = 5,
    fallback: int = 8,
    min_components: int = 4,
    draws: int | None = None,
    seed: int | None = None,
) -> pl.DataFrame:
    """Risk profile of every COW state in *year* (or each year of an inclusive range).

    Parameters
    ----------
    year : int or (int, int)
        Year(s) within 1970-2024.
    weights : RiskWeights or mapping, optional
        Component weights (a mapping replaces some of the default weights) or a full
        :class:`RiskWeights` from :func:`load_weights`.
    window : int
        Years up to and including the year in which tests and network ties count.
    fallback : int
        Years a status or latency value may be carried forward past its source's coverage.
    min_components : int
        Components a state needs to be ranked.
    draws, seed : int, optional
        Monte Carlo over weights (default: the weights file's settings; 0 draws skips it).

    Returns
    -------
    polars.DataFrame
        One row per state-year, sorted by year and rank: ``year``, ``rank`` (null when not
        ranked), ``ccode``, ``stateabb``, ``statenme``, ``category``, ``score`` [0-1],
        ``n_components``, each component, ``p_top`` (share of weight draws in which the state
        is in the top N), ``rank_lo`` and ``rank_hi`` (5th and 95th percentile rank over the
        draws), and the evidence: ``npt_state``, ``npt_left``, ``sanctions_by``,
        ``nuclear_status``, ``n_missile_tests``, ``nsg``, ``mtcr``, ``network_role``.

    Examples
    --------
    >>> top = risk_profiles(2006, draws=0).head(2)
    >>> top["stateabb"].to_list()
    ['PRK', 'IRN']
    """
    lo, hi = (year, year) if isinstance(year, int) else (int(year[0]), int(year[1]))
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    if lo < RISK_YEARS[0] or hi > RISK_YEARS[1]:
        raise CoverageError(
            f"risk profiles cover {RISK_YEARS[0]}-{RISK_YEARS[1]} (from the NPT's entry into "
            f"force); {lo}-{hi} is outside; choose years within it"
        )
    spec = _weights(weights)
    check_count("window", window, option="window")
    if fallback < 0 or min_components < 1:
        raise ValidationError(
            f"fallback={fallback} or min_components={min_components} is out of range; "
            "give fallback >= 0 and min_components >= 1"
        )
    n_draws = spec.draws if draws is None else draws
    if n_draws:
        check_count("draws", n_draws, option="draws")
    rng_seed = spec.seed if seed is None else seed
    check_count("seed", rng_seed, option="seed")

    base = panel.state_years(years=(lo, hi)).select("ccode", "stateabb", "statenme", "year")
    base = base.with_columns(pl.date(pl.col("year"), 12, 31).alias("day"))
    nws = recognised_nws()
    out = npt_status(base, spec.levels["npt"])
    out = sanctions_in_force(out)
    out = latency(out, nws, window, fallback)
    out = missiles(out, window, fallback)
    out = export_controls(out)
    out = safeguards(out, nws)
    out = psi_status(out)
    out = network_ties(out, window, spec.levels["network"])
    out = out.with_columns(_category(nws).alias("category"))

    comps = [c for c in COMPONENTS if spec.weights.get(c, 0) > 0]
    w = spec.weights
    num = pl.sum_horizontal([pl.col(c).fill_null(0.0) * w[c] for c in comps])
    den = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Float64) * w[c] for c in comps])
    out = out.with_columns(
        pl.sum_horizontal([pl.col(c).is_not_null() for c in COMPONENTS])
        .cast(pl.Int8)
        .alias("n_components"),
        pl.when(den > 0).then(num / den).otherwise(None).alias("score"),
    )
    rankable = (
        (pl.col("category") != CATEGORIES[0])
        & pl.col("npt").is_not_null()
        & (pl.col("n_components") >= min_components)
    )
    out = out.with_columns(rankable.alias("_ranked"))
    out = out.with_columns(
        pl.when(pl.col("_ranked"))
        .then(pl.col("score"))
        .otherwise(None)
        .rank("min", descending=True)
        .over("year")
        .cast(pl.Int32)
        .alias("rank")
    )
    out = _monte_carlo(out, comps, spec, n_draws, rng_seed)
    cols = [
        "year",
        "rank",
        "ccode",
        "stateabb",
        "statenme",
        "category",
        "score",
        "n_components",
        *COMPONENTS,
        "p_top",
        "rank_lo",
        "rank_hi",
        "npt_state",
        "npt_left",
        "sanctions_by",
        "nuclear_status",
        "n_missile_tests",
        "nsg",
        "mtcr",
        "network_role",
    ]
    return out.select(cols).sort(["year", "rank", "ccode"], nulls_last=True)


def _weights(weights: RiskWeights | Mapping[str, float] | None) -> RiskWeights:
    base = default_weights()
    if weights is None:
        return base
    if isinstance(weights, RiskWeights):
        return weights
    return base.with_weights(weights)


def _category(nws: list[int]) -> pl.Expr:
    return (
        pl.when(pl.col("ccode").is_in(nws))
        .then(pl.lit(CATEGORIES[0]))
        .when(pl.col("sanctions") == 1.0)
        .then(pl.lit(CATEGORIES[1]))
        .when(pl.col("npt_state") == "withdrawn")
        .then(pl.lit(CATEGORIES[2]))
        .when(pl.col("npt_state").is_in(["never joined", "not yet joined"]))
        .then(pl.lit(CATEGORIES[3]))
        .when(pl.col("npt_state") == "party")
        .then(pl.lit(CATEGORIES[4]))
        .otherwise(pl.lit(CATEGORIES[5]))
    )


def _monte_carlo(
    out: pl.DataFrame, comps: list[str], spec: RiskWeights, draws: int, seed: int
) -> pl.DataFrame:
    """Share of weight draws with the state in the top N, and its 5-95% rank interval."""
    empty = out.with_columns(
        pl.lit(None, dtype=pl.Float64).alias("p_top"),
        pl.lit(None, dtype=pl.Int32).alias("rank_lo"),
        pl.lit(None, dtype=pl.Int32).alias("rank_hi"),
    )
    ranked = out.filter(pl.col("_ranked"))
    if not draws or ranked.is_empty():
        return empty
    rng = np.random.default_rng(seed)
    w = np.array([spec.weights[c] for c in comps])
    factors = rng.uniform(1 - spec.spread, 1 + spec.spread, size=(draws, len(comps)))
    drawn = factors * w  # (draws, components)
    values = ranked.select(comps).to_numpy().astype(np.float64)
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    scores = (filled @ drawn.T) / np.maximum(present @ drawn.T, 1e-300)  # (states, draws)
    years = ranked["year"].to_numpy()
    p_top = np.empty(len(ranked))
    lo = np.empty(len(ranked), dtype=np.int32)
    hi = np.empty(len(ranked), dtype=np.int32)
    for y in np.unique(years):  # one small block per year, not per state-year
        at = np.flatnonzero(years == y)
        block = scores[at]
        # Rank 1 = highest score; ties share the best rank, as in the point ranking.
        ranks = (block[None, :, :] > block[:, None, :]).sum(axis=1) + 1
        p_top[at] = (ranks <= spec.top).mean(axis=1)
        lo[at] = np.percentile(ranks, 5, axis=1, method="lower")
        hi[at] = np.percentile(ranks, 95, axis=1, method="higher")
    extra = ranked.select("ccode", "year").with_columns(
        pl.Series("p_top", p_top), pl.Series("rank_lo", lo), pl.Series("rank_hi", hi)
    )
    return out.join(extra, on=["ccode", "year"], how="left")


def explain(row: Mapping[str, object], *, top: int = 5) -> str:
    """One sentence per state-year that says why it scores as it does.

    Parameters
    ----------
    row : mapping
        A row of :func:`risk_profiles` (``table.row(i, named=True)``).
    top : int
        The N of ``p_top``.

    Examples
    --------
    >>> table = risk_profiles(2006, draws=200)
    >>> explain(table.row(0, named=True)).split(":")[0]
    'North Korea (rank 1, score 0.97)'
    """
    name = row["statenme"]
    head = f"{name} ({'not ranked' if row['rank'] is None else 'rank ' + str(row['rank'])}"
    head += "" if row["score"] is None else f", score {float(row['score']):.2f}"  # type: ignore[arg-type]
    head += ")"
    parts: list[str] = []
    category = row["category"]
    if category == CATEGORIES[0]:
        parts.append(
            "a nuclear-weapon state recognised by the NPT (tested before 1967), so its "
            "arsenal is not scored as proliferation"
        )
    state = row["npt_state"]
    if state == "withdrawn":
        parts.append(f"withdrew from the NPT (effective {row['npt_left']})")
    elif state == "never joined":
        parts.append("has never joined the NPT")
    elif state == "not yet joined":
        parts.append("had not yet joined the NPT")
    elif state == "party" and category != CATEGORIES[0]:
        parts.append("an NPT party")
    if row["sanctions_by"]:
        parts.append(f"under UNSC sanctions (resolutions {row['sanctions_by']})")
    elif state in ("never joined", "not yet joined", "withdrawn"):
        parts.append("not under UNSC sanctions")
    status = row["nuclear_status"]
    if category == CATEGORIES[5]:
        parts.append("NPT status not in the curated regime table, so not ranked")
    if category != CATEGORIES[0] and status is not None:
        words = {
            0: "no weapons activity",
            1: "considered weapons",
            2: "pursued weapons",
            3: "possesses weapons",
        }
        parts.append(f"{words[int(status)]} (Bleek status {int(status)})")  # type: ignore[call-overload]
    if row["n_missile_tests"]:
        parts.append(f"{row['n_missile_tests']} missile tests in the window")
    outside = [r for r in ("nsg", "mtcr") if row[r] == 1.0]
    if outside:
        parts.append("outside the " + " and ".join(r.upper() for r in outside))
    if row["psi"] == 1.0:
        parts.append("has not endorsed the PSI")
    role = row["network_role"]
    if role == "customer":
        parts.append("a customer of the A. Q. Khan network")
    elif role == "host":
        parts.append("base of A. Q. Khan network actors")
    if row["p_top"] is not None:
        parts.append(f"in the top {top} in {float(row['p_top']):.0%} of weight draws")  # type: ignore[arg-type]
    return f"{head}: " + "; ".join(parts) + "."


EAST_ASIA = ("CHN", "JPN", "MON", "PRK", "ROK")


def regime_table(year: int, states: tuple[str, ...] = EAST_ASIA) -> pl.DataFrame:
    """Nonproliferation-regime standing of some states at the end of *year*, in words.

    Parameters
    ----------
    year : int
        Within 1970-2024.
    states : tuple of str
        COW abbreviations (default: the East Asian states of the article).

    Returns
    -------
    polars.DataFrame
        ``state``, ``category``, ``NPT``, ``Additional Protocol``, ``NSG``, ``MTCR``,
        ``PSI`` and ``UNSC sanctions``; "not coded" where the regime table is silent.

    Examples
    --------
    >>> regime_table(2002, ("PRK",))["NPT"].to_list()
    ['party']
    """
    table = risk_profiles(year, draws=0).filter(pl.col("stateabb").is_in(list(states)))
    if table.height < len(set(states)):
        missing = sorted(set(states) - set(table["stateabb"]))
        raise ValidationError(
            f"{', '.join(missing)} is not a state in {year}; use COW abbreviations of states "
            "that existed then (see `socius data show cow_states`)"
        )

    def member(col: str, yes: str = "participant", no: str = "not a participant") -> pl.Expr:
        return (
            pl.when(pl.col(col) == 0.0)
            .then(pl.lit(yes))
            .when(pl.col(col) == 1.0)
            .then(pl.lit(no))
            .otherwise(pl.lit("not coded"))
        )

    order = {abb: i for i, abb in enumerate(states)}
    return table.sort(pl.col("stateabb").replace_strict(order, default=len(order))).select(
        pl.col("statenme").alias("state"),
        "category",
        pl.col("npt_state").fill_null("not coded").alias("NPT"),
        member("safeguards", "in force", "not in force").alias("Additional Protocol"),
        member("nsg").alias("NSG"),
        member("mtcr", "partner", "not a partner").alias("MTCR"),
        pl.when(pl.col("year") < 2003)
        .then(pl.lit("(PSI founded 2003)"))
        .otherwise(member("psi", "endorsed", "not endorsed"))
        .alias("PSI"),
        pl.col("sanctions_by").fill_null("none").alias("UNSC sanctions"),
    )

"""Report section: how robust the focus states' tiers are across a coarse grid of policies.

The robustness map of :func:`socius.sweep.sweep_policy` for the report year alone, on a small
documented grid (the shipped example grid thinned to each threshold's lowest, middle and
highest value: 3^5 = 243 policies under the default policy), run in this process (synchronous
scheduler, no Dask) with a few Monte Carlo draws per policy, so it costs well under two
seconds. For each state in focus it gives the share of the grid in which the state gets each
tier, a sentence per state, a figure and the grid's provenance.
"""

from __future__ import annotations

import tempfile

import numpy as np
import polars as pl

from socius.affiliation import Policy, resolve_policy
from socius.affiliation.classify import TierModel
from socius.affiliation.explain import tier_words
from socius.codes import display_name, to_ccode
from socius.errors import SociusError
from socius.figstyle import (
    SERIES_COLOURS,
    TIER_COLOURS,
    new_figure,
    percent_axis,
    source_line,
    takeaway,
    to_svg,
)
from socius.report.model import Block, Code, Figure, Note, ReportContext, Section, Table, Text
from socius.sweep.grid import Grid, example_grid_path, read_grid
from socius.sweep.policy import sweep_policy
from socius.sweep.result import SweepResult

__all__ = [
    "FOCUS",
    "REPORT_DRAWS",
    "report_grid",
    "robustness_sentence",
    "section",
    "share_words",
]

#: States shown by default: the article's partners and associates and the cases analysts ask about.
FOCUS = (
    "Japan",
    "South Korea",
    "Australia",
    "New Zealand",
    "Russia",
    "China",
    "India",
    "Ukraine",
    "Georgia",
    "Pakistan",
)
#: Monte Carlo draws per grid point (the shares of the grid need none; the draws give the share
#: of policies x draws in which the most frequent tier holds when the evidence varies within its
#: published uncertainty and the thresholds not swept within their bands: 972 draws per state).
REPORT_DRAWS = 4


def report_grid(policy: Policy) -> Grid:
    """The report's coarse policy grid: the shipped example grid (``socius sweep example-grid``)
    with each key thinned to its lowest, middle and highest value, and only the keys that are
    thresholds of *policy* (a policy with other indicators keeps fewer keys, or none).

    Examples
    --------
    >>> from socius.affiliation import default_policy
    >>> g = report_grid(default_policy())
    >>> g.size, g.values[0]
    (243, (0.4, 0.5, 0.6))
    """
    full = read_grid(example_grid_path())
    allowed = set(TierModel(policy).keys)
    keys, values = [], []
    for key, vals in zip(full.keys, full.values, strict=True):
        if key in allowed:
            keys.append(key)
            values.append(tuple(sorted({vals[0], vals[(len(vals) - 1) // 2], vals[-1]})))
    return Grid(tuple(keys), tuple(values))


def share_words(share: float) -> str:
    """A share of the grid in whole percent, never rounded to 0% or 100% when it is not.

    Examples
    --------
    >>> share_words(1.0), share_words(2 / 3), share_words(1 / 243), share_words(242 / 243)
    ('100%', '67%', 'under 1%', 'over 99%')
    """
    if 0 < share < 0.01:
        return "under 1%"
    if 0.99 < share < 1:
        return "over 99%"
    return f"{share:.0%}"


def _article(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def robustness_sentence(name: str, shares: dict[str, float]) -> str:
    """One sentence: the state's most frequent tier and its share of the grid, then the others.

    Examples
    --------
    >>> robustness_sentence("Japan", {"active_partner": 1.0, "associate": 0.0, "none": 0.0})
    'Japan is an active partner in 100% of the policy grid.'
    >>> robustness_sentence("Ukraine", {"associate": 1 / 3, "none": 2 / 3})
    'Ukraine has no affiliation in 67% of the policy grid and is an associate in the other 33%.'
    """
    ranked = sorted(((s, t) for t, s in shares.items() if s > 0), key=lambda x: -x[0])
    if not ranked:
        return f"{name} is not classified in the policy grid."

    def phrase(tier: str) -> str:
        return "has no affiliation" if tier == "none" else "is " + _article(tier_words(tier))

    (top, tier), rest = ranked[0], ranked[1:]
    text = f"{name} {phrase(tier)} in {share_words(top)} of the policy grid"
    if len(rest) == 1:
        text += f" and {phrase(rest[0][1])} in the other {share_words(rest[0][0])}"
    elif rest:
        text += " (" + ", ".join(f"{phrase(t)} in {share_words(s)}" for s, t in rest) + ")"
    return text + "."


def _focus(ctx: ReportContext) -> list[int]:
    out: list[int] = []
    for name in (*FOCUS, *ctx.focus):
        try:
            code = to_ccode(name, year=ctx.year)
        except SociusError:
            continue  # a default focus state that did not exist that year
        if code not in out:
            out.append(code)
    return out


def _figure(rows: pl.DataFrame, codes: tuple[str, ...], year: int, n_points: int) -> str:
    fig, ax = new_figure(7.0, 0.35 * rows.height + 1.6)
    y = np.arange(rows.height)[::-1]
    left = np.zeros(rows.height)
    extra = iter(SERIES_COLOURS)
    for tier in codes:
        share = rows[f"share_{tier}"].to_numpy() * 100
        if not share.any():
            continue
        colour = TIER_COLOURS.get(tier) or next(extra)
        ax.barh(y, share, left=left, color=colour, label=tier_words(tier), height=0.7)
        left += share
    ax.set_yticks(y, rows["state"].to_list())
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of the {n_points} policies of the grid (%)")
    percent_axis(ax, "x")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False, fontsize=8)
    steady = int((rows["robustness"] == 1.0).sum())
    takeaway(
        fig,
        f"{steady} of {rows.height} focus states keep one tier in all {n_points} policies "
        f"of the grid, {year}",
    )
    source_line(fig, "socius robustness map (V-Dem, Fariss et al., COW NMC, UNGA ideal points)")
    return to_svg(fig)


def _grid_toml(grid: Grid) -> str:
    lines = ["[grid]"]
    for key, vals in zip(grid.keys, grid.values, strict=True):
        lines.append(f'"{key}" = [{", ".join(repr(float(v)) for v in vals)}]')
    return "\n".join(lines) + "\n"


def section(ctx: ReportContext) -> Section:
    pol = resolve_policy(ctx.policy_path)
    grid = report_grid(pol)
    title = f"Robustness of the tiers across the policy space, {ctx.year}"
    if not grid.keys:
        note = Note(
            "The report's policy grid (thresholds of the shipped example grid) names none of this "
            "policy's thresholds; run `socius sweep policy --grid FILE` with a grid of its own.",
            kind="missing",
        )
        return Section("robustness", title, (note,))
    with tempfile.TemporaryDirectory(prefix="socius-robustness-") as folder:
        res: SweepResult = sweep_policy(
            grid,
            years=(ctx.year, ctx.year),
            out=folder,
            policy=pol,
            alliance=ctx.alliance,
            draws=REPORT_DRAWS,
            scheduler="synchronous",
            points_per_chunk=grid.size,
        )
    codes = tuple(res.spec["tiers"])
    focus = _focus(ctx)
    order = {c: i for i, c in enumerate(focus)}
    rows = res.table.filter(pl.col("ccode").is_in(focus))
    rows = rows.with_columns(
        pl.Series("state", [display_name(int(c), ctx.year) for c in rows["ccode"]]),
        pl.col("ccode").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
    ).sort("_order")
    shown = [t for t in codes if rows[f"share_{t}"].sum() > 0] or list(codes)
    table = rows.select(
        "state",
        "iso3",
        *[(pl.col(f"share_{t}") * 100).alias(f"{tier_words(t)} (% of grid)") for t in shown],
        pl.col("modal_tier")
        .replace_strict({t: tier_words(t) for t in codes}, return_dtype=pl.String)
        .alias("most frequent tier"),
        (pl.col("robustness") * 100).alias("its share (% of grid)"),
        pl.Series(
            "its share with uncertainty (% of policies x draws)",
            [100 * r[f"p_{r['modal_tier']}"] for r in rows.iter_rows(named=True)],
            dtype=pl.Float64,
        ),
    )
    sentences = [
        robustness_sentence(r["state"], {t: r[f"share_{t}"] for t in codes})
        for r in rows.iter_rows(named=True)
    ]
    fragile = res.table.filter(pl.col("robustness") < 0.9).height
    grid_text = "; ".join(
        f"{k} in {{{', '.join(f'{v:g}' for v in vals)}}}"
        for k, vals in zip(grid.keys, grid.values, strict=True)
    )
    blocks: list[Block] = [
        Text(" ".join(sentences)),
        Text(
            f"Across the whole grid, {fragile} of {res.table.height} states get their most "
            f"frequent tier in fewer than 90% of the {grid.size} policies: their tier depends on "
            "threshold choices a reviewer could reasonably make differently."
        ),
        Table(table, f"Share of the policy grid giving each tier, focus states, {ctx.year}"),
        Figure(
            _figure(rows, codes, ctx.year, grid.size),
            f"Share of the {grid.size} policies of the grid in which each focus state gets each "
            f"tier, {ctx.year}.",
        ),
        Note(
            f"Grid: the shipped example grid (socius sweep example-grid), thinned to each "
            f"threshold's lowest, middle and highest value: {grid_text} ({grid.size} policies). "
            f"The ranges are illustrative, centred on the default policy's thresholds; thresholds "
            f"not listed keep the value of '{pol.name}' (version {pol.version}), and every policy "
            "applies its exclusion rules and evidence-age limit as classify does. "
            f"{REPORT_DRAWS} Monte Carlo draws per policy (seed {res.spec['seed']}), computed in "
            "this process (synchronous scheduler).",
            kind="assumption",
        ),
        Code(
            _grid_toml(grid),
            caption=(
                "The grid (reproduce and extend with: socius sweep policy --grid FILE "
                f"--years {ctx.year}-{ctx.year} --draws {REPORT_DRAWS} --out DIR; more draws, "
                "years and points run on a Dask cluster)"
            ),
        ),
    ]
    datasets = (
        "vdem",
        "freedom_house",
        "human_rights",
        "nmc",
        "nuclear_status",
        "unga_idealpoints",
        "unsc_np_sanctions",
        "nato_partnerships",
        "alliance_membership",
    )
    return Section("robustness", title, tuple(blocks), datasets=datasets)

"""Report section: the alliance's members and the key evidence on every state."""

from __future__ import annotations

import polars as pl

from socius.alliances import members
from socius.evidence import EVIDENCE_DATASETS, state_evidence
from socius.report.figures import (
    TIER_COLOURS,
    log_share_axis,
    new_figure,
    percent_axis,
    source_line,
    takeaway,
    threshold,
    to_svg,
)
from socius.report.model import Figure, ReportContext, Section, Table, Text

__all__ = ["section"]


def section(ctx: ReportContext) -> Section:
    year = ctx.year
    member_codes = members(ctx.alliance, year)
    ev = state_evidence(year).with_columns(pl.col("ccode").is_in(member_codes).alias("member"))
    member_table = (
        ev.filter(pl.col("member"))
        .select(
            "ccode", "stateabb", "statenme", "cinc", "v2x_libdem", "fh_status", "nuclear_status"
        )
        .sort("statenme")
    )
    key = ev.select(
        "ccode",
        "stateabb",
        "statenme",
        "member",
        "cinc",
        "cinc_rank",
        "milex",
        "milper",
        "v2x_polyarchy",
        "v2x_libdem",
        "fh_status",
        "hr_protection",
        "nuclear_status",
        "warheads",
        "idealpoint",
        "cowmaj",
    ).sort("cinc", descending=True, nulls_last=True)
    blocks = (
        Text(
            f"{ctx.alliance} had {len(member_codes)} members on 31 December {year} "
            f"(curated membership table). The evidence below is for all {ev.height} COW system members in {year}."
        ),
        Table(
            member_table, f"{ctx.alliance} members, {year}", max_rows=60, float_digits=4, annex=True
        ),
        Figure(
            _cinc_bar(ev, ctx),
            f"Twenty largest shares of world material capabilities (CINC, COW NMC v7.0), {year}; "
            f"{ctx.alliance} members in blue, others grey; dashed line: the 1% significance threshold.",
        ),
        Figure(
            _scatter(ev, ctx),
            f"Liberal democracy (V-Dem v14) against share of world capabilities (log scale), {year}; "
            "dashed lines: the policy's democracy (0.5) and capability (1%) thresholds.",
        ),
        Table(
            key,
            "Key evidence per state (cinc: share of world capabilities; milex: thousands of current US$; v2x_*: V-Dem indices [0,1]; "
            "fh_status: Freedom House 0 not free, 1 partly free, 2 free; hr_protection: Fariss latent scores; nuclear_status: 0-3; "
            "idealpoint: UNGA ideal point; cowmaj: COW major power). Empty cells are missing data.",
            max_rows=40,
            float_digits=4,
        ),
    )
    return Section(
        "overview",
        f"{ctx.alliance} and the states system in {year}",
        blocks,
        datasets=(*EVIDENCE_DATASETS, "alliance_membership"),
    )


def _cinc_bar(ev: pl.DataFrame, ctx: ReportContext) -> str:
    top = ev.drop_nulls("cinc").sort("cinc", descending=True).head(20).reverse()
    fig, ax = new_figure(7.5, 5.2)
    colours = [
        TIER_COLOURS["member"] if m else TIER_COLOURS["none"] for m in top["member"].to_list()
    ]
    ax.barh(top["stateabb"].to_list(), (top["cinc"] * 100).to_list(), color=colours)
    threshold(ax, 1.0, "1%: significance threshold")
    percent_axis(ax, "x")
    ax.set_xlabel("share of world material capabilities (CINC)")
    n_mem = int(top["member"].sum())
    takeaway(
        fig, f"{n_mem} of the 20 largest military powers in {ctx.year} are {ctx.alliance} members"
    )
    source_line(fig, "COW National Material Capabilities v7.0, CINC share of the world total")
    return to_svg(fig)


def _scatter(ev: pl.DataFrame, ctx: ReportContext) -> str:
    pts = ev.drop_nulls(["cinc", "v2x_libdem"]).filter(pl.col("cinc") > 0)
    fig, ax = new_figure(7.5, 5.2)
    for flag, colour, label in (
        (False, TIER_COLOURS["none"], "other states"),
        (True, TIER_COLOURS["member"], f"{ctx.alliance} members"),
    ):
        sub = pts.filter(pl.col("member") == flag)
        ax.scatter(
            sub["v2x_libdem"].to_numpy(),
            sub["cinc"].to_numpy() * 100,
            s=18,
            c=colour,
            label=label,
            alpha=0.85,
            edgecolors="none",
        )
    log_share_axis(ax, "y")
    threshold(ax, 0.5, "democracy 0.5", axis="x")
    threshold(ax, 1.0, "capability 1%", axis="y")
    key = {"USA", "CHN", "RUS", "JPN", "IND", "ROK", "TUR", "GMY", "IRN"}
    for row in pts.filter(pl.col("stateabb").is_in(sorted(key))).iter_rows(named=True):
        ax.annotate(
            row["stateabb"],
            (row["v2x_libdem"], row["cinc"] * 100),
            fontsize=8,
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.set_xlabel("liberal democracy index (V-Dem v14) [0-1]")
    ax.set_ylabel("share of world capabilities (CINC, log scale)")
    ax.legend(frameon=False, loc="lower right")
    takeaway(
        fig, f"Few large powers outside {ctx.alliance} pass the democracy threshold, {ctx.year}"
    )
    source_line(fig, "V-Dem v14 (v2x_libdem); COW NMC v7.0 (CINC); key states labelled")
    return to_svg(fig)

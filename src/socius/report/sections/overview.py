"""Report section: the alliance's members and the key evidence on every state."""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.alliances import members
from socius.evidence import EVIDENCE_DATASETS, state_evidence
from socius.report.figures import TIER_COLOURS, new_figure, to_svg
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
        Table(member_table, f"{ctx.alliance} members, {year}", max_rows=60, float_digits=4),
        Figure(
            _cinc_bar(ev, ctx),
            f"Twenty largest shares of world material capabilities (CINC, COW NMC v7.0), {year}; {ctx.alliance} members in blue.",
        ),
        Figure(
            _scatter(ev, ctx),
            f"Liberal democracy (V-Dem v14) against share of world capabilities (log scale), {year}.",
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
    fig, ax = new_figure(7.5, 5.0)
    colours = [
        TIER_COLOURS["member"] if m else TIER_COLOURS["none"] for m in top["member"].to_list()
    ]
    ax.barh(top["stateabb"].to_list(), (top["cinc"] * 100).to_list(), color=colours)
    ax.set_xlabel("share of world capabilities (CINC, %)")
    ax.set_title(f"Material capabilities, {ctx.year}")
    return to_svg(fig)


def _scatter(ev: pl.DataFrame, ctx: ReportContext) -> str:
    pts = ev.drop_nulls(["cinc", "v2x_libdem"])
    fig, ax = new_figure(7.5, 5.0)
    for flag, colour, label in (
        (False, TIER_COLOURS["none"], "other states"),
        (True, TIER_COLOURS["member"], f"{ctx.alliance} members"),
    ):
        sub = pts.filter(pl.col("member") == flag)
        ax.scatter(
            sub["v2x_libdem"].to_numpy(),
            np.log10(sub["cinc"].to_numpy()),
            s=18,
            c=colour,
            label=label,
            alpha=0.8,
        )
    for row in pts.sort("cinc", descending=True).head(12).iter_rows(named=True):
        ax.annotate(
            row["stateabb"],
            (row["v2x_libdem"], np.log10(row["cinc"])),
            fontsize=7,
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.set_xlabel("liberal democracy index (V-Dem)")
    ax.set_ylabel("log10 CINC share")
    ax.legend(frameon=False, fontsize=8)
    return to_svg(fig)

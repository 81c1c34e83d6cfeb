"""Report section: the security environment (build-up indicators, flashpoints, Japan's
scrambles, missile tests, nuclear forces and the NATO-SCO comparison)."""

from __future__ import annotations

import itertools

import polars as pl
from matplotlib.ticker import FormatStrFormatter, MaxNLocator, NullFormatter

from socius import indicators as ind
from socius.data import info, list_datasets, load
from socius.errors import IntegrityError, SociusError
from socius.plots import bloc_spending_figure
from socius.report.figures import (
    PALETTE,
    SERIES_COLOURS,
    new_figure,
    source_line,
    takeaway,
    to_svg,
)
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text
from socius.report.names import decode_text, source_label

__all__ = ["section"]

WINDOW = 15
SERIES_START = 1996
BUILDUP_STATES = ("CHN", "USA", "RUS", "JPN", "IND", "ROK")
BLOCS = ("NATO", "SCO")
_COLOURS = SERIES_COLOURS


def _clip(lo: int, hi: int, name: str) -> tuple[int, int] | None:
    meta = info(name)
    start, end = max(lo, meta.start or lo), min(hi, meta.end or hi)
    return (start, end) if start <= end else None


def section(ctx: ReportContext) -> Section:
    """Build the security-environment section for ``ctx.year`` on bundled (or imported) data."""
    year = ctx.year
    dataset = ind.milex_source()
    mcov = ind.milex_coverage(dataset)
    hi = min(year, mcov[1])
    # the article's China comparison runs from 1996; keep that start whenever it is covered
    lo = max(SERIES_START if hi - SERIES_START >= 5 else hi - WINDOW + 1, mcov[0])
    blocks: list[Block] = [
        Text(
            "Partnership decisions respond to the security environment. This section tracks military spending, "
            "material capabilities, nuclear forces, missile tests, air-defence scrambles and the balance between "
            f"NATO and the SCO over the {hi - lo + 1} years to {hi}."
        )
    ]
    datasets = {"nmc", "cow_states", "flashpoints", "alliance_membership", dataset}
    if dataset == "nmc":
        blocks.append(
            Note(
                "Military expenditure is COW NMC v7.0 (current US$, no constant prices), because SIPRI's data cannot "
                "be bundled; growth therefore includes inflation, and NMC's series has breaks (China 2005). Import "
                "your SIPRI download (socius data import sipri-milex FILE) to use constant prices.",
                kind="caveat",
            )
        )
    blocks += _buildup(lo, hi)
    blocks += _flashpoints(lo, hi, year)
    blocks += _scrambles(year, datasets)
    blocks += _missiles(year, datasets)
    blocks += _nuclear(year, datasets)
    blocks += _blocs(year, datasets)
    blocks += _arms(year, datasets)
    return Section(
        "security", f"Security environment to {hi}", tuple(blocks), datasets=tuple(sorted(datasets))
    )


def _buildup(lo: int, hi: int) -> list[Block]:
    frame = ind.milex(list(BUILDUP_STATES), years=(lo, hi))
    growth = ind.milex_growth(list(BUILDUP_STATES), start=lo, end=hi)
    breaks = ind.milex_breaks(list(BUILDUP_STATES), years=(lo + 1, hi))
    fig, ax = new_figure(7.5, 4.4)
    for colour, abb in zip(
        _COLOURS, growth.sort("ratio", descending=True, nulls_last=True)["stateabb"], strict=False
    ):
        s = frame.filter((pl.col("stateabb") == abb) & pl.col("milex").is_not_null()).sort("year")
        if not s.height:
            continue
        cut = breaks.filter(pl.col("stateabb") == abb)["year"].to_list()
        # never draw a line through a series break: one line per segment, a gap between
        edges = [int(s["year"].min()), *cut, hi + 1]  # type: ignore[arg-type]
        level = 100.0
        for i, (a, b) in enumerate(itertools.pairwise(edges)):
            seg = s.filter((pl.col("year") >= a) & (pl.col("year") < b))
            if not seg.height:
                continue
            # after a break the new series is chained at the last index before it (growth
            # across the break itself is unknown), dotted so that it reads differently
            values = (seg["milex"] / seg["milex"][0] * level).to_list()
            ax.plot(
                seg["year"].to_list(),
                values,
                label=abb if i == 0 else None,
                color=colour,
                linestyle="-" if i == 0 else ":",
            )
            level = float(values[-1])
    # one rule and one label per break year (labels per state overlapped when two states
    # share a break year, as China and Russia do in 2005)
    for y, sub in breaks.group_by("year", maintain_order=True):
        who = decode_text(", ".join(sorted(sub["stateabb"].to_list())), hi)
        ax.axvline(int(y[0]) - 0.5, color=PALETTE["flag"], linestyle="--", linewidth=0.8)
        ax.annotate(
            f"NMC series break {y[0]}: {who}",
            (int(y[0]) - 0.5, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            fontsize=8,
        )
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"military expenditure, {lo} = 100")
    unit = str(frame["unit"][0]) if frame.height else ""
    src = source_label(str(frame["source"][0])) if frame.height else ""
    top = (
        growth.filter(~pl.col("stateabb").is_in(breaks["stateabb"].to_list()))
        .sort("ratio", descending=True, nulls_last=True)
        .head(1)
    )
    if top.height and top["ratio"][0] is not None:
        takeaway(
            fig,
            f"{decode_text(str(top['stateabb'][0]), hi)} grew its military spending most, "
            f"x{float(top['ratio'][0]):.1f} from {lo} to {hi}"
            + (" (of the series without a break)" if breaks.height else ""),
        )
    ax.legend(frameon=False, fontsize=8, ncol=3)
    source_line(fig, f"{src}, {unit}; indexed to {lo} = 100; dashed rule: series break")
    crossed = set(breaks["stateabb"].to_list())
    table = (
        growth.select("stateabb", "milex_start", "milex_end", "ratio", "cagr")
        .with_columns(pl.col("stateabb").is_in(sorted(crossed)).alias("crosses_break"))
        .sort("ratio", descending=True, nulls_last=True)
    )
    blocks: list[Block] = [
        Figure(
            to_svg(fig),
            f"Military expenditure indexed to {lo} = 100 ({unit}; source {src}).",
        ),
        Table(
            table,
            f"Military expenditure {lo} and {hi} ({unit}), ratio and compound annual growth (cagr)",
        ),
    ]
    if crossed:
        blocks.append(
            Note(
                f"{', '.join(sorted(crossed))}: the spending series has a break inside {lo}-{hi} "
                f"(first year of the new series: {', '.join(str(y) for y in sorted(set(breaks['year'])))}); the "
                "chart leaves a gap and chains the new series at the last value before the break "
                "(dotted; growth across the break is unknown), and the growth in the table "
                "crosses the break, so it is not comparable. Import SIPRI "
                "(socius data import sipri-milex FILE) for an unbroken constant-price series.",
                kind="caveat",
            )
        )
    return blocks


def _flashpoints(lo: int, hi: int, year: int) -> list[Block]:
    registry = ind.flashpoints()
    span = _clip(lo, year, "nmc")
    if span is None:
        return [Note(f"no capability data for {lo}-{year}", kind="missing")]
    fig, _ = new_figure(9.0, 6.5)
    fig.clf()
    grid = fig.subplots(2, 2, sharex=True)
    rows: list[pl.DataFrame] = []
    for ax, (slug, name) in zip(
        grid.flat, registry.select("slug", "flashpoint").iter_rows(), strict=False
    ):
        parties = ind.flashpoint_parties(slug)
        codes = parties["ccode"].to_list()
        c = ind.cinc(codes, years=span)
        for colour, (code, abb, role) in zip(
            _COLOURS, parties.select("ccode", "stateabb", "role").iter_rows(), strict=False
        ):
            s = c.filter(pl.col("ccode") == code).sort("year")
            style = "--" if role == "patron" else "-"
            ax.plot(
                s["year"].to_list(),
                s["cinc_pct"].to_list(),
                style,
                color=colour,
                label=abb,
                linewidth=1.4,
            )
        ax.set_title(name.split(" (")[0], fontsize=9)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))  # plain numbers: no mathtext
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.legend(frameon=False, fontsize=8, ncol=2)
        ax.grid(alpha=0.25, linewidth=0.6)
        trend = ind.cinc_trend(codes, years=span).select("ccode", "cinc_start", "cinc_end", "ratio")
        rows.append(
            parties.select("flashpoint", "ccode", "stateabb", "role")
            .join(trend, on="ccode", how="left")
            .with_columns(
                (pl.col("cinc_start") * 100).alias("cinc_start_pct"),
                (pl.col("cinc_end") * 100).alias("cinc_end_pct"),
            )
            .select(
                "flashpoint",
                "stateabb",
                "role",
                "cinc_start_pct",
                "cinc_end_pct",
                pl.col("ratio").alias("cinc_ratio"),
            )
        )
    for ax in grid[:, 0]:
        ax.set_ylabel("CINC share, % (log)")
    table = pl.concat(rows)
    takeaway(fig, _flashpoint_takeaway(table, span))
    source_line(
        fig,
        "COW NMC v7.0, CINC share of the world total; parties and patrons: curated flashpoints table",
    )
    return [
        Text(
            "Four East Asian flashpoints, with the parties and their patrons (curated table with sources per row); "
            "patrons are drawn dashed."
        ),
        Figure(
            to_svg(fig),
            f"Shares of world material capabilities (CINC, COW NMC v7.0), {span[0]}-{span[1]}, by flashpoint.",
        ),
        Table(
            table,
            f"CINC share of each party and patron, {span[0]} and {span[1]} (percent) and ratio",
            max_rows=40,
        ),
    ]


def _flashpoint_takeaway(table: pl.DataFrame, span: tuple[int, int]) -> str:
    """China's and the United States' capability shares over the span, from the table."""
    share = {
        r["stateabb"]: (r["cinc_start_pct"], r["cinc_end_pct"])
        for r in table.unique("stateabb").iter_rows(named=True)
    }
    chn, usa = share.get("CHN"), share.get("USA")
    if chn is None or usa is None or None in (*chn, *usa):
        return (
            f"Capability shares of the parties to four East Asian flashpoints, {span[0]}-{span[1]}"
        )
    return (
        f"China's share of world capabilities went from {chn[0]:.1f}% to {chn[1]:.1f}% in "
        f"{span[0]}-{span[1]}; the United States', from {usa[0]:.1f}% to {usa[1]:.1f}%"
    )


def _scrambles(year: int, datasets: set[str]) -> list[Block]:
    span = _clip(2003, year, "japan_scrambles")
    if span is None:
        return []
    s = ind.scrambles(years=span)
    wide = s.pivot(
        on="origin", index="fiscal_year", values="scrambles", aggregate_function="first"
    ).sort("fiscal_year")
    fig, ax = new_figure(7.5, 4.0)
    fy = wide["fiscal_year"].to_list()
    bottom = [0.0] * len(fy)
    origins = (
        ("china", SERIES_COLOURS[1]),
        ("russia", SERIES_COLOURS[0]),
        ("other", PALETTE["none"]),
    )
    for origin, colour in origins:
        vals = [0.0 if v is None else float(v) for v in wide[origin].to_list()]
        ax.bar(fy, vals, bottom=bottom, color=colour, label=origin, width=0.8)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.plot(
        fy,
        wide["total"].to_list(),
        color="black",
        marker="o",
        markersize=3,
        linewidth=1,
        label="total",
    )
    ax.set_ylabel("scrambles per fiscal year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8)
    known = wide.filter(pl.col("total").is_not_null())
    if known.height:
        last = known.row(known.height - 1, named=True)
        china = last.get("china")
        takeaway(
            fig,
            f"Japan's air force scrambled {int(last['total']):,} times in FY{last['fiscal_year']}"
            + (f", {int(china):,} of them against Chinese aircraft" if china is not None else ""),
        )
    source_line(
        fig,
        "Japan Joint Staff Office releases (curated japan_scrambles table); fiscal years April-March",
    )
    change = (
        ind.scramble_change(start=2010, end=2016) if span[0] <= 2010 and span[1] >= 2016 else None
    )
    datasets.add("japan_scrambles")
    blocks: list[Block] = [
        Figure(
            to_svg(fig),
            f"Japan Air Self-Defense Force scrambles, FY{span[0]}-FY{span[1]} (curated from Joint Staff Office "
            "releases; bars stack the origins published, the line is the total; a missing bar means the "
            "breakdown was not published).",
        )
    ]
    if change is not None:
        ratio = change.filter(pl.col("origin") == "china")["ratio"][0]
        blocks.append(
            Text(
                f"Scrambles against Chinese aircraft rose {ratio:.1f}-fold between FY2010 and FY2016."
            )
        )
    return blocks


def _missiles(year: int, datasets: set[str]) -> list[Block]:
    span = _clip(1990, year, "missile_tests")
    if span is None:
        return []
    t = ind.missile_tests(years=span)
    fig, ax = new_figure(7.5, 3.6)
    for colour, abb in zip(_COLOURS, ("PRK", "IRN", "IND", "PAK"), strict=False):
        s = t.filter(pl.col("stateabb") == abb).sort("year")
        ax.plot(
            s["year"].to_list(),
            s["tests"].to_list(),
            color=colour,
            label=abb,
            marker="o",
            markersize=2,
        )
    ax.set_ylabel("tests per year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8)
    totals = (
        t.filter(pl.col("stateabb").is_in(["PRK", "IRN", "IND", "PAK"]))
        .group_by("stateabb")
        .agg(pl.col("tests").sum())
        .sort("tests", descending=True)
    )
    if totals.height and totals["tests"][0]:
        takeaway(
            fig,
            f"{decode_text(str(totals['stateabb'][0]), span[1])} tested most: "
            f"{int(totals['tests'][0])} missile and space-launch tests in {span[0]}-{span[1]}",
        )
    source_line(fig, "CNS missile test databases via NTI (missile_tests)")
    datasets.add("missile_tests")
    return [
        Figure(
            to_svg(fig),
            f"Missile and SLV tests per year, {span[0]}-{span[1]} (CNS databases via NTI).",
        )
    ]


def _nuclear(year: int, datasets: set[str]) -> list[Block]:
    span = _clip(year, year, "nuclear_status")
    if span is None:
        return []
    codes = sorted(set(load("flashpoints", columns=["ccode"])["ccode"].to_list()) | {365})
    n = ind.nuclear(codes, years=span).select(
        "stateabb", "status_label", "warheads", "nuclear_tests"
    )
    datasets.update({"nuclear_status", "nuclear_stockpiles", "nuclear_tests"})
    return [
        Table(
            n.sort("warheads", descending=True, nulls_last=True),
            f"Nuclear status and warheads, {span[0]}",
        )
    ]


def _blocs(year: int, datasets: set[str]) -> list[Block]:
    meta = info("alliance_membership")
    hi = min(year, meta.end or year)
    lo = max(hi - 20, meta.start or hi)
    if lo > hi:
        return []
    agg = ind.bloc_aggregates(list(BLOCS), years=(lo, hi))
    fig = bloc_spending_figure(agg)
    last = agg.filter(pl.col("year") == agg.filter(pl.col("milex").is_not_null())["year"].max())
    shares = {r["bloc"]: r for r in agg.filter(pl.col("year") == hi).iter_rows(named=True)}
    nato, sco = shares.get("NATO"), shares.get("SCO")
    if nato and sco and nato["cinc"] is not None and sco["cinc"] is not None:
        lead = "NATO" if nato["cinc"] >= sco["cinc"] else "The SCO"
        takeaway(
            fig,
            f"{lead} holds the larger share of world capabilities in {hi}: "
            f"NATO {nato['cinc']:.0%}, SCO {sco['cinc']:.0%} (CINC)",
        )
    # the figure's source line comes from bloc_spending_figure: it names the spending source
    # actually used (SIPRI once imported, else NMC) and the series break
    table = last.select(
        "bloc",
        "year",
        "members",
        "milex",
        "milex_reporting",
        "milex_share_world",
        "cinc",
        "arms_internal_share",
    )
    return [
        Figure(
            to_svg(fig),
            f"NATO and SCO members (on 31 December of each year), {lo}-{hi}: share of the military spending of all "
            "states with data, and summed CINC shares. The SCO was founded in 2001.",
        ),
        Table(
            table,
            "Bloc comparison in the latest year with spending data (milex in the unit of the source above)",
        ),
    ]


def _arms(year: int, datasets: set[str]) -> list[Block]:
    if "sipri_arms" not in list_datasets():
        return [
            Note(
                "Arms-transfer indicators (largest importers, suppliers' customer shares, flows inside blocs) need "
                "SIPRI's TIV tables, which socius cannot redistribute: import them with "
                "`socius data import sipri-arms FILE...`.",
                kind="missing",
            )
        ]
    hi = min(year, info("sipri_arms").end or year)
    lo = hi - 4
    datasets.add("sipri_arms")
    top = ind.arms_rank("imports", years=(lo, hi), top=10).select(
        "rank", "stateabb", "tiv", "share_world"
    )
    blocks: list[Block] = [
        Table(
            top, f"Largest arms importers {lo}-{hi} (SIPRI TIV, millions; share of world transfers)"
        )
    ]
    try:
        share = ind.supplier_share("RUS", "CHN", years=(lo, hi))
        blocks.append(
            Table(
                share.select(
                    "supplier",
                    "recipient",
                    "tiv",
                    "share_of_supplier_exports",
                    "share_of_recipient_imports",
                ),
                f"Russia's deliveries to China {lo}-{hi}",
            )
        )
    except IntegrityError:
        raise
    except SociusError as exc:
        blocks.append(
            Note(f"Russia-China arms transfers could not be computed: {exc}", kind="missing")
        )
    return blocks

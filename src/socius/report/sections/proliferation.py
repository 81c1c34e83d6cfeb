"""Report section: the A. Q. Khan network and whom to interdict, regimes, and state risk."""

from __future__ import annotations

import polars as pl

from socius.networks.build import build_network
from socius.networks.figures import network_figure
from socius.networks.khan import (
    KHAN_EVENTS,
    interdiction,
    khan_change,
    khan_network,
    phase_table,
)
from socius.networks.measures import node_measures
from socius.networks.risk import (
    RISK_DATASETS,
    RISK_YEARS,
    default_weights,
    explain,
    regime_table,
    risk_profiles,
)
from socius.report.figures import source_line, takeaway, to_svg
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["section"]


def section(ctx: ReportContext) -> Section:
    year = min(max(ctx.year, RISK_YEARS[0]), RISK_YEARS[1])
    blocks: list[Block] = [*_khan(), *_regimes(year), *_risk(year), *_civil(ctx)]
    return Section(
        "proliferation",
        f"Proliferation: the A. Q. Khan network, regimes and state risk, {year}",
        tuple(blocks),
        datasets=(*RISK_DATASETS, "psi_interdictions", "nuclear_cooperation", "cow_states"),
    )


def _khan() -> list[Block]:
    answer = interdiction(k=3)
    net = khan_network()
    labels = dict(zip(net.nodes["id"], net.nodes["label"], strict=True))
    bbc, report = KHAN_EVENTS
    fig = network_figure(
        net,
        key_players=answer.disrupt.players,
        labels=0,
        layout="kamada_kawai",
        width=7.5,
        height=5.5,
    )
    takeaway(fig, "Three actors hold the A. Q. Khan network together (ringed)")
    source_line(
        fig,
        "khan_nodes and khan_ties (socius curated, 2026-11), from the Malaysian police "
        "report, the Butler Review and press and NGO reporting",
    )
    return [
        Text(" ".join(answer.sentences(labels))),
        Figure(
            to_svg(fig),
            "The A. Q. Khan network (28 actors, 36 documented ties, 7 of them alleged); colour: "
            "actor kind; area: betweenness; red ring and label: the key players to interdict.",
        ),
        Table(
            phase_table(),
            f"The network before the {bbc.name} ({bbc.date}), between it and the {report.name} "
            f"({report.date}), and after (ties possibly active in each period)",
        ),
        Table(
            phase_table(dated_only=True),
            "The same with dated ties only: the documented network shrinks to Libya's South "
            "African plant after the report",
        ),
        Table(
            khan_change(),
            "Year by year (dated ties; socius.networks.network_change): actors entering and "
            "leaving the documented network",
        ),
        Note(
            "Sources: curated from the Malaysian police report (2004-02-20), the Butler Review "
            "and press and NGO reporting; 29 of 36 ties rest on secondary sources only. Undated "
            "ties cannot be placed in time and count in every period of the first table.",
            kind="caveat",
        ),
    ]


def _regimes(year: int) -> list[Block]:
    return [
        Table(
            regime_table(year),
            f"Nonproliferation regimes of the East Asian states, end of {year}",
        )
    ]


def _risk(year: int) -> list[Block]:
    spec = default_weights()
    table = risk_profiles(year)
    ranked = table.filter(pl.col("rank").is_not_null())
    shown = ranked.head(10).select(
        "rank", "statenme", "category", "score", "p_top", "rank_lo", "rank_hi"
    )
    words = [explain(row, top=spec.top) for row in ranked.head(5).iter_rows(named=True)]
    nws = table.filter(pl.col("category") == "recognised nuclear-weapon state")["statenme"]
    return [
        Text(" ".join(words)),
        Table(
            shown,
            f"Proliferation-risk ranking, {year}: weighted mean of dated regime components; "
            f"p_top = share of {spec.draws} weight draws with the state in the top {spec.top}; "
            "rank_lo-rank_hi = 90% interval",
            max_rows=10,
        ),
        Note(
            f"Not ranked as proliferators: {', '.join(nws)}, the nuclear-weapon states recognised "
            "by the NPT. Only the states in the curated regime table are ranked; the weights are "
            "judgments published in risk_weights.toml.",
            kind="assumption",
        ),
    ]


def _civil(ctx: ReportContext) -> list[Block]:
    hi = min(ctx.year, 2003)
    net = build_network("nuclear", start=hi - 9, end=hi)
    top = (
        node_measures(net)
        .sort("betweenness", descending=True)
        .head(8)
        .select("id", "label", "degree", "betweenness")
    )
    return [
        Table(
            top,
            f"Civil nuclear cooperation agreements signed {hi - 9}-{hi} (Fuhrmann 2012): legal, "
            "safeguarded trade, shown for contrast; the most central states",
            max_rows=8,
        )
    ]

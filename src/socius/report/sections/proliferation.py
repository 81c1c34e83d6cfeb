"""Report section: state proliferation-risk ranking and a proliferation-relevant network."""

from __future__ import annotations

import polars as pl

from socius.data import info, list_datasets
from socius.networks import key_players, node_measures
from socius.networks.build import build_network
from socius.networks.figures import network_svg
from socius.networks.risk import COMPONENTS, RISK_DATASETS, risk_profiles
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["section"]


def section(ctx: ReportContext) -> Section:
    year = min(ctx.year, 2024)
    ranking = risk_profiles(year).filter(pl.col("rank").is_not_null()).head(15)
    blocks: list[Block] = [
        Text(
            "A transparent risk profile of each state's potential to feed clandestine proliferation networks: the mean "
            "of five components on [0, 1] (military rule, isolation, nuclear latency/pursuit/possession, missile tests, "
            "capital relocation), over the components a state has data for. Missile tests are covered only for North "
            "Korea, Iran, India and Pakistan, which are therefore scored on one component more than others."
        ),
        Table(
            ranking.select("rank", "stateabb", "statenme", "score", "n_components", *COMPONENTS),
            f"Highest proliferation-risk profiles, {year} (socius.networks.risk_profiles)",
            max_rows=15,
        ),
    ]
    datasets: list[str] = list(RISK_DATASETS)
    net_block, used = _network(ctx)
    blocks += net_block
    datasets += used
    return Section(
        "proliferation",
        f"Proliferation networks and state risk, {year}",
        tuple(blocks),
        datasets=tuple(datasets),
    )


def _network(ctx: ReportContext) -> tuple[list[Block], list[str]]:
    if "sipri_arms" in list_datasets():
        hi = min(ctx.year, info("sipri_arms").end or ctx.year)
        source, lo, dataset = "arms", hi - 4, "sipri_arms"
        what = f"SIPRI arms transfers {lo}-{hi} (imported by the user)"
    else:
        hi = min(ctx.year, info("nuclear_cooperation").end or ctx.year)
        source, lo, dataset = "nuclear", hi - 9, "nuclear_cooperation"
        what = f"civil nuclear cooperation agreements signed {lo}-{hi} (Fuhrmann 2012)"
    net = build_network(source, start=lo, end=hi)
    measures = node_measures(net)
    k = min(5, net.graph.number_of_nodes() - 2)
    kp = key_players(net, k, measure="df")
    top = (
        measures.sort("betweenness", descending=True)
        .head(10)
        .select("id", "label", "degree", "betweenness", "eigenvector")
    )
    blocks: list[Block] = [
        Figure(
            network_svg(net, measures=measures, key_players=kp.players),
            f"Network of {what}; key players ringed in red.",
        ),
        Text(
            f"Key players (Borgatti 2006, distance-weighted fragmentation): removing {', '.join(kp.players)} "
            f"would leave the network with fragmentation {kp.score:.3f}."
        ),
        Table(top, "Most central actors (betweenness)", max_rows=10),
    ]
    if hi < ctx.year:
        blocks.insert(
            0,
            Note(
                f"The network data end in {hi}; the figure shows the latest period covered.",
                kind="caveat",
            ),
        )
    if source == "nuclear":
        blocks.append(
            Note(
                "Clandestine networks such as A. Q. Khan's are not in any open dataset socius bundles; analyse your own "
                "actor network with `socius networks analyze FILE` and `socius networks keyplayers FILE --k 5`.",
                kind="caveat",
            )
        )
    return blocks, ["cow_states", dataset]

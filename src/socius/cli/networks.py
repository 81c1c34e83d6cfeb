"""``socius networks``: measures and key players of actor networks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from socius._io import check_output_path
from socius.cli._common import (
    Progress,
    check_out,
    console,
    emit_frame,
    err_console,
    parse_list,
    print_frame,
)
from socius.networks.io import Network, has_periods, read_network

NAME = "networks"
app = typer.Typer(
    help="Proliferation networks: read and measure actor networks, find key players, build state networks from the data, rank state risk.",
    no_args_is_help=True,
)

FileArg = Annotated[
    Path, typer.Argument(help="Ties: a CSV edge list (source,target,...), GraphML or GEXF file")
]
NodesOpt = Annotated[
    Path | None,
    typer.Option("--nodes", help="CSV node list: id,label,kind,country"),
]
FormatOpt = Annotated[
    str | None, typer.Option("--format", help="csv, graphml or gexf (default: by extension)")
]
DirectedOpt = Annotated[
    bool | None,
    typer.Option(
        "--directed/--undirected",
        help="Tie direction (default: CSV directed; GraphML/GEXF as declared)",
        show_default=False,
    ),
]
BinaryOpt = Annotated[
    bool, typer.Option("--binary", help="Treat every tie as distance 1 (ignore weights)")
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Write the table (.csv, .parquet or .json); prints when omitted"),
]
HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Also write a self-contained HTML page")
]


def _read(file: Path, nodes: Path | None, fmt: str | None, directed: bool | None) -> Network:
    return read_network(file, nodes=nodes, format=fmt, directed=directed)


def _check_html(html: Path | None) -> Path | None:
    return None if html is None else check_output_path(html, allowed=(".html", ".htm"))


@app.command("analyze")
def analyze(
    file: FileArg,
    nodes: NodesOpt = None,
    format: FormatOpt = None,
    directed: DirectedOpt = None,
    binary: BinaryOpt = False,
    group: Annotated[
        str, typer.Option(help="Node attribute for brokerage roles: country or kind")
    ] = "country",
    seed: Annotated[int, typer.Option(help="Seed for communities and the layout")] = 0,
    out: OutOpt = None,
    html: HtmlOpt = None,
) -> None:
    """Centrality, brokerage, communities and cut points of every actor."""
    from socius.networks.measures import network_change, network_summary, node_measures

    target = check_out(out)
    page = _check_html(html)
    net = _read(file, nodes, format, directed)
    with _spinner("measuring the network"):
        table = node_measures(net, binary=binary, group=group, seed=seed)
        summary = network_summary(net, seed=seed)
    print_frame(summary, title=f"{file.name}: summary")
    if has_periods(net):
        change = network_change(net).select(
            "year", "actors", "ties", "density", "components", "n_entered", "n_left"
        )
        print_frame(change, title="change over time")
    ranked = table.sort("betweenness", descending=True, nulls_last=True)
    emit_frame(ranked, target, title=f"{table.height} actors, by betweenness")
    if page is not None:
        from socius.networks.figures import write_network_html

        with _spinner("drawing the network"):
            written = write_network_html(net, page, measures=table, seed=seed)
        err_console.print(f"wrote {written}")


@app.command("keyplayers")
def keyplayers(
    file: FileArg,
    k: Annotated[int, typer.Option("--k", help="Number of key players")] = 5,
    measure: Annotated[
        str,
        typer.Option(help="df (distance-weighted fragmentation), fragmentation (F), reach, dr"),
    ] = "df",
    binary: BinaryOpt = False,
    exact: Annotated[
        bool | None,
        typer.Option(
            "--exact/--greedy",
            help="Score every set of size k, or search greedily with swaps "
            "(default: exact when there are at most 20,000 sets)",
            show_default=False,
        ),
    ] = None,
    m: Annotated[float, typer.Option("--m", help="Reach radius for --measure reach")] = 1.0,
    mode: Annotated[
        str, typer.Option(help="Reach direction on directed networks: out or in")
    ] = "out",
    restarts: Annotated[
        int,
        typer.Option(
            help="Starts of the local search (greedy from the next-best actors, random sets)"
        ),
    ] = 3,
    seed: Annotated[int, typer.Option(help="Seed of the random starts")] = 0,
    candidates: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated actor ids: only sets of these (exact search), e.g. the actors "
            "that can be interdicted"
        ),
    ] = None,
    nodes: NodesOpt = None,
    format: FormatOpt = None,
    directed: DirectedOpt = None,
    out: OutOpt = None,
    html: HtmlOpt = None,
) -> None:
    """Find the k actors whose removal most fragments the network (or who reach most)."""
    from socius.networks.keyplayer import KEYPLAYER_MEASURES, key_players

    target = check_out(out)
    page = _check_html(html)
    if measure not in KEYPLAYER_MEASURES:
        from socius.errors import UnknownNameError, suggest

        raise UnknownNameError(
            f"--measure '{measure}' is not known{suggest(measure, KEYPLAYER_MEASURES)}; "
            f"use one of: {', '.join(KEYPLAYER_MEASURES)}"
        )
    net = _read(file, nodes, format, directed)
    with _spinner(f"searching for {k} key players"):
        result = key_players(
            net,
            k,
            measure=measure,  # type: ignore[arg-type]
            binary=binary,
            m=m,
            mode=mode,  # type: ignore[arg-type]
            exact=exact,
            restarts=restarts,
            seed=seed,
            candidates=None if candidates is None else parse_list(candidates),
        )
    how = (
        f"optimal: every set scored, {result.evaluations:,} sets"
        if result.optimal
        else f"greedy search with swaps from {result.starts} starts, {result.evaluations:,} "
        "candidate sets compared; not proven optimal"
    )
    console.print(
        f"{measure} of the set of {result.k}: {result.score:.6f} ({how}; {result.swaps} swaps)"
    )
    emit_frame(result.table, target, title=f"key players ({measure})")
    if page is not None:
        from socius.networks.figures import write_network_html

        with _spinner("drawing the network"):
            written = write_network_html(net, page, key_players=result)
        err_console.print(f"wrote {written}")


@app.command("build")
def build(
    source: Annotated[
        str,
        typer.Argument(
            help="khan (the A. Q. Khan network), nuclear (cooperation agreements), "
            "alliances (ATOP) or arms (SIPRI, imported)"
        ),
    ],
    start: Annotated[
        int | None, typer.Option("--from", help="First year (optional for khan)")
    ] = None,
    end: Annotated[int | None, typer.Option("--to", help="Last year (optional for khan)")] = None,
    alleged: Annotated[
        bool,
        typer.Option(
            "--alleged/--no-alleged",
            help="khan: keep or drop the ties that rest on allegations",
        ),
    ] = True,
    primary_only: Annotated[
        bool,
        typer.Option(
            "--primary-only",
            help="khan: keep only ties sourced to a government, parliamentary, IAEA or UN document",
        ),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the ties (.csv, .parquet or .json)")
    ] = None,
    html: HtmlOpt = None,
    k: Annotated[int, typer.Option("--k", help="Also find this many key players (0: none)")] = 3,
) -> None:
    """Build a network from the bundled data (or your SIPRI import) and measure it."""
    from socius.networks.build import build_network
    from socius.networks.keyplayer import key_players
    from socius.networks.measures import network_summary, node_measures

    target = check_out(out)
    page = _check_html(html)
    net = build_network(source, start=start, end=end, alleged=alleged, primary_only=primary_only)
    khan = source == "khan"
    with _spinner("measuring the network"):
        table = node_measures(net, binary=khan)
        summary = network_summary(net)
        result = key_players(net, k, binary=khan) if k > 0 else None
    print_frame(summary, title=net.origin)
    print_frame(
        table.sort("betweenness", descending=True).head(15),
        title="most central actors (betweenness)",
    )
    if result is not None:
        console.print(f"key players (distance-weighted fragmentation): {result.sentence()}")
    if khan and start is None and end is None and not primary_only:
        from socius.networks.khan import interdiction, phase_table

        with _spinner("comparing phases and interdiction sets"):
            phases = phase_table(alleged=alleged)
            answer = interdiction(k=min(max(k, 1), 5))
        print_frame(
            phases,
            title="the network before and after the BBC China interdiction and the Malaysian report",
        )
        labels = dict(zip(net.nodes["id"], net.nodes["label"], strict=True))
        for line in answer.sentences(labels):
            console.print(line)
    if target is not None:
        emit_frame(net.edges, target)
    if page is not None:
        from socius.networks.figures import write_network_html

        with _spinner("drawing the network"):
            written = write_network_html(net, page, measures=table, key_players=result)
        err_console.print(f"wrote {written}")


@app.command("risk")
def risk(
    year: Annotated[int, typer.Option(help="Year (1970-2024)")] = 2006,
    top: Annotated[int, typer.Option(help="Rows to show")] = 15,
    window: Annotated[int, typer.Option(help="Years counted for tests and network ties")] = 5,
    weights: Annotated[
        Path | None,
        typer.Option("--weights", help="Risk-weights TOML file (default: the shipped weights)"),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(help="Monte Carlo weight draws (default: from the weights file; 0: none)"),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the weight draws")] = None,
    show_weights: Annotated[
        bool, typer.Option("--show-weights", help="Print the weights file in use and stop")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write every state (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Rank states by proliferation risk from dated regime components, with a confidence."""
    from socius.networks.risk import (
        COMPONENTS,
        default_weights,
        explain,
        load_weights,
        risk_profiles,
    )

    spec = default_weights() if weights is None else load_weights(weights)
    if show_weights:
        typer.echo(spec.to_toml(), nl=False)
        return
    target = check_out(out)
    if draws is not None:
        from socius.limits import check_count

        if draws:
            check_count("draws", draws, option="--draws")
    table = risk_profiles(year, weights=spec, window=window, draws=draws, seed=seed)
    if target is not None:
        emit_frame(table, target)
        return
    ranked = table.filter(table["rank"].is_not_null())
    shown = ranked.head(top).select(
        "rank", "stateabb", "category", "score", "p_top", "rank_lo", "rank_hi", *COMPONENTS
    )
    print_frame(
        shown,
        title=f"Proliferation-risk ranking, {year} ({spec.name}; p_top = share of weight draws "
        f"in the top {spec.top})",
    )
    for row in ranked.head(min(top, 8)).iter_rows(named=True):
        console.print(explain(row, top=spec.top))
    nws = table.filter(table["category"] == "recognised nuclear-weapon state")["stateabb"]
    console.print(
        f"Not ranked as proliferators: {', '.join(nws)} (nuclear-weapon states recognised by the "
        f"NPT); {table.height - ranked.height - nws.len()} states without a coded NPT status."
    )


def _spinner(text: str) -> Progress:
    progress = Progress(
        SpinnerColumn(),
        TextColumn(text),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    progress.add_task(text, total=None)
    return progress


__all__ = ["NAME", "app"]

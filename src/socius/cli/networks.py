"""``socius networks``: measures and key players of actor networks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from socius._io import check_output_path
from socius.cli._common import Progress, check_out, console, emit_frame, err_console, print_frame
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
        )
    how = "optimal: every set scored" if result.search == "exact" else "greedy search with swaps"
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
            help="nuclear (cooperation agreements), alliances (ATOP) or arms (SIPRI, imported)"
        ),
    ],
    start: Annotated[int, typer.Option("--from", help="First year")],
    end: Annotated[int, typer.Option("--to", help="Last year")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the ties (.csv, .parquet or .json)")
    ] = None,
    html: HtmlOpt = None,
    k: Annotated[int, typer.Option("--k", help="Also find this many key players (0: none)")] = 5,
) -> None:
    """Build a state network from the bundled data (or your SIPRI import) and measure it."""
    from socius.networks.build import build_network
    from socius.networks.keyplayer import key_players
    from socius.networks.measures import network_summary, node_measures

    target = check_out(out)
    page = _check_html(html)
    net = build_network(source, start=start, end=end)
    with _spinner("measuring the network"):
        table = node_measures(net)
        summary = network_summary(net)
        result = key_players(net, k) if k > 0 else None
    print_frame(summary, title=net.origin)
    print_frame(
        table.sort("betweenness", descending=True).head(15),
        title="most central states (betweenness)",
    )
    if result is not None:
        console.print(
            f"key players (distance-weighted fragmentation {result.score:.3f}): {', '.join(result.players)}"
        )
    if target is not None:
        emit_frame(net.edges, target)
    if page is not None:
        from socius.networks.figures import write_network_html

        with _spinner("drawing the network"):
            written = write_network_html(net, page, measures=table, key_players=result)
        err_console.print(f"wrote {written}")


@app.command("risk")
def risk(
    year: Annotated[int, typer.Option(help="Year (1946-2024)")] = 2006,
    top: Annotated[int, typer.Option(help="Rows to show")] = 20,
    window: Annotated[
        int, typer.Option(help="Years counted for missile tests and capital moves")
    ] = 5,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write every state (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Rank states by their risk of feeding proliferation networks, with every component shown."""
    from socius.networks.risk import COMPONENTS, risk_profiles

    target = check_out(out)
    table = risk_profiles(year, window=window)
    if target is not None:
        emit_frame(table, target)
        return
    shown = (
        table.filter(table["rank"].is_not_null())
        .head(top)
        .select("rank", "stateabb", "score", "n_components", *COMPONENTS)
    )
    print_frame(
        shown,
        title=f"Proliferation-risk profiles, {year} (mean of available components, each on [0, 1])",
    )
    console.print(
        "Components: military_rule (V-Dem), isolation (COW IGO and trade), nuclear (status, latency, tests), "
        "missiles (CNS: North Korea, Iran, India, Pakistan only; missing elsewhere), capital_relocation."
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

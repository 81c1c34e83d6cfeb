"""Network figure (inline SVG) and a self-contained HTML page of tables and figure."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import polars as pl

from socius._io import atomic_write_text, check_output_path
from socius.errors import ValidationError
from socius.networks.io import NODE_KINDS, Network, has_periods
from socius.networks.keyplayer import KeyPlayerResult
from socius.networks.measures import bridges, network_change, network_summary, node_measures

__all__ = ["KIND_COLOURS", "network_figure", "network_svg", "write_network_html"]

KIND_COLOURS = {
    "state": "#1f4e79",
    "firm": "#d98c1f",
    "individual": "#2e8b57",
    "organisation": "#7b3f98",
    "vessel": "#8c564b",
    "unknown": "#9a9a9a",
}
_KEY_COLOUR = "#c0392b"
_HTML_SUFFIXES = (".html", ".htm")


def network_figure(
    net: Network,
    *,
    measures: pl.DataFrame | None = None,
    key_players: Sequence[str] = (),
    seed: int = 0,
    labels: int = 20,
    width: float = 8.0,
    height: float = 6.0,
    layout: str = "spring",
) -> Any:
    """Draw the network as a matplotlib figure (shown inline in Jupyter).

    Parameters
    ----------
    net : Network
    measures : polars.DataFrame, optional
        Output of :func:`~socius.networks.measures.node_measures`; node area then
        grows with betweenness. Without it, area grows with degree.
    key_players : sequence of str
        Actor ids drawn with a red ring and always labelled.
    seed : int
        Seed of the spring layout, so the same network always looks the same.
    labels : int
        Label this many actors with the largest betweenness (or degree); 0 labels the
        key players only.
    width, height : float
        Figure size [inches].
    layout : {"spring", "kamada_kawai"}
        Fruchterman-Reingold (seeded) or Kamada-Kawai, which spreads small sparse
        networks more evenly (falls back to spring when the network is disconnected).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Colour shows the actor kind (state, firm, individual, organisation, unknown).
    The layout is Fruchterman-Reingold (networkx ``spring_layout``) with *seed*.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> net = network_from_frames(pl.DataFrame({"source": ["A"], "target": ["B"]}))
    >>> network_figure(net).axes[0].get_title()
    ''
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from socius.figstyle import new_figure

    ids = net.ids
    graph = net.graph
    if measures is not None and "betweenness" in measures.columns:
        weight_of = dict(zip(measures["id"], measures["betweenness"], strict=True))
    else:
        weight_of = {i: float(graph.degree(i)) for i in ids}
    emphasis = np.array([float(weight_of.get(i) or 0.0) for i in ids])
    top = emphasis.max() if emphasis.size and emphasis.max() > 0 else 1.0
    sizes = 30.0 + 400.0 * emphasis / top
    kinds = [k if k in NODE_KINDS else "unknown" for k in net.nodes["kind"].to_list()]
    if layout not in ("spring", "kamada_kawai"):
        raise ValidationError(f"layout '{layout}' is not known; use spring or kamada_kawai")
    und = graph.to_undirected(as_view=True)
    if layout == "kamada_kawai" and len(und) > 1 and nx.is_connected(und):
        pos = nx.kamada_kawai_layout(und)
    else:
        pos = nx.spring_layout(und, seed=seed)

    fig, ax = new_figure(width, height)
    ax.grid(False)
    ax.set_axis_off()
    arrows = net.directed and graph.number_of_edges() <= 400  # arrow patches are slow
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        alpha=0.35,
        width=0.6,
        edge_color="#6b7680",
        arrows=arrows,
        **({"arrowsize": 8, "node_size": list(sizes)} if arrows else {}),
    )
    keys = set(key_players)
    nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=ids,
        ax=ax,
        node_size=list(sizes),
        node_color=[KIND_COLOURS[k] for k in kinds],
        edgecolors=[_KEY_COLOUR if i in keys else "white" for i in ids],
        linewidths=[2.5 if i in keys else 0.5 for i in ids],
    )
    ranked = [ids[j] for j in np.argsort(-emphasis, kind="stable")[:labels]]
    shown = {i: str(graph.nodes[i].get("label") or i) for i in (*ranked, *keys) if i in graph}
    nx.draw_networkx_labels(graph, pos, labels=shown, ax=ax, font_size=7)
    present = [k for k in (*NODE_KINDS, "unknown") if k in kinds]
    handles = [ax.scatter([], [], s=40, color=KIND_COLOURS[k], label=k) for k in present]
    if keys:
        handles.append(
            ax.scatter(
                [],
                [],
                s=40,
                facecolor="white",
                edgecolor=_KEY_COLOUR,
                linewidth=2,
                label="key player",
            )
        )
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    return fig


def network_svg(
    net: Network,
    *,
    measures: pl.DataFrame | None = None,
    key_players: Sequence[str] = (),
    seed: int = 0,
    labels: int = 20,
    width: float = 8.0,
    height: float = 6.0,
    layout: str = "spring",
) -> str:
    """:func:`network_figure` rendered to an inline ``<svg>`` string (no XML prolog).

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> net = network_from_frames(pl.DataFrame({"source": ["A"], "target": ["B"]}))
    >>> network_svg(net).startswith("<svg")
    True
    """
    from socius.figstyle import to_svg

    fig = network_figure(
        net,
        measures=measures,
        key_players=key_players,
        seed=seed,
        labels=labels,
        width=width,
        height=height,
        layout=layout,
    )
    return to_svg(fig)


def write_network_html(
    net: Network,
    path: str | os.PathLike[str],
    *,
    measures: pl.DataFrame | None = None,
    key_players: KeyPlayerResult | None = None,
    title: str | None = None,
    seed: int = 0,
) -> Path:
    """Write one self-contained HTML page: summary, figure and tables (atomically).

    Parameters
    ----------
    net : Network
    path : path-like
        Output file ending in ``.html`` or ``.htm``.
    measures : polars.DataFrame, optional
        Node measures to show; computed when omitted.
    key_players : KeyPlayerResult, optional
        Highlighted in the figure and listed in a table.
    title : str, optional
        Page title (default: the network's origin).
    seed : int
        Seed for the layout and the community search.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from socius.report.html import render
    from socius.report.model import Figure, Note, Section, Table, Text

    target = check_output_path(path, allowed=_HTML_SUFFIXES)
    table = node_measures(net, seed=seed) if measures is None else measures
    players = key_players.players if key_players is not None else ()
    svg = network_svg(net, measures=table, key_players=players, seed=seed)
    heading = title or f"Network {net.origin or ''}".strip()
    ranked = table.sort("betweenness", descending=True, nulls_last=True)
    blocks: list[Any] = [
        Text(
            f"{net.nodes.height} actors and {net.graph.number_of_edges()} "
            f"{'directed' if net.directed else 'undirected'} ties, read from {net.origin or 'memory'}."
        ),
        Table(network_summary(net, seed=seed), "Network summary"),
        Note(
            "Centrality describes position in the recorded ties only; ties missing from the "
            "source are invisible to every measure.",
            kind="caveat",
        ),
    ]
    sections = [
        Section("summary", "Summary", tuple(blocks)),
        Section(
            "figure",
            "Network",
            (
                Figure(
                    svg,
                    "Colour: actor kind; area: betweenness; red ring: key player. "
                    f"Spring layout, seed {seed}.",
                ),
            ),
        ),
        Section("actors", "Actors", (Table(ranked, "Actor measures, by betweenness"),)),
    ]
    if key_players is not None:
        sections.append(
            Section(
                "key-players",
                "Key players",
                (
                    Text(
                        f"Set of {key_players.k} on {key_players.measure}: "
                        + key_players.sentence()
                    ),
                    Table(key_players.table, "Key players"),
                ),
            )
        )
    cut = bridges(net)
    sections.append(
        Section(
            "bridges", "Bridges", (Table(cut, f"{cut.height} ties whose loss splits the network"),)
        )
    )
    if has_periods(net):
        change = network_change(net).with_columns(
            pl.col("entered").list.join(", "), pl.col("left").list.join(", ")
        )
        sections.append(Section("change", "Change over time", (Table(change, "Per year"),)))
    page = render(heading, "socius networks", sections, generated=dt.datetime.now(dt.UTC))
    return atomic_write_text(target, page)

"""Read and validate actor networks: CSV edge and node lists, GraphML and GEXF.

Every reader ends in :func:`network_from_frames`, which checks the whole input,
collects every problem (dangling ties, repeated actors, bad weights, unknown
actor kinds, malformed years) and raises one :class:`~socius.errors.ValidationError`
that lists them with the row and the fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from socius.errors import DataError, UnknownNameError, ValidationError, suggest
from socius.networks._validate import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    NODE_KINDS,
    NODE_SCHEMA,
    SHOWN_PROBLEMS,
    as_polars,
    check_edges,
    check_nodes,
    columns,
    locate,
    summarise,
)

__all__ = [
    "FORMATS",
    "NODE_KINDS",
    "Network",
    "has_periods",
    "network_from_frames",
    "node_index",
    "read_network",
    "snapshot",
]

FORMATS = {".csv": "csv", ".graphml": "graphml", ".gexf": "gexf"}


@dataclass(frozen=True)
class Network:
    """An actor network: a networkx graph plus its validated node and tie tables.

    Attributes
    ----------
    graph : networkx.Graph or networkx.DiGraph
        One node per actor (keyed by ``id``) and one edge per connected pair;
        parallel ties (several rows for the same pair, for example one per year)
        are merged, their weights summed [tie strength] and counted in ``ties``.
        Edge attribute ``distance`` is ``1 / weight``.
    nodes : polars.DataFrame
        ``id``, ``label``, ``kind`` (state, firm, individual, organisation, vessel or
        null) and ``country`` (as given, or null), one row per actor, in input order.
    edges : polars.DataFrame
        ``source``, ``target``, ``weight`` [strength, > 0], ``kind`` (kind of tie),
        ``year``, ``start``, ``end`` (nullable integers), one row per input tie.
    directed : bool
        Whether ties run from source to target.
    origin : str
        The file(s) the network was read from, or a caller-supplied description.
    """

    graph: nx.Graph
    nodes: pl.DataFrame
    edges: pl.DataFrame
    directed: bool
    origin: str = ""

    @property
    def ids(self) -> list[str]:
        """Actor ids in node-table order."""
        return list(self.nodes["id"])

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return (
            f"Network({self.nodes.height} actors, {self.graph.number_of_edges()} {kind} ties"
            f"{', from ' + self.origin if self.origin else ''})"
        )


def read_network(
    path: str | os.PathLike[str],
    *,
    nodes: str | os.PathLike[str] | None = None,
    format: str | None = None,
    directed: bool | None = None,
) -> Network:
    """Read an actor network from a CSV edge list, GraphML or GEXF file.

    Parameters
    ----------
    path : path-like
        The ties. CSV columns: ``source``, ``target`` (or ``source_id``, ``target_id``)
        and optionally ``weight`` [tie strength > 0], ``kind``, ``year`` or ``start`` and
        ``end`` (years or partial ISO dates: YYYY, YYYY-MM, YYYY-MM-DD).
    nodes : path-like, optional
        A CSV node list with ``id`` and optionally ``label``, ``kind`` (state,
        firm, individual, organisation, vessel) and ``country``. When given, every tie
        endpoint must be listed. For GraphML and GEXF it replaces the node
        attributes stored in the file.
    format : {"csv", "graphml", "gexf"}, optional
        Overrides the format guessed from the file extension.
    directed : bool, optional
        Whether ties are directed. Default: CSV edge lists are directed (source to
        target); GraphML and GEXF follow the file's own declaration.

    Returns
    -------
    Network

    Raises
    ------
    ValidationError
        The file is missing, the format is unknown, or the content has problems
        (all of them are listed in one message).
    DataError
        The file exists but cannot be parsed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ties.csv").write_text("source,target,weight\\nA,B,2\\nB,C,1\\n")
    >>> read_network(folder / "ties.csv")  # doctest: +ELLIPSIS
    Network(3 actors, 2 directed ties, from ...ties.csv)
    """
    file = Path(path)
    fmt = _format_of(file, format)
    _check_readable(file, "network file")
    node_frame: pl.DataFrame | None = None
    if nodes is not None:
        node_file = Path(nodes)
        _check_readable(node_file, "node list")
        node_frame = _read_csv(node_file)
    if fmt == "csv":
        edge_frame = _read_csv(file)
        is_directed = True if directed is None else directed
        origin = str(file) if nodes is None else f"{file} + {nodes}"
        return network_from_frames(
            edge_frame,
            node_frame,
            directed=is_directed,
            origin=origin,
            edge_file=file.name,
            node_file=None if nodes is None else Path(nodes).name,
        )
    graph = _read_xml_graph(file, fmt)
    file_edges, file_nodes = _frames_from_graph(graph)
    is_directed = graph.is_directed() if directed is None else directed
    origin = str(file) if nodes is None else f"{file} + {nodes}"
    return network_from_frames(
        file_edges,
        node_frame if node_frame is not None else file_nodes,
        directed=is_directed,
        origin=origin,
        edge_file=file.name,
        node_file=None if nodes is None else Path(nodes).name,
        positions=False,
        node_positions=nodes is not None,
    )


def network_from_frames(
    edges: Any,
    nodes: Any = None,
    *,
    directed: bool = True,
    origin: str = "",
    edge_file: str = "edges",
    node_file: str | None = "nodes",
    positions: bool = True,
    node_positions: bool | None = None,
) -> Network:
    """Validate tie and actor tables (polars or pandas) and build a :class:`Network`.

    Parameters
    ----------
    edges : polars.DataFrame or pandas.DataFrame
        Columns ``source``, ``target`` and optionally ``weight``, ``kind``,
        ``year``, ``start``, ``end`` (any types; values are checked).
    nodes : polars.DataFrame or pandas.DataFrame, optional
        Columns ``id`` and optionally ``label``, ``kind``, ``country``. Without a
        node table the actors are the tie endpoints, in order of appearance.
    directed : bool
        Whether ties run from source to target.
    origin : str
        Description stored on the network (for example the file path).
    edge_file, node_file : str
        Names used in problem messages.
    positions : bool
        Report tie problems by CSV line number (row + 2); otherwise by tie number.
    node_positions : bool, optional
        The same for the node table (default: as *positions*).

    Notes
    -----
    A weight is a tie strength and must be a finite number > 0; shortest paths use
    the distance ``1 / weight``. A zero weight is rejected rather than read as "no
    tie", because a listed row with weight 0 is ambiguous (absent tie or missing
    value); delete such rows. An empty weight cell is rejected too; leave out the
    whole column to give every tie weight 1. Kinds ``organization``, ``org`` and
    ``person`` are read as ``organisation``, ``organisation`` and ``individual``.
    """
    edge_raw = _aliases(as_polars(edges, "edges"))
    node_raw = None if nodes is None else as_polars(nodes, "nodes")
    problems: list[str] = []
    edge_cols = columns(edge_raw, ("source", "target"), EDGE_COLUMNS, edge_file)
    node_table = None
    if node_raw is not None:
        columns(node_raw, ("id",), NODE_COLUMNS, str(node_file))
        by_line = positions if node_positions is None else node_positions
        node_table = check_nodes(node_raw, str(node_file), by_line, problems)
    edge_table = check_edges(edge_raw, edge_cols, edge_file, positions, problems)
    if node_table is not None:
        known = set(node_table["id"].drop_nulls())
        for row, (src, tgt) in enumerate(
            zip(edge_table["source"], edge_table["target"], strict=True)
        ):
            for end, value in (("source", src), ("target", tgt)):
                if value is not None and value not in known:
                    # Suggestions only for the problems that the message will show.
                    hint = suggest(value, known) if len(problems) < SHOWN_PROBLEMS else ""
                    problems.append(
                        f"{locate(edge_file, row, positions)}: {end} '{value}' is not in the node "
                        f"list {node_file}{hint}; add it there or correct the id"
                    )
    else:
        ends = [
            v
            for pair in zip(edge_table["source"], edge_table["target"], strict=True)
            for v in pair
            if v is not None
        ]
        ids = list(dict.fromkeys(ends))
        node_table = pl.DataFrame(
            {"id": ids, "label": ids, "kind": [None] * len(ids), "country": [None] * len(ids)},
            schema=NODE_SCHEMA,
        )
    if node_table.height == 0 and not problems:
        problems.append(
            f"{edge_file}: the network has no actors and no ties; give at least one tie"
        )
    if problems:
        raise ValidationError(summarise(edge_file, problems))
    graph = _build_graph(node_table, edge_table, directed)
    return Network(
        graph=graph, nodes=node_table, edges=edge_table, directed=directed, origin=origin
    )


def _aliases(frame: pl.DataFrame) -> pl.DataFrame:
    """Read ``source_id``/``target_id`` (as in the curated Khan edge list) as ``source``/``target``."""
    lowered = {c.strip().lower(): c for c in frame.columns}
    renames = {
        lowered[alias]: name
        for alias, name in (("source_id", "source"), ("target_id", "target"))
        if alias in lowered and name not in lowered
    }
    return frame.rename(renames) if renames else frame


def snapshot(net: Network, year: int) -> Network:
    """The network of the ties active in *year*, with the actors that have one.

    A tie with a ``year`` is active in that year only; one with ``start`` and/or
    ``end`` is active from ``start`` to ``end`` inclusive (a missing bound is open);
    a tie with none of them is active in every year.

    Parameters
    ----------
    net : Network
        A network whose ties carry ``year`` or ``start``/``end`` values.
    year : int
        The calendar year.

    Returns
    -------
    Network
        The same kind of network (directed or not) with only the active ties (parallel ones
        merged as in :class:`Network`) and the actors they link, in the original node order;
        ``origin`` gains ``[year]``. A year without active ties gives a network with no
        actors.

    Raises
    ------
    ValidationError
        If the network has no ``year``, ``start`` or ``end`` values.

    Examples
    --------
    The A. Q. Khan network's dated ties in 2003, the year of the BBC China interdiction:

    >>> from socius.networks.khan import khan_network
    >>> net = snapshot(khan_network(dated_only=True), 2003)
    >>> net.nodes.height, net.graph.number_of_edges()
    (13, 13)
    """
    if not has_periods(net):
        raise ValidationError(
            "the network's ties have no year, start or end values, so it has no periods; "
            "add a year column (or start and end) to the edge list"
        )
    active = net.edges.filter(_active(year))
    present = set(active["source"]) | set(active["target"])
    nodes = net.nodes.filter(pl.col("id").is_in(sorted(present)))
    graph = _build_graph(nodes, active, net.directed)
    return Network(graph, nodes, active, net.directed, f"{net.origin} [{year}]")


def has_periods(net: Network) -> bool:
    """True when some tie carries a year, start or end."""
    edges = net.edges
    return bool(
        edges["year"].is_not_null().any()
        or edges["start"].is_not_null().any()
        or edges["end"].is_not_null().any()
    )


def _active(year: int) -> pl.Expr:
    dated = pl.col("year").is_not_null()
    ranged = pl.col("start").is_not_null() | pl.col("end").is_not_null()
    in_range = (pl.col("start").is_null() | (pl.col("start") <= year)) & (
        pl.col("end").is_null() | (pl.col("end") >= year)
    )
    return pl.when(dated).then(pl.col("year") == year).when(ranged).then(in_range).otherwise(True)


# ---------------------------------------------------------------------------- reading


def _format_of(file: Path, format: str | None) -> str:
    allowed = sorted(set(FORMATS.values()))
    if format is not None:
        fmt = format.lower().lstrip(".")
        if fmt not in allowed:
            raise ValidationError(
                f"format '{format}' is not known{suggest(fmt, allowed)}; "
                f"use one of: {', '.join(allowed)}"
            )
        return fmt
    suffix = file.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(
            f"cannot tell the format of '{file}' from its extension "
            f"'{suffix or '(none)'}'; use a file ending in {', '.join(FORMATS)} "
            "or pass the format explicitly"
        )
    return FORMATS[suffix]


def _check_readable(file: Path, what: str) -> None:
    if not file.exists():
        raise ValidationError(f"{what} '{file}' does not exist; check the path")
    if file.is_dir():
        raise ValidationError(f"{what} '{file}' is a folder; give the file inside it")
    if not os.access(file, os.R_OK):
        raise DataError(
            f"{what} '{file}' cannot be read (permission denied); check its permissions"
        )


def _read_csv(file: Path) -> pl.DataFrame:
    try:
        frame = pl.read_csv(file, infer_schema=False, truncate_ragged_lines=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"cannot read '{file}' as CSV ({reason}); save it as UTF-8 comma-separated text "
            "with a header row"
        ) from exc
    return frame.rename({c: c.strip().lower() for c in frame.columns})


def _read_xml_graph(file: Path, fmt: str) -> nx.Graph:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    try:
        graph: nx.Graph = reader(file)
    except Exception as exc:  # networkx and the XML parser raise many types
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"cannot read '{file}' as {fmt.upper()} ({reason}); check that it is a valid "
            f"{fmt.upper()} file"
        ) from exc
    return graph


def _frames_from_graph(graph: nx.Graph) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tie and actor tables (all values as text) from a graph read from GraphML/GEXF."""
    node_rows = []
    for node, data in graph.nodes(data=True):
        node_rows.append(
            {
                "id": str(node),
                "label": _text(data.get("label")),
                "kind": _text(data.get("kind")),
                "country": _text(data.get("country")),
            }
        )
    edge_rows = []
    for src, tgt, data in graph.edges(data=True):
        edge_rows.append(
            {
                "source": str(src),
                "target": str(tgt),
                "weight": _text(data.get("weight")),
                "kind": _text(data.get("kind")),
                "year": _text(data.get("year")),
                "start": _text(data.get("start")),
                "end": _text(data.get("end")),
            }
        )
    string = dict.fromkeys(EDGE_COLUMNS, pl.String)
    edges = pl.DataFrame(edge_rows, schema=string)
    # Columns absent from every tie are dropped so that defaults apply (weight 1).
    edges = edges.select(
        [c for c in edges.columns if c in ("source", "target") or edges[c].is_not_null().any()]
    )
    nodes = pl.DataFrame(node_rows, schema=dict.fromkeys(NODE_COLUMNS, pl.String))
    return edges, nodes


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------------- graph


def _build_graph(nodes: pl.DataFrame, edges: pl.DataFrame, directed: bool) -> nx.Graph:
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for node, label, kind, country in nodes.select(NODE_COLUMNS).iter_rows():
        graph.add_node(node, label=label, kind=kind, country=country)
    for src, tgt, weight in edges.select("source", "target", "weight").iter_rows():
        if graph.has_edge(src, tgt):
            data = graph[src][tgt]
            data["weight"] += weight
            data["ties"] += 1
        else:
            graph.add_edge(src, tgt, weight=weight, ties=1)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return graph


def node_index(net: Network, ids: Iterable[str], *, what: str = "actor") -> list[int]:
    """Positions of *ids* in the node table; unknown ids raise one error listing them."""
    position = {node: i for i, node in enumerate(net.ids)}
    wanted = list(ids)
    unknown = [i for i in wanted if i not in position]
    if unknown:
        first = unknown[0]
        raise UnknownNameError(
            f"{what} '{first}' is not in the network{suggest(first, position)}"
            f"{' (and ' + str(len(unknown) - 1) + ' more unknown)' if len(unknown) > 1 else ''}; "
            "use ids from the node table"
        )
    return [position[i] for i in wanted]

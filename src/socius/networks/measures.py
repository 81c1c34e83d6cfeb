"""Actor-level and network-level measures: centrality, brokerage, communities, cut points, change.

All functions take a :class:`~socius.networks.io.Network` and return polars
DataFrames with one row per actor (``id`` first) or per period.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import polars as pl
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, shortest_path
from scipy.sparse.linalg import eigsh

from socius.errors import UnknownNameError, ValidationError, suggest
from socius.networks.io import Network, has_periods, snapshot

__all__ = [
    "BROKERAGE_ROLES",
    "bridges",
    "brokerage",
    "communities",
    "network_change",
    "network_summary",
    "node_measures",
    "period_measures",
]

BROKERAGE_ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")
_GROUPS = ("country", "kind")
_DENSE_EIGEN = 400  # largest component solved with a dense eigendecomposition


def node_measures(
    net: Network, *, binary: bool = False, group: str = "country", seed: int = 0
) -> pl.DataFrame:
    """Centrality, brokerage and cohesion measures for every actor.

    Parameters
    ----------
    net : Network
    binary : bool
        Treat every tie as length 1; otherwise shortest paths use ``1 / weight``.
    group : {"country", "kind"}
        Node attribute that defines the groups of the brokerage roles.
    seed : int
        Seed of the Louvain community search (results are reproducible).

    Returns
    -------
    polars.DataFrame
        ``id``, ``label``, ``kind``, ``country``; ``degree``, ``in_degree``,
        ``out_degree`` [ties; in and out equal degree on undirected networks],
        ``strength`` [sum of tie weights]; ``betweenness`` [0-1, normalised by
        the number of pairs], ``closeness`` [0-1], ``eigenvector`` [unit norm];
        ``community`` [1 = largest]; ``articulation_point``; the five
        Gould-Fernandez brokerage role counts and ``brokerage`` (their sum), null on
        undirected networks.

    Notes
    -----
    Closeness follows Wasserman and Faust's correction for disconnected networks,
    as networkx does: ``C(v) = (r / (n - 1)) * (r / sum_u d(u, v))`` with ``r`` the
    number of actors that reach ``v``; on directed networks the distances run *to*
    ``v``. Eigenvector centrality uses the undirected view (directed eigenvector
    centrality is undefined on acyclic supply chains); actors outside the
    component(s) with the largest leading eigenvalue score 0.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> net = network_from_frames(pl.DataFrame({"source": ["A", "B"], "target": ["B", "C"]}))
    >>> node_measures(net).select("id", "degree", "betweenness").row(1)
    ('B', 2, 0.5)
    """
    nodes = net.nodes
    graph = net.graph
    ids = net.ids
    if net.directed:
        deg_in = [graph.in_degree(i) for i in ids]
        deg_out = [graph.out_degree(i) for i in ids]
    else:
        deg_in = deg_out = [graph.degree(i) for i in ids]
    between = _betweenness(net, binary)
    und = _undirected(net, binary)
    cut = set(nx.articulation_points(und))
    frame = nodes.with_columns(
        pl.Series("degree", [graph.degree(i) for i in ids], dtype=pl.Int64),
        pl.Series("in_degree", deg_in, dtype=pl.Int64),
        pl.Series("out_degree", deg_out, dtype=pl.Int64),
        pl.Series("strength", [float(graph.degree(i, weight="weight")) for i in ids]),
        pl.Series("betweenness", between),
        pl.Series("closeness", _closeness(net, binary)),
        pl.Series("eigenvector", _eigenvector(und, ids)),
        communities(net, seed=seed, binary=binary)["community"],
        pl.Series("articulation_point", [i in cut for i in ids]),
    )
    if net.directed:
        roles = brokerage(net, group=group).drop("id")
    else:
        roles = pl.DataFrame(
            {r: [None] * len(ids) for r in (*BROKERAGE_ROLES, "brokerage")},
            schema=dict.fromkeys((*BROKERAGE_ROLES, "brokerage"), pl.Int64),
        )
    return pl.concat([frame, roles], how="horizontal")


def brokerage(net: Network, *, group: str = "country") -> pl.DataFrame:
    """Gould-Fernandez brokerage role counts of every actor on a directed network.

    Parameters
    ----------
    net : Network
        A directed network.
    group : {"country", "kind"}
        The node attribute that defines groups.

    Returns
    -------
    polars.DataFrame
        ``id``, ``coordinator``, ``gatekeeper``, ``representative``,
        ``consultant``, ``liaison``, ``brokerage`` (total).

    Notes
    -----
    For every open two-path ``a -> b -> c`` (``a != c`` and no tie ``a -> c``),
    broker ``b`` plays one role by the groups ``g``: coordinator if
    ``g(a) = g(b) = g(c)``; consultant (itinerant broker) if ``g(a) = g(c) != g(b)``;
    representative if ``g(a) = g(b) != g(c)``; gatekeeper if
    ``g(b) = g(c) != g(a)``; liaison if all three differ. Two-paths that involve an
    actor with no group are not counted.

    References
    ----------
    Gould, R. V. and R. M. Fernandez. 1989. "Structures of Mediation: A Formal
    Approach to Brokerage in Transaction Networks." Sociological Methodology 19:
    89-126. doi:10.2307/270949

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> e = pl.DataFrame({"source": ["A", "B"], "target": ["B", "C"]})
    >>> n = pl.DataFrame({"id": ["A", "B", "C"], "country": ["PAK", "PAK", "LBY"]})
    >>> brokerage(network_from_frames(e, n))["representative"].to_list()
    [0, 1, 0]
    """
    if not net.directed:
        raise ValidationError(
            "brokerage roles need directed ties (who passes to whom); "
            "read the network with directed=True (CLI: --directed)"
        )
    if group not in _GROUPS:
        raise UnknownNameError(
            f"group '{group}' is not a node attribute{suggest(group, _GROUPS)}; "
            f"use one of: {', '.join(_GROUPS)}"
        )
    ids = net.ids
    n = len(ids)
    position = {node: i for i, node in enumerate(ids)}
    labels = net.nodes[group].to_list()
    codes_of = {v: i for i, v in enumerate(dict.fromkeys(v for v in labels if v is not None))}
    code = np.array([codes_of.get(v, -1) if v is not None else -1 for v in labels], dtype=np.int64)
    tail = np.array([position[u] for u, _ in net.graph.edges()], dtype=np.int64)
    head = np.array([position[v] for _, v in net.graph.edges()], dtype=np.int64)
    counts = np.zeros((len(BROKERAGE_ROLES), n), dtype=np.int64)
    if tail.size:
        order = np.argsort(tail, kind="stable")
        out_tail, out_head = tail[order], head[order]
        ptr = np.concatenate(([0], np.cumsum(np.bincount(out_tail, minlength=n))))
        # Every two-path a -> b -> c: arc (a, b) followed by each arc leaving b.
        reps = ptr[head + 1] - ptr[head]
        a = np.repeat(tail, reps)
        b = np.repeat(head, reps)
        start = np.repeat(ptr[head], reps)
        c = out_head[start + np.arange(a.size) - np.repeat(np.cumsum(reps) - reps, reps)]
        keys = np.sort(tail * n + head)
        closed = np.isin(a * n + c, keys)
        keep = (a != c) & ~closed & (code[a] >= 0) & (code[b] >= 0) & (code[c] >= 0)
        a, b, c = a[keep], b[keep], c[keep]
        ga, gb, gc = code[a], code[b], code[c]
        role = np.select(
            [
                (ga == gb) & (gb == gc),
                (gb == gc) & (ga != gb),
                (ga == gb) & (gb != gc),
                (ga == gc) & (ga != gb),
            ],
            [0, 1, 2, 3],
            default=4,
        )
        for r in range(len(BROKERAGE_ROLES)):
            counts[r] = np.bincount(b[role == r], minlength=n)
    data: dict[str, Any] = {"id": ids}
    for r, name in enumerate(BROKERAGE_ROLES):
        data[name] = counts[r]
    data["brokerage"] = counts.sum(axis=0)
    return pl.DataFrame(data)


def communities(
    net: Network, *, seed: int = 0, resolution: float = 1.0, binary: bool = False
) -> pl.DataFrame:
    """Louvain communities of the undirected view of the network.

    Parameters
    ----------
    net : Network
        The network; directed ties are read as undirected.
    seed : int
        Seed of the Louvain search; the same seed gives the same communities.
    resolution : float
        Modularity resolution (networkx's ``resolution``, > 0): above 1 favours more and
        smaller communities, below 1 fewer and larger ones.
    binary : bool
        Count every tie as weight 1; otherwise tie weights [strength] are used.

    Returns
    -------
    polars.DataFrame
        ``id`` and ``community`` (1 is the largest; ties by first member in node order),
        one row per actor in node-table order; an isolated actor is a community of its own.

    Notes
    -----
    Louvain maximises modularity (Blondel et al. 2008, doi:10.1088/1742-5468/2008/10/P10008)
    with networkx's implementation and a fixed *seed*, so repeated runs agree. Ties in
    both directions are merged and their weights added (unless *binary*).

    Examples
    --------
    The A. Q. Khan network falls into five communities:

    >>> from socius.networks.khan import khan_network
    >>> parts = communities(khan_network())
    >>> parts["community"].max(), parts.filter(parts["id"] == "aq_khan")["community"][0]
    (5, 2)
    """
    und = _undirected(net, binary)
    parts = nx.community.louvain_communities(
        und, weight=None if binary else "weight", seed=seed, resolution=resolution
    )
    position = {node: i for i, node in enumerate(net.ids)}
    parts = sorted(parts, key=lambda p: (-len(p), min(position[x] for x in p)))
    label = {node: k + 1 for k, part in enumerate(parts) for node in part}
    return pl.DataFrame(
        {"id": net.ids, "community": [label[i] for i in net.ids]},
        schema={"id": pl.String, "community": pl.Int64},
    )


def bridges(net: Network) -> pl.DataFrame:
    """Ties whose removal disconnects the (undirected view of the) network.

    A bridge is a tie on no cycle: the only channel between two parts of the network, so
    interdicting it splits them. Direction and weight are ignored.

    Parameters
    ----------
    net : Network
        The network; directed ties are read as undirected.

    Returns
    -------
    polars.DataFrame
        ``source`` and ``target`` (actor ids) of every bridge, one row each, the earlier
        actor in node-table order first and the rows sorted in that order; empty when the
        network has none.

    Examples
    --------
    >>> from socius.networks.khan import khan_network
    >>> b = bridges(khan_network())
    >>> b.height, b.row(0)
    (16, ('LIB', 'bbc_china'))
    """
    und = _undirected(net, True)
    position = {node: i for i, node in enumerate(net.ids)}
    pairs = [tuple(sorted((u, v), key=position.__getitem__)) for u, v in nx.bridges(und)]
    pairs.sort(key=lambda p: (position[p[0]], position[p[1]]))
    return pl.DataFrame(
        {"source": [p[0] for p in pairs], "target": [p[1] for p in pairs]},
        schema={"source": pl.String, "target": pl.String},
    )


def network_summary(net: Network, *, seed: int = 0) -> pl.DataFrame:
    """One row describing the network: size, density, components, cut points, communities.

    Parameters
    ----------
    net : Network
        The network.
    seed : int
        Seed of the Louvain community search (see :func:`communities`).

    Returns
    -------
    polars.DataFrame
        One row: ``actors``; ``ties`` (connected pairs; parallel ties merged, on a directed
        network each direction counts); ``directed``; ``density`` [0-1, ties over possible
        pairs, :math:`n(n-1)` directed or :math:`n(n-1)/2` undirected; null with fewer than
        two actors]; ``components`` (of the undirected view); ``largest_component_share``
        [0-1, share of actors in the largest]; ``articulation_points`` and ``bridges``
        (counts, undirected view); ``communities`` (Louvain, on tie weights) and
        ``modularity`` [-0.5 to 1; of the undirected view with every tie weight 1; null
        without ties].

    Examples
    --------
    >>> from socius.networks.khan import khan_network
    >>> network_summary(khan_network()).select("actors", "ties", "components", "bridges").row(0)
    (28, 33, 1, 16)
    """
    n = net.nodes.height
    und = _undirected(net, True)
    ties = net.graph.number_of_edges()
    pairs = n * (n - 1) if net.directed else n * (n - 1) / 2
    comps = list(nx.connected_components(und))
    parts = communities(net, seed=seed)
    groups = [set(g["id"]) for g in parts.partition_by("community")]
    modularity = nx.community.modularity(und, groups) if und.number_of_edges() else None
    return pl.DataFrame(
        {
            "actors": [n],
            "ties": [ties],
            "directed": [net.directed],
            "density": [ties / pairs if pairs else None],
            "components": [len(comps)],
            "largest_component_share": [max(len(c) for c in comps) / n if n else None],
            "articulation_points": [len(list(nx.articulation_points(und)))],
            "bridges": [len(list(nx.bridges(und)))],
            "communities": [len(groups)],
            "modularity": [modularity],
        }
    )


def network_change(net: Network) -> pl.DataFrame:
    """Network size and cohesion per year, with the actors entering and leaving.

    Each year's network is the :func:`~socius.networks.io.snapshot` of that year: the ties
    active in it (a tie with a ``year`` in that year only, one with ``start``/``end`` in
    between, an undated tie in every year) and the actors they link.

    Parameters
    ----------
    net : Network
        A network whose ties carry ``year`` or ``start``/``end`` values.

    Returns
    -------
    polars.DataFrame
        ``year``, ``actors``, ``ties``, ``density``, ``components``,
        ``largest_component_share``, ``entered`` and ``left`` (lists of ids,
        compared with the previous year), ``n_entered``, ``n_left``. Years run
        from the earliest to the latest year, start or end in the tie table, every year
        in between included (a year without active ties has 0 actors). ``density`` is
        ties over possible pairs [0-1; null with fewer than two actors] and
        ``components`` counts the components of the undirected view.

    Raises
    ------
    ValidationError
        If the ties have no year, start or end values.

    Examples
    --------
    The dated ties of the A. Q. Khan network around the BBC China interdiction of 2003:

    >>> from socius.networks.khan import khan_network
    >>> change = network_change(khan_network(dated_only=True))
    >>> change.filter(change["year"] >= 2003).select("year", "actors", "ties", "n_left").rows()
    [(2003, 13, 13, 2), (2004, 5, 3, 8)]
    """
    rows = []
    previous: set[str] = set()
    order = {node: i for i, node in enumerate(net.ids)}
    for year in _years(net):
        snap = snapshot(net, year)
        present = set(snap.ids)
        entered = sorted(present - previous, key=order.__getitem__)
        left = sorted(previous - present, key=order.__getitem__)
        n = len(present)
        ties = snap.graph.number_of_edges()
        pairs = n * (n - 1) if net.directed else n * (n - 1) / 2
        und = _undirected(snap, True)
        comps = [len(c) for c in nx.connected_components(und)]
        rows.append(
            {
                "year": year,
                "actors": n,
                "ties": ties,
                "density": ties / pairs if pairs else None,
                "components": len(comps),
                "largest_component_share": max(comps) / n if n else None,
                "entered": entered,
                "left": left,
                "n_entered": len(entered),
                "n_left": len(left),
            }
        )
        previous = present
    return pl.DataFrame(
        rows,
        schema={
            "year": pl.Int64,
            "actors": pl.Int64,
            "ties": pl.Int64,
            "density": pl.Float64,
            "components": pl.Int64,
            "largest_component_share": pl.Float64,
            "entered": pl.List(pl.String),
            "left": pl.List(pl.String),
            "n_entered": pl.Int64,
            "n_left": pl.Int64,
        },
    )


def period_measures(net: Network, *, binary: bool = False) -> pl.DataFrame:
    """Degree, betweenness and closeness of every actor present in each year (long format).

    Each year's measures are computed on that year's :func:`~socius.networks.io.snapshot`
    alone, so they show how central an actor was among the ties active then.

    Parameters
    ----------
    net : Network
        A network whose ties carry ``year`` or ``start``/``end`` values.
    binary : bool
        Treat every tie as length 1; otherwise shortest paths use ``1 / weight``.

    Returns
    -------
    polars.DataFrame
        ``year``, ``id``, ``degree`` [ties in that year], ``betweenness`` [0-1] and
        ``closeness`` [0-1] (both defined as in :func:`node_measures`, within the year's
        network), one row per actor with at least one tie active in that year; years
        without active ties have no rows.

    Raises
    ------
    ValidationError
        If the ties have no year, start or end values.

    Examples
    --------
    >>> from socius.networks.khan import khan_network
    >>> m = period_measures(khan_network(dated_only=True))
    >>> top = m.filter(m["year"] == 2003).sort("betweenness", descending=True)
    >>> top["id"][0], round(top["betweenness"][0], 3)
    ('LIB', 0.909)
    """
    frames = []
    for year in _years(net):
        snap = snapshot(net, year)
        if snap.nodes.height == 0:
            continue
        between = _betweenness(snap, binary)
        frames.append(
            pl.DataFrame(
                {
                    "year": [year] * snap.nodes.height,
                    "id": snap.ids,
                    "degree": [snap.graph.degree(i) for i in snap.ids],
                    "betweenness": between,
                    "closeness": _closeness(snap, binary),
                },
                schema={
                    "year": pl.Int64,
                    "id": pl.String,
                    "degree": pl.Int64,
                    "betweenness": pl.Float64,
                    "closeness": pl.Float64,
                },
            )
        )
    if not frames:
        return pl.DataFrame(
            schema={
                "year": pl.Int64,
                "id": pl.String,
                "degree": pl.Int64,
                "betweenness": pl.Float64,
                "closeness": pl.Float64,
            }
        )
    return pl.concat(frames)


# ---------------------------------------------------------------------------- helpers


def _years(net: Network) -> list[int]:
    if not has_periods(net):
        raise ValidationError(
            "the network's ties have no year, start or end values, so change over time "
            "cannot be measured; add a year column (or start and end) to the edge list"
        )
    values = pl.concat([net.edges["year"], net.edges["start"], net.edges["end"]]).drop_nulls()
    return list(range(int(values.min()), int(values.max()) + 1))  # type: ignore[arg-type]


def _betweenness(net: Network, binary: bool) -> list[float]:
    """Shortest-path betweenness normalised by ``(n - 1)(n - 2)``, as networkx normalises it."""
    ids = net.ids
    n = len(ids)
    weights = [float(d["weight"]) for _, _, d in net.graph.edges(data=True)]
    if n < 3 or not weights:
        return [0.0] * n
    if not binary and len(set(weights)) > 1:
        scores = nx.betweenness_centrality(net.graph, weight="distance", normalized=True)
        return [float(scores[i]) for i in ids]
    return [float(x) for x in _unit_betweenness(net) / ((n - 1) * (n - 2))]


def _unit_betweenness(net: Network) -> npt.NDArray[np.float64]:
    """Brandes's accumulation for ties of equal length, vectorised over all sources.

    Path counts grow level by level, ``sigma_L = (sigma_{L-1} on level L-1) A`` kept
    on level ``L``; dependencies flow back, ``delta_L = sigma_L * (((1 + delta) /
    sigma) on level L+1) A^T`` (Brandes 2001, doi:10.1080/0022250X.2001.9990249).
    """
    ids = net.ids
    position = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    tails = [position[u] for u, _ in net.graph.edges()]
    heads = [position[v] for _, v in net.graph.edges()]
    adj = sp.csr_array((np.ones(len(tails)), (tails, heads)), shape=(n, n))
    if not net.directed:
        adj = sp.csr_array(((adj + adj.T) > 0).astype(np.float64))
    hops = shortest_path(adj, directed=True, unweighted=True)
    hops[~np.isfinite(hops)] = -1
    deepest = int(hops.max())
    sigma = np.eye(n)
    for level in range(1, deepest + 1):
        grown = (adj.T @ np.where(hops == level - 1, sigma, 0.0).T).T
        sigma += np.where(hops == level, grown, 0.0)
    delta = np.zeros((n, n))
    for level in range(deepest - 1, 0, -1):
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(hops == level + 1, (1.0 + delta) / sigma, 0.0)
        delta += np.where(hops == level, sigma * (adj @ share.T).T, 0.0)
    out: npt.NDArray[np.float64] = delta.sum(axis=0)
    return out


def _undirected(net: Network, binary: bool) -> nx.Graph:
    """Undirected view; reciprocal ties merge and their weights add up."""
    und = nx.Graph()
    und.add_nodes_from(net.graph.nodes(data=True))
    for u, v, data in net.graph.edges(data=True):
        w = 1.0 if binary else float(data["weight"])
        if und.has_edge(u, v):
            und[u][v]["weight"] += w
        else:
            und.add_edge(u, v, weight=w)
    return und


def _closeness(net: Network, binary: bool) -> list[float]:
    ids = net.ids
    n = len(ids)
    if n < 2:
        return [0.0] * n
    dist = _distances(net, binary)
    incoming = dist.T  # row v: distances from every u to v
    finite = np.isfinite(incoming)
    np.fill_diagonal(finite, False)
    reach = finite.sum(axis=1)
    total = np.where(finite, incoming, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(total > 0, (reach / total) * (reach / (n - 1)), 0.0)
    return [float(x) for x in score]


def _distances(net: Network, binary: bool) -> npt.NDArray[np.float64]:
    ids = net.ids
    position = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    rows, cols, vals = [], [], []
    for u, v, data in net.graph.edges(data=True):
        rows.append(position[u])
        cols.append(position[v])
        vals.append(1.0 if binary else float(data["distance"]))
    matrix = sp.csr_array((vals, (rows, cols)), shape=(n, n))
    out: npt.NDArray[np.float64] = shortest_path(matrix, directed=net.directed, unweighted=binary)
    return out


def _eigenvector(und: nx.Graph, ids: list[str]) -> list[float]:
    n = len(ids)
    if und.number_of_edges() == 0:
        return [0.0] * n
    adj = nx.to_scipy_sparse_array(und, nodelist=ids, weight="weight", format="csr")
    n_comp, label = connected_components(adj, directed=False)
    values = np.zeros(n_comp)
    vectors: list[npt.NDArray[np.float64]] = []
    for c in range(n_comp):
        members = np.flatnonzero(label == c)
        sub = adj[members][:, members]
        if members.size == 1:
            values[c], vec = 0.0, np.ones(1)
        elif members.size <= _DENSE_EIGEN:
            eigval, eigvec = np.linalg.eigh(sub.toarray())
            values[c], vec = eigval[-1], np.abs(eigvec[:, -1])
        else:
            eigval, eigvec = eigsh(sub, k=1, which="LA", v0=np.ones(members.size))
            values[c], vec = eigval[0], np.abs(eigvec[:, 0])
        vectors.append(vec / np.linalg.norm(vec))
    top = values.max()
    winners = np.flatnonzero(np.isclose(values, top, rtol=1e-9, atol=1e-12))
    score = np.zeros(n)
    for winner in winners:
        score[label == winner] = vectors[winner] / np.sqrt(winners.size)
    return [float(x) for x in score]

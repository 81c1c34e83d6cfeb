"""Key players: fragmentation, reach and the key-player set search."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.errors import UnknownNameError, ValidationError
from socius.networks import (
    Network,
    fragmentation,
    key_players,
    network_from_frames,
    node_fragmentation,
    reach,
    read_network,
)

DATA = Path(__file__).parent / "data" / "networks"

# An and Liu (2016), keyplayer, ?fragment example: W with distances A = 1/W on non-zero cells.
W = np.array(
    [[0, 1, 3, 0, 0], [0, 0, 0, 4, 0], [1, 1, 0, 2, 0], [0, 0, 0, 0, 3], [0, 2, 0, 0, 0]],
    dtype=float,
)


def _from_matrix(weights: np.ndarray, *, directed: bool = True) -> Network:
    rows, cols = np.nonzero(weights)
    edges = pl.DataFrame(
        {
            "source": [str(i + 1) for i in rows],
            "target": [str(j + 1) for j in cols],
            "weight": weights[rows, cols],
        }
    )
    nodes = pl.DataFrame({"id": [str(i + 1) for i in range(weights.shape[0])]})
    return network_from_frames(edges, nodes, directed=directed)


def _path5() -> Network:
    return read_network(DATA / "path5.csv", directed=False)


def _graph_network(graph: nx.Graph, weights: dict[tuple[int, int], float] | None = None) -> Network:
    table = weights or {}

    def weight(u: int, v: int) -> float:
        found = table.get((u, v), None if graph.is_directed() else table.get((v, u)))
        return 1.0 if found is None else float(found)

    nodes = pl.DataFrame({"id": [str(v) for v in graph.nodes]})
    edges = pl.DataFrame(
        {
            "source": [str(u) for u, _ in graph.edges],
            "target": [str(v) for _, v in graph.edges],
            "weight": [weight(u, v) for u, v in graph.edges],
        },
        schema={"source": pl.String, "target": pl.String, "weight": pl.Float64},
    )
    return network_from_frames(edges, nodes, directed=graph.is_directed())


# ---------------------------------------------------------------- published reference values


def test_weighted_directed_fragmentation_matches_keyplayer() -> None:
    # keyplayer::fragment(A) with A = 1/W (An and Liu 2016, R Journal 8(1): 257-268).
    expected = [0.6365079, 0.7446429, 0.6733500, 0.8333333, 0.7250000]
    got = node_fragmentation(_from_matrix(W))["fragmentation"].to_numpy()
    assert_allclose(got, expected, atol=1e-6)


def test_binary_directed_fragmentation_matches_keyplayer() -> None:
    # keyplayer::fragment(A, binary = TRUE) on the same matrix.
    expected = [0.4166667, 0.5555556, 0.4722222, 0.5833333, 0.4583333]
    got = node_fragmentation(_from_matrix(W), binary=True)["fragmentation"].to_numpy()
    assert_allclose(got, expected, atol=1e-6)


def test_path_graph_fragmentation_matches_keyplayer() -> None:
    # keyplayer::fragment on the undirected path of 5 nodes.
    expected = [0.2777778, 0.5833333, 0.6666667, 0.5833333, 0.2777778]
    got = node_fragmentation(_path5())["fragmentation"].to_numpy()
    assert_allclose(got, expected, atol=1e-6)


def test_path_graph_best_pair_is_second_and_fourth() -> None:
    # keyplayer::kpset(path, size = 2, type = "fragment"): nodes 2 and 4, fragmentation 1.
    best = key_players(_path5(), 2)
    assert set(best.players) == {"2", "4"}
    assert best.search == "exact"
    assert best.score == pytest.approx(1.0, abs=1e-12)


def test_csv_fixture_reproduces_the_matrix_example() -> None:
    net = read_network(DATA / "keyplayer_w.csv")
    got = node_fragmentation(net)["fragmentation"].to_numpy()
    assert_allclose(got, [0.6365079, 0.7446429, 0.6733500, 0.8333333, 0.7250000], atol=1e-6)


def test_set_fragmentation_agrees_with_single_node_table() -> None:
    net = _from_matrix(W)
    table = node_fragmentation(net)
    for node, value in zip(table["id"], table["fragmentation"], strict=True):
        assert fragmentation(net, [node]) == pytest.approx(value, abs=1e-12)


def test_f_is_the_share_of_unreachable_pairs() -> None:
    # Removing node 3 of the path leaves two pairs: 4 of 12 ordered pairs connected.
    assert fragmentation(_path5(), ["3"], method="f") == pytest.approx(1 - 4 / 12, abs=1e-12)
    assert fragmentation(_path5(), method="f") == pytest.approx(0.0, abs=1e-12)


# ---------------------------------------------------------------- properties


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[nx.Graph, dict[tuple[int, int], float]]:
    n = draw(st.integers(3, 12))
    directed = draw(st.booleans())
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v and (directed or u < v)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 30)))
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(chosen)
    weighted = draw(st.booleans())
    weights = {
        e: (draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])) if weighted else 1.0) for e in chosen
    }
    return graph, weights


def _direct_df(graph: nx.Graph, weights: dict[tuple[int, int], float], removed: set[int]) -> float:
    """Fragmentation from networkx shortest paths, written out independently."""
    scale = max(weights.values()) if weights else 1.0
    keep = graph.subgraph([v for v in graph if v not in removed]).copy()
    for u, v in keep.edges:
        keep[u][v]["d"] = 1.0 / weights[(u, v)] if (u, v) in weights else 1.0 / weights[(v, u)]
    n = keep.number_of_nodes()
    total = 0.0
    for source, lengths in nx.all_pairs_dijkstra_path_length(keep, weight="d"):
        total += sum(1.0 / d for target, d in lengths.items() if target != source)
    return 1.0 - total / (n * (n - 1) * scale)


@settings(max_examples=60, deadline=None)
@given(small_graphs())
def test_single_node_fragmentation_equals_recomputation(case: tuple) -> None:
    graph, weights = case
    net = _graph_network(graph, weights)
    got = node_fragmentation(net)["fragmentation"].to_numpy()
    expected = [_direct_df(graph, weights, {v}) for v in graph.nodes]
    assert_allclose(got, expected, atol=1e-9)
    assert np.all((got >= -1e-12) & (got <= 1 + 1e-12))


@settings(max_examples=40, deadline=None)
@given(small_graphs())
def test_distance_weighted_fragmentation_is_at_least_f(case: tuple) -> None:
    graph, weights = case
    net = _graph_network(graph, weights)
    df = node_fragmentation(net)["fragmentation"].to_numpy()
    f = node_fragmentation(net, method="f")["fragmentation"].to_numpy()
    assert np.all(df >= f - 1e-12)


@settings(max_examples=40, deadline=None)
@given(small_graphs(), st.randoms(use_true_random=False))
def test_fragmentation_ignores_node_order(case: tuple, rnd: object) -> None:
    graph, weights = case
    net = _graph_network(graph, weights)
    order = list(graph.nodes)
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = nx.DiGraph() if graph.is_directed() else nx.Graph()
    shuffled.add_nodes_from(order)
    shuffled.add_edges_from(graph.edges)
    a = node_fragmentation(net).sort("id")["fragmentation"].to_numpy()
    b = node_fragmentation(_graph_network(shuffled, weights)).sort("id")["fragmentation"]
    assert_allclose(a, b.to_numpy(), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(small_graphs())
def test_f_matches_component_formula_on_undirected_graphs(case: tuple) -> None:
    graph, _ = case
    und = graph.to_undirected()
    net = _graph_network(und, {(u, v): 1.0 for u, v in und.edges})
    for v in list(und.nodes)[:3]:
        rest = und.subgraph([x for x in und if x != v])
        n = rest.number_of_nodes()
        linked = sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest))
        assert fragmentation(net, [str(v)], method="f") == pytest.approx(
            1 - linked / (n * (n - 1)), abs=1e-12
        )


@settings(max_examples=25, deadline=None)
@given(small_graphs(), st.integers(1, 3), st.sampled_from(["df", "fragmentation"]))
def test_search_score_is_the_score_of_the_set_and_exact_is_best(
    case: tuple, k: int, measure: str
) -> None:
    graph, weights = case
    net = _graph_network(graph, weights)
    if k > graph.number_of_nodes() - 2:
        return
    method = "df" if measure == "df" else "f"
    heuristic = key_players(net, k, measure=measure, exact=False)  # type: ignore[arg-type]
    exact = key_players(net, k, measure=measure, exact=True)  # type: ignore[arg-type]
    assert heuristic.score == pytest.approx(
        fragmentation(net, heuristic.players, method=method),
        abs=1e-9,  # type: ignore[arg-type]
    )
    assert exact.score >= heuristic.score - 1e-9
    best = max(
        fragmentation(net, [str(v) for v in s], method=method)  # type: ignore[arg-type]
        for s in itertools.combinations(graph.nodes, k)
    )
    assert exact.score == pytest.approx(best, abs=1e-9)


def test_swap_phase_improves_a_greedy_start() -> None:
    graph = nx.Graph(
        [
            (0, 5),
            (0, 6),
            (0, 7),
            (0, 8),
            (1, 4),
            (1, 7),
            (1, 9),
            (2, 9),
            (3, 4),
            (3, 5),
            (3, 6),
            (3, 8),
            (6, 9),
        ]
    )
    net = _graph_network(graph)
    found = key_players(net, 2, exact=False)
    assert found.swaps >= 1
    assert found.search == "greedy+swap"
    assert found.score == pytest.approx(key_players(net, 2, exact=True).score, abs=1e-12)
    assert found.score == pytest.approx(fragmentation(net, found.players), abs=1e-12)


def test_result_table_lists_players_with_their_solo_scores() -> None:
    net = _path5()
    best = key_players(net, 2)
    assert best.table.columns == ["rank", "id", "label", "kind", "country", "alone"]
    assert best.table["rank"].to_list() == [1, 2]
    assert_allclose(best.table["alone"].to_numpy(), [0.5833333, 0.5833333], atol=1e-6)


# ---------------------------------------------------------------- reach (KPP-Pos)


def test_reach_of_the_path_cover() -> None:
    net = _path5()
    assert reach(net, ["2", "4"]) == pytest.approx(1.0)
    assert reach(net, ["1"]) == pytest.approx(1 / 4)
    assert reach(net, ["1"], m=2) == pytest.approx(2 / 4)
    # Distance-weighted reach of node 1: (1 + 1/2 + 1/3 + 1/4) / 4.
    assert reach(net, ["1"], method="distance") == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)


def test_reach_direction_on_a_directed_star() -> None:
    edges = pl.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"]})
    net = network_from_frames(edges)
    assert reach(net, ["hub"], mode="out") == pytest.approx(1.0)
    assert reach(net, ["hub"], mode="in") == pytest.approx(0.0)


def test_reach_key_players_cover_a_double_star() -> None:
    edges = pl.DataFrame(
        {"source": ["h1"] * 3 + ["h2"] * 3 + ["h1"], "target": ["a", "b", "c", "d", "e", "f", "h2"]}
    )
    net = network_from_frames(edges, directed=False)
    for exact in (True, False):
        best = key_players(net, 2, measure="reach", exact=exact)
        assert set(best.players) == {"h1", "h2"}
        assert best.score == pytest.approx(1.0)
    dr = key_players(net, 1, measure="dr")
    assert dr.players == ("h1",) or dr.players == ("h2",)


# ---------------------------------------------------------------- bad input


def test_k_larger_than_the_network_is_rejected() -> None:
    with pytest.raises(
        ValidationError, match=r"k=9 does not fit a network of 5 actors.*between 1 and 3"
    ):
        key_players(_path5(), 9)
    with pytest.raises(ValidationError, match="k=0"):
        key_players(_path5(), 0)
    with pytest.raises(ValidationError, match="between 1 and 4"):
        key_players(_path5(), 5, measure="reach")


def test_exact_search_that_is_too_large_is_refused() -> None:
    graph = nx.path_graph(60)
    with pytest.raises(ValidationError, match="exact search would score C\\(60, 8\\)"):
        key_players(_graph_network(graph), 8, exact=True)


def test_unknown_measure_and_actor_are_named() -> None:
    with pytest.raises(UnknownNameError, match=r"measure 'dff'.*did you mean: df"):
        key_players(_path5(), 2, measure="dff")  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="actor '9' is not in the network"):
        fragmentation(_path5(), ["9"])
    with pytest.raises(ValidationError, match="listed twice"):
        fragmentation(_path5(), ["2", "2"])
    with pytest.raises(ValidationError, match="at least 2 actors left"):
        fragmentation(_path5(), ["1", "2", "3", "4"])
    with pytest.raises(ValidationError, match="reach needs at least one member"):
        reach(_path5(), [])
    with pytest.raises(ValidationError, match="reach radius m=-1 is not a positive number"):
        reach(_path5(), ["1"], m=-1)
    with pytest.raises(UnknownNameError, match="mode 'both' is not known"):
        key_players(_path5(), 1, measure="reach", mode="both")  # type: ignore[arg-type]


@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("measure", ["df", "fragmentation"])
def test_both_exact_methods_find_the_first_best_set(
    batched: bool, measure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socius.networks import _search

    if not batched:  # score each (k - 1)-set's extensions with the removal engine
        monkeypatch.setattr(_search, "_BATCHED_CELLS", 0)
    cycle = _graph_network(nx.cycle_graph(6))
    found = key_players(cycle, 2, measure=measure, exact=True)  # type: ignore[arg-type]
    assert found.players == ("0", "3")  # opposite nodes; the first such pair
    graph = nx.gnm_random_graph(11, 16, seed=4)
    net = _graph_network(graph)
    method = "df" if measure == "df" else "f"
    best = max(
        fragmentation(net, [str(v) for v in s], method=method)  # type: ignore[arg-type]
        for s in itertools.combinations(graph.nodes, 3)
    )
    found = key_players(net, 3, measure=measure, exact=True)  # type: ignore[arg-type]
    assert found.score == pytest.approx(best, abs=1e-12)
    assert fragmentation(net, found.players, method=method) == pytest.approx(best, abs=1e-12)  # type: ignore[arg-type]

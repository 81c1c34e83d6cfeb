"""Actor and network measures: centrality, brokerage, communities, cut points, change."""

from __future__ import annotations

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
    BROKERAGE_ROLES,
    bridges,
    brokerage,
    communities,
    network_change,
    network_from_frames,
    network_summary,
    node_measures,
    period_measures,
    read_network,
)
from socius.networks.figures import network_svg, write_network_html

DATA = Path(__file__).parent / "data" / "networks"


def _actors() -> object:
    return read_network(DATA / "actors_edges.csv", nodes=DATA / "actors_nodes.csv")


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(2, 10))
    directed = draw(st.booleans())
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v and (directed or u < v)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=25))
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(range(n))
    for u, v in chosen:
        graph.add_edge(u, v, weight=draw(st.sampled_from([1.0, 2.0, 4.0])))
    return graph


def _network(graph: nx.Graph) -> object:
    edges = pl.DataFrame(
        {
            "source": [str(u) for u, _ in graph.edges],
            "target": [str(v) for _, v in graph.edges],
            "weight": [d["weight"] for _, _, d in graph.edges(data=True)],
        }
    )
    nodes = pl.DataFrame({"id": [str(v) for v in graph.nodes]})
    return network_from_frames(edges, nodes, directed=graph.is_directed())


@settings(max_examples=40, deadline=None)
@given(graphs(), st.booleans())
def test_centralities_agree_with_networkx(graph: nx.Graph, binary: bool) -> None:
    table = node_measures(_network(graph), binary=binary)  # type: ignore[arg-type]
    ref = graph.copy()
    for _, _, d in ref.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    dist = None if binary else "distance"
    between = nx.betweenness_centrality(ref, weight=dist)
    close = nx.closeness_centrality(ref, distance=dist)
    order = list(graph.nodes)
    assert_allclose(table["betweenness"].to_numpy(), [between[v] for v in order], atol=1e-12)
    assert_allclose(table["closeness"].to_numpy(), [close[v] for v in order], atol=1e-12)
    assert table["degree"].to_list() == [graph.degree(v) for v in order]
    assert table["strength"].to_list() == pytest.approx(
        [graph.degree(v, weight="weight") for v in order]
    )
    eig = table["eigenvector"].to_numpy()
    assert np.all(eig >= 0) and np.linalg.norm(eig) == pytest.approx(1.0)


def test_eigenvector_matches_networkx_on_a_connected_graph() -> None:
    graph = nx.karate_club_graph()
    for _, _, d in graph.edges(data=True):
        d["weight"] = 1.0
    table = node_measures(_network(graph), binary=True)  # type: ignore[arg-type]
    ref = nx.eigenvector_centrality_numpy(graph, weight=None)
    assert_allclose(table["eigenvector"].to_numpy(), [ref[v] for v in graph], atol=1e-9)


def test_eigenvector_splits_between_equal_components() -> None:
    graph = nx.Graph([(0, 1), (2, 3)])
    nx.set_edge_attributes(graph, 1.0, "weight")
    eig = node_measures(_network(graph))["eigenvector"].to_numpy()  # type: ignore[arg-type]
    assert_allclose(eig, [0.5, 0.5, 0.5, 0.5], atol=1e-12)


def test_brokerage_roles_on_the_fixture() -> None:
    # Groups by country: S1 XA, S2 XB, F1 XA, F2 XC, F3 XC, P1 XB, O1 XD.
    roles = brokerage(_actors()).sort("id")  # type: ignore[arg-type]
    row = {r["id"]: r for r in roles.iter_rows(named=True)}
    assert row["P1"]["liaison"] == 4  # F1/O1 -> P1 -> F2/F3: all groups differ
    assert row["F1"]["representative"] == 1  # S1 (XA) -> F1 (XA) -> P1 (XB)
    assert row["F2"]["consultant"] == 1  # P1 (XB) -> F2 (XC) -> S2 (XB)
    assert row["S1"]["brokerage"] == 0
    assert roles["brokerage"].sum() == 7


def test_brokerage_coordinator_and_gatekeeper() -> None:
    edges = pl.DataFrame(
        {"source": ["a", "b", "x", "g"], "target": ["b", "c", "g", "h"]},
    )
    nodes = pl.DataFrame(
        {"id": ["a", "b", "c", "x", "g", "h"], "country": ["P", "P", "P", "Q", "R", "R"]}
    )
    table = brokerage(network_from_frames(edges, nodes))
    row = {r["id"]: r for r in table.iter_rows(named=True)}
    assert row["b"]["coordinator"] == 1
    assert row["g"]["gatekeeper"] == 1
    assert set(BROKERAGE_ROLES) <= set(table.columns)


def test_closed_triads_and_missing_groups_are_not_brokerage() -> None:
    edges = pl.DataFrame({"source": ["a", "b", "a", "d"], "target": ["b", "c", "c", "b"]})
    nodes = pl.DataFrame({"id": ["a", "b", "c", "d"], "country": ["P", "Q", "R", None]})
    table = brokerage(network_from_frames(edges, nodes))
    assert table["brokerage"].to_list() == [0, 0, 0, 0]


def test_brokerage_needs_direction_and_a_known_group() -> None:
    und = read_network(DATA / "path5.csv", directed=False)
    with pytest.raises(ValidationError, match="need directed ties"):
        brokerage(und)
    with pytest.raises(UnknownNameError, match=r"group 'countri'.*did you mean: country"):
        brokerage(_actors(), group="countri")  # type: ignore[arg-type]
    assert node_measures(und)["brokerage"].null_count() == 5


def test_communities_find_two_cliques_and_are_reproducible() -> None:
    graph = nx.barbell_graph(5, 0)
    nx.set_edge_attributes(graph, 1.0, "weight")
    net = _network(graph)
    first = communities(net, seed=3)  # type: ignore[arg-type]
    assert first.equals(communities(net, seed=3))  # type: ignore[arg-type]
    labels = first["community"].to_list()
    assert labels[:5] == [labels[0]] * 5 and labels[5:] == [labels[5]] * 5
    assert labels[0] != labels[5]


def test_bridges_and_articulation_points_of_a_path() -> None:
    net = read_network(DATA / "path5.csv", directed=False)
    assert bridges(net).rows() == [("1", "2"), ("2", "3"), ("3", "4"), ("4", "5")]
    assert node_measures(net)["articulation_point"].to_list() == [False, True, True, True, False]
    summary = network_summary(net).row(0, named=True)
    assert summary["actors"] == 5 and summary["bridges"] == 4 and summary["components"] == 1
    assert summary["density"] == pytest.approx(0.4)


def test_network_change_lists_entries_and_exits() -> None:
    change = network_change(_actors())  # type: ignore[arg-type]
    assert change["year"].to_list() == [1990, 1991, 1992, 1993]
    rows = {r["year"]: r for r in change.iter_rows(named=True)}
    assert rows[1990]["entered"] == ["S1", "F1"] and rows[1990]["left"] == []
    assert rows[1991]["left"] == ["S1"]
    assert rows[1993]["entered"] == ["F1", "O1"]
    assert rows[1993]["ties"] == 3
    long = period_measures(_actors())  # type: ignore[arg-type]
    assert long.filter(pl.col("year") == 1993).height == rows[1993]["actors"]
    with pytest.raises(ValidationError, match="change over time cannot be measured"):
        network_change(read_network(DATA / "path5.csv"))


def test_figure_and_html_page(tmp_path: Path) -> None:
    net = _actors()
    svg = network_svg(net, key_players=["P1"])  # type: ignore[arg-type]
    assert svg.startswith("<svg") and "key player" in svg
    page = write_network_html(net, tmp_path / "net.html")  # type: ignore[arg-type]
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text
    assert "Change over time" in text and "Person One" in text
    assert 'src="http' not in text and 'href="http' not in text
    with pytest.raises(ValidationError, match="unsupported extension"):
        write_network_html(net, tmp_path / "net.pdf")  # type: ignore[arg-type]

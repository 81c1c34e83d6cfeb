"""The shortest-path engine behind key players: node removal by dominator trees."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.networks import _removal as removal
from socius.networks._paths import Arcs, distance_matrix, insert_node, remove_nodes
from socius.networks._removal import RemovalAnalysis, best_removal, removal_sums


@st.composite
def arc_sets(draw: st.DrawFn) -> Arcs:
    n = draw(st.integers(2, 16))
    directed = draw(st.booleans())
    unit = draw(st.booleans())
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v and (directed or u < v)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 40)))
    lengths = [1.0 if unit else draw(st.sampled_from([0.25, 0.5, 1.0, 1.5, 3.0])) for _ in chosen]
    rows = [u for u, _ in chosen] + ([] if directed else [v for _, v in chosen])
    cols = [v for _, v in chosen] + ([] if directed else [u for u, _ in chosen])
    data = lengths + ([] if directed else lengths)
    matrix = sp.csr_array((data, (rows, cols)), shape=(n, n))
    return Arcs.from_matrix(matrix, unit=unit)


@settings(max_examples=120, deadline=None)
@given(arc_sets(), st.booleans())
def test_dominator_update_equals_one_search_per_removed_node(arcs: Arcs, tiny: bool) -> None:
    slow = removal_sums(arcs, method="direct")
    with pytest.MonkeyPatch.context() as patch:
        if tiny:  # many source blocks, sorted levels and small batches of triples
            patch.setattr(removal, "_CHUNK_CELLS", 20)
            patch.setattr(removal, "_MASKED_LEVELS", 0)
            patch.setattr(removal, "_TRIPLE_BATCH", 3)
        fast = removal_sums(arcs, method="dominators")
    assert_allclose(fast[0], slow[0], atol=1e-9)
    assert_allclose(fast[1], slow[1], atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(arc_sets(), st.data())
def test_distances_without_a_node_and_with_it_back(arcs: Arcs, data: st.DataObject) -> None:
    node = data.draw(st.integers(0, arcs.n - 1))
    analysis = RemovalAnalysis(arcs)
    sub, kept = remove_nodes(arcs, [node])
    assert_allclose(analysis.distances_without(node), distance_matrix(sub), atol=1e-12)
    back, positions = insert_node(arcs, kept, distance_matrix(sub), node)
    assert positions.tolist() == list(range(arcs.n))
    assert_allclose(back, distance_matrix(arcs), atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(arc_sets(), st.booleans())
def test_branch_and_bound_finds_the_best_removal(arcs: Arcs, reach: bool) -> None:
    if arcs.n < 3:
        return
    inv_sum, reach_count = removal_sums(arcs, method="direct")
    remaining = reach_count if reach else inv_sum
    analysis = RemovalAnalysis(arcs)
    found = best_removal(analysis, reach=reach)
    assert found is not None
    best = remaining.min()
    assert found[1] == pytest.approx(best, abs=1e-9)
    assert found[0] == int(np.flatnonzero(np.isclose(remaining, best, atol=1e-9))[0])
    total = analysis.total_reach if reach else analysis.total_inv
    assert best_removal(analysis, reach=reach, floor=total - best + 1e-6) is None


def test_long_chains_are_exact_with_either_method(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.path_graph(120)
    arcs = Arcs.from_matrix(nx.to_scipy_sparse_array(graph, format="csr"), unit=True)
    slow = removal_sums(arcs, method="direct")
    monkeypatch.setattr(removal, "_TRIPLE_BATCH", 1_000)  # deep trees, levels sorted
    fast = removal_sums(arcs, method="dominators")
    assert_allclose(fast[0], slow[0], atol=1e-9)
    assert_allclose(removal_sums(arcs)[1], slow[1], atol=1e-9)
    # Removing an inner node of the path splits it into two paths.
    left, right = 60, 59
    assert slow[1][60] == pytest.approx(left * (left - 1) + right * (right - 1))

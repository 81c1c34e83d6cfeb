"""What deleting one node does to all shortest paths, for every node at once.

Fragmentation after removing ``v`` needs the distances of ``G - v``. Running an
all-pairs search for each ``v`` costs ``n`` all-pairs searches; instead this
module reuses the distances of ``G``. A pair ``(s, t)`` changes only when every
shortest ``s -> t`` path runs through ``v``, that is when ``v`` is a proper
dominator of ``t`` in the shortest-path DAG rooted at ``s``.

For each source the dominator tree of its shortest-path DAG is built level by
level (the immediate dominator of a node is the lowest common ancestor of its
DAG parents; Cooper, Harvey and Kennedy 2001, "A Simple, Fast Dominance
Algorithm"), vectorised across blocks of sources. Trees are numbered in
pre-order, so that the nodes ``v`` dominates form a contiguous range. The new
distances of dominated pairs come from a Bellman-Ford relaxation over the arcs
that enter them, with every other distance held fixed (those are unchanged in
``G - v``). The work grows with the number of (source, dominator, target)
triples: small when networks have redundant paths, large for long chains.

Subtree sums give, without any recomputation, an upper bound on how much a
removal can lose (a dominated pair loses at most ``1 / d``), so the key-player
search can recompute only the candidates that might win (:func:`best_removal`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from socius.networks._paths import (
    Arcs,
    FloatArray,
    IntArray,
    distance_matrix,
    inverse_distance,
    remove_nodes,
)

__all__ = ["RemovalAnalysis", "best_removal", "removal_sums"]

I32 = npt.NDArray[np.int32]

# Relative slack when deciding whether an arc lies on a shortest path (weighted case).
_REL_TOL = 1e-10
# Cells (sources x arcs) processed at once; bounds the working memory.
_CHUNK_CELLS = 3_000_000
# Rough cost of recomputing one arc of one dominated pair (measured on a 2-core machine).
_SECONDS_PER_TRIPLE_ARC = 5e-8
# Most (source, dominator, target) triples recomputed at once; bounds the working memory.
_TRIPLE_BATCH = 1_000_000
# Deepest DAG level up to which levels are picked by masks instead of a sort.
_MASKED_LEVELS = 24
# Candidates scored exactly before the bound is tightened in best_removal.
_FIRST_ROUND = 16
_SLACK = 1e-9
_TIE = 1e-12  # relative difference below which two losses count as equal


@dataclass(frozen=True)
class _Block:
    """Dominator trees of a block of sources, as flat ``local source * n + node`` arrays."""

    sources: IntArray
    depth: I32  # -1 unreachable, 0 the source
    pre: I32  # pre-order number within its tree
    size: I32  # subtree size
    node_at: I32  # (local source * n + pre-order number) -> node


class RemovalAnalysis:
    """Per-node effects of deleting one node of a network.

    Parameters
    ----------
    arcs : Arcs
        The network.
    dist : ndarray, optional
        Its all-pairs distances, if already known.

    Attributes
    ----------
    total_inv, total_reach : float
        ``sum_{i != j} 1 / d_ij`` and the number of reachable ordered pairs of ``G``.
    own_inv, own_reach : ndarray
        The part of those totals in pairs that involve ``v`` (row plus column).
    upper_inv, upper_reach : ndarray
        Upper bounds on the further loss from pairs that ``v`` dominates.
    lower_inv : ndarray
        A lower bound on that loss of inverse distance (0 unless arcs have unit length).
    """

    def __init__(self, arcs: Arcs, dist: FloatArray | None = None) -> None:
        self.arcs = arcs
        self.dist = distance_matrix(arcs) if dist is None else dist
        n = arcs.n
        inv = inverse_distance(self.dist)
        reach = np.isfinite(self.dist)
        np.fill_diagonal(reach, False)
        self.total_inv = float(inv.sum())
        self.total_reach = float(reach.sum())
        self.own_inv = inv.sum(axis=0) + inv.sum(axis=1)
        self.own_reach = (reach.sum(axis=0) + reach.sum(axis=1)).astype(np.float64)
        del inv, reach
        self.upper_inv = np.zeros(n)
        self.upper_reach = np.zeros(n)
        self.lower_inv = np.zeros(n)
        self._ptr = arcs.in_pointer()
        self._blocks: list[_Block] = []
        if n < 3 or arcs.tail.size == 0:
            return
        chunk = max(1, min(n, _CHUNK_CELLS // max(arcs.tail.size, n)))
        for lo in range(0, n, chunk):
            self._blocks.append(self._analyse(np.arange(lo, min(n, lo + chunk))))

    def _analyse(self, sources: IntArray) -> _Block:
        n = self.arcs.n
        drow = self.dist[sources]
        idom, depth = _dominator_trees(self.arcs, drow, sources)
        block, sub_inv, sub_lo = _tree_order(idom, depth, drow, sources, self.arcs.unit)
        inner = np.flatnonzero(depth >= 1)
        node = inner % n
        self.upper_inv += np.bincount(node, weights=sub_inv[inner], minlength=n)
        self.lower_inv += np.bincount(node, weights=sub_lo[inner], minlength=n)
        self.upper_reach += np.bincount(node, weights=block.size[inner] - 1.0, minlength=n)
        return block

    def losses(self, candidates: npt.ArrayLike | None = None) -> tuple[FloatArray, FloatArray]:
        """Exact loss of inverse distance and of reachable pairs among dominated pairs.

        Parameters
        ----------
        candidates : array of int, optional
            Nodes to evaluate (default all); the others get 0.
        """
        n = self.arcs.n
        chosen = np.ones(n, dtype=bool)
        if candidates is not None:
            chosen[:] = False
            chosen[np.asarray(candidates, dtype=np.int64)] = True
        lost_inv = np.zeros(n)
        lost_reach = np.zeros(n)
        for block, trip, new in self._recomputed(chosen):
            old = self.dist[block.sources[trip.base // n], trip.target]
            with np.errstate(divide="ignore"):
                new_inv = np.where(np.isfinite(new), 1.0 / new, 0.0)
            lost_inv += np.bincount(trip.dominator, weights=1.0 / old - new_inv, minlength=n)
            lost_reach += np.bincount(trip.dominator, weights=np.isinf(new) * 1.0, minlength=n)
        return lost_inv, lost_reach

    def _recomputed(
        self, chosen: npt.NDArray[np.bool_]
    ) -> Iterator[tuple[_Block, _Triples, FloatArray]]:
        """New distances of the pairs dominated by the chosen nodes, in bounded batches."""
        n = self.arcs.n
        for block in self._blocks:
            inner = np.flatnonzero((block.depth >= 1) & (block.size >= 2)).astype(np.int32)
            inner = inner[chosen[inner % n]]
            if not inner.size:
                continue
            below = block.size[inner] - 1
            bucket = (np.cumsum(below) - below) // _TRIPLE_BATCH  # a group is never split
            cuts = np.flatnonzero(np.diff(bucket)) + 1
            drow = self.dist[block.sources]
            for part in np.split(inner, cuts):
                trip = _triples(block, part, n)
                yield block, trip, _recompute(self.arcs, self._ptr, drow, block, trip)

    def distances_without(self, node: int) -> FloatArray:
        """All-pairs distances of ``G - node`` (its row and column dropped)."""
        n = self.arcs.n
        dist = self.dist.copy()
        chosen = np.zeros(n, dtype=bool)
        chosen[node] = True
        for block, trip, new in self._recomputed(chosen):
            dist[block.sources[trip.base // n], trip.target] = new
        keep = np.flatnonzero(np.arange(n) != node)
        out: FloatArray = dist[np.ix_(keep, keep)]
        return out


def removal_sums(
    arcs: Arcs,
    dist: FloatArray | None = None,
    *,
    method: Literal["auto", "dominators", "direct"] = "auto",
) -> tuple[FloatArray, FloatArray]:
    """For each node ``v``, the inverse-distance sum and reachable-pair count of ``G - v``.

    Parameters
    ----------
    arcs : Arcs
    dist : ndarray, optional
        All-pairs distances of ``G``, if known.
    method : {"auto", "dominators", "direct"}
        ``dominators`` recomputes only the dominated pairs; ``direct`` runs one
        all-pairs search per removed node; ``auto`` picks the one estimated faster.

    Returns
    -------
    inv_sum : ndarray of float, shape (n,)
        ``sum_{i != j; i, j != v} 1 / d_{G - v}(i, j)`` with ``1 / inf = 0``.
    reach_count : ndarray of float, shape (n,)
        Number of ordered pairs ``(i, j)``, ``i != j``, both not ``v``, with ``j``
        reachable from ``i`` in ``G - v``.
    """
    if dist is None:
        started = time.perf_counter()
        dist = distance_matrix(arcs)
        search_s = time.perf_counter() - started
    else:  # a rough model of one all-pairs search
        search_s = 1e-7 * arcs.n**2 + 5e-9 * arcs.n * arcs.tail.size
    if method == "direct":
        return _direct_sums(arcs)
    if method not in ("auto", "dominators"):
        raise ValueError(f"unknown method {method!r}")
    analysis = RemovalAnalysis(arcs, dist)
    if method == "auto" and _direct_is_cheaper(analysis, search_s):
        return _direct_sums(arcs)
    lost_inv, lost_reach = analysis.losses()
    inv_sum = analysis.total_inv - analysis.own_inv - lost_inv
    reach_count = analysis.total_reach - analysis.own_reach - lost_reach
    return inv_sum, reach_count


def _direct_is_cheaper(analysis: RemovalAnalysis, search_s: float) -> bool:
    """Compare rough costs: n all-pairs searches against recomputing every dominated pair.

    Chains and trees have deep dominator trees: the triples number up to about
    ``n^3 / 3`` and plain searches in the sparse residual networks can be cheaper.
    Both ways give the same sums; only the time differs.
    """
    n = analysis.arcs.n
    arcs = analysis.arcs.tail.size
    triples = float(analysis.upper_reach.sum())
    recompute_s = _SECONDS_PER_TRIPLE_ARC * triples * (1.0 + arcs / max(n, 1))
    return n * search_s < recompute_s


def _direct_sums(arcs: Arcs) -> tuple[FloatArray, FloatArray]:
    """The same sums as :func:`removal_sums`, by one all-pairs search per removed node."""
    inv_sum = np.zeros(arcs.n)
    reach_count = np.zeros(arcs.n)
    for node in range(arcs.n):
        sub, _ = remove_nodes(arcs, [node])
        dist = distance_matrix(sub)
        inv_sum[node] = inverse_distance(dist).sum()
        reach_count[node] = np.isfinite(dist).sum() - sub.n
    return inv_sum, reach_count


def best_removal(
    analysis: RemovalAnalysis, *, reach: bool, floor: float = -np.inf
) -> tuple[int, float] | None:
    """The node whose removal loses the most, and what remains; branch and bound.

    Parameters
    ----------
    analysis : RemovalAnalysis
    reach : bool
        Rank by lost reachable pairs (fragmentation F) instead of lost inverse
        distance (DF).
    floor : float
        Only a loss above *floor* is of interest.

    Returns
    -------
    (node, remaining) or None
        The node with the largest loss (the lowest position among equals) and the
        inverse-distance sum (or reachable-pair count) left after removing it;
        None when no node loses more than *floor*.

    Notes
    -----
    ``lower(v) <= loss(v) = own(v) + dominated(v) <= own(v) + upper(v)``. Candidates
    are scored exactly in rounds of growing size, in order of their upper bounds;
    after each round every node whose upper bound is below the best loss found (or
    the best lower bound) is ruled out. The answer is the same as scoring every node.
    """
    own = analysis.own_reach if reach else analysis.own_inv
    upper = own + (analysis.upper_reach if reach else analysis.upper_inv)
    lower = own + (0.0 if reach else analysis.lower_inv)
    total = analysis.total_reach if reach else analysis.total_inv
    exact = np.full(upper.size, -np.inf)
    threshold = max(floor, float(lower.max()) if lower.size else floor)
    waiting = np.argsort(-upper, kind="stable")
    batch = _FIRST_ROUND
    while True:
        # The slack keeps candidates whose bound equals the best up to rounding.
        waiting = waiting[upper[waiting] >= threshold - _SLACK * (1.0 + abs(threshold))]
        if not waiting.size:
            break
        take, waiting = waiting[:batch], waiting[batch:]
        exact[take] = _loss(analysis, take, own, reach)
        threshold = max(threshold, float(exact[take].max()))
        batch *= 2
    top = float(exact.max())
    if not np.isfinite(top) or top <= floor:
        return None
    # Equal losses up to rounding go to the lowest position.
    best = int(np.flatnonzero(exact >= top - _TIE * (1.0 + abs(top)))[0])
    return best, float(total - exact[best])


def _loss(analysis: RemovalAnalysis, nodes: IntArray, own: FloatArray, reach: bool) -> FloatArray:
    lost_inv, lost_reach = analysis.losses(nodes)
    lost = lost_reach if reach else lost_inv
    out: FloatArray = own[nodes] + lost[nodes]
    return out


# ---------------------------------------------------------------------------- dominator trees


def _dominator_trees(arcs: Arcs, drow: FloatArray, sources: IntArray) -> tuple[I32, I32]:
    """Immediate dominators and depths in each source's shortest-path DAG (flat arrays)."""
    n = arcs.n
    c = sources.size
    roots = (np.arange(c) * n + sources).astype(np.int32)
    idom = np.full(c * n, -1, dtype=np.int32)
    depth = np.full(c * n, -1, dtype=np.int32)
    # The depth-1 ancestor of every node: parents below different ones meet at the root.
    top = np.full(c * n, -1, dtype=np.int32)
    idom[roots] = sources
    depth[roots] = 0
    if arcs.unit:
        hops = _hops(drow)
        on_dag = hops[:, arcs.tail]
        on_dag += 1
        mask = on_dag == hops[:, arcs.head]
        del on_dag
    else:
        to_head = drow[:, arcs.head]
        via = drow[:, arcs.tail] + arcs.length
        mask = np.isfinite(to_head) & (via <= to_head * (1.0 + _REL_TOL))
        del to_head, via
    cell = np.flatnonzero(mask)
    del mask
    m = arcs.tail.size
    local = (cell // m).astype(np.int32)
    arc = (cell - local.astype(np.int64) * m).astype(np.int32)
    base = local * np.int32(n)
    parent = base + arcs.tail[arc]
    child = base + arcs.head[arc]  # ascending within a source: arcs are sorted by head
    del cell, local, arc, base
    if child.size == 0:
        return idom, depth
    level = hops.ravel()[child] if arcs.unit else _dag_levels(parent, child, c * n)[child]
    deepest = int(level.max())
    if deepest <= _MASKED_LEVELS:  # a few passes beat a sort
        for value in range(1, deepest + 1):
            at = np.flatnonzero(level == value)  # keeps the children in ascending order
            if at.size:
                _assign_level(idom, depth, top, roots, parent[at], child[at], n)
        return idom, depth
    order = np.argsort(level, kind="stable")
    parent, child, level = parent[order], child[order], level[order]
    cuts = np.flatnonzero(np.diff(level)) + 1
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, child.size], strict=True):
        _assign_level(idom, depth, top, roots, parent[lo:hi], child[lo:hi], n)
    return idom, depth


def _hops(drow: FloatArray) -> npt.NDArray[np.signedinteger[Any]]:
    """Hop counts as small integers (radix-sortable); -2 marks unreachable."""
    hops = np.where(np.isfinite(drow), drow, -2.0)
    if drow.shape[1] < 32_000:
        return hops.astype(np.int16)
    return hops.astype(np.int32)


def _dag_levels(parent: I32, child: I32, cells: int) -> I32:
    """Most arcs on a path from the source to each node in the shortest-path DAG."""
    level = np.zeros(cells, dtype=np.int32)
    order = np.argsort(child, kind="stable")
    parent, child = parent[order], child[order]
    starts = np.flatnonzero(np.r_[True, child[1:] != child[:-1]])
    heads = child[starts]
    while True:
        best = np.maximum.reduceat(level[parent] + 1, starts)
        if np.array_equal(best, level[heads]):
            return level
        level[heads] = best


def _assign_level(
    idom: I32, depth: I32, top: I32, roots: I32, parent: I32, child: I32, n: int
) -> None:
    """Set the immediate dominator of every child on one level: the LCA of its parents."""
    size = child.size
    new_group = np.empty(size, dtype=bool)
    new_group[0] = True
    np.not_equal(child[1:], child[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    ends = np.r_[starts[1:], size]
    heads = child[starts]
    lca = parent[starts]  # the answer for children with a single DAG parent
    # Parents under different depth-1 subtrees, or the root itself, meet at the root.
    tops = top[parent]
    odd = tops < 0
    odd[1:] |= (tops[1:] != tops[:-1]) & ~new_group[1:]
    hits = np.cumsum(odd)
    at_root = hits[ends - 1] - hits[starts] + odd[starts] > 0
    lca[at_root] = roots[heads[at_root] // n]
    todo = ~at_root & (ends - starts > 1)
    if todo.any():
        keep = np.repeat(todo, ends - starts)
        node, sub_child = parent[keep], child[keep]
        first = np.r_[True, sub_child[1:] != sub_child[:-1]]
        sub_starts = np.flatnonzero(first)
        group = np.cumsum(first) - 1
        base = sub_child - sub_child % n
        # Lift every parent to the shallowest depth in its group ...
        target = np.minimum.reduceat(depth[node], sub_starts)[group]
        deep = np.flatnonzero(depth[node] > target)
        while deep.size:
            node[deep] = base[deep] + idom[node[deep]]
            deep = deep[depth[node[deep]] > target[deep]]
        # ... then lift whole groups together until their members coincide.
        while True:
            split = np.flatnonzero(
                np.minimum.reduceat(node, sub_starts) != np.maximum.reduceat(node, sub_starts)
            )
            if not split.size:
                break
            move = np.flatnonzero(np.isin(group, split))
            node[move] = base[move] + idom[node[move]]
        lca[np.flatnonzero(todo)] = node[sub_starts]
    idom[heads] = lca % n
    lca_depth = depth[lca]
    depth[heads] = lca_depth + 1
    top[heads] = np.where(lca_depth == 0, heads, top[lca])


def _tree_order(
    idom: I32, depth: I32, drow: FloatArray, sources: IntArray, unit: bool
) -> tuple[_Block, FloatArray, FloatArray]:
    """Pre-order numbers and subtree sizes; bounds on the loss of the pairs below each node."""
    n = drow.shape[1]
    flat = np.flatnonzero(depth >= 1).astype(np.int32)
    flat = flat[np.argsort(depth[flat].astype(np.int16), kind="stable")]
    cuts = np.flatnonzero(np.diff(depth[flat])) + 1
    levels = np.split(flat, cuts)
    size = (depth >= 0).astype(np.int32)
    inv_d = np.zeros(depth.size)
    reached = np.flatnonzero(depth >= 1)
    inv_d[reached] = 1.0 / drow.ravel()[reached]
    # Each dominated pair loses at most 1 / d; with unit lengths at least 1/d - 1/(d + 1).
    gain_lo = np.zeros(depth.size)
    if unit:
        gain_lo[reached] = inv_d[reached] - 1.0 / (drow.ravel()[reached] + 1.0)
    below = np.zeros(depth.size)
    below_lo = np.zeros(depth.size)
    for nodes in reversed(levels):
        parents = nodes - nodes % n + idom[nodes]
        np.add.at(size, parents, size[nodes])
        np.add.at(below, parents, below[nodes] + inv_d[nodes])
        if unit:
            np.add.at(below_lo, parents, below_lo[nodes] + gain_lo[nodes])
    pre = np.where(depth == 0, 0, -1).astype(np.int32)
    for nodes in levels:
        parents = nodes - nodes % n + idom[nodes]
        order = np.argsort(parents)  # any order of siblings will do
        nodes, parents = nodes[order], parents[order]
        sizes = size[nodes]
        done = np.cumsum(sizes) - sizes  # sizes of the earlier nodes on this level
        first = np.r_[True, parents[1:] != parents[:-1]]
        done -= np.maximum.accumulate(np.where(first, done, 0))
        pre[nodes] = pre[parents] + 1 + done
    everyone = np.flatnonzero(depth >= 0).astype(np.int32)
    node_at = np.full(depth.size, -1, dtype=np.int32)
    node_at[everyone - everyone % n + pre[everyone]] = everyone % n
    return _Block(sources, depth, pre, size, node_at), below, below_lo


# ---------------------------------------------------------------------------- recomputation


@dataclass(frozen=True)
class _Triples:
    """(source, proper dominator, target) triples, grouped by (source, dominator).

    A group lists the dominator's subtree in pre-order, so the triple of target
    ``u`` sits at ``first + pre[u] - pre[dominator] - 1``.
    """

    base: I32  # flat offset (local source * n)
    dominator: I32
    target: I32
    dom_pre: I32
    dom_size: I32
    first: I32


def _triples(block: _Block, inner: I32, n: int) -> _Triples:
    """The triples of the given dominators (flat positions) in one block."""
    below = block.size[inner] - 1
    owner = np.repeat(np.arange(inner.size, dtype=np.int32), below)
    starts = (np.cumsum(below) - below).astype(np.int32)
    dom_flat = inner[owner]
    base = dom_flat - dom_flat % n
    pre_t = block.pre[dom_flat] + 1 + (np.arange(owner.size, dtype=np.int32) - starts[owner])
    return _Triples(
        base=base,
        dominator=dom_flat % n,
        target=block.node_at[base + pre_t],
        dom_pre=block.pre[dom_flat],
        dom_size=block.size[dom_flat],
        first=starts[owner],
    )


def _recompute(
    arcs: Arcs, ptr: IntArray, drow: FloatArray, block: _Block, trip: _Triples
) -> FloatArray:
    """Distances of dominated pairs once their dominator is removed."""
    count = (ptr[trip.target + 1] - ptr[trip.target]).astype(np.int32)
    starts = np.cumsum(count, dtype=np.int64) - count
    owner = np.repeat(np.arange(count.size, dtype=np.int32), count)
    arc = np.repeat((ptr[trip.target] - starts).astype(np.int32), count)
    arc += np.arange(owner.size, dtype=np.int32)
    where_u = trip.base[owner] + arcs.tail[arc]
    rel = block.pre[where_u] - trip.dom_pre[owner]
    inside = (rel > 0) & (rel < trip.dom_size[owner])
    outside = (rel != 0) & ~inside  # rel == 0: the arc leaves the removed node itself
    step = 1.0 if arcs.unit else arcs.length[arc]
    cand = np.where(outside, drow.ravel()[where_u] + step, np.inf)
    new = np.minimum.reduceat(cand, starts)
    idx = np.flatnonzero(inside)
    own_in = owner[idx]
    from_in = trip.first[own_in] + rel[idx] - 1
    len_in = np.ones(idx.size) if arcs.unit else arcs.length[arc[idx]]
    while own_in.size:
        relaxed = new.copy()
        np.minimum.at(relaxed, own_in, new[from_in] + len_in)
        if np.array_equal(relaxed, new):
            break
        new = relaxed
    return new

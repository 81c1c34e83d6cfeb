"""Arcs on node positions and all-pairs shortest paths.

Everything here works on integer node positions ``0 .. n-1`` and arc *lengths*
(distances, not strengths); :mod:`socius.networks.keyplayer` translates between
actors and positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

__all__ = ["Arcs", "distance_matrix", "insert_node", "inverse_distance", "remove_nodes"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Arcs:
    """Arcs of a network on node positions, sorted by head (the node they enter).

    Parameters
    ----------
    n : int
        Number of nodes.
    tail, head : ndarray of int
        Arc ``tail[i] -> head[i]``; an undirected tie appears as two arcs.
    length : ndarray of float
        Arc length [distance units]; 1.0 for every arc when ``unit`` is true.
    unit : bool
        True when all lengths are 1 (breadth-first search applies).
    """

    n: int
    tail: Int32Array
    head: Int32Array
    length: FloatArray
    unit: bool

    @classmethod
    def from_matrix(cls, lengths: sp.csr_array | sp.csr_matrix, *, unit: bool) -> Arcs:
        """Build from a square sparse matrix whose non-zero ``[i, j]`` is the length of ``i -> j``."""
        coo = sp.coo_array(lengths)
        keep = coo.row != coo.col
        tail = coo.row[keep].astype(np.int32)
        head = coo.col[keep].astype(np.int32)
        length = np.ones(tail.size) if unit else coo.data[keep].astype(np.float64)
        order = np.lexsort((tail, head))
        return cls(int(coo.shape[0]), tail[order], head[order], length[order], unit)

    def matrix(self) -> sp.csr_array:
        """The arc lengths as a CSR matrix (shortest of any parallel arcs)."""
        frame = sp.coo_array((self.length, (self.tail, self.head)), shape=(self.n, self.n))
        csr = sp.csr_array(frame)
        csr.sum_duplicates()
        return csr

    def in_pointer(self) -> IntArray:
        """``ptr`` such that the arcs entering node ``t`` are ``ptr[t]:ptr[t+1]``."""
        return np.concatenate(([0], np.cumsum(np.bincount(self.head, minlength=self.n)))).astype(
            np.int64
        )


def remove_nodes(arcs: Arcs, removed: npt.ArrayLike) -> tuple[Arcs, IntArray]:
    """Delete nodes and renumber the rest; return the new arcs and the kept positions."""
    drop = np.zeros(arcs.n, dtype=bool)
    drop[np.asarray(removed, dtype=np.int64)] = True
    kept = np.flatnonzero(~drop).astype(np.int64)
    new_pos = np.full(arcs.n, -1, dtype=np.int32)
    new_pos[kept] = np.arange(kept.size, dtype=np.int32)
    keep = ~(drop[arcs.tail] | drop[arcs.head])
    sub = Arcs(
        kept.size, new_pos[arcs.tail[keep]], new_pos[arcs.head[keep]], arcs.length[keep], arcs.unit
    )
    return sub, kept


def insert_node(
    arcs: Arcs, kept: IntArray, dist: FloatArray, node: int
) -> tuple[FloatArray, IntArray]:
    """Distances after putting a removed node back, without a new all-pairs search.

    Parameters
    ----------
    arcs : Arcs
        The full network.
    kept : ndarray of int
        Positions (ascending) of the nodes present; *dist* is their distance matrix.
    node : int
        The removed node to restore.

    Returns
    -------
    dist : ndarray
        Distances among ``kept`` plus *node*, in ascending position order.
    kept : ndarray of int
        The new positions.

    Notes
    -----
    A shortest path in the enlarged network either avoids *node*, or enters it
    once: ``d'(s, t) = min(d(s, t), d(s, node) + d(node, t))``, where
    ``d(s, node) = min_p d(s, p) + w(p, node)`` over the arcs into *node* and
    ``d(node, t) = min_q w(node, q) + d(q, t)`` over the arcs out of it.
    """
    local = np.full(arcs.n, -1, dtype=np.int64)
    local[kept] = np.arange(kept.size)
    into = (arcs.head == node) & (local[arcs.tail] >= 0)
    out_of = (arcs.tail == node) & (local[arcs.head] >= 0)
    to_node = np.full(kept.size, np.inf)
    for p, w in zip(local[arcs.tail[into]], arcs.length[into], strict=True):
        np.minimum(to_node, dist[:, p] + w, out=to_node)
    from_node = np.full(kept.size, np.inf)
    for q, w in zip(local[arcs.head[out_of]], arcs.length[out_of], strict=True):
        np.minimum(from_node, dist[q] + w, out=from_node)
    through = np.minimum(dist, to_node[:, None] + from_node[None, :])
    at = int(np.searchsorted(kept, node))
    column = np.concatenate((to_node[:at], [0.0], to_node[at:]))
    grown = np.insert(np.insert(through, at, from_node, axis=0), at, column, axis=1)
    return grown, np.insert(kept, at, node)


def distance_matrix(arcs: Arcs) -> FloatArray:
    """All-pairs shortest-path distances (``inf`` when unreachable, 0 on the diagonal)."""
    if arcs.n == 0:
        return np.zeros((0, 0))
    if arcs.tail.size == 0:
        dist = np.full((arcs.n, arcs.n), np.inf)
        np.fill_diagonal(dist, 0.0)
        return dist
    matrix = _shortest_arcs(arcs)
    out: FloatArray = shortest_path(matrix, method="D", directed=True, unweighted=arcs.unit)
    return out


def _shortest_arcs(arcs: Arcs) -> sp.csr_array:
    """CSR matrix keeping only the shortest of any parallel arcs (csgraph would add them)."""
    key = arcs.tail * arcs.n + arcs.head
    order = np.lexsort((arcs.length, key))
    first = np.ones(order.size, dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    pick = order[first]
    return sp.csr_array(
        (arcs.length[pick], (arcs.tail[pick], arcs.head[pick])), shape=(arcs.n, arcs.n)
    )


def inverse_distance(dist: FloatArray) -> FloatArray:
    """``1 / d`` off the diagonal, with ``1 / inf = 0`` and 0 on the diagonal."""
    with np.errstate(divide="ignore"):
        inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
    np.fill_diagonal(inv, 0.0)
    return inv

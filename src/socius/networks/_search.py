"""Key-player set search: exact enumeration, or greedy steps followed by swaps.

The scores are those of :mod:`socius.networks.keyplayer`; see there and
``docs/networks.md`` for the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np

from socius.networks._paths import (
    Arcs,
    FloatArray,
    IntArray,
    distance_matrix,
    insert_node,
    inverse_distance,
    remove_nodes,
)
from socius.networks._removal import RemovalAnalysis, best_removal, removal_sums
from socius.networks.io import Network

__all__ = [
    "Found",
    "FragmentationSearch",
    "ReachSearch",
    "Setup",
    "Ties",
    "first_best",
    "fragmentation_scores",
    "oriented",
    "reach_value",
    "run_starts",
    "setup_of",
]

Mode = Literal["out", "in"]
_TOL = 1e-12
# Exact search runs batched Floyd-Warshall when C(n, k) * n^3 stays below this.
_BATCHED_CELLS = 500_000_000
_BATCH_FLOATS = 4_000_000  # distance cells per batch (32 MB)


@dataclass(frozen=True)
class Setup:
    """A network as arcs on node positions, with keyplayer's distance scale ``M``."""

    arcs: Arcs
    scale: float  # keyplayer's m: the largest 1 / distance between any two actors


def setup_of(net: Network, binary: bool) -> Setup:
    """Arcs of *net* (both directions when undirected) with lengths ``1 / weight``."""
    position = {node: i for i, node in enumerate(net.ids)}
    tails, heads, weights = [], [], []
    for u, v, data in net.graph.edges(data=True):
        tails.append(position[u])
        heads.append(position[v])
        weights.append(float(data["weight"]))
    tail = np.asarray(tails, dtype=np.int32)
    head = np.asarray(heads, dtype=np.int32)
    weight = np.asarray(weights, dtype=np.float64)
    if not net.directed:
        tail, head = np.concatenate((tail, head)), np.concatenate((head, tail))
        weight = np.concatenate((weight, weight))
    # Equal weights give the same scores as binary ties (the scale cancels): use BFS.
    unit = binary or weight.size == 0 or bool(np.all(weight == weight[0]))
    length = np.ones(weight.size) if unit else 1.0 / weight
    order = np.lexsort((tail, head))
    arcs = Arcs(len(position), tail[order], head[order], length[order], unit)
    scale = 1.0 if unit else float(weight.max())
    return Setup(arcs, scale)


def fragmentation_scores(
    inv_sum: FloatArray, reach_count: FloatArray, n_left: int, scale: float, method: str
) -> FloatArray:
    """DF (or F) of residual networks of *n_left* actors from their sums over ordered pairs."""
    pairs = n_left * (n_left - 1)
    if method == "f":
        out: FloatArray = 1.0 - reach_count / pairs
    else:
        out = 1.0 - inv_sum / (pairs * scale)
    return out


class FragmentationSearch:
    """Scores sets by fragmentation; all one-actor extensions are ranked at once."""

    def __init__(self, setup: Setup, method: str) -> None:
        self.setup = setup
        self.reach = method == "f"
        self._full: RemovalAnalysis | None = None
        self.evaluations = 0
        self.ties = Ties()

    def _norm(self, n_left: int) -> float:
        pairs = n_left * (n_left - 1)
        return float(pairs) if self.reach else pairs * self.setup.scale

    def _full_analysis(self) -> RemovalAnalysis:
        if self._full is None:
            self._full = RemovalAnalysis(self.setup.arcs)
        return self._full

    def alone(self, members: Sequence[int]) -> FloatArray:
        """Score of each member removed on its own."""
        full = self._full_analysis()
        nodes = np.asarray(members, dtype=np.int64)
        lost_inv, lost_reach = full.losses(nodes)
        if self.reach:
            left = full.total_reach - full.own_reach[nodes] - lost_reach[nodes]
        else:
            left = full.total_inv - full.own_inv[nodes] - lost_inv[nodes]
        out: FloatArray = 1.0 - left / self._norm(self.setup.arcs.n - 1)
        return out

    def exact(self, k: int, pool: Sequence[int] | None = None) -> tuple[list[int], float]:
        """Best set by enumeration, first in lexicographic order among equals.

        Only sets drawn from *pool* (default: every actor) are scored. Small cases run
        Floyd-Warshall on batches of whole residual networks; larger ones remove each
        set of size ``k - 1`` once and score all its one-actor extensions together.
        """
        arcs = self.setup.arcs
        self.ties = Ties()
        members = list(range(arcs.n)) if pool is None else sorted(pool)
        if math.comb(len(members), k) * arcs.n**3 <= _BATCHED_CELLS:
            return self._exact_batched(k, members)
        in_pool = np.zeros(arcs.n, dtype=bool)
        in_pool[members] = True
        norm = self._norm(arcs.n - k)
        best_set: list[int] = []
        best = -np.inf
        for base in combinations(members[:-1], k - 1):  # room for a later member
            sub, kept = remove_nodes(arcs, list(base))
            inv_sum, reach_count = removal_sums(sub)
            left = reach_count if self.reach else inv_sum
            # each set once
            later = np.flatnonzero((kept > (base[-1] if base else -1)) & in_pool[kept])
            if not later.size:
                continue
            self.ties.offer(
                1.0 - left[later] / norm,
                np.column_stack([np.tile(base, (later.size, 1)), kept[later]]).astype(np.int64),
            )
            pick = later[first_best(-left[later])]
            value = 1.0 - float(left[pick]) / norm
            if value > best + _TOL:
                best_set, best = [*base, int(kept[pick])], value
        return best_set, best

    def _exact_batched(self, k: int, members: list[int]) -> tuple[list[int], float]:
        arcs = self.setup.arcs
        n = arcs.n
        lengths = np.full((n, n), np.inf)
        np.minimum.at(lengths, (arcs.tail, arcs.head), arcs.length)
        np.fill_diagonal(lengths, 0.0)
        norm = self._norm(n - k)
        sets = np.array(list(combinations(members, k)), dtype=np.int64).reshape(-1, k)
        step = max(1, _BATCH_FLOATS // (n * n))
        best_set: list[int] = []
        best = -np.inf
        for lo in range(0, len(sets), step):
            chunk = sets[lo : lo + step]
            dist = np.broadcast_to(lengths, (len(chunk), n, n)).copy()
            rows = np.repeat(np.arange(len(chunk)), k)
            dist[rows, chunk.ravel(), :] = np.inf
            dist[rows, :, chunk.ravel()] = np.inf
            for via in range(n):
                np.minimum(dist, dist[:, :, via, None] + dist[:, None, via, :], out=dist)
            if self.reach:
                left = np.isfinite(dist).sum(axis=(1, 2)) - (n - k)
            else:
                with np.errstate(divide="ignore"):
                    inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
                left = inv.sum(axis=(1, 2))
            values = 1.0 - left / norm
            self.ties.offer(values, chunk)
            top = first_best(values)
            if values[top] > best + _TOL:
                best_set, best = [int(x) for x in chunk[top]], float(values[top])
        return best_set, best

    def start_state(self, chosen: list[int]) -> _State:
        """Score, residual distances and kept positions of an arbitrary set."""
        sub, kept = remove_nodes(self.setup.arcs, chosen)
        dist = distance_matrix(sub)
        left = (
            float(np.isfinite(dist).sum() - sub.n)
            if self.reach
            else float(inverse_distance(dist).sum())
        )
        return _State(list(chosen), 1.0 - left / self._norm(sub.n), dist, kept)

    def greedy(self, k: int, first: int | None = None) -> _State:
        """Add the best actor given those already chosen, *k* times (*first* forced first)."""
        arcs = self.setup.arcs
        if first is None:
            analysis = self._full_analysis()
            state = _State([], -np.inf, analysis.dist, np.arange(arcs.n))
        else:
            state = self.start_state([first])
        while len(state.chosen) < k:
            if state.chosen:
                analysis = RemovalAnalysis(remove_nodes(arcs, state.chosen)[0], state.dist)
            self.evaluations += analysis.arcs.n
            found = best_removal(analysis, reach=self.reach)
            assert found is not None  # an unconstrained search always finds a node
            node, left = found
            chosen = [*state.chosen, int(state.kept[node])]
            # Distances without the new member, from the dominated pairs alone.
            state = _State(
                chosen,
                1.0 - left / self._norm(arcs.n - len(chosen)),
                analysis.distances_without(node),
                np.delete(state.kept, node),
            )
        return state

    def swap(self, state: _State, max_passes: int, settled: int | None) -> tuple[_State, int]:
        """Best single swaps, member by member, until none improves (or *max_passes* run out).

        *settled* is a member already known to be the best given the others (the last
        greedy pick), so its slot is not tried first.
        """
        arcs = self.setup.arcs
        k = len(state.chosen)
        chosen, score, dist, kept = list(state.chosen), state.score, state.dist, state.kept
        checked = set() if settled is None else {settled}
        swaps = 0
        for _ in range(max_passes):
            changed = False
            for slot in range(k):
                member = chosen[slot]
                if member in checked:
                    continue
                rest = chosen[:slot] + chosen[slot + 1 :]
                grown, grown_kept = insert_node(arcs, kept, dist, member)
                analysis = RemovalAnalysis(remove_nodes(arcs, rest)[0], grown)
                total = analysis.total_reach if self.reach else analysis.total_inv
                # A replacement must leave less than this to beat the current score.
                floor = total - (1.0 - score - _TOL) * self._norm(arcs.n - k)
                self.evaluations += analysis.arcs.n - 1
                found = best_removal(analysis, reach=self.reach, floor=floor)
                checked.add(member)
                if found is not None and int(grown_kept[found[0]]) != member:
                    chosen[slot] = int(grown_kept[found[0]])
                    score = 1.0 - found[1] / self._norm(arcs.n - k)
                    checked = {chosen[slot]}
                    dist = analysis.distances_without(found[0])
                    kept = np.delete(grown_kept, found[0])
                    swaps += 1
                    changed = True
            if not changed or len(checked) == k:
                break
        return _State(chosen, score, dist, kept), swaps

    def greedy_swap(self, k: int, max_passes: int) -> tuple[list[int], float, int]:
        """One greedy start followed by swaps."""
        found = run_starts(self, k, max_passes, restarts=1, seed=0)
        return found.chosen, found.score, found.swaps


@dataclass(frozen=True)
class _State:
    chosen: list[int]
    score: float
    dist: FloatArray  # distances among the actors left
    kept: IntArray  # their positions in the full network


@dataclass(frozen=True)
class Found:
    """Outcome of a multi-start search."""

    chosen: list[int]
    score: float
    swaps: int  # improving swaps made in the start that found the best set
    starts: int  # starts run
    best_start: int  # the start (0 = plain greedy) that first found the best set
    evaluations: int  # candidate sets compared (scored, or ruled out by a bound)


def start_plan(
    k: int, n: int, restarts: int, seed: int, ranking: IntArray
) -> list[list[int] | int | None]:
    """What each start begins from.

    Start 0 is the plain greedy search. Start ``r >= 1`` forces the ``r``-th best
    single actor as the first pick and completes the set greedily, except every
    third start (``r = 3, 6, ...``), which begins from *k* actors drawn at random
    (seeded) among the ``4 * restarts + k`` best single actors and relies on swaps.
    """
    rng = np.random.default_rng(seed)
    pool = ranking[: min(n, 4 * restarts + k)]
    plan: list[list[int] | int | None] = [None]
    forced = 1
    for r in range(1, restarts):
        if r % 3 == 0 and pool.size > k:
            plan.append(sorted(int(x) for x in rng.choice(pool, size=k, replace=False)))
        elif forced < ranking.size:
            plan.append(int(ranking[forced]))
            forced += 1
    return plan


def run_starts(
    search: FragmentationSearch | ReachSearch, k: int, max_passes: int, *, restarts: int, seed: int
) -> Found:
    """Greedy-plus-swap local search from several starts; the best set wins (first among equals)."""
    n = search.setup.arcs.n
    search.evaluations = 0
    alone = search.alone(list(range(n)))
    ranking = np.argsort(-alone, kind="stable").astype(np.int64)
    best: Found | None = None
    plan = start_plan(k, n, restarts, seed, ranking)
    for number, begin in enumerate(plan):
        if isinstance(begin, list):
            state = search.start_state(begin)
            settled = None
        else:
            state = search.greedy(k, begin)
            settled = state.chosen[-1]
        state, swaps = search.swap(state, max_passes, settled)
        if best is None or state.score > best.score + _TOL:
            best = Found(list(state.chosen), state.score, swaps, 0, number, 0)
    assert best is not None
    return Found(
        best.chosen, best.score, best.swaps, len(plan), best.best_start, search.evaluations
    )


class ReachSearch:
    """Scores sets by reach from one all-pairs distance matrix."""

    def __init__(self, setup: Setup, method: str, m: float, mode: Mode) -> None:
        self.setup = setup
        self.method = method
        self.m = m
        self.dist = oriented(setup, mode)
        self.n = setup.arcs.n
        self.evaluations = 0
        self.ties = Ties()

    def _gain(self, closest: FloatArray) -> FloatArray:
        """Per-target value of being at distance *closest* from the set."""
        if self.method == "m":
            return (closest <= self.m).astype(np.float64)
        with np.errstate(divide="ignore"):
            return np.where(np.isfinite(closest) & (closest > 0), 1.0 / closest, 0.0)

    def _extensions(self, base: list[int]) -> FloatArray:
        """Score of ``base + [v]`` for every ``v`` (``-inf`` for members)."""
        n = self.n
        closest = self.dist[base].min(axis=0) if base else np.full(n, np.inf)
        gains = self._gain(np.minimum(closest[None, :], self.dist))
        gains[:, base] = 0.0
        np.fill_diagonal(gains, 0.0)
        norm = (n - len(base) - 1) * (self.setup.scale if self.method == "distance" else 1.0)
        scores: FloatArray = gains.sum(axis=1) / norm
        scores[base] = -np.inf
        return scores

    def alone(self, members: Sequence[int]) -> FloatArray:
        out: FloatArray = self._extensions([])[list(members)]
        return out

    def score(self, members: Sequence[int]) -> float:
        outside = np.ones(self.n, dtype=bool)
        outside[list(members)] = False
        closest = self.dist[list(members)].min(axis=0)[outside]
        return float(
            reach_value(closest, len(members), self.n, self.method, self.m, self.setup.scale)
        )

    def exact(self, k: int, pool: Sequence[int] | None = None) -> tuple[list[int], float]:
        best_set: tuple[int, ...] = ()
        best = -np.inf
        self.ties = Ties()
        sets = list(combinations(range(self.n) if pool is None else sorted(pool), k))
        values = np.empty(len(sets))
        for i, members in enumerate(sets):
            values[i] = value = self.score(members)
            if value > best + _TOL:
                best_set, best = members, value
        self.ties.offer(values, np.array(sets, dtype=np.int64).reshape(-1, k))
        return list(best_set), best

    def start_state(self, chosen: list[int]) -> _State:
        return _State(list(chosen), self.score(chosen), _EMPTY_F, _EMPTY_I)

    def greedy(self, k: int, first: int | None = None) -> _State:
        chosen: list[int] = [] if first is None else [first]
        score = -np.inf if first is None else self.score(chosen)
        while len(chosen) < k:
            scores = self._extensions(chosen)
            self.evaluations += self.n - len(chosen)
            pick = first_best(scores)
            chosen.append(pick)
            score = float(scores[pick])
        return _State(chosen, score, _EMPTY_F, _EMPTY_I)

    def swap(self, state: _State, max_passes: int, settled: int | None) -> tuple[_State, int]:
        chosen, score = list(state.chosen), state.score
        k = len(chosen)
        swaps = 0
        for _ in range(max_passes):
            changed = False
            for slot in range(k):
                if chosen[slot] == settled:
                    continue
                rest = chosen[:slot] + chosen[slot + 1 :]
                scores = self._extensions(rest)
                self.evaluations += self.n - k
                pick = first_best(scores)
                if scores[pick] > score + _TOL and pick != chosen[slot]:
                    chosen[slot] = pick
                    score = float(scores[pick])
                    swaps += 1
                    changed = True
            settled = None
            if not changed:
                break
        return _State(chosen, score, _EMPTY_F, _EMPTY_I), swaps

    def greedy_swap(self, k: int, max_passes: int) -> tuple[list[int], float, int]:
        found = run_starts(self, k, max_passes, restarts=1, seed=0)
        return found.chosen, found.score, found.swaps


_EMPTY_F: FloatArray = np.zeros((0, 0))
_EMPTY_I: IntArray = np.zeros(0, dtype=np.int64)


class Ties:
    """Sets scoring the best value so far (equal up to rounding), in enumeration order."""

    CAP = 20  # sets kept; all are counted

    def __init__(self) -> None:
        self.best = -np.inf
        self.count = 0
        self.sets: list[tuple[int, ...]] = []

    def offer(self, values: FloatArray, sets: IntArray) -> None:
        if values.size == 0:
            return
        top = float(values.max())
        if top > self.best + _TOL:
            self.best, self.count, self.sets = top, 0, []
        hits = np.flatnonzero(values >= self.best - _TOL * (1.0 + abs(self.best)))
        self.count += int(hits.size)
        for h in hits[: max(0, self.CAP - len(self.sets))]:
            self.sets.append(tuple(int(x) for x in sets[h]))


def first_best(values: FloatArray) -> int:
    """Position of the largest value; values equal up to rounding go to the first one."""
    top = float(values.max())
    return int(np.flatnonzero(values >= top - _TOL * (1.0 + abs(top)))[0])


def reach_value(closest: FloatArray, k: int, n: int, method: str, m: float, scale: float) -> float:
    """m-reach share or distance-weighted reach from the outsiders' distances to the set."""
    if method == "m":
        return float((closest <= m).sum() / (n - k))
    with np.errstate(divide="ignore"):
        inv = np.where(np.isfinite(closest) & (closest > 0), 1.0 / closest, 0.0)
    return float(inv.sum() / ((n - k) * scale))


def oriented(setup: Setup, mode: Mode) -> FloatArray:
    """All-pairs distances from the set's side: as they are for ``out``, transposed for ``in``."""
    dist = distance_matrix(setup.arcs)
    return dist.T.copy() if mode == "in" else dist

"""Key players (Borgatti 2006): fragmentation, reach and the search for the best set.

KPP-Neg asks which ``k`` actors, once removed, leave the network most
fragmented; KPP-Pos asks which ``k`` actors reach the most others. The scores
follow the R package keyplayer (An and Liu 2016) so that results can be
compared; see ``docs/networks.md`` and ADR 0007 for the normalisation.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from socius.errors import UnknownNameError, ValidationError, suggest
from socius.limits import check_count
from socius.networks._paths import distance_matrix, inverse_distance, remove_nodes
from socius.networks._removal import removal_sums
from socius.networks._search import (
    Found,
    FragmentationSearch,
    Mode,
    ReachSearch,
    fragmentation_scores,
    oriented,
    reach_value,
    run_starts,
    setup_of,
)
from socius.networks.io import Network, node_index

__all__ = [
    "DEFAULT_RESTARTS",
    "EXACT_AUTO_LIMIT",
    "EXACT_MAX",
    "KEYPLAYER_MEASURES",
    "KeyPlayerResult",
    "fragmentation",
    "key_players",
    "node_fragmentation",
    "node_reach",
    "reach",
]

FragmentationMethod = Literal["df", "f"]
ReachMethod = Literal["m", "distance"]
KeyPlayerMeasure = Literal["fragmentation", "df", "reach", "dr"]
KEYPLAYER_MEASURES: tuple[str, ...] = ("fragmentation", "df", "reach", "dr")
EXACT_AUTO_LIMIT = 20_000  # candidate sets enumerated when the search method is automatic
EXACT_MAX = 200_000  # candidate sets enumerated at most when exact search is forced
DEFAULT_RESTARTS = 3  # starts of the local search


@dataclass(frozen=True)
class KeyPlayerResult:
    """The key-player set found by :func:`key_players`.

    Attributes
    ----------
    players : tuple of str
        Actor ids, in the order the search settled them (greedy order, then swaps).
    score : float
        The set's score [0-1] on *measure*.
    measure : str
        ``fragmentation`` (F), ``df`` (distance-weighted fragmentation), ``reach``
        (m-reach share) or ``dr`` (distance-weighted reach).
    k : int
        Set size.
    search : str
        ``exact`` (every set of size k was scored: the set is optimal) or
        ``greedy+swap`` (the best local optimum over several starts).
    swaps : int
        Improving swaps made after the greedy phase, in the start that found the set.
    table : polars.DataFrame
        ``rank``, ``id``, ``label``, ``kind``, ``country`` and ``alone`` (the
        score of that actor on its own).
    optimal : bool
        True when the set is proven optimal (exact enumeration); a local search
        never claims optimality, even when it happens to find the optimum.
    evaluations : int
        Candidate sets compared: ``C(n, k)`` for exact search; for the local
        search, every one-actor extension or replacement weighed, whether scored
        exactly or ruled out by a bound.
    starts : int
        Starts of the local search (1 for exact search).
    best_start : int
        The start that first found the reported set (0: plain greedy).
    n_equally_good : int or None
        Exact search: how many sets reach the same score (1 when the set is unique);
        None for the local search, which does not enumerate.
    equally_good : tuple of tuple of str
        Exact search: the first 20 of those sets, in enumeration order (the reported set
        first).
    """

    players: tuple[str, ...]
    score: float
    measure: str
    k: int
    search: str
    swaps: int
    table: pl.DataFrame
    optimal: bool = False
    evaluations: int = 0
    starts: int = 1
    best_start: int = 0
    n_equally_good: int | None = None
    equally_good: tuple[tuple[str, ...], ...] = ()

    @property
    def core(self) -> tuple[str, ...]:
        """Players in every equally good set found by exact search (all players otherwise)."""
        if not self.equally_good:
            return self.players
        common = set.intersection(*(set(s) for s in self.equally_good))
        return tuple(p for p in self.players if p in common)

    def sentence(self) -> str:
        """One sentence that states the result and how sure it is."""
        what = {
            "df": "removing them leaves distance-weighted fragmentation",
            "fragmentation": "removing them leaves fragmentation",
            "reach": "they reach a share",
            "dr": "their distance-weighted reach is",
        }[self.measure]
        tied = (
            f"; {self.n_equally_good} sets score the same"
            if self.n_equally_good is not None and self.n_equally_good > 1
            else ""
        )
        how = (
            f"proven optimal: all {self.evaluations:,} sets of {self.k} scored{tied}"
            if self.optimal
            else f"best of {self.starts} local-search starts, {self.evaluations:,} candidate "
            "sets compared; not proven optimal"
        )
        return f"{', '.join(self.players)}: {what} {self.score:.4f} ({how})."


def fragmentation(
    net: Network,
    removed: Sequence[str] = (),
    *,
    method: FragmentationMethod = "df",
    binary: bool = False,
) -> float:
    """Fragmentation of the network left after removing *removed* (KPP-Neg).

    Parameters
    ----------
    net : Network
    removed : sequence of str
        Actor ids to delete (none: the fragmentation of the intact network).
    method : {"df", "f"}
        ``df`` distance-weighted fragmentation (keyplayer's ``fragment``);
        ``f`` the share of ordered pairs that cannot reach each other.
    binary : bool
        Treat every tie as distance 1; otherwise the distance of a tie is
        ``1 / weight`` and path lengths add up.

    Returns
    -------
    float
        [0-1]; 1 when no actor can reach another.

    Notes
    -----
    With ``n'`` actors left, ``d_ij`` their shortest-path distances in the residual
    network (``1 / inf = 0``) and ``M = max_{i != j} 1 / d_ij`` taken in the
    *intact* network (1 for binary ties),

    ``DF = 1 - sum_{i != j} (1 / d_ij) / (n' (n' - 1) M)``,
    ``F = 1 - #{(i, j), i != j : j reachable from i} / (n' (n' - 1))``.

    Sums run over ordered pairs, so directed networks count both directions. This
    is keyplayer's normalisation; ``F`` equals Borgatti's
    ``1 - sum_k s_k (s_k - 1) / (n (n - 1))`` on undirected networks.

    References
    ----------
    Borgatti, S. P. 2006. "Identifying sets of key players in a social network."
    Computational and Mathematical Organization Theory 12: 21-34.
    doi:10.1007/s10588-006-7084-x

    An, W. and Y.-H. Liu. 2016. "keyplayer: An R Package for Locating Key Players
    in Social Networks." The R Journal 8(1): 257-268. doi:10.32614/RJ-2016-018

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> path = pl.DataFrame({"source": list("1234"), "target": list("2345")})
    >>> net = network_from_frames(path, directed=False)
    >>> round(fragmentation(net, ["3"]), 6)
    0.666667
    """
    _check_method(method, ("df", "f"), "method")
    setup = setup_of(net, binary)
    positions = _unique_positions(net, removed)
    n_left = setup.arcs.n - len(positions)
    if n_left < 2:
        raise ValidationError(
            f"removing {len(positions)} of the {setup.arcs.n} actors leaves {n_left}; "
            "fragmentation needs at least 2 actors left, so remove fewer"
        )
    sub, _ = remove_nodes(setup.arcs, positions)
    dist = distance_matrix(sub)
    inv = np.array([inverse_distance(dist).sum()])
    reached = np.isfinite(dist)
    np.fill_diagonal(reached, False)
    count = np.array([float(reached.sum())])
    return float(fragmentation_scores(inv, count, n_left, setup.scale, method)[0])


def node_fragmentation(
    net: Network,
    *,
    method: FragmentationMethod = "df",
    binary: bool = False,
) -> pl.DataFrame:
    """Fragmentation after removing each actor on its own (keyplayer's ``fragment(A)``).

    Parameters
    ----------
    net : Network
    method : {"df", "f"}
        See :func:`fragmentation`.
    binary : bool
        Treat every tie as distance 1.

    Returns
    -------
    polars.DataFrame
        ``id``, ``label``, ``kind``, ``country`` and ``fragmentation`` [0-1].

    Notes
    -----
    The residual of each removal has ``n' = n - 1`` actors. Instead of ``n``
    all-pairs searches, distances are updated only for the pairs whose every
    shortest path runs through the removed actor (see ``socius.networks._removal``);
    on chain-like networks, where that is slower, one search per actor is run instead.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> path = pl.DataFrame({"source": list("1234"), "target": list("2345")})
    >>> net = network_from_frames(path, directed=False)
    >>> node_fragmentation(net)["fragmentation"].round(4).to_list()
    [0.2778, 0.5833, 0.6667, 0.5833, 0.2778]
    """
    _check_method(method, ("df", "f"), "method")
    setup = setup_of(net, binary)
    n = setup.arcs.n
    if n < 3:
        raise ValidationError(
            f"the network has {n} actors; single-actor fragmentation needs at least 3 "
            "(2 left after the removal)"
        )
    inv, count = removal_sums(setup.arcs)
    scores = fragmentation_scores(inv, count, n - 1, setup.scale, method)
    return net.nodes.with_columns(pl.Series("fragmentation", scores))


def reach(
    net: Network,
    members: Sequence[str],
    *,
    method: ReachMethod = "m",
    m: float = 1.0,
    binary: bool = False,
    mode: Mode = "out",
) -> float:
    """How well a set of actors reaches everyone else (KPP-Pos).

    Parameters
    ----------
    net : Network
    members : sequence of str
        The set ``K`` (actor ids).
    method : {"m", "distance"}
        ``m``: share of the other actors within distance *m* of the set;
        ``distance``: distance-weighted reach.
    m : float
        Reach radius for ``method="m"`` [ties when *binary* or all weights are
        equal; otherwise distance units, the sum of ``1 / weight`` along a path].
    binary : bool
        Treat every tie as distance 1.
    mode : {"out", "in"}
        On directed networks, reach along ties leaving the set (``out``) or
        arriving at it (``in``).

    Returns
    -------
    float
        [0-1].

    Notes
    -----
    With ``d_Kj = min_{k in K} d_kj`` and ``M`` as in :func:`fragmentation`,

    ``R_m = #{j not in K : d_Kj <= m} / (n - |K|)`` and
    ``DR = sum_{j not in K} (1 / d_Kj) / ((n - |K|) M)``.

    ``DR`` is keyplayer's group ``mreach.closeness`` (out- or in-degree form);
    keyplayer's ``mreach.degree`` reports the count ``#{...}`` rather than a share.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> path = pl.DataFrame({"source": list("1234"), "target": list("2345")})
    >>> net = network_from_frames(path, directed=False)
    >>> reach(net, ["2", "4"])
    1.0
    """
    _check_method(method, ("m", "distance"), "method")
    _check_method(mode, ("out", "in"), "mode")
    _check_radius(m)
    setup = setup_of(net, binary)
    positions = _unique_positions(net, members)
    n = setup.arcs.n
    if not positions or len(positions) >= n:
        raise ValidationError(
            f"the set has {len(positions)} of the {n} actors; reach needs at least one "
            "member and one actor outside the set"
        )
    dist = oriented(setup, mode)
    closest = dist[positions].min(axis=0)
    outside = np.ones(n, dtype=bool)
    outside[positions] = False
    return float(reach_value(closest[outside], len(positions), n, method, m, setup.scale))


def node_reach(
    net: Network,
    *,
    m: float = 1.0,
    binary: bool = False,
    mode: Mode = "out",
) -> pl.DataFrame:
    """Reach of every actor on its own, from one all-pairs search (keyplayer's ``mreach``).

    Parameters
    ----------
    net : Network
    m : float
        Reach radius [ties when *binary* or all weights are equal; otherwise the
        sum of ``1 / weight`` along a path].
    binary : bool
        Treat every tie as distance 1.
    mode : {"out", "in"}
        On directed networks, reach along ties leaving the actor or arriving at it.

    Returns
    -------
    polars.DataFrame
        ``id``, ``label``, ``kind``, ``country``; ``reach_count`` [actors within
        distance *m*: keyplayer's ``mreach.degree``], ``reach`` [that count over
        ``n - 1``, 0-1] and ``distance_reach`` [0-1, distance-weighted reach].

    Notes
    -----
    For actor ``i`` with ``d_ij`` the distance to ``j`` (``1 / inf = 0``) and ``M``
    as in :func:`fragmentation`: ``reach_count = #{j != i : d_ij <= m}``,
    ``reach = reach_count / (n - 1)`` and
    ``distance_reach = sum_{j != i} (1 / d_ij) / ((n - 1) M)``. Each row equals
    :func:`reach` of the one-actor set, computed for all actors at once.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> path = pl.DataFrame({"source": list("1234"), "target": list("2345")})
    >>> node_reach(network_from_frames(path, directed=False), m=2)["reach_count"].to_list()
    [2, 3, 4, 3, 2]
    """
    _check_method(mode, ("out", "in"), "mode")
    _check_radius(m)
    setup = setup_of(net, binary)
    n = setup.arcs.n
    if n < 2:
        raise ValidationError(
            f"the network has {n} actor; reach needs at least 2 actors, so add ties"
        )
    dist = oriented(setup, mode)
    within = dist <= m
    np.fill_diagonal(within, False)
    count = within.sum(axis=1)
    inv = inverse_distance(dist).sum(axis=1) / ((n - 1) * setup.scale)
    return net.nodes.with_columns(
        pl.Series("reach_count", count, dtype=pl.Int64),
        pl.Series("reach", count / (n - 1)),
        pl.Series("distance_reach", inv),
    )


def key_players(
    net: Network,
    k: int,
    *,
    measure: KeyPlayerMeasure = "df",
    binary: bool = False,
    m: float = 1.0,
    mode: Mode = "out",
    exact: bool | None = None,
    max_passes: int = 5,
    restarts: int = DEFAULT_RESTARTS,
    seed: int = 0,
    candidates: Sequence[str] | None = None,
) -> KeyPlayerResult:
    """Find the ``k`` actors whose removal fragments the network most, or who reach most.

    Parameters
    ----------
    net : Network
    k : int
        Set size, from 1 to ``n - 2`` (fragmentation) or ``n - 1`` (reach).
    measure : {"df", "fragmentation", "reach", "dr"}
        ``df`` distance-weighted fragmentation, ``fragmentation`` the
        reachability-based F (both KPP-Neg, see :func:`fragmentation`); ``reach``
        the m-reach share and ``dr`` distance-weighted reach (KPP-Pos, see
        :func:`reach`).
    binary : bool
        Treat every tie as distance 1.
    m, mode
        Reach radius and direction for the reach measures.
    exact : bool, optional
        ``None`` (default) enumerates every set when there are at most
        :data:`EXACT_AUTO_LIMIT` of them and searches otherwise; ``True`` always
        enumerates (up to :data:`EXACT_MAX` sets); ``False`` always searches.
    max_passes : int
        Upper bound on swap passes after the greedy phase.
    restarts : int
        Starts of the local search (1 to 1,000; see Notes); ignored by exact search.
    seed : int
        Seed of the random starts (every third start from the fourth on).
    candidates : sequence of str, optional
        Only sets of these actors are considered (for example the actors that can be
        interdicted); the others stay in the network. Needs exact search (at most
        :data:`EXACT_MAX` sets).

    Returns
    -------
    KeyPlayerResult

    Notes
    -----
    The search starts greedily: each step adds the actor with the best score
    given those already chosen, with all candidates scored at once by an
    incremental shortest-path update. It then tries swaps: for each member in turn,
    every non-member is scored as its replacement and the best replacement is made
    if it improves the score; this repeats until no member can be improved (a local
    optimum under single swaps, Borgatti's 2006 criterion) or *max_passes* passes
    have run. A single greedy start can stop at a local optimum, so the search
    is repeated from *restarts* starts and the best set kept: start 0 is the plain
    greedy search; start ``r`` forces the ``r``-th best single actor as the first
    pick and completes the set greedily, except every third start (``r = 3, 6,
    ...``), which begins from ``k`` actors drawn at random (with *seed*) among the
    ``4 * restarts + k`` best single actors. Every start ends with the swaps.
    Only exact enumeration proves the optimum (``optimal``). Ties between equal
    scores go to the actor earlier in the node table, and to the earlier start.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.networks import network_from_frames
    >>> path = pl.DataFrame({"source": list("1234"), "target": list("2345")})
    >>> best = key_players(network_from_frames(path, directed=False), 2)
    >>> best.players, best.score, best.search
    (('2', '4'), 1.0, 'exact')
    """
    _check_method(measure, KEYPLAYER_MEASURES, "measure")
    _check_method(mode, ("out", "in"), "mode")
    _check_radius(m)
    setup = setup_of(net, binary)
    n = setup.arcs.n
    negative = measure in ("df", "fragmentation")
    most = n - 2 if negative else n - 1
    if isinstance(k, bool) or not isinstance(k, int) or k < 1 or k > most:
        purpose = "removing k must leave at least 2" if negative else "k must leave one outside"
        raise ValidationError(
            f"k={k} does not fit a network of {n} actors ({purpose}); "
            f"choose k between 1 and {max(most, 1)}" + ("" if most >= 1 else " after adding actors")
        )
    check_count("k", k)
    check_count("restarts", restarts)
    check_count("seed", seed)
    if max_passes < 0:
        raise ValidationError(f"max_passes={max_passes} is negative; give 0 or more")
    pool: list[int] | None = None
    if candidates is not None:
        pool = sorted(_unique_positions(net, candidates))
        if k > len(pool):
            raise ValidationError(
                f"k={k} is more than the {len(pool)} candidates; lower k or add candidates"
            )
        if exact is False:
            raise ValidationError(
                "candidates need exact search; drop --greedy (exact=False) or the candidates"
            )
        exact = True
    sets = math.comb(n if pool is None else len(pool), k)
    if exact is True and sets > EXACT_MAX:
        raise ValidationError(
            f"exact search would score C({n}, {k}) = {sets:,} sets, more than the limit of "
            f"{EXACT_MAX:,}; drop --exact to use the greedy search with swaps, or lower k"
        )
    use_exact = exact is True or (exact is None and sets <= EXACT_AUTO_LIMIT)
    if negative:
        method = "f" if measure == "fragmentation" else "df"
        search: FragmentationSearch | ReachSearch = FragmentationSearch(setup, method)
    else:
        search = ReachSearch(setup, "m" if measure == "reach" else "distance", m, mode)
    if use_exact:
        chosen, score = search.exact(k, pool)
        found = Found(chosen, score, 0, 1, 0, sets)
    else:
        found = run_starts(search, k, max_passes, restarts=restarts, seed=seed)
        chosen = found.chosen
    ids = net.ids
    table = (
        net.nodes[chosen]
        .with_columns(pl.Series("alone", search.alone(chosen)))
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(pl.Int64))
    )
    return KeyPlayerResult(
        players=tuple(ids[i] for i in chosen),
        score=float(found.score),
        measure=measure,
        k=k,
        search="exact" if use_exact else "greedy+swap",
        swaps=found.swaps,
        table=table,
        optimal=use_exact,
        evaluations=found.evaluations,
        starts=found.starts,
        best_start=found.best_start,
        n_equally_good=search.ties.count if use_exact else None,
        equally_good=tuple(tuple(ids[i] for i in t) for t in search.ties.sets) if use_exact else (),
    )


def _unique_positions(net: Network, ids: Sequence[str]) -> list[int]:
    if isinstance(ids, str):
        ids = [ids]
    positions = node_index(net, ids)
    repeated = [i for i, count in Counter(ids).items() if count > 1]
    if repeated:
        raise ValidationError(f"actor '{repeated[0]}' is listed twice; give each actor once")
    return positions


def _check_radius(m: float) -> None:
    if not (isinstance(m, int | float) and math.isfinite(m) and m > 0):
        raise ValidationError(
            f"reach radius m={m} is not a positive number; give the largest distance that "
            "counts as reached, e.g. 1 for direct ties"
        )


def _check_method(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise UnknownNameError(
            f"{what} '{value}' is not known{suggest(str(value), allowed)}; "
            f"use one of: {', '.join(allowed)}"
        )

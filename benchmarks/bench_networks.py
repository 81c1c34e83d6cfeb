"""Key-player, reach and risk-profile benchmarks.

Synthetic inputs are reproducible random graphs (networkx ``gnm_random_graph``,
undirected, unweighted), not data about any real network. Targets: fragmentation of
every single actor of a 2,000-actor, 10,000-tie graph <= 10 s; one-start key-player
search for k = 5 on it <= 30 s; multi-start search (3 starts) for k = 3 on
``gnm_random_graph(500, 1000, seed=1)`` reaching DF >= 0.77778 (the value R
keyplayer's ``kpset`` reports) <= 5 s; all-actor M-reach of that graph <= 0.5 s;
exhaustive k = 3 search on the bundled A. Q. Khan network <= 2 s; the risk profile
of every state and year (1970-2024, with the Monte Carlo) <= 2 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import emit, peak_mb
from socius.networks import (
    Network,
    key_players,
    network_from_frames,
    node_fragmentation,
    node_reach,
)
from socius.networks.khan import khan_network
from socius.networks.risk import RISK_YEARS, risk_profiles

SEED = 20240601
ACTORS = 2_000
TIES = 10_000
INPUT = f"synthetic input: gnm_random_graph({ACTORS}, {TIES}, seed={SEED}), undirected, unweighted"


def benchmark_network(n: int = ACTORS, m: int = TIES, seed: int = SEED) -> Network:
    """The synthetic benchmark network (every actor listed, including any without ties)."""
    graph = nx.gnm_random_graph(n, m, seed=seed)
    edges = pl.DataFrame(
        {"source": [str(u) for u, _ in graph.edges], "target": [str(v) for _, v in graph.edges]}
    )
    nodes = pl.DataFrame({"id": [str(v) for v in range(n)]})
    return network_from_frames(edges, nodes, directed=False, origin="synthetic benchmark")


def main() -> None:
    # Warm-up on a small network so that imports and first calls are not timed.
    small = benchmark_network(200, 1_000, seed=1)
    node_fragmentation(small)
    key_players(small, 3, exact=False)

    net = benchmark_network()
    t0 = time.perf_counter()
    table = node_fragmentation(net)
    seconds = time.perf_counter() - t0
    top = table.sort("fragmentation", descending=True).row(0, named=True)
    emit(
        "networks: distance-weighted fragmentation of every single actor (2,000 actors)",
        seconds,
        target_s=10.0,
        peak=peak_mb(),
        detail=f"{INPUT}; top actor {top['id']} DF={top['fragmentation']:.6f}",
    )

    t0 = time.perf_counter()
    found = key_players(net, 5, measure="df", restarts=1)
    seconds = time.perf_counter() - t0
    emit(
        "networks: key-player search k=5, one start, distance-weighted fragmentation (2,000 actors)",
        seconds,
        target_s=30.0,
        peak=peak_mb(),
        detail=(
            f"{INPUT}; {found.search}, {found.swaps} swaps; set {', '.join(found.players)} "
            f"DF={found.score:.6f}"
        ),
    )

    mid = benchmark_network(500, 1_000, seed=1)
    t0 = time.perf_counter()
    found = key_players(mid, 3, measure="df", exact=False, restarts=3, seed=0)
    seconds = time.perf_counter() - t0
    emit(
        "networks: key-player search k=3, 3 starts, DF (gnm_random_graph(500, 1000, seed=1))",
        seconds,
        target_s=5.0,
        peak=peak_mb(),
        detail=(
            f"set {', '.join(found.players)} DF={found.score:.6f} (kpset: 0.77778); "
            f"{found.evaluations} candidate sets compared; best from start {found.best_start}"
        ),
    )

    t0 = time.perf_counter()
    reach = node_reach(mid, m=2)
    seconds = time.perf_counter() - t0
    emit(
        "networks: M-reach (m=2) and distance-weighted reach of all 500 actors",
        seconds,
        target_s=0.5,
        peak=peak_mb(),
        detail=f"largest 2-reach count {int(reach['reach_count'].max())}",  # type: ignore[arg-type]
    )

    khan = khan_network()
    t0 = time.perf_counter()
    found = key_players(khan, 3, binary=True, exact=True)
    seconds = time.perf_counter() - t0
    emit(
        "networks: A. Q. Khan network, k=3, exhaustive (3,276 sets)",
        seconds,
        target_s=2.0,
        peak=peak_mb(),
        detail=f"set {', '.join(found.players)} DF={found.score:.6f}",
    )

    risk_profiles(2006, draws=10)  # warm the snapshot cache
    t0 = time.perf_counter()
    table = risk_profiles(RISK_YEARS)
    seconds = time.perf_counter() - t0
    emit(
        "networks: risk profile of every state and year 1970-2024, 1,000 weight draws",
        seconds,
        target_s=2.0,
        peak=peak_mb(),
        detail=f"{table.height} state-years, {table['rank'].is_not_null().sum()} ranked",
    )


if __name__ == "__main__":
    main()

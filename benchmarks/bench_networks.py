"""Key-player benchmarks on a synthetic 2,000-actor, 10,000-tie network.

The input is a reproducible random graph (networkx ``gnm_random_graph(2000, 10000,
seed=20240601)``, undirected, unweighted): a synthetic benchmark input, not data
about any real network. Targets: fragmentation of every single actor <= 10 s;
key-player search for k = 5 on distance-weighted fragmentation <= 30 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import emit, peak_mb
from socius.networks import Network, key_players, network_from_frames, node_fragmentation

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
    found = key_players(net, 5, measure="df")
    seconds = time.perf_counter() - t0
    emit(
        "networks: key-player search k=5, distance-weighted fragmentation (2,000 actors)",
        seconds,
        target_s=30.0,
        peak=peak_mb(),
        detail=(
            f"{INPUT}; {found.search}, {found.swaps} swaps; set {', '.join(found.players)} "
            f"DF={found.score:.6f}"
        ),
    )


if __name__ == "__main__":
    main()

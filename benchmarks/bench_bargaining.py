"""Speed of the expected-utility bargaining model (socius.bargaining).

Run as ``python benchmarks/bench_bargaining.py``; prints one JSON object per line.

* ``bargaining_eu_run``: one 10-round run of the EU emission-standards example
  (Scholz et al. 2011, Table 1), best of 200 after a warm-up; target 5 ms.
* ``bargaining_montecarlo_20x10000``: 10,000 Monte Carlo draws of a 20-actor,
  10-round scenario on 2 threads; target 10 s. The 20 actors are the ten EU actors
  and a second copy of them ("<name> 2") whose positions are shifted by +0.5 years
  (so that the two copies do not coincide); every actor's position varies uniformly
  by +-1, its salience by +-0.1 (within [0, 1]) and its capability by a 10 % log-normal
  error. Seed 1; best of 2 runs after a 200-draw warm-up.
"""

from __future__ import annotations

import json
import resource
import time
from dataclasses import replace

from socius.bargaining import Scenario, load_scenario, run, simulate


def _twenty_actors() -> Scenario:
    eu = load_scenario("eu-emissions")
    copies = tuple(replace(a, name=f"{a.name} 2", position=a.position + 0.5) for a in eu.actors)
    actors = tuple(
        replace(
            a,
            position_range=(a.position - 1.0, a.position + 1.0),
            salience_range=(max(0.0, a.salience - 0.1), min(1.0, a.salience + 0.1)),
            capability_sd=0.1,
        )
        for a in (*eu.actors, *copies)
    )
    return replace(eu, name="eu-emissions-x2", title="EU example, twenty actors", actors=actors)


def _emit(name: str, seconds: float, target: float, detail: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "benchmark": name,
                "seconds": round(seconds, 6),
                "target_s": target,
                "peak_mb": round(peak, 1),
                "target_mb": None,
                "detail": detail,
            }
        )
    )


def bench_single_run() -> None:
    eu = load_scenario("eu-emissions")
    for _ in range(20):
        run(eu, rounds=10)
    times = []
    for _ in range(200):
        start = time.perf_counter()
        run(eu, rounds=10)
        times.append(time.perf_counter() - start)
    _emit(
        "bargaining_eu_run",
        min(times),
        0.005,
        "EU example, 10 actors, 10 rounds, best of 200 after warm-up",
    )


def bench_monte_carlo() -> None:
    sc = _twenty_actors()
    simulate(sc, draws=200, rounds=10, seed=1, workers=2)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        mc = simulate(sc, draws=10_000, rounds=10, seed=1, workers=2)
        times.append(time.perf_counter() - start)
    p50 = mc.summary["p50"][0]
    _emit(
        "bargaining_montecarlo_20x10000",
        min(times),
        10.0,
        f"20 actors (EU example twice), 10 rounds, 10,000 draws, 2 threads, best of 2; median forecast {p50:.3f}",
    )


if __name__ == "__main__":
    bench_single_run()
    bench_monte_carlo()

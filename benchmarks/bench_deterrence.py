"""Speed and memory of the deterrence models.

Run as a script; prints one JSON object per line:

* War Trap expected utility for every COW directed dyad-year 1816-2022, third parties in
  the relevant region (target <= 10 s, <= 6 GB), and with every state as a third party;
* a 100,000-draw Monte Carlo of the Taiwan Strait scenario (target <= 2 s after warm-up).

Each case runs in a fresh interpreter so that its peak memory is its own.

    python benchmarks/bench_deterrence.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

CASES = ("wartrap_region", "wartrap_all", "monte_carlo")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wartrap(third_parties: str) -> dict[str, object]:
    from socius.deterrence import war_trap_expected_utility

    start = time.perf_counter()
    table = war_trap_expected_utility((1816, 2022), third_parties=third_parties)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    filled = table.height - table["eu_ij"].null_count()
    return {
        "benchmark": f"deterrence.war_trap_expected_utility[{third_parties}]",
        "seconds": round(seconds, 3),
        "target_s": 10.0,
        "peak_mb": round(_peak_mb(), 1),
        "target_mb": 6144.0,
        "detail": (
            f"{table.height:,} directed dyad-years 1816-2022 ({filled:,} with a value; "
            f"ATOP ends 2018), tau-b, third parties: {third_parties}; one cold run "
            "including data loading"
        ),
    }


def _monte_carlo() -> dict[str, object]:
    from socius.deterrence import load_scenario, simulate

    game = load_scenario("taiwan-strait", year=2022).game
    simulate(game, draws=1_000)  # warm-up
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = simulate(game, draws=100_000, seed=1)
        times.append(time.perf_counter() - start)
    return {
        "benchmark": "deterrence.simulate[taiwan-strait, 100k draws]",
        "seconds": round(min(times), 4),
        "target_s": 2.0,
        "peak_mb": None,
        "target_mb": None,
        "detail": (
            f"best of 3 after warm-up; {len(game.parties)} parties, "
            f"P(deterrence)={result.p_deterrence:.3f}, includes with/without runs per party"
        ),
    }


def run_case(name: str) -> dict[str, object]:
    if name == "wartrap_region":
        return _wartrap("region")
    if name == "wartrap_all":
        return _wartrap("all")
    if name == "monte_carlo":
        return _monte_carlo()
    raise SystemExit(f"unknown case {name!r}; choose one of: {', '.join(CASES)}")


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--case":
        print(json.dumps(run_case(argv[1])), flush=True)
        return 0
    for case in CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--case", case], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

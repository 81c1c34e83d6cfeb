"""Throughput, scaling and memory of the Dask sweeps (socius.sweep).

Run as a script; prints one JSON object per line:

* ``reference``: the single-process vectorised code, a plain loop of
  :func:`socius.deterrence.dyadic.war_trap_year` over draws for a block of years;
* ``workers-1`` and ``workers-2``: the same EU sweep on a pre-started LocalCluster of 1 and
  2 single-threaded worker processes, configured as a sweep configures its own (cluster
  start-up reported separately); scaling
  efficiency ``T1 / (2 T2)`` and per-core throughput relative to the reference;
* ``memory``: peak RSS of a one-year synchronous EU sweep as draws grow (fresh process each);
* ``policy``: throughput of the policy sweep (draw-point-state-years per second);
* projections for the full EU sweep (every dyad-year 1816-2022 x 1,000 draws) and the full
  policy robustness map (the example grid's 900 points x 1949-2024 x 1,000 draws).

    python benchmarks/bench_sweep.py [--quick]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

YEARS = (2000, 2003)
DRAWS = 25


def _emit(name: str, seconds: float, detail: str, **extra: object) -> None:
    row = {
        "benchmark": f"sweep.{name}",
        "seconds": round(seconds, 3),
        "target_s": None,
        "peak_mb": extra.pop("peak_mb", None),
        "target_mb": None,
        "detail": detail,
    }
    row.update(extra)
    print(json.dumps(row), flush=True)


def _dyad_years(years: tuple[int, int]) -> int:
    from socius.panel import dyad_years

    return dyad_years(years=years).height


def _cpu() -> float:
    """CPU seconds (user + system) of this process so far."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def reference(years: tuple[int, int], draws: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the plain single-process loop (same draws, no reductions)."""
    import numpy as np

    from socius.deterrence import year_arrays
    from socius.deterrence.dyadic import war_trap_year

    rng = np.random.default_rng(0)
    start, cpu = time.perf_counter(), _cpu()
    for year in range(years[0], years[1] + 1):
        arrays = year_arrays(year)
        for _ in range(draws):
            z = rng.standard_normal(arrays.ccodes.size)
            war_trap_year(replace(arrays, cinc=arrays.cinc * np.exp(0.1 * z - 0.005)))
    return time.perf_counter() - start, _cpu() - cpu


def on_cluster(n: int, years: tuple[int, int], draws: int) -> tuple[float, float, float]:
    """(start-up seconds, sweep wall seconds, CPU seconds of workers + client) on a
    LocalCluster of *n* worker processes."""
    from socius.sweep import sweep_eu
    from socius.sweep.engine import _local

    t0 = time.perf_counter()
    cluster, client = _local(n, True)  # the cluster a sweep starts by default
    # warm the workers (imports, bundled data) so that the sweep time is the sweep's
    client.run(lambda: __import__("socius.sweep.eu"))
    startup = time.perf_counter() - t0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            warm = sweep_eu(
                years=(1816, 1816 + n - 1), out=Path(tmp) / "w", draws=1, scheduler=client
            )
            del warm
            w0, c0 = sum(client.run(_cpu).values()), _cpu()
            t1 = time.perf_counter()
            sweep_eu(years=years, out=Path(tmp) / "s", draws=draws, scheduler=client)
            seconds = time.perf_counter() - t1
            cpu = sum(client.run(_cpu).values()) - w0 + _cpu() - c0
    finally:
        client.close()
        cluster.close()
    return startup, seconds, cpu


def memory_case(draws: int) -> None:
    from socius.sweep import sweep_eu

    with tempfile.TemporaryDirectory() as tmp:
        sweep_eu(years=(2000, 2000), out=Path(tmp) / "m", draws=draws, scheduler="synchronous")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"draws": draws, "peak_mb": round(peak, 1)}), flush=True)


def policy_case(draws: int) -> tuple[float, float, int]:
    from socius.sweep import example_grid_text, parse_grid, sweep_policy
    from socius.sweep.grid import Grid

    full = parse_grid(example_grid_text())
    grid = Grid(full.keys[:2], full.values[:2])  # 25 points
    with tempfile.TemporaryDirectory() as tmp:
        sweep_policy(
            grid, years=(2007, 2007), out=Path(tmp) / "w", draws=1, scheduler="synchronous"
        )
        t0, c0 = time.perf_counter(), _cpu()
        res = sweep_policy(
            grid, years=(2005, 2009), out=Path(tmp) / "p", draws=draws, scheduler="synchronous"
        )
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return seconds, cpu, res.table.height * grid.size * draws


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--memory":
        memory_case(int(argv[1]))
        return 0
    quick = "--quick" in argv
    years = (2000, 2001) if quick else YEARS
    draws = 3 if quick else DRAWS
    dyads = _dyad_years(years)
    units = dyads * draws
    reference(years, 1)  # warm caches
    ref, ref_cpu = min(reference(years, draws) for _ in range(1 if quick else 2))
    load = os.getloadavg()[0]
    _emit(
        "reference",
        ref,
        f"plain loop of war_trap_year, {dyads:,} dyad-years {years[0]}-{years[1]} x {draws} draws: "
        f"{units / ref:,.0f} draw-dyad-years/s wall, {units / ref_cpu:,.0f} per CPU-second; "
        f"load average {load:.1f} on {os.cpu_count()} cores",
        throughput=round(units / ref),
        cpu_seconds=round(ref_cpu, 3),
    )
    times, cpus = {}, {}
    for n in (1, 2):
        startup, seconds, cpu = on_cluster(n, years, draws)
        times[n], cpus[n] = seconds, cpu
        _emit(
            f"eu[workers={n}]",
            seconds,
            f"EU sweep, LocalCluster of {n} process(es): {units / seconds:,.0f} draw-dyad-years/s "
            f"wall, {units / cpu:,.0f} per CPU-second (workers + client); cluster start-up "
            f"{startup:.1f} s (not included); load average {os.getloadavg()[0]:.1f}",
            throughput=round(units / seconds),
            cpu_seconds=round(cpu, 3),
        )
    efficiency = times[1] / (2 * times[2])
    per_core = times[1] / ref
    per_core_cpu = cpus[1] / ref_cpu
    _emit(
        "scaling",
        times[2],
        f"scaling efficiency 1->2 workers {efficiency:.2f} wall (target >= 0.8), CPU spent "
        f"with 2 workers / with 1: {cpus[2] / cpus[1]:.2f}; one worker vs the single-process "
        f"loop: {per_core:.2f}x wall, {per_core_cpu:.2f}x CPU (target <= 1.5)",
        efficiency=round(efficiency, 3),
        per_core_ratio=round(per_core, 3),
        per_core_ratio_cpu=round(per_core_cpu, 3),
    )
    peaks = []
    for d in (5, 20, 80) if not quick else (2, 8):
        done = subprocess.run(
            [sys.executable, __file__, "--memory", str(d)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks.append(json.loads(done.stdout.strip().splitlines()[-1]))
    _emit(
        "memory",
        0.0,
        "peak RSS of a one-year (2000) synchronous EU sweep: "
        + ", ".join(f"{p['draws']} draws {p['peak_mb']:,.0f} MB" for p in peaks),
        peak_mb=max(p["peak_mb"] for p in peaks),
    )
    pol_s, pol_cpu, pol_units = policy_case(2 if quick else 100)
    _emit(
        "policy",
        pol_s,
        f"policy sweep, 25 grid points x 2005-2009, synchronous: {pol_units / pol_s:,.0f} "
        f"draw-point-state-years/s wall, {pol_units / pol_cpu:,.0f} per CPU-second",
        throughput=round(pol_units / pol_s),
    )
    full_dyads = _dyad_years((1816, 2022))
    eu_core_hours = full_dyads * 1000 / (units / cpus[1]) / 3600
    pol_full = 900 * 11_677 * 1000  # grid points x state-years 1949-2023 (classify's count) x draws
    pol_core_hours = pol_full / (pol_units / pol_cpu) / 3600
    _emit(
        "projection",
        0.0,
        "from CPU seconds: "
        f"full EU sweep {full_dyads:,} dyad-years x 1,000 draws: {eu_core_hours:,.1f} core-hours "
        f"({eu_core_hours / 2:,.1f} h on 2 cores, {eu_core_hours / 64 * 60:,.0f} min on 64); "
        f"full policy map 900 points x 11,677 state-years x 1,000 draws: {pol_core_hours:,.1f} "
        f"core-hours",
        eu_core_hours=round(eu_core_hours, 2),
        policy_core_hours=round(pol_core_hours, 2),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

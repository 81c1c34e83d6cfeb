"""Panel benchmarks: the peacesciencer-parity pipeline as a whole process, the conflict
merges and peace years on the full directed panel, and the report.

The pipeline (directed dyad-years 1816-2024 + capabilities + ATOP + democracy + major
powers + contiguity + capital distance) runs in a fresh interpreter and is timed from
outside, so the time includes interpreter start and imports, as a user's script would.
When ``Rscript`` and peacesciencer are installed the same pipeline is timed in R too
(skipped otherwise).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import emit, peak_mb

# peacesciencer's add_democracy() adds euds, aeuds, polity2 and v2x_polyarchy: socius's
# "democracy" source holds exactly those (isard's cw_democracy).
PIPELINE = """
from socius import panel as P
d = P.dyad_years()
d = P.add_capabilities(d)
d = P.add_alliances(d)
d = P.add_democracy(d, sources=["democracy"])
d = P.add_major_powers(d)
d = P.add_contiguity(d)
d = P.add_capital_distance(d)
print(d.height, d.width)
"""

R_PIPELINE = """
suppressMessages(library(peacesciencer))
d <- create_dyadyears(subset_years = 1816:2024)
d <- add_nmc(d); d <- add_atop_alliance(d); d <- add_democracy(d)  # euds, aeuds, polity2, v2x_polyarchy
d <- add_cow_majors(d); d <- add_contiguity(d); d <- add_capital_distance(d)
cat(nrow(d), ncol(d), "\\n")
"""


def _child_run(cmd: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS [MB], stdout and CPU seconds (user + system) of one child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, max(after.ru_maxrss, before.ru_maxrss) / 1024, proc.stdout.strip(), cpu


def pipeline() -> None:
    runs = [_child_run([sys.executable, "-c", PIPELINE]) for _ in range(3)]
    best = min(r[0] for r in runs)
    emit(
        "pipeline: COW directed dyad-years 1816-2024 + capabilities + ATOP + democracy + majors "
        "+ contiguity + capital distance (whole process, best of 3)",
        best,
        target_s=1.8,
        peak=max(r[1] for r in runs),
        target_mb=1024,
        detail=(
            f"rows, columns: {runs[-1][2]}; wall {', '.join(f'{r[0]:.2f}' for r in runs)} s; "
            f"CPU (user+sys) {', '.join(f'{r[3]:.2f}' for r in runs)} s"
        ),
    )
    if shutil.which("Rscript"):
        check = subprocess.run(
            ["Rscript", "-e", "library(peacesciencer)"], capture_output=True, check=False
        )
        if check.returncode == 0:
            seconds, mem, out, _cpu = _child_run(["Rscript", "-e", R_PIPELINE])
            emit("pipeline in R (peacesciencer)", seconds, peak=mem, detail=out)
            emit(
                "pipeline speed-up over peacesciencer", seconds / best, detail="ratio, not seconds"
            )
            return
    print("# Rscript with peacesciencer not found: R comparison skipped", flush=True)


def merges() -> None:
    from socius import panel as P

    ddy = P.dyad_years()
    cases = {
        "add_gml_mids": lambda d: P.add_gml_mids(d),
        "add_cow_mids": lambda d: P.add_cow_mids(d),
        "add_cow_wars": lambda d: P.add_cow_wars(d),
        "add_ucdp_acd": lambda d: P.add_ucdp_acd(d),
        "add_ucdp_onsets": lambda d: P.add_ucdp_onsets(d),
        "add_strategic_rivalries": lambda d: P.add_strategic_rivalries(d),
        "add_gdp_population": lambda d: P.add_gdp_population(d),
    }
    for name, fn in cases.items():
        fn(ddy)  # warm: the snapshot read once
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(ddy)
        emit(
            f"{name} on the full directed panel (warm)",
            time.perf_counter() - t0,
            target_s=0.5,
            detail=f"{out.width - ddy.width} columns added; CPU {time.process_time() - c0:.2f} s",
        )
    with_mids = P.add_gml_mids(ddy, keep=[])
    P.add_peace_years(with_mids)
    t0, c0 = time.perf_counter(), time.process_time()
    P.add_peace_years(with_mids)
    emit(
        "add_peace_years (GML MIDs) on the full directed panel (warm)",
        time.perf_counter() - t0,
        target_s=1.0,
        peak=peak_mb(),
        detail=f"CPU {time.process_time() - c0:.2f} s; peacesciencer 1.2.9's takes about 13 s (earlier comparison on this machine type)",
    )


def report() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.html"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "socius", "report", "--year", "2007", "--out", str(out)],
            check=True,
            capture_output=True,
        )
        emit(
            "socius report --year 2007 (whole command, new process)",
            time.perf_counter() - t0,
            target_s=10.0,
            detail=f"{out.stat().st_size / 1024:,.0f} KiB HTML",
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "report":
        report()
    else:
        pipeline()
        merges()
        subprocess.run([sys.executable, __file__, "report"], check=True)

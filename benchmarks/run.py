"""Run every benchmark (benchmarks/bench_*.py), each in its own process, and report.

Usage: ``make bench`` or ``python benchmarks/run.py [topic ...]`` (``--help`` lists the topics).

Each bench script prints one JSON object per line:
{"benchmark", "seconds", "target_s", "peak_mb", "target_mb", "detail"}. Results are written
to benchmarks/results/latest.json with the machine and date; copy the numbers into
docs/performance.md when they change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> dict[str, object]:
    mem_gb = None
    try:
        with open("/proc/meminfo") as fh:
            mem_gb = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def usage(topics: list[str]) -> str:
    return (
        "usage: python benchmarks/run.py [topic ...]\n"
        "Runs benchmarks/bench_<topic>.py (all topics when none is given) and writes "
        "benchmarks/results/latest.json.\n"
        f"topics: {', '.join(topics)}"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    scripts = sorted(HERE.glob("bench_*.py"))
    topics = [s.stem.removeprefix("bench_") for s in scripts]
    if any(a in ("-h", "--help") for a in args):
        print(usage(topics))
        return 0
    unknown = [a for a in args if a not in topics]
    if unknown:
        print(
            f"error: unknown topic '{unknown[0]}'; choose from: {', '.join(topics)}",
            file=sys.stderr,
        )
        return 2
    wanted = set(args)
    rows: list[dict[str, object]] = []
    failed = 0
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== {script.name}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            failed += 1
            print(proc.stdout + proc.stderr)
            continue
        for line in proc.stdout.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            row["script"] = script.name
            ok = row.get("target_s") is None or row["seconds"] <= row["target_s"]
            if row.get("target_mb") is not None and row.get("peak_mb") is not None:
                ok = ok and row["peak_mb"] <= row["target_mb"]
            row["meets_target"] = ok
            rows.append(row)
            mem = (
                f", peak {row['peak_mb']:.0f} MB (target {row.get('target_mb')})"
                if row.get("peak_mb") is not None
                else ""
            )
            tgt = f" (target {row['target_s']} s)" if row.get("target_s") is not None else ""
            print(
                f"  {'ok  ' if ok else 'MISS'} {row['benchmark']}: {row['seconds']:.3f} s{tgt}{mem} {row.get('detail', '')}"
            )
    if not rows:  # nothing measured: keep the previous results rather than an empty list
        print(
            "no benchmark results; benchmarks/results/latest.json left unchanged", file=sys.stderr
        )
        return 1
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    payload = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": rows,
    }
    (out / "latest.json").write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out / 'latest.json'}; machine: {payload['machine']}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

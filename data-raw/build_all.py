"""Rebuild every bundled snapshot in dependency order (``make data``).

Each build runs in its own process so that a later build sees the manifest the
earlier ones wrote. Pass dataset names to rebuild only those.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["cow_states", "gw_states", "cow_gw", "country_codes"]


def main() -> None:
    rest = sorted(
        p.stem.removeprefix("build_") for p in HERE.glob("build_*.py") if p.stem != "build_all"
    )
    names = FIRST + [n for n in rest if n not in FIRST]
    only = set(sys.argv[1:])
    for name in names:
        if only and name not in only:
            continue
        subprocess.run([sys.executable, str(HERE / f"build_{name}.py")], cwd=HERE, check=True)


if __name__ == "__main__":
    main()

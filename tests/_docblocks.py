"""The fenced code blocks of README.md and docs/, as the docs test runs them.

A block's language decides what happens to it:

* ``python``: the blocks of one page run in order in one fresh process, as a plain script;
* ``pycon``: the blocks of one page run in order with :mod:`doctest` (their printed output is
  checked, with ELLIPSIS and NORMALIZE_WHITESPACE);
* ``sh``, ``bash``: the blocks of one page run in order with bash (``set -eo pipefail``), with
  the package's console script on ``PATH``;
* ``text``, ``toml``, ``csv``, ``json``, ``html``: shown, never run (signatures, pseudo-code,
  output, file contents).

Every page's blocks run in a fresh temporary folder holding the example files of
``docs/examples``, with an empty user store (``SOCIUS_DATA_DIR``). The first line of a runnable
block may carry a marker:

* ``# not run: REASON``: skipped, with the reason (a server that runs until stopped, a cluster
  of other machines, the install commands that CI itself runs);
* ``# needs: sipri``: runs after the SIPRI files in ``../shared/data/raw`` are imported into
  the store and linked into the folder under their own names; skipped where they are absent
  (SIPRI's terms keep them out of the repository).

Kept apart from the test module so that ``conftest.py`` can count the blocks for the summary;
the helpers for child processes that run socius (their environment, the SIPRI import) serve
the other tests that start one too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
RAW = ROOT.parent / "shared" / "data" / "raw"
WORKBOOK = RAW / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"
TIV_DIR = RAW / "sipri_arms_transfers" / "trademap-raw"
FLOWS = RAW / "sipri_arms_transfers" / "sipri-exports-processed.csv"

#: language tag -> how the block runs
RUN = {"python": "python", "pycon": "pycon", "sh": "sh", "bash": "sh"}
#: language tags shown but never run
SHOWN = frozenset({"text", "toml", "csv", "json", "html", "math"})
KINDS = ("python", "pycon", "sh")

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", flags=re.S | re.M)
_NOT_RUN = re.compile(r"^#\s*not run:\s*(\S.*)$")
_NEEDS = re.compile(r"^#\s*needs:\s*(\w+)\b")


def sipri_files() -> list[Path]:
    """The SIPRI downloads in ../shared/data/raw (empty where any is absent)."""
    tiv = sorted(TIV_DIR.glob("TIV-Export-*.csv")) if TIV_DIR.is_dir() else []
    if WORKBOOK.is_file() and len(tiv) > 100 and FLOWS.is_file():
        return [WORKBOOK, *tiv, FLOWS]
    return []


HAVE_SIPRI = bool(sipri_files())


def child_env(store: Path) -> dict[str, str]:
    """The environment of a child process that runs socius: its own store, no display, and
    this source tree ahead of any installed copy."""
    env = {**os.environ, "SOCIUS_DATA_DIR": str(store), "MPLBACKEND": "Agg"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def import_sipri(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Import the SIPRI downloads of ../shared into the store of *env*, in a child process."""
    workbook, *arms = sipri_files()
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom socius.data.sipri import import_arms, import_milex\n"
            "import_milex(sys.argv[1])\nimport_arms(sys.argv[2:])\n",
            str(workbook),
            *map(str, arms),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # line of the block's first code line in the page (1-based)
    lang: str  # the fence's language tag, lower case ("" for none)
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def kind(self) -> str | None:
        """``python``, ``pycon`` or ``sh`` for a block that runs, else None."""
        return RUN.get(self.lang)

    @property
    def first_line(self) -> str:
        return self.code.split("\n", 1)[0].strip()

    @property
    def needs(self) -> str | None:
        m = _NEEDS.match(self.first_line)
        return m.group(1) if m else None

    def skip_reason(self, *, have_sipri: bool = HAVE_SIPRI) -> str | None:
        """Why this runnable block does not run here, or None when it runs."""
        m = _NOT_RUN.match(self.first_line)
        if m:
            return m.group(1)
        if self.needs == "sipri" and not have_sipri:
            return "needs the SIPRI downloads, absent from ../shared/data/raw"
        return None


def pages() -> list[Path]:
    """README.md and every Markdown page under docs/ (decisions included)."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks(page: Path) -> list[Block]:
    """Every fenced block of *page*, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start(2)) + 1
        found.append(Block(page, line, m.group(1).strip().lower(), m.group(2)))
    return found


def runnable(page: Path, kind: str) -> list[Block]:
    return [b for b in blocks(page) if b.kind == kind]


def summary(*, have_sipri: bool = HAVE_SIPRI) -> list[str]:
    """Lines for the terminal summary: how many blocks were collected, run and skipped, and why."""
    every = [b for p in pages() for b in blocks(p)]
    run = [b for b in every if b.kind]
    by_kind = Counter(b.kind for b in run)
    skipped = [(b, r) for b in run if (r := b.skip_reason(have_sipri=have_sipri))]
    shown = len(every) - len(run)
    lines = [
        f"docs: {len(run)} runnable code blocks in {len(pages())} pages "
        f"({', '.join(f'{by_kind[k]} {k}' for k in KINDS)}); {len(run) - len(skipped)} run, "
        f"{len(skipped)} skipped; {shown} more are shown, not run (text, toml, csv...)"
    ]
    lines += [f"  skipped {b.where} [{b.lang}]: {reason}" for b, reason in skipped]
    return lines

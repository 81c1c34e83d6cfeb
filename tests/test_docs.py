"""Every Python block in the README and docs/ runs, so the documentation stays true to the code.

The blocks of one page run in order in one fresh process (they may build on each other), in a
temporary folder, with an empty user store. A block that starts with ``# not run: REASON``
shows code on the reader's own files and is skipped; a block that starts with
``# needs: sipri`` runs after importing the full SIPRI files from ../shared/data/raw, and is
skipped, with the reason, where they are absent (SIPRI's terms keep them out of the repository).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data" / "raw"
WORKBOOK = RAW / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"
TIV = sorted((RAW / "sipri_arms_transfers" / "trademap-raw").glob("TIV-Export-*.csv"))
FLOWS = RAW / "sipri_arms_transfers" / "sipri-exports-processed.csv"
HAVE_SIPRI = WORKBOOK.is_file() and len(TIV) > 100 and FLOWS.is_file()

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", flags=re.S | re.M)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


RUNNABLE = [p for p in PAGES if _blocks(p)]


def test_the_docs_have_python_blocks_to_run() -> None:
    assert len(RUNNABLE) >= 10, [p.name for p in RUNNABLE]


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_blocks_of_the_page_run(page: Path, tmp_path: Path) -> None:
    blocks = [b for b in _blocks(page) if not b.startswith("# not run:")]
    needs_sipri = any(b.startswith("# needs: sipri") for b in blocks)
    if needs_sipri and not HAVE_SIPRI:
        blocks = [b for b in blocks if not b.startswith("# needs: sipri")]
    if not blocks:
        pytest.skip(f"{page.name}: every block reads the reader's own files or needs SIPRI")
    setup = ""
    if needs_sipri and HAVE_SIPRI:
        setup = (
            "from socius.data.sipri import import_arms, import_milex\n"
            f"import_milex({str(WORKBOOK)!r})\n"
            f"import_arms({[str(p) for p in [*TIV, FLOWS]]!r})\n"
        )
    body = setup + "\n".join(blocks)
    # a main guard, since the report spawns worker processes that import __main__
    script = (
        "def _main():\n"
        + textwrap.indent(body, "    ")
        + "\n\nif __name__ == '__main__':\n    _main()\n"
    )
    path = tmp_path / "doc_blocks.py"
    path.write_text(script, encoding="utf-8")
    env = {**os.environ, "SOCIUS_DATA_DIR": str(tmp_path / "store"), "MPLBACKEND": "Agg"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{page.name}: a Python block fails:\n{done.stderr[-3000:]}"

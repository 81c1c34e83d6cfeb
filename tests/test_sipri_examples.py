"""The docstring examples that need SIPRI data run against the full SIPRI files, when present.

Under ``--doctest-modules`` those examples are marked ``+SKIP`` (SIPRI's terms keep its tables
out of the package, so the store is empty there). Here they run, unskipped, in a fresh process
whose store holds the full files from ../shared/data/raw, so that the outputs they show stay
true.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import _docblocks

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    "socius.indicators.arms",
    "socius.indicators.blocs",
    "socius.panel.derived",
    "socius.plots",
]

_DRIVER = """\
import doctest
import importlib
import sys

module = importlib.import_module(sys.argv[1])
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
ran = 0
for test in doctest.DocTestFinder().find(module):
    skipped = [e for e in test.examples if (e.options or {}).get(doctest.SKIP)]
    if not skipped:
        continue
    for example in test.examples:
        example.options.pop(doctest.SKIP, None)
    runner.run(test)
    ran += 1
print(f"ran {ran} docstring(s) with SIPRI examples")
sys.exit(1 if runner.summarize(verbose=False).failed or not ran else 0)
"""


@pytest.mark.skipif(not _docblocks.HAVE_SIPRI, reason="the SIPRI downloads are not in ../shared")
@pytest.mark.parametrize("module", MODULES)
def test_sipri_examples_of_the_module_show_what_the_full_files_give(
    module: str, tmp_path: Path
) -> None:
    env = _docblocks.child_env(tmp_path / "store")
    imported = _docblocks.import_sipri(env, tmp_path)
    assert imported.returncode == 0, imported.stderr
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, module],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{module}:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"


def test_every_module_with_skipped_examples_is_listed() -> None:
    # a new +SKIP example elsewhere must be added to MODULES, or it would never run
    marked = sorted(
        ".".join(p.relative_to(ROOT / "src").with_suffix("").parts)
        for p in (ROOT / "src" / "socius").rglob("*.py")
        if "doctest: +SKIP" in p.read_text(encoding="utf-8")
    )
    assert marked == sorted(MODULES)

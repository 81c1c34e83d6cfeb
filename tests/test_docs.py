"""Every code block in the README and docs/ runs, so the documentation stays true to the code.

How blocks are found, run and marked is described in ``tests/_docblocks.py``; the terminal
summary of a run that includes this file says how many blocks were collected, run and skipped,
with each skip's reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import _docblocks as docs
from _docblocks import ROOT, Block

TIMEOUT = 300  # seconds for one page's blocks of one kind


def _pages_with(kind: str) -> list[Path]:
    return [p for p in docs.pages() if docs.runnable(p, kind)]


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _workspace(tmp_path: Path, blocks: list[Block]) -> tuple[Path, dict[str, str]]:
    """A fresh folder with the example files, an empty store and, if asked, SIPRI imported."""
    cwd = tmp_path / "work"
    cwd.mkdir()
    for f in sorted(docs.EXAMPLES.iterdir()):
        if f.is_file() and f.suffix != ".md":
            shutil.copy2(f, cwd / f.name)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = Path(sys.executable).parent / "socius"
    if not script.is_file():  # running from a source tree: the console script's equivalent
        script = bindir / "socius"
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m socius "$@"\n')
        script.chmod(0o755)
    env = docs.child_env(tmp_path / "store")
    env.update(NO_COLOR="1", COLUMNS="120")
    env["PATH"] = os.pathsep.join(
        [str(script.parent), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    )
    env.pop("SOCIUS_DATABASE_URL", None)
    env.pop("SOCIUS_DASK_SCHEDULER", None)
    if any(b.needs == "sipri" for b in blocks):
        for f in docs.sipri_files():  # the downloads, under their own names, as a reader has them
            (cwd / f.name).symlink_to(f)
        done = docs.import_sipri(env, cwd)
        assert done.returncode == 0, f"the SIPRI import before the blocks failed:\n{done.stderr}"
    return cwd, env


def _to_run(page: Path, kind: str) -> list[Block]:
    blocks = [b for b in docs.runnable(page, kind) if b.skip_reason() is None]
    if not blocks:
        reasons = "; ".join(f"{b.where}: {b.skip_reason()}" for b in docs.runnable(page, kind))
        pytest.skip(f"no {kind} block of {page.name} runs here ({reasons})")
    return blocks


# ---- what the pages contain ------------------------------------------------------------------


def test_every_block_names_a_language_that_is_run_or_shown() -> None:
    # a fence without a language (or with an unknown one) would be neither run nor checked
    odd = [
        f"{b.where} ({b.lang or 'no language'})"
        for p in docs.pages()
        for b in docs.blocks(p)
        if b.kind is None and b.lang not in docs.SHOWN
    ]
    assert not odd, "tag these blocks python, pycon, sh, or text/toml/csv/json/html: " + ", ".join(
        odd
    )


def test_the_docs_have_blocks_of_every_kind_to_run() -> None:
    counts = {k: sum(len(docs.runnable(p, k)) for p in docs.pages()) for k in docs.KINDS}
    assert counts["python"] >= 20 and counts["sh"] >= 15 and counts["pycon"] >= 1, counts


def test_every_skip_marker_gives_a_reason_and_every_need_is_known() -> None:
    for page in docs.pages():
        for b in docs.blocks(page):
            if b.kind is None:
                continue
            assert not b.first_line.startswith("# not run") or b.skip_reason(), b.where
            assert b.needs in (None, "sipri"), f"{b.where}: unknown need {b.needs!r}"


def test_a_marker_skips_only_its_own_block(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\n# not run: reads your file\nx = 1\n```\n\n"
        "```sh\n# needs: sipri\nsocius data list\n```\n\n```python\ny = 2\n```\n",
        encoding="utf-8",
    )
    found = docs.blocks(page)
    assert [(b.lang, b.line) for b in found] == [("python", 2), ("sh", 7), ("python", 12)]
    assert found[0].skip_reason() == "reads your file"
    assert found[1].skip_reason(have_sipri=False) is not None
    assert found[1].skip_reason(have_sipri=True) is None
    assert found[2].skip_reason() is None


def test_every_example_file_is_used_by_a_page() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs.pages())
    files = [f.name for f in docs.EXAMPLES.iterdir() if f.is_file() and f.suffix != ".md"]
    assert files, "docs/examples holds no example file"
    unused = [f for f in files if f not in text]
    assert not unused, f"example files no page uses: {unused}"


# ---- running them ----------------------------------------------------------------------------

_PYTHON_DRIVER = """\
import json
import sys

# no `if __name__ == "__main__":` guard: the blocks run as a reader's plain script would
for _page, _line, _code in json.load(open(sys.argv[1], encoding="utf-8")):
    exec(compile("\\n" * (_line - 1) + _code, _page, "exec"), globals())
"""

_PYCON_DRIVER = """\
import doctest
import json
import sys

_globs = {"__name__": "__main__"}
_parser = doctest.DocTestParser()
_runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
for _page, _line, _code in json.load(open(sys.argv[1], encoding="utf-8")):
    _test = _parser.get_doctest(_code, _globs, f"{_page}:{_line}", _page, _line - 1)
    _runner.run(_test, clear_globs=False)
    _globs.update(_test.globs)  # a DocTest runs on a copy: carry its names to the next block
sys.exit(1 if _runner.summarize(verbose=False).failed else 0)
"""


def _run_driver(
    driver: str, blocks: list[Block], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    cwd, env = _workspace(tmp_path, blocks)
    spec = tmp_path / "blocks.json"
    spec.write_text(json.dumps([[str(b.page), b.line, b.code] for b in blocks]), encoding="utf-8")
    script = tmp_path / "doc_blocks.py"
    script.write_text(driver, encoding="utf-8")
    return _run([sys.executable, str(script), str(spec)], cwd, env)


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run *command* as a reader would: no terminal input, output captured."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize("page", _pages_with("python"), ids=_page_id)
def test_python_blocks_of_the_page_run(page: Path, tmp_path: Path) -> None:
    blocks = _to_run(page, "python")
    done = _run_driver(_PYTHON_DRIVER, blocks, tmp_path)
    assert done.returncode == 0, f"{page.name}: a Python block fails:\n{done.stderr[-4000:]}"


@pytest.mark.parametrize("page", _pages_with("pycon"), ids=_page_id)
def test_pycon_blocks_of_the_page_give_their_output(page: Path, tmp_path: Path) -> None:
    blocks = _to_run(page, "pycon")
    done = _run_driver(_PYCON_DRIVER, blocks, tmp_path)
    assert done.returncode == 0, (
        f"{page.name}: a pycon block fails:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
    )


@pytest.mark.parametrize("page", _pages_with("sh"), ids=_page_id)
def test_shell_blocks_of_the_page_run(page: Path, tmp_path: Path) -> None:
    blocks = _to_run(page, "sh")
    cwd, env = _workspace(tmp_path, blocks)
    for b in blocks:  # in order, in one folder: a block may use what an earlier one wrote
        done = _run(["bash", "-c", "set -eo pipefail\n" + b.code], cwd, env)
        assert done.returncode == 0, (
            f"{b.where}: the shell block exits {done.returncode}:\n{b.code}\n"
            f"--- stderr ---\n{done.stderr[-3000:]}"
        )
        assert "Traceback (most recent call last)" not in done.stderr, f"{b.where}:\n{done.stderr}"

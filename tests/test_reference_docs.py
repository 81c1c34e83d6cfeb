"""The API reference in docs/reference/ is generated from the docstrings and must not drift.

A student reads these pages instead of the source, so a page that lags the code, a public name
without an entry, or a name the guide imports that no page documents, is a documentation bug.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"
HEADING = re.compile(r"^#{2,3} `([^`]+)`$", flags=re.M)


def _load_generator() -> ModuleType:
    path = ROOT / "tools" / "refdocs.py"
    spec = importlib.util.spec_from_file_location("refdocs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("refdocs", module)
    spec.loader.exec_module(module)
    return module


refdocs = _load_generator()
MODULES = refdocs.modules()


def _headings(module: str) -> set[str]:
    page = REFERENCE / refdocs.page_name(module)
    return set(HEADING.findall(page.read_text(encoding="utf-8"))) if page.is_file() else set()


def test_committed_pages_equal_the_generator_output() -> None:
    # the pages are generated: an edited docstring without a rerun leaves them stale
    stale = refdocs.stale(refdocs.generate())
    assert not stale, f"docs/reference is stale: run python tools/refdocs.py ({', '.join(stale)})"


def test_the_pages_cover_the_modules_the_issue_names() -> None:
    # the plots page and the modules whose functions the guide uses were asked for by name
    named = {"plots", "affiliation", "panel", "similarity", "cohesion", "deterrence"}
    named |= {"bargaining", "indicators", "networks", "codes", "data", "report", "sweep"}
    assert {f"socius.{m}" for m in named} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_has_a_heading_on_its_page(module: str) -> None:
    # a name in __all__ is public; a student should find each one on the module's page
    missing = set(importlib.import_module(module).__all__) - _headings(module)
    assert not missing, f"{refdocs.page_name(module)} lacks {sorted(missing)}"


def test_every_name_the_docs_import_is_documented() -> None:
    # the guide's `from socius.x import a` lines are where students meet the API first
    imports = refdocs.doc_imports()
    assert len(imports) >= 20, imports  # the parser still finds the guide's imports
    undocumented = []
    for page, module, name in imports:
        if module == "socius":
            documented = f"socius.{name}" in MODULES
        else:
            documented = name in _headings(module)
        if not documented:
            undocumented.append(f"{page}: from {module} import {name}")
    assert not undocumented, undocumented


def test_the_import_parser_reads_grouped_and_aliased_imports(tmp_path: Path) -> None:
    # the docs write imports in parentheses with comments, with aliases, and inside tables
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        "```python\nfrom socius.similarity import (\n    s_score, tau_b,  # one dyad\n)\n"
        "from socius import indicators as ind\n```\n| `from socius.limits import t; x` |\n",
        encoding="utf-8",
    )
    assert refdocs.doc_imports(tmp_path) == [
        ("README.md", "socius", "indicators"),
        ("README.md", "socius.limits", "t"),
        ("README.md", "socius.similarity", "s_score"),
        ("README.md", "socius.similarity", "tau_b"),
    ]


def test_plots_page_says_how_to_save_a_figure() -> None:
    # the issue asks for the plots page to show saving and headless use, not only signatures
    text = (REFERENCE / "plots.md").read_text(encoding="utf-8")
    for needle in ("savefig(", ".svg", ".png", "dpi=", "MPLBACKEND=Agg", "socius.figstyle"):
        assert needle in text, needle


def test_values_are_written_without_addresses_and_with_sets_sorted() -> None:
    # the pages must come out the same on every run and machine
    class Opaque:
        pass

    assert refdocs.value_repr(frozenset({"b", "a", "c"})) == "frozenset({'a', 'b', 'c'})"
    assert "0x" not in refdocs.value_repr(Opaque())
    assert refdocs.value_repr(refdocs.ROOT / "src" / "x.toml") == "Path('src/x.toml')"

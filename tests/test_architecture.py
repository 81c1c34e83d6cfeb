"""Architecture rules: the library never imports its adapters; modules stay small; the wheel
ships only listed data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "socius"
ADAPTERS = {"cli", "web", "__main__.py"}
LIBRARY = [p for p in SRC.rglob("*.py") if not ADAPTERS & set(p.relative_to(SRC).parts)]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(SRC)))
def test_library_never_imports_the_cli(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(("socius.cli", "socius.web")), f"{path.name} imports {name}"


def test_modules_stay_under_a_thousand_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 1000
    }
    assert not long, f"split these modules into subpackages: {long}"


def test_package_data_is_only_snapshots_policies_and_scenarios() -> None:
    allowed = {".py", ".parquet", ".json", ".toml", ".csv", ".typed"}
    allowed |= {".html", ".js", ".css", ".txt"}  # socius serve: templates, static files, licences
    odd = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*")
        if p.is_file() and p.suffix not in allowed and "__pycache__" not in p.parts
    ]
    assert not odd, f"unexpected files in the package: {odd}"


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_figure_style_lives_below_the_report() -> None:
    """socius.figstyle imports no socius module; the notebook plots take their style from it,
    never from the report (the report may use the plots, not the other way round)."""
    assert not [n for n in _imports(SRC / "figstyle.py") if n.startswith("socius")]
    assert not [n for n in _imports(SRC / "plots.py") if n.startswith("socius.report")]
    network = [n for n in _imports(SRC / "networks" / "figures.py") if "figures" in n]
    assert "socius.report.figures" not in network


# socius.panel is the base the analyses build on: its modules import only the data layer
# and shared helpers. Analyses register their panel merges (socius.panel.registry).
PANEL_MAY_IMPORT = (
    "socius.panel",
    "socius.data",
    "socius.errors",
    "socius.provenance",
    "socius._frames",
    "socius._io",
    "socius.limits",
    "socius.codes",
)
PANEL_MODULES = sorted((SRC / "panel").rglob("*.py"))


@pytest.mark.parametrize("path", PANEL_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_of_panel_imports_an_analysis(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name == "socius" or name.startswith("socius."):
                assert name.startswith(PANEL_MAY_IMPORT), f"{path.name} imports {name}"


def test_sweeps_import_dask_only_when_they_run() -> None:
    """``dask[distributed]`` is the optional ``sweep`` extra: no module of socius.sweep or its
    CLI imports it at module level (so importing them works without it and ``socius --help``
    stays fast); it is imported inside the functions that start or reach a cluster."""
    files = [*(SRC / "sweep").glob("*.py"), SRC / "cli" / "sweep.py"]
    assert len(files) > 5
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"dask", "distributed"}, (
                    f"{path.name} imports {name} at module level"
                )

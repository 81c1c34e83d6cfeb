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

"""``socius sweep``: the command line over socius.sweep."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from socius.cli import main
from socius.sweep import example_grid_text, read_sweep


def test_example_grid_is_a_valid_policy_grid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "example-grid"]) == 0
    text = capsys.readouterr().out
    assert text == example_grid_text()
    assert len(tomllib.loads(text)["grid"]) == 5


def test_policy_sweep_writes_a_resumable_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grid = tmp_path / "grid.toml"
    grid.write_text('[grid]\n"values.v2x_libdem" = [0.45, 0.55]\n', encoding="utf-8")
    out = tmp_path / "map"
    args = ["sweep", "policy", "--grid", str(grid), "--years", "2007", "--draws", "3"]
    args += ["--out", str(out), "--scheduler", "synchronous"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "Least robust" in captured.out
    assert "1 chunk(s) computed" in " ".join(captured.err.split())
    table, spec = read_sweep(out)
    assert spec["kind"] == "policy" and spec["grid"] == {"values.v2x_libdem": [0.45, 0.55]}
    assert table.height > 150
    assert main([*args, "--dashboard"]) == 0  # a rerun resumes: nothing left to compute
    err = " ".join(capsys.readouterr().err.split())
    assert "0 chunk(s) computed" in err
    assert "no Dask dashboard (synchronous run" in err


def test_scheduler_from_the_environment_that_does_not_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIUS_DASK_SCHEDULER", "tcp://127.0.0.1:9")
    args = ["sweep", "eu", "--years", "1816", "--draws", "2", "--out", str(tmp_path / "e")]
    assert main([*args, "--connect-timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: no Dask scheduler answered at 'tcp://127.0.0.1:9' within 1 s")


@pytest.mark.parametrize(
    ("grid", "extra", "message"),
    [
        ("[grid]\n", [], "the grid is empty"),
        ('[grid]\n"values.libdem" = [0.4]\n', [], "not thresholds of the policy"),
        ('[grid]\n"values.v2x_libdem" = [0.4]\n', ["--draws", "0"], "--draws 0 is out of range"),
        ('[grid]\n"values.v2x_libdem" = [0.4]\n', ["--draws", "-3"], "--draws -3 is out of range"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    grid: str,
    extra: list[str],
    message: str,
) -> None:
    path = tmp_path / "grid.toml"
    path.write_text(grid, encoding="utf-8")
    args = ["sweep", "policy", "--grid", str(path), "--years", "2007", "--out", str(tmp_path / "o")]
    assert main([*args, "--scheduler", "synchronous", *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_scenario_sweep_prints_the_influence_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grid = tmp_path / "grid.toml"
    grid.write_text('[grid]\n"usa.probability" = [0.2, 0.8]\nstakes = [0.5, 1.0]\n')
    args = ["sweep", "scenario", "taiwan-strait", "--grid", str(grid), "--draws", "400"]
    assert main([*args, "--out", str(tmp_path / "s"), "--scheduler", "synchronous"]) == 0
    out = capsys.readouterr().out
    assert "Influence of each input" in out and "usa.probability" in out
    assert (tmp_path / "s" / "influence.parquet").is_file()

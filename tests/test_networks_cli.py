"""``socius networks analyze`` and ``socius networks keyplayers``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main

DATA = Path(__file__).parent / "data" / "networks"
EDGES = str(DATA / "actors_edges.csv")
NODES = str(DATA / "actors_nodes.csv")


def test_analyze_prints_summary_and_writes_table_and_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "actors.csv"
    page = tmp_path / "actors.html"
    code = main(
        ["networks", "analyze", EDGES, "--nodes", NODES, "--out", str(out), "--html", str(page)]
    )
    assert code == 0
    printed = capsys.readouterr()
    assert "summary" in printed.out and "change over time" in printed.out
    table = pl.read_csv(out)
    assert table.height == 7
    assert table["id"][0] == "P1"  # sorted by betweenness, the individual brokers most
    assert {"betweenness", "closeness", "eigenvector", "liaison", "community"} <= set(table.columns)
    assert "<svg" in page.read_text()


def test_keyplayers_on_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "path5.csv")
    assert main(["networks", "keyplayers", path, "--undirected", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert "df of the set of 2: 1.000000 (optimal" in out
    assert main(["networks", "keyplayers", path, "--undirected", "--k", "2", "--greedy"]) == 0
    assert "greedy search with swaps" in capsys.readouterr().out
    table = tmp_path / "kp.csv"
    assert (
        main(["networks", "keyplayers", path, "--undirected", "--k", "2", "--out", str(table)]) == 0
    )
    assert sorted(pl.read_csv(table, schema_overrides={"id": pl.String})["id"]) == ["2", "4"]


def test_keyplayers_reach_and_json_output(tmp_path: Path) -> None:
    out = tmp_path / "kp.json"
    args = ["networks", "keyplayers", EDGES, "--nodes", NODES, "--k", "1", "--measure", "reach"]
    assert main([*args, "--binary", "--out", str(out)]) == 0
    assert pl.read_json(out)["id"].to_list() == ["P1"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["keyplayers", str(DATA / "path5.csv"), "--k", "9"], "k=9 does not fit a network of 5"),
        (["keyplayers", str(DATA / "path5.csv"), "--measure", "dff"], "did you mean: df"),
        (["analyze", str(DATA / "README.md")], "cannot tell the format"),
        (["analyze", str(DATA / "missing.csv")], "does not exist"),
        (["analyze", str(DATA / "bad_weights.csv")], "has 7 problems"),
        (["analyze", str(DATA / "broken.graphml")], "cannot read"),
        (["analyze", EDGES, "--out", "table.xlsx"], "unsupported extension"),
        (["analyze", EDGES, "--html", "page.pdf"], "unsupported extension"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["networks", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error: ") and needle in err


def test_keyplayers_candidates_and_restarts(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "path5.csv")
    assert (
        main(["networks", "keyplayers", path, "--undirected", "--k", "1", "--candidates", "1,5"])
        == 0
    )
    assert "(optimal: every set scored, 2 sets" in capsys.readouterr().out
    args = ["networks", "keyplayers", path, "--undirected", "--k", "2", "--greedy"]
    assert main([*args, "--restarts", "4", "--seed", "3"]) == 0
    assert "from 4 starts" in capsys.readouterr().out
    assert main([*args, "--restarts", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "restarts 0 is out of range" in err

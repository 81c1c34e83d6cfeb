"""``socius panel`` options for conflict research: analysis merges by name, --prd,
--peace-years, --conventions and --mry."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main


def test_dyad_years_with_analysis_merges_prd_and_peace_years(tmp_path: Path) -> None:
    out = tmp_path / "p.parquet"
    args = [
        "panel", "dyad-years", "--undirected", "--years", "1900-1905",
        "--with", "contiguity,majors,gml_mids,eu,similarity", "--prd", "--peace-years",
        "--conventions", "peacesciencer", "--out", str(out),
    ]  # fmt: skip
    assert main(args) == 0
    d = pl.read_parquet(out)
    assert {"eu_ij", "s_atop", "gmlmidspell"} <= set(d.columns)
    assert (d["conttype"].is_between(1, 5) | (d["cowmaj1"] == 1) | (d["cowmaj2"] == 1)).all()


def test_state_years_mry(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    assert main(["panel", "state-years", "--years", "2024-2024", "--mry", "--out", str(out)]) == 0
    assert pl.read_csv(out)["year"].max() == 2024


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["panel", "dyad-years", "--years", "1900", "--with", "contiguity", "--prd"],
            "--prd needs",
        ),
        (["panel", "dyad-years", "--years", "1900", "--conventions", "r"], "--conventions 'r'"),
        (["panel", "dyad-years", "--years", "1900", "--with", "gml_mid"], "did you mean: gml_mids"),
        (["panel", "dyad-years", "--years", "1900", "--peace-years"], "no event column"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err


def test_leader_years_command(tmp_path: Path) -> None:
    out = tmp_path / "l.csv"
    assert (
        main(
            [
                "panel",
                "leader-years",
                "--years",
                "2000-2001",
                "--with",
                "lead,capabilities",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    d = pl.read_csv(out)
    assert {"obsid", "leader", "milservice", "cinc"} <= set(d.columns)

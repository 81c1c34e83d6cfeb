"""The ``socius cohesion`` commands and the cohesion report section."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import _common, main
from socius.report.model import Figure, Note, ReportContext, Table
from socius.report.sections.cohesion import section


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print tables at full width so that column names and notes are not folded."""
    monkeypatch.setattr(_common.console, "_width", 600)


def test_show_prints_the_series(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cohesion", "show", "NATO", "--years", "1949-1952"]) == 0
    out = capsys.readouterr().out
    assert "Cohesion of NATO, 1949-1952" in out
    assert "s_un_mean" in out


def test_show_with_compare_writes_every_column(tmp_path: Path) -> None:
    path = tmp_path / "blocs.csv"
    code = main(
        ["cohesion", "show", "NATO", "--compare", "SCO", "--years", "2001-2003", "--out", str(path)]
    )
    assert code == 0
    frame = pl.read_csv(path)
    assert frame.height == 6
    assert set(frame["alliance"]) == {"NATO", "SCO"}
    assert "cinc_con" in frame.columns


def test_compare_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cohesion", "compare", "NATO,SCO", "--years", "2001-2002", "--all-columns"]) == 0
    out = capsys.readouterr().out
    assert "SCO" in out and "kappa_un_mean" in out


def test_whatif_prints_both_tables(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["cohesion", "whatif", "NATO", "--year", "2007", "--add", "JPN,AUS,KOR,NZL,RUS,CHN"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "26 members alone vs. with 6 candidates" in out
    assert "divergence from the core" in out
    assert out.index("CHN") < out.index("NEW")  # China ranked above New Zealand


def test_whatif_out_and_coverage_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cands.parquet"
    assert (
        main(["cohesion", "whatif", "NATO", "--year", "2022", "--add", "JPN", "--out", str(path)])
        == 0
    )
    assert "pass --latest" in capsys.readouterr().out
    assert pl.read_parquet(path)["stateabb"].to_list() == ["JPN"]
    assert main(["cohesion", "whatif", "NATO", "--year", "2022", "--add", "JPN", "--latest"]) == 0
    assert "UN General Assembly votes 2019" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "NATOO"], "unknown alliance 'NATOO'"),
        (["show", "NATO", "--years", "2000-1990"], "runs backwards"),
        (["show", "NATO", "--years", "1900-1940"], "no members in 1900-1940"),
        (["compare", "NATO,XYZ", "--years", "2001-2002"], "unknown alliance 'XYZ'"),
        (["whatif", "NATO", "--year", "2007", "--add", ""], "add is empty"),
        (["whatif", "NATO", "--year", "2007", "--add", "JPN,Atlantis"], "unknown country"),
        (["whatif", "NATO", "--year", "2007", "--add", "USA"], "already a member"),
        (["whatif", "NATO", "--year", "1948", "--add", "JPN"], "no members in 1948"),
        (["whatif", "NATO", "--year", "2007", "--add", "JPN", "--out", "x.txt"], "x.txt"),
        (["whatif", "NATO", "--year", "2007"], "--add"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cohesion", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("error:") and message in err
    assert "Traceback" not in err


def test_report_section_for_a_covered_year() -> None:
    sec = section(ReportContext(year=2007))
    assert sec.id == "cohesion"
    figures = [b for b in sec.blocks if isinstance(b, Figure)]
    tables = [b for b in sec.blocks if isinstance(b, Table)]
    assert len(figures) == 1 and figures[0].svg.lstrip().startswith("<svg")
    series, steps, added, failing, summary, ranked = tables
    assert steps.frame["label"].to_list()[0] == "members alone"
    assert added.annex and summary.annex and ranked.annex  # full tables in annexes
    assert set(failing.frame["stateabb"]) == {"TUR", "ROM"}
    assert set(series.frame["alliance"]) == {"NATO", "SCO"}
    assert series.frame["year"].max() == 2007
    assert summary.frame.height > 10
    assert {"JPN", "RUS", "CHN"} <= set(ranked.frame["stateabb"])
    assert ranked.frame["rank"].to_list() == list(range(1, ranked.frame.height + 1))
    assert {"unvotes", "atop", "unga_idealpoints", "nmc"} <= set(sec.datasets)
    assert not [b for b in sec.blocks if isinstance(b, Note) and b.kind == "caveat"]


def test_report_section_beyond_the_vote_coverage_says_so() -> None:
    sec = section(ReportContext(year=2022))
    caveats = [b.text for b in sec.blocks if isinstance(b, Note) and b.kind == "caveat"]
    assert any("from 2019" in c for c in caveats)
    assert any("from 2018" in c for c in caveats)
    assumptions = [b for b in sec.blocks if isinstance(b, Note) and b.kind == "assumption"]
    assert assumptions

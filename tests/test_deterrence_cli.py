"""``socius deter`` and the deterrence report section."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main
from socius.report.model import Figure, Note, ReportContext, Table, Text
from socius.report.sections.deterrence import section


def test_run_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deter", "run", "taiwan-strait", "--year", "2007", "--draws", "500"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "illustrative" in out
    assert "NATO" in out and "deterrence holds in" in out


def test_run_writes_table_and_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table, fig = tmp_path / "parties.csv", tmp_path / "parties.svg"
    args = ["deter", "run", "korean-peninsula", "--draws", "300", "--out", str(table)]
    assert main([*args, "--figure", str(fig)]) == 0
    frame = pl.read_csv(table)
    assert {"party", "marginal_value", "p_deterrence_with", "p_deterrence_without"} <= set(
        frame.columns
    )
    assert fig.read_text().lstrip().startswith("<?xml") or "<svg" in fig.read_text()


def test_sweep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, fig = tmp_path / "sweep.parquet", tmp_path / "sweep.png"
    args = ["deter", "sweep", "taiwan-strait", "--param", "nato.probability=0:1:0.5"]
    assert main([*args, "--draws", "300", "--out", str(out), "--figure", str(fig)]) == 0
    frame = pl.read_parquet(out)
    assert frame["value"].to_list() == [0.0, 0.5, 1.0]
    assert fig.stat().st_size > 0


def test_list_and_eu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deter", "list"]) == 0
    assert "taiwan-strait" in capsys.readouterr().out
    out = tmp_path / "eu.parquet"
    assert main(["deter", "eu", "--years", "1900", "--out", str(out)]) == 0
    assert {"eu_ij", "eu_ji"} <= set(pl.read_parquet(out).columns)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deter", "run", "taiwan"], "unknown scenario 'taiwan'"),
        (["deter", "run", "taiwan-strait", "--year", "2030"], "no capability data"),
        (["deter", "sweep", "taiwan-strait", "--param", "nato=0:1"], "NAME=START:STOP:STEP"),
        (["deter", "sweep", "taiwan-strait", "--param", "natp.probability=0:1:0.5"], "natp"),
        (["deter", "run", "taiwan-strait", "--figure", "x.gif"], "unsupported extension"),
        (["deter", "run", "taiwan-strait", "--draws", "0"], "--draws 0"),
        (["deter", "eu", "--similarity", "kappa"], "--similarity 'kappa'"),
    ],
)
def test_bad_input_is_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and message in err
    assert "\n" not in err and "Traceback" not in err


def test_report_section_for_a_year_with_data() -> None:
    sec = section(ReportContext(year=2007))
    assert sec.id == "deterrence"
    notes = [b for b in sec.blocks if isinstance(b, Note)]
    assert any(n.kind == "assumption" and "illustrative" in n.text for n in notes)
    tables = [b for b in sec.blocks if isinstance(b, Table)]
    parties = tables[1].frame
    assert {"p_deter_with_signal", "p_deter_without_signal"} <= set(parties.columns)
    assert set(parties["scenario"].to_list()) == {"taiwan-strait", "korean-peninsula"}
    figures = [b for b in sec.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and "<svg" in figures[0].svg
    # verdicts, what it would take, and the dated judgements they rest on
    texts = " ".join(b.text for b in sec.blocks if isinstance(b, Text))
    assert "Under these assumptions NATO's signal" in texts
    assert "What it would take" in texts
    assert sum("Judgements dated 2007" in n.text for n in notes) == 2
    dated = tables[2].frame
    assert set(dated["dated"].to_list()) == {2007}
    assert dated["rationale"].str.len_chars().min() > 0


def test_report_section_picks_the_2022_judgements_for_2023() -> None:
    sec = section(ReportContext(year=2023))
    notes = [b for b in sec.blocks if isinstance(b, Note)]
    assert sum("Judgements dated 2022" in n.text for n in notes) == 2


def test_report_section_falls_back_and_reports_missing() -> None:
    later = section(ReportContext(year=2024))
    assert any(isinstance(b, Note) and "ends in 2022" in b.text for b in later.blocks)
    early = section(ReportContext(year=1940))
    missing = [b for b in early.blocks if isinstance(b, Note) and b.kind == "missing"]
    assert len(missing) == 2


def test_eu_after_atop_exits_2_and_names_the_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deter", "eu", "--years", "2019"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "ATOP v5.1" in err and "2018" in err and "--latest" in err
    assert "Traceback" not in err


def test_eu_latest_clamps_to_the_last_covered_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eu.parquet"
    assert main(["deter", "eu", "--years", "2019", "--latest", "--out", str(out)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "using 2018-2018" in err
    frame = pl.read_parquet(out)
    assert frame["year"].unique().to_list() == [2018]
    assert frame["eu_ij"].null_count() < frame.height

"""``socius bargain`` command line and the bargaining report section."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main
from socius.data import list_datasets
from socius.report.model import Figure, Note, ReportContext, Table, Text
from socius.report.sections.bargaining import SCENARIOS, section


def test_run_a_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bargain", "run", "eu-emissions", "--rounds", "10"]) == 0
    out = capsys.readouterr().out
    assert "Positions by round" in out
    assert "Forecast" in out and "7.000" in out
    assert "7.39 7.46 7.55" in out  # weighted mean, rounds 0-2
    assert "published data" in out


def test_run_with_draws_prints_distribution_and_drivers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bargain", "run", "six-party", "--draws", "60", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Forecast over 60 draws" in out
    assert "Drivers" in out
    assert "illustrative assumptions" in out


def test_run_a_file_and_write_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "mini.csv"
    src.write_text("actor,capability,position,salience\nA,0.5,10,0.5\nB,0.2,90,0.9\nC,0.3,40,0.4\n")
    out = tmp_path / "positions.csv"
    assert main(["bargain", "run", str(src), "--rounds", "4", "--out", str(out)]) == 0
    frame = pl.read_csv(out)
    assert frame.columns == ["round", "actor", "position"]
    assert set(frame["actor"].to_list()) == {"A", "B", "C"}
    assert "illustrative assumptions" in capsys.readouterr().out


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bargain", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("eu-emissions", "six-party", "cross-strait-nato"):
        assert name in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["bargain", "run", "six-partey"], "did you mean: six-party"),
        (["bargain", "run", "eu-emissions", "--method", "bdm"], "--method 'bdm' is not known"),
        (["bargain", "run", "eu-emissions", "--rounds", "0"], "rounds 0"),
        (["bargain", "run", "eu-emissions", "--out", "x.txt"], "unsupported extension"),
        (["bargain", "run", "six-party", "--draws", "-3"], "draws -3"),
    ],
)
def test_bad_input_gives_one_line_and_code_2(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert fragment in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_salience_in_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'title = "t"\n[[actors]]\nname = "A"\ncapability = 1\nposition = 0\nsalience = 1.4\n'
        '[[actors]]\nname = "B"\ncapability = 1\nposition = 1\nsalience = 0.5\n'
    )
    assert main(["bargain", "run", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: bad.toml: actors[0] 'A' salience 1.4 is outside [0, 1]; give a share between 0 and 1"
    )


def test_report_section_shows_all_scenarios() -> None:
    sec = section(ReportContext(year=2020))
    figures = [b for b in sec.blocks if isinstance(b, Figure)]
    notes = [b for b in sec.blocks if isinstance(b, Note)]
    tables = [b for b in sec.blocks if isinstance(b, Table)]
    assert len(figures) == len(SCENARIOS)
    assert all(f.svg.lstrip().startswith("<svg") for f in figures)
    assert all("illustrative" in f.caption for f in figures)
    # caveats: the cross-Strait judgements (2022) postdate the report year 2020
    assert notes and all(n.kind in ("assumption", "caveat") for n in notes)
    assert any(n.kind == "caveat" and "after the report year 2020" in n.text for n in notes)
    assert any("illustrative assumptions" in n.text for n in notes)
    table = tables[0].frame
    assert table.height == len(SCENARIOS)
    assert (table["draws_p05"] <= table["draws_p95"]).all()
    assert set(sec.datasets) <= set(list_datasets())
    # convergence status, weight shares and outcome bands are stated
    assert set(table["status"].to_list()) <= {"converged", "cycle", "neither"}
    assert table.filter(pl.col("scenario").str.contains("without NATO"))["top_weight"][
        0
    ].startswith("China")
    texts = " ".join(b.text for b in sec.blocks if isinstance(b, Text))
    assert "China holds" in texts and "of draws converged" in texts
    assert tables[-1].frame["probability"].is_between(0, 1).all()

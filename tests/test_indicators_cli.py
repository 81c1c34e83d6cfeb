"""The ``socius indicators`` and ``socius flashpoints`` commands, and the report section."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main
from socius.data.sipri import import_arms, import_milex
from socius.report.model import Figure, Note, ReportContext, Table
from socius.report.sections.security import section

FIXTURES = Path(__file__).parent / "data" / "sipri"


@pytest.fixture(scope="module")
def sipri_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sipri-cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIUS_DATA_DIR", str(folder))
        import_milex(FIXTURES / "SIPRI-Milex-fixture.xlsx")
        import_arms(sorted(FIXTURES.glob("*.csv")))
    return folder


@pytest.fixture
def with_sipri(sipri_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIUS_DATA_DIR", str(sipri_store))


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    return err


def test_show_as_written_in_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "show", "CHN", "--from", "1996", "--to", "2006"]) == 0
    out = capsys.readouterr().out
    assert "CHN: spending and capabilities, 1996-2006" in out
    assert "nmc 7.0" in out and "current US$ m (COW NMC)" in out


def test_rank_share_and_flashpoint_as_written(
    with_sipri: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["indicators", "rank", "arms-imports", "--from", "2001", "--to", "2005"]) == 0
    out = capsys.readouterr().out
    assert "CHN" in out and "source:" in out and "sipri_arms" in out
    assert (
        main(["indicators", "share", "--supplier", "RUS", "--recipient", "CHN", "--year", "2005"])
        == 0
    )
    out = capsys.readouterr().out
    assert "share_of_supplier_exports" in out and "largest customers of RUS" in out
    assert main(["flashpoints", "show", "taiwan-strait"]) == 0
    out = capsys.readouterr().out
    assert "Taiwan Strait" in out and "patron" in out and "sipri_milex" in out


def test_other_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        ["indicators", "growth", "CHN,JPN", "--from", "1996", "--to", "2006"],
        ["indicators", "milex", "CHN", "--from", "2000", "--to", "2002"],
        ["indicators", "totals", "--from", "2010", "--to", "2010"],
        [
            "indicators",
            "bloc",
            "NATO,SCO",
            "--group",
            "Quad=USA,JPN,IND,AUL",
            "--from",
            "2010",
            "--to",
            "2012",
        ],
        ["indicators", "cinc", "CHN,USA", "--from", "2000", "--to", "2010"],
        ["indicators", "nuclear", "PRK", "--from", "2005", "--to", "2007"],
        ["indicators", "missiles", "PRK", "--from", "2016", "--to", "2017", "--by-type"],
        ["indicators", "scrambles", "--from", "2010", "--to", "2016"],
        ["flashpoints", "list"],
    ]
    for argv in commands:
        assert main(argv) == 0, argv
    out = capsys.readouterr().out
    assert "Quad" in out and "east-china-sea" in out
    target = tmp_path / "growth.csv"
    assert (
        main(
            [
                "indicators",
                "growth",
                "CHN,JPN",
                "--from",
                "1996",
                "--to",
                "2006",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    assert pl.read_csv(target).height == 2
    incidents = tmp_path / "incidents.csv"
    incidents.write_text("year,series,origin,count,source\n2020,x,CHN,3,y\n2020,x,RUS,1,y\n")
    assert main(["indicators", "incidents", str(incidents)]) == 0
    folder = tmp_path / "panels"
    folder.mkdir()
    assert (
        main(
            [
                "flashpoints",
                "show",
                "east-china-sea",
                "--from",
                "2010",
                "--to",
                "2015",
                "--out-dir",
                str(folder),
            ]
        )
        == 0
    )
    assert (folder / "east-china-sea-scrambles.csv").is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["indicators", "show", "CHN", "--from", "2006", "--to", "1996"], "runs backwards"),
        (["indicators", "show", "CHN", "--from", "1700", "--to", "1706"], "outside the coverage"),
        (["indicators", "show", "CHN", "--from", "1996"], "give both --from and --to"),
        (["indicators", "show", "Atlantis"], "unknown country 'Atlantis'"),
        (["indicators", "rank", "arms-imports", "--from", "2001", "--to", "2005"], "sipri-arms"),
        (
            ["indicators", "share", "--supplier", "RUS", "--recipient", "CHN", "--year", "2005"],
            "sipri-arms",
        ),
        (["indicators", "rank", "tanks"], "unknown indicator 'tanks'"),
        (["flashpoints", "show", "crimea"], "unknown flashpoint 'crimea'"),
        (["indicators", "bloc", "NATO", "--group", "Quad"], "NAME=STATE"),
        (["indicators", "incidents", "absent.csv"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in _error(capsys)


def test_report_section_without_sipri_uses_nmc_and_says_so() -> None:
    s = section(ReportContext(year=2022))
    assert s.id == "security"
    notes = [b for b in s.blocks if isinstance(b, Note)]
    assert any(n.kind == "caveat" and "COW NMC" in n.text for n in notes)
    assert any(n.kind == "missing" and "sipri-arms" in n.text for n in notes)
    assert sum(isinstance(b, Figure) for b in s.blocks) == 5
    assert all(b.svg.startswith("<svg") for b in s.blocks if isinstance(b, Figure))
    assert {"nmc", "japan_scrambles", "missile_tests", "flashpoints", "alliance_membership"} <= set(
        s.datasets
    )
    assert "sipri_milex" not in s.datasets


def test_report_section_with_sipri(with_sipri: None) -> None:
    s = section(ReportContext(year=2015))
    assert not any(isinstance(b, Note) and b.kind == "caveat" for b in s.blocks)
    captions = [b.caption for b in s.blocks if isinstance(b, Table)]
    assert any("Largest arms importers 2011-2015" in c for c in captions)
    assert {"sipri_milex", "sipri_arms"} <= set(s.datasets)

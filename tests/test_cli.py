"""The data and panel command groups, and the CLI's error contract."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius.cli import main


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_data_list_info_verify_cite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "list"]) == 0
    assert "atop" in capsys.readouterr().out
    assert main(["data", "info", "nmc"]) == 0
    assert "National Material Capabilities" in capsys.readouterr().out
    assert main(["data", "verify"]) == 0
    assert "snapshots match the manifest" in capsys.readouterr().out
    assert main(["data", "cite", "nmc,atop", "--style", "text"]) == 0
    assert "Leeds" in capsys.readouterr().out


def test_panel_to_file_and_cite_from_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ddy.parquet"
    code = main(
        [
            "panel",
            "dyad-years",
            "--directed",
            "--with",
            "capabilities,alliances",
            "--years",
            "2000-2001",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    frame = pl.read_parquet(out)
    assert {"cinc1", "cinc2", "atop_defense"} <= set(frame.columns)
    capsys.readouterr()
    assert main(["data", "cite", "--from", str(out), "--style", "bibtex"]) == 0
    bib = capsys.readouterr().out
    assert "@article{leedsetal2002atop" in bib and "@article{singer1987nmc" in bib
    csv = tmp_path / "sy.csv"
    assert (
        main(["panel", "state-years", "--system", "gw", "--years", "2007", "--out", str(csv)]) == 0
    )
    assert pl.read_csv(csv).height == 193


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["data", "info", "atopp"], "unknown dataset 'atopp'; did you mean: atop"),
        (["panel", "state-years", "--system", "cowz"], "--system 'cowz' is not known"),
        (["panel", "dyad-years", "--with", "alliancez"], "did you mean: alliances"),
        (["panel", "state-years", "--years", "2010-1990"], "runs backwards"),
        (
            ["panel", "state-years", "--years", "1700-1800"],
            "outside the COW state system's coverage",
        ),
        (
            ["panel", "state-years", "--years", "2007", "--out", "/nonexistent/x.csv"],
            "does not exist; create it first",
        ),
        (
            ["panel", "state-years", "--years", "2007", "--out", "x.xlsx"],
            "unsupported extension '.xlsx'",
        ),
        (["data", "cite", "--style", "apa"], "use 'bibtex' or 'text'"),
        (["panel", "state-years", "--yeers", "2007"], "No such option: --yeers"),
        (["affiliation", "explain", "Atlantis", "--year", "2007"], "unknown country 'Atlantis'"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in _one_line_error(capsys)


def test_corrupted_snapshot_fails_verify_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from socius.data import catalog

    copy = tmp_path / "data"
    shutil.copytree(
        catalog.bundled_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    monkeypatch.setattr(catalog, "bundled_dir", lambda: copy)
    catalog._bundled_manifest.cache_clear()
    try:
        (copy / "snapshots" / "flashpoints.parquet").write_bytes(b"not parquet")
        assert main(["data", "verify"]) == 2
        err = capsys.readouterr().err
        assert "flashpoints" in err and "corrupted" in err
    finally:
        catalog._bundled_manifest.cache_clear()

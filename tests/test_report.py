"""The HTML report: self-contained, cited, written atomically, with clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socius.cli import main
from socius.errors import CoverageError, UnknownNameError, ValidationError
from socius.report import SECTION_ORDER, build_report, default_year, write_report

REPORT = build_report(2007, sections=["overview", "affiliation"], workers=1)
HTML = REPORT.html()


def test_default_year_is_the_latest_with_core_evidence() -> None:
    assert default_year() == 2022  # NMC v7.0 ends in 2022


def test_report_is_self_contained() -> None:
    assert HTML.startswith("<!DOCTYPE html>")
    assert "<svg" in HTML
    assert not re.search(r"<script|<link|<img|src=\"http|url\(http", HTML)


def test_report_has_members_tiers_roadmap_policy_and_citations() -> None:
    assert "NATO had 26 members on 31 December 2007" in HTML
    assert "Partnership roadmap, 2007" in HTML and "active partner" in HTML
    assert "socius default affiliation policy" in HTML  # the policy that produced it
    assert "Appendix: data sources and citations" in HTML
    assert "Coppedge" in HTML and "Singer" in HTML  # V-Dem and NMC citations


def test_sections_in_order_and_parallel_matches_sequential() -> None:
    both = build_report(2007, sections=["overview", "deterrence"], workers=2)
    assert [s.id for s in both.sections] == ["overview", "deterrence"]
    again = build_report(2007, sections=["overview", "deterrence"], workers=1)
    assert [s.title for s in both.sections] == [s.title for s in again.sections]
    assert set(SECTION_ORDER) >= {
        "overview",
        "affiliation",
        "cohesion",
        "deterrence",
        "security",
        "bargaining",
        "proliferation",
    }


def test_write_report_is_atomic_and_checks_the_path(tmp_path: Path) -> None:
    out = write_report(tmp_path / "r.html", REPORT)
    text = Path(out).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Partnership roadmap, 2007" in text
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(ValidationError, match=r"unsupported extension '\.pdf'"):
        write_report(tmp_path / "r.pdf", REPORT)


def test_bad_input() -> None:
    with pytest.raises(CoverageError, match="report year 1900 is outside 1946-2022"):
        build_report(1900)
    with pytest.raises(UnknownNameError, match="unknown alliance 'OTAN'"):
        build_report(2007, alliance="OTAN")
    with pytest.raises(ValidationError, match="unknown report section 'weather'"):
        build_report(2007, sections=["weather"])


def test_cli_report_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--year", "1900", "--out", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: report year 1900") and err.count("\n") == 1
    assert main(["report", "--out", str(tmp_path / "missing" / "r.html")]) == 2
    assert "does not exist; create it first" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()

"""The answers-first section and the article reconciliation, for 2007."""

from __future__ import annotations

from pathlib import Path

import pytest

from socius.cli import main
from socius.errors import UnknownNameError
from socius.report import build_report
from socius.report.article import ARTICLE, reconcile
from socius.report.model import Answer, Table

REPORT = build_report(2007, sections=["answers", "article", "cohesion"], workers=1, focus=["KOR"])
SECTIONS = {s.id: s for s in REPORT.sections}
ANSWERS = [b for b in SECTIONS["answers"].blocks if isinstance(b, Answer)]
HTML = REPORT.html()


def test_report_opens_with_answers_then_the_article() -> None:
    assert [s.id for s in REPORT.sections] == ["answers", "article", "cohesion"]
    assert HTML.index('<section id="answers"') < HTML.index('<section id="article"')
    assert len(ANSWERS) == 9
    links = {a.section for a in ANSWERS}
    assert links <= {
        "affiliation",
        "cohesion",
        "deterrence",
        "bargaining",
        "security",
        "proliferation",
    }
    assert all(a.text.endswith(".") and a.confidence for a in ANSWERS)


def test_answers_carry_their_numbers() -> None:
    text = {a.question: a.text for a in ANSWERS}
    assert "JPN" in text["Who should be an active partner, who an associate?"]
    assert "CHN" in text["Who should be an active partner, who an associate?"]
    unity = text["Would the partners weaken the alliance's unity?"]
    assert "0.83" in unity and "with Japan" in unity  # members' mean UN-vote S, 2007
    assert "TUR" in text["Do the members meet their own values test?"]
    assert "ROM" in text["Do the members meet their own values test?"]
    deter = text["Does a wider signal of support deter?"]
    assert "CHN against TAW" in deter and "PRK against ROK" in deter
    assert "six-party forecast" in text["Where are the six-party talks heading?"]
    assert "breaks in 2005" in text["How fast is China building up?"]
    assert "307 times" in text["How fast is China building up?"]  # FY2007 total, JSO


def test_explain_cards_for_japan_russia_china_and_focus() -> None:
    cards = next(b for b in SECTIONS["answers"].blocks if isinstance(b, Table))
    assert cards.frame["stateabb"].to_list() == ["JPN", "RUS", "CHN", "ROK"]
    tiers = dict(zip(cards.frame["stateabb"], cards.frame["tier"], strict=True))
    assert tiers["JPN"] == "active_partner" and tiers["CHN"] == "associate"


def test_article_rows_reconciled() -> None:
    """ASDF scrambles against Chinese aircraft: FY2004 13 and FY2005 107 (the figures the
    curated table's sources attribute to Ikegami 2007); milestones 1990 and January 2007."""
    rec = reconcile()
    status = dict(zip(rec["figure"], rec["status"], strict=True))
    assert status["ASDF scrambles against Chinese aircraft, FY2004"] == "consistent"
    assert status["ASDF scrambles against Chinese aircraft, FY2005"] == "consistent"
    assert status["NATO-Japan security conferences"] == "consistent"
    assert status["Abe's visit to NATO headquarters"] == "consistent"
    china = rec.filter(rec["figure"] == "China's defence spending growth, 1996-2006").row(
        0, named=True
    )
    assert china["status"] == "cannot compare"  # no SIPRI import in the test store
    assert "socius data import sipri-milex FILE" in china["why"]
    assert "not available" in china["article"]  # no figure supplied from memory
    assert "NATO Review" in ARTICLE and "Ikegami" in HTML
    assert HTML.count("Ikegami") >= 2


def test_cohesion_two_tier_and_members_failing() -> None:
    blocks = SECTIONS["cohesion"].blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    steps = next(t for t in tables if t.caption.startswith("Two-tier what-if"))
    assert steps.frame["label"].to_list()[0] == "members alone"
    assert steps.frame["label"].to_list()[3] == "+ associates engaged, not admitted"
    failing = next(t for t in tables if "below the values threshold" in t.caption)
    assert set(failing.frame["stateabb"]) == {"TUR", "ROM"}
    assert "divergence from the core" in HTML and "Trojan-horse risk" not in HTML


def test_focus_is_checked_before_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownNameError):
        build_report(2007, focus=["Atlantis"])
    assert (
        main(["report", "--year", "2007", "--focus", "Atlantis", "--out", str(tmp_path / "r.html")])
        == 2
    )
    assert capsys.readouterr().err.startswith("error: ")
    assert not (tmp_path / "r.html").exists()


def test_early_year_answers_say_what_the_data_cannot_tell() -> None:
    """1960: V-Dem's liberal democracy starts in 1970 and Freedom House in 1972, the SCO does
    not exist and the scrambles series starts in FY2003; every answer still has a sentence."""
    early = build_report(1960, sections=["answers"], workers=1).sections[0]
    text = {b.question: b.text for b in early.blocks if isinstance(b, Answer)}
    assert len(text) == 9
    assert "insufficient for 15 of 15 members" in text["Do the members meet their own values test?"]
    assert "SCO: not in existence" in text["Is the SCO becoming a rival bloc?"]
    assert "from 1950 to 1960" in text["How fast is China building up?"]
    assert not any(t.startswith("Could not be computed") for t in text.values())

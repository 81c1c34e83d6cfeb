"""The answers-first section and the article reconciliation, for 2007."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from socius.cli import main
from socius.errors import UnknownNameError
from socius.report import build_report
from socius.report.answers import _Answers
from socius.report.article import ARTICLE, reconcile
from socius.report.model import Answer, Figure, Note, ReportContext, Table, Text

REPORT = build_report(
    2007,
    sections=["answers", "article", "cohesion", "deterrence", "bargaining"],
    workers=1,
    focus=["KOR"],
)
SECTIONS = {s.id: s for s in REPORT.sections}
ANSWERS = [b for b in SECTIONS["answers"].blocks if isinstance(b, Answer)]
HTML = REPORT.html()


def test_report_opens_with_answers_then_the_article() -> None:
    assert [s.id for s in REPORT.sections] == [
        "answers",
        "article",
        "cohesion",
        "deterrence",
        "bargaining",
    ]
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
    assert "Japan" in text["Who should be an active partner, who an associate?"]
    assert "China" in text["Who should be an active partner, who an associate?"]
    unity = text["Would the partners weaken the alliance's unity?"]
    assert "0.83" in unity and "with Japan" in unity  # members' mean UN-vote S, 2007
    assert "Turkey" in text["Do the members meet their own values test?"]
    assert "Romania" in text["Do the members meet their own values test?"]
    deter = text["Does a wider signal of support deter?"]
    assert "Taiwan Strait:" in deter and "Korean peninsula:" in deter
    assert "six-party forecast" in text["Where are the six-party talks heading?"]
    assert "breaks in 2005" in text["How fast is China building up?"]
    assert "307 times" in text["How fast is China building up?"]  # FY2007 total, JSO


def test_explain_cards_for_japan_russia_china_and_focus() -> None:
    cards = next(b for b in SECTIONS["answers"].blocks if isinstance(b, Table))
    assert cards.frame["state"].to_list() == ["Japan", "Russia", "China", "South Korea"]
    assert cards.frame["iso3"].to_list() == ["JPN", "RUS", "CHN", "KOR"]
    tiers = dict(zip(cards.frame["state"], cards.frame["tier"], strict=True))
    assert tiers["Japan"].startswith("active partner") and tiers["China"].startswith("associate")


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
    assert set(failing.frame["state"]) == {"Turkey", "Romania"}  # names, not COW codes
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


# Cases judged by reading the 2007 and 2022 reports as a NATO analyst would (each test
# names what the analyst would have rejected).


def _answer(question_start: str) -> Answer:
    return next(a for a in ANSWERS if a.question.startswith(question_start))


def test_answers_name_states_not_cow_codes() -> None:
    """Rejected: "JPN", "ROK", "TAW", "ROM" in prose; an analyst reads names, not COW codes."""
    from socius.affiliation import assess

    codes = set(assess(2007).table["stateabb"].to_list())
    prose = " ".join(a.text for a in ANSWERS)
    assert not set(re.findall(r"\b[A-Z]{3}\b", prose)) & codes


def test_deterrence_answer_matches_its_section_and_names_the_dated_files() -> None:
    """Rejected: an answer computed with other draws than its section (numbers that
    disagree) and no word on which dated judgements were used."""
    ans = _answer("Does a wider signal")
    assert "korean-peninsula-2007" in ans.confidence and "taiwan-strait-2007" in ans.confidence
    summary = next(b.frame for b in SECTIONS["deterrence"].blocks if isinstance(b, Table)).filter(
        pl.col("scenario") == "taiwan-strait"
    )
    assert summary["judgements_dated"][0] == 2007
    assert summary["protege"][0] == "Taiwan"  # display names in the tables too
    assert f"{summary['p_deterrence'][0]:.0%} of draws" in ans.text
    # what it would take, stated (2007 judgements: the patron at >= 0.80, not NATO alone)
    assert "NATO alone cannot lift it to one half, but the United States joining" in ans.text


def test_2007_bargaining_says_cross_strait_assumptions_postdate_the_year() -> None:
    """Rejected: a 2007 report forecasting cross-Strait relations from judgements of 2022
    without saying so; the analyst must see that the assumptions postdate the year."""
    notes = [b.text for b in SECTIONS["bargaining"].blocks if isinstance(b, Note)]
    caveat = next(t for t in notes if t.startswith("Assumptions dated after 2007"))
    assert "(2022) are judged from 2022, after the report year 2007" in caveat
    assert "Cross-Strait relations without NATO (2022) and Cross-Strait" in caveat
    table = next(b.frame for b in SECTIONS["bargaining"].blocks if isinstance(b, Table))
    dated = dict(zip(table["scenario"], table["assumptions_dated"], strict=True))
    late = dict(zip(table["scenario"], table["after_report_year"], strict=True))
    assert dated["Six-party talks on North Korea's nuclear programme (2005)"] == 2005
    assert late == {
        "Six-party talks on North Korea's nuclear programme (2005)": False,
        "Cross-Strait relations without NATO (2022)": True,
        "Cross-Strait relations with NATO as an actor (2022)": True,
    }


def test_six_party_answer_states_cycle_and_weight() -> None:
    """Rejected: "still moving after 10 rounds (no fixed point)" when the run cycles; the
    answer must say how the run ended and who carries the weight."""
    text = _answer("Where are the six-party").text
    assert "cycle every 5 rounds" in text and "mean over the last cycle" in text
    assert "United States holds 38% of the weight" in text


def test_2022_six_party_answer_says_its_judgements_are_from_2005() -> None:
    """Rejected: a 2022 answer on talks judged in 2005 presented as today's forecast."""
    text = _Answers(ReportContext(year=2022)).bargaining().text
    assert "dated 2005, 17 years before 2022" in text


def test_tier_answer_names_contained_proliferators_and_unrecognised_states() -> None:
    """Rejected: tier lists that are silent on why North Korea and Iran are not associates
    and that Taiwan gets no formal programme."""
    text = _answer("Who should be").text
    # the policy's tier labels, counts as in the affiliation section (2007, default policy)
    assert text.startswith("23 active partners for security-making (India, Japan, ")
    assert "10 associates for engagement and confidence-building (China, Russia, " in text
    assert "contained rather than engaged: Iran and North Korea" in text
    assert "UN Security Council nonproliferation sanctions" in text
    assert "Taiwan qualifies but no formal programme is offered" in text


def test_roadmap_answer_gives_japans_near_term_steps_with_owners() -> None:
    """Rejected: a roadmap answer without phase or owner."""
    text = _answer("What should NATO and Japan").text
    assert text.startswith("Japan, an active partner")
    assert "near term:" in text and "(owner: alliance and partner)" in text
    assert "Proliferation Security Initiative" in text
    assert "medium- and long-term steps" in text


def test_deterrence_and_bargaining_figures_use_the_house_style() -> None:
    """Rejected: figures without a takeaway title or source line (the others have both)."""
    for sid in ("deterrence", "bargaining"):
        figs = [b for b in SECTIONS[sid].blocks if isinstance(b, Figure)]
        assert figs
        for f in figs:
            assert f.svg.startswith('<svg role="img"') and "<title>Chart</title>" not in f.svg
            assert "Source: socius" in f.svg


def test_explain_cards_read_as_sentences() -> None:
    """Rejected: a 12-column card table as the only explanation (unreadable at 390 px);
    each card is also one sentence with the tier, how sure and the criteria."""
    texts = [b.text for b in SECTIONS["answers"].blocks if isinstance(b, Text)]
    japan = next(t for t in texts if t.startswith("Japan: "))
    assert japan.startswith("Japan: active partner (security-making) in 100% of draws; passes ")
    assert "fails relationship" in japan  # no NATO partnership framework on 31 December 2007
    assert any(t.startswith("China: associate") for t in texts)
    assert any(t.startswith("South Korea: ") for t in texts)  # --focus KOR


def test_contained_state_card_and_evidence_words() -> None:
    """Rejected: North Korea shown as "no affiliation" with the raw column name
    "milex_share" as its evidence gap."""
    cards = _Answers(ReportContext(year=2007, focus=("PRK",))).cards()
    prk = next(b.text for b in cards if isinstance(b, Text) and b.text.startswith("North Korea"))
    assert "contained, not engaged (otherwise an associate)" in prk
    assert "milex_share" not in prk and "share of world military spending" in prk


def test_tables_and_prose_name_states_and_charts_use_iso3() -> None:
    """Rejected: "GMY", "FRN", "TAW" and "CHN, RUS: ..." in tables, notes and chart labels;
    tables and prose name states, chart labels use ISO3 (same width, so no new overlaps)."""
    from socius.report.model import Section
    from socius.report.names import decode_section, decode_text

    assert decode_text("CHN, RUS: the series breaks; NATO and the SCO, FY2007.", 2007) == (
        "China, Russia: the series breaks; NATO and the SCO, FY2007."
    )
    sec = Section(
        "x",
        "x",
        (
            Table(pl.DataFrame({"stateabb": ["GMY", "TAW"], "v": [1, 2]}), "t"),
            Figure('<svg role="img"><text>GMY</text><text>TAW</text><text>SCO</text></svg>', "f"),
        ),
    )
    table, fig = decode_section(sec, 2007).blocks
    assert isinstance(table, Table) and isinstance(fig, Figure)
    assert table.frame.columns == ["state", "v"]
    assert table.frame["state"].to_list() == ["Germany", "Taiwan"]
    assert ">DEU<" in fig.svg and ">TWN<" in fig.svg and ">SCO<" in fig.svg
    for s in REPORT.sections:
        for b in s.blocks:
            if isinstance(b, Table):
                assert "stateabb" not in b.frame.columns, b.caption


def test_reconciliation_shows_no_growth_rate_across_the_series_break() -> None:
    """Rejected: "NMC v7.0: -3%" as China's 1996-2006 spending growth, a number made by
    chaining across NMC's 2005 break; the row must say there is no comparable figure."""
    china = reconcile().filter(pl.col("figure").str.starts_with("China's")).row(0, named=True)
    assert china["data_today"].startswith("no comparable figure")
    assert "%" not in china["data_today"]


def test_security_figures_state_their_takeaway_and_source() -> None:
    """Rejected: charts titled "Missile and space-launch tests" or "Japan ASDF scrambles by
    origin" (labels, not findings), without a source line, "nmc 7.0" as a source, and the
    China and Russia break labels printed on top of each other."""
    from socius.report.sections import security

    figs = [b for b in security.section(ReportContext(year=2007)).blocks if isinstance(b, Figure)]
    titles = [re.search(r"<title>(.*?)</title>", f.svg).group(1) for f in figs]  # type: ignore[union-attr]
    assert all("Source: " in f.svg for f in figs)
    assert titles[0].startswith("India grew its military spending most")
    assert any(t.startswith("Japan&#x27;s air force scrambled 307 times in FY2007") for t in titles)
    assert "NMC series break 2005: China, Russia" in figs[0].svg
    assert "nmc 7.0" not in figs[0].svg and "COW NMC v7.0" in figs[0].svg


def test_what_if_labels_name_the_states_added() -> None:
    """Rejected: "+ JPN" as a row label of the two-tier what-if table."""
    steps = next(
        b
        for b in SECTIONS["cohesion"].blocks
        if isinstance(b, Table) and b.caption.startswith("Two-tier what-if")
    )
    assert steps.frame["label"].to_list()[1] == "+ Japan"


def test_affiliation_section_lists_japan_steps_with_owner_and_evidence() -> None:
    """Rejected: a roadmap answer pointing at evidence the section does not show; the
    NATO-Japan table gives each step's phase, owner and evidence, states by name."""
    report = build_report(2007, sections=["affiliation"], workers=1)
    agenda = next(
        b
        for b in report.sections[0].blocks
        if isinstance(b, Table) and b.caption.startswith("NATO-Japan roadmap, 2007")
    )
    frame = agenda.frame
    assert frame.columns == ["phase", "owner", "step", "evidence"]
    assert frame["phase"].to_list()[0] == "near term"
    assert set(frame["phase"]) == {"near term", "medium term", "long term"}
    evidence = " ".join(frame["evidence"].to_list())
    assert "China (claimant), Taiwan (party)" in evidence and "CHN (claimant)" not in evidence
    assert "PSI participant since 2003-09-04" in evidence

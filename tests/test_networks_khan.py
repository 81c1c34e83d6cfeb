"""The bundled A. Q. Khan network: loading, phases, and whom to interdict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from socius.data import load
from socius.errors import ValidationError
from socius.networks import key_players, read_network
from socius.networks.khan import (
    KHAN_EVENTS,
    interdiction,
    khan_change,
    khan_network,
    khan_phases,
    khan_ties,
    phase_table,
)


def test_bundled_network_has_its_28_actors_and_every_tie_end_exists() -> None:
    nodes = load("khan_nodes")
    ties = load("khan_ties")
    assert nodes.height == 28 and nodes["id"].n_unique() == 28
    assert ties.height == 36
    ids = set(nodes["id"])
    assert set(ties["source_id"]) <= ids and set(ties["target_id"]) <= ids
    net = khan_network()
    assert net.nodes.height == 28
    assert set(net.nodes["kind"]) == {"individual", "firm", "organisation", "state", "vessel"}
    # The customer states named by the Malaysian police report and Khan's admission.
    assert set(net.nodes.filter(pl.col("kind") == "state")["id"]) == {"LIB", "IRN", "PRK"}


def test_alleged_and_secondary_ties_can_be_left_out() -> None:
    assert khan_ties().height == 36
    proven = khan_ties(alleged=False)
    assert proven.height == 29 and not proven["alleged"].any()
    primary = khan_ties(primary_only=True)
    assert primary.height == 7 and (primary["source_kind"] == "primary").all()
    assert not khan_network(alleged=False).graph.has_edge("p_griffin", "LIB")
    assert khan_network().graph.has_edge("p_griffin", "LIB")
    from socius.networks.build import build_network

    assert build_network("khan", primary_only=True).edges.height == 7
    assert build_network("khan", alleged=False, start=2004, end=2004).nodes.height < 28


def test_partial_dates_end_at_the_end_of_their_period() -> None:
    ties = khan_ties()
    scope = ties.filter((pl.col("source_id") == "scope") & (pl.col("target_id") == "LIB"))
    assert scope["last_day"][0] == dt.date(2003, 10, 31)  # "2003-10": month precision
    lerch = ties.filter((pl.col("source_id") == "lerch") & (pl.col("target_id") == "LIB"))
    assert lerch["last_day"][0] == dt.date(2003, 12, 31)  # "2003": year precision


def test_phases_around_the_bbc_china_and_the_malaysian_report() -> None:
    assert [e.date for e in KHAN_EVENTS] == [dt.date(2003, 10, 4), dt.date(2004, 2, 20)]
    before, between, after = khan_phases(dated_only=True)
    # Dated ties only: the Tinners' supply ended in June 2003, before the BBC China ...
    assert before.network.graph.has_edge("u_tinner", "LIB")
    assert not between.network.graph.has_edge("u_tinner", "LIB")
    # ... SCOPE's supply (to October 2003) overlaps the interdiction, not the report ...
    assert between.network.graph.has_edge("scope", "LIB")
    assert not after.network.graph.has_edge("scope", "LIB")
    # ... and Tradefin's plant for Libya stayed until the South African seizure of 2004-09.
    assert after.network.graph.has_edge("tradefin", "LIB")
    sizes = [p.network.graph.number_of_edges() for p in (before, between, after)]
    assert sizes == sorted(sizes, reverse=True)
    years = khan_change(2002, 2004)
    assert years["year"].to_list() == [2002, 2003, 2004]
    assert "u_tinner" in years.filter(pl.col("year") == 2004)["left"][0]
    table = phase_table()
    assert table.height == 3 and table["ties"].to_list() == sorted(table["ties"], reverse=True)
    assert table["fragmentation"][0] == pytest.approx(0.0)  # connected before the interdiction


def test_interdiction_answer_with_and_without_alleged_ties() -> None:
    answer = interdiction(k=3)
    for result in (answer.disrupt, answer.disrupt_proven, answer.watch, answer.watch_proven):
        assert result.optimal and result.evaluations == 3276  # C(28, 3)
    assert "aq_khan" in answer.robust and "LIB" in answer.robust
    assert answer.disrupt.players == ("LIB", "aq_khan", "tahir")
    assert answer.disrupt_proven.players == ("LIB", "aq_khan", "scope")
    assert answer.disrupt.n_equally_good == 1
    # Reach within one tie: Libya and Khan plus any of seven actors reach 68% of the others.
    assert answer.watch.n_equally_good == 7 and answer.watch.core == ("LIB", "aq_khan")
    assert answer.watch.score == pytest.approx(17 / 25)
    # Among the non-state actors (states cannot be interdicted): Khan and SCOPE either way.
    assert answer.supply is not None and answer.supply_proven is not None
    assert answer.supply.evaluations == 2300  # C(25, 3)
    assert answer.supply.players == ("aq_khan", "p_griffin", "scope")
    assert answer.supply_proven.players == ("aq_khan", "scope", "wisser")
    headline = answer.headline({"aq_khan": "A. Q. Khan", "scope": "SCOPE"})
    assert headline.startswith("Interdict A. Q. Khan and SCOPE first") and headline.count(".") >= 1
    text = " ".join(answer.sentences({"aq_khan": "A. Q. Khan"}))
    assert "A. Q. Khan" in text and "proven optimal" in text
    assert "Without the alleged ties the best set is" in text
    assert "plus any one of 7 actors that add the same reach" in text


def test_key_players_are_stable_under_the_seed() -> None:
    net = khan_network()
    runs = {
        key_players(net, 3, binary=True, exact=False, restarts=6, seed=seed).players
        for seed in (0, 1, 2, 3)
    }
    exact = key_players(net, 3, binary=True, exact=True)
    assert runs == {exact.players}


def test_window_must_run_forwards() -> None:
    with pytest.raises(ValidationError, match="runs backwards"):
        khan_network(active=(dt.date(2004, 1, 1), dt.date(2003, 1, 1)))


def test_network_file_problems_name_the_row_and_the_fix(tmp_path: Path) -> None:
    ties = tmp_path / "ties.csv"
    nodes = tmp_path / "nodes.csv"
    ties.write_text("source_id,target_id,start,end\nA,B,2003-10,2003-06\nA,Z,2001,2002\n")
    nodes.write_text("id,kind\nA,individual\nB,vessel\n")
    with pytest.raises(ValidationError) as info:
        read_network(ties, nodes=nodes)
    message = str(info.value)
    assert "line 2: start 2003-10 is after end 2003-06; swap them" in message
    assert "line 3: target 'Z' is not in the node list nodes.csv" in message
    assert "\n" not in message


def test_cli_build_khan_prints_the_interdiction_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from socius.cli import main

    assert main(["networks", "build", "khan", "--k", "1"]) == 0
    out = capsys.readouterr().out
    assert "To fragment the network most, interdict" in out
    assert "Without the alleged ties" in out
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target,start,end\nA,B,2005,2001\n")
    assert main(["networks", "analyze", str(ties)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "start 2005 is after end 2001; swap them" in err


def test_report_section_answers_the_articles_question() -> None:
    """One full build of the proliferation section (about 6 s: two exact searches per answer and
    one SVG figure); its text is the deliverable, so it is checked once here."""
    from socius.report.model import Figure, ReportContext, Table, Text
    from socius.report.sections.proliferation import section

    built = section(ReportContext(year=2007))
    texts = " ".join(b.text for b in built.blocks if isinstance(b, Text))
    assert "To fragment the network most, interdict Libya, Abdul Qadeer Khan" in texts
    assert "North Korea (rank 1" in texts and "Iran (rank 2" in texts
    assert "has never joined the NPT; not under UNSC sanctions" in texts
    captions = [b.caption for b in built.blocks if isinstance(b, Table | Figure)]
    assert any("East Asian states" in c for c in captions)
    assert any(c.startswith("Civil nuclear cooperation agreements") for c in captions)
    assert "khan_ties" in built.datasets and "np_regimes" in built.datasets

"""Bargaining scenario files: shipped examples, CINC capabilities and validation errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from numpy.testing import assert_allclose

from socius.alliances import members
from socius.bargaining import list_scenarios, load_scenario, scenario_from_frame
from socius.codes import to_ccode
from socius.data import load
from socius.errors import UnknownNameError, ValidationError

SHIPPED = ["cross-strait", "cross-strait-nato", "eu-emissions", "six-party"]

GOOD = """
title = "Test"
issue = "an issue"
assumptions = "made up for a test"
[scale]
low = 0
high = 100
low_label = "none"
high_label = "all"
[[actors]]
name = "A"
capability = 0.5
position = 10
salience = 0.5
[[actors]]
name = "B"
capability = 0.2
position = 90
salience = 0.9
position_range = [80, 100]
"""


def _cinc(code: str, year: int) -> float:
    nmc = load("nmc", columns=["ccode", "year", "cinc"], years=(year, year))
    return float(nmc.filter(pl.col("ccode") == to_ccode(code, year=year))["cinc"][0])


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_scenarios_are_listed_and_load() -> None:
    listed = list_scenarios()
    assert listed["name"].to_list() == SHIPPED
    for name in SHIPPED:
        sc = load_scenario(name)
        assert sc.name == name and len(sc.actors) >= 2


def test_judgment_inputs_are_labelled_illustrative() -> None:
    for name in ("six-party", "cross-strait", "cross-strait-nato"):
        sc = load_scenario(name)
        assert sc.is_illustrative
        assert "illustrative assumptions" in sc.assumption_note
        assert all(a.rationale.startswith("Illustrative") for a in sc.actors)
        assert sc.low_label and sc.high_label
    eu = load_scenario("eu-emissions")
    assert not eu.is_illustrative
    assert "published data" in eu.assumption_note


def test_six_party_capabilities_are_cinc_2005() -> None:
    sc = load_scenario("six-party")
    assert sc.year == 2005
    assert sorted(a.code for a in sc.actors if a.code) == ["CHN", "JPN", "PRK", "ROK", "RUS", "USA"]
    for actor in sc.actors:
        assert actor.code is not None
        assert actor.capability == pytest.approx(_cinc(actor.code, 2005), rel=1e-12)
        assert actor.capability_source == "CINC 2005 (COW NMC v7.0)"
        assert 0 <= actor.position <= 100


def test_nato_capability_is_the_sum_over_its_members() -> None:
    with_nato = load_scenario("cross-strait-nato")
    without = load_scenario("cross-strait")
    nato = next(a for a in with_nato.actors if a.name == "NATO")
    codes = members("NATO", 2022)
    nmc = load("nmc", columns=["ccode", "year", "cinc"], years=(2022, 2022))
    expected = float(nmc.filter(pl.col("ccode").is_in(codes))["cinc"].sum())
    assert len(codes) == 30
    assert nato.capability == pytest.approx(expected, rel=1e-12)
    assert "30 NATO members" in nato.capability_source
    # the two files differ only by NATO
    assert with_nato.without("NATO").actors == without.actors
    assert [a.name for a in without.actors] == [
        "China",
        "Taiwan",
        "United States",
        "Japan",
        "Russia",
    ]


def test_without_rejects_unknown_actors(tmp_path: Path) -> None:
    sc = load_scenario("cross-strait-nato")
    with pytest.raises(UnknownNameError, match="no actor 'NAT0'"):
        sc.without("NAT0")
    two = load_scenario(_write(tmp_path, "two.toml", GOOD))
    with pytest.raises(ValidationError, match="at least two actors"):
        two.without("A")


def test_report_year_is_used_only_when_the_file_asks(tmp_path: Path) -> None:
    text = GOOD.replace("capability = 0.5", 'code = "JPN"\ncapability = "cinc"').replace(
        'title = "Test"', 'title = "Test"\nyear = 2005'
    )
    fixed = load_scenario(_write(tmp_path, "fixed.toml", text), report_year=2015)
    assert fixed.actors[0].capability == pytest.approx(_cinc("JPN", 2005))
    follow = text.replace("year = 2005", 'year = 2005\ncapability_year = "report"')
    moving = load_scenario(_write(tmp_path, "follow.toml", follow), report_year=2015)
    assert moving.year == 2015
    assert moving.actors[0].capability == pytest.approx(_cinc("JPN", 2015))


def test_uncertainty_defaults_and_overrides(tmp_path: Path) -> None:
    text = (
        GOOD + "\n[uncertainty]\nposition_spread = 15\nsalience_spread = 0.2\ncapability_sd = 0.1\n"
    )
    sc = load_scenario(_write(tmp_path, "unc.toml", text))
    a, b = sc.actors
    assert a.position_range == (0.0, 25.0)  # clipped to the scale
    assert b.position_range == (80.0, 100.0)  # the actor's own range wins
    assert a.salience_range == pytest.approx((0.3, 0.7))
    assert b.salience_range == pytest.approx((0.7, 1.0))
    assert a.capability_sd == 0.1


def test_csv_scenarios(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "mini.csv", "actor,capability,position,salience\nA,0.5,10,0.5\nB,0.2,90,0.9\n"
    )
    sc = load_scenario(path)
    assert sc.title == "mini" and sc.is_illustrative
    assert_allclose([a.position for a in sc.actors], [10, 90])
    bad = _write(tmp_path, "bad.csv", "actor,capability,position\nA,0.5,10\n")
    with pytest.raises(ValidationError, match=r"bad\.csv: missing column"):
        load_scenario(bad)
    nan = _write(
        tmp_path, "nan.csv", "actor,capability,position,salience\nA,x,10,0.5\nB,0.2,90,0.9\n"
    )
    with pytest.raises(ValidationError, match=r"actors\[0\] 'A' capability 'x' is not a number"):
        load_scenario(nan)


def test_salience_error_names_file_actor_field_and_fix(tmp_path: Path) -> None:
    text = GOOD.replace('name = "B"', 'name = "PRK"').replace("salience = 0.9", "salience = 1.4")
    text += '[[actors]]\nname = "C"\ncapability = 0.1\nposition = 50\nsalience = 0.2\n'
    text = text.replace('name = "A"', 'name = "A0"')
    # put PRK third: A0, C, PRK
    parts = text.split("[[actors]]")
    text = "[[actors]]".join([parts[0], parts[1], parts[3], parts[2]])
    path = _write(tmp_path, "six-party.toml", text)
    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    assert str(info.value) == (
        "six-party.toml: actors[2] 'PRK' salience 1.4 is outside [0, 1]; give a share between 0 and 1"
    )


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (("capability = 0.5", "capability = 0"), "actors[0] 'A' capability 0 is not positive"),
        (
            ("capability = 0.5", 'capability = "gdp"'),
            "capability 'gdp' is not a number or \"cinc\"",
        ),
        (("capability = 0.5", 'capability = "cinc"'), "needs the scenario's year"),
        (("position = 10", "position = 120"), "position 120 is outside the scale [0, 100]"),
        (
            ("position_range = [80, 100]", "position_range = [95, 100]"),
            "position_range [95, 100] must contain",
        ),
        (
            ("salience = 0.5", "salience = 0.5\ncolour = 1"),
            "actors[0] 'A' colour is not a known key",
        ),
        (('name = "B"', 'name = "a"'), "actors[1] 'a' duplicates actors[0]"),
        (("position = 90", "position = 10"), "all actors are at position 10"),
        (('title = "Test"', "title = 3"), "title"),
    ],
)
def test_file_errors(tmp_path: Path, edit: tuple[str, str], fragment: str) -> None:
    path = _write(tmp_path, "case.toml", GOOD.replace(*edit, 1))
    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith("case.toml: ")
    assert fragment in message


def test_problems_are_collected(tmp_path: Path) -> None:
    text = GOOD.replace("salience = 0.5", "salience = 2").replace(
        "capability = 0.2", "capability = -1"
    )
    with pytest.raises(ValidationError) as info:
        load_scenario(_write(tmp_path, "many.toml", text))
    message = str(info.value)
    assert message.startswith("many.toml: 2 problems: (1) ")
    assert "salience 2 is outside" in message and "capability -1 is not positive" in message


def test_unknown_code_for_cinc(tmp_path: Path) -> None:
    text = GOOD.replace("capability = 0.5", 'code = "XXQ"\ncapability = "cinc"').replace(
        'title = "Test"', 'title = "Test"\nyear = 2005'
    )
    with pytest.raises(ValidationError, match=r"actors\[0\] 'A' capability \"cinc\": .*XXQ"):
        load_scenario(_write(tmp_path, "code.toml", text))


def test_missing_files_and_names(tmp_path: Path) -> None:
    with pytest.raises(
        UnknownNameError, match=r"unknown scenario 'six-partey'.*did you mean: six-party"
    ):
        load_scenario("six-partey")
    with pytest.raises(ValidationError, match="does not exist"):
        load_scenario(tmp_path / "none.toml")
    with pytest.raises(ValidationError, match=r"use \.toml or \.csv"):
        load_scenario(_write(tmp_path, "x.yaml", "a: 1"))
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_scenario(_write(tmp_path, "broken.toml", "title = "))


def test_scenario_from_pandas() -> None:
    frame = pd.DataFrame(
        {
            "actor": ["a", "b"],
            "capability": [1.0, 2.0],
            "position": [0.0, 5.0],
            "salience": [0.5, 0.5],
        }
    )
    sc = scenario_from_frame(frame)
    assert sc.names == ("a", "b")
    assert sc.frame()["capability"].to_list() == [1.0, 2.0]

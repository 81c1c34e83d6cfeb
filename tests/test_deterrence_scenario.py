"""Extended-deterrence scenario files: validation, data look-ups, shipped scenarios."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from socius.data import load
from socius.deterrence import (
    load_scenario,
    parse_sweep,
    read_scenario,
    shipped_scenarios,
    simulate,
)
from socius.deterrence.geography import great_circle_miles
from socius.errors import CoverageError, UnknownNameError, ValidationError

BASE = """
name = "test"
title = "Test scenario"
year = 2007
challenger = "CHN"
protege = "TAW"
stakes = 1.0
war_cost = 0.2

[patron]
name = "USA"
state = "USA"
probability = {patron_p}
cost = 0.4

[[third_parties]]
name = "JPN"
state = "{japan}"
condition = "patron"
probability = 0.5

[[third_parties]]
name = "NATO"
bloc = "NATO"
condition = "{condition}"
probability = {nato_p}
"""


def write(tmp_path: Path, **kw: str) -> Path:
    values = {
        "patron_p": "0.6",
        "japan": "JPN",
        "condition": "patron",
        "nato_p": '{ dist = "uniform", low = 0.0, high = 0.3 }',
    }
    values.update(kw)
    path = tmp_path / "scenario.toml"
    path.write_text(BASE.format(**values), encoding="utf-8")
    return path


def test_shipped_scenarios_are_listed_and_load_by_name() -> None:
    assert {"taiwan-strait", "korean-peninsula"} <= set(shipped_scenarios())
    for name in shipped_scenarios():
        spec = read_scenario(name)
        assert spec.name == name
        # every judgment input carries a rationale, labelled as illustrative or judgement
        assert {"stakes", "war_cost", "status_quo"} <= set(spec.assumptions)
        table = load_scenario(name, year=spec.year).assumptions
        assert table.height == 3 + 2 * len(spec.parties())
        assert all(r.startswith(("Illustrative", "Judgement")) for r in table["rationale"])
        assert set(table["kind"].to_list()) == {"illustrative assumption"}


def test_taiwan_capabilities_come_from_the_data() -> None:
    s = load_scenario("taiwan-strait", year=2007)
    nmc = load("nmc", columns=["ccode", "year", "cinc"]).filter(pl.col("year") == 2007)
    cinc = dict(nmc.select("ccode", "cinc").iter_rows())
    caps = load("capitals")
    beijing = caps.filter(pl.col("ccode") == 710).row(0, named=True)
    taipei = caps.filter(pl.col("ccode") == 713).row(0, named=True)
    miles = float(great_circle_miles(beijing["lat"], beijing["lon"], taipei["lat"], taipei["lon"]))
    exponent = math.log10(miles / 500.0 + 10 - math.e)
    assert s.game.challenger_capability == pytest.approx(cinc[710] ** exponent, rel=1e-10)
    assert s.game.protege_capability == pytest.approx(
        cinc[713] ** math.log10(10 - math.e), rel=1e-10
    )
    rows = {r["actor"]: r for r in s.capabilities.iter_rows(named=True)}
    assert rows["CHN"]["miles"] == pytest.approx(miles, rel=1e-10)


def test_nato_bloc_members_by_date_without_the_patron() -> None:
    s = load_scenario("taiwan-strait", year=2007)
    row = s.capabilities.filter(pl.col("actor") == "NATO").row(0, named=True)
    members = load("alliance_membership").filter(
        (pl.col("org") == "NATO")
        & (pl.col("joined") <= date(2007, 7, 1))
        & (pl.col("left").is_null() | (pl.col("left") >= date(2007, 7, 1)))
    )
    assert members.height == 26  # NATO had 26 members in mid-2007
    assert row["members"] == 25  # the United States counts as the patron, not in the bloc
    assert "2," not in row["ccodes"].split(" ")
    assert any("separate party" in n for n in s.notes)


def test_land_neighbours_are_zero_miles_apart() -> None:
    s = load_scenario("korean-peninsula", year=2007)
    rows = {r["actor"]: r for r in s.capabilities.iter_rows(named=True)}
    assert rows["PRK"]["miles"] == 0.0  # land border with South Korea (COW contiguity 1)
    chn = s.game.parties[s.game.index("CHN")]
    assert chn.side == "challenger"


def test_year_override_and_path(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path), year=1995)
    assert s.year == 1995
    res = simulate(s.game, draws=500)
    assert 0.0 <= res.p_deterrence <= 1.0
    assert set(s.assumptions["kind"].to_list()) == {"illustrative assumption"}


def test_unknown_state(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="unknown country 'JAPNA'"):
        load_scenario(write(tmp_path, japan="JAPNA"))


def test_condition_names_unknown_party(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match=r"condition 'USAA'.*names no party"):
        read_scenario(write(tmp_path, condition="USAA"))


@pytest.mark.parametrize(
    ("patron_p", "message"),
    [
        ("1.4", r"probability of patron 1.4 is outside \[0, 1\]"),
        ('{ dist = "uniform", low = -0.2, high = 0.5 }', "reaches outside"),
        ('{ dist = "beta", a = 2 }', "beta distribution needs a and b"),
    ],
)
def test_probability_outside_unit_interval(tmp_path: Path, patron_p: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        read_scenario(write(tmp_path, patron_p=patron_p))


def test_problems_are_collected(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        read_scenario(write(tmp_path, patron_p="1.4", nato_p="-1"))
    assert "patron" in str(err.value) and "NATO" in str(err.value)


def test_year_without_capability_data(tmp_path: Path) -> None:
    with pytest.raises(CoverageError, match=r"year 2023 has no capability data.*1816-2022"):
        load_scenario(write(tmp_path), year=2023)


def test_actor_missing_in_year(tmp_path: Path) -> None:
    with pytest.raises(CoverageError, match=r"TAW .* is not a state in 1940"):
        load_scenario(write(tmp_path), year=1940)


def test_malformed_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ntitle = ', encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid TOML"):
        read_scenario(bad)
    typo = write(tmp_path).read_text().replace("war_cost", "warcost")
    bad.write_text(typo, encoding="utf-8")
    with pytest.raises(ValidationError, match="warcost"):
        read_scenario(bad)
    with pytest.raises(UnknownNameError, match=r"unknown scenario 'taiwan'.*taiwan-strait"):
        read_scenario("taiwan")
    with pytest.raises(UnknownNameError, match="does not exist"):
        read_scenario(tmp_path / "missing.toml")


def test_one_role_per_state(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="also the challenger"):
        load_scenario(write(tmp_path, japan="CHN"))
    with pytest.raises(ValidationError, match="also patron"):
        load_scenario(write(tmp_path, japan="USA"))


def test_unknown_bloc(tmp_path: Path) -> None:
    text = write(tmp_path).read_text().replace('bloc = "NATO"', 'bloc = "NATOO"')
    path = tmp_path / "bloc.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnknownNameError, match="unknown bloc 'NATOO'; did you mean: NATO"):
        load_scenario(path)


def test_parse_sweep() -> None:
    name, values = parse_sweep("nato.probability=0:1:0.05")
    assert name == "nato.probability"
    assert values.size == 21 and values[0] == 0.0 and values[-1] == pytest.approx(1.0)
    for bad in ("nato.probability", "x=1:0:0.1", "x=0:1:0", "x=0:1:a"):
        with pytest.raises(ValidationError):
            parse_sweep(bad)


def test_an_unknown_scenario_name_gets_the_shipped_names_not_a_bare_key_error() -> None:
    from socius.deterrence.scenario import select_dated
    from socius.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="did you mean: taiwan-strait"):
        select_dated("taiwan-strat", 2007)

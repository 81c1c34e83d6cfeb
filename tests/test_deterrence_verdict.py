"""Deterrence scenarios: dated judgements, verdicts, "what it would take", input checks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from socius.cli import main
from socius.deterrence import (
    DeterrenceGame,
    Fixed,
    Party,
    Uniform,
    assess,
    load_scenario,
    read_scenario,
    select_dated,
    simulate,
)
from socius.deterrence.extended import _draw, _net_eu, coalition_label
from socius.deterrence.scenario import shipped_versions
from socius.deterrence.verdict import MAX_CAPABILITY_FACTOR, probability_needed
from socius.errors import CoverageError, ValidationError

# --------------------------------------------------------------------------- dated files


@pytest.mark.parametrize(
    ("year", "dated"), [(2007, 2007), (2010, 2007), (2021, 2007), (2022, 2022), (None, 2022)]
)
def test_file_dated_closest_to_and_not_after_the_year(year: int | None, dated: int) -> None:
    for name in ("taiwan-strait", "korean-peninsula"):
        path, why = select_dated(name, year)
        assert path.name == f"{name}-{dated}.toml"
        assert f"dated {dated}" in why
        resolved = load_scenario(name, year=year)
        assert resolved.dated == dated
        assert resolved.selection == why


def test_no_file_dated_before_the_year() -> None:
    with pytest.raises(CoverageError, match="no judgements dated on or before 2006"):
        load_scenario("taiwan-strait", year=2006)


def test_later_judgements_for_an_earlier_year_are_flagged() -> None:
    resolved = load_scenario("taiwan-strait-2022", year=2007)
    assert any("dated 2022, after 2007" in n for n in resolved.notes)


def test_2007_judgements_use_only_what_was_known_in_2007() -> None:
    """No rationale of a 2007 file cites a later year or a later instrument (AUKUS 2021,
    Japan's 2015 security laws, NATO's 2010 and 2022 Strategic Concepts)."""
    files = [v[2007] for v in shipped_versions().values()]
    assert len(files) == 2
    for path in files:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        texts = list(raw.get("assumptions", {}).values())
        for party in [raw["patron"], *raw["third_parties"]]:
            texts += [party.get("rationale", ""), party.get("cost_rationale", "")]
        for text in texts:
            assert text, f"{path.name}: an input without a rationale"
            years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)]
            assert all(y <= 2007 for y in years), (path.name, text)
            assert "AUKUS" not in text and "security legislation" not in text
        assert raw["dated"] == 2007


def test_every_input_rationale_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deter", "run", "korean-peninsula", "--year", "2007", "--draws", "300"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Judgements dated 2007 (korean-peninsula-2007.toml)" in out
    assert "1718" in out  # UN Security Council Resolution 1718 (2006), in a rationale
    assert "each with its rationale" in out
    assert "Verdict:" in out and "What it would take" in out
    assert "defenders: ROK, USA; with the challenger: CHN" in out


# --------------------------------------------------------------------------- verdicts


def _game(q_nato: float = 0.5, cost_usa: float = 0.5) -> DeterrenceGame:
    """Challenger 0.3, protégé 0.2, USA and NATO 0.4 each at the theatre; V = 1, war cost 0.1.

    Alone the challenger's war is worth 0.6 - 0.1 = 0.5; with the United States
    0.3/0.9 - 0.1 - 0.5 = -0.27, so deterrence holds in the draws where the US is likely
    enough to join (about a third of them at q_USA ~ U(0.2, 0.8))."""
    return DeterrenceGame(
        "C",
        "T",
        0.3,
        0.2,
        Fixed(1.0),
        Fixed(0.1),
        Fixed(0.0),
        (
            Party("USA", 0.4, Uniform(0.2, 0.8), cost=Fixed(cost_usa)),
            Party("NATO", 0.4, Uniform(0.0, q_nato), condition=0, cost=Uniform(0.0, 0.2)),
        ),
    )


def test_verdict_sentence_numbers_match_the_runs() -> None:
    game = _game()
    a = assess(game, draws=4000, seed=3)
    assert a.focus == "NATO"
    assert a.p_with == pytest.approx(simulate(game, draws=4000, seed=3).p_deterrence)
    without = a.result.parties.filter(a.result.parties["party"] == "NATO")
    assert a.p_without == pytest.approx(without["p_deterrence_without"][0], abs=1e-12)
    assert f"from {a.p_without:.1%} to {a.p_with:.1%}" in a.verdict
    assert "(if USA joins)" in a.verdict


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    cost=st.floats(min_value=0.0, max_value=0.6),
    q_max=st.floats(min_value=0.0, max_value=1.0),
)
def test_probability_needed_is_the_smallest_that_works(
    seed: int, cost: float, q_max: float
) -> None:
    """The returned q reaches half of the draws and no grid value below it does; when None,
    even q = 1 falls short."""
    game = _game(q_nato=q_max, cost_usa=cost)
    sample = _draw(game, 800, seed)
    q, p_one = probability_needed(game, "NATO", sample)

    def share(value: float) -> float:
        d = _draw(game, 800, seed)
        d.q[:, 1] = value
        return float((_net_eu(game, d) <= 0).mean())

    assert p_one == pytest.approx(share(1.0), abs=1e-12)
    if q is None:
        assert share(1.0) < 0.5
    else:
        assert 0.0 <= q <= 1.0
        assert share(q) >= 0.5
        grid = np.linspace(0.0, 1.0, 41)
        assert all(share(float(g)) < 0.5 for g in grid if g < q - 1e-9)


def _nato_game(nato_capability: float) -> DeterrenceGame:
    """As :func:`_game` but NATO may join on its own, with probability U(0.4, 1)."""
    return DeterrenceGame(
        "C",
        "T",
        0.3,
        0.2,
        Fixed(1.0),
        Fixed(0.1),
        Fixed(0.0),
        (
            Party("USA", 0.4, Uniform(0.2, 0.8), cost=Fixed(0.2)),
            Party("NATO", nato_capability, Uniform(0.4, 1.0), cost=Fixed(0.1)),
        ),
    )


@pytest.mark.parametrize("base", [0.05, 0.2, 0.5])
def test_capability_factor_is_the_smallest_within_the_bounds(base: float) -> None:
    game = _nato_game(base)
    a = assess(game, draws=3000, seed=1)
    take = a.what_it_would_take
    sample = _draw(game, 3000, 1)

    def share(factor: float) -> float:
        return float((_net_eu(_nato_game(base * factor), sample) <= 0).mean())

    assert a.p_with == pytest.approx(share(1.0), abs=1e-12)
    if take.capability_factor is None:
        assert share(MAX_CAPABILITY_FACTOR) < 0.5
    elif take.capability_factor == 1.0:
        assert share(1.0) >= 0.5 and "nothing more" in take.sentence
    else:
        assert share(take.capability_factor) >= 0.5
        assert share(take.capability_factor * 0.999) < 0.5
        assert f"{take.capability_factor:.2f} times" in take.sentence


def test_shipped_verdicts_state_what_it_would_take() -> None:
    s = load_scenario("taiwan-strait", year=2022)
    a = assess(s.game, focus=s.spec.focus, draws=3000)
    assert a.verdict.startswith("Under these assumptions NATO's signal raises")
    assert "even certain NATO participation (if USA joins) gives about" in a.verdict
    assert "not reachable through NATO alone" in a.what_it_would_take.sentence
    usa = dict(a.what_it_would_take.others)["USA"]
    assert usa is not None and 0.0 < usa <= 1.0
    k = load_scenario("korean-peninsula", year=2007)
    b = assess(k.game, focus=k.spec.focus, draws=3000)
    assert "nothing more" in b.what_it_would_take.sentence


def test_coalition_labels_show_sides() -> None:
    s = load_scenario("korean-peninsula", year=2022)
    labels = simulate(s.game, draws=100).coalitions["coalition"].to_list()
    assert "defenders: ROK" in labels
    assert "defenders: ROK, USA; with the challenger: CHN" in labels
    assert coalition_label(s.game, np.zeros(len(s.game.parties), dtype=bool)) == "defenders: ROK"


# --------------------------------------------------------------------------- negative inputs


BAD = """
name = "bad"
title = "Bad"
year = 2007
challenger = "CHN"
protege = "TAW"
stakes = {stakes}
war_cost = {war_cost}

[patron]
state = "USA"
probability = 0.5
cost = {cost}
"""


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("stakes", {"stakes": "-1", "war_cost": "0.1", "cost": "0.2"}),
        ("war_cost", {"stakes": "1", "war_cost": "-0.1", "cost": "0.2"}),
        (
            "cost",
            {
                "stakes": "1",
                "war_cost": "0.1",
                "cost": '{ dist = "uniform", low = -0.2, high = 0.3 }',
            },
        ),
    ],
)
def test_negative_stakes_and_costs_are_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, values: dict[str, str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD.format(**values), encoding="utf-8")
    with pytest.raises(ValidationError, match="is negative"):
        read_scenario(path)
    assert main(["deter", "run", str(path), "--draws", "10"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and field in err


def test_negative_cost_rejected_by_the_api_and_sweeps() -> None:
    with pytest.raises(ValidationError, match="is negative"):
        _game(cost_usa=-0.1)
    with pytest.raises(ValidationError, match="is negative"):
        DeterrenceGame("C", "T", 0.3, 0.2, Fixed(-1.0), Fixed(0.1), Fixed(0.0), _game().parties)
    # a negative status quo is defined by the model (a status quo worse than no change)
    DeterrenceGame("C", "T", 0.3, 0.2, Fixed(1.0), Fixed(0.1), Fixed(-0.2), _game().parties)


def _ally_game(q_ally_max: float) -> DeterrenceGame:
    """_game plus a party on the challenger's side (capability 0.3, joins on its own)."""
    base = _game(cost_usa=0.9)
    ally = Party("ALLY", 0.3, Uniform(0.0, q_ally_max), side="challenger")
    return DeterrenceGame(
        "C", "T", 0.3, 0.2, Fixed(1.0), Fixed(0.1), Fixed(0.0), (*base.parties, ally)
    )


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), q_max=st.floats(0.0, 1.0))
@example(seed=59, q_max=0.0)  # the draw at its own crossing point (rounding)
def test_probability_for_a_challenger_ally_is_the_largest_that_works(
    seed: int, q_max: float
) -> None:
    game = _ally_game(q_max)
    sample = _draw(game, 600, seed)
    q, _ = probability_needed(game, "ALLY", sample, largest=True)

    def share(value: float) -> float:
        d = _draw(game, 600, seed)
        d.q[:, 2] = value
        return float((_net_eu(game, d) <= 0).mean())

    if q is None:
        assert all(share(float(g)) < 0.5 for g in np.linspace(0, 1, 41))
    else:
        assert share(q) >= 0.5
        assert all(share(float(g)) < 0.5 for g in np.linspace(0, 1, 41) if g > q + 1e-9)
    a = assess(game, focus="ALLY", draws=600, seed=seed)
    assert "certain to join the challenger" in a.verdict
    if q is not None and a.p_with < 0.5:
        assert f"at most {q:.2f}" in a.what_it_would_take.sentence

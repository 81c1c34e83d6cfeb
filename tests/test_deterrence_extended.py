"""Extended deterrence with third parties: coalitions, expected utility, Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.deterrence import (
    Beta,
    DeterrenceGame,
    Fixed,
    Party,
    Uniform,
    coalition_expected_utility,
    coalition_probabilities,
    coalitions,
    simulate,
    sweep,
    threshold_patron_probability,
    with_parameter,
)
from socius.deterrence.extended import coalition_values_table
from socius.errors import UnknownNameError, ValidationError


def unit_game(q_patron: float = 0.93, q_nato: float = 0.0) -> DeterrenceGame:
    """V = 1 and war values u = (0.70, 0.05, -0.10) for the protégé alone, with the patron,
    and with the patron and NATO (NATO joins only with the patron).

    m_C = 0.7, m_T = 0.3 gives p = 0.7 alone; the patron (m = 0.4, cost 0.45) gives
    p = 0.5 and u = 0.05; NATO (m = 0.6, cost 0) gives p = 0.35 and u = -0.10.
    """
    return DeterrenceGame(
        challenger="C",
        protege="T",
        challenger_capability=0.7,
        protege_capability=0.3,
        stakes=Fixed(1.0),
        war_cost=Fixed(0.0),
        status_quo=Fixed(0.0),
        parties=(
            Party("D", 0.4, Fixed(q_patron), cost=Fixed(0.45)),
            Party("NATO", 0.6, Fixed(q_nato), condition=0),
        ),
    )


# Unit checks derived in the issue from EU = (1 - q_D) u_alone + q_D (1 - q_N) u_D
# + q_D q_N u_D+N and q* = (u_alone - sq) / (u_alone - E[u | D joins]); four decimals given.
@pytest.mark.parametrize(
    ("q_nato", "threshold"), [(0.0, 1.0769), (0.25, 1.0182), (0.5, 0.9655), (1.0, 0.875)]
)
def test_unit_check_threshold(q_nato: float, threshold: float) -> None:
    assert threshold_patron_probability(unit_game(q_nato=q_nato)) == pytest.approx(
        threshold, abs=5e-5
    )


@pytest.mark.parametrize(("q_nato", "eu"), [(0.0, 0.0955), (1.0, -0.044)])
def test_unit_check_expected_utility(q_nato: float, eu: float) -> None:
    res = simulate(unit_game(0.93, q_nato), draws=10)
    assert res.eu_at_means == pytest.approx(eu, abs=5e-5)
    assert res.p_deterrence == (1.0 if eu <= 0 else 0.0)


def test_unit_check_low_level_api() -> None:
    parents = np.array([-1, 0])
    joins = coalitions(parents)
    values = coalition_values_table(joins, {(): 0.70, (0,): 0.05, (0, 1): -0.10})
    probs = coalition_probabilities(np.array([[0.93, 0.0], [0.93, 1.0]]), joins, parents)
    assert_allclose(coalition_expected_utility(values, probs), [0.0955, -0.044], atol=5e-5)


def test_war_values_from_capabilities() -> None:
    res = simulate(unit_game(), draws=5)
    assert_allclose(res.coalitions["p_win"].to_numpy(), [0.7, 0.5, 0.35], rtol=1e-12)
    assert res.coalitions["coalition"].to_list() == [
        "defenders: T",
        "defenders: T, D",
        "defenders: T, D, NATO",
    ]


def test_verdict_words() -> None:
    assert "cannot deter" in simulate(unit_game(q_nato=0.0), draws=5).verdict()
    text = simulate(unit_game(q_nato=1.0), draws=5).verdict()
    assert "at least 0.875" in text


def test_marginal_values_and_sides() -> None:
    game = unit_game(0.93, 0.5)
    chal_ally = Party("ALLY", 0.5, Fixed(0.5), side="challenger")
    game = DeterrenceGame(**{**game.__dict__, "parties": (*game.parties, chal_ally)})
    res = simulate(game, draws=50)
    table = {r["party"]: r for r in res.parties.iter_rows(named=True)}
    assert table["D"]["marginal_value"] > 0  # the patron's signal lowers the challenger's EU
    assert table["NATO"]["marginal_value"] > 0
    assert table["ALLY"]["marginal_value"] < 0  # support for the challenger raises it
    for row in table.values():
        assert row["marginal_value"] == pytest.approx(row["eu_without"] - row["eu_with"])


def test_conditional_party_cannot_join_alone() -> None:
    joins = coalitions(np.array([-1, 0, 1]))
    assert joins.astype(int).tolist() == [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1]]
    probs = coalition_probabilities(np.array([[0.0, 1.0, 1.0]]), joins, np.array([-1, 0, 1]))
    assert_allclose(probs[0], [1.0, 0.0, 0.0, 0.0])


@settings(max_examples=60, deadline=None)
@given(
    q=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=6),
    seed=st.integers(min_value=0, max_value=10**6),
)
def test_coalition_probabilities_are_a_distribution(q: list[float], seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = len(q)
    parents = np.array([-1] + [int(rng.integers(-1, k)) for k in range(1, n)])
    joins = coalitions(parents)
    probs = coalition_probabilities(np.array([q]), joins, parents)
    assert (probs >= -1e-15).all() and (probs <= 1 + 1e-15).all()
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    # the marginal probability that party k joins is q_k times that its condition holds
    joined = probs[0] @ joins
    for k in range(n):
        cond = 1.0 if parents[k] < 0 else joined[parents[k]]
        assert joined[k] == pytest.approx(q[k] * cond, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(min_value=0, max_value=1),
    high=st.floats(min_value=0, max_value=1),
    q_nato=st.floats(min_value=0, max_value=1),
)
def test_more_patron_support_never_helps_the_challenger(
    low: float, high: float, q_nato: float
) -> None:
    lo, hi = sorted((low, high))
    eu_lo = simulate(unit_game(lo, q_nato), draws=1).eu_at_means
    eu_hi = simulate(unit_game(hi, q_nato), draws=1).eu_at_means
    assert eu_hi <= eu_lo + 1e-12


@settings(max_examples=30, deadline=None)
@given(q_nato=st.floats(min_value=0, max_value=1), extra=st.floats(min_value=0, max_value=1))
def test_eu_at_threshold_equals_status_quo(q_nato: float, extra: float) -> None:
    game = DeterrenceGame(**{**unit_game(0.5, q_nato).__dict__, "status_quo": Fixed(-extra)})
    q_star = threshold_patron_probability(game)
    if 0 < q_star <= 1:
        at = simulate(with_parameter(game, "d.probability", q_star), draws=1)
        assert at.eu_at_means == pytest.approx(0.0, abs=1e-9)


def test_monte_carlo_is_reproducible_and_bounded() -> None:
    game = DeterrenceGame(
        "C",
        "T",
        0.7,
        0.3,
        Uniform(0.8, 1.2),
        Fixed(0.0),
        Fixed(0.0),
        (
            Party("D", 0.4, Beta(9, 1), cost=Uniform(0.3, 0.6)),
            Party("NATO", 0.6, Uniform(0.0, 0.5), condition=0),
        ),
    )
    a = simulate(game, draws=2000, seed=7)
    b = simulate(game, draws=2000, seed=7)
    assert_allclose(a.eu, b.eu)
    assert 0.0 < a.p_deterrence < 1.0
    assert a.eu.shape == (2000,)
    swept = sweep(game, "nato.probability", [0.0, 0.5, 1.0], draws=2000)
    p = swept["p_deterrence"].to_numpy()
    assert (np.diff(p) >= 0).all()  # a firmer NATO signal never weakens deterrence
    assert swept.height == 3


def test_threshold_edge_cases() -> None:
    deterred = DeterrenceGame(
        "C", "T", 0.1, 0.9, Fixed(1.0), Fixed(0.5), Fixed(0.0), (Party("D", 0.5, Fixed(0.1)),)
    )
    assert threshold_patron_probability(deterred) == 0.0
    useless = DeterrenceGame(
        "C", "T", 0.9, 0.1, Fixed(1.0), Fixed(0.0), Fixed(0.0), (Party("D", 0.0, Fixed(0.1)),)
    )
    assert math.isinf(threshold_patron_probability(useless))


@pytest.mark.parametrize(
    ("party", "message"),
    [
        (Party("D", 0.4, Fixed(1.2)), r"probability of 'D' 1.2 is outside \[0, 1\]"),
        (Party("D", 0.4, Fixed(-0.1)), r"outside \[0, 1\]"),
        (Party("D", 0.4, Uniform(0.5, 1.5)), "reaches outside"),
        (Party("D", 0.4, Uniform(0.6, 0.5)), "low <= high"),
        (Party("D", 0.4, Beta(0.0, 1.0)), "a > 0 and b > 0"),
        (Party("D", -0.4, Fixed(0.5)), "capability"),
    ],
)
def test_bad_inputs_are_rejected(party: Party, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DeterrenceGame("C", "T", 0.7, 0.3, Fixed(1.0), Fixed(0.0), Fixed(0.0), (party,))


def test_all_problems_reported_together() -> None:
    with pytest.raises(ValidationError) as err:
        DeterrenceGame(
            "C",
            "T",
            0.7,
            0.3,
            Fixed(1.0),
            Fixed(0.0),
            Fixed(0.0),
            (Party("D", 0.4, Fixed(2.0)), Party("N", 0.1, Fixed(-1.0), condition=0)),
        )
    assert "'D'" in str(err.value) and "'N'" in str(err.value)


def test_conditions_must_not_cycle_and_patron_is_unconditional() -> None:
    with pytest.raises(ValidationError, match="cycle"):
        DeterrenceGame(
            "C",
            "T",
            0.7,
            0.3,
            Fixed(1.0),
            Fixed(0.0),
            Fixed(0.0),
            (
                Party("D", 0.4, Fixed(0.5)),
                Party("A", 0.1, Fixed(0.5), condition=2),
                Party("B", 0.1, Fixed(0.5), condition=1),
            ),
        )
    with pytest.raises(ValidationError, match="patron's condition"):
        DeterrenceGame(
            "C",
            "T",
            0.7,
            0.3,
            Fixed(1.0),
            Fixed(0.0),
            Fixed(0.0),
            (Party("D", 0.4, Fixed(0.5), condition=1), Party("A", 0.1, Fixed(0.5))),
        )


def test_with_parameter_errors() -> None:
    game = unit_game()
    with pytest.raises(UnknownNameError, match="unknown party 'natp'; did you mean: NATO"):
        with_parameter(game, "natp.probability", 0.5)
    with pytest.raises(UnknownNameError, match="unknown field"):
        with_parameter(game, "nato.chance", 0.5)
    with pytest.raises(UnknownNameError, match="unknown parameter"):
        with_parameter(game, "stake", 0.5)
    with pytest.raises(ValidationError, match="outside"):
        with_parameter(game, "nato.probability", 1.5)
    assert with_parameter(game, "stakes", 2.0).stakes == Fixed(2.0)
    with pytest.raises(ValidationError, match="draws"):
        simulate(game, draws=0)

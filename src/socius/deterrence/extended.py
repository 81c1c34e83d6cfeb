"""Extended deterrence with third parties: would more signals of support deter a challenger?

A challenger ``C`` weighs an attack on a protégé ``T``. A patron and further third parties
may join the war, each with a probability of intervening and possibly only if another
party joins (NATO only if the United States does). For the coalition ``S`` that fights,
the challenger's war value is

.. math:: u_S = p_S V - c_S, \\qquad
          p_S = \\frac{m_C + \\sum_{k \\in S_C} m_k}{m_C + m_T + \\sum_{k \\in S} m_k}

with ``V`` the stakes, ``c_S`` the cost of that war, ``m`` the capabilities at the theatre
and ``S_C`` the parties in ``S`` that fight on the challenger's side. The challenger attacks
when its expected utility over the coalitions that may form, ``EU = sum_S P(S) u_S``, beats
the status quo; deterrence holds otherwise.

Uncertain inputs are drawn by Monte Carlo; ``EU`` itself is exact given a draw.

Examples
--------
The unit check of ``docs/deterrence.md``: the protégé alone is worth 0.70 to the
challenger, 0.05 with the patron, -0.10 with the patron and NATO:

>>> import numpy as np
>>> joins = coalitions(np.array([-1, 0]))     # patron always may join, NATO only with it
>>> values = coalition_values_table(joins, {(): 0.70, (0,): 0.05, (0, 1): -0.10})
>>> eu = coalition_expected_utility(values, coalition_probabilities(np.array([[0.93, 1.0]]), joins, np.array([-1, 0])))
>>> round(float(eu[0]), 4)
-0.044
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from socius.deterrence.distributions import (
    NO_COST,
    Beta,
    Distribution,
    Fixed,
    Uniform,
    distribution_problems,
)
from socius.errors import UnknownNameError, ValidationError, suggest
from socius.limits import check_count

__all__ = [
    "Beta",
    "DeterrenceGame",
    "DeterrenceResult",
    "Fixed",
    "Party",
    "Uniform",
    "coalition_expected_utility",
    "coalition_label",
    "coalition_probabilities",
    "coalition_values_table",
    "coalitions",
    "simulate",
    "sweep",
    "threshold_patron_probability",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

#: Most parties a game may have (coalitions are enumerated, 2 ** n at most).
MAX_PARTIES = 14
#: Draws evaluated at once (bounds memory to about draws x coalitions x parties).
CHUNK = 50_000


@dataclass(frozen=True)
class Party:
    """A state or bloc that may join the war.

    Attributes
    ----------
    name
        Label used in tables and sweeps (``"USA"``, ``"NATO"``).
    capability
        ``m_k``: capability at the theatre (distance-discounted CINC) [0, 1].
    probability
        Probability of intervening when its condition holds [0, 1].
    condition
        Index of the party whose joining it requires, or -1 (joins independently).
    cost
        Added cost to the challenger when it joins [>= 0].
    side
        ``"defender"`` (helps the protégé) or ``"challenger"``.
    """

    name: str
    capability: float
    probability: Distribution
    condition: int = -1
    cost: Distribution = NO_COST
    side: Literal["defender", "challenger"] = "defender"


@dataclass(frozen=True)
class DeterrenceGame:
    """A resolved extended-deterrence scenario: numbers only, no data look-ups.

    ``parties[patron]`` is the patron (condition -1). Judgment inputs (stakes, costs,
    status quo, probabilities) are illustrative assumptions of the scenario's author.
    """

    challenger: str
    protege: str
    challenger_capability: float
    protege_capability: float
    stakes: Distribution
    war_cost: Distribution
    status_quo: Distribution
    parties: tuple[Party, ...]
    patron: int = 0

    def __post_init__(self) -> None:
        validate_game(self)

    def index(self, name: str) -> int:
        """Position of the party called *name* (case-insensitive)."""
        names = [p.name for p in self.parties]
        for n, p in enumerate(names):
            if p.lower() == name.lower():
                return n
        raise UnknownNameError(
            f"unknown party '{name}'{suggest(name, names)}; parties are: {', '.join(names)}"
        )


def validate_game(game: DeterrenceGame) -> None:
    """Raise one :class:`ValidationError` listing every problem of *game*."""
    problems: list[str] = []
    n = len(game.parties)
    if n == 0:
        problems.append("a scenario needs a patron; add one")
    if n > MAX_PARTIES:
        problems.append(f"{n} parties are too many; at most {MAX_PARTIES} (coalitions grow as 2^n)")
    for what, m in (
        ("challenger", game.challenger_capability),
        ("protege", game.protege_capability),
    ):
        if not (math.isfinite(m) and m > 0):
            problems.append(f"capability {m:g} of the {what} must be positive")
    names = [p.name.lower() for p in game.parties]
    dupes = sorted({x for x in names if names.count(x) > 1})
    if dupes:
        problems.append(f"party names must be unique; repeated: {', '.join(dupes)}")
    for k, p in enumerate(game.parties):
        problems += distribution_problems(p.probability, f"probability of '{p.name}'", unit=True)
        problems += distribution_problems(p.cost, f"cost of '{p.name}'", unit=False, nonneg=True)
        if not (math.isfinite(p.capability) and p.capability >= 0):
            problems.append(f"capability {p.capability:g} of '{p.name}' must be zero or positive")
        if not -1 <= p.condition < n or p.condition == k:
            problems.append(f"condition of '{p.name}' must name another party")
        if p.side not in ("defender", "challenger"):
            problems.append(f"side '{p.side}' of '{p.name}' must be 'defender' or 'challenger'")
    for what, value in (
        ("stakes", game.stakes),
        ("war_cost", game.war_cost),
        ("status_quo", game.status_quo),
    ):
        problems += distribution_problems(value, what, unit=False, nonneg=what != "status_quo")
    if n and not 0 <= game.patron < n:
        problems.append(f"patron index {game.patron} is not a party")
    elif n and game.parties[game.patron].condition != -1:
        problems.append("the patron's condition must be 'always'")
    if not problems and _has_cycle([p.condition for p in game.parties]):
        problems.append("conditions form a cycle; each party may depend only on parties before it")
    if problems:
        raise ValidationError("; ".join(problems))


def _has_cycle(parents: Sequence[int]) -> bool:
    for start in range(len(parents)):
        seen = set()
        k = start
        while k != -1:
            if k in seen:
                return True
            seen.add(k)
            k = parents[k]
    return False


def coalitions(parents: NDArray[np.integer]) -> BoolArray:
    """Every feasible join pattern: ``(P, n)`` booleans, row ``p`` says who fights.

    A party may join only if the party it depends on (``parents[k]``, -1 for none) joins.
    The first row is the protégé alone.

    Parameters
    ----------
    parents
        ``(n,)`` integers, one per party in game order: the index of the party whose
        joining it requires (NATO only if the United States joins), or -1 for a party
        that may join on its own. Not validated here: :class:`DeterrenceGame` rejects
        cycles and out-of-range indices.

    Returns
    -------
    numpy.ndarray
        ``(P, n)`` booleans, ``True`` = the party fights in that coalition; rows in the
        order of the binary numbers they spell (party 0 the lowest bit), so the first row
        has no party. ``P <= 2 ** n``.

    Examples
    --------
    The patron may always join, the second party only with it:

    >>> import numpy as np
    >>> coalitions(np.array([-1, 0])).astype(int).tolist()
    [[0, 0], [1, 0], [1, 1]]
    """
    par = np.asarray(parents, dtype=np.intp)
    n = par.size
    codes = np.arange(2**n, dtype=np.int64)
    joins = ((codes[:, None] >> np.arange(n)) & 1).astype(bool)
    ok = np.ones(codes.size, dtype=bool)
    for k in range(n):
        if par[k] >= 0:
            ok &= ~joins[:, k] | joins[:, par[k]]
    out: BoolArray = joins[ok]
    return out


def coalition_probabilities(
    q: FloatArray, joins: BoolArray, parents: NDArray[np.integer]
) -> FloatArray:
    """Probability of each join pattern for each draw.

    Parameters
    ----------
    q
        ``(D, n)`` intervention probabilities (each given its condition holds).
    joins
        ``(P, n)`` patterns from :func:`coalitions`.
    parents
        Condition of each party (-1 for none).

    Returns
    -------
    numpy.ndarray
        ``(D, P)``; each row sums to 1.
    """
    q = np.atleast_2d(np.asarray(q, dtype=np.float64))
    out: FloatArray = _pattern_probabilities(q, joins, parents).T
    return out


def _pattern_probabilities(
    q: FloatArray, joins: BoolArray, parents: NDArray[np.integer]
) -> FloatArray:
    """Like :func:`coalition_probabilities` but ``(P, D)``, the faster layout."""
    par = np.asarray(parents, dtype=np.intp)
    able = np.ones_like(joins)
    dep = par >= 0
    able[:, dep] = joins[:, par[dep]]
    # factor of party k in pattern p: q (joins), 1 - q (could join, did not), 1 (could not)
    code = np.where(joins, 0, np.where(able, 1, 2))  # (P, n)
    prob = np.ones((joins.shape[0], q.shape[0]), dtype=np.float64)
    factors = np.empty((3, q.shape[0]), dtype=np.float64)
    factors[2] = 1.0
    for k in range(joins.shape[1]):
        factors[0] = q[:, k]
        np.subtract(1.0, q[:, k], out=factors[1])
        prob *= factors[code[:, k]]
    return prob


def coalition_values_table(joins: BoolArray, values: Mapping[tuple[int, ...], float]) -> FloatArray:
    """War values ``u_S`` in pattern order from a mapping ``{(joined party indices): u}``."""
    out = np.full(joins.shape[0], np.nan)
    for key, val in values.items():
        hit = np.flatnonzero((joins == np.isin(np.arange(joins.shape[1]), key)).all(axis=1))
        if hit.size != 1:
            raise ValidationError(f"coalition {key} is not a feasible join pattern")
        out[hit[0]] = val
    if np.isnan(out).any():
        raise ValidationError("every feasible coalition needs a value")
    return out


def coalition_expected_utility(values: FloatArray, probabilities: FloatArray) -> FloatArray:
    """``EU = sum_S P(S) u_S`` per draw; *values* is ``(P,)`` or ``(D, P)``.

    The challenger's expected utility of attacking: the war value of every coalition
    that may form, weighted by its probability (the expected-utility logic of Bueno de
    Mesquita 1981, applied to the coalitions of an extended-deterrence game). Compare it
    with the status quo: deterrence holds when ``EU <= sq``.

    Parameters
    ----------
    values
        War values ``u_S = p_S V - c_S`` of the challenger for each coalition, in the order
        of :func:`coalitions`: ``(P,)`` shared by every draw, or ``(D, P)`` one row per draw
        (utility units, those of the stakes ``V``).
    probabilities
        ``(D, P)`` probability of each coalition per draw, from
        :func:`coalition_probabilities` (each row sums to 1).

    Returns
    -------
    numpy.ndarray
        ``(D,)`` expected utility per draw.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Examples
    --------
    The unit check of ``docs/deterrence.md`` (protégé alone 0.70, with the patron 0.05,
    with the patron and NATO -0.10; patron 0.93, NATO 0 or 1):

    >>> import numpy as np
    >>> parents = np.array([-1, 0])
    >>> joins = coalitions(parents)
    >>> q = np.array([[0.93, 0.0], [0.93, 1.0]])
    >>> eu = coalition_expected_utility(np.array([0.70, 0.05, -0.10]), coalition_probabilities(q, joins, parents))
    >>> [round(float(x), 4) for x in eu]
    [0.0955, -0.044]
    """
    v = np.asarray(values, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    out: FloatArray = (p * v).sum(axis=-1) if v.ndim == 2 else p @ v
    return out


def _win_probability(game: DeterrenceGame, joins: BoolArray) -> FloatArray:
    m = np.array([p.capability for p in game.parties])
    for_c = np.array([p.side == "challenger" for p in game.parties])
    own = game.challenger_capability + (joins & for_c[None, :]) @ m
    total = game.challenger_capability + game.protege_capability + joins @ m
    out: FloatArray = own / total
    return out


@dataclass(frozen=True)
class _Draws:
    q: FloatArray  # (D, n)
    cost: FloatArray  # (D, n)
    stakes: FloatArray  # (D,)
    war_cost: FloatArray  # (D,)
    status_quo: FloatArray  # (D,)


def _draw(game: DeterrenceGame, n: int, seed: int | None) -> _Draws:
    rng = np.random.default_rng(seed)
    q = np.column_stack([p.probability.sample(rng, n) for p in game.parties])
    cost = np.column_stack([p.cost.sample(rng, n) for p in game.parties])
    return _Draws(
        q,
        cost,
        game.stakes.sample(rng, n),
        game.war_cost.sample(rng, n),
        game.status_quo.sample(rng, n),
    )


def _means(game: DeterrenceGame) -> _Draws:
    one = np.ones(1)
    return _Draws(
        np.array([[p.probability.mean for p in game.parties]]),
        np.array([[p.cost.mean for p in game.parties]]),
        one * game.stakes.mean,
        one * game.war_cost.mean,
        one * game.status_quo.mean,
    )


def _eu(game: DeterrenceGame, draws: _Draws) -> FloatArray:
    """Expected utility of attacking for each draw (chunked over draws)."""
    parents = np.array([p.condition for p in game.parties], dtype=np.intp)
    joins = coalitions(parents)
    win = _win_probability(game, joins)  # (P,)
    out = np.empty(draws.q.shape[0])
    for s in range(0, out.size, CHUNK):
        sl = slice(s, s + CHUNK)
        prob = _pattern_probabilities(draws.q[sl], joins, parents)  # (P, d)
        # E[c_S] = war_cost + sum_k P(k joins) c_k, and E[p_S] V: both linear in P(S)
        joined = joins.T.astype(np.float64) @ prob  # (n, d): P(k joins)
        extra = np.einsum("nd,dn->d", joined, draws.cost[sl])
        out[sl] = (win @ prob) * draws.stakes[sl] - draws.war_cost[sl] - extra
    return out


@dataclass(frozen=True)
class DeterrenceResult:
    """What :func:`simulate` found.

    Attributes
    ----------
    eu
        Challenger's expected utility of attacking minus the status quo, per draw.
    p_deterrence
        Share of draws in which deterrence holds (``EU <= status quo``).
    eu_at_means
        Expected utility minus status quo with every input at its mean.
    threshold
        Patron intervention probability at which the challenger is indifferent (others at
        their means): above it deterrence holds; 0 if deterred without the patron; above 1
        (or inf) if the patron alone cannot deter.
    parties
        One row per third party and the patron: ``party, probability, eu_with, eu_without,
        marginal_value`` (``eu_without - eu_with``: how much its signal lowers the challenger's
        expected utility), ``p_deterrence_with``, ``p_deterrence_without``.
    coalitions
        One row per coalition: ``coalition, p_win, probability`` (at the means).
    """

    game: DeterrenceGame
    draws: int
    seed: int | None
    eu: FloatArray
    p_deterrence: float
    eu_at_means: float
    threshold: float
    parties: pl.DataFrame
    coalitions: pl.DataFrame

    def verdict(self) -> str:
        """The headline in plain words."""
        g = self.game
        patron = g.parties[g.patron].name
        side = "holds" if self.eu_at_means <= 0 else "fails"
        text = (
            f"With every input at its mean, deterrence {side}: {g.challenger}'s expected utility "
            f"of attacking {g.protege}, less the status quo, is {self.eu_at_means:+.3f}. "
            f"Across {self.draws:,} draws deterrence holds in {self.p_deterrence:.1%} of them. "
        )
        if self.threshold == 0:
            return text + f"{g.challenger} is deterred even if {patron} stays out."
        if math.isinf(self.threshold):
            return text + f"{patron}'s intervention does not lower {g.challenger}'s value of war."
        if self.threshold > 1:
            return text + (
                f"{patron} alone cannot deter: the threshold intervention probability is "
                f"{self.threshold:.3f} (> 1)."
            )
        return text + (
            f"Deterrence needs {patron} to intervene with probability at least {self.threshold:.3f}."
        )

    def summary(self) -> pl.DataFrame:
        """One-row table of the headline numbers."""
        return pl.DataFrame(
            {
                "challenger": [self.game.challenger],
                "protege": [self.game.protege],
                "draws": [self.draws],
                "p_deterrence": [self.p_deterrence],
                "eu_at_means": [self.eu_at_means],
                "threshold_patron_probability": [self.threshold],
                "eu_mean": [float(self.eu.mean())],
                "eu_p05": [float(np.quantile(self.eu, 0.05))],
                "eu_p95": [float(np.quantile(self.eu, 0.95))],
            }
        )


def _net_eu(game: DeterrenceGame, draws: _Draws) -> FloatArray:
    out: FloatArray = _eu(game, draws) - draws.status_quo
    return out


def threshold_patron_probability(game: DeterrenceGame) -> float:
    """Patron intervention probability that makes the challenger indifferent.

    Every other input is held at its mean. ``EU`` is linear in the patron's probability
    ``q_D``: ``EU(q_D) = (1 - q_D) A + q_D B`` with ``A`` the value without the patron and
    ``B`` with it, so ``q* = (A - sq) / (A - B)``.

    Parameters
    ----------
    game
        The game (``game.parties[game.patron]`` is the patron); the patron's own
        probability is ignored, every other input is taken at its mean.

    Returns
    -------
    float
        0 when deterrence holds without the patron; ``q*`` when ``A > sq`` and ``B < A``
        (``q* > 1`` means the patron alone cannot deter); ``inf`` when the patron's joining
        does not lower the challenger's value.

    Examples
    --------
    >>> game = DeterrenceGame("C", "T", 1.0, 1.0, Fixed(1.0), Fixed(0.0), Fixed(0.0),
    ...                       (Party("D", 1.0, Fixed(0.5)),))
    >>> round(threshold_patron_probability(game), 4)   # u: 0.5 alone, 1/3 with D
    3.0
    """
    means = _means(game)
    sq = float(means.status_quo[0])
    at = []
    for q in (0.0, 1.0):
        d = replace(means, q=means.q.copy())
        d.q[0, game.patron] = q
        at.append(float(_eu(game, d)[0]))
    a, b = at
    if a <= sq:
        return 0.0
    if b >= a:
        return math.inf
    return (a - sq) / (a - b)


def simulate(
    game: DeterrenceGame, *, draws: int = 10_000, seed: int | None = 0
) -> DeterrenceResult:
    """Monte Carlo of the challenger's decision under the input distributions.

    Parameters
    ----------
    game
        The resolved scenario (see :func:`socius.deterrence.scenario.load_scenario`).
    draws
        Number of draws of the uncertain inputs.
    seed
        Seed of the random generator (the same draws are reused for the with/without
        comparisons, so differences are not sampling noise).

    Returns
    -------
    DeterrenceResult

    Notes
    -----
    For each draw the probability of every coalition follows from the intervention
    probabilities and conditions, and ``EU = sum_S P(S)(p_S V - c_S)``. Deterrence holds in
    a draw when ``EU <= sq``. A party's marginal deterrent value is
    ``EU(q_k = 0) - EU(q_k)`` at the means.

    References
    ----------
    Huth, Paul K. 1988. *Extended Deterrence and the Prevention of War*. New Haven: Yale
    University Press.

    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.
    """
    check_count("draws", draws)
    sample = _draw(game, draws, seed)
    net = _net_eu(game, sample)
    means = _means(game)
    eu_means = float(_net_eu(game, means)[0])
    rows = []
    for k, party in enumerate(game.parties):
        off_means = replace(means, q=means.q.copy())
        off_means.q[:, k] = 0.0
        off_draws = replace(sample, q=sample.q.copy())
        off_draws.q[:, k] = 0.0
        without = float(_net_eu(game, off_means)[0])
        rows.append(
            {
                "party": party.name,
                "role": "patron" if k == game.patron else "third party",
                "side": party.side,
                "capability": party.capability,
                "probability": party.probability.describe(),
                "eu_with": eu_means,
                "eu_without": without,
                "marginal_value": without - eu_means,
                "p_deterrence_with": float((net <= 0).mean()),
                "p_deterrence_without": float((_net_eu(game, off_draws) <= 0).mean()),
            }
        )
    parents = np.array([p.condition for p in game.parties], dtype=np.intp)
    joins = coalitions(parents)
    probs = coalition_probabilities(means.q, joins, parents)[0]
    coal = pl.DataFrame(
        {
            "coalition": [coalition_label(game, row) for row in joins],
            "p_win": _win_probability(game, joins),
            "probability": probs,
        }
    )
    return DeterrenceResult(
        game=game,
        draws=draws,
        seed=seed,
        eu=net,
        p_deterrence=float((net <= 0).mean()),
        eu_at_means=eu_means,
        threshold=threshold_patron_probability(game),
        parties=pl.DataFrame(rows),
        coalitions=coal,
    )


def coalition_label(game: DeterrenceGame, joins: BoolArray) -> str:
    """``"defenders: ROK, USA; with the challenger: CHN"`` for one pattern of joins.

    >>> g = DeterrenceGame("PRK", "ROK", 0.1, 0.1, Fixed(1.0), Fixed(0.0), Fixed(0.0),
    ...     (Party("USA", 0.2, Fixed(0.9)), Party("CHN", 0.2, Fixed(0.3), 0, side="challenger")))
    >>> coalition_label(g, np.array([True, True]))
    'defenders: ROK, USA; with the challenger: CHN'
    """
    idx = np.flatnonzero(joins)
    defenders = [game.protege] + [
        game.parties[k].name for k in idx if game.parties[k].side == "defender"
    ]
    allies = [game.parties[k].name for k in idx if game.parties[k].side == "challenger"]
    text = "defenders: " + ", ".join(defenders)
    return text + (f"; with the challenger: {', '.join(allies)}" if allies else "")


PARAMETERS = ("probability", "cost", "capability")
GAME_PARAMETERS = ("stakes", "war_cost", "status_quo")


def with_parameter(game: DeterrenceGame, param: str, value: float) -> DeterrenceGame:
    """Copy of *game* with one input fixed at *value*.

    *param* is ``stakes``, ``war_cost``, ``status_quo`` or ``<party>.<field>`` with field
    ``probability``, ``cost`` or ``capability`` (``nato.probability``).

    The input becomes a fixed number (``Fixed(value)``) in place of its distribution;
    *game* itself is unchanged (games are frozen).

    Parameters
    ----------
    game
        The game to copy.
    param
        ``"stakes"``, ``"war_cost"``, ``"status_quo"`` or ``"<party>.<field>"``; names are
        case-insensitive and the party is matched by its name (``"NATO.probability"``).
    value
        The new value, in the input's unit: a probability [0, 1], a cost or stakes [>= 0,
        utility units], a capability at the theatre [>= 0, distance-discounted CINC].

    Returns
    -------
    DeterrenceGame
        A new, validated game.

    Raises
    ------
    UnknownNameError
        *param* names no game input, no party or no field (the message suggests the
        closest).
    ValidationError
        *value* is out of range for the input (a probability above 1, a negative cost).

    Examples
    --------
    >>> from socius.deterrence import load_scenario
    >>> game = load_scenario("taiwan-strait", year=2007).game
    >>> with_parameter(game, "nato.probability", 1.0).parties[game.index("NATO")].probability
    Fixed(value=1.0)
    """
    key = param.strip()
    fixed = Fixed(float(value))
    if key.lower() == "stakes":
        return replace(game, stakes=fixed)
    if key.lower() == "war_cost":
        return replace(game, war_cost=fixed)
    if key.lower() == "status_quo":
        return replace(game, status_quo=fixed)
    if "." not in key:
        choices = [
            *GAME_PARAMETERS,
            *(f"{p.name.lower()}.{f}" for p in game.parties for f in PARAMETERS),
        ]
        raise UnknownNameError(
            f"unknown parameter '{param}'{suggest(key, choices)}; use stakes, war_cost, status_quo "
            "or <party>.probability, <party>.cost, <party>.capability"
        )
    name, field = key.rsplit(".", 1)
    k = game.index(name)
    if field.lower() not in PARAMETERS:
        raise UnknownNameError(
            f"unknown field '{field}' in '{param}'{suggest(field, PARAMETERS)}; "
            f"choose one of: {', '.join(PARAMETERS)}"
        )
    field = field.lower()
    parties = list(game.parties)
    if field == "capability":
        parties[k] = replace(parties[k], capability=float(value))
    elif field == "cost":
        parties[k] = replace(parties[k], cost=fixed)
    else:
        parties[k] = replace(parties[k], probability=fixed)
    return replace(game, parties=tuple(parties))


def sweep(
    game: DeterrenceGame,
    param: str,
    values: Sequence[float] | FloatArray,
    *,
    draws: int = 10_000,
    seed: int | None = 0,
) -> pl.DataFrame:
    """Deterrence as one input varies: ``value, p_deterrence, eu_at_means``, and the threshold.

    The same draws (same *seed*) are used at every value.

    Runs :func:`simulate` once per value on :func:`with_parameter` copies of *game*, so
    differences between values are not sampling noise.

    Parameters
    ----------
    game
        The game (see :func:`socius.deterrence.load_scenario`).
    param
        The input to vary: ``"stakes"``, ``"war_cost"``, ``"status_quo"`` or
        ``"<party>.probability"``, ``"<party>.cost"``, ``"<party>.capability"``.
    values
        Values of *param*, in its unit (:func:`parse_sweep` turns ``"0:1:0.05"`` into
        such a list).
    draws
        Monte Carlo draws per value.
    seed
        Seed of the random generator; ``None`` draws afresh each time.

    Returns
    -------
    polars.DataFrame
        One row per value, in order: ``parameter`` (*param*), ``value``, ``p_deterrence``
        (share of draws in which deterrence holds [0-1]), ``eu_at_means`` (challenger's
        expected utility minus the status quo, inputs at their means; deterred when <= 0)
        and ``threshold_patron_probability`` (see :func:`threshold_patron_probability`).

    Raises
    ------
    ValidationError
        *values* is empty, *draws* is not a positive count within the limits, or a value
        is out of range for the input.
    UnknownNameError
        *param* names no input.

    Examples
    --------
    >>> from socius.deterrence import load_scenario
    >>> game = load_scenario("taiwan-strait", year=2007).game
    >>> table = sweep(game, "nato.probability", [0.0, 1.0], draws=2000)
    >>> table["value"].to_list(), table["p_deterrence"].is_between(0, 1).all()
    ([0.0, 1.0], True)
    """
    rows = []
    for v in np.asarray(values, dtype=np.float64):
        res = simulate(with_parameter(game, param, float(v)), draws=draws, seed=seed)
        rows.append(
            {
                "parameter": param,
                "value": float(v),
                "p_deterrence": res.p_deterrence,
                "eu_at_means": res.eu_at_means,
                "threshold_patron_probability": res.threshold,
            }
        )
    if not rows:
        raise ValidationError(f"sweep over '{param}' has no values; give a range such as 0:1:0.05")
    return pl.DataFrame(rows)

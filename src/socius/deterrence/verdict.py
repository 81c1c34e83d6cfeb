"""Verdicts on an extended-deterrence scenario: what a signal changes and what it would take.

:func:`assess` runs a game and answers, in one sentence each, the two questions an analyst
asks of a signal of support (NATO's, say):

* how much the signal raises the probability that deterrence holds, and what certain
  participation would give;
* what it would take for deterrence to hold in at least half of the draws: the smallest
  probability of joining, or the smallest increase of the party's capability at the
  theatre, or "not reachable" within the bounds (probability up to 1, capability up to
  :data:`MAX_CAPABILITY_FACTOR` times its value).

The probability search is exact for the given draws: the challenger's expected utility is
linear in any one party's probability of joining, so each draw has one crossing point and
the share of deterred draws is a step function whose first step to one half is found by
sorting. The capability search is a bisection (the expected utility falls as a defender's
capability grows).

Examples
--------
>>> from socius.deterrence import load_scenario
>>> a = assess(load_scenario("korean-peninsula", year=2007).game, draws=2000)
>>> a.focus
'NATO'
>>> a.verdict.startswith("Under these assumptions")
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from socius.deterrence.extended import (
    DeterrenceGame,
    DeterrenceResult,
    _draw,
    _Draws,
    _net_eu,
    simulate,
    with_parameter,
)
from socius.errors import ValidationError

__all__ = [
    "MAX_CAPABILITY_FACTOR",
    "TARGET",
    "Assessment",
    "WhatItTakes",
    "assess",
    "default_focus",
    "probability_needed",
]

FloatArray = NDArray[np.float64]

#: Share of draws in which deterrence should hold ("at least half of the draws").
TARGET = 0.5
#: Largest capability multiple searched by "what it would take".
MAX_CAPABILITY_FACTOR = 10.0


@dataclass(frozen=True)
class WhatItTakes:
    """What one party would have to change for deterrence to hold in >= half the draws.

    Attributes
    ----------
    party
        The party whose signal or capability changes.
    p_now
        P(deterrence holds) under the scenario's inputs.
    probability
        Smallest probability of joining (others at their distributions) at which
        deterrence holds in at least half of the draws (the largest, for a party on the
        challenger's side); None when not reachable within [0, 1].
    capability_factor
        Smallest multiple of the party's capability at the theatre that does the same with
        its probability as in the scenario; None when not reachable up to
        :data:`MAX_CAPABILITY_FACTOR`.
    sentence
        The answer in one sentence.
    others
        ``(party, probability)`` for every other party on the defender's side: the smallest
        probability of joining that would do it alone (None: not reachable).
    """

    party: str
    p_now: float
    probability: float | None
    capability_factor: float | None
    sentence: str
    others: tuple[tuple[str, float | None], ...] = ()


@dataclass(frozen=True)
class Assessment:
    """A scenario's result with its verdict sentence and "what it would take".

    Attributes
    ----------
    result
        The Monte Carlo result (:func:`~socius.deterrence.simulate`).
    focus
        The party whose signal the verdict discusses (None in a game without third parties).
    p_without, p_with, p_certain
        P(deterrence holds) with the focus party's probability set to 0, as given, and 1.
    what_it_would_take
        See :class:`WhatItTakes`.
    verdict
        One sentence: what the focus party's signal changes.
    """

    result: DeterrenceResult
    focus: str | None
    p_without: float
    p_with: float
    p_certain: float
    what_it_would_take: WhatItTakes
    verdict: str

    @property
    def summary(self) -> str:
        """The verdict and what it would take, in two sentences."""
        return f"{self.verdict} {self.what_it_would_take.sentence}"


def default_focus(game: DeterrenceGame) -> str:
    """The party a verdict is about: one called NATO, else the last defender third party,
    else the patron."""
    names = [p.name for p in game.parties]
    for name in names:
        if name.lower() == "nato":
            return name
    others = [
        p.name for k, p in enumerate(game.parties) if k != game.patron and p.side == "defender"
    ]
    return others[-1] if others else names[game.patron]


def _with_q(sample: _Draws, k: int, q: float) -> _Draws:
    d = replace(sample, q=sample.q.copy())
    d.q[:, k] = q
    return d


def probability_needed(
    game: DeterrenceGame,
    party: str,
    sample: _Draws,
    target: float = TARGET,
    *,
    largest: bool = False,
) -> tuple[float | None, float]:
    """Smallest probability ``q`` of *party* joining with ``P(EU <= sq) >= target``.

    Each draw's net expected utility is ``A + q (B - A)`` with ``A`` at ``q = 0`` and ``B`` at
    ``q = 1``; the draw is deterred from its crossing point ``A / (A - B)`` on (when
    ``B < A``) or up to it (when ``B > A``). Returns ``(q, P(q = 1))``; ``q`` is None when no
    probability in [0, 1] reaches *target*. With *largest* (for a party on the challenger's
    side, whose joining helps the challenger) the largest such ``q`` is returned instead.
    """
    k = game.index(party)
    a = _net_eu(game, _with_q(sample, k, 0.0))
    b = _net_eu(game, _with_q(sample, k, 1.0))
    n = a.size
    slope = b - a
    always = ((slope == 0) & (a <= 0)).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = np.where(slope != 0, -a / slope, np.nan)
    falling = np.sort(cross[slope < 0])  # deterred for q >= cross
    rising = np.sort(cross[slope > 0])  # deterred for q <= cross
    if largest:
        candidates = np.unique(np.concatenate([[1.0], rising[(rising >= 0) & (rising < 1)]]))
    else:
        candidates = np.unique(np.concatenate([[0.0], falling[(falling > 0) & (falling <= 1)]]))
    deterred = (
        always
        + np.searchsorted(falling, candidates, side="right")
        + (rising.size - np.searchsorted(rising, candidates, side="left"))
    )
    share = deterred / n
    p_one = float((b <= 0).mean())
    ok = np.flatnonzero(share >= target)
    if not ok.size:
        return None, p_one
    q = float(candidates[ok[-1] if largest else ok[0]])
    # at a draw's own crossing point A + q (B - A) is 0 only up to rounding: step inside
    q = max(0.0, q - 1e-12) if largest else min(1.0, q + 1e-12)
    return q, p_one


def _capability_factor(
    game: DeterrenceGame, party: str, sample: _Draws, target: float
) -> float | None:
    k = game.index(party)
    base = game.parties[k].capability
    if base <= 0 or game.parties[k].side != "defender":
        return None

    def share(factor: float) -> float:
        g = with_parameter(game, f"{party}.capability", base * factor)
        return float((_net_eu(g, sample) <= 0).mean())

    if share(1.0) >= target:
        return 1.0
    if share(MAX_CAPABILITY_FACTOR) < target:
        return None
    lo, hi = 1.0, MAX_CAPABILITY_FACTOR
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if share(mid) >= target:
            hi = mid
        else:
            lo = mid
    return hi


def _pct(p: float) -> str:
    return f"{p:.1%}"


def assess(
    game: DeterrenceGame,
    *,
    focus: str | None = None,
    draws: int = 10_000,
    seed: int | None = 0,
    target: float = TARGET,
) -> Assessment:
    """Run *game* and state what the *focus* party's signal changes and what it would take.

    Parameters
    ----------
    game
        A resolved scenario's game.
    focus
        Party whose signal the verdict discusses (default :func:`default_focus`).
    draws, seed
        As for :func:`~socius.deterrence.simulate`; the same draws serve every comparison.
    target
        Share of draws in which deterrence should hold (default one half).

    Returns
    -------
    Assessment
    """
    if not 0.0 < target <= 1.0:
        raise ValidationError(f"target {target!r} must lie in (0, 1]; give for example 0.5")
    result = simulate(game, draws=draws, seed=seed)
    name = focus or default_focus(game)
    k = game.index(name)
    name = game.parties[k].name
    sample = _draw(game, draws, seed)
    p_with = result.p_deterrence
    p_without = float((_net_eu(game, _with_q(sample, k, 0.0)) <= 0).mean())
    ally = game.parties[k].side == "challenger"
    q_needed, p_certain = probability_needed(game, name, sample, target, largest=ally)
    factor = _capability_factor(game, name, sample, target)
    g = game
    cond = game.parties[k].condition
    given = f" (if {g.parties[cond].name} joins)" if cond >= 0 else ""
    change = "raises" if p_with > p_without else "lowers" if p_with < p_without else "leaves"
    if change == "leaves":
        head = (
            f"Under these assumptions {name}'s signal does not change the probability that "
            f"deterrence holds ({_pct(p_with)} with or without it)"
        )
    else:
        head = (
            f"Under these assumptions {name}'s signal {change} the probability that deterrence "
            f"holds from {_pct(p_without)} to {_pct(p_with)}"
        )
    if ally:
        verdict = (
            f"{head}; with {name} certain to join the challenger{given} it would be "
            f"{_pct(p_certain)}."
        )
    elif p_certain < target:
        verdict = f"{head}; even certain {name} participation{given} gives about {_pct(p_certain)}."
    elif p_certain != p_with:
        verdict = f"{head}; certain {name} participation{given} would give {_pct(p_certain)}."
    else:
        verdict = f"{head}."
    others = tuple(
        (p.name, probability_needed(game, p.name, sample, target)[0])
        for j, p in enumerate(game.parties)
        if j != k and p.side == "defender"
    )
    return Assessment(
        result=result,
        focus=name,
        p_without=p_without,
        p_with=p_with,
        p_certain=p_certain,
        what_it_would_take=_what_it_takes(
            name, p_with, q_needed, factor, target, given, others, ally=ally
        ),
        verdict=verdict,
    )


def _what_it_takes(
    name: str,
    p_now: float,
    q: float | None,
    factor: float | None,
    target: float,
    given: str,
    others: tuple[tuple[str, float | None], ...],
    *,
    ally: bool = False,
) -> WhatItTakes:
    half = "half" if target == 0.5 else f"{target:.0%}"
    if p_now >= target:
        sentence = (
            f"What it would take: nothing more; deterrence already holds in {_pct(p_now)} of "
            f"the draws (at least {half})."
        )
        return WhatItTakes(name, p_now, q, factor, sentence, others)
    parts = []
    if q is not None:
        bound = "at most" if ally else "at least"
        parts.append(f"{name} joining{given} with probability {bound} {q:.2f}")
    if factor is not None:
        parts.append(
            f"{name}'s capability at the theatre {factor:.2f} times its value at its stated "
            "probability"
        )
    if parts:
        sentence = (
            f"What it would take for deterrence to hold in at least {half} of the draws: "
            + ", or ".join(parts)
            + "."
        )
    elif ally:
        sentence = (
            f"What it would take for deterrence to hold in at least {half} of the draws: not "
            f"reachable by lowering {name}'s probability of joining the challenger, even to 0"
        )
    else:
        sentence = (
            f"What it would take for deterrence to hold in at least {half} of the draws: not "
            f"reachable through {name} alone (probability up to 1, capability up to "
            f"{MAX_CAPABILITY_FACTOR:g} times)"
        )
    if not parts:
        alone = [
            f"{n} joining with probability at least {v:.2f}" for n, v in others if v is not None
        ]
        sentence += (
            f"; instead, {' or '.join(alone)} would do it."
            if alone
            else ", nor through any other party alone."
        )
    return WhatItTakes(name, p_now, q, factor, sentence, others)

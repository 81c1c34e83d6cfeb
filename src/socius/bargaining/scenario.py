"""Bargaining scenarios: actors with capability, position and salience, and their checks.

A :class:`Scenario` holds the actors of one issue with numeric inputs, what the
ends of the issue scale mean, the source and status of the inputs, and for Monte
Carlo runs how uncertain each input is. Files are read by
:func:`socius.bargaining.files.load_scenario`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from socius._frames import as_polars
from socius.errors import UnknownNameError, ValidationError, suggest

__all__ = [
    "ILLUSTRATIVE",
    "MAX_ABS_POSITION",
    "ActorSpec",
    "Outcome",
    "Scenario",
    "join_problems",
    "scenario_from_frame",
    "validate_inputs",
]

ILLUSTRATIVE = "illustrative assumption"

#: Largest position magnitude accepted. Issue scales are small numbers (0-10, 0-100);
#: beyond this, distances and their squares lose precision or overflow.
MAX_ABS_POSITION = 1e12


# --------------------------------------------------------------------------- resolved objects


@dataclass(frozen=True)
class ActorSpec:
    """One actor with numeric inputs and, optionally, Monte Carlo ranges.

    Attributes
    ----------
    capability
        Resources the actor can bring to bear on the issue [> 0; CINC is a share of
        world capabilities].
    position
        Preferred outcome on the issue scale.
    salience
        Share of attention the actor gives the issue [0, 1].
    capability_source
        Where the capability comes from ("given", "CINC 2005 (COW NMC v7.0)", ...).
    position_range, salience_range, capability_range
        Uniform ranges for Monte Carlo draws; ``None`` keeps the input fixed unless
        ``capability_sd`` gives a relative log-normal error.
    """

    name: str
    position: float
    salience: float
    capability: float
    code: str | None = None
    capability_source: str = "given"
    rationale: str = ""
    position_range: tuple[float, float] | None = None
    salience_range: tuple[float, float] | None = None
    capability_range: tuple[float, float] | None = None
    capability_sd: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """A named band of the issue scale, ``low <= forecast <= high`` (either end open).

    Monte Carlo summaries give the probability of each band, e.g. "complete
    denuclearisation" for forecasts of 95 or more.
    """

    name: str
    low: float | None = None
    high: float | None = None

    def contains(self, values: Any) -> Any:
        """Boolean mask of *values* (numpy array) inside the band."""
        import numpy as np

        v = np.asarray(values, dtype=np.float64)
        inside = np.isfinite(v)
        if self.low is not None:
            inside &= v >= self.low
        if self.high is not None:
            inside &= v <= self.high
        return inside

    @property
    def label(self) -> str:
        """``"complete denuclearisation (>= 95)"``."""
        if self.low is not None and self.high is not None:
            rng = f"{self.low:g}-{self.high:g}"
        elif self.low is not None:
            rng = f">= {self.low:g}"
        elif self.high is not None:
            rng = f"<= {self.high:g}"
        else:
            rng = "any"
        return f"{self.name} ({rng})"


@dataclass(frozen=True)
class Scenario:
    """A validated bargaining scenario (see the module docstring for the file layout).

    ``status`` says what kind of inputs the file holds; anything containing
    "illustrative" makes :attr:`is_illustrative` true, and the CLI and the report then
    print :attr:`assumption_note`.
    """

    name: str
    title: str
    actors: tuple[ActorSpec, ...]
    issue: str = ""
    year: int | None = None
    scale_low: float | None = None
    scale_high: float | None = None
    low_label: str = ""
    high_label: str = ""
    unit: str = ""
    assumptions: str = ""
    source: str = ""
    status: str = ILLUSTRATIVE
    capability_year: str = "scenario"
    path: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)

    @property
    def is_illustrative(self) -> bool:
        """True when the inputs are judgments rather than published data."""
        return "illustrative" in self.status.lower()

    @property
    def assumption_note(self) -> str:
        """One paragraph to print under any output of this scenario."""
        if self.is_illustrative:
            head = "Positions and saliences are illustrative assumptions, not measurements."
        else:
            head = f"Inputs: {self.status}."
        parts = [head]
        if self.assumptions:
            parts.append(self.assumptions.strip())
        caps = sorted({a.capability_source for a in self.actors if a.capability_source != "given"})
        if caps:
            parts.append("Capabilities: " + "; ".join(caps) + ".")
        return " ".join(parts)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.actors)

    def frame(self) -> pl.DataFrame:
        """The actors as a frame: actor, code, capability, position, salience, sources, ranges."""
        return pl.DataFrame(
            {
                "actor": [a.name for a in self.actors],
                "code": [a.code for a in self.actors],
                "capability": [a.capability for a in self.actors],
                "position": [a.position for a in self.actors],
                "salience": [a.salience for a in self.actors],
                "capability_source": [a.capability_source for a in self.actors],
                "rationale": [a.rationale for a in self.actors],
            },
            schema={
                "actor": pl.String,
                "code": pl.String,
                "capability": pl.Float64,
                "position": pl.Float64,
                "salience": pl.Float64,
                "capability_source": pl.String,
                "rationale": pl.String,
            },
        )

    def without(self, *names: str) -> Scenario:
        """The scenario without the named actors (e.g. ``without("NATO")``)."""
        known = {a.name.lower() for a in self.actors}
        bad = [n for n in names if n.lower() not in known]
        if bad:
            raise UnknownNameError(
                f"scenario '{self.name}' has no actor '{bad[0]}'{suggest(bad[0], self.names)}; "
                f"actors are: {', '.join(self.names)}"
            )
        drop = {n.lower() for n in names}
        kept = tuple(a for a in self.actors if a.name.lower() not in drop)
        validate_inputs(
            [a.name for a in kept],
            [a.capability for a in kept],
            [a.position for a in kept],
            [a.salience for a in kept],
            where=self.name,
        )
        return replace(self, actors=kept)


# --------------------------------------------------------------------------- validation


def validate_inputs(
    names: Sequence[str],
    capabilities: Sequence[float],
    positions: Sequence[float],
    saliences: Sequence[float],
    *,
    where: str = "actors",
) -> None:
    """Check the numeric inputs of a run; collect every problem and raise once.

    Every entry point of the bargaining model (scenario files, frames, the formula helpers)
    calls this before computing, so that a bad input is reported with the actor's name
    rather than turning into NaN forecasts.

    Parameters
    ----------
    names
        Actor names; compared without case and surrounding spaces for duplicates.
    capabilities
        Capabilities [> 0, finite; e.g. CINC shares], one per actor.
    positions
        Positions on the issue scale [finite, magnitude at most 1e12], one per actor.
    saliences
        Saliences [0, 1], one per actor.
    where
        What the inputs are (a scenario or file name), put at the head of the message.

    Returns
    -------
    None
        Nothing when the inputs are valid.

    Raises
    ------
    ValidationError
        When the four sequences differ in length (at once), or else, listing every problem
        in one message: fewer than two actors, duplicate names, a non-positive or
        non-finite capability, a salience outside [0, 1], a non-finite position or one
        beyond +-1e12 (:data:`MAX_ABS_POSITION`), all actors at one position, or no actor
        with positive weight ``c * s``.

    Examples
    --------
    >>> validate_inputs(["China", "Japan"], [0.18, 0.04], [5, 60], [0.9, 0.7])
    >>> validate_inputs(["China", "Japan"], [0.18, 0.0], [5, 60], [0.9, 1.7], where="draft")
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: draft: 2 problems: (1) actors[1] 'Japan' capability 0 is not positive; give a number above 0 (for example a CINC share); (2) actors[1] 'Japan' salience 1.7 is outside [0, 1]; give a share between 0 and 1
    """
    problems: list[str] = []
    n = len(names)
    if not (len(capabilities) == len(positions) == len(saliences) == n):
        raise ValidationError(
            f"{where}: got {n} names, {len(capabilities)} capabilities, {len(positions)} positions and "
            f"{len(saliences)} saliences; give one of each per actor"
        )
    if n < 2:
        problems.append(f"only {n} actor(s); bargaining needs at least two actors")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        key = str(name).strip().lower()
        if key in seen:
            problems.append(
                f"actors[{i}] '{name}' duplicates actors[{seen[key]}]; give each actor once (merge or rename them)"
            )
        else:
            seen[key] = i
    for i, (name, c, x, s) in enumerate(
        zip(names, capabilities, positions, saliences, strict=True)
    ):
        label = f"actors[{i}] '{name}'"
        if not math.isfinite(c):
            problems.append(
                f"{label} capability {c} is not a finite number; give a number above 0 (for example a CINC share)"
            )
        elif c <= 0:
            problems.append(
                f"{label} capability {c:g} is not positive; give a number above 0 (for example a CINC share)"
            )
        if not math.isfinite(s) or not 0.0 <= s <= 1.0:
            problems.append(
                f"{label} salience {s:g} is outside [0, 1]; give a share between 0 and 1"
            )
        if not math.isfinite(x):
            problems.append(
                f"{label} position {x} is not a number; give a point on the issue scale"
            )
        elif abs(x) > MAX_ABS_POSITION:
            problems.append(
                f"{label} position {x:g} is beyond +-{MAX_ABS_POSITION:g}; give a point on the "
                "issue scale (for example 0-100)"
            )
    finite = [x for x in positions if math.isfinite(x)]
    if n >= 2 and len(finite) == n and max(finite) == min(finite):
        problems.append(
            f"all actors are at position {finite[0]:g}; there is nothing to bargain over, give at least two positions"
        )
    weights = [
        c * s
        for c, s in zip(capabilities, saliences, strict=True)
        if math.isfinite(c) and math.isfinite(s) and math.isfinite(c * s)
    ]
    if n >= 2 and weights and max(weights) <= 0 and not problems:
        problems.append("every salience is 0; give at least one actor a positive salience")
    if problems:
        raise ValidationError(join_problems(where, problems))


def join_problems(where: str, problems: list[str]) -> str:
    """``where: problem`` or ``where: n problems: (1) ...; (2) ...`` on one line."""
    if len(problems) == 1:
        return f"{where}: {problems[0]}"
    listed = "; ".join(f"({k}) {p}" for k, p in enumerate(problems, 1))
    return f"{where}: {len(problems)} problems: {listed}"


def scenario_from_frame(frame: Any, *, name: str = "input") -> Scenario:
    """Build a scenario from a polars or pandas frame with actor, capability, position, salience.

    The inputs are labelled illustrative; capabilities must be numbers.

    Parameters
    ----------
    frame
        A polars or pandas frame with one row per actor and the columns ``actor``,
        ``capability`` [> 0; e.g. a CINC share], ``position`` [on the issue scale] and
        ``salience`` [0, 1]; an optional ``code`` column (e.g. an ISO3 code) is kept. Other
        columns are ignored.
    name
        The scenario's name and title, also used to label error messages.

    Returns
    -------
    Scenario
        The actors in frame order, with ``capability_source`` "given", no Monte Carlo
        ranges and ``status`` "illustrative assumption"; no scale, labels or outcomes.

    Raises
    ------
    ValidationError
        When *frame* is not a polars or pandas frame, a required column is missing, a
        numeric column holds text or gaps, or the values fail :func:`validate_inputs`.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame(
    ...     {
    ...         "actor": ["China", "Taiwan", "United States"],
    ...         "capability": [0.18, 0.01, 0.14],
    ...         "position": [5.0, 90.0, 70.0],
    ...         "salience": [0.9, 1.0, 0.6],
    ...     }
    ... )
    >>> sc = scenario_from_frame(frame, name="strait")
    >>> sc.names, sc.is_illustrative
    (('China', 'Taiwan', 'United States'), True)
    """
    frame = as_polars(frame, what=name)
    need = ["actor", "capability", "position", "salience"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"{name}: missing column(s) {', '.join(missing)}; give actor, capability, position and salience"
        )
    try:
        names = [str(v) for v in frame["actor"].to_list()]
        caps = [float(v) for v in frame["capability"].cast(pl.Float64).to_list()]
        pos = [float(v) for v in frame["position"].cast(pl.Float64).to_list()]
        sal = [float(v) for v in frame["salience"].cast(pl.Float64).to_list()]
    except (TypeError, pl.exceptions.InvalidOperationError) as exc:
        raise ValidationError(
            f"{name}: capability, position and salience must be numbers without gaps ({exc})"
        ) from exc
    validate_inputs(names, caps, pos, sal, where=name)
    codes = frame["code"].to_list() if "code" in frame.columns else [None] * len(names)
    actors = tuple(
        ActorSpec(name=n, code=cd, capability=c, position=x, salience=s)
        for n, cd, c, x, s in zip(names, codes, caps, pos, sal, strict=True)
    )
    return Scenario(name=name, title=name, actors=actors)

"""Extended-deterrence scenario files: TOML, validated, resolved against the bundled data.

A scenario names a challenger, a protégé, a patron and further third parties (a state,
or a bloc such as NATO whose members are read by date from the ``alliance_membership``
data). Capabilities at the theatre come from the data for the scenario's year; stakes,
costs, the status quo and the intervention probabilities are judgments and are labelled
as illustrative assumptions wherever they are shown.

Examples
--------
>>> s = load_scenario("taiwan-strait", year=2007)
>>> s.game.challenger, s.game.protege, s.year
('CHN', 'TAW', 2007)
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
import pydantic
from pydantic import BaseModel, ConfigDict, Field

from socius._io import loads_toml, read_text
from socius.codes import from_ccode, to_ccode
from socius.data import info, load
from socius.deterrence.distributions import (
    Beta,
    Distribution,
    Fixed,
    Uniform,
    distribution_problems,
)
from socius.deterrence.extended import DeterrenceGame, Party
from socius.deterrence.geography import capital_years, miles_matrix
from socius.deterrence.wartrap import adjusted_capability
from socius.errors import CoverageError, UnknownNameError, ValidationError, suggest

__all__ = [
    "DistributionSpec",
    "PartySpec",
    "ResolvedScenario",
    "ScenarioSpec",
    "load_scenario",
    "parse_sweep",
    "read_scenario",
    "resolve",
    "scenario_path",
    "select_dated",
    "shipped_scenarios",
    "shipped_versions",
]


class DistributionSpec(BaseModel):
    """``{dist = "beta", a = 6, b = 4}``, ``{dist = "uniform", low = 0, high = 0.3}`` or
    ``{dist = "fixed", value = 0.5}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dist: Literal["beta", "uniform", "fixed"]
    a: float | None = None
    b: float | None = None
    low: float | None = None
    high: float | None = None
    value: float | None = None

    def to_distribution(self) -> Distribution:
        need = {"beta": ("a", "b"), "uniform": ("low", "high"), "fixed": ("value",)}[self.dist]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValidationError(
                f"{self.dist} distribution needs {' and '.join(need)}; missing {', '.join(missing)}"
            )
        if self.dist == "beta":
            return Beta(float(self.a or 0), float(self.b or 0))
        if self.dist == "uniform":
            return Uniform(float(self.low or 0), float(self.high or 0))
        return Fixed(float(self.value or 0))


Value = float | DistributionSpec


def _distribution(value: Value) -> Distribution:
    return value.to_distribution() if isinstance(value, DistributionSpec) else Fixed(float(value))


class PartySpec(BaseModel):
    """A patron or third party in a scenario file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    state: str | int | None = None
    bloc: str | None = None
    probability: Value
    condition: str = "always"
    cost: Value = 0.0
    side: Literal["defender", "challenger"] = "defender"
    capability: float | None = None
    rationale: str = ""
    cost_rationale: str = ""

    @property
    def label(self) -> str:
        return str(self.name or self.bloc or self.state)


class ScenarioSpec(BaseModel):
    """The contents of a scenario file (see ``docs/deterrence.md`` for the format)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    description: str = ""
    year: int
    dated: int | None = None
    focus: str | None = None
    challenger: str | int
    protege: str | int
    stakes: Value = 1.0
    war_cost: Value = 0.0
    status_quo: Value = 0.0
    patron: PartySpec
    third_parties: list[PartySpec] = Field(default_factory=list)
    assumptions: dict[str, str] = Field(default_factory=dict)

    def parties(self) -> list[PartySpec]:
        """The patron first, then the other third parties, in file order."""
        return [self.patron, *self.third_parties]


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with its data looked up: the numbers the model runs on.

    Attributes
    ----------
    spec
        The file's contents.
    year
        Year of the capability data used.
    game
        The :class:`~socius.deterrence.extended.DeterrenceGame`.
    capabilities
        One row per actor: ``actor, role, members, cinc, miles, capability, source, ccodes``
        (``cinc`` and ``capability`` of a bloc are sums over its members).
    assumptions
        One row per judgment input: ``input, value, rationale`` (all illustrative).
    notes
        Remarks on how the data were used (bloc members counted, overrides).
    selection
        Which dated file was used and why (empty for a file given by path without a date).
    """

    spec: ScenarioSpec
    year: int
    game: DeterrenceGame
    capabilities: pl.DataFrame
    assumptions: pl.DataFrame
    notes: tuple[str, ...]
    selection: str = ""

    @property
    def dated(self) -> int | None:
        """Year whose judgements the scenario file encodes (None if the file has no date)."""
        return self.spec.dated


ASSUMPTION_NOTE = (
    "Stakes, war costs, the status quo and the intervention probabilities are illustrative "
    "assumptions set in the scenario file, not data; capabilities and distances come from "
    "COW NMC v7.0 and capital locations."
)


def _scenario_dir() -> Path:
    return Path(str(resources.files("socius"))) / "scenarios" / "deterrence"


_DATED = re.compile(r"^(?P<name>.+)-(?P<dated>\d{4})$")


def shipped_versions() -> dict[str, dict[int, Path]]:
    """Shipped scenario files by name and the year whose judgements they encode.

    Files are named ``<name>-<year>.toml`` (``taiwan-strait-2007.toml``).
    """
    folder = _scenario_dir()
    out: dict[str, dict[int, Path]] = {}
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        m = _DATED.match(path.stem)
        if m:
            out.setdefault(m["name"], {})[int(m["dated"])] = path
    return out


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with socius (``taiwan-strait``, ``korean-peninsula``)."""
    return sorted(shipped_versions())


def select_dated(name: str, year: int | None) -> tuple[Path, str]:
    """The shipped file of scenario *name* dated closest to, and not after, *year*.

    Without *year* the latest file is used. Returns the path and a sentence saying which
    file was chosen and why.

    A shipped scenario's judgements (stakes, costs, probabilities) are dated by the year
    whose knowledge they use; a file dated after *year* is never chosen, since it would
    use what was not yet known.

    Parameters
    ----------
    name
        A shipped scenario, lower case as :func:`shipped_scenarios` lists it
        (``"taiwan-strait"``, ``"korean-peninsula"``).
    year
        The year of the analysis; ``None`` picks the latest file.

    Returns
    -------
    tuple of (pathlib.Path, str)
        The file, and the sentence that :attr:`ResolvedScenario.selection` carries.

    Raises
    ------
    CoverageError
        Every file of the scenario is dated after *year* (its judgements would use what
        was not yet known).
    UnknownNameError
        (a ``KeyError``) *name* is not a shipped scenario; the message lists them.

    Examples
    --------
    >>> path, why = select_dated("taiwan-strait", 2015)
    >>> path.name
    'taiwan-strait-2007.toml'
    >>> why
    'Judgements dated 2007 (taiwan-strait-2007.toml): the shipped file dated closest to, and not after, 2015.'
    """
    shipped = shipped_versions()
    if name not in shipped:
        raise UnknownNameError(
            f"unknown scenario '{name}'{suggest(name, sorted(shipped))}; "
            f"choose one of: {', '.join(sorted(shipped))}"
        )
    versions = shipped[name]
    dates = sorted(versions)
    if year is None:
        pick = dates[-1]
        return versions[pick], (
            f"Judgements dated {pick} ({versions[pick].name}): the latest shipped file."
        )
    before = [d for d in dates if d <= year]
    if not before:
        listed = ", ".join(map(str, dates))
        raise CoverageError(
            f"scenario '{name}' has no judgements dated on or before {year} (files dated "
            f"{listed}); choose a year from {dates[0]} or write a scenario file for {year}"
        )
    pick = before[-1]
    return versions[pick], (
        f"Judgements dated {pick} ({versions[pick].name}): the shipped file dated closest "
        f"to, and not after, {year}."
    )


def scenario_path(name_or_path: str | Path, year: int | None = None) -> Path:
    """Path of a scenario file, or of the shipped scenario of that name dated for *year*."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise UnknownNameError(f"scenario file '{path}' does not exist; check the path")
        return path
    versions = shipped_versions()
    key = str(name_or_path).strip().lower()
    if key in versions:
        return select_dated(key, year)[0]
    files = {p.stem: p for v in versions.values() for p in v.values()}
    if key in files:
        return files[key]
    shipped = sorted(versions)
    raise UnknownNameError(
        f"unknown scenario '{name_or_path}'{suggest(key, [*shipped, *files])}; give a .toml "
        f"file or one of: {', '.join(shipped)}"
    )


def _pydantic_problems(exc: pydantic.ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(
            str(p) for p in err["loc"] if not str(p).startswith(("float", "Distribution"))
        )
        out.append(f"{where or 'file'}: {err['msg']}")
    return list(dict.fromkeys(out))


def read_scenario(name_or_path: str | Path, *, year: int | None = None) -> ScenarioSpec:
    """Read and validate a scenario file (no data look-ups yet).

    A shipped name picks the file dated closest to, and not after, *year* (the latest
    without *year*; see :func:`select_dated`).

    Use :func:`load_scenario` to also look up the capabilities; ``read_scenario`` only
    checks the file (its format is in ``docs/deterrence.md``).

    Parameters
    ----------
    name_or_path
        A shipped scenario name (``"taiwan-strait"``), a shipped file's stem
        (``"taiwan-strait-2007"``), or the path of a ``.toml`` file.
    year
        For a shipped name, the year of the analysis that picks the dated file; ignored
        for a path.

    Returns
    -------
    ScenarioSpec
        The file's contents: ``name``, ``title``, ``year`` (capability data year),
        ``dated``, ``focus``, ``challenger``, ``protege``, ``stakes``, ``war_cost``,
        ``status_quo``, ``patron``, ``third_parties`` and ``assumptions``.

    Raises
    ------
    ValidationError
        Malformed TOML, unknown or missing fields, probabilities outside [0, 1],
        conditions that name an unknown party (``UnknownNameError``), cycles.
    UnknownNameError
        An unknown scenario name, a missing file, or a condition naming no party.
    CoverageError
        Every shipped file of the scenario is dated after *year*.

    Examples
    --------
    >>> spec = read_scenario("taiwan-strait", year=2007)
    >>> spec.dated, spec.focus, spec.patron.label, [p.label for p in spec.third_parties]
    (2007, 'NATO', 'USA', ['JPN', 'AUS', 'NATO'])
    """
    path = scenario_path(name_or_path, year)
    try:
        raw = loads_toml(read_text(path, what="scenario file"), where=str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"scenario file '{path}' is not valid TOML: {exc}") from None
    try:
        spec = ScenarioSpec.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise ValidationError(
            f"scenario file '{path}' has {exc.error_count()} problem(s): "
            + "; ".join(_pydantic_problems(exc))
        ) from None
    _check_spec(spec, str(path))
    return spec


def _check_spec(spec: ScenarioSpec, where: str) -> None:
    problems: list[str] = []
    unknown: list[str] = []
    labels = [p.label for p in spec.parties()]
    for k, p in enumerate(spec.parties()):
        what = "patron" if k == 0 else f"third party '{p.label}'"
        if (p.state is None) == (p.bloc is None) and p.capability is None:
            problems.append(f"{what} needs exactly one of state = ... or bloc = ...")
        for field, unit in (("probability", True), ("cost", False)):
            try:
                problems += distribution_problems(
                    _distribution(getattr(p, field)),
                    f"{field} of {what}",
                    unit=unit,
                    nonneg=not unit,
                )
            except ValidationError as exc:
                problems.append(f"{field} of {what}: {exc}")
        cond = p.condition.strip().lower()
        if k == 0 and cond != "always":
            problems.append(f"the patron's condition is '{p.condition}'; it must be 'always'")
        elif cond not in ("always", "patron") and cond not in [x.lower() for x in labels]:
            unknown.append(
                f"condition '{p.condition}' of {what} names no party"
                f"{suggest(p.condition, ['always', 'patron', *labels])}; use 'always', 'patron' "
                f"or one of: {', '.join(labels)}"
            )
    for field in ("stakes", "war_cost", "status_quo"):
        try:
            problems += distribution_problems(
                _distribution(getattr(spec, field)),
                field,
                unit=False,
                nonneg=field != "status_quo",
            )
        except ValidationError as exc:
            problems.append(f"{field}: {exc}")
    if spec.focus is not None and spec.focus.strip().lower() not in [x.lower() for x in labels]:
        unknown.append(
            f"focus '{spec.focus}' names no party{suggest(spec.focus, labels)}; use one of: "
            f"{', '.join(labels)}"
        )
    lowered = [x.lower() for x in labels]
    dupes = sorted({x for x in lowered if lowered.count(x) > 1})
    if dupes:
        problems.append(f"party names must be unique; repeated: {', '.join(dupes)}")
    if unknown and not problems:
        raise UnknownNameError(f"scenario '{where}': " + "; ".join(unknown))
    if problems or unknown:
        raise ValidationError(f"scenario '{where}': " + "; ".join(problems + unknown))


@functools.lru_cache(maxsize=1)
def _nmc() -> pl.DataFrame:
    return load("nmc", columns=["ccode", "year", "cinc"]).filter(pl.col("cinc").is_not_null())


def _check_year(year: int) -> None:
    meta = info("nmc")
    lo, hi = int(meta.start or 0), int(meta.end or 0)
    if not lo <= year <= hi:
        raise CoverageError(
            f"year {year} has no capability data: COW NMC v{meta.version} covers {lo}-{hi}; "
            f"choose a year within {lo}-{hi} (for example --year {hi})"
        )


def _bloc_members(bloc: str, year: int) -> list[int]:
    table = load("alliance_membership")
    orgs = sorted(set(table["org"].to_list()))
    key = bloc.strip().upper()
    if key not in orgs:
        raise UnknownNameError(
            f"unknown bloc '{bloc}'{suggest(key, orgs)}; choose one of: {', '.join(orgs)}"
        )
    day = date(year, 7, 1)
    rows = table.filter(
        (pl.col("org") == key)
        & (pl.col("joined") <= day)
        & (pl.col("left").is_null() | (pl.col("left") >= day))
    )
    return sorted(int(c) for c in rows["ccode"].to_list())


def _resolve_state(
    value: str | int, year: int, what: str, unknown: list[str], absent: list[str]
) -> int | None:
    """COW code of *value* in *year*; an unknown name goes to *unknown*, a known state that
    did not exist that year to *absent*."""
    try:
        return to_ccode(value, year=year)
    except UnknownNameError as exc:
        try:
            code = to_ccode(value)
        except UnknownNameError:
            unknown.append(f"{what}: {exc}")
            return None
        absent.append(f"{what} {value} (COW {code}) is not a state in {year}")
        return None


def _clashes(
    spec: ScenarioSpec, chal: int | None, prot: int | None, party_codes: list[list[int]]
) -> list[str]:
    """A state may play one role only."""
    out = []
    if chal is not None and chal == prot:
        out.append("the challenger and the protégé are the same state")
    seen: dict[int, str] = {}
    for k, p in enumerate(spec.parties()):
        if p.state is None or not party_codes[k]:
            continue
        code = party_codes[k][0]
        what = "patron" if k == 0 else f"third party '{p.label}'"
        if code in (chal, prot):
            role = "challenger" if code == chal else "protégé"
            out.append(f"{what} ({p.state}) is also the {role}; give each state one role")
        elif code in seen:
            out.append(f"{what} ({p.state}) is also {seen[code]}; give each state one role")
        seen[code] = what
    return out


def resolve(
    spec: ScenarioSpec, *, year: int | None = None, selection: str = ""
) -> ResolvedScenario:
    """Look up the capabilities of a scenario's actors and build its game.

    Parameters
    ----------
    spec
        From :func:`read_scenario`.
    year
        Overrides the file's year.

    Raises
    ------
    CoverageError
        The year lies outside COW NMC, or an actor did not exist or has no CINC score or
        capital that year.
    UnknownNameError
        An unknown state or bloc.
    """
    yr = int(spec.year if year is None else year)
    _check_year(yr)
    notes: list[str] = []
    if spec.dated is not None and spec.dated > yr:
        notes.append(
            f"The judgements in this file are dated {spec.dated}, after {yr}: they use what "
            f"was known in {spec.dated}, not in {yr}."
        )
    problems: list[str] = []
    absent: list[str] = []
    chal = _resolve_state(spec.challenger, yr, "challenger", problems, absent)
    prot = _resolve_state(spec.protege, yr, "protege", problems, absent)
    party_codes: list[list[int]] = []
    named: set[int] = {c for c in (chal, prot) if c is not None}
    for k, p in enumerate(spec.parties()):
        what = "patron" if k == 0 else f"third party '{p.label}'"
        if p.state is not None:
            code = _resolve_state(p.state, yr, what, problems, absent)
            party_codes.append([] if code is None else [code])
            if code is not None:
                named.add(code)
        elif p.bloc is not None:
            try:
                party_codes.append(_bloc_members(p.bloc, yr))
            except UnknownNameError as exc:
                problems.append(f"{what}: {exc}")
                party_codes.append([])
        else:
            party_codes.append([])
    if problems:
        raise UnknownNameError("; ".join(problems))
    clashes = _clashes(spec, chal, prot, party_codes)
    if clashes:
        raise ValidationError("; ".join(clashes))
    if absent:
        raise CoverageError("; ".join(absent) + "; choose a year in which every actor exists")
    assert chal is not None and prot is not None
    cinc = dict(_nmc().filter(pl.col("year") == yr).select("ccode", "cinc").iter_rows())
    for k, p in enumerate(spec.parties()):
        if p.bloc is not None:
            members = [c for c in party_codes[k] if c not in named]
            dropped = [c for c in party_codes[k] if c in named]
            if dropped:
                names = ", ".join(from_ccode(c) for c in dropped)
                notes.append(f"{p.label}: {names} counted as a separate party, not in the bloc sum")
            lacking = [c for c in members if c not in cinc]
            if lacking:
                notes.append(
                    f"{p.label}: no CINC in {yr} for {', '.join(map(str, lacking))}; left out"
                )
            members = [c for c in members if c in cinc]
            if not members and p.capability is None:
                problems.append(
                    f"bloc '{p.bloc}' has no members with capability data on 1 July {yr}"
                )
            party_codes[k] = members
    everyone = sorted({chal, prot, *(c for codes in party_codes for c in codes)})
    lacking = [c for c in everyone if c not in cinc and c in (chal, prot, *named)]
    for c in lacking:
        problems.append(f"{from_ccode(c)} ({c}) has no CINC score in {yr} in COW NMC v7.0")
    caps = capital_years().filter(pl.col("year") == yr)
    if prot not in set(caps["ccode"].to_list()):
        problems.append(f"the protégé {from_ccode(prot)} has no capital in the data for {yr}")
    if problems:
        raise CoverageError("; ".join(problems) + "; choose another year")
    codes = np.array(everyone, dtype=np.int64)
    miles = miles_matrix(codes, yr)
    at = {int(c): n for n, c in enumerate(codes)}
    theatre = at[prot]

    def capability_at(c: int) -> tuple[float, float]:
        d = float(miles[at[c], theatre])
        if math.isnan(d):
            raise CoverageError(
                f"{from_ccode(c)} has no capital in the data for {yr}; choose another year"
            )
        return float(adjusted_capability(cinc[c], d, year=yr)), d

    rows: list[dict[str, Any]] = []

    def add_row(actor: str, role: str, members: list[int], override: float | None) -> float:
        parts = [capability_at(c) for c in members]
        m = float(sum(x for x, _ in parts)) if override is None else float(override)
        rows.append(
            {
                "actor": actor,
                "role": role,
                "members": len(members),
                "cinc": float(sum(cinc[c] for c in members)) if members else None,
                "miles": parts[0][1] if len(parts) == 1 else None,
                "capability": m,
                "source": "COW NMC v7.0, capitals"
                if override is None
                else "scenario file (assumption)",
                "ccodes": ", ".join(str(c) for c in members),
            }
        )
        if override is not None:
            notes.append(
                f"{actor}: capability {override:g} set in the scenario file (an assumption)"
            )
        return m

    m_c = add_row(from_ccode(chal), "challenger", [chal], None)
    m_t = add_row(from_ccode(prot), "protege", [prot], None)
    labels = [p.label for p in spec.parties()]
    parties = []
    for k, p in enumerate(spec.parties()):
        role = "patron" if k == 0 else ("bloc" if p.bloc is not None else "third party")
        m = add_row(p.label, role, party_codes[k], p.capability)
        cond = p.condition.strip().lower()
        parent = (
            -1
            if cond == "always"
            else 0
            if cond == "patron"
            else [x.lower() for x in labels].index(cond)
        )
        parties.append(
            Party(
                name=p.label,
                capability=m,
                probability=_distribution(p.probability),
                condition=parent,
                cost=_distribution(p.cost),
                side=p.side,
            )
        )
    game = DeterrenceGame(
        challenger=from_ccode(chal),
        protege=from_ccode(prot),
        challenger_capability=m_c,
        protege_capability=m_t,
        stakes=_distribution(spec.stakes),
        war_cost=_distribution(spec.war_cost),
        status_quo=_distribution(spec.status_quo),
        parties=tuple(parties),
    )
    return ResolvedScenario(
        spec=spec,
        year=yr,
        game=game,
        capabilities=pl.DataFrame(rows),
        assumptions=_assumption_table(spec),
        notes=tuple(notes),
        selection=selection,
    )


def _describe(value: Value) -> str:
    return _distribution(value).describe()


def _assumption_table(spec: ScenarioSpec) -> pl.DataFrame:
    rows = [
        {
            "input": field,
            "value": _describe(getattr(spec, field)),
            "rationale": spec.assumptions.get(field, ""),
        }
        for field in ("stakes", "war_cost", "status_quo")
    ]
    for p in spec.parties():
        cond = "" if p.condition == "always" else f" (only if {p.condition} joins)"
        rows.append(
            {
                "input": f"{p.label.lower()}.probability",
                "value": _describe(p.probability) + cond,
                "rationale": p.rationale,
            }
        )
        rows.append(
            {
                "input": f"{p.label.lower()}.cost",
                "value": _describe(p.cost),
                "rationale": p.cost_rationale,
            }
        )
    return pl.DataFrame(rows).with_columns(pl.lit("illustrative assumption").alias("kind"))


def load_scenario(name_or_path: str | Path, *, year: int | None = None) -> ResolvedScenario:
    """Read, validate and resolve a scenario (a shipped name or a TOML path).

    A shipped name uses the file whose judgements are dated closest to, and not after,
    *year* (the latest file without *year*); :attr:`ResolvedScenario.selection` says which.
    *year* also sets the capability data (default: the file's ``year``).

    Capabilities at the theatre are the War Trap loss-of-strength gradient (Bueno de
    Mesquita 1981) applied to COW NMC v7.0 CINC over the miles from each capital to the
    protégé's; a bloc's capability is the sum over its members on 1 July of the year,
    leaving out members named as separate parties.

    Parameters
    ----------
    name_or_path
        A shipped scenario name (``"taiwan-strait"``, ``"korean-peninsula"``), a shipped
        file's stem, or the path of a ``.toml`` scenario file.
    year
        Year of the capability data (COW NMC v7.0, 1816-2022) and, for a shipped name,
        of the analysis that picks the dated file; default the file's ``year``.

    Returns
    -------
    ResolvedScenario
        ``spec``, ``year``, ``game`` (the :class:`DeterrenceGame` to pass to
        :func:`simulate`, :func:`sweep` or :func:`assess`), ``capabilities`` (one row per
        actor), ``assumptions`` (the judgment inputs, all illustrative), ``notes`` and
        ``selection``.

    Raises
    ------
    ValidationError, UnknownNameError
        As :func:`read_scenario`; also an unknown state or bloc, or a state named twice.
    CoverageError
        *year* lies outside COW NMC, an actor did not exist or lacks a CINC score or
        capital that year, or every shipped file is dated after *year*.

    Examples
    --------
    >>> s = load_scenario("taiwan-strait", year=2007)
    >>> s.year, s.game.challenger, [p.name for p in s.game.parties]
    (2007, 'CHN', ['USA', 'JPN', 'AUS', 'NATO'])
    >>> from socius.deterrence import simulate
    >>> res = simulate(load_scenario("korean-peninsula").game, draws=2000)
    >>> 0.0 <= res.p_deterrence <= 1.0
    True
    """
    spec = read_scenario(name_or_path, year=year)
    selection = ""
    key = str(name_or_path).strip().lower()
    if not Path(name_or_path).suffix and key in shipped_versions():
        selection = select_dated(key, year)[1]
    elif spec.dated is not None:
        selection = f"Judgements dated {spec.dated} ({scenario_path(name_or_path).name})."
    return resolve(spec, year=year, selection=selection)


_SWEEP = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*=\s*([-+0-9.eE]+):([-+0-9.eE]+):([-+0-9.eE]+)\s*$")


def parse_sweep(text: str) -> tuple[str, np.ndarray[Any, np.dtype[np.float64]]]:
    """Parse ``"nato.probability=0:1:0.05"`` into the parameter and its values (end included).

    The ``--param`` syntax of ``socius deter sweep``; pass the result to :func:`sweep`.

    Parameters
    ----------
    text
        ``NAME=START:STOP:STEP``: *NAME* as :func:`with_parameter` takes it, then numbers
        with ``START <= STOP`` and ``STEP > 0``.

    Returns
    -------
    tuple of (str, numpy.ndarray)
        The parameter name and ``START, START + STEP, ...`` up to and including *STOP*
        when a whole number of steps reaches it, rounded to 12 decimals.

    Raises
    ------
    ValidationError
        *text* does not have that form, ``STOP < START``, ``STEP <= 0``, or it gives more
        than 1,001 values. The parameter name is checked later, by :func:`with_parameter`.

    Examples
    --------
    >>> name, values = parse_sweep("nato.probability=0:1:0.25")
    >>> name, values.tolist()
    ('nato.probability', [0.0, 0.25, 0.5, 0.75, 1.0])
    """
    m = _SWEEP.match(text)
    if not m:
        raise ValidationError(
            f"--param '{text}' is not a sweep; write it as NAME=START:STOP:STEP, "
            "for example nato.probability=0:1:0.05"
        )
    try:
        start, stop, step = (float(m.group(i)) for i in (2, 3, 4))
    except ValueError:
        raise ValidationError(f"--param '{text}' has a bad number; write e.g. 0:1:0.05") from None
    if step <= 0 or stop < start:
        raise ValidationError(f"--param '{text}' needs START <= STOP and a positive STEP")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > 1001:
        raise ValidationError(f"--param '{text}' gives {count} values; use at most 1001")
    values = np.round(start + step * np.arange(count), 12)
    return m.group(1), values

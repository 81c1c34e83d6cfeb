"""Scenario files: validated TOML or CSV files of actors and their inputs.

A scenario names the issue, the meaning of the ends of its scale, the actors with
capability ``c``, position ``x`` and salience ``s`` in [0, 1], and, for Monte Carlo
runs, how uncertain each input is. Capabilities are either numbers or ``"cinc"``:
the actor's Composite Index of National Capability (COW NMC v7.0) in the scenario's
``year``, or for an alliance actor (``members = "NATO"``) the sum over the members on
31 December of that year (``socius.alliances.members``).

TOML layout::

    title = "Six-party talks"
    issue = "Degree of denuclearisation of North Korea"
    year = 2005
    assumptions = "Positions and saliences are illustrative assumptions: ..."
    source = "where the inputs come from"
    capability_year = "scenario"          # or "report": use the report's year

    [scale]
    low = 0
    high = 100
    low_label = "no constraint on North Korea's programme"
    high_label = "complete, verifiable, irreversible dismantlement"

    [meta]
    status = "illustrative assumption"    # or "published data"

    [uncertainty]                         # optional defaults for Monte Carlo
    position_spread = 10                  # +- on the scale
    salience_spread = 0.1                 # +- share
    capability_sd = 0.1                   # relative (log-normal) error

    [[actors]]
    name = "China"
    code = "CHN"                          # optional COW/ISO code
    capability = "cinc"                   # or a positive number
    position = 60
    salience = 0.7
    rationale = "why these values"
    position_range = [50, 70]             # optional, overrides [uncertainty]
    salience_range = [0.6, 0.8]
    capability_range = [0.15, 0.19]       # or capability_sd = 0.1

    [[outcomes]]                          # optional bands for Monte Carlo summaries
    name = "complete denuclearisation"
    low = 95                              # low <= forecast <= high; either end optional

CSV files have the columns ``actor, capability, position, salience`` and optionally
``code``; their title is the file name and their inputs are labelled illustrative.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import math
import tomllib
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from socius.bargaining.scenario import (
    ILLUSTRATIVE,
    MAX_ABS_POSITION,
    ActorSpec,
    Outcome,
    Scenario,
    join_problems,
    validate_inputs,
)
from socius.errors import SociusError, UnknownNameError, ValidationError, suggest

__all__ = ["list_scenarios", "load_scenario"]

_SUFFIXES = (".toml", ".csv")


# --------------------------------------------------------------------------- file schema


class _Scale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    low: float | None = None
    high: float | None = None
    low_label: str = ""
    high_label: str = ""
    unit: str = ""


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    status: str = ILLUSTRATIVE
    note: str = ""


class _Uncertainty(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    position_spread: float = Field(default=0.0, ge=0.0)
    salience_spread: float = Field(default=0.0, ge=0.0)
    capability_sd: float = Field(default=0.0, ge=0.0)


class _ActorFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    code: str | None = None
    capability: float | str
    members: str | list[str] | None = None
    exclude_members: list[str] = Field(default_factory=list)
    position: float
    salience: float
    rationale: str = ""
    position_range: tuple[float, float] | None = None
    salience_range: tuple[float, float] | None = None
    capability_range: tuple[float, float] | None = None
    capability_sd: float | None = Field(default=None, ge=0.0)


class _OutcomeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    low: float | None = None
    high: float | None = None


class _ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=1)
    issue: str = ""
    year: int | None = None
    capability_year: Literal["scenario", "report"] = "scenario"
    assumptions: str = ""
    source: str = ""
    scale: _Scale = Field(default_factory=_Scale)
    meta: _Meta = Field(default_factory=_Meta)
    uncertainty: _Uncertainty = Field(default_factory=_Uncertainty)
    actors: list[_ActorFile]
    outcomes: list[_OutcomeFile] = Field(default_factory=list)


# --------------------------------------------------------------------------- loading


def _shipped_dir() -> Any:
    return importlib.resources.files("socius").joinpath("scenarios", "bargaining")


def _shipped() -> dict[str, Any]:
    folder = _shipped_dir()
    found: dict[str, Any] = {}
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(_SUFFIXES) and not name.startswith("."):
            found[name.rsplit(".", 1)[0]] = entry
    return dict(sorted(found.items()))


def list_scenarios() -> pl.DataFrame:
    """Shipped example scenarios: name, title, actors, year and status of the inputs."""
    rows = []
    for name in _shipped():
        sc = load_scenario(name)
        rows.append(
            {
                "name": name,
                "title": sc.title,
                "actors": len(sc.actors),
                "year": sc.year,
                "status": sc.status,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "name": pl.String,
            "title": pl.String,
            "actors": pl.Int64,
            "year": pl.Int64,
            "status": pl.String,
        },
    )


def load_scenario(source: str | Path, *, report_year: int | None = None) -> Scenario:
    """Read and validate a scenario file, or a shipped scenario by name.

    Parameters
    ----------
    source
        Path to a ``.toml`` or ``.csv`` file, or the name of a shipped scenario (see
        :func:`list_scenarios`), e.g. ``"eu-emissions"``.
    report_year
        Year of the calling report; used for ``"cinc"`` capabilities only when the
        scenario sets ``capability_year = "report"``.

    Returns
    -------
    Scenario

    Raises
    ------
    ValidationError
        One message naming the file and every problem found (actor, field and fix).
    UnknownNameError
        Neither a file nor a shipped scenario; or an unknown country code.

    Examples
    --------
    >>> sc = load_scenario("eu-emissions")
    >>> sc.names[:3]
    ('Netherlands', 'Belgium', 'Luxembourg')
    """
    shipped = _shipped()
    path = Path(source)
    if isinstance(source, str) and source in shipped:
        entry = shipped[source]
        text = entry.read_text(encoding="utf-8")
        return _parse(
            text,
            name=source,
            label=entry.name,
            suffix="." + entry.name.rsplit(".", 1)[1],
            path=str(entry),
            report_year=report_year,
        )
    if path.suffix.lower() in _SUFFIXES and path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                f"{path.name}: cannot be read ({exc}); give a UTF-8 text file"
            ) from exc
        return _parse(
            text,
            name=path.stem,
            label=path.name,
            suffix=path.suffix.lower(),
            path=str(path),
            report_year=report_year,
        )
    if path.suffix and path.suffix.lower() not in _SUFFIXES:
        raise ValidationError(
            f"scenario file '{source}' has extension '{path.suffix}'; use .toml or .csv"
        )
    if path.suffix:
        raise ValidationError(f"scenario file '{source}' does not exist; check the path")
    raise UnknownNameError(
        f"unknown scenario '{source}'{suggest(str(source), shipped)}; give a .toml or .csv file or one of: "
        f"{', '.join(shipped)} (socius bargain list)"
    )


def _parse(
    text: str, *, name: str, label: str, suffix: str, path: str, report_year: int | None
) -> Scenario:
    if suffix == ".csv":
        raw = _csv_to_dict(text, name=name, label=label)
    else:
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError(f"{label}: is not valid TOML ({exc}); fix the syntax") from exc
    try:
        spec = _ScenarioFile.model_validate(raw)
    except PydanticValidationError as exc:
        raise ValidationError(
            join_problems(label, [_pydantic_problem(err, raw) for err in exc.errors()])
        ) from None
    return _resolve(spec, name=name, label=label, path=path, report_year=report_year)


def _csv_to_dict(text: str, *, name: str, label: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    required = ["actor", "capability", "position", "salience"]
    missing = [f for f in required if f not in fields]
    if missing:
        raise ValidationError(
            f"{label}: missing column(s) {', '.join(missing)}; a CSV scenario needs the columns "
            f"actor,capability,position,salience (and optionally code)"
        )
    extra = [f for f in fields if f not in (*required, "code")]
    if extra:
        raise ValidationError(
            f"{label}: unknown column(s) {', '.join(extra)}; allowed: actor, capability, position, salience, code"
        )
    actors: list[dict[str, Any]] = []
    problems: list[str] = []
    for i, row in enumerate(reader):
        rec = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        actor: dict[str, Any] = {"name": rec["actor"]}
        if rec.get("code"):
            actor["code"] = rec["code"]
        for key in ("capability", "position", "salience"):
            value = rec[key]
            if key == "capability" and value.lower() == "cinc":
                actor[key] = "cinc"
                continue
            try:
                actor[key] = float(value)
            except ValueError:
                problems.append(
                    f"actors[{i}] '{rec['actor']}' {key} '{value}' is not a number; give a number"
                )
        actors.append(actor)
    if problems:
        raise ValidationError(join_problems(label, problems))
    return {"title": name, "meta": {"status": ILLUSTRATIVE}, "actors": actors}


def _pydantic_problem(err: Any, raw: dict[str, Any]) -> str:
    loc = list(err.get("loc", ()))
    where = ""
    if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
        idx = loc[1]
        actors = raw.get("actors") or []
        who = (
            actors[idx].get("name", "?")
            if idx < len(actors) and isinstance(actors[idx], dict)
            else "?"
        )
        rest = ".".join(str(x) for x in loc[2:])
        where = f"actors[{idx}] '{who}'" + (f" {rest}" if rest else "")
    else:
        where = ".".join(str(x) for x in loc) or "file"
    kind = err.get("type", "")
    if kind == "missing":
        return f"{where} is missing; add it"
    if kind == "extra_forbidden":
        return f"{where} is not a known key; remove it or check its spelling"
    msg = str(err.get("msg", "invalid value"))
    return f"{where}: {msg[:1].lower()}{msg[1:]} (got {err.get('input')!r}); fix the value"


def _resolve(
    spec: _ScenarioFile, *, name: str, label: str, path: str, report_year: int | None
) -> Scenario:
    problems: list[str] = []
    year = spec.year
    if spec.capability_year == "report" and report_year is not None:
        year = report_year
    lo, hi = spec.scale.low, spec.scale.high
    if lo is not None and hi is not None and not lo < hi:
        problems.append(f"scale low {lo:g} is not below high {hi:g}; give low < high")
    defaults = spec.uncertainty
    actors: list[ActorSpec] = []
    failed: set[int] = set()  # capabilities whose problem _capability already reported
    for i, a in enumerate(spec.actors):
        tag = f"actors[{i}] '{a.name}'"
        before = len(problems)
        cap, source = _capability(a, year, tag, problems)
        if len(problems) > before and not math.isfinite(cap):
            failed.add(i)
        for what, pair in (
            ("position_range", a.position_range),
            ("capability_range", a.capability_range),
            ("salience_range", a.salience_range),
        ):
            if pair is not None and not all(
                math.isfinite(v) and abs(v) <= MAX_ABS_POSITION for v in pair
            ):
                problems.append(
                    f"{tag} {what} [{pair[0]:g}, {pair[1]:g}] has a value that is not a finite "
                    f"number within +-{MAX_ABS_POSITION:g}; fix the range"
                )
        if lo is not None and hi is not None and lo < hi and not lo <= a.position <= hi:
            problems.append(
                f"{tag} position {a.position:g} is outside the scale [{lo:g}, {hi:g}]; give a point on the scale"
            )
        pos_range = _range(
            a.position_range,
            a.position,
            defaults.position_spread,
            (lo, hi),
            f"{tag} position_range",
            problems,
        )
        sal_range = _range(
            a.salience_range,
            a.salience,
            defaults.salience_spread,
            (0.0, 1.0),
            f"{tag} salience_range",
            problems,
        )
        cap_range = None
        if a.capability_range is not None:
            clo, chi = a.capability_range
            if not 0 < clo <= chi:
                problems.append(
                    f"{tag} capability_range [{clo:g}, {chi:g}] must satisfy 0 < low <= high; fix the range"
                )
            else:
                cap_range = (clo, chi)
        cap_sd = a.capability_sd if a.capability_sd is not None else defaults.capability_sd
        actors.append(
            ActorSpec(
                name=a.name.strip(),
                code=a.code,
                capability=cap,
                capability_source=source,
                position=a.position,
                salience=a.salience,
                rationale=a.rationale.strip(),
                position_range=pos_range,
                salience_range=sal_range,
                capability_range=cap_range,
                capability_sd=cap_sd,
            )
        )
    try:
        validate_inputs(
            [a.name for a in actors],
            [1.0 if i in failed else a.capability for i, a in enumerate(actors)],
            [a.position for a in actors],
            [a.salience for a in actors],
            where=label,
        )
    except ValidationError as exc:
        problems.extend(_split(str(exc), label))
    outcomes = []
    for k, o in enumerate(spec.outcomes):
        ends = [v for v in (o.low, o.high) if v is not None]
        if not all(math.isfinite(v) for v in ends) or (
            o.low is not None and o.high is not None and o.low > o.high
        ):
            problems.append(
                f"outcomes[{k}] '{o.name}' needs finite ends with low <= high; fix the band"
            )
        outcomes.append(Outcome(o.name.strip(), o.low, o.high))
    if problems:
        raise ValidationError(join_problems(label, problems))
    return Scenario(
        name=name,
        title=spec.title.strip(),
        issue=spec.issue.strip(),
        year=year,
        scale_low=lo,
        scale_high=hi,
        low_label=spec.scale.low_label,
        high_label=spec.scale.high_label,
        unit=spec.scale.unit,
        assumptions=spec.assumptions.strip(),
        source=spec.source.strip(),
        status=spec.meta.status,
        capability_year=spec.capability_year,
        path=path,
        actors=tuple(actors),
        outcomes=tuple(outcomes),
    )


def _split(message: str, label: str) -> list[str]:
    body = message[len(label) + 2 :] if message.startswith(label + ": ") else message
    head, sep, rest = body.partition(" problems: ")
    if sep and head.isdigit():
        parts = rest.split("; (")
        return [p.split(") ", 1)[1] if ") " in p else p for p in parts]
    return [body]


def _range(
    given: tuple[float, float] | None,
    value: float,
    spread: float,
    bounds: tuple[float | None, float | None],
    tag: str,
    problems: list[str],
) -> tuple[float, float] | None:
    blo, bhi = bounds
    if given is not None:
        rlo, rhi = given
        bad = not rlo <= value <= rhi
        out_lo = blo is not None and rlo < blo
        out_hi = bhi is not None and rhi > bhi
        if bad or out_lo or out_hi:
            limits = f" within [{blo:g}, {bhi:g}]" if blo is not None and bhi is not None else ""
            problems.append(
                f"{tag} [{rlo:g}, {rhi:g}] must contain the value {value:g} and lie{limits}; fix the range"
            )
            return None
        return (rlo, rhi) if rlo < rhi else None
    if spread <= 0:
        return None
    rlo, rhi = value - spread, value + spread
    if blo is not None:
        rlo = max(rlo, blo)
    if bhi is not None:
        rhi = min(rhi, bhi)
    return (rlo, rhi) if rlo < rhi else None


def _capability(
    a: _ActorFile, year: int | None, tag: str, problems: list[str]
) -> tuple[float, str]:
    if not isinstance(a.capability, str):
        if a.members is not None:
            problems.append(
                f'{tag} members is only used with capability = "cinc"; remove it or set capability = "cinc"'
            )
        return float(a.capability), "given"
    if a.capability.strip().lower() != "cinc":
        problems.append(
            f'{tag} capability \'{a.capability}\' is not a number or "cinc"; give a positive number or "cinc"'
        )
        return math.nan, "given"
    if year is None:
        problems.append(
            f'{tag} capability "cinc" needs the scenario\'s year; add year = YYYY at the top of the file'
        )
        return math.nan, "given"
    try:
        return _cinc(a, year)
    except SociusError as exc:
        problems.append(f'{tag} capability "cinc": {exc}')
        return math.nan, "given"


def _cinc(a: _ActorFile, year: int) -> tuple[float, str]:
    """CINC of one state, or the sum over an alliance's members, in *year*."""
    from socius.codes import to_ccode
    from socius.data import load

    nmc = load("nmc", columns=["ccode", "year", "cinc"], years=(year, year))
    values = dict(zip(nmc["ccode"].to_list(), nmc["cinc"].to_list(), strict=True))
    if a.members is None:
        ccode = to_ccode(a.code or a.name, year=year)
        value = values.get(ccode)
        if value is None:
            raise ValidationError(
                f"COW NMC v7.0 has no CINC for ccode {ccode} in {year}; give a number instead"
            )
        return float(value), f"CINC {year} (COW NMC v7.0)"
    if isinstance(a.members, str):
        from socius.alliances import members

        codes = members(a.members, year)
        what = f"{a.members} members on 31 December {year}"
    else:
        codes = [to_ccode(m, year=year) for m in a.members]
        what = f"{len(codes)} listed states"
    excluded = {to_ccode(m, year=year) for m in a.exclude_members}
    codes = [cc for cc in codes if cc not in excluded]
    missing = [cc for cc in codes if values.get(cc) is None]
    if missing:
        raise ValidationError(
            f"COW NMC v7.0 has no CINC in {year} for member ccode(s) {', '.join(map(str, missing))}; "
            "give a number or list the members explicitly"
        )
    if not codes:
        raise ValidationError(
            f"no members left for {a.name} in {year}; check members and exclude_members"
        )
    total = float(sum(values[cc] for cc in codes))
    note = f" excluding {', '.join(a.exclude_members)}" if a.exclude_members else ""
    return total, f"{a.name}: sum of CINC {year} over {len(codes)} {what}{note} (COW NMC v7.0)"

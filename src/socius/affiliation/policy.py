"""Affiliation policies: TOML files validated with pydantic.

A policy names criteria (values, security significance, relationships, alignment),
each a set of indicators (a bundled dataset column or a derived indicator) with a
threshold, a direction, a band within which the threshold is varied in the Monte
Carlo, and what to do when the evidence is missing. Tiers (active partner, associate)
are rules over the criteria. See ``default_policy.toml`` for the shipped policy and
``docs/affiliation.md`` for the format.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from socius._io import loads_toml, read_text
from socius.errors import ValidationError

__all__ = [
    "Criterion",
    "Indicator",
    "Policy",
    "TierRule",
    "TrojanHorse",
    "default_policy",
    "default_policy_path",
    "default_policy_text",
    "load_policy",
]

TIERS = ("active_partner", "associate")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Uncertainty(_Model):
    """How an indicator varies in the Monte Carlo.

    ``published``: use the interval the source publishes (only where the indicator
    catalog knows one, e.g. UN ideal-point quantiles); ``none``: the value is held fixed;
    ``sd``: a normal error with this standard deviation, which the policy must label
    as an assumption in ``note``.
    """

    kind: Literal["published", "none", "sd"] = "published"
    sd: float | None = Field(default=None, gt=0)
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> Uncertainty:
        if self.kind == "sd" and (self.sd is None or not self.note.strip()):
            raise ValueError(
                "an 'sd' uncertainty needs sd > 0 and a note labelling it as an assumption"
            )
        return self


class Indicator(_Model):
    """One piece of evidence with its pass rule."""

    column: str = Field(
        description="'dataset.column' of a bundled state-year dataset, or 'derived.<name>'"
    )
    id: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="output column name (default: the column name)",
    )
    label: str = ""
    passes_if: Literal[">=", "<="] = ">="
    threshold: float
    band: float = Field(
        default=0.0,
        ge=0,
        description="threshold varies uniformly within +/- band in the Monte Carlo",
    )
    fallback_years: int = Field(
        default=0, ge=0, le=10, description="use the latest value up to this many years earlier"
    )
    on_missing: Literal["skip", "fail", "pass"] = "skip"
    uncertainty: Uncertainty = Uncertainty()


class Criterion(_Model):
    """A named test that combines indicators."""

    label: str
    combine: Literal["all", "any", "at_least"] = "all"
    at_least: int | None = Field(default=None, ge=1)
    min_evidence: int = Field(
        default=1, ge=1, description="fewer usable indicators than this means insufficient evidence"
    )
    on_insufficient: Literal["fail", "pass"] = "fail"
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Criterion:
        n = len(self.indicators)
        if self.combine == "at_least":
            if self.at_least is None:
                raise ValueError("combine = 'at_least' needs at_least = N")
            if self.at_least > n:
                raise ValueError(
                    f"at_least = {self.at_least} exceeds the {n} indicators of the criterion"
                )
        if self.min_evidence > n:
            raise ValueError(
                f"min_evidence = {self.min_evidence} exceeds the {n} indicators of the criterion"
            )
        return self


class TierRule(_Model):
    """A tier is assigned when all of ``all_of``, at least one of ``any_of`` (if given) and
    none of ``none_of`` pass."""

    label: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> TierRule:
        if not (self.all_of or self.any_of):
            raise ValueError("a tier needs at least one criterion in all_of or any_of")
        both = (set(self.all_of) | set(self.any_of)) & set(self.none_of)
        if both:
            raise ValueError(f"contradictory rule: {sorted(both)} both required and excluded")
        return self


class TrojanHorse(_Model):
    """Flags states whose values and foreign-policy alignment point in opposite directions."""

    alignment: str = Field(
        description="a derived or dataset indicator of divergence from the members (higher = more divergent)"
    )
    values_criterion: str = "values"
    divergent_above: float = Field(gt=0)
    aligned_below: float = Field(gt=0)

    @model_validator(mode="after")
    def _check(self) -> TrojanHorse:
        if self.aligned_below > self.divergent_above:
            raise ValueError("aligned_below must not exceed divergent_above")
        return self


class MonteCarlo(_Model):
    draws: int = Field(default=1000, ge=1, le=100_000)
    seed: int = 0


class Policy(_Model):
    """A complete affiliation policy."""

    name: str
    version: str
    description: str = ""
    alliance: str = "NATO"
    monte_carlo: MonteCarlo = MonteCarlo()
    criteria: dict[str, Criterion]
    tiers: dict[str, TierRule]
    trojan_horse: TrojanHorse | None = None
    source: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _check(self) -> Policy:
        problems = []
        unknown_tiers = [t for t in self.tiers if t not in TIERS]
        if unknown_tiers:
            problems.append(f"unknown tier '{unknown_tiers[0]}' (tiers are: {', '.join(TIERS)})")
        missing_tiers = [t for t in TIERS if t not in self.tiers]
        if missing_tiers:
            problems.append(f"tier '{missing_tiers[0]}' is not defined")
        for tname, rule in self.tiers.items():
            for ref in (*rule.all_of, *rule.any_of, *rule.none_of):
                if ref not in self.criteria:
                    problems.append(
                        f"tier '{tname}' refers to unknown criterion '{ref}' (criteria are: {', '.join(self.criteria)})"
                    )
        if (
            self.trojan_horse is not None
            and self.trojan_horse.values_criterion not in self.criteria
        ):
            problems.append(
                f"trojan_horse.values_criterion '{self.trojan_horse.values_criterion}' is not a criterion"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def indicator_ids(self) -> list[str]:
        """Output names of the indicators, in file order."""
        return [ind.id or ind.column.split(".", 1)[-1] for _, _, ind in self.indicator_items()]

    def indicator_items(self) -> list[tuple[str, int, Indicator]]:
        """Every (criterion, index, indicator) in file order."""
        return [
            (c, i, ind)
            for c, crit in self.criteria.items()
            for i, ind in enumerate(crit.indicators)
        ]

    def with_threshold(self, criterion: str, index: int, threshold: float) -> Policy:
        """A copy with one indicator's threshold changed."""
        crit = self.criteria[criterion]
        inds = list(crit.indicators)
        inds[index] = inds[index].model_copy(update={"threshold": threshold})
        crits = dict(self.criteria)
        crits[criterion] = crit.model_copy(update={"indicators": tuple(inds)})
        return self.model_copy(update={"criteria": crits})

    def to_toml(self) -> str:
        """The policy as TOML text (the original file when loaded from one)."""
        return self.source


def default_policy_path() -> Path:
    """Path of the shipped default policy."""
    return Path(str(resources.files("socius.affiliation").joinpath("default_policy.toml")))


def default_policy_text() -> str:
    return default_policy_path().read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The shipped default policy (validated, including its columns)."""
    return load_policy(default_policy_path())


def _locate(text: str, loc: tuple[Any, ...]) -> str:
    """Best-effort line number of the key at *loc* in the TOML *text*."""
    keys = [str(k) for k in loc if isinstance(k, str)]
    for key in reversed(keys):
        pattern = re.compile(
            rf"^\s*{re.escape(key)}\s*=|^\s*\[+[^\]]*\b{re.escape(key)}\]+", re.MULTILINE
        )
        hit = pattern.search(text)
        if hit:
            return f"line {text.count(chr(10), 0, hit.start()) + 1}"
    return ""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file, including that every column exists and thresholds are on scale.

    Raises
    ------
    ValidationError
        One message listing every problem, each with the file, the key (and line where it
        can be found), the bad value and the fix.
    """
    file = Path(path)
    if not file.is_file():
        raise ValidationError(
            f"policy file '{file}' does not exist; copy the default with `socius affiliation policy > my.toml`"
        )
    text = read_text(file, what="policy file")
    try:
        raw = loads_toml(text, where=file.name)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{file.name}: not valid TOML ({exc}); fix the syntax") from exc
    try:
        policy = Policy.model_validate({**raw, "source": text})
    except PydanticValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ", ".join(p for p in (_path(loc), _locate(text, loc)) if p)
            msg = err["msg"].removeprefix("Value error, ")
            value = err.get("input")
            shown = "" if isinstance(value, dict) or value is None else f" (got {value!r})"
            problems.append(f"{where}: {msg}{shown}")
        raise ValidationError(f"{file.name}: " + "; ".join(problems)) from None
    from socius.affiliation.indicators import check_policy_columns

    check_policy_columns(policy, file_name=file.name, text=text)
    return policy

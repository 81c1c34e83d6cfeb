"""Affiliation policies: TOML files validated with pydantic.

A policy names criteria (values, security significance, relationships, alignment),
each a set of indicators (a bundled dataset column or a derived indicator) with a
threshold, a direction, a band within which the threshold is varied in the Monte
Carlo, and what to do when the evidence is missing. Tiers are ordered rules over the
criteria (the default policy has the article's two: active partner, associate; a
policy may define its own). Exclusion rules cap the tier, force a treatment (such as
"contain") or forbid roadmap steps when their indicators say so, each with a reason.
``[evidence]`` bounds how old a value may be. See ``default_policy.toml`` for the
shipped policy, ``aligned_policy.toml`` for a three-tier example and
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
    "Condition",
    "Criterion",
    "EvidencePolicy",
    "Exclusion",
    "Indicator",
    "Policy",
    "TierRule",
    "TrojanHorse",
    "aligned_policy_path",
    "default_policy",
    "default_policy_path",
    "default_policy_text",
    "load_policy",
]

#: The tiers of the default policy (the article's two); a policy may define its own.
TIERS = ("active_partner", "associate")
#: Roadmap steps an exclusion rule may forbid.
STEP_KINDS = ("formal_programme", "dialogue_channel", "deepen_framework")
_RESERVED_TIERS = ("member", "none")


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
    none of ``none_of`` pass.

    Tiers are tested in order, highest first: the order of the file unless ``outranks``
    says otherwise (``outranks = ["associate"]``: this tier is tested before, and ranks
    above, the associate tier). ``first_step`` is the roadmap's opening step for a state of
    this tier with no partnership framework yet.
    """

    label: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    outranks: tuple[str, ...] = ()
    first_step: Literal["formal_programme", "dialogue_channel"] = "dialogue_channel"
    measures: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> TierRule:
        if not (self.all_of or self.any_of):
            raise ValueError("a tier needs a rule: name at least one criterion in all_of or any_of")
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


class Condition(_Model):
    """One test of an exclusion rule: the rule applies when ``column`` ``applies_if`` ``threshold``."""

    column: str = Field(description="'dataset.column' or 'derived.<name>'")
    applies_if: Literal[">=", "<="] = ">="
    threshold: float
    fallback_years: int = Field(
        default=0, ge=0, le=10, description="use the latest value up to this many years earlier"
    )


class Exclusion(_Model):
    """A rule that caps a tier, forces a treatment or forbids roadmap steps, with its reason.

    It applies to a non-member when its conditions hold (``combine = "all"`` or ``"any"``);
    a condition with no evidence does not hold (the output says so). ``cap`` is the highest
    tier the state may have (``"none"``: no tier); a rule can only lower a tier, never raise it.
    """

    label: str
    when: tuple[Condition, ...] = Field(min_length=1)
    combine: Literal["all", "any"] = "all"
    cap: str | None = None
    treatment: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_ -]*$")
    forbid: tuple[Literal["formal_programme", "dialogue_channel", "deepen_framework"], ...] = ()
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Exclusion:
        if self.cap is None and self.treatment is None and not self.forbid:
            raise ValueError("an exclusion rule needs an effect: set cap, treatment or forbid")
        return self


class EvidencePolicy(_Model):
    """How old evidence may be.

    ``max_age``: no value older than this many years is used, whatever an indicator's
    ``fallback_years`` says (the stale-age limit). ``stale_after``: values older than this
    are listed as stale in the output, so that a tier resting on old evidence is visible.
    """

    max_age: int = Field(default=4, ge=0, le=10)
    stale_after: int = Field(default=1, ge=0, le=10)


class MonteCarlo(_Model):
    draws: int = Field(default=1000, ge=1, le=100_000)
    seed: int = Field(default=0, ge=0)


class Policy(_Model):
    """A complete affiliation policy."""

    name: str
    version: str
    description: str = ""
    alliance: str = "NATO"
    monte_carlo: MonteCarlo = MonteCarlo()
    evidence: EvidencePolicy = EvidencePolicy()
    criteria: dict[str, Criterion]
    tiers: dict[str, TierRule] = Field(min_length=1)
    exclusions: dict[str, Exclusion] = {}
    trojan_horse: TrojanHorse | None = None
    source: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _check(self) -> Policy:
        problems = []
        for tname in self.tiers:
            if tname in _RESERVED_TIERS or not re.fullmatch(r"[a-z][a-z0-9_]*", tname):
                problems.append(
                    f"tier name '{tname}' is not allowed; use lower-case letters, digits and _ "
                    "(member and none are reserved)"
                )
        for tname, rule in self.tiers.items():
            for other in rule.outranks:
                if other not in self.tiers:
                    problems.append(
                        f"tiers.{tname}.outranks names unknown tier '{other}' (tiers are: {', '.join(self.tiers)})"
                    )
        if not problems:
            cycle = _find_cycle({t: r.outranks for t, r in self.tiers.items()})
            if cycle:
                problems.append(
                    f"tiers.{cycle[0]}.outranks: the tier order has a cycle ("
                    + " -> ".join(cycle)
                    + "); remove one of these outranks entries"
                )
        for ename, excl in self.exclusions.items():
            if excl.cap is not None and excl.cap not in (*self.tiers, "none"):
                problems.append(
                    f"exclusions.{ename}.cap '{excl.cap}' is not a tier; use one of: {', '.join((*self.tiers, 'none'))}"
                )
        if self.evidence.stale_after > self.evidence.max_age:
            problems.append(
                f"evidence.stale_after {self.evidence.stale_after} exceeds evidence.max_age "
                f"{self.evidence.max_age}; set stale_after at most max_age"
            )
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

    def tier_order(self) -> list[str]:
        """The tiers, highest first: file order, adjusted so that each tier comes before the
        tiers it ``outranks``."""
        names = list(self.tiers)
        placed: list[str] = []
        remaining = list(names)
        while remaining:
            for t in remaining:
                # t may be placed once no remaining tier outranks it
                if not any(t in self.tiers[o].outranks for o in remaining if o != t):
                    placed.append(t)
                    remaining.remove(t)
                    break
            else:  # pragma: no cover - cycles are rejected by validation
                placed += remaining
                break
        return placed

    def tier_codes(self) -> tuple[str, ...]:
        """Every tier value a classification can take, highest first: member, the policy's
        tiers, none."""
        return ("member", *self.tier_order(), "none")

    def tier_label(self, tier: str) -> str:
        """The tier in words ("active partner (security-making)", "no affiliation")."""
        if tier == "member":
            return "member"
        if tier == "none":
            return "no affiliation"
        return self.tiers[tier].label

    def effective_fallback(self, ind: Indicator) -> int:
        """Years of fallback an indicator really gets: its own, capped by ``evidence.max_age``."""
        return min(ind.fallback_years, self.evidence.max_age)

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


def _find_cycle(edges: dict[str, tuple[str, ...]]) -> list[str]:
    """A cycle in the ``outranks`` graph as a list of names (first repeated at the end), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in edges:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def default_policy_path() -> Path:
    """Path of the shipped default policy."""
    return Path(str(resources.files("socius.affiliation").joinpath("default_policy.toml")))


def aligned_policy_path() -> Path:
    """Path of the shipped example policy with a third tier for aligned partners that fail the
    values test (see ``docs/affiliation.md``)."""
    return Path(str(resources.files("socius.affiliation").joinpath("aligned_policy.toml")))


def default_policy_text() -> str:
    """The shipped default policy file's TOML text, a starting point for a policy of your own."""
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
            rf"^[ \t]*{re.escape(key)}[ \t]*=|^[ \t]*\[+[^\]\n]*\b{re.escape(key)}\]+", re.MULTILINE
        )
        hit = pattern.search(text)
        if hit:
            return f"line {text.count(chr(10), 0, hit.start()) + 1}"
    return ""


def locate_key(text: str, dotted: str) -> str:
    """Line of a dotted key such as ``tiers.associate.outranks`` in the TOML *text*
    ("line 12"), looking for the key inside its ``[table]``; "" when it cannot be found."""
    parts = dotted.split(".")
    key = parts[-1]
    lines = text.splitlines()
    start: int | None = None
    for depth in range(len(parts) - 1, 0, -1):
        header = re.compile(rf"^[ \t]*\[+[ \t]*{re.escape('.'.join(parts[:depth]))}[ \t]*\]+")
        hits = [n for n, line in enumerate(lines) if header.match(line)]
        if hits:
            start = hits[0]
            break
    assign = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=")
    for n in range(start or 0, len(lines)):
        if start is not None and n > start and lines[n].lstrip().startswith("["):
            break
        if assign.match(lines[n]):
            return f"line {n + 1}"
    return "" if start is None else f"line {start + 1}"


_FIXES = {
    "greater_than_equal": "use a value of at least {ge}",
    "greater_than": "use a value above {gt}",
    "less_than_equal": "use a value of at most {le}",
    "missing": "add this key",
    "extra_forbidden": "remove this key or correct its spelling (see `socius affiliation policy`)",
    "literal_error": "use one of: {expected}",
    "too_short": "give at least {min_length}",
}


def _fix(err: Any) -> str:
    template = _FIXES.get(str(err.get("type", "")))
    if template is None:
        return ""
    try:
        return "; " + template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return ""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file, including that every column exists and thresholds are on scale.

    Parameters
    ----------
    path
        A UTF-8 TOML policy file (``socius affiliation policy > my.toml`` writes the default
        to start from; ``docs/affiliation.md`` describes the format).

    Returns
    -------
    Policy
        The validated, frozen policy; its ``source`` keeps the file's text.

    Raises
    ------
    ValidationError
        The file does not exist, is not UTF-8, or is not valid TOML; or the policy is
        invalid: unknown or missing keys, values out of range, tier rules that name unknown
        criteria, columns that are not bundled or derived indicators, thresholds off the
        indicator's scale. One message lists every problem, each with the file, the key (and
        line where it can be found), the bad value and the fix.

    Examples
    --------
    >>> load_policy(aligned_policy_path()).tier_order()
    ['active_partner', 'aligned_partner', 'associate']
    >>> load_policy("no_such_policy.toml")
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: policy file 'no_such_policy.toml' does not exist; copy the default with `socius affiliation policy > my.toml`
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
            msg = err["msg"].removeprefix("Value error, ")
            line = _locate(text, loc)
            if not loc:
                named = re.search(r"\b((?:tiers|exclusions|evidence)\.[a-z0-9_.]+)", msg)
                line = locate_key(text, named.group(1).rstrip(".")) if named else ""
            where = ", ".join(p for p in (_path(loc) or "policy", line) if p)
            value = err.get("input")
            shown = "" if isinstance(value, dict) or value is None else f" (got {value!r})"
            problems.append(f"{where}: {msg}{shown}{_fix(err)}")
        raise ValidationError(f"{file.name}: " + "; ".join(problems)) from None
    from socius.affiliation.indicators import check_policy_columns

    check_policy_columns(policy, file_name=file.name, text=text)
    return policy

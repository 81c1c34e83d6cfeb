"""The risk-weights file: component weights, level values and the Monte Carlo settings."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from socius.errors import ValidationError, suggest
from socius.limits import LIMITS

__all__ = [
    "COMPONENTS",
    "LEVELS",
    "RiskWeights",
    "default_weights",
    "default_weights_text",
    "load_weights",
]

COMPONENTS = (
    "npt",
    "sanctions",
    "latency",
    "missiles",
    "export_controls",
    "safeguards",
    "psi",
    "network",
)
LEVELS: dict[str, tuple[str, ...]] = {
    "npt": ("party", "outside", "withdrawn"),
    "network": ("customer", "host"),
}
_MC_KEYS = ("draws", "spread", "seed", "top")
_TOP_KEYS = ("name", "version", "weights", "levels", "monte_carlo")


@dataclass(frozen=True)
class RiskWeights:
    """Weights of the risk components, the values of their levels and the Monte Carlo settings.

    Attributes
    ----------
    weights : dict
        Component -> weight [>= 0; 0 leaves it out]. Only the ratios matter.
    levels : dict
        ``npt`` (party, outside, withdrawn) and ``network`` (customer, host) -> value [0-1].
    draws, spread, seed, top
        Monte Carlo: number of weight draws, relative half-width of the uniform draw of
        each weight [0-1), seed, and the N of the reported "in the top N" share.
    name : str
        Where the weights come from.
    """

    weights: dict[str, float]
    levels: dict[str, dict[str, float]]
    draws: int = 1000
    spread: float = 0.5
    seed: int = 0
    top: int = 5
    name: str = "weights"
    source: str = field(default="", repr=False)

    def with_weights(self, weights: Mapping[str, float]) -> RiskWeights:
        """A copy with some component weights replaced (validated)."""
        merged = {**self.weights, **dict(weights)}
        problems = _check_weights(merged, "weights")
        if problems:
            raise ValidationError("; ".join(problems))
        return replace(self, weights={k: float(v) for k, v in merged.items()})

    def to_toml(self) -> str:
        """The weights as TOML text (the file's own text when read from one)."""
        return self.source


def default_weights_text() -> str:
    """Text of the shipped default weights file."""
    path = resources.files("socius.networks").joinpath("risk_weights.toml")
    return path.read_text(encoding="utf-8")


def default_weights() -> RiskWeights:
    """The shipped default weights (``socius/networks/risk_weights.toml``)."""
    return _parse(default_weights_text(), "risk_weights.toml")


def load_weights(path: str | Path) -> RiskWeights:
    """Read and validate a risk-weights TOML file.

    Raises
    ------
    ValidationError
        One line listing every problem (unknown or negative weights, unknown levels, values
        off [0, 1], bad Monte Carlo settings), each naming the key and the fix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "w.toml"
    >>> _ = bad.write_text("[weights]\\nnpt = -1\\njuntas = 2\\n")
    >>> load_weights(bad)
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: w.toml: weights.npt = -1 is negative; give a weight >= 0 (0 leaves the component out); weights.juntas is not a component; use npt, sanctions, latency, missiles, export_controls, safeguards, psi, network
    """
    file = Path(path)
    if not file.is_file():
        raise ValidationError(
            f"weights file '{file}' does not exist; write the default with "
            "`socius networks risk --show-weights > my.toml` and edit it"
        )
    return _parse(file.read_text(encoding="utf-8"), file.name)


def _parse(text: str, name: str) -> RiskWeights:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{name}: not valid TOML ({exc}); fix the syntax") from exc
    defaults = _defaults()
    problems: list[str] = []
    for key in raw:
        if key not in _TOP_KEYS:
            problems.append(
                f"'{key}' is not a setting{suggest(key, _TOP_KEYS)}; use {', '.join(_TOP_KEYS)}"
            )
    weights = _table(raw, "weights", problems)
    problems += _check_weights(weights, "weights", partial=True)
    levels = {k: dict(v) for k, v in defaults["levels"].items()}
    given_levels = _table(raw, "levels", problems)
    for comp, values in given_levels.items():
        if comp not in LEVELS:
            problems.append(
                f"levels.{comp} is not a component with levels; use {', '.join(LEVELS)}"
            )
            continue
        if not isinstance(values, dict):
            problems.append(f"levels.{comp} is not a table; write [levels.{comp}]")
            continue
        for level, value in values.items():
            where = f"levels.{comp}.{level}"
            if level not in LEVELS[comp]:
                problems.append(f"{where} is not a level; use {', '.join(LEVELS[comp])}")
            elif not _number(value) or not 0 <= float(value) <= 1:
                problems.append(f"{where} = {value!r} is not on [0, 1]; give a value from 0 to 1")
            else:
                levels[comp][level] = float(value)
    mc = _table(raw, "monte_carlo", problems)
    settings = dict(defaults["monte_carlo"])
    for key, value in mc.items():
        where = f"monte_carlo.{key}"
        if key not in _MC_KEYS:
            problems.append(
                f"{where} is not a setting{suggest(key, _MC_KEYS)}; use {', '.join(_MC_KEYS)}"
            )
        elif key == "spread":
            if not _number(value) or not 0 <= float(value) < 1:
                problems.append(f"{where} = {value!r} is off [0, 1); give e.g. 0.5")
            else:
                settings[key] = float(value)
        else:
            limit = LIMITS["draws" if key == "draws" else "seed" if key == "seed" else "k"]
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not limit.low <= value <= limit.high
            ):
                problems.append(
                    f"{where} = {value!r} is out of range; use a whole number from "
                    f"{limit.low:,} to {limit.high:,}"
                )
            else:
                settings[key] = value
    merged = {**defaults["weights"], **{k: v for k, v in weights.items() if k in COMPONENTS}}
    if not problems and not any(float(v) > 0 for v in merged.values()):
        problems.append("every weight is 0; give at least one component a weight > 0")
    if problems:
        raise ValidationError(f"{name}: " + "; ".join(problems))
    return RiskWeights(
        weights={k: float(v) for k, v in merged.items()},
        levels=levels,
        draws=int(settings["draws"]),
        spread=float(settings["spread"]),
        seed=int(settings["seed"]),
        top=int(settings["top"]),
        name=str(raw.get("name", name)),
        source=text,
    )


def _defaults() -> dict[str, Any]:
    return {
        "weights": dict.fromkeys(COMPONENTS, 1.0),
        "levels": {
            "npt": {"party": 0.0, "outside": 0.75, "withdrawn": 1.0},
            "network": {"customer": 1.0, "host": 0.5},
        },
        "monte_carlo": {"draws": 1000, "spread": 0.5, "seed": 0, "top": 5},
    }


def _table(raw: dict[str, Any], key: str, problems: list[str]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"'{key}' is not a table; write [{key}]")
        return {}
    return value


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_weights(weights: Mapping[str, Any], where: str, *, partial: bool = False) -> list[str]:
    problems = []
    for key, value in weights.items():
        if key not in COMPONENTS:
            problems.append(
                f"{where}.{key} is not a component{suggest(key, COMPONENTS)}; "
                f"use {', '.join(COMPONENTS)}"
            )
        elif not _number(value):
            problems.append(f"{where}.{key} = {value!r} is not a number; give a weight >= 0")
        elif float(value) < 0:
            problems.append(
                f"{where}.{key} = {value!r} is negative; give a weight >= 0 "
                "(0 leaves the component out)"
            )
    if not partial and not problems and not any(float(v) > 0 for v in weights.values()):
        problems.append("every weight is 0; give at least one component a weight > 0")
    return problems

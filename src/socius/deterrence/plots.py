"""Figures for extended deterrence: the sweep curve and each party's deterrent value.

Functions return a matplotlib ``Figure``; the report turns it into inline SVG and the
command line saves it to a file.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.deterrence.extended import DeterrenceResult

__all__ = ["plot_parties", "plot_sweep"]

_ASSUMPTION = "judgment inputs are illustrative assumptions"


def _axes(width: float = 7.0, height: float = 4.0) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(alpha=0.25, linewidth=0.6)
    return fig, ax


def plot_sweep(table: pl.DataFrame, *, title: str = "") -> Any:
    """P(deterrence holds) against the swept input, from :func:`~socius.deterrence.sweep`.

    The challenger's expected utility at the means is drawn on a second axis.
    """
    fig, ax = _axes()
    param = str(table["parameter"][0]) if table.height else "value"
    x = table["value"].to_list()
    ax.plot(
        x,
        table["p_deterrence"].to_list(),
        color="#1f4e79",
        marker="o",
        ms=3,
        label="P(deterrence holds)",
    )
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(param)
    ax.set_ylabel("P(deterrence holds)")
    twin = ax.twinx()
    twin.plot(
        x,
        table["eu_at_means"].to_list(),
        color="#d98c1f",
        ls="--",
        label="challenger EU - status quo (means)",
    )
    twin.axhline(0.0, color="#9a9a9a", lw=0.8)
    twin.set_ylabel("EU - status quo")
    twin.spines[["top"]].set_visible(False)
    lines = ax.get_lines()[:1] + twin.get_lines()[:1]
    ax.legend(lines, [ln.get_label() for ln in lines], loc="best", fontsize=8, frameon=False)
    ax.set_title(f"{title}\n({_ASSUMPTION})" if title else f"({_ASSUMPTION})", fontsize=10)
    return fig


def plot_parties(result: DeterrenceResult, *, title: str = "") -> Any:
    """Each party's signal: marginal deterrent value (left) and P(deterrence holds) with and
    without it (right)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = result.parties
    names = table["party"].to_list()
    pos = list(range(len(names)))
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(8.0, max(2.6, 0.55 * len(names) + 1.6)), dpi=100, sharey=True
    )
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(alpha=0.25, linewidth=0.6, axis="x")
    values = table["marginal_value"].to_list()
    left.barh(pos, values, color=["#2e8b57" if v >= 0 else "#b22222" for v in values])
    left.axvline(0.0, color="#9a9a9a", lw=0.8)
    left.set_yticks(pos, names)
    left.set_xlabel("marginal deterrent value\n(fall in challenger EU due to the signal)")
    right.barh(
        [p + 0.2 for p in pos],
        table["p_deterrence_with"].to_list(),
        height=0.4,
        color="#1f4e79",
        label="with its signal",
    )
    right.barh(
        [p - 0.2 for p in pos],
        table["p_deterrence_without"].to_list(),
        height=0.4,
        color="#9a9a9a",
        label="without (probability 0)",
    )
    right.set_xlim(0, 1)
    right.set_xlabel("P(deterrence holds)")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, fontsize=8, frameon=False)
    head = title or f"{result.game.challenger} vs {result.game.protege}"
    fig.suptitle(f"{head}\n({_ASSUMPTION})", fontsize=10)
    return fig

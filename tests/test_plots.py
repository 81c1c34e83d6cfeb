"""One-call figures for notebooks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import socius.plots as sp
from socius.errors import DataError


@pytest.fixture(autouse=True)
def _close() -> None:
    yield
    plt.close("all")


def test_each_figure_is_one_call() -> None:
    assert len(sp.cohesion(["NATO", "SCO"], years=(2001, 2010)).axes) == 6
    assert len(sp.bloc_spending(["NATO", "SCO"], years=(2001, 2010)).axes) == 2
    # key players are searched on the small nuclear network: on the 2005 alliance network an
    # exhaustive k=2 search took 29 s (tests/test_networks*.py cover the search itself)
    fig = sp.network("alliances", start=2005, end=2005, k=0)
    assert "ATOP" in fig.axes[0].get_title()
    fig = sp.network("nuclear", k=2)
    assert "Fuhrmann" in fig.axes[0].get_title()
    tiers = sp.tiers(2007)
    assert tiers.axes[0].get_xlabel().startswith("liberal democracy")


def test_arms_flows_need_a_sipri_import() -> None:
    with pytest.raises(DataError, match="sipri-arms"):
        sp.bloc_arms_flows(["NATO"], years=(2001, 2005))


def test_deterrence_figures_follow_the_house_style() -> None:
    """The deterrence figures carry a takeaway title, a source line, percent axes and the
    one-half threshold, like every other socius figure (socius.figstyle)."""
    import numpy as np

    from socius.deterrence import load_scenario, simulate, sweep
    from socius.deterrence.plots import plot_parties, plot_sweep
    from socius.figstyle import PALETTE

    game = load_scenario("taiwan-strait", year=2007).game
    table = sweep(game, "nato.probability", np.array([0.0, 0.5, 1.0]), draws=500, seed=0)
    fig = plot_sweep(table, title="Taiwan Strait: long title")
    title = fig._suptitle.get_text()
    # P(deterrence holds) stays below one half for every NATO probability (2007 judgements)
    assert (
        title
        == "Taiwan Strait: no value of nato.probability makes deterrence hold in half of the draws"
    )
    texts = [t.get_text() for t in fig.texts]
    assert any(t.startswith("Source: socius extended-deterrence model") for t in texts)
    ax = fig.axes[0]
    assert ax.get_lines()[0].get_color() == PALETTE["member"]
    assert ax.yaxis.get_major_formatter()(50.0, 0) == "50%"
    fig2 = plot_parties(simulate(game, draws=500, seed=0), title="Taiwan Strait: x")
    assert fig2._suptitle.get_text().startswith("Taiwan Strait: deterrence holds in ")
    assert len(fig2.axes) == 2


def test_member_counts_have_whole_ticks() -> None:
    """Rejected: "12.5" and "22.5" members on the cohesion figure's member-count axis."""
    fig = sp.cohesion(["NATO", "SCO"], years=(1995, 2007))
    members = next(ax for ax in fig.axes if ax.get_title() == "Members")
    assert all(float(t).is_integer() for t in members.get_yticks())

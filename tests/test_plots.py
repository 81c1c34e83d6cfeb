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
    fig = sp.network("alliances", start=2005, end=2005, k=2)
    assert "ATOP" in fig.axes[0].get_title()
    tiers = sp.tiers(2007)
    assert tiers.axes[0].get_xlabel().startswith("liberal democracy")


def test_arms_flows_need_a_sipri_import() -> None:
    with pytest.raises(DataError, match="sipri-arms"):
        sp.bloc_arms_flows(["NATO"], years=(2001, 2005))

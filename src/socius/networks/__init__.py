"""Proliferation and trafficking networks: reading, measures and key players.

Clandestine supply networks link states, firms, middlemen and organisations.
This subpackage reads such networks (CSV edge and node lists, GraphML, GEXF),
validates them, measures centrality, brokerage, communities, cut points and
change over time, and finds key players in the sense of Borgatti (2006): the
actors whose removal most fragments the network (KPP-Neg) or who reach most of
it (KPP-Pos).

Examples
--------
>>> import polars as pl
>>> from socius.networks import network_from_frames, key_players
>>> ties = pl.DataFrame({"source": list("1234"), "target": list("2345")})
>>> key_players(network_from_frames(ties, directed=False), 2).players
('2', '4')
"""

from __future__ import annotations

from socius.networks.io import (
    FORMATS,
    NODE_KINDS,
    Network,
    network_from_frames,
    read_network,
    snapshot,
)
from socius.networks.keyplayer import (
    KEYPLAYER_MEASURES,
    KeyPlayerResult,
    fragmentation,
    key_players,
    node_fragmentation,
    node_reach,
    reach,
)
from socius.networks.measures import (
    BROKERAGE_ROLES,
    bridges,
    brokerage,
    communities,
    network_change,
    network_summary,
    node_measures,
    period_measures,
)

__all__ = [
    "BROKERAGE_ROLES",
    "FORMATS",
    "KEYPLAYER_MEASURES",
    "NODE_KINDS",
    "KeyPlayerResult",
    "Network",
    "bridges",
    "brokerage",
    "communities",
    "fragmentation",
    "key_players",
    "network_change",
    "network_from_frames",
    "network_summary",
    "node_fragmentation",
    "node_measures",
    "node_reach",
    "period_measures",
    "reach",
    "read_network",
    "snapshot",
]

"""Security-environment indicators: military expenditure, arms transfers, capabilities
and nuclear forces, incidents, flashpoints and blocs, for any state, region or bloc
and any period.

Every function returns a tidy polars DataFrame that names its source: long frames
carry a ``source`` column (dataset and version), and every frame records its datasets
in its provenance (:func:`socius.provenance.get_provenance`). Military expenditure
uses SIPRI once imported (``socius data import sipri-milex FILE``) and COW NMC until
then; arms transfers need the imported SIPRI TIV data.

Examples
--------
>>> from socius import indicators as ind
>>> ind.milex("CHN", years=(2006, 2006), source="nmc")["source"][0]
'nmc 7.0'
"""

from __future__ import annotations

from socius.indicators.arms import (
    arms_exports,
    arms_imports,
    arms_rank,
    arms_transfers,
    customer_shares,
    supplier_share,
)
from socius.indicators.blocs import Bloc, bloc, bloc_aggregates, bloc_flows, bloc_members
from socius.indicators.capabilities import NUCLEAR_STATUS, cinc, cinc_trend, missile_tests, nuclear
from socius.indicators.expenditure import (
    MEASURES,
    NMC_BREAKS,
    compound_growth,
    milex,
    milex_breaks,
    milex_coverage,
    milex_growth,
    milex_rank,
    milex_source,
    milex_totals,
)
from socius.indicators.flashpoint import Dashboard, dashboard, flashpoint_parties, flashpoints
from socius.indicators.incidents import (
    INCIDENT_COLUMNS,
    SCRAMBLE_ORIGINS,
    incident_counts,
    read_incidents,
    scramble_change,
    scrambles,
)
from socius.indicators.summary import RANKINGS, profile, profile_summary, rank

__all__ = [
    "INCIDENT_COLUMNS",
    "MEASURES",
    "NMC_BREAKS",
    "NUCLEAR_STATUS",
    "RANKINGS",
    "SCRAMBLE_ORIGINS",
    "Bloc",
    "Dashboard",
    "arms_exports",
    "arms_imports",
    "arms_rank",
    "arms_transfers",
    "bloc",
    "bloc_aggregates",
    "bloc_flows",
    "bloc_members",
    "cinc",
    "cinc_trend",
    "compound_growth",
    "customer_shares",
    "dashboard",
    "flashpoint_parties",
    "flashpoints",
    "incident_counts",
    "milex",
    "milex_breaks",
    "milex_coverage",
    "milex_growth",
    "milex_rank",
    "milex_source",
    "milex_totals",
    "missile_tests",
    "nuclear",
    "profile",
    "profile_summary",
    "rank",
    "read_incidents",
    "scramble_change",
    "scrambles",
    "supplier_share",
]

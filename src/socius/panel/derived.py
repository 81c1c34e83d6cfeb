"""Merges computed by socius's models or from imported data: foreign-policy similarity and
War Trap expected utility (registered by their analysis packages and found by name, see
:mod:`socius.panel.registry`), and SIPRI military expenditure (after ``socius data import``)."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.data import list_datasets, load
from socius.errors import DataError
from socius.panel._base import (
    as_polars,
    keeps_provenance,
    merge_state,
    panel_shape,
    record,
    sided,
)
from socius.panel.registry import call_merge

__all__ = ["add_expected_utility", "add_similarity", "add_sipri_milex"]


def add_similarity(frame: Any, *, sources: tuple[str, ...] = ("atop", "unvotes")) -> pl.DataFrame:
    """Add foreign-policy similarity (the ``similarity`` merge registered by :mod:`socius.similarity`).

    ATOP alliance portfolios (1816-2018): ``s_atop``, ``s_atop_wt``, ``kappa_atop``, ``pi_atop``,
    ``taub_atop``; UN General Assembly votes (the sessions of 1946-2019): ``s_un``, ``kappa_un``, ``pi_un``.

    COW dyad-years only, directed or not (the measures are symmetric). The first call
    imports :mod:`socius.similarity`, which computes the measures from the bundled data
    over the panel's years (see :func:`socius.similarity.dyadic_similarity`).

    Parameters
    ----------
    frame
        COW dyad-year panel (``ccode1, ccode2, year``; polars or pandas).
    sources
        ``"atop"`` (ATOP v5.1 alliance portfolios valued 0-3, 1815-2018) and/or
        ``"unvotes"`` (UN General Assembly roll calls, yes 3, abstain 2, no 1; sessions
        1-74, whose last votes fall in January 2020). Default both.

    Returns
    -------
    polars.DataFrame
        ``s_atop``, ``s_atop_wt`` (S weighted by CINC), ``kappa_atop``, ``pi_atop``,
        ``taub_atop``; ``s_un``, ``kappa_un``, ``pi_un``; every measure in [-1, 1] (1 =
        identical portfolios or votes). Missing outside the source's years and where a
        measure is undefined, never 0.

    Raises
    ------
    ValidationError
        *frame* is not a COW dyad-year panel, or a source is not known.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> [round(x, 3) for x in add_similarity(d).select("s_atop", "taub_atop", "s_un").row(0)]
    [0.879, 0.619, 0.43]
    """
    return call_merge("similarity", frame, sources=sources)


def add_expected_utility(
    frame: Any, *, similarity: str = "tau_b", third_parties: str = "region"
) -> pl.DataFrame:
    """Add Bueno de Mesquita's War Trap expected utility (the ``expected_utility`` merge
    registered by :mod:`socius.deterrence`); see :func:`socius.deterrence.add_expected_utility`.

    COW directed dyad-years: ``eu_ij`` is the expected utility of ``ccode1`` for a war
    against ``ccode2``, as EUGene computes it (``docs/deterrence.md`` gives the formulas).
    The first call imports :mod:`socius.deterrence`.

    Parameters
    ----------
    frame
        COW dyad-year panel (``ccode1, ccode2, year``; polars or pandas). A non-directed
        panel gets the values for its own order of each pair.
    similarity
        Alliance-portfolio similarity ``U`` (ATOP v5.1): ``"tau_b"`` (default; Kendall's
        tau-b, the measure of The War Trap) or ``"s"`` (Signorino and Ritter's S).
    third_parties
        ``"region"`` (default): the states of the dyad's relevant region (both home
        regions plus the major powers, the whole system when either side is a major
        power). ``"all"``: every system member.

    Returns
    -------
    polars.DataFrame
        ``eu_ij``, ``eu_ji`` (the reverse direction), and their parts ``eu_ij_bilateral``,
        ``eu_ij_third``, ``eu_ji_bilateral``, ``eu_ji_third`` (utility units, about -2 to
        2 for the bilateral part). Null, never 0, where an input is missing: outside 1816-2018
        (COW NMC v7.0 starts in 1816, ATOP v5.1 ends in 2018), or where a CINC score, a
        capital or ``U`` is lacking.

    Raises
    ------
    ValidationError
        A column is missing, an ``eu_*`` column already exists, or *similarity* or
        *third_parties* is not known.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Bennett, D. Scott and Allan C. Stam. 2000. "EUGene: A Conceptual Manual."
    *International Interactions* 26(2): 179-204.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(years=(2007, 2007)).filter((pl.col("ccode1") == 710) & (pl.col("ccode2") == 713))
    >>> [round(x, 3) for x in add_expected_utility(d).select("eu_ij", "eu_ij_bilateral").row(0)]
    [1.535, 0.89]
    """
    return call_merge("expected_utility", frame, similarity=similarity, third_parties=third_parties)


SIPRI_COLUMNS = ("milex_constant", "milex_current", "milex_gdp")


@keeps_provenance
def add_sipri_milex(frame: Any, *, columns: tuple[str, ...] = SIPRI_COLUMNS) -> pl.DataFrame:
    """Add SIPRI military expenditure from the user's imported workbook.

    Columns: ``milex_constant`` (US$ m., constant prices), ``milex_current`` (US$ m.),
    ``milex_gdp`` (share of GDP). SIPRI data are not bundled: import your download first
    with ``socius data import sipri-milex FILE.xlsx``.

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes.
    Coverage is that of the imported workbook (SIPRI's series start in 1949); years and
    states it does not report stay missing, never 0.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    columns
        Any of ``milex_constant`` [US$ m., constant prices of the workbook's base year],
        ``milex_current`` [US$ m., current prices] and ``milex_gdp`` [share of GDP, 0-1];
        default all three.

    Returns
    -------
    polars.DataFrame
        *frame* with the chosen columns (``<column>1`` and ``<column>2`` on dyads), and the
        imported version in its provenance.

    Raises
    ------
    DataError
        The SIPRI workbook has not been imported (the message gives the download page and
        the import command).
    ValidationError
        *frame* is not a panel.

    Examples
    --------
    Needs ``socius data import sipri-milex FILE.xlsx`` first, so it is not run here:

    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_sipri_milex(state_years(years=(2007, 2007)))  # doctest: +SKIP
    >>> sy.filter(pl.col("ccode") == 740)["milex_constant"].is_null().item()  # doctest: +SKIP
    False
    """
    df = as_polars(frame)
    if "sipri_milex" not in list_datasets():
        raise DataError(
            "SIPRI military expenditure has not been imported; download the workbook from "
            "https://www.sipri.org/databases/milex and run `socius data import sipri-milex FILE.xlsx`"
        )
    table = load("sipri_milex", columns=["ccode", "year", *columns])
    out = merge_state(df, table, list(columns))
    return record(out, "sipri_milex", sided(list(columns), panel_shape(df)))

"""Arms transfers from the user's imported SIPRI TIV data.

Volumes are SIPRI trend-indicator values (TIV, millions; a measure of the volume of
deliveries of major conventional weapons at constant 1990 prices, not a financial
value). SIPRI's tables cannot be redistributed, so these indicators need the user's
download: ``socius data import sipri-arms FILE...``. Without it they raise
:class:`~socius.errors.DataError` saying so.

Within the coverage of the imported data a state-year with no recorded deliveries
has a true zero; outside it values are missing.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from socius.data import load
from socius.errors import DataError, ValidationError
from socius.indicators._common import (
    SIPRI_ARMS,
    States,
    Years,
    check_period,
    coverage,
    finish,
    has_dataset,
    resolve_state,
    resolve_states,
    source_label,
    with_abb,
)
from socius.panel import state_years

__all__ = [
    "arms_exports",
    "arms_imports",
    "arms_rank",
    "arms_transfers",
    "customer_shares",
    "supplier_share",
]

Direction = Literal["imports", "exports"]
_IMPORT_HINT = (
    "arms-transfer indicators need SIPRI's TIV data, which socius cannot redistribute; download the TIV "
    "tables from https://www.sipri.org/databases/armstransfers and import them with "
    "`socius data import sipri-arms FILE...`"
)


def _flows(years: Years) -> tuple[pl.DataFrame, tuple[int, int]]:
    if not has_dataset(SIPRI_ARMS):
        raise DataError(_IMPORT_HINT)
    span = check_period(years, coverage(SIPRI_ARMS), "the imported SIPRI arms-transfer data")
    return load(SIPRI_ARMS, years=span), span


def arms_transfers(
    *,
    suppliers: States = None,
    recipients: States = None,
    years: Years = None,
) -> pl.DataFrame:
    """Supplier-recipient-year transfers (TIV, millions), optionally filtered.

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    suppliers, recipients
        COW codes, ISO3/COW abbreviations or names (one or a list) of the supplying and the
        receiving states; None keeps every supplier (recipient), non-state ones included.
        Naming states keeps only flows whose supplier (recipient) has that COW code.
    years
        Inclusive ``(start, end)`` [years of delivery]; default the imported coverage.

    Returns
    -------
    polars.DataFrame
        One row per supplier, recipient and year with a recorded delivery, sorted by year,
        supplier and recipient: ``year``, ``supplier`` and ``recipient`` (SIPRI's names),
        ``ccode1`` and ``ccode2`` [COW code of the supplier and the recipient; null for a
        non-state party or a state outside its COW membership years], ``supplier_type`` and ``recipient_type`` (``state``,
        ``organisation``, ``nonstate``, ``territory``, ``unknown`` or ``unmatched``),
        ``tiv`` [SIPRI TIV, millions; 0 means under 0.5 million] and ``source``.

    Raises
    ------
    DataError
        When SIPRI's arms-transfer data has not been imported.
    ValidationError
        When the period runs backwards.
    CoverageError
        When the period lies outside the imported data's coverage.
    UnknownNameError
        When a state cannot be resolved.

    Examples
    --------
    US deliveries to Taiwan (needs the imported SIPRI data):

    >>> flows = arms_transfers(suppliers="USA", recipients="TAW", years=(2001, 2005))  # doctest: +SKIP
    >>> flows["tiv"].sum() > 0  # doctest: +SKIP
    True
    """
    flows, _ = _flows(years)
    sup, rec = resolve_states(suppliers), resolve_states(recipients)
    if sup is not None:
        flows = flows.filter(pl.col("ccode1").is_in(sup))
    if rec is not None:
        flows = flows.filter(pl.col("ccode2").is_in(rec))
    out = flows.with_columns(pl.lit(source_label(SIPRI_ARMS)).alias("source")).sort(
        "year", "supplier", "recipient"
    )
    return finish(out, [SIPRI_ARMS])


def _totals(direction: Direction, states: States, years: Years) -> pl.DataFrame:
    if direction not in ("imports", "exports"):
        raise ValidationError(f"direction '{direction}' is not known; choose imports or exports")
    flows, span = _flows(years)
    code = "ccode2" if direction == "imports" else "ccode1"
    sums = (
        flows.drop_nulls(code)
        .group_by(code, "year")
        .agg(pl.col("tiv").sum())
        .rename({code: "ccode"})
    )
    # every system member in every year, plus any coded state-year with transfers
    panel = pl.concat(
        [state_years(years=span).select("ccode", "year"), sums.select("ccode", "year")]
    ).unique()
    codes = resolve_states(states)
    if codes is not None:
        panel = panel.filter(pl.col("ccode").is_in(codes))
    out = panel.join(sums, on=["ccode", "year"], how="left").with_columns(
        pl.col("tiv").fill_null(0.0), pl.lit(source_label(SIPRI_ARMS)).alias("source")
    )
    return finish(with_abb(out.sort("ccode", "year")), [SIPRI_ARMS, "cow_states"])


def arms_imports(states: States = None, *, years: Years = None) -> pl.DataFrame:
    """Arms imports (TIV, millions) by state and year, from every supplier (states and others).

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [years of delivery]; default the imported coverage.

    Returns
    -------
    polars.DataFrame
        ``ccode, stateabb, year, tiv, source``, sorted by COW code and year: one row per
        COW state-year in the period (and any coded state-year with transfers), ``tiv``
        [SIPRI TIV, millions] being 0 where SIPRI records no deliveries.

    Raises
    ------
    DataError
        When SIPRI's arms-transfer data has not been imported.
    ValidationError
        When the period runs backwards.
    CoverageError
        When the period lies outside the imported data's coverage.
    UnknownNameError
        When a state cannot be resolved.

    Examples
    --------
    China's and India's imports (needs the imported SIPRI data):

    >>> imports = arms_imports(["CHN", "IND"], years=(2001, 2005))  # doctest: +SKIP
    >>> imports.height  # doctest: +SKIP
    10
    """
    return _totals("imports", states, years)


def arms_exports(states: States = None, *, years: Years = None) -> pl.DataFrame:
    """Arms exports (TIV, millions) by state and year, to every recipient. See :func:`arms_imports`.

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [years of delivery]; default the imported coverage.

    Returns
    -------
    polars.DataFrame
        ``ccode, stateabb, year, tiv, source``, sorted by COW code and year: one row per
        COW state-year in the period, ``tiv`` [SIPRI TIV, millions] summing deliveries to
        every recipient (non-state ones included), 0 where SIPRI records none.

    Raises
    ------
    DataError
        When SIPRI's arms-transfer data has not been imported.
    ValidationError
        When the period runs backwards.
    CoverageError
        When the period lies outside the imported data's coverage.
    UnknownNameError
        When a state cannot be resolved.

    Examples
    --------
    Russia's exports by year (needs the imported SIPRI data):

    >>> exports = arms_exports("RUS", years=(2001, 2005))  # doctest: +SKIP
    >>> exports["year"].to_list()  # doctest: +SKIP
    [2001, 2002, 2003, 2004, 2005]
    """
    return _totals("exports", states, years)


def arms_rank(
    direction: Direction = "imports", *, years: Years = None, top: int | None = None
) -> pl.DataFrame:
    """States ranked by arms imports or exports summed over a period.

    ``share_world`` is the state's share of all transfers in the period, those to and
    from non-state actors and organisations included, as in SIPRI's own shares.

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    direction
        ``"imports"`` (default) ranks recipients, ``"exports"`` suppliers.
    years
        Inclusive ``(start, end)`` [years of delivery]; default the imported coverage.
    top
        Keep only the first *top* rows; None keeps every state with transfers.

    Returns
    -------
    polars.DataFrame
        Largest first: ``rank`` (1 = largest; tied states share the better rank),
        ``ccode`` [COW code], ``stateabb``, ``tiv`` [SIPRI TIV, millions, summed over the
        period], ``share_world`` [0, 1] and ``source``. Only states (with a COW code) and
        with a positive total are ranked.

    Raises
    ------
    ValidationError
        When *direction* is unknown or the period runs backwards.
    DataError
        When SIPRI's arms-transfer data has not been imported.
    CoverageError
        When the period lies outside the imported data's coverage.

    Examples
    --------
    The largest importers of 2001-2005 (needs the imported SIPRI data):

    >>> arms_rank("imports", years=(2001, 2005), top=2)["stateabb"].to_list()  # doctest: +SKIP
    ['CHN', 'IND']
    """
    if direction not in ("imports", "exports"):
        raise ValidationError(f"direction '{direction}' is not known; choose imports or exports")
    flows, _ = _flows(years)
    code = "ccode2" if direction == "imports" else "ccode1"
    world = float(flows["tiv"].sum())
    per = flows.drop_nulls(code).group_by(code).agg(pl.col("tiv").sum()).rename({code: "ccode"})
    per = per.filter(pl.col("tiv") > 0).sort("tiv", "ccode", descending=[True, False])
    out = per.with_columns(
        pl.col("tiv").rank("min", descending=True).cast(pl.Int32).alias("rank"),
        (pl.col("tiv") / world if world > 0 else pl.lit(None, dtype=pl.Float64)).alias(
            "share_world"
        ),
        pl.lit(source_label(SIPRI_ARMS)).alias("source"),
    ).select("rank", "ccode", "tiv", "share_world", "source")
    out = with_abb(out)
    if top is not None:
        out = out.head(int(top))
    return finish(out, [SIPRI_ARMS, "cow_states"])


def customer_shares(supplier: str | int, *, years: Years = None) -> pl.DataFrame:
    """Where a supplier's arms went: each recipient's share of its exports over a period.

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    supplier
        The supplying state: COW code, ISO3/COW abbreviation or name.
    years
        Inclusive ``(start, end)`` [years of delivery]; default the imported coverage.

    Returns
    -------
    polars.DataFrame
        Largest customer first: ``rank`` (1 = largest; ties share the better rank),
        ``recipient`` (SIPRI's name), ``ccode2`` [COW code; null for a non-state
        recipient], ``recipient_type``, ``tiv`` [SIPRI TIV, millions, summed over the
        period], ``share_of_exports`` [0, 1] and ``source``; non-state recipients
        included. Empty when the supplier delivered nothing in the period.

    Raises
    ------
    DataError
        When SIPRI's arms-transfer data has not been imported.
    ValidationError
        When the period runs backwards.
    CoverageError
        When the period lies outside the imported data's coverage.
    UnknownNameError
        When *supplier* cannot be resolved.

    Examples
    --------
    Russia's largest customer in 2001-2005 (needs the imported SIPRI data):

    >>> customer_shares("RUS", years=(2001, 2005))["recipient"][0]  # doctest: +SKIP
    'China'
    """
    code = resolve_state(supplier)
    flows, _ = _flows(years)
    own = flows.filter(pl.col("ccode1") == code)
    total = float(own["tiv"].sum())
    per = own.group_by("recipient", "ccode2", "recipient_type").agg(pl.col("tiv").sum())
    out = (
        per.sort("tiv", "recipient", descending=[True, False])
        .with_columns(
            pl.col("tiv").rank("min", descending=True).cast(pl.Int32).alias("rank"),
            (pl.col("tiv") / total if total > 0 else pl.lit(None, dtype=pl.Float64)).alias(
                "share_of_exports"
            ),
            pl.lit(source_label(SIPRI_ARMS)).alias("source"),
        )
        .select(
            "rank", "recipient", "ccode2", "recipient_type", "tiv", "share_of_exports", "source"
        )
    )
    return finish(out, [SIPRI_ARMS])


def supplier_share(
    supplier: str | int, recipient: str | int, *, years: Years = None
) -> pl.DataFrame:
    """How much of a supplier's exports went to one recipient, and how much of the
    recipient's imports came from that supplier, over a period (or one year).

    SIPRI's TIV tables are not bundled: this function needs the user's download, imported
    with ``socius data import sipri-arms FILE...``; without it it raises
    :class:`~socius.errors.DataError`.

    Parameters
    ----------
    supplier, recipient
        Two different states: COW code, ISO3/COW abbreviation or name.
    years
        Inclusive ``(start, end)`` [years of delivery]; ``(2005, 2005)`` for one year;
        default the imported coverage.

    Returns
    -------
    polars.DataFrame
        One row: ``ccode1`` [COW code] and ``supplier`` [COW abbreviation], ``ccode2`` and
        ``recipient``, ``start``, ``end``, ``tiv`` (supplier to recipient),
        ``supplier_exports`` (to everyone) and ``recipient_imports`` (from everyone)
        [SIPRI TIV, millions, summed over the period], ``share_of_supplier_exports`` and
        ``share_of_recipient_imports`` [0, 1; null when the total is 0],
        ``recipient_rank_among_customers`` and ``supplier_rank_among_suppliers``
        (1 = largest; null when nothing was delivered between the two), ``source``.

    Raises
    ------
    ValidationError
        When supplier and recipient are the same state, or the period runs backwards.
    DataError
        When SIPRI's arms-transfer data has not been imported.
    CoverageError
        When the period lies outside the imported data's coverage.
    UnknownNameError
        When a state cannot be resolved.

    Notes
    -----
    With :math:`T_{sr}` the TIV from supplier *s* to recipient *r* over the period,
    the shares are :math:`T_{sr} / \\sum_{r'} T_{sr'}` and :math:`T_{sr} / \\sum_{s'} T_{s'r}`.
    The totals count every transfer, those to and from non-state parties included.

    Examples
    --------
    Russia and China in 2005 (needs the imported SIPRI data; the values are those of
    SIPRI's tables of July 2022):

    >>> share = supplier_share("RUS", "CHN", years=(2005, 2005))  # doctest: +SKIP
    >>> cols = ("share_of_supplier_exports", "share_of_recipient_imports")
    >>> [round(v, 3) for v in share.select(*cols).row(0)]  # doctest: +SKIP
    [0.598, 0.881]
    """
    s_code, r_code = resolve_state(supplier), resolve_state(recipient)
    if s_code == r_code:
        raise ValidationError(
            f"supplier and recipient are the same state (COW {s_code}); give two states"
        )
    flows, span = _flows(years)
    exports = flows.filter(pl.col("ccode1") == s_code)
    imports = flows.filter(pl.col("ccode2") == r_code)
    pair = float(exports.filter(pl.col("ccode2") == r_code)["tiv"].sum())
    out_total, in_total = float(exports["tiv"].sum()), float(imports["tiv"].sum())
    customers = exports.group_by("recipient").agg(pl.col("tiv").sum(), pl.col("ccode2").first())
    suppliers_ = imports.group_by("supplier").agg(pl.col("tiv").sum(), pl.col("ccode1").first())
    c_rank = int((customers["tiv"] > pair).sum()) + 1 if pair > 0 else None
    s_rank = int((suppliers_["tiv"] > pair).sum()) + 1 if pair > 0 else None
    frame = pl.DataFrame(
        {
            "ccode1": [s_code],
            "ccode2": [r_code],
            "start": [span[0]],
            "end": [span[1]],
            "tiv": [pair],
            "supplier_exports": [out_total],
            "recipient_imports": [in_total],
            "share_of_supplier_exports": [pair / out_total if out_total > 0 else None],
            "share_of_recipient_imports": [pair / in_total if in_total > 0 else None],
            "recipient_rank_among_customers": [c_rank],
            "supplier_rank_among_suppliers": [s_rank],
            "source": [source_label(SIPRI_ARMS)],
        },
        schema_overrides={
            "ccode1": pl.Int32,
            "ccode2": pl.Int32,
            "start": pl.Int32,
            "end": pl.Int32,
            "share_of_supplier_exports": pl.Float64,
            "share_of_recipient_imports": pl.Float64,
            "recipient_rank_among_customers": pl.Int32,
            "supplier_rank_among_suppliers": pl.Int32,
        },
    )
    frame = with_abb(with_abb(frame, code="ccode1", out="supplier"), code="ccode2", out="recipient")
    return finish(frame, [SIPRI_ARMS, "cow_states"])

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

    Returns
    -------
    polars.DataFrame
        ``year, supplier, recipient, ccode1, ccode2, supplier_type, recipient_type, tiv,
        source`` (ccode1 is the supplier's COW code, ccode2 the recipient's).
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

    Returns ``ccode, stateabb, year, tiv, source``: one row per COW state-year in the
    period (0 where SIPRI records no deliveries).
    """
    return _totals("imports", states, years)


def arms_exports(states: States = None, *, years: Years = None) -> pl.DataFrame:
    """Arms exports (TIV, millions) by state and year, to every recipient. See :func:`arms_imports`."""
    return _totals("exports", states, years)


def arms_rank(
    direction: Direction = "imports", *, years: Years = None, top: int | None = None
) -> pl.DataFrame:
    """States ranked by arms imports or exports summed over a period.

    ``share_world`` is the state's share of all transfers in the period, those to and
    from non-state actors and organisations included, as in SIPRI's own shares.

    Returns
    -------
    polars.DataFrame
        ``rank, ccode, stateabb, tiv, share_world, source``.

    Examples
    --------
    The fixture in the test suite shows the use; SIPRI data is not bundled.
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

    Returns
    -------
    polars.DataFrame
        ``rank, recipient, ccode2, recipient_type, tiv, share_of_exports, source``,
        largest customer first; non-state recipients included.
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

    Returns
    -------
    polars.DataFrame
        One row: ``supplier, ccode1, recipient, ccode2, start, end, tiv,
        supplier_exports, recipient_imports, share_of_supplier_exports,
        share_of_recipient_imports, recipient_rank_among_customers,
        supplier_rank_among_suppliers, source``.

    Notes
    -----
    With :math:`T_{sr}` the TIV from supplier *s* to recipient *r* over the period,
    the shares are :math:`T_{sr} / \\sum_{r'} T_{sr'}` and :math:`T_{sr} / \\sum_{s'} T_{s'r}`.
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

"""Shared machinery for panel merges: panel detection, GW handling, two-sided joins."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from socius.data import info, load
from socius.errors import ValidationError
from socius.provenance import Source, add_provenance, copy_provenance, get_provenance

__all__ = [
    "PanelShape",
    "as_polars",
    "coverage",
    "keeps_provenance",
    "merge_dyadic",
    "merge_state",
    "panel_shape",
    "record",
]


@dataclass(frozen=True)
class PanelShape:
    """What kind of panel a frame is: state-years or dyad-years, COW or GW codes."""

    unit: str  # "state" | "dyad"
    system: str  # "cow" | "gw"

    @property
    def code(self) -> str:
        return "ccode" if self.system == "cow" else "gwcode"


def as_polars(frame: Any) -> pl.DataFrame:
    """Accept a polars or pandas frame; return polars (provenance kept for polars input)."""
    if isinstance(frame, pl.DataFrame):
        return frame
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(frame, pd.DataFrame):
        return pl.from_pandas(frame)
    raise ValidationError(
        f"expected a polars or pandas DataFrame, got {type(frame).__name__}; build a panel with "
        "socius.panel.state_years() or socius.panel.dyad_years()"
    )


def panel_shape(frame: pl.DataFrame) -> PanelShape:
    """Detect the unit and code system of *frame* from its key columns."""
    cols = set(frame.columns)
    if {"ccode1", "ccode2", "year"} <= cols:
        return PanelShape("dyad", "cow")
    if {"gwcode1", "gwcode2", "year"} <= cols:
        return PanelShape("dyad", "gw")
    if {"ccode", "year"} <= cols:
        return PanelShape("state", "cow")
    if {"gwcode", "year"} <= cols:
        return PanelShape("state", "gw")
    raise ValidationError(
        "frame is not a panel: it needs columns ccode, year (state-years) or ccode1, ccode2, year "
        "(dyad-years), or their gwcode equivalents; build one with socius.panel.state_years() or dyad_years()"
    )


def coverage(name: str) -> tuple[int, int]:
    """Year coverage of dataset *name*, from the manifest."""
    meta = info(name)
    if meta.start is None or meta.end is None:
        raise ValidationError(f"dataset '{name}' has no year coverage in its manifest")
    return meta.start, meta.end


@functools.lru_cache(maxsize=1)
def _gw_to_cow() -> pl.DataFrame:
    cw = load("cow_gw").filter(pl.col("ccode").is_not_null() & pl.col("gwcode").is_not_null())
    return cw.select("gwcode", "year", "ccode").unique(["gwcode", "year"], keep="first")


def with_cow_keys(frame: pl.DataFrame, shape: PanelShape) -> tuple[pl.DataFrame, list[str]]:
    """For a GW panel add temporary COW code columns; return the frame and the COW key names."""
    if shape.system == "cow":
        return frame, (["ccode", "year"] if shape.unit == "state" else ["ccode1", "ccode2", "year"])
    cw = _gw_to_cow()
    if shape.unit == "state":
        out = frame.join(
            cw.rename({"ccode": "_ccode"}), on=["gwcode", "year"], how="left", maintain_order="left"
        )
        return out, ["_ccode", "year"]
    out = frame
    for side in ("1", "2"):
        out = out.join(
            cw.rename({"gwcode": f"gwcode{side}", "ccode": f"_ccode{side}"}),
            on=[f"gwcode{side}", "year"],
            how="left",
            maintain_order="left",
        )
    return out, ["_ccode1", "_ccode2", "year"]


def drop_cow_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop([c for c in ("_ccode", "_ccode1", "_ccode2") if c in frame.columns])


def _fill_within(col: str, value: Any, span: tuple[int, int] | None) -> pl.Expr:
    if span is None:
        return pl.col(col)
    inside = pl.col("year").is_between(span[0], span[1])
    return (
        pl.when(inside & pl.col(col).is_null())
        .then(pl.lit(value))
        .otherwise(pl.col(col))
        .alias(col)
    )


def merge_state(
    frame: pl.DataFrame,
    table: pl.DataFrame,
    columns: Sequence[str],
    *,
    fill: dict[str, Any] | None = None,
    fill_span: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Join state-year *table* (ccode, year, columns) onto a state or dyad panel.

    Dyad panels get ``<col>1`` and ``<col>2``. *fill* gives a value for rows that find
    no match but lie within *fill_span* (a true zero such as "no warheads"); rows outside
    the span stay missing.
    """
    shape = panel_shape(frame)
    before = frame.height
    work, keys = with_cow_keys(frame, shape)
    table = table.select(["ccode", "year", *columns])
    if shape.unit == "state":
        out = work.join(
            table.rename({"ccode": keys[0]}),
            on=[keys[0], "year"],
            how="left",
            maintain_order="left",
        )
        for col, value in (fill or {}).items():
            out = out.with_columns(_fill_within(col, value, fill_span))
    else:
        out = work
        for side, key in (("1", keys[0]), ("2", keys[1])):
            renamed = table.rename({"ccode": key, **{c: f"{c}{side}" for c in columns}})
            out = out.join(renamed, on=[key, "year"], how="left", maintain_order="left")
            for col, value in (fill or {}).items():
                out = out.with_columns(_fill_within(f"{col}{side}", value, fill_span))
    out = drop_cow_keys(out)
    if out.height != before:  # pragma: no cover - guarded by unique keys in every snapshot
        raise ValidationError(f"merge changed the row count from {before} to {out.height}")
    return copy_provenance(frame, out)


def merge_dyadic(
    frame: pl.DataFrame,
    table: pl.DataFrame,
    columns: Sequence[str],
    *,
    undirected: bool,
    fill: dict[str, Any] | None = None,
    fill_span: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Join dyad-year *table* (ccode1, ccode2, year, columns) onto a dyad panel.

    With *undirected*, the table holds each pair once (ccode1 < ccode2) and is matched
    in either order.
    """
    shape = panel_shape(frame)
    if shape.unit != "dyad":
        raise ValidationError(
            "this merge needs a dyad-year panel (ccode1, ccode2, year); build one with dyad_years()"
        )
    before = frame.height
    work, keys = with_cow_keys(frame, shape)
    k1, k2 = keys[0], keys[1]
    if undirected:
        work = work.with_columns(
            pl.min_horizontal(k1, k2).alias("_lo"), pl.max_horizontal(k1, k2).alias("_hi")
        )
        renamed = table.select(["ccode1", "ccode2", "year", *columns]).rename(
            {"ccode1": "_lo", "ccode2": "_hi"}
        )
        out = work.join(renamed, on=["_lo", "_hi", "year"], how="left", maintain_order="left").drop(
            "_lo", "_hi"
        )
    else:
        renamed = table.select(["ccode1", "ccode2", "year", *columns]).rename(
            {"ccode1": k1, "ccode2": k2}
        )
        out = work.join(renamed, on=[k1, k2, "year"], how="left", maintain_order="left")
    for col, value in (fill or {}).items():
        out = out.with_columns(_fill_within(col, value, fill_span))
    out = drop_cow_keys(out)
    if out.height != before:  # pragma: no cover
        raise ValidationError(f"merge changed the row count from {before} to {out.height}")
    return copy_provenance(frame, out)


def record(frame: pl.DataFrame, dataset: str, columns: Sequence[str]) -> pl.DataFrame:
    """Record that *columns* of *frame* come from *dataset* (with its version)."""
    return add_provenance(frame, [Source(dataset, info(dataset).version, tuple(columns))])


def sided(columns: Sequence[str], shape: PanelShape) -> list[str]:
    """Column names as they appear in the panel (suffixed 1/2 on dyads)."""
    if shape.unit == "state":
        return list(columns)
    return [f"{c}{s}" for c in columns for s in ("1", "2")]


def provenance_of(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return get_provenance(frame)


def keeps_provenance(fn: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    """Decorate a merge so that its result carries the input's provenance plus its own."""

    @functools.wraps(fn)
    def wrapper(frame: Any, *args: Any, **kwargs: Any) -> pl.DataFrame:
        df = as_polars(frame)
        out = fn(df, *args, **kwargs)
        return add_provenance(out, get_provenance(df))

    return wrapper

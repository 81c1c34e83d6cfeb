"""Shared machinery for panel merges: panel detection, GW handling, two-sided joins."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from socius._frames import as_polars as _as_polars
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
    """Accept a polars or pandas panel; return polars (provenance kept for polars input)."""
    return _as_polars(
        frame, what="the panel", hint="build one with socius.panel.state_years() or dyad_years()"
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


def _gather(
    keys_panel: list[np.ndarray], keys_table: list[np.ndarray], values: dict[str, pl.Series]
) -> dict[str, pl.Series]:
    """Look up table rows for panel rows by integer keys (vectorised with a sorted key search).

    Keys are combined into one int64 per row; the table's keys must be unique. Missing
    matches give null. Returns one gathered Series per column, with the table's dtype.
    """
    bases = [
        int(max(int(kp.max(initial=0)), int(kt.max(initial=0)))) + 1
        for kp, kt in zip(keys_panel, keys_table, strict=True)
    ]
    mins = [
        int(min(int(kp.min(initial=0)), int(kt.min(initial=0))))
        for kp, kt in zip(keys_panel, keys_table, strict=True)
    ]

    def combine(parts: list[np.ndarray]) -> np.ndarray:
        code = np.zeros(len(parts[0]), dtype=np.int64)
        for part, lo, base in zip(parts, mins, bases, strict=True):
            code = code * (base - lo + 1) + (part.astype(np.int64) - lo)
        return code

    kt = combine(keys_table)
    order = np.argsort(kt, kind="stable")
    sorted_kt = kt[order]
    kp = combine(keys_panel)
    pos = np.searchsorted(sorted_kt, kp)
    pos_c = np.minimum(pos, len(sorted_kt) - 1) if len(sorted_kt) else pos
    found = (
        (pos < len(sorted_kt)) & (sorted_kt[pos_c] == kp)
        if len(sorted_kt)
        else np.zeros(len(kp), dtype=bool)
    )
    rows = order[pos_c] if len(sorted_kt) else pos_c
    if not values:
        return {}
    if not len(sorted_kt):
        return {
            name: pl.Series(name, [None] * len(kp), dtype=series.dtype)
            for name, series in values.items()
        }
    # One index with nulls for the rows without a match; polars gathers every column at
    # once (in parallel) and a null index gives a null value.
    idx = pl.Series("_idx", rows.astype(np.int64))
    if not found.all():
        idx = pl.select(pl.when(pl.Series(found)).then(idx)).to_series()
    table = pl.DataFrame(list(values.values()))
    taken = table.select(pl.all().gather(idx))
    return {name: taken[name] for name in values}


def _key_arrays(frame: pl.DataFrame, names: Sequence[str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Integer key arrays of *frame* (nulls replaced by -1) and the mask of rows with no null key."""
    arrays, valid = [], np.ones(frame.height, dtype=bool)
    for n in names:
        col = frame[n]
        valid &= col.is_not_null().to_numpy()
        arrays.append(col.fill_null(-1).cast(pl.Int64).to_numpy())
    return arrays, valid


_DENSE_LIMIT = (
    40_000_000  # cells of a lookup grid (8 bytes each) before falling back to a key search
)


def _dense_keys(
    panel: list[np.ndarray], table: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Flat grid positions for panel and table keys, or None when the grid would be too large."""
    dims, p_idx, t_idx = [], [], []
    for kp, kt in zip(panel, table, strict=True):
        if not len(kp) or not len(kt):
            return None
        # the grid spans the keys actually present (not from 0: years would waste 1,800 rows)
        lo = int(min(kp.min(), kt.min()))
        hi = int(max(kp.max(), kt.max()))
        if hi - lo + 1 <= 4096:
            dims.append(hi - lo + 1)
            p_idx.append(kp - lo)
            t_idx.append(kt - lo)
        else:  # compact sparse codes through a presence table
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[kt - lo] = True
            present[kp - lo] = True
            dense = np.cumsum(present) - 1
            dims.append(int(present.sum()))
            p_idx.append(dense[kp - lo])
            t_idx.append(dense[kt - lo])
    size = int(np.prod(dims, dtype=np.int64))
    # A grid pays off when it is not much larger than the data; sparse tables use a key search.
    if size > _DENSE_LIMIT or size > 2 * (len(panel[0]) + len(table[0])):
        return None
    p_flat, t_flat = p_idx[0].astype(np.int64), t_idx[0].astype(np.int64)
    for dim, p_part, t_part in zip(dims[1:], p_idx[1:], t_idx[1:], strict=True):
        p_flat = p_flat * dim + p_part
        t_flat = t_flat * dim + t_part
    return p_flat, t_flat, size


def _lookup(
    frame: pl.DataFrame,
    panel_keys: Sequence[str],
    table: pl.DataFrame,
    table_keys: Sequence[str],
    columns: Sequence[str],
    rename: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Add *columns* of *table* to *frame*, matching panel_keys to table_keys (unique in table).

    Numeric columns go through a dense lookup grid indexed by the integer keys (one
    scatter and one gather per column); other columns, or key spaces too large for a
    grid, use a sorted key search.
    """
    pk, valid = _key_arrays(frame, panel_keys)
    tk, _ = _key_arrays(table, table_keys)
    names = rename or {}
    dense = _dense_keys(pk, tk) if table.height else None
    new: list[pl.Series] = []
    rest: list[str] = []
    if dense is not None:
        p_flat, t_flat, size = dense
        p_flat = np.where(valid, p_flat, size)  # rows with a null key read the extra NaN cell
        numeric = [
            c for c in columns if table.schema[c].is_numeric() or table.schema[c] == pl.Boolean
        ]
        rest = [c for c in columns if c not in numeric]
        # Grids small enough are gathered together (polars works on the columns in parallel).
        batch = max(1, int(_DENSE_LIMIT // max(size + 1, 1)))
        for start in range(0, len(numeric), batch):
            chunk = numeric[start : start + batch]
            grids = []
            for c in chunk:
                grid = np.full(size + 1, np.nan)
                grid[t_flat] = table[c].cast(pl.Float64).fill_null(np.nan).to_numpy()
                # nulls and the column's own dtype are set on the small grid, before the gather
                grids.append(
                    pl.Series(names.get(c, c), grid, nan_to_null=True).cast(table.schema[c])
                )
            taken = pl.DataFrame(grids)[p_flat]
            new.extend(taken.get_columns())
    else:
        rest = list(columns)
    if rest:
        got_rest = _gather(pk, tk, {c: table[c] for c in rest})
        for c, s in got_rest.items():
            s = s.set(pl.Series(~valid), None) if (~valid).any() else s
            new.append(s.alias(names.get(c, c)))
    order = [names.get(c, c) for c in columns]
    by_name = {s.name: s for s in new}
    return frame.with_columns([by_name[n] for n in order])


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
        out = _lookup(work, [keys[0], "year"], table, ["ccode", "year"], columns)
        for col, value in (fill or {}).items():
            out = out.with_columns(_fill_within(col, value, fill_span))
    else:
        out = work
        for side, key in (("1", keys[0]), ("2", keys[1])):
            out = _lookup(
                out,
                [key, "year"],
                table,
                ["ccode", "year"],
                columns,
                {c: f"{c}{side}" for c in columns},
            )
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
    table = table.select(["ccode1", "ccode2", "year", *columns])
    if undirected:
        work = work.with_columns(
            pl.min_horizontal(k1, k2).alias("_lo"), pl.max_horizontal(k1, k2).alias("_hi")
        )
        out = _lookup(
            work, ["_lo", "_hi", "year"], table, ["ccode1", "ccode2", "year"], columns
        ).drop("_lo", "_hi")
    else:
        out = _lookup(work, [k1, k2, "year"], table, ["ccode1", "ccode2", "year"], columns)
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

"""Provenance that travels with the frames socius returns.

Polars frames carry no free-form metadata, so socius keeps a small side table,
keyed by the frame object, that lists every dataset (name, version, columns)
that went into it. It is written into Parquet output and read back by
``socius data cite --from FILE``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

__all__ = ["Source", "add_provenance", "copy_provenance", "get_provenance", "provenance_frame"]


@dataclass(frozen=True)
class Source:
    """One dataset that contributed columns to a frame."""

    dataset: str
    version: str
    columns: tuple[str, ...] = field(default_factory=tuple)


_STORE: dict[int, tuple[weakref.ref[pl.DataFrame], list[dict[str, Any]]]] = {}


def _forget(key: int) -> None:
    _STORE.pop(key, None)


def get_provenance(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Return the list of sources recorded for *frame* (empty when none)."""
    entry = _STORE.get(id(frame))
    if entry is None or entry[0]() is not frame:
        return []
    return [dict(s) for s in entry[1]]


def add_provenance(frame: pl.DataFrame, sources: Iterable[Source | dict[str, Any]]) -> pl.DataFrame:
    """Record *sources* on *frame* (merged with what it already has) and return it."""
    merged: dict[str, dict[str, Any]] = {s["dataset"]: s for s in get_provenance(frame)}
    for src in sources:
        item = asdict(src) if isinstance(src, Source) else dict(src)
        item["columns"] = list(item.get("columns", ()))
        old = merged.get(item["dataset"])
        if old is not None:
            cols = list(dict.fromkeys([*old.get("columns", []), *item["columns"]]))
            item = {**old, **item, "columns": cols}
        merged[item["dataset"]] = item
    key = id(frame)
    if key not in _STORE or _STORE[key][0]() is not frame:
        weakref.finalize(frame, _forget, key)
    _STORE[key] = (weakref.ref(frame), sorted(merged.values(), key=lambda s: str(s["dataset"])))
    return frame


def copy_provenance(source: pl.DataFrame, target: pl.DataFrame) -> pl.DataFrame:
    """Give *target* the provenance of *source* (plus its own) and return *target*."""
    return add_provenance(target, get_provenance(source))


def provenance_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The provenance of *frame* as a table: dataset, version, columns."""
    rows = get_provenance(frame)
    return pl.DataFrame(
        {
            "dataset": [r["dataset"] for r in rows],
            "version": [r.get("version", "") for r in rows],
            "columns": [", ".join(r.get("columns", [])) for r in rows],
        },
        schema={"dataset": pl.String, "version": pl.String, "columns": pl.String},
    )

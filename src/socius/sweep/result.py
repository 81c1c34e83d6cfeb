"""A finished sweep: its table, its folder and its provenance.

Every sweep folder holds ``sweep.json`` (what was swept: inputs, grid, seed, chunking,
data versions, socius version), ``parts/`` (one Parquet file per chunk, kept for resuming)
and ``result.parquet``, the combined table, whose Parquet key-value metadata carries the
same specification under ``socius.sweep``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from socius._io import atomic_path
from socius.errors import ValidationError

__all__ = ["RESULT_FILE", "SweepResult", "data_versions", "read_sweep"]

RESULT_FILE = "result.parquet"


@dataclass(frozen=True)
class SweepResult:
    """The combined table of a sweep and where it was written.

    Attributes
    ----------
    table
        The result (see the sweep function for its columns).
    folder
        The sweep's folder (``sweep.json``, ``parts/``, ``result.parquet``).
    spec
        The sweep's specification and provenance (as in ``sweep.json``).
    computed, skipped
        Chunks computed in this run and chunks found finished from an earlier run.
    seconds
        Wall time of the chunk computations in this run [s].
    workers
        Dask workers the chunks ran on (1 for the synchronous scheduler).
    """

    table: pl.DataFrame
    folder: Path
    spec: dict[str, Any]
    computed: int
    skipped: int
    seconds: float
    workers: int
    extra: pl.DataFrame | None = None


def data_versions(names: tuple[str, ...]) -> dict[str, str]:
    """``{dataset: "version (sha256 ...)"}`` for the bundled datasets a sweep reads."""
    from socius.data import info

    out = {}
    for name in names:
        meta = info(name)
        sha = str(meta.entry.get("sha256", ""))[:16]
        out[name] = f"{meta.version} (sha256 {sha})" if sha else str(meta.version)
    return out


def socius_version() -> str:
    from socius import __version__

    return str(__version__)


def write_result(
    frame: pl.DataFrame, folder: Path, spec: dict[str, Any], name: str = RESULT_FILE
) -> Path:
    """Write *frame* to ``folder/name`` atomically with the spec in the Parquet metadata."""
    import pyarrow.parquet as pq

    target = folder / name
    table = frame.to_arrow()
    meta = {
        **(table.schema.metadata or {}),
        b"socius.sweep": json.dumps(spec, sort_keys=True, default=str).encode(),
    }
    table = table.replace_schema_metadata(meta)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return target


def read_sweep(path: str | Path) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The result table of a finished sweep and its specification.

    *path* is the sweep's folder or its ``result.parquet``.

    Parameters
    ----------
    path
        The folder a sweep wrote (``out=`` of the sweep function, ``--out`` of the CLI), or
        the ``result.parquet`` file in it.

    Returns
    -------
    table : polars.DataFrame
        The combined result (columns as the sweep function documents them).
    spec : dict
        The sweep's specification and provenance, read from the Parquet metadata: ``kind``
        (``policy``, ``eu`` or ``scenario``), the grid, seed, draws, chunking, the data
        versions and the socius version (as in ``sweep.json``).

    Raises
    ------
    ValidationError
        When there is no result file (the sweep has not finished) or the file carries no
        ``socius.sweep`` metadata.

    Examples
    --------
    A one-year policy sweep over three liberal-democracy thresholds, read back:

    >>> import tempfile
    >>> from socius.sweep import parse_grid, sweep_policy
    >>> grid = parse_grid('[grid]\\n"values.v2x_libdem" = [0.45, 0.5, 0.55]\\n')
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = sweep_policy(grid, years=(2007, 2007), out=folder, draws=2,
    ...                      scheduler="synchronous")
    ...     table, spec = read_sweep(folder)
    >>> spec["kind"], spec["years"], table["year"].unique().to_list()
    ('policy', [2007, 2007], [2007])
    """
    import pyarrow.parquet as pq

    file = Path(path)
    if file.is_dir():
        file = file / RESULT_FILE
    if not file.is_file():
        raise ValidationError(
            f"no sweep result at '{file}'; run the sweep (socius sweep ...) or resume it first"
        )
    meta = pq.read_schema(file).metadata or {}
    raw = meta.get(b"socius.sweep")
    if raw is None:
        raise ValidationError(f"'{file}' is not a socius sweep result (no socius.sweep metadata)")
    return pl.read_parquet(file), json.loads(raw)

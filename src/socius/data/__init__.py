"""Bundled data: load snapshots, list versions, verify integrity, and cite sources.

Examples
--------
>>> import socius.data as sd
>>> nmc = sd.load("nmc", years=(2000, 2000))
>>> int(nmc["year"].min())
2000
>>> "Singer" in sd.cite(["nmc"], style="text")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import polars as pl

from socius.data.catalog import (
    DatasetInfo,
    check_snapshot,
    dataset_info,
    dataset_names,
    user_dir,
)
from socius.errors import (
    CoverageError,
    DataError,
    IntegrityError,
    UnknownNameError,
    ValidationError,
    suggest,
)
from socius.provenance import Source, add_provenance

__all__ = [
    "DatasetInfo",
    "cite",
    "connect",
    "info",
    "list_datasets",
    "load",
    "user_dir",
    "verify",
    "versions",
]


def info(name: str) -> DatasetInfo:
    """The manifest entry of dataset *name* (raises UnknownNameError with suggestions).

    Parameters
    ----------
    name
        A dataset name as listed by :func:`versions` or ``socius data list`` ("nmc",
        "cow_states"); imported SIPRI datasets are found in :func:`user_dir`.

    Returns
    -------
    DatasetInfo
        ``name``, ``path`` (the Parquet snapshot), ``origin`` ("bundled" or "user") and the
        manifest ``entry`` (title, upstream, publisher, citation, licence, retrieval date,
        unit, code system, coverage, columns, sha256...), with the shortcuts ``version``,
        ``sha256``, ``coverage``, ``start`` and ``end`` [years] and ``columns``. The
        snapshot file itself is not checked here (see :func:`verify`).

    Raises
    ------
    UnknownNameError
        An unknown name (with the closest names; for ``sipri-*``, how to import it).
    IntegrityError
        A manifest entry without ``file`` or ``sha256``, or one that points outside its
        folder.

    Examples
    --------
    >>> meta = info("nmc")
    >>> meta.version, meta.origin, meta.start, meta.end
    ('7.0', 'bundled', 1816, 2022)
    """
    return dataset_info(name)


def list_datasets() -> list[str]:
    """Names of every bundled and imported dataset."""
    return dataset_names()


def load(
    name: str,
    *,
    columns: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Load snapshot *name* as a polars DataFrame, after checking its sha256.

    Parameters
    ----------
    name
        Dataset name, see :func:`versions`.
    columns
        Subset of columns to read (all by default).
    years
        Inclusive ``(start, end)`` filter on the ``year`` column. Years outside the
        dataset's coverage raise :class:`CoverageError`.

    Returns
    -------
    polars.DataFrame
        With provenance (dataset, version, columns) recorded, see
        :func:`socius.provenance.get_provenance`.
    """
    meta = dataset_info(name)
    check_snapshot(meta)
    known = list(meta.columns)
    if columns is not None:
        bad = [c for c in columns if c not in known]
        if bad:
            raise UnknownNameError(
                f"dataset '{name}' has no column '{bad[0]}'{suggest(bad[0], known)}; "
                f"columns are: {', '.join(known)}"
            )
    lazy = pl.scan_parquet(meta.path)
    if years is not None:
        if "year" not in known:
            raise ValidationError(f"dataset '{name}' has no year column; drop the years filter")
        start, end = years
        _check_years(meta, start, end)
        lazy = lazy.filter(pl.col("year").is_between(start, end))
    if columns is not None:
        lazy = lazy.select(list(columns))
    try:
        frame = lazy.collect()
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise IntegrityError(
            f"snapshot '{name}' at {meta.path} cannot be read ({exc}); run `socius data verify`"
        ) from exc
    return add_provenance(frame, [Source(name, meta.version, tuple(frame.columns))])


def _check_years(meta: DatasetInfo, start: int, end: int) -> None:
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write {end}-{start}")
    lo, hi = meta.start, meta.end
    if lo is None or hi is None:
        return
    if end < lo or start > hi:
        raise CoverageError(
            f"years {start}-{end} are outside the coverage of '{meta.name}' ({lo}-{hi}); "
            f"choose years within {lo}-{hi}"
        )


def versions(*, include_user: bool = True) -> pl.DataFrame:
    """One row per dataset: name, title, version, publisher, licence, unit, code system, coverage.

    Parameters
    ----------
    include_user
        Also list the datasets imported into :func:`user_dir` (SIPRI), after the bundled ones.

    Returns
    -------
    polars.DataFrame
        ``name``, ``title``, ``version``, ``publisher``, ``licence``, ``unit`` (unit of
        analysis), ``code_system``, ``start`` and ``end`` (coverage [years]; null where the
        dataset has no years), ``rows`` and ``origin`` ("bundled" or "user"); read from the
        manifests, without checking the files.

    Raises
    ------
    IntegrityError
        A manifest entry without ``file`` or ``sha256`` (:func:`verify` reports these instead).

    Examples
    --------
    >>> v = versions(include_user=False)
    >>> v.filter(v["name"] == "nmc").select("version", "start", "end", "origin").row(0)
    ('7.0', 1816, 2022, 'bundled')
    """
    rows: list[dict[str, Any]] = []
    for name in dataset_names(include_user=include_user):
        meta = dataset_info(name)
        e = meta.entry
        rows.append(
            {
                "name": name,
                "title": e.get("title", ""),
                "version": meta.version,
                "publisher": e.get("publisher", ""),
                "licence": e.get("licence", ""),
                "unit": e.get("unit", ""),
                "code_system": e.get("code_system", ""),
                "start": meta.start,
                "end": meta.end,
                "rows": e.get("rows"),
                "origin": meta.origin,
            }
        )
    schema = {
        "name": pl.String,
        "title": pl.String,
        "version": pl.String,
        "publisher": pl.String,
        "licence": pl.String,
        "unit": pl.String,
        "code_system": pl.String,
        "start": pl.Int32,
        "end": pl.Int32,
        "rows": pl.Int64,
        "origin": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def verify(names: Iterable[str] | None = None) -> pl.DataFrame:
    """Check every snapshot (or *names*) against the manifest; never raises for bad files.

    Returns a frame with name, status ("ok", "missing", "corrupted", or "invalid" for a
    manifest entry that lacks a key or points outside its folder), path, expected sha256
    and a message.

    Parameters
    ----------
    names
        Dataset names to check; None checks every bundled and imported dataset.

    Returns
    -------
    polars.DataFrame
        One row per dataset: ``name``, ``status``, ``path``, ``sha256`` (the expected
        hash from the manifest) and ``message`` (what is wrong and how to repair it; "" when
        ok). A file's hash is computed once per size and modification time, so a second
        check in the same process is fast.

    Raises
    ------
    UnknownNameError
        A name in *names* that is not a dataset.

    Examples
    --------
    >>> verify(["nmc", "cow_states"]).select("name", "status").rows()
    [('nmc', 'ok'), ('cow_states', 'ok')]
    """
    rows = []
    for name in list(names) if names is not None else dataset_names():
        try:
            meta = dataset_info(name)
        except IntegrityError as exc:  # a hand-edited manifest entry: report it, go on
            rows.append(
                {"name": name, "status": "invalid", "path": "", "sha256": "", "message": str(exc)}
            )
            continue
        status, message = "ok", ""
        try:
            check_snapshot(meta)
        except DataError as exc:
            status = "missing" if not meta.path.is_file() else "corrupted"
            message = str(exc)
        rows.append(
            {
                "name": name,
                "status": status,
                "path": str(meta.path),
                "sha256": meta.sha256,
                "message": message,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "name": pl.String,
            "status": pl.String,
            "path": pl.String,
            "sha256": pl.String,
            "message": pl.String,
        },
    )


def cite(names: Iterable[str] | str | None = None, *, style: str = "bibtex") -> str:
    """Citations for *names* (default: all datasets), as BibTeX or plain text.

    Entries shared by several datasets (such as the peacesciencer package) are given once.

    Parameters
    ----------
    names
        One dataset name, several, or None for every bundled and imported dataset.
    style
        "bibtex" (entries from the manifests, deduplicated by key) or "text" (one line per
        dataset, "[name version] citation").

    Returns
    -------
    str
        The citations separated by blank lines, ending in a newline ("" for no names).

    Raises
    ------
    ValidationError
        *style* is neither "bibtex" nor "text".
    UnknownNameError
        An unknown dataset name.

    Examples
    --------
    >>> cite("nmc", style="text").startswith("[nmc 7.0] Singer, J. David")
    True
    >>> cite(["nmc"]).splitlines()[0]
    '@incollection{singeretal1972cinc,'
    """
    if style not in ("bibtex", "text"):
        raise ValidationError(f"citation style '{style}' is not supported; use 'bibtex' or 'text'")
    selected = (
        [names]
        if isinstance(names, str)
        else (list(names) if names is not None else dataset_names())
    )
    seen: set[str] = set()
    parts: list[str] = []
    for name in selected:
        entry = dataset_info(name).entry
        if style == "text":
            text = f"[{name} {entry.get('version', '')}] {entry.get('citation_text', '')}".strip()
            if text not in seen:
                seen.add(text)
                parts.append(text)
            continue
        for block in _bibtex_entries(str(entry.get("citation_bibtex", ""))):
            key = block.split("{", 1)[1].split(",", 1)[0].strip() if "{" in block else block
            if key not in seen:
                seen.add(key)
                parts.append(block)
    return "\n\n".join(parts) + ("\n" if parts else "")


def _bibtex_entries(text: str) -> list[str]:
    entries: list[str] = []
    for chunk in text.split("\n@"):
        chunk = chunk.strip()
        if not chunk:
            continue
        entries.append(chunk if chunk.startswith("@") else "@" + chunk)
    return entries


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one read-only view per verified snapshot.

    Examples
    --------
    >>> con = connect()
    >>> con.execute("select count(*) from cow_states").fetchone()[0] > 200
    True
    """
    con = duckdb.connect(":memory:")
    for name in dataset_names():
        meta = dataset_info(name)
        check_snapshot(meta)
        path = str(meta.path).replace("'", "''")
        con.execute(f"create view \"{name}\" as select * from read_parquet('{path}')")
    return con

"""Atomic file output shared by the library and the CLI.

Everything socius writes goes to a temporary file in the destination folder and
is renamed into place only when complete, so a failure never leaves a truncated
or half-written file and never destroys the previous version.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import polars as pl

from socius.errors import ValidationError

__all__ = ["TABLE_FORMATS", "atomic_path", "atomic_write_text", "check_output_path", "write_table"]

TABLE_FORMATS = (".parquet", ".csv", ".json")


def check_output_path(path: str | os.PathLike[str], *, allowed: tuple[str, ...]) -> Path:
    """Validate an output path before any work is done.

    Raises
    ------
    ValidationError
        If the suffix is not one of *allowed*, the folder does not exist, or the
        path names a folder.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            f"output path '{out}' has unsupported extension '{suffix or '(none)'}'; "
            f"use one of: {', '.join(allowed)}"
        )
    if out.is_dir():
        raise ValidationError(
            f"output path '{out}' is a folder; give a file name such as {out / ('result' + allowed[0])}"
        )
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ValidationError(
            f"output folder '{parent}' does not exist; create it first (mkdir -p {parent})"
        )
    return out


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to *path*; rename it onto *path* on success."""
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
    )
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write *text* (UTF-8) atomically to *path* and return the path."""
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def write_table(frame: pl.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write *frame* atomically as Parquet, CSV or JSON, chosen by the file extension.

    Frame metadata recorded by socius (sources, versions) is stored in the Parquet
    file's key-value metadata so that it travels with the data.
    """
    target = check_output_path(path, allowed=TABLE_FORMATS)
    suffix = target.suffix.lower()
    with atomic_path(target) as tmp:
        if suffix == ".parquet":
            _write_parquet(frame, tmp)
        elif suffix == ".csv":
            frame.write_csv(tmp)
        else:
            _write_json(frame, tmp)
    return target


def _write_parquet(frame: pl.DataFrame, tmp: Path) -> None:
    import pyarrow.parquet as pq

    table = frame.to_arrow()
    meta = frame_provenance_json(frame)
    if meta:
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), b"socius": meta.encode()}
        )
    pq.write_table(table, tmp, compression="zstd")


def _write_json(frame: pl.DataFrame, tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8") as fh:
        _dump_rows(frame, fh)


def _dump_rows(frame: pl.DataFrame, fh: IO[str]) -> None:
    import json

    json.dump(frame.to_dicts(), fh, ensure_ascii=False, default=str)


def frame_provenance_json(frame: pl.DataFrame) -> str:
    """Return the provenance stored on *frame* as JSON text ("" when there is none)."""
    import json

    from socius.provenance import get_provenance

    prov: Any = get_provenance(frame)
    return json.dumps(prov, sort_keys=True) if prov else ""

"""Write validated SIPRI imports to the user's data store (snapshot and manifest entry)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from socius._io import atomic_write_text
from socius.data.catalog import USER_DIR_ENV, file_sha256, user_dir
from socius.data.sipri._common import ARMS_DATASET, MILEX_DATASET, ImportSummary, ParsedImport
from socius.data.sipri.arms import read_arms
from socius.data.sipri.milex import read_milex
from socius.errors import DataError


def _store(name: str, read: ParsedImport, sources: Iterable[Path]) -> ImportSummary:
    """Write the snapshot under a content-derived name, then swap the manifest entry."""
    folder = user_dir()
    snaps = folder / "snapshots"
    try:
        snaps.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the user data folder {snaps} ({exc}); set {USER_DIR_ENV} to a writable folder"
        ) from exc
    manifest_path = folder / "MANIFEST.json"
    manifest: dict[str, Any] = {"format": 1, "datasets": {}}
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(
                f"the user manifest {manifest_path} cannot be read ({exc}); repair or delete it, then import again"
            ) from exc
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=snaps)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        read.frame.write_parquet(tmp, compression="zstd", statistics=True)
        digest = file_sha256(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        target = snaps / f"{name}-{digest[:16]}.parquet"
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    old = manifest.get("datasets", {}).get(name, {}).get("file")
    import socius

    entry = {
        "name": name,
        **read.entry,
        "retrieved": "downloaded by the user from sipri.org",
        "imported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "code_system": "cow",
        "rows": read.frame.height,
        "file": f"snapshots/{target.name}",
        "sha256": digest,
        "bytes": target.stat().st_size,
        "sources": [{"path": s.name, "sha256": file_sha256(s)} for s in sources],
        "build_script": f"socius data import {name.replace('_', '-')}",
        "built": dt.date.today().isoformat(),
        "built_with": {
            "socius": socius.__version__,
            "polars": pl.__version__,
            "python": sys.version.split()[0],
        },
    }
    manifest.setdefault("datasets", {})[name] = entry
    manifest["datasets"] = dict(sorted(manifest["datasets"].items()))
    try:
        atomic_write_text(manifest_path, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    except BaseException:
        if old != entry["file"]:
            target.unlink(missing_ok=True)
        raise
    if old and old != entry["file"]:
        (folder / old).unlink(missing_ok=True)
    s = read.summary
    return ImportSummary(
        s.dataset,
        s.version,
        s.files,
        s.rows,
        s.states,
        s.years,
        s.non_states,
        s.region_rows,
        s.unmatched,
        s.notes,
        str(folder / entry["file"]),
    )


def import_milex(path: str | os.PathLike[str], *, skip_unmatched: bool = False) -> ImportSummary:
    """Validate the SIPRI milex workbook at *path* and store it as dataset ``sipri_milex``.

    See :func:`read_milex` for what is checked. Nothing is written if any check fails.
    """
    read = read_milex(path, skip_unmatched=skip_unmatched)
    return _store(MILEX_DATASET, read, [Path(path)])


def import_arms(
    paths: Sequence[str | os.PathLike[str]], *, skip_unmatched: bool = False
) -> ImportSummary:
    """Validate SIPRI arms-transfer files and store them together as dataset ``sipri_arms``.

    All files of one import form the snapshot (an import replaces the previous one).
    See :func:`read_arms`.
    """
    read = read_arms(paths, skip_unmatched=skip_unmatched)
    return _store(ARMS_DATASET, read, [Path(p) for p in paths])

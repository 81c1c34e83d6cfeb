"""Write validated SIPRI imports to the user's data store (snapshot and manifest entry)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from socius._io import atomic_write_text, temp_file
from socius.data.catalog import USER_DIR_ENV, file_sha256, user_dir
from socius.data.sipri._common import ARMS_DATASET, MILEX_DATASET, ImportSummary, ParsedImport
from socius.data.sipri.arms import read_arms
from socius.data.sipri.milex import read_milex
from socius.errors import DataError, StoreLockedError

#: Seconds an import waits for another import to release the user store.
LOCK_TIMEOUT_S = 60.0
LOCK_NAME = ".MANIFEST.json.lock"


@contextlib.contextmanager
def store_lock(folder: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the user store's lock (a file lock next to its manifest).

    Every write to the store (snapshot, manifest, removal of the replaced
    snapshot) happens under this lock, so concurrent imports, in any number of
    processes, are serialised and no manifest entry is lost.

    Raises
    ------
    StoreLockedError
        If another import holds the lock for longer than *timeout* seconds.
    """
    from filelock import FileLock, Timeout

    wait = LOCK_TIMEOUT_S if timeout is None else timeout
    lock_path = folder / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreLockedError(
            f"the user data store {folder} is busy: another import has held {lock_path} for "
            f"more than {wait:g} s; wait for it to finish, then import again"
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _read_user_manifest(manifest_path: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = {"format": 1, "datasets": {}}
    if not manifest_path.is_file():
        return manifest
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(
            f"the user manifest {manifest_path} cannot be read ({exc}); repair or delete it, then import again"
        ) from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("datasets", {}), dict):
        raise DataError(
            f"the user manifest {manifest_path} is not a socius manifest (no 'datasets' object); "
            "repair or delete it, then import again"
        )
    return manifest


def _text_name(path: Path) -> str:
    """The file's name as text for the manifest (bytes that are not UTF-8 shown as \\xNN)."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def _store(name: str, read: ParsedImport, sources: Iterable[Path]) -> ImportSummary:
    """Write the snapshot under a content-derived name, then swap the manifest entry,
    all under the store's lock."""
    folder = user_dir()
    snaps = folder / "snapshots"
    try:
        snaps.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the user data folder {snaps} ({exc}); set {USER_DIR_ENV} to a writable folder"
        ) from exc
    source_digests = [{"path": _text_name(s), "sha256": file_sha256(s)} for s in sources]
    with store_lock(folder):
        entry, _ = _write_locked(name, read, folder, snaps, source_digests)
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


def _write_locked(
    name: str,
    read: ParsedImport,
    folder: Path,
    snaps: Path,
    source_digests: list[dict[str, str]],
) -> tuple[dict[str, Any], Path]:
    manifest_path = folder / "MANIFEST.json"
    manifest = _read_user_manifest(manifest_path)
    with temp_file(snaps, f"{name}.parquet") as tmp:
        read.frame.write_parquet(tmp, compression="zstd", statistics=True)
        digest = file_sha256(tmp)
        target = snaps / f"{name}-{digest[:16]}.parquet"
        os.replace(tmp, target)
    previous = manifest.get("datasets", {}).get(name, {})
    old = previous.get("file") if isinstance(previous, dict) else None
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
        "sources": source_digests,
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
    if isinstance(old, str) and old != entry["file"]:
        stale = (folder / old).resolve()
        if stale.is_relative_to(snaps.resolve()):  # never delete outside the store
            stale.unlink(missing_ok=True)
    return entry, target


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

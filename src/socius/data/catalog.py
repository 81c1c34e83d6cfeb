"""The catalog of snapshots: the bundled ones shipped in the package, and the ones a
user imports (SIPRI) into their own data folder.

Each snapshot is a Parquet file described by a manifest entry (source, version,
citation, licence, coverage, columns and the sha256 of the file). Every load checks
the file against its manifest entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socius.errors import IntegrityError, UnknownNameError, suggest

__all__ = ["DatasetInfo", "bundled_dir", "dataset_info", "dataset_names", "file_sha256", "user_dir"]

USER_DIR_ENV = "SOCIUS_DATA_DIR"


def bundled_dir() -> Path:
    """Folder of the bundled snapshots and their MANIFEST.json."""
    return Path(__file__).resolve().parent


def user_dir() -> Path:
    """Folder for snapshots the user imports (``$SOCIUS_DATA_DIR`` or the platform data dir)."""
    env = os.environ.get(USER_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("socius", appauthor=False))


@dataclass(frozen=True)
class DatasetInfo:
    """A manifest entry with the resolved path of its snapshot."""

    name: str
    path: Path
    entry: dict[str, Any]
    origin: str  # "bundled" | "user"

    @property
    def version(self) -> str:
        return str(self.entry.get("version", ""))

    @property
    def sha256(self) -> str:
        return str(self.entry["sha256"])

    @property
    def coverage(self) -> dict[str, Any]:
        return dict(self.entry.get("coverage", {}))

    @property
    def start(self) -> int | None:
        value = self.coverage.get("start")
        return int(value) if value is not None else None

    @property
    def end(self) -> int | None:
        value = self.coverage.get("end")
        return int(value) if value is not None else None

    @property
    def columns(self) -> dict[str, Any]:
        return dict(self.entry.get("columns", {}))


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "MANIFEST.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IntegrityError(
            f"manifest {path} cannot be read ({exc}); reinstall socius (pip install --force-reinstall socius)"
            " or, for imported data, re-run the import"
        ) from exc
    datasets = data.get("datasets", {}) if isinstance(data, dict) else None
    if not isinstance(datasets, dict):
        raise IntegrityError(
            f"manifest {path} has no 'datasets' object; reinstall socius, or, for imported data, "
            "delete the manifest and re-run the import"
        )
    return datasets


@functools.lru_cache(maxsize=1)
def _bundled_manifest() -> dict[str, Any]:
    return _read_manifest(bundled_dir())


def _user_manifest() -> dict[str, Any]:
    return _read_manifest(user_dir())


def dataset_names(*, include_user: bool = True) -> list[str]:
    """Names of all known datasets, bundled first."""
    names = list(_bundled_manifest())
    if include_user:
        names += [n for n in _user_manifest() if n not in names]
    return names


def dataset_info(name: str) -> DatasetInfo:
    """Return the manifest entry of *name*; raise :class:`UnknownNameError` with suggestions."""
    bundled = _bundled_manifest()
    if name in bundled:
        return _checked_info(name, bundled[name], bundled_dir(), "bundled")
    user = _user_manifest()
    if name in user:
        return _checked_info(name, user[name], user_dir(), "user")
    known = dataset_names()
    hint = suggest(name, known)
    extra = ""
    if name.startswith("sipri"):
        extra = "; SIPRI data is not bundled: import your download with `socius data import sipri-milex FILE`"
    raise UnknownNameError(
        f"unknown dataset '{name}'{hint}{extra}; list them with `socius data list`"
    )


#: Keys every manifest entry must have (a hand-edited manifest may lack one).
REQUIRED_KEYS = ("file", "sha256")


def _checked_info(name: str, entry: Any, folder: Path, origin: str) -> DatasetInfo:
    """Validate one manifest entry: required keys present, ``file`` inside *folder*."""
    manifest = folder / "MANIFEST.json"
    fix = (
        "reinstall socius (pip install --force-reinstall --no-deps socius)"
        if origin == "bundled"
        else "re-run the import (socius data import ...) or restore the entry"
    )
    if not isinstance(entry, dict):
        raise IntegrityError(
            f"manifest {manifest}: the entry of dataset '{name}' is not a JSON object; {fix}"
        )
    for key in REQUIRED_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise IntegrityError(
                f"manifest {manifest}: dataset '{name}' lacks the key '{key}' (or it is not a "
                f"string); {fix}"
            )
    base = folder.resolve()
    path = (folder / entry["file"]).resolve()
    if not path.is_relative_to(base):
        raise IntegrityError(
            f"manifest {manifest}: dataset '{name}' points at '{entry['file']}', outside "
            f"{base}; a manifest may only name files inside its own folder; {fix}"
        )
    return DatasetInfo(name, path, entry, origin)


def file_sha256(path: Path) -> str:
    """sha256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=256)
def _verified(path: str, size: int, mtime_ns: int, expected: str) -> bool:
    return file_sha256(Path(path)) == expected


def repair_hint(info: DatasetInfo) -> str:
    if info.origin == "bundled":
        return (
            "reinstall socius (pip install --force-reinstall --no-deps socius) or, in a source "
            "checkout, run `make data`; `socius data verify` checks every snapshot"
        )
    return (
        f"re-import it (socius data import ...), or delete {info.path} and its manifest entry; "
        "`socius data verify` checks every snapshot"
    )


def check_snapshot(info: DatasetInfo) -> None:
    """Raise :class:`DataError` unless the snapshot exists and matches its manifest sha256."""
    path = info.path
    if not path.is_file():
        raise IntegrityError(
            f"snapshot '{info.name}' is missing: {path} (expected sha256 {info.sha256}); {repair_hint(info)}"
        )
    stat = path.stat()
    if not _verified(str(path), stat.st_size, stat.st_mtime_ns, info.sha256):
        raise IntegrityError(
            f"snapshot '{info.name}' is corrupted: {path} does not match the expected sha256 "
            f"{info.sha256}; {repair_hint(info)}"
        )

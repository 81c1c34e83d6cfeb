"""Atomic file output shared by the library and the CLI.

Everything socius writes goes to a temporary file in the destination folder and
is renamed into place only when complete, so a failure never leaves a truncated
or half-written file and never destroys the previous version.

Temporary files are named ``.NAME.socius-PID-RANDOM.tmp``. They are removed when
the write fails or is interrupted (Ctrl-C, SIGTERM and SIGHUP reach the same
cleanup path, see :mod:`socius.cli`). A process killed outright (``kill -9``)
cannot clean up, so every new write first removes the stale temporary files of
the same folder: those whose writing process is gone, and any older than a day
(files named the older way, ``.NAME.RANDOM.tmp``, are removed for the file being
written once they are an hour old). A concurrent writer's file is never touched,
because its process is still alive.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from socius.errors import ValidationError

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "TABLE_FORMATS",
    "atomic_path",
    "atomic_write_text",
    "check_folder_writable",
    "check_not_input",
    "check_output_path",
    "check_writable",
    "clean_stale_temps",
    "loads_toml",
    "read_text",
    "temp_file",
    "write_table",
]

TABLE_FORMATS = (".parquet", ".csv", ".json")

#: Bytes a temporary name adds to the output's name (".", ".socius-PID-RANDOM.tmp").
_TEMP_OVERHEAD = 40
_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.socius-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
_STALE_AFTER_S = 24 * 3600.0
_LEGACY_STALE_AFTER_S = 3600.0


def check_writable(path: str | os.PathLike[str], *, option: str = "output path") -> Path:
    """Check that *path* can be written (folder exists and is writable, name not too long).

    Raises
    ------
    ValidationError
        Naming the path and the fix; raised before any work starts.
    """
    out = Path(path)
    if out.is_dir():
        raise ValidationError(
            f"{option} '{out}' is a folder; give a file name inside it, such as {out / 'result.csv'}"
        )
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ValidationError(
            f"output folder '{parent}' does not exist; create it first (mkdir -p {parent})"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValidationError(
            f"output folder '{parent}' is not writable; choose a folder you can write to "
            "(or change its permissions)"
        )
    try:
        name_max = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    size = len(os.fsencode(out.name))
    if size + _TEMP_OVERHEAD > name_max:
        raise ValidationError(
            f"{option} file name is too long ({size} bytes); use a name of at most "
            f"{name_max - _TEMP_OVERHEAD} bytes"
        )
    _probe(parent, out.name)
    return out


def _probe(folder: Path, name: str) -> None:
    """Create and remove a temporary file in *folder*: the only sure test that a write
    will succeed (permissions for root, ACLs, read-only or special file systems)."""
    try:
        fd, probe = tempfile.mkstemp(
            prefix=f".{name}.socius-{os.getpid()}-", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise ValidationError(
            f"output folder '{folder}' cannot be written ({reason}); choose a folder you can "
            "write to"
        ) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def check_folder_writable(path: str | os.PathLike[str], *, option: str = "output folder") -> Path:
    """Check that the folder *path* exists and is writable (for ``--out-dir`` options)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ValidationError(
            f"{option} '{folder}' is not an existing folder; create it first (mkdir -p {folder})"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(
            f"{option} '{folder}' is not writable; choose a folder you can write to "
            "(or change its permissions)"
        )
    return folder


def check_not_input(
    path: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str] | None],
    *,
    option: str = "output path",
) -> Path:
    """Refuse an output *path* that is the same file (same inode) as one of *inputs*.

    Writing the result over an input would destroy the input; the comparison uses
    the device and inode, so links, ``./x`` and absolute spellings are all caught.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp()) / "edges.csv"
    >>> _ = src.write_text("a,b\\n")
    >>> check_not_input(src, [src])
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: output path '...edges.csv' is also an input file; write the result to another file (for example ...edges-out.csv)
    """
    out = Path(path)
    try:
        out_stat = out.stat()
    except OSError:
        return out  # a file that does not exist yet cannot be an input
    for item in inputs:
        if item is None:
            continue
        try:
            st = os.stat(item)
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) == (out_stat.st_dev, out_stat.st_ino):
            other = out.with_name(f"{out.stem}-out{out.suffix}")
            raise ValidationError(
                f"{option} '{out}' is also an input file; write the result to another file "
                f"(for example {other})"
            )
    return out


def check_output_path(
    path: str | os.PathLike[str],
    *,
    allowed: tuple[str, ...],
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path:
    """Validate an output path before any work is done.

    Raises
    ------
    ValidationError
        If the suffix is not one of *allowed*, the folder does not exist or is not
        writable, the name is too long, the path names a folder, or it is the same
        file as one of *inputs*.
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
    check_writable(out)
    check_not_input(out, inputs)
    return out


def read_text(path: str | os.PathLike[str], *, what: str = "file") -> str:
    """Read a UTF-8 text file; a file in another encoding raises one clear line.

    Raises
    ------
    ValidationError
        The file is not UTF-8 (naming the file, the byte and the fix).
    """
    file = Path(path)
    raw = file.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"{what} '{file}' is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as UTF-8 and try again"
        ) from None


def loads_toml(text: str, *, where: str) -> dict[str, Any]:
    """Parse TOML *text*; input nested too deeply raises one clear line.

    ``tomllib.TOMLDecodeError`` is passed on unchanged (callers word it), while a
    ``RecursionError`` (thousands of nested arrays or tables) becomes a
    :class:`ValidationError` naming *where*.
    """
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ValidationError(
            f"{where}: the TOML is nested too deeply to read; a socius file needs only a few "
            "levels of tables and arrays"
        ) from None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return True
    return True


def clean_stale_temps(folder: str | os.PathLike[str], *, name: str | None = None) -> list[Path]:
    """Remove socius's stale temporary files in *folder*; return what was removed.

    A temporary file is stale when the process that wrote it is gone, or when it
    is older than a day. Files named the older way (``.NAME.RANDOM.tmp``, no
    process id) are removed only for *name* (the file about to be written) and
    only when older than an hour. Errors (a file removed meanwhile, no
    permission) are ignored: cleaning is best effort and never fails a write.
    """
    removed: list[Path] = []
    now = time.time()
    me = os.getpid()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    legacy = re.compile(r"^\." + re.escape(name) + r"\.[A-Za-z0-9_]{8}\.tmp$") if name else None
    for entry in entries:
        if not entry.name.endswith(".tmp") or not entry.name.startswith("."):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        m = _TEMP_RE.match(entry.name)
        if m is not None:
            pid = int(m.group("pid"))
            stale = (pid != me and not _pid_alive(pid)) or age > _STALE_AFTER_S
        else:
            stale = (
                legacy is not None
                and bool(legacy.match(entry.name))
                and age > _LEGACY_STALE_AFTER_S
            )
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def temp_file(folder: str | os.PathLike[str], name: str) -> Iterator[Path]:
    """Yield a new, empty temporary file for *name* in *folder*; remove it afterwards
    unless the caller renamed it away. Stale temporary files of the folder are
    removed first (see :func:`clean_stale_temps`)."""
    where = Path(folder) if str(folder) else Path(".")
    clean_stale_temps(where, name=name)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{name}.socius-{os.getpid()}-", suffix=".tmp", dir=where
        )
    except OSError as exc:  # name the file being written, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(where / name)) from None
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to *path*; rename it onto *path* on success."""
    target = Path(path)
    with temp_file(target.parent, target.name) as tmp:
        yield tmp
        os.replace(tmp, target)


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
            with tmp.open("wb") as fh:  # a handle: paths that are not UTF-8 work too
                frame.write_csv(fh)
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
    with tmp.open("wb") as fh:
        pq.write_table(table, fh, compression="zstd")


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

"""Nothing lost: atomic writes clean up after signals and after ``kill -9``.

A write interrupted by SIGINT, SIGTERM or SIGHUP removes its temporary file and
leaves the previous version of the target untouched; the command prints one line
and exits 130 (Ctrl-C) or 128 + the signal number. Temporary files left by a
process that was killed outright are removed by the next write to the folder,
while a live concurrent writer's file is kept.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius._io import (
    atomic_write_text,
    check_not_input,
    check_output_path,
    clean_stale_temps,
    loads_toml,
    read_text,
    write_table,
)
from socius.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]

# A child that starts `socius panel state-years --out OUT` and blocks inside the
# atomic write (after the temporary file has data) until it is signalled.
_CHILD = """
import sys, time
import socius._io as sio
def slow(frame, tmp):
    tmp.write_text("partial")
    print("READY", flush=True)
    time.sleep(60)
sio._write_json = slow
from socius.cli import main
sys.exit(main(["panel", "state-years", "--years", "2007", "--out", sys.argv[1]]))
"""


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 128 + signal.SIGTERM, "terminated by SIGTERM"),
        (signal.SIGHUP, 128 + signal.SIGHUP, "terminated by SIGHUP"),
    ],
)
def test_signal_mid_write_removes_the_temp_file_and_keeps_the_old_file(
    tmp_path: Path, signum: int, code: int, line: str
) -> None:
    out = tmp_path / "panel.json"
    out.write_text("previous version")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    assert "READY" in ready, child.stderr.read() if child.stderr else ""
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == code
    assert err.strip().splitlines()[-1] == line and "Traceback" not in err
    assert out.read_text() == "previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["panel.json"]


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_stale_temp_files_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    dead = _dead_pid()
    live = os.getppid()  # a live process that is not us: a concurrent writer
    stale = tmp_path / f".out.csv.socius-{dead}-abcd1234.tmp"
    concurrent = tmp_path / f".out.csv.socius-{live}-efgh5678.tmp"
    other_dead = tmp_path / f".other.parquet.socius-{dead}-zzzz0000.tmp"
    legacy_old = tmp_path / ".out.csv.k2j4h5g6.tmp"
    legacy_new = tmp_path / ".out.csv.a1b2c3d4.tmp"
    unrelated = tmp_path / ".cache.tmp"
    for p in (stale, concurrent, other_dead, legacy_old, legacy_new, unrelated):
        p.write_bytes(b"x" * 1000)
    two_hours_ago = time.time() - 7200
    os.utime(legacy_old, (two_hours_ago, two_hours_ago))
    os.utime(unrelated, (two_hours_ago, two_hours_ago))
    write_table(pl.DataFrame({"a": [1]}), tmp_path / "out.csv")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"out.csv", concurrent.name, legacy_new.name, unrelated.name}


def test_clean_stale_temps_reports_what_it_removed(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".x.json.socius-{dead}-abcd1234.tmp"
    stale.write_text("x")
    assert clean_stale_temps(tmp_path) == [stale]
    assert clean_stale_temps(tmp_path / "missing") == []


def test_atomic_write_failure_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")

    class Boom(Exception):
        pass

    from socius._io import atomic_path

    def half_write() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("new, half")
            raise Boom

    with pytest.raises(Boom):
        half_write()
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    atomic_write_text(target, "new")
    assert target.read_text() == "new"


def test_output_path_checks(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("a\n1\n")
    with pytest.raises(ValidationError, match="is also an input file"):
        check_output_path(tmp_path / "." / "in.csv", allowed=(".csv",), inputs=[str(src)])
    sym = tmp_path / "sym.csv"
    sym.symlink_to(src)
    with pytest.raises(ValidationError, match="is also an input file"):
        check_not_input(sym, [src])
    assert check_not_input(tmp_path / "new.csv", [src]) == tmp_path / "new.csv"
    with pytest.raises(ValidationError, match="file name is too long"):
        check_output_path(tmp_path / ("b" * 250 + ".csv"), allowed=(".csv",))


def test_read_text_names_the_file_and_byte(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_bytes(b"a = 1\nb = '\xe9'\n")
    with pytest.raises(
        ValidationError, match=r"policy file '.*p.toml' is not UTF-8 text \(byte 0xe9 on line 2\)"
    ):
        read_text(f, what="policy file")
    f.write_bytes(b"\xef\xbb\xbfa = 1\n")  # a UTF-8 BOM is fine
    assert read_text(f) == "a = 1\n"


def test_loads_toml_refuses_deep_nesting() -> None:
    with pytest.raises(ValidationError, match="nested too deeply"):
        loads_toml("x = " + "[" * 50_000 + "]" * 50_000, where="deep.toml")
    assert loads_toml("x = [[1]]", where="ok.toml") == {"x": [[1]]}


@given(st.binary(max_size=200))
def test_read_text_either_decodes_or_raises_validation_error(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "f.txt"
        f.write_bytes(data)
        try:
            expected = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            with pytest.raises(ValidationError, match="not UTF-8"):
                read_text(f)
        else:
            assert read_text(f) == expected


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json"])
def test_output_names_that_are_not_utf8_are_written(tmp_path: Path, suffix: str) -> None:
    """A file name given as raw bytes (surrogate-escaped by Python) is written, not a crash."""
    name = os.fsdecode(b"r\xff" + suffix.encode())
    out = write_table(pl.DataFrame({"a": [1, 2]}), tmp_path / name)
    assert out.is_file() and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [name]

"""The user store under concurrency and hand edits, and integrity failures in reports.

Concurrent SIPRI imports (separate processes) are serialised by a file lock, so no
manifest entry is lost and no snapshot is orphaned; a busy store fails with one
line after a timeout; a hand-edited manifest missing a key or pointing outside the
store is refused with one line; a corrupted snapshot fails ``socius report``
while missing coverage stays a note.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import time
from pathlib import Path
from typing import Any

import pytest

import socius.data as sd
from socius.cli import main
from socius.data.catalog import user_dir
from socius.data.sipri import store
from socius.errors import CoverageError, IntegrityError, StoreLockedError

FIXTURES = Path(__file__).parent / "data" / "sipri"
WORKBOOK = FIXTURES / "SIPRI-Milex-fixture.xlsx"
TABLES = sorted(FIXTURES.glob("TIV-*.csv"))


def _import_in_child(kind: str, folder: str, start: Any, pause: float) -> None:
    """Run one import in a fresh process; widen the read-modify-write window by *pause*."""
    os.environ["SOCIUS_DATA_DIR"] = folder
    from socius.data.sipri import store as st

    real = st.atomic_write_text

    def slow_write(path: Any, text: str) -> Path:
        time.sleep(pause)  # between reading the manifest and writing it back
        return real(path, text)

    st.atomic_write_text = slow_write  # type: ignore[assignment]
    start.wait(60)
    if kind == "milex":
        st.import_milex(WORKBOOK)
    else:
        st.import_arms(TABLES)


def test_concurrent_imports_keep_every_manifest_entry(tmp_path: Path) -> None:
    """Two imports in two processes, each pausing between reading and writing the manifest.

    Without the lock both read the empty manifest and the second write drops the first
    entry (checked: the test fails with the lock removed). A few seconds: two fresh interpreters.
    """
    folder = tmp_path / "store"
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [
        ctx.Process(target=_import_in_child, args=(kind, str(folder), start, 0.4))
        for kind in ("milex", "arms")
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    assert set(manifest["datasets"]) == {"sipri_milex", "sipri_arms"}
    named = {e["file"].removeprefix("snapshots/") for e in manifest["datasets"].values()}
    on_disk = {p.name for p in (folder / "snapshots").iterdir()}
    assert on_disk == named  # no orphaned snapshot, no temporary file left
    os.environ["SOCIUS_DATA_DIR"] = str(folder)
    assert sd.verify(["sipri_milex", "sipri_arms"])["status"].to_list() == ["ok", "ok"]


def test_a_busy_store_fails_after_the_timeout_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.2)
    with store.store_lock(folder):
        with pytest.raises(StoreLockedError, match="is busy: another import has held"):
            store.import_milex(WORKBOOK)
        assert main(["data", "import", "sipri-milex", str(WORKBOOK)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the user data store") and err.count("\n") == 1
    assert not (folder / "MANIFEST.json").exists()
    assert store.import_milex(WORKBOOK).rows > 0  # free again


def _hand_edit(edit: Any) -> None:
    store.import_milex(WORKBOOK)
    path = user_dir() / "MANIFEST.json"
    manifest = json.loads(path.read_text())
    edit(manifest["datasets"]["sipri_milex"])
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda e: e.pop("sha256"), "lacks the key 'sha256'"),
        (lambda e: e.pop("file"), "lacks the key 'file'"),
        (lambda e: e.update(file="../../../etc/passwd"), "outside"),
        (lambda e: e.update(file="/etc/passwd"), "outside"),
    ],
)
def test_hand_edited_manifest_is_refused_with_one_line(
    edit: Any, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _hand_edit(edit)
    with pytest.raises(IntegrityError, match=needle):
        sd.load("sipri_milex")
    assert main(["data", "info", "sipri_milex"]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_reimport_never_deletes_outside_the_store(tmp_path: Path) -> None:
    outside = tmp_path / "precious.parquet"
    outside.write_text("keep me")
    _hand_edit(lambda e: e.update(file=str(outside)))
    store.import_milex(WORKBOOK)  # replaces the entry; the old "file" is outside: kept
    assert outside.read_text() == "keep me"


def test_corrupted_snapshot_fails_the_report_missing_coverage_is_a_note(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socius.report as rep

    def corrupted(ctx: Any) -> Any:
        raise IntegrityError("snapshot 'nmc' is corrupted: ...; run `socius data verify`")

    def uncovered(ctx: Any) -> Any:
        raise CoverageError("V-Dem ends in 2023")

    monkeypatch.setattr(rep, "_load_section", lambda name: uncovered)
    _, section, _ = rep._run_section("values", None)  # type: ignore[arg-type]
    assert section is not None and "could not be computed: V-Dem ends" in str(section)
    monkeypatch.setattr(rep, "_load_section", lambda name: corrupted)
    with pytest.raises(IntegrityError):
        rep._run_section("values", None)  # type: ignore[arg-type]
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # sections in this process
    out = tmp_path / "r.html"
    assert main(["report", "--year", "2007", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "snapshot 'nmc' is corrupted" in err and "socius data verify" in err
    assert not out.exists()


def test_verify_reports_an_invalid_entry_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    _hand_edit(lambda e: e.pop("sha256"))
    table = sd.verify(["nmc", "sipri_milex"])
    assert table["status"].to_list() == ["ok", "invalid"]
    assert main(["data", "verify"]) == 2
    err = capsys.readouterr().err
    assert "lacks the key 'sha256'" in err and err.count("\n") == 1


def test_a_manifest_that_is_not_an_object_or_not_utf8_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for content in (b"[1, 2]", b'{"datasets": {"x": 1}, "note": "\xff"}'):
        (folder / "MANIFEST.json").write_bytes(content)
        assert main(["data", "list"]) == 2
        err = capsys.readouterr().err
        assert f"manifest {folder / 'MANIFEST.json'}" in err and err.count("\n") == 1


def test_cite_from_a_file_with_damaged_provenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "x.parquet"
    table = pa.table({"a": [1]}).replace_schema_metadata({b"socius": b"{not json"})
    pq.write_table(table, path)
    assert main(["data", "cite", "--from", str(path)]) == 2
    assert "damaged socius provenance" in capsys.readouterr().err


def test_a_source_name_that_is_not_utf8_is_recorded_escaped(tmp_path: Path) -> None:
    import shutil

    odd = tmp_path / os.fsdecode(b"m\xff.xlsx")
    shutil.copyfile(WORKBOOK, odd)
    store.import_milex(odd)
    manifest = json.loads((user_dir() / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["datasets"]["sipri_milex"]["sources"][0]["path"] == "m\\xff.xlsx"


_CORRUPT_REPORT = """
import os, sys
from pathlib import Path
import socius.data.catalog as cat
cat.bundled_dir = lambda: Path(sys.argv[1])
os.cpu_count = lambda: 1  # sections in this process, which sees the patched folder
from socius.cli import main
sys.exit(main(["report", "--year", "2007", "--out", sys.argv[2]]))
"""


def test_a_really_corrupted_bundled_snapshot_fails_the_report(tmp_path: Path) -> None:
    """End to end in a fresh process: a copy of the bundled data with one byte of the NMC
    snapshot changed. Exit 2, one line naming the snapshot and `socius data verify`."""
    import shutil
    import subprocess
    import sys

    src = Path(sd.__file__).parent
    data = tmp_path / "data"
    shutil.copytree(src / "snapshots", data / "snapshots")
    shutil.copy(src / "MANIFEST.json", data / "MANIFEST.json")
    nmc = data / "snapshots" / "nmc.parquet"
    raw = bytearray(nmc.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    nmc.write_bytes(bytes(raw))
    out = tmp_path / "r.html"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _CORRUPT_REPORT, str(data), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: snapshot 'nmc' is corrupted")
    assert "socius data verify" in lines[0]
    assert not out.exists()

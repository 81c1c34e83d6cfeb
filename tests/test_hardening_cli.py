"""The CLI's contract for bad input: one line, exit 2, never a traceback, nothing lost.

One test (or one parametrised test) per class of failure found by the hardening
pass: output over an input, unwritable or over-long output paths,
counts out of bounds, operating-system and decoding errors, control characters,
the framework's messages, interruptions (exit 130) and the lazy command table.
"""

from __future__ import annotations

import errno
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socius.cli
from socius.cli import commands, escape, main
from socius.errors import IntegrityError, ValidationError
from socius.limits import LIMITS

ROOT = Path(__file__).resolve().parents[1]
NETWORKS = ROOT / "tests" / "data" / "networks"
SHIPPED = ROOT / "src" / "socius" / "scenarios"


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --- output over an input (data loss) -------------------------------------------------


def _copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


@pytest.mark.parametrize(
    "case",
    ["edges", "nodes", "incidents", "bargain", "report-policy", "deter-scenario", "link"],
)
def test_output_over_an_input_is_refused(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edges = _copy(NETWORKS / "actors_edges.csv", tmp_path / "t.csv")
    nodes = _copy(NETWORKS / "actors_nodes.csv", tmp_path / "n.csv")
    if case == "edges":
        argv, victim = ["networks", "analyze", str(edges), "--out", str(edges)], edges
    elif case == "nodes":
        argv = ["networks", "analyze", str(edges), "--nodes", str(nodes), "--out", str(nodes)]
        victim = nodes
    elif case == "incidents":
        victim = tmp_path / "x.csv"
        victim.write_text("year,series,origin,count,source\n2020,x,CHN,3,y\n")
        argv = ["indicators", "incidents", str(victim), "--out", str(victim)]
    elif case == "bargain":
        victim = tmp_path / "s.csv"
        victim.write_text("actor,capability,position,salience\nA,1,0,1\nB,1,100,1\n")
        argv = ["bargain", "run", str(victim), "--out", str(victim)]
    elif case == "report-policy":
        victim = tmp_path / "p.html"
        victim.write_text((ROOT / "src/socius/affiliation/default_policy.toml").read_text())
        argv = ["report", "--policy", str(victim), "--out", str(victim)]
    elif case == "deter-scenario":
        shipped = sorted((SHIPPED / "deterrence").glob("taiwan-strait*.toml"))[-1]
        victim = _copy(shipped, tmp_path / "s.toml")
        argv = ["deter", "run", str(victim), "--draws", "10", "--figure", str(victim)]
    else:  # a hard link is the same file under another name
        victim = edges
        link = tmp_path / "alias.csv"
        os.link(edges, link)
        argv = ["networks", "analyze", str(edges), "--out", str(link)]
    before = victim.read_bytes()
    assert main(argv) == 2
    err = _one_line_error(capsys)
    assert "is also an input file" in err
    assert victim.read_bytes() == before


def test_output_next_to_the_input_is_fine(tmp_path: Path) -> None:
    edges = _copy(NETWORKS / "actors_edges.csv", tmp_path / "t.csv")
    out = tmp_path / "t-out.csv"
    assert main(["networks", "analyze", str(edges), "--out", str(out)]) == 0
    assert out.is_file() and edges.read_bytes() == (NETWORKS / "actors_edges.csv").read_bytes()


# --- output paths checked before work -------------------------------------------------


def test_unwritable_output_folder_is_refused_before_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socius._io as sio

    real = os.access
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr(
        sio.os, "access", lambda p, mode: False if Path(p) == locked else real(p, mode)
    )
    worked: list[int] = []
    monkeypatch.setattr("socius.report.build_report", lambda *a, **k: worked.append(1))
    assert main(["report", "--year", "2007", "--out", str(locked / "r.html")]) == 2
    assert "is not writable" in _one_line_error(capsys)
    assert not worked


def test_unwritable_working_directory_for_the_default_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socius._io as sio

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sio.os, "access", lambda p, mode: str(p) != ".")
    assert main(["report", "--year", "2007"]) == 2
    assert "output folder '.' is not writable" in _one_line_error(capsys)


def test_a_folder_that_refuses_files_is_found_before_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Permission bits can pass (root, ACLs) while the file system refuses the file."""
    import socius._io as sio

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(sio.tempfile, "mkstemp", refuse)
    worked: list[int] = []
    monkeypatch.setattr("socius.report.build_report", lambda *a, **k: worked.append(1))
    assert main(["report", "--year", "2007", "--out", str(tmp_path / "r.html")]) == 2
    assert "cannot be written (read-only file system)" in _one_line_error(capsys)
    assert not worked


def test_file_name_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("a" * 240 + ".csv")
    assert main(["panel", "state-years", "--years", "2007", "--out", str(out)]) == 2
    assert "file name is too long" in _one_line_error(capsys)


def test_missing_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", "state-years", "--out", str(tmp_path / "no" / "x.csv")]) == 2
    assert "does not exist; create it first" in _one_line_error(capsys)


# --- counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["bargain", "run", "eu-emissions", "--rounds", "100000000"], "--rounds 100,000,000"),
        (["bargain", "run", "eu-emissions", "--rounds", "0"], "--rounds 0 is out of range"),
        (["bargain", "run", "eu-emissions", "--draws", "-1"], "--draws -1 is out of range"),
        (["bargain", "run", "eu-emissions", "--draws", "10", "--seed", "-3"], "--seed -3"),
        (["deter", "run", "taiwan-strait", "--draws", "0"], "--draws 0 is out of range"),
        (["deter", "run", "taiwan-strait", "--draws", "1000000000000"], "1,000,000,000,000"),
        (["deter", "run", "taiwan-strait", "--seed", "-1"], "--seed -1 is out of range"),
        (["affiliation", "classify", "--draws", "-1"], "--draws -1 is out of range"),
        (["affiliation", "classify", "--draws", "0"], "--draws 0 is out of range"),
        (["affiliation", "sensitivity", "--points", "100000000"], "--points 100,000,000"),
        (["networks", "keyplayers", str(NETWORKS / "path5.csv"), "--k", "0"], "--k 0"),
        (["networks", "analyze", str(NETWORKS / "path5.csv"), "--seed", "-5"], "--seed -5"),
    ],
)
def test_counts_outside_their_limits_are_refused(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = _one_line_error(capsys)
    assert needle in err and "use a whole number from" in err


def test_zero_meaning_none_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """``--draws 0`` of ``bargain run`` is documented as "0: none" and stays valid."""
    assert main(["bargain", "run", "eu-emissions", "--rounds", "2", "--draws", "0"]) == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["report", "--year", "abc"], "--year 'abc' is not a whole number"),
        (["bargain", "run", "eu-emissions", "--draws", "1.5"], "--draws '1.5' is not a whole"),
        (["panel", "state-years", "--nope"], "No such option"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_usage_errors_name_the_value(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert needle in _one_line_error(capsys)


# --- one place maps every failure to one line -----------------------------------------


def _raise(exc: BaseException) -> Any:
    def boom(*args: object, **kwargs: object) -> None:
        raise exc

    return boom


@pytest.mark.parametrize(
    ("exc", "needle"),
    [
        (OSError(errno.EACCES, "Permission denied", "/srv/x.csv"), "'/srv/x.csv': permission"),
        (OSError(errno.ENOSPC, "No space left on device", "/srv/x.csv"), "no space left"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "/srv/aaa"), "name is too long"),
        (OSError(errno.EROFS, "Read-only file system", "/srv/x"), "read-only"),
        (OSError(errno.EIO, "Input/output error", "/srv/x"), "input/output error"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "not UTF-8"),
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "out of memory"),
        (IntegrityError("snapshot 'nmc' is corrupted"), "snapshot 'nmc' is corrupted"),
    ],
)
def test_every_failure_is_one_line_exit_2(
    exc: BaseException,
    needle: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("socius.data.versions", _raise(exc))
    assert main(["data", "list"]) == 2
    assert needle in _one_line_error(capsys)


def test_a_closed_pipe_stops_quietly() -> None:
    """``socius ... | head -1``: no traceback, no "Exception ignored", a non-zero exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = (
        "import socius.data as sd, sys\n"
        "def flood(*a, **k):\n"
        "    for _ in range(100000): print('x' * 80)\n"
        "sd.versions = flood\n"
        "from socius.cli import main\n"
        "main()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "data", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(60) in (1, 141) and err == ""  # the framework stops with 1, we with 141


def test_ctrl_c_prints_one_line_and_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("socius.data.versions", _raise(KeyboardInterrupt()))
    assert main(["data", "list"]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_an_unexpected_bug_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SOCIUS_DEBUG", raising=False)
    monkeypatch.setattr("socius.data.versions", _raise(ZeroDivisionError("x")))
    assert main(["data", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("internal error: ZeroDivisionError") and err.count("\n") == 1


def test_control_characters_from_input_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "info", "nmc\x1b[2J\x07"]) == 2
    err = _one_line_error(capsys)
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[2J\\x07" in err


def test_escape_keeps_printable_text() -> None:
    assert escape("Côte d'Ivoire, 中国") == "Côte d'Ivoire, 中国"
    assert escape("a\tb\rc") == "a\\tb\\rc"


def test_non_utf8_policy_and_scenario_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_bytes("alliance = 'NATO' # caf\xe9\n".encode("latin-1"))
    assert main(["affiliation", "classify", "--policy", str(policy)]) == 2
    assert "is not UTF-8 text (byte 0xe9 on line 1)" in _one_line_error(capsys)
    scenario = tmp_path / "s.toml"
    scenario.write_bytes(b"title = '\xff'\n")
    assert main(["deter", "run", str(scenario), "--draws", "10"]) == 2
    assert "is not UTF-8 text" in _one_line_error(capsys)


def test_deeply_nested_toml_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert main(["affiliation", "classify", "--policy", str(deep)]) == 2
    assert "nested too deeply" in _one_line_error(capsys)
    assert main(["deter", "run", str(deep), "--draws", "10"]) == 2
    assert "nested too deeply" in _one_line_error(capsys)
    assert main(["bargain", "run", str(deep)]) == 2
    assert "nested too deeply" in _one_line_error(capsys)


# --- lazy command table ---------------------------------------------------------------


def test_every_cli_module_is_in_the_command_table() -> None:
    """A new ``socius/cli/<topic>.py`` cannot be forgotten: it must have a row."""
    modules = {
        f"socius.cli.{m.name}"
        for m in pkgutil.iter_modules(socius.cli.__path__)
        if not m.name.startswith("_") and m.name != "commands"
    }
    listed = {module for module, _ in commands.COMMANDS.values()}
    assert modules == listed, f"add to socius.cli.commands.COMMANDS: {sorted(modules - listed)}"
    assert all(text and "\n" not in text for _, text in commands.COMMANDS.values())


@pytest.mark.parametrize("name", sorted(commands.COMMANDS))
def test_every_command_loads_under_its_table_name(name: str) -> None:
    cmd = commands.load(name)
    assert cmd.name == name
    for leaf in commands._walk(cmd):
        assert leaf.invoke.__name__ == "invoke"  # the shared guard is installed


def test_every_output_option_is_known_to_the_guard() -> None:
    """Path options whose help says they write are in OUTPUT_PARAMS (so they are checked)."""
    missing = []
    for name in commands.COMMANDS:
        for leaf in commands._walk(commands.load(name)):
            for p in leaf.params:
                text = (getattr(p, "help", "") or "").lower()
                known = commands.OUTPUT_PARAMS | commands.OUTPUT_DIR_PARAMS
                if text.startswith(("write", "output")) and p.name not in known:
                    missing.append(f"{leaf.name} {p.name}")
    assert not missing


def test_version_and_help_import_no_command_module() -> None:
    code = (
        "import sys; from socius.cli import main; "
        "main(['--version']); main(['--help']); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('scipy', 'polars', 'numpy', 'matplotlib', 'networkx', 'duckdb') "
        "or (m.startswith('socius.cli.') and m not in ('socius.cli.commands',))); "
        "print('HEAVY', heavy)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert "HEAVY []" in done.stdout, done.stdout[-500:]
    assert "affiliation" in done.stdout and "report" in done.stdout  # help lists the table


def test_guard_refuses_counts_in_any_command() -> None:
    """The guard reads LIMITS by parameter name, so a new command gets the checks too."""

    from types import SimpleNamespace

    param = SimpleNamespace(name="draws", opts=("--draws",), default=1000, help="draws")
    ctx = SimpleNamespace(command=SimpleNamespace(params=(param,)), params={"draws": 10**9})

    with pytest.raises(ValidationError, match="--draws 1,000,000,000 is out of range"):
        commands.guard(ctx)


# --- the README's limits ----------------------------------------------------------------


def test_readme_limits_table_equals_limits() -> None:
    from socius.limits import markdown_table

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- limits:start -->\n", "<!-- limits:end -->"
    assert start in text and end in text, "README needs its Limits section"
    block = text.split(start, 1)[1].split(end, 1)[0]
    assert block == markdown_table(), "regenerate the README table from socius.limits.LIMITS"


def test_every_count_option_is_in_limits_or_named_as_unbounded() -> None:
    """An int option of any command is either checked by LIMITS or one of the named
    exceptions (years, whose bounds are the data's coverage; a TCP port)."""
    from socius.limits import LIMITS

    years = {"year", "start", "end", "from_", "to"}
    years |= {"port"}  # socius serve checks its TCP port itself (1-65535)
    unchecked = []
    for name in commands.COMMANDS:
        for leaf in commands._walk(commands.load(name)):
            for p in leaf.params:
                td = getattr(p, "type_descriptor", None)
                annotation = str(getattr(td, "annotation", ""))
                is_int = annotation in ("<class 'int'>", "int | None", "typing.Optional[int]")
                if is_int and p.name not in LIMITS.keys() | years:
                    unchecked.append(f"{leaf.name} --{p.name}")
    assert not unchecked, f"add a Limit row (socius.limits) for: {unchecked}"


@pytest.mark.parametrize(
    "argv",
    [
        ["networks", "risk", "--top", "-5"],
        ["networks", "risk", "--window", "-1"],
        ["indicators", "rank", "milex", "--top", "0"],
    ],
)
def test_other_counts_are_bounded(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = _one_line_error(capsys)
    assert f"{argv[-2]} {argv[-1]} is out of range" in err


# --- properties -------------------------------------------------------------------------


@given(st.text(max_size=60))
def test_escaped_text_is_printable(text: str) -> None:
    out = escape(text)
    assert all(ch.isprintable() or ch == " " for ch in out)
    if text.isprintable():
        assert out == text


@given(name=st.sampled_from(sorted(LIMITS)), value=st.integers())
def test_check_count_accepts_exactly_the_stated_range(name: str, value: int) -> None:
    from socius.limits import check_count

    lim = LIMITS[name]
    if lim.low <= value <= lim.high:
        assert check_count(name, value) == value
    else:
        with pytest.raises(ValidationError, match="is out of range"):
            check_count(name, value)


def test_input_names_that_are_not_utf8_are_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / os.fsdecode(b"e\xff.csv")
    shutil.copyfile(NETWORKS / "actors_edges.csv", odd)
    assert main(["networks", "analyze", str(odd)]) == 2
    err = _one_line_error(capsys)
    assert "e\\xff.csv' is not a UTF-8 file name; rename the file" in err


def test_guard_accepts_an_existing_output_folder_and_leaves_missing_ones_to_the_command(
    tmp_path: Path,
) -> None:
    """A sweep writes into a folder given as --out: resuming means the folder exists."""
    from types import SimpleNamespace

    param = SimpleNamespace(name="out", opts=("--out",), default=None, help="Folder")
    for out in (tmp_path, tmp_path / "new", tmp_path / "missing" / "deeper"):
        ctx = SimpleNamespace(command=SimpleNamespace(params=(param,)), params={"out": out})
        commands.guard(ctx)  # no error: the command decides about a missing parent

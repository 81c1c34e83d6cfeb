"""Fuzzing every file reader: random bytes, mutated real files and random structured
documents either parse or raise the project's own error (``SociusError``).

Bounded for CI: the Hypothesis profile in conftest.py is derandomised (the same
examples every run) and each test here runs at most 40 examples, a few seconds in
all. ``HYPOTHESIS_PROFILE=explore`` searches afresh with more examples.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socius.errors import SociusError

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "src" / "socius" / "affiliation" / "default_policy.toml"
DETER = sorted((ROOT / "src" / "socius" / "scenarios" / "deterrence").glob("taiwan-strait*.toml"))[
    -1
]
BARGAIN = ROOT / "src" / "socius" / "scenarios" / "bargaining" / "eu-emissions.toml"
NETWORKS = ROOT / "tests" / "data" / "networks"
SIPRI = ROOT / "tests" / "data" / "sipri"

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _readers() -> dict[str, tuple[str, Callable[[Path], Any]]]:
    from socius.affiliation import load_policy
    from socius.bargaining import load_scenario as load_bargain
    from socius.data.sipri import read_arms, read_milex
    from socius.deterrence import read_scenario
    from socius.networks.io import read_network

    return {
        "policy": (".toml", load_policy),
        "deterrence": (".toml", read_scenario),
        "bargaining-toml": (".toml", lambda p: load_bargain(str(p))),
        "bargaining-csv": (".csv", lambda p: load_bargain(str(p))),
        "network-csv": (".csv", read_network),
        "network-graphml": (".graphml", read_network),
        "network-gexf": (".gexf", read_network),
        "sipri-milex": (".xlsx", read_milex),
        "sipri-arms": (".csv", lambda p: read_arms([p])),
    }


READERS = _readers()


def _parses_or_refuses(reader: str, data: bytes) -> None:
    suffix, read = READERS[reader]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(SociusError):  # the project's own error: one line in the CLI
            read(path)


# --- random bytes ---------------------------------------------------------------------


@FUZZ
@given(reader=st.sampled_from(sorted(READERS)), data=st.binary(max_size=400))
def test_random_bytes(reader: str, data: bytes) -> None:
    _parses_or_refuses(reader, data)


# --- mutated real files ---------------------------------------------------------------

SEEDS = {
    "policy": POLICY,
    "deterrence": DETER,
    "bargaining-toml": BARGAIN,
    "network-csv": NETWORKS / "actors_edges.csv",
    "network-graphml": NETWORKS / "actors.graphml",
    "network-gexf": NETWORKS / "actors.gexf",
    "sipri-milex": SIPRI / "SIPRI-Milex-fixture.xlsx",
    "sipri-arms": SIPRI / "sipri-flows-fixture.csv",
}
_SEED_BYTES = {k: v.read_bytes() for k, v in SEEDS.items()}


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    reader = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(_SEED_BYTES[reader])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(
                st.sampled_from([b"\x00", b"\xff\xfe", b"[[[[", b"]]", b'"', b"\n", b"&e;", b","])
            )
        else:
            del data[at:]
    return reader, bytes(data)


@FUZZ
@given(case=_mutated())
def test_mutated_real_files(case: tuple[str, bytes]) -> None:
    _parses_or_refuses(*case)


# --- random structured documents --------------------------------------------------------

_scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
)
_keys = st.sampled_from(
    [
        "alliance", "draws", "seed", "thresholds", "indicators", "tiers", "title", "parties",
        "challenger", "defender", "patrons", "probability", "stakes", "actors", "name",
        "capability", "position", "salience", "country", "year", "weight", "x",
    ]
)  # fmt: skip


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan"
            if v != v
            else ("inf" if v > 0 else "-inf")
            if v in (float("inf"), -float("inf"))
            else repr(v)
        )
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return '"' + v.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


_tables = st.dictionaries(
    _keys,
    st.one_of(
        _scalars, st.lists(_scalars, max_size=4), st.dictionaries(_keys, _scalars, max_size=4)
    ),
    max_size=8,
)


def _to_toml(doc: dict[str, Any]) -> str:
    flat = [f"{k} = {_toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    tables = [
        f"[{k}]\n" + "\n".join(f"{kk} = {_toml_value(vv)}" for kk, vv in v.items())
        for k, v in doc.items()
        if isinstance(v, dict)
    ]
    return "\n".join(flat) + "\n\n" + "\n\n".join(tables) + "\n"


@FUZZ
@given(reader=st.sampled_from(["policy", "deterrence", "bargaining-toml"]), doc=_tables)
def test_random_toml_documents(reader: str, doc: dict[str, Any]) -> None:
    _parses_or_refuses(reader, _to_toml(doc).encode("utf-8"))


_cells = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters=',"\r\n'), max_size=10),
    st.sampled_from(["USA", "China", "Russia", "1999", "-1", "1e308", "nan", "", "2020"]),
)


@FUZZ
@given(
    reader=st.sampled_from(["network-csv", "sipri-arms", "bargaining-csv"]),
    header=st.sampled_from(
        [
            "source,target,weight",
            "supplier,recipient,year,value",
            "actor,capability,position,salience",
            "a,b",
        ]
    ),
    rows=st.lists(st.lists(_cells, min_size=1, max_size=5), max_size=8),
)
def test_random_csv_documents(reader: str, header: str, rows: list[list[str]]) -> None:
    text = header + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    _parses_or_refuses(reader, text.encode("utf-8"))

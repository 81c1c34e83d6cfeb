"""Reading and validating actor networks (CSV, GraphML, GEXF)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from socius.errors import DataError, ValidationError
from socius.networks import network_from_frames, read_network, snapshot
from socius.networks.io import has_periods

DATA = Path(__file__).parent / "data" / "networks"


def _ties(net: object) -> list[tuple[str, str, float]]:
    graph = net.graph  # type: ignore[attr-defined]
    return sorted((u, v, d["weight"]) for u, v, d in graph.edges(data=True))


def test_csv_edge_and_node_lists() -> None:
    net = read_network(DATA / "actors_edges.csv", nodes=DATA / "actors_nodes.csv")
    assert net.directed
    assert net.ids == ["S1", "S2", "F1", "F2", "F3", "P1", "O1"]
    assert net.nodes["kind"].to_list()[:3] == ["state", "state", "firm"]
    assert net.edges.height == 8  # one row per input tie
    assert net.graph.number_of_edges() == 7  # the repeated F1 -> P1 tie is merged
    merged = net.graph["F1"]["P1"]
    assert merged["weight"] == pytest.approx(2.0)
    assert merged["ties"] == 2
    assert merged["distance"] == pytest.approx(0.5)
    assert net.edges.schema["year"] == pl.Int64


def test_graphml_and_gexf_hold_the_same_network_as_the_csv() -> None:
    csv = read_network(DATA / "actors_edges.csv", nodes=DATA / "actors_nodes.csv")
    for name in ("actors.graphml", "actors.gexf"):
        net = read_network(DATA / name)
        assert net.directed
        assert _ties(net) == _ties(csv)
        assert sorted(net.ids) == sorted(csv.ids)
        kinds = dict(zip(net.nodes["id"], net.nodes["kind"], strict=True))
        assert kinds["O1"] == "organisation" and kinds["P1"] == "individual"
        assert dict(zip(net.nodes["id"], net.nodes["label"], strict=True))["S1"] == "State One"
        assert net.edges["year"].drop_nulls().len() == net.edges.height


def test_direction_and_format_can_be_overridden(tmp_path: Path) -> None:
    copy = tmp_path / "ties.txt"
    copy.write_text((DATA / "path5.csv").read_text())
    net = read_network(copy, format="csv", directed=False)
    assert not net.directed
    assert net.graph.number_of_edges() == 4
    assert not read_network(DATA / "actors.graphml", directed=False).directed


def test_frames_from_pandas_and_node_inference() -> None:
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1, 2]})
    net = network_from_frames(edges)
    assert net.ids == ["a", "b", "c"]
    assert net.nodes["kind"].null_count() == 3
    assert net.nodes["label"].to_list() == ["a", "b", "c"]


def test_kind_spellings_are_normalised() -> None:
    nodes = pl.DataFrame({"id": ["a", "b"], "kind": ["Organization", "Person"]})
    edges = pl.DataFrame({"source": ["a"], "target": ["b"]})
    net = network_from_frames(edges, nodes)
    assert net.nodes["kind"].to_list() == ["organisation", "individual"]


def test_bad_weights_are_all_reported_with_their_lines() -> None:
    with pytest.raises(ValidationError) as caught:
        read_network(DATA / "bad_weights.csv")
    message = str(caught.value)
    assert message.startswith("network 'bad_weights.csv' has 7 problems")
    for part in (
        "line 2: weight -1 is negative",
        "line 3: weight 'abc' is not a number",
        "line 4: weight 0 is not a tie",
        "line 5: weight is empty",
        "line 6: tie from 'E' to itself",
        "line 7: target is empty",
        "line 8: weight 'inf' is not finite",
    ):
        assert part in message
    assert "\n" not in message


def test_dangling_ties_duplicate_actors_and_unknown_kinds() -> None:
    with pytest.raises(ValidationError) as caught:
        read_network(DATA / "dangling_edges.csv", nodes=DATA / "dangling_nodes.csv")
    message = str(caught.value)
    assert "has 4 problems" in message
    assert "dangling_nodes.csv line 3: kind 'company' is not one of" in message
    assert "node id 'A' repeats line 2" in message
    assert "year '19x5' is not a whole year" in message
    assert "target 'Z' is not in the node list dangling_nodes.csv" in message


def test_start_after_end_and_missing_columns() -> None:
    edges = pl.DataFrame({"source": ["a"], "target": ["b"], "start": [2001], "end": [1999]})
    with pytest.raises(ValidationError, match="start 2001 is after end 1999; swap them"):
        network_from_frames(edges)
    with pytest.raises(ValidationError, match=r"has no 'target' column .*found: source, to"):
        network_from_frames(pl.DataFrame({"source": ["a"], "to": ["b"]}))
    with pytest.raises(ValidationError, match="no actors and no ties"):
        network_from_frames(pl.DataFrame({"source": [], "target": []}))
    with pytest.raises(ValidationError, match="polars or pandas DataFrame"):
        network_from_frames([("a", "b")])


def test_unknown_format_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"extension '\.md'; use a file ending in .csv"):
        read_network(DATA / "README.md")
    with pytest.raises(
        ValidationError, match="format 'grapml' is not known; did you mean: graphml"
    ):
        read_network(DATA / "path5.csv", format="grapml")
    with pytest.raises(ValidationError, match="does not exist; check the path"):
        read_network(tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="is a folder"):
        read_network(tmp_path, format="csv")
    with pytest.raises(ValidationError, match=r"node list .* does not exist"):
        read_network(DATA / "path5.csv", nodes=tmp_path / "nodes.csv")
    with pytest.raises(DataError, match=r"cannot read .*broken.graphml.* as GRAPHML"):
        read_network(DATA / "broken.graphml")
    garbage = tmp_path / "binary.csv"
    garbage.write_bytes(b"source,target\n\xff\xfe\x00,\x81\n")
    with pytest.raises(DataError, match=r"cannot read .*binary.csv.* as CSV"):
        read_network(garbage)
    gexf = tmp_path / "not.gexf"
    gexf.write_text("this is not XML")
    with pytest.raises(DataError, match="as GEXF"):
        read_network(gexf)


def test_snapshots_follow_year_and_start_end() -> None:
    edges = pl.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "target": ["b", "c", "d", "a"],
            "year": [2000, None, None, None],
            "start": [None, 1999, None, 2001],
            "end": [None, 2000, None, None],
        }
    )
    net = network_from_frames(edges)
    assert has_periods(net)
    y2000 = snapshot(net, 2000)
    assert sorted((u, v) for u, v in y2000.graph.edges) == [("a", "b"), ("b", "c"), ("c", "d")]
    y2002 = snapshot(net, 2002)
    assert sorted((u, v) for u, v in y2002.graph.edges) == [("c", "d"), ("d", "a")]
    assert y2002.ids == ["a", "c", "d"]
    with pytest.raises(ValidationError, match="no year, start or end values"):
        snapshot(read_network(DATA / "path5.csv"), 2000)

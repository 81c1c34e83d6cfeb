"""The bundled snapshots: one data test per dataset, plus the catalog API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

import socius.data as sd
from socius.data import catalog
from socius.errors import CoverageError, DataError, UnknownNameError, ValidationError

MANIFEST = json.loads((catalog.bundled_dir() / "MANIFEST.json").read_text())["datasets"]
REQUIRED = {
    "name",
    "title",
    "upstream",
    "version",
    "publisher",
    "citation_text",
    "citation_bibtex",
    "licence",
    "retrieved",
    "unit",
    "code_system",
    "key",
    "coverage",
    "columns",
    "sha256",
    "sources",
    "build_script",
}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_snapshot_matches_manifest(name: str) -> None:
    entry = MANIFEST[name]
    assert set(entry) >= REQUIRED, f"{name} manifest lacks {REQUIRED - set(entry)}"
    assert entry["citation_bibtex"].lstrip().startswith("@")
    assert all(len(s["sha256"]) == 64 for s in entry["sources"])
    path = catalog.bundled_dir() / entry["file"]
    assert catalog.file_sha256(path) == entry["sha256"]
    frame = sd.load(name)
    assert frame.height == entry["rows"]
    assert {c: str(t) for c, t in frame.schema.items()} == {
        c: v["type"] for c, v in entry["columns"].items()
    }
    if entry["key"]:
        assert not frame.select(entry["key"]).is_duplicated().any(), (
            f"{name}: key {entry['key']} not unique"
        )
    cov = entry["coverage"]
    if "year" in frame.columns and cov:
        lo, hi = frame["year"].min(), frame["year"].max()
        assert cov["start"] <= lo and hi <= cov["end"]
        if "coded_until" not in cov and entry["unit"].endswith("year"):
            assert (lo, hi) == (cov["start"], cov["end"]), f"{name}: coverage differs from the data"


def test_no_unlisted_bulk_files_ship() -> None:
    shipped = {p.name for p in (catalog.bundled_dir() / "snapshots").iterdir()}
    listed = {Path(e["file"]).name for e in MANIFEST.values()}
    assert shipped == listed


def test_sipri_and_cow_alliances_are_not_bundled() -> None:
    assert not [n for n in MANIFEST if "sipri" in n or n.startswith("cow_alliance")]


def test_unknown_dataset_suggests_and_mentions_sipri_import() -> None:
    with pytest.raises(UnknownNameError, match="did you mean: atop"):
        sd.load("atopp")
    with pytest.raises(UnknownNameError, match="socius data import sipri-milex"):
        sd.load("sipri_milex")


def test_unknown_column_and_years_outside_coverage() -> None:
    with pytest.raises(UnknownNameError, match="has no column 'cinq'; did you mean: cinc"):
        sd.load("nmc", columns=["ccode", "cinq"])
    with pytest.raises(CoverageError, match=r"outside the coverage of 'nmc' \(1816-2022\)"):
        sd.load("nmc", years=(2030, 2031))
    with pytest.raises(ValidationError, match="run backwards"):
        sd.load("nmc", years=(2000, 1990))


def test_load_filters_and_records_provenance() -> None:
    from socius.provenance import get_provenance

    frame = sd.load("nmc", columns=["ccode", "year", "cinc"], years=(2000, 2001))
    assert set(frame["year"].unique()) == {2000, 2001}
    prov = get_provenance(frame)
    assert prov == [{"dataset": "nmc", "version": "7.0", "columns": ["ccode", "year", "cinc"]}]


def test_versions_lists_every_dataset() -> None:
    table = sd.versions()
    assert set(table["name"]) == set(MANIFEST)
    assert table.filter(pl.col("name") == "atop")["version"][0] == "5.1"


def test_cite_bibtex_and_text_deduplicate_shared_entries() -> None:
    bib = sd.cite(["nmc", "atop"], style="bibtex")
    assert bib.count("@article{miller2022peacesciencer") == 1
    assert "leedsetal2002atop" in bib and "singer1987nmc" in bib
    text = sd.cite(["vdem"], style="text")
    assert "V-Dem [Country-Year] Dataset v14" in text
    with pytest.raises(ValidationError, match="use 'bibtex' or 'text'"):
        sd.cite(["nmc"], style="apa")


@pytest.fixture
def broken_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(
        catalog.bundled_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    monkeypatch.setattr(catalog, "bundled_dir", lambda: copy)
    catalog._bundled_manifest.cache_clear()
    yield copy
    catalog._bundled_manifest.cache_clear()


def test_corrupted_snapshot_raises_data_error_with_repair(broken_store: Path) -> None:
    target = broken_store / "snapshots" / "flashpoints.parquet"
    target.write_bytes(target.read_bytes()[:-10] + b"0123456789")
    expected = MANIFEST["flashpoints"]["sha256"]
    with pytest.raises(
        DataError, match=rf"corrupted: .*flashpoints.parquet .*{expected}.*reinstall socius"
    ):
        sd.load("flashpoints")
    report = sd.verify()
    assert report.filter(pl.col("name") == "flashpoints")["status"][0] == "corrupted"
    assert report.filter(pl.col("status") != "ok").height == 1


def test_missing_snapshot_raises_data_error(broken_store: Path) -> None:
    (broken_store / "snapshots" / "flashpoints.parquet").unlink()
    with pytest.raises(DataError, match="snapshot 'flashpoints' is missing"):
        sd.load("flashpoints")
    assert sd.verify(["flashpoints"])["status"][0] == "missing"


def test_duckdb_views_query_snapshots() -> None:
    con = sd.connect()
    n = con.execute("select count(*) from nmc where year = 2007").fetchone()
    assert n is not None and n[0] == sd.load("nmc", years=(2007, 2007)).height


def test_glossary_is_generated_from_the_manifest() -> None:
    from socius.data.glossary import glossary_markdown

    committed = (Path(__file__).resolve().parents[1] / "docs" / "glossary.md").read_text(
        encoding="utf-8"
    )
    assert committed == glossary_markdown(), (
        "run: python -m socius.data.glossary > docs/glossary.md"
    )

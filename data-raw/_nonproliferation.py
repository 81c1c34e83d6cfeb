"""Shared pieces of the build scripts for the curated nonproliferation tables.

The five tables in ``../shared/data/curated`` (regimes, UN Security Council sanctions, the
A. Q. Khan network's actors and ties, PSI interdictions) are socius's own compilations; the facts
come from the documents each row cites. ``README-nonproliferation.md`` beside them classifies the
rows as resting on a primary source (a treaty depositary, the IAEA, the UN, a government or
parliamentary document) or on secondary sources only, and gives the count per table. The rules
below reproduce that classification row by row, and each build checks its count against the
README's, so that a change in the curated table cannot silently change what "primary" means.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from _citations import CURATED_LICENCE
from _common import BuildError, publish

VERSION = "2026-11"
RETRIEVED = "2026-11-30"
PUBLISHER = "socius developers, from the documents cited in each row"
README = "shared/data/curated/README-nonproliferation.md"

SOURCE_KIND_DOC = (
    "primary (treaty depositary, IAEA, UN, government or parliamentary document) or secondary "
    "(press, NGO, encyclopaedia, secondary lists), as classified in README-nonproliferation.md"
)


def bibtex(key: str, title: str) -> str:
    """A BibTeX entry for one curated table."""
    return f"""
@misc{{{key},
  author = {{{{socius developers}}}},
  title = {{{title}}},
  year = {{2026}},
  note = {{Curated table; each row cites its source documents}}
}}"""


def text_citation(title: str) -> str:
    """The plain-text citation of one curated table."""
    return f"socius curated table (2026): {title}. Compiled from the documents cited in each row."


def source_kind(primary: pl.Expr) -> pl.Expr:
    """``"primary"`` where *primary* holds, else ``"secondary"``."""
    return (
        pl.when(primary).then(pl.lit("primary")).otherwise(pl.lit("secondary")).alias("source_kind")
    )


def check_primary_count(frame: pl.DataFrame, expected: int, what: str) -> None:
    """Fail the build unless *frame* has *expected* primary-sourced rows (the README's count)."""
    got = int((frame["source_kind"] == "primary").sum())
    if got != expected:
        raise BuildError(
            f"{what}: {got} rows classified as primary-sourced, but {README} says {expected}; "
            "update the rule in the build script to match the README"
        )


def publish_curated(
    name: str,
    frame: pl.DataFrame,
    *,
    csv: str,
    title: str,
    bib_key: str,
    bib_title: str,
    primary_rows: int,
    **fields: Any,
) -> None:
    """Check the primary-source count, then publish a curated nonproliferation table.

    *fields* are the :func:`_common.publish` arguments that differ between the tables
    (description, unit, code_system, key, columns, inputs, coverage, notes).
    """
    check_primary_count(frame, primary_rows, csv)
    publish(
        name,
        frame,
        title=title,
        upstream=f"socius curated table {csv}",
        version=VERSION,
        publisher=PUBLISHER,
        citation_text=text_citation(title),
        citation_bibtex=bibtex(bib_key, bib_title),
        licence=CURATED_LICENCE,
        retrieved=RETRIEVED,
        **fields,
    )

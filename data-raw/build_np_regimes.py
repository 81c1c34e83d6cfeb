"""Build ``np_regimes``: participation in the nonproliferation regimes by date (socius curated table)."""

from __future__ import annotations

import polars as pl

from _common import CURATED, partial_date, source
from _nonproliferation import SOURCE_KIND_DOC, publish_curated, source_kind

TITLE = "Nonproliferation regimes by state and date (curated)"

# README-nonproliferation.md: NPT rows rest on primary sources except these ten; the Additional
# Protocol, NSG and MTCR rows on secondary lists only; PSI rows on the White House fact sheet of
# 2003-09-04 (the six core participants) and the US government's VOA editorial (South Korea).
NPT_SECONDARY = ["RUS", "PRK", "ROK", "IRQ", "SYR", "SAU", "TUR", "SAF", "MYA", "MON"]
PRIMARY_ROWS = 30  # NPT 23 + PSI 7

BIBKEY = "socius_np_regimes"
BIBTITLE = "Nonproliferation Regimes by State and Date"

COLUMNS = {
    "regime": "NPT, IAEA-AP (Additional Protocol in force), NSG, MTCR or PSI",
    "ccode": "COW state code",
    "stateabb": "COW abbreviation",
    "name": "COW state name",
    "joined": "date participation began (NPT: deposit of ratification or accession; null: date unknown)",
    "joined_precision": "day, month or year (null: date unknown)",
    "left": "date participation ended (NPT: withdrawal took effect); null = still participating or never joined",
    "left_precision": "day, month or year",
    "status": "status as the sources state it (party, withdrawn, never joined, partner, endorsing state, ...)",
    "participant": "true when the state took part in the regime at some time (false: never joined, not a participant, not endorsed)",
    "source_kind": SOURCE_KIND_DOC,
    "source": "documents the row rests on",
}

NOT_PARTICIPANT = r"(?i)^\s*(never joined|not a participant|not a partner|not endorsed|AP signed)"


def main() -> None:
    path = source(
        "nonproliferation_regimes.csv",
        "c0ea363aa8c484be3ce870ff28f43bd896db0e377c0ed304a865163b4709c61e",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    primary = ((pl.col("regime") == "NPT") & ~pl.col("stateabb").is_in(NPT_SECONDARY)) | (
        (pl.col("regime") == "PSI")
        & pl.col("source").str.contains(r"^(White House fact sheet|VOA editorial)")
    )
    frame = raw.select(
        "regime",
        pl.col("ccode").cast(pl.Int32),
        "stateabb",
        "name",
        *partial_date("joined"),
        *partial_date("left"),
        "status",
        (~pl.col("status").str.contains(NOT_PARTICIPANT)).alias("participant"),
        source_kind(primary),
        "source",
    ).select(list(COLUMNS))
    publish_curated(
        "np_regimes",
        frame,
        csv="nonproliferation_regimes.csv",
        title=TITLE,
        bib_key=BIBKEY,
        bib_title=BIBTITLE,
        primary_rows=PRIMARY_ROWS,
        description=(
            "Participation in the NPT (with North Korea's withdrawal), the IAEA Additional Protocol, the "
            "Nuclear Suppliers Group, the Missile Technology Control Regime and the Proliferation Security "
            "Initiative, for the states of the alliance analysis, dated where the sources allow."
        ),
        unit="state-regime spell",
        code_system="cow",
        key=["regime", "ccode"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1968, "end": 2025},
        notes=(
            "Dates are at the precision the sources support; many NSG, PSI and Additional Protocol dates are "
            "unknown (null joined with a participant status): unknown, not absent. North Korea's NPT "
            "withdrawal took effect 2003-04-10 (its validity is disputed; see the status field). Germany is "
            "split by COW code (GFR 260 to 1990-10-02, GMY 255 from 1990-10-03). `source_kind` follows "
            "README-nonproliferation.md."
        ),
    )


if __name__ == "__main__":
    main()

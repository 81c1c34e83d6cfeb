"""Build ``nato_japan_milestones``: dated milestones of NATO-Japan relations (socius curated table)."""

from __future__ import annotations

import polars as pl

from _citations import CURATED_LICENCE
from _common import CURATED, partial_date, publish, source

COLUMNS = {
    "date": "date of the event (first day of the month or year when only that is known)",
    "date_precision": "day, month or year",
    "event": "what happened",
    "source": "documents the event rests on",
}


def main() -> None:
    path = source(
        "nato_japan_milestones.csv",
        "667429b0d96fc7088b9a936bffb72d2d8de87e9536f49ac8d575130fd27055ea",
        base=CURATED,
    )
    raw = pl.read_csv(path, infer_schema_length=0)
    frame = raw.select(*partial_date("date"), "event", "source")
    publish(
        "nato_japan_milestones",
        frame,
        title="Milestones of NATO-Japan relations (curated)",
        description="Ten dated milestones of NATO-Japan relations, 1990-2023.",
        upstream="socius curated table nato_japan_milestones.csv",
        version="2026-07",
        publisher="socius developers, from nato.int, kantei.go.jp, mofa.go.jp and NATO Review (cited per row)",
        citation_text="socius curated NATO-Japan milestones (2026), compiled from sources cited in each row.",
        citation_bibtex="""
@misc{socius_nato_japan,
  author = {{socius developers}},
  title = {Milestones of {NATO}-{Japan} Relations},
  year = {2026},
  note = {Curated table; each row cites its sources}
}""",
        licence=CURATED_LICENCE,
        retrieved="2026-07-01",
        unit="event",
        code_system="none",
        key=["date", "event"],
        columns=COLUMNS,
        inputs=[path],
        coverage={"start": 1990, "end": 2023},
    )


if __name__ == "__main__":
    main()

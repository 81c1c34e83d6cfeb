"""Build ``mindist``: minimum distance between COW states (CShapes 2.0), undirected dyad-years."""

from __future__ import annotations

import polars as pl

from _citations import PEACESCIENCER_BIB, PEACESCIENCER_LICENCE, PEACESCIENCER_TEXT
from _common import publish, read_rda, source

COLUMNS = {
    "ccode1": "COW code of the first state (ccode1 < ccode2)",
    "ccode2": "COW code of the second state",
    "year": "calendar year",
    "mindist": "minimum distance between the states' territories [km] (0 = touching)",
}


def main() -> None:
    path = source(
        "peacesciencer/cow_mindist.rda",
        "9fa13d911c454d463044bf13a711c64b90a6131246e2d239dcdf4d01f2f263b4",
    )
    raw = read_rda(path)
    frame = raw.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
        pl.col("mindist").cast(pl.Float32),
    )
    publish(
        "mindist",
        frame,
        title="Minimum distance between states (CShapes 2.0), COW dyad-years",
        description="Minimum distance in kilometres between the territories of two COW states, 1886-2019.",
        upstream="CShapes 2.0 minimum distances (peacesciencer cow_mindist)",
        version="CShapes 2.0",
        publisher="Guy Schvitz et al. (CShapes); packaged by Steven V. Miller",
        citation_text=(
            "Schvitz, Guy, Seraina Rueegger, Luc Girardin, Lars-Erik Cederman, Nils Weidmann and Kristian Skrede "
            "Gleditsch. 2022. Mapping the International System, 1886-2019: The CShapes 2.0 Dataset. Journal of "
            "Conflict Resolution 66(1): 144-161. " + PEACESCIENCER_TEXT
        ),
        citation_bibtex="""
@article{schvitz2022cshapes,
  author = {Schvitz, Guy and Rueegger, Seraina and Girardin, Luc and Cederman, Lars-Erik and Weidmann, Nils and Gleditsch, Kristian Skrede},
  title = {Mapping the International System, 1886-2019: The {CShapes} 2.0 Dataset},
  journal = {Journal of Conflict Resolution},
  volume = {66}, number = {1}, pages = {144--161}, year = {2022},
  doi = {10.1177/00220027211013563}
}"""
        + PEACESCIENCER_BIB,
        licence=PEACESCIENCER_LICENCE,
        retrieved="2026-07-01",
        unit="undirected dyad-year",
        code_system="cow",
        key=["ccode1", "ccode2", "year"],
        columns=COLUMNS,
        inputs=[path],
    )


if __name__ == "__main__":
    main()

"""Build ``missile_tests``: CNS missile and SLV launch databases (North Korea, Iran, India, Pakistan)."""

from __future__ import annotations

import polars as pl

from _common import publish, read_rda, source
from _nuclear import CNS_BIB

FILES = {
    731: (
        "nuclear_latency_cns/dprk_missile_tests_df.rda",
        "77d486a28a200d5c2fe37d1c65afdd4430f7d9dcf2c24ebcb3f4f0e5727e318a",
    ),
    630: (
        "nuclear_latency_cns/iran_missile_tests_df.rda",
        "e314466d64bfa2855723b7f4914de81d0d0a1fc85b2ef506915b0a99b1e986e8",
    ),
    750: (
        "nuclear_latency_cns/india_missile_tests_df.rda",
        "662a1e2f7934e4c85254f8a3d3eb556631004c3325ee0ab5c77a2e622a9b05d9",
    ),
    770: (
        "nuclear_latency_cns/pakistan_missile_tests_df.rda",
        "fc54e0fd7a96268ec818ff30ff508968b8d9375c510aa29cec242b3bd0db55d2",
    ),
}
COLUMNS = {
    "ccode": "COW code of the launching state",
    "launch": "launch date",
    "year": "calendar year of the launch",
    "test": "running number of the launch on that date in the source (1, 2, ...)",
    "missile": "missile or launch vehicle name",
    "missile_type": "missile class where the source gives it (North Korea only: SRBM, MRBM, IRBM, ICBM, SLBM, SLV...)",
    "facility": "launch facility",
    "apogee_km": "apogee [km]",
    "distance_km": "distance travelled [km]",
    "confirmed": "true if the test is confirmed",
    "successful": "true if successful, false if it failed, null if unknown",
}


def main() -> None:
    parts, inputs = [], []
    for ccode, (rel, sha) in FILES.items():
        path = source(rel, sha)
        inputs.append(path)
        raw = read_rda(path)
        parts.append(
            raw.select(
                pl.lit(ccode, dtype=pl.Int32).alias("ccode"),
                pl.col("launch_time").cast(pl.Date).alias("launch"),
                pl.col("missile_name").alias("missile"),
                (
                    pl.col("missile_type")
                    if "missile_type" in raw.columns
                    else pl.lit(None, dtype=pl.String)
                ).alias("missile_type"),
                pl.col("facility_name").alias("facility"),
                pl.col("apogee_km").cast(pl.Float64),
                pl.col("distance_travelled_km").cast(pl.Float64).alias("distance_km"),
                pl.col("test_confirmed").cast(pl.Boolean).alias("confirmed"),
                pl.col("test_successful").cast(pl.Boolean).alias("successful"),
            )
        )
    frame = (
        pl.concat(parts)
        .with_columns(pl.col("launch").dt.year().cast(pl.Int32).alias("year"))
        .with_columns(
            pl.int_range(1, pl.len() + 1).over("ccode", "launch").cast(pl.Int16).alias("test")
        )
        .select(list(COLUMNS))
    )
    publish(
        "missile_tests",
        frame,
        title="CNS missile and SLV launch databases: North Korea, Iran, India, Pakistan",
        description="Every recorded missile and space-launch-vehicle test by four states, 1979-2019.",
        upstream="CNS Missile and SLV Launch Databases (NTI)",
        version="2019 (data4ds4da copy)",
        publisher="James Martin Center for Nonproliferation Studies for the Nuclear Threat Initiative",
        citation_text=(
            "James Martin Center for Nonproliferation Studies. CNS North Korea Missile Test Database; CNS Iran Missile "
            "Launch Database; CNS India and Pakistan Missile Launch Databases. Nuclear Threat Initiative. Cleaned "
            "in data4ds4da (Knapp and Callaghan)."
        ),
        citation_bibtex=CNS_BIB,
        licence="NTI/CNS web publications: attribution required (check NTI terms before commercial reuse); data4ds4da GPL-3",
        retrieved="2020-01-21",
        unit="launch",
        code_system="cow",
        key=["ccode", "launch", "test"],
        columns=COLUMNS,
        inputs=inputs,
        notes="Coverage differs by state: North Korea 1984-2019, Iran 1991-2019, India 1979-2019, Pakistan 1989-2019.",
    )


if __name__ == "__main__":
    main()

"""User incident CSVs: the documented schema, validation errors and aggregation."""

from __future__ import annotations

from pathlib import Path

import pytest

from socius import indicators as ind
from socius.errors import ValidationError

GOOD = """fiscal_year,series,origin,count,source
2015,scrambles,China,571,Joint Staff Office release 22 Apr 2016
2015,scrambles,RUS,288,Joint Staff Office release 22 Apr 2016
2016,scrambles,china,851,Joint Staff Office release 13 Apr 2017
2016,scrambles,unknown,8,Joint Staff Office release 13 Apr 2017
"""


def _write(tmp_path: Path, text: str, name: str = "incidents.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_resolves_origins(tmp_path: Path) -> None:
    frame = ind.read_incidents(_write(tmp_path, GOOD))
    assert frame.height == 4
    assert frame["ccode"].to_list() == [710, 365, 710, None]
    assert frame["year"].null_count() == 4 and frame["fiscal_year"].to_list() == [
        2015,
        2015,
        2016,
        2016,
    ]
    counts = ind.incident_counts(frame, by=["fiscal_year", "ccode"])
    assert counts.filter(counts["ccode"] == 710)["count"].to_list() == [571, 851]
    # by default a file of fiscal years is summed by fiscal year, not into one null year
    default = ind.incident_counts(frame)
    assert "fiscal_year" in default.columns and default["fiscal_year"].null_count() == 0


def test_grouping_by_a_period_the_file_lacks_is_refused(tmp_path: Path) -> None:
    # summing FY2015 and FY2016 into one group with year = null would read as a total
    frame = ind.read_incidents(_write(tmp_path, GOOD))
    with pytest.raises(ValidationError, match="no years; group by 'fiscal_year' instead"):
        ind.incident_counts(frame, by=["series", "year", "origin"])


def test_dates_give_years_and_may_repeat(tmp_path: Path) -> None:
    text = "date,series,origin,count,source,note\n2023-04-01,incursions,CHN,2,MND,\n2023-04-01,incursions,CHN,1,MND,night\n"
    frame = ind.read_incidents(_write(tmp_path, text))
    assert frame["year"].to_list() == [2023, 2023]
    assert ind.incident_counts(frame)["count"].to_list() == [3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fiscal_year,series,origin,cuont,source\n", "unknown column 'cuont'; did you mean: count"),
        ("year,series,origin,source\n2020,x,CHN,y\n", r"missing column\(s\) count"),
        ("year,fiscal_year,series,origin,count,source\n", "exactly one time column"),
        ("series,origin,count,source\nx,CHN,1,y\n", "found none"),
        (
            "date,series,origin,count,source\n2023-13-01,x,CHN,1,y\n",
            "line 2, column date: '2023-13-01' is not an ISO date",
        ),
        (
            "year,series,origin,count,source\n2020,x,CHN,-1,y\n",
            "line 2, column count: '-1' is not a whole number",
        ),
        ("year,series,origin,count,source\n2020,x,CHN,1.5,y\n", "'1.5' is not a whole number"),
        (
            "year,series,origin,count,source\n2020,x,Atlantis,1,y\n",
            "line 2, column origin: 'Atlantis' is not a state",
        ),
        ("year,series,origin,count,source\n2020,x,CHN,1,\n", "column source: '' is empty"),
        ("year,series,origin,count,source\n20,x,CHN,1,y\n", "'20' is not a four-digit year"),
        ("year,series,origin,count,source\n2020,x,CHN,1\n", "line 2: 4 cells, the header has 5"),
        (
            "year,series,origin,count,source\n2020,x,CHN,1,y\n2020,x,China,2,z\n",
            "appears more than once",
        ),
        ("year,series,origin,count,source\n", "no data rows"),
        ("", "is empty"),
    ],
)
def test_malformed_files_fail_with_line_column_and_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        ind.read_incidents(_write(tmp_path, text))


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    text = "year,series,origin,count,source\n2020,x,CHN,-1,y\n2021,x,Atlantis,1,y\n2022,,CHN,1,y\n"
    with pytest.raises(ValidationError, match="3 problem") as info:
        ind.read_incidents(_write(tmp_path, text))
    message = str(info.value)
    assert "line 2" in message and "line 3" in message and "line 4" in message


def test_origin_must_exist_in_that_year(tmp_path: Path) -> None:
    text = "year,series,origin,count,source\n1985,x,Kosovo,1,y\n"
    with pytest.raises(ValidationError, match="does not name a state in 1985"):
        ind.read_incidents(_write(tmp_path, text))


def test_missing_file_and_bad_grouping(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        ind.read_incidents(tmp_path / "absent.csv")
    frame = ind.read_incidents(_write(tmp_path, GOOD))
    with pytest.raises(ValidationError, match="did you mean: origin"):
        ind.incident_counts(frame, by=["orign"])

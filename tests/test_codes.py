"""Year-aware country codes: the known traps, round trips and year boundaries."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import socius.data as sd
from socius import codes
from socius.errors import UnknownNameError, ValidationError

STATES = sd.load("cow_states").unique("ccode").sort("ccode")
CCODES = STATES["ccode"].to_list()


@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        ("Germany", 1938, 255),
        ("Germany", 1970, 260),
        ("Germany", 1990, 255),
        ("West Germany", 1980, 260),
        ("East Germany", 1980, 265),
        ("GDR", 1980, 265),
        ("GFR", 1980, 260),
        ("DEU", 1995, 255),
        ("Yemen", 1985, 678),
        ("Yemen", 1991, 679),
        ("South Yemen", 1985, 680),
        ("YMD", 1980, 680),
        ("Vietnam", 1970, 816),
        ("South Vietnam", 1970, 817),
        ("Republic of Vietnam", 1970, 817),
        ("Serbia", 2010, 345),
        ("Yugoslavia", 1980, 345),
        ("Serbia and Montenegro", 2004, 345),
        ("SRB", 2010, 345),
        ("USSR", 1980, 365),
        ("Russia", 2007, 365),
        ("Russian Federation", 2007, 365),
        ("Czechoslovakia", 1980, 315),
        ("Czechia", 1980, 315),
        ("Czechia", 2000, 316),
        ("Czech Republic", 2000, 316),
        ("Sudan", 2015, 625),
        ("South Sudan", 2015, 626),
        ("SSD", 2015, 626),
        ("Burma/Myanmar", 2007, 775),
        ("Türkiye", 2023, 640),
        ("Cote d'Ivoire", 2000, 437),
        ("Democratic Republic of Congo", 2000, 490),
        ("Republic of the Congo", 2000, 484),
    ],
)
def test_known_traps(value: str, year: int, expected: int) -> None:
    assert codes.to_ccode(value, year=year) == expected


def test_three_letter_codes_prefer_iso3_and_cow_prefix_forces_cow() -> None:
    assert codes.to_ccodes(["JPN", "AUS", "KOR", "NZL", "RUS", "CHN"]) == [
        740,
        900,
        732,
        920,
        365,
        710,
    ]
    assert codes.to_ccode("cow:AUS") == 305
    assert (
        codes.to_ccode("ROK") == 732
        and codes.to_ccode("TAW") == 713
        and codes.to_ccode("PRK") == 731
    )
    assert codes.to_ccode("AUS", system="cowabb") == 305
    with pytest.raises(ValidationError, match="unknown prefix 'xx'"):
        codes.to_ccode("xx:AUS")


def test_year_boundaries() -> None:
    with pytest.raises(
        UnknownNameError, match="does not name a state in 2000; it refers to COW 260 in 1946-1990"
    ):
        codes.to_ccode("West Germany", year=2000)
    assert codes.cow_to_gw(679, year=1995) == 678
    assert codes.cow_to_gw(255, year=1995) == 260
    assert codes.gw_to_cow(340, year=2010) == 345
    assert codes.gw_to_cow(678, year=1995) == 679


def test_unknown_names_suggest_closest() -> None:
    with pytest.raises(UnknownNameError, match="unknown country 'Japn'; did you mean: Japan"):
        codes.to_ccode("Japn")
    with pytest.raises(UnknownNameError, match="'Hong Kong' is not a state"):
        codes.to_ccode("Hong Kong")
    with pytest.raises(UnknownNameError, match="unknown COW code 999"):
        codes.to_ccode(999)
    with pytest.raises(UnknownNameError) as err:
        codes.to_ccodes(["Japan", "Narnia", "Atlantis"])
    assert "Narnia" in str(err.value) and "Atlantis" in str(err.value)


@given(st.sampled_from(CCODES))
def test_round_trip_ccode_abbreviation_name(ccode: int) -> None:
    abb = codes.from_ccode(ccode, to="cowabb")
    assert codes.to_ccode(f"cow:{abb}") == ccode
    row = STATES.filter(pl.col("ccode") == ccode)
    year = int(row["start"][0].year)
    assert codes.to_ccode(codes.ccode_name(ccode), year=year) == ccode


@given(st.sampled_from(CCODES), st.integers(1946, 2023))
def test_round_trip_iso3(ccode: int, year: int) -> None:
    try:
        iso = codes.from_ccode(ccode, to="iso3", year=year)
    except UnknownNameError:
        return
    assert codes.to_ccode(f"iso:{iso}", year=year) == ccode


def test_add_ccode_vectorised_drops_territories_and_reports_unknown() -> None:
    frame = pl.DataFrame(
        {"country": ["Germany", "Germany", "Hong Kong", "Japan"], "year": [1980, 2000, 2000, 2000]}
    )
    out = codes.add_ccode(frame, "country", system="name")
    assert out["ccode"].to_list() == [260, 255, 740]
    bad = pl.DataFrame({"country": ["Jpaan"], "year": [2000]})
    with pytest.raises(UnknownNameError, match="'Jpaan'; did you mean: Japan"):
        codes.add_ccode(bad, "country")


def test_normalize_name_handles_accents_saints_and_articles() -> None:
    assert codes.normalize_name("The Gambia") == codes.normalize_name("gambia")
    assert codes.normalize_name("Saint Kitts & Nevis") == codes.normalize_name(
        "St. Kitts and Nevis"
    )

"""Citations shared by the nuclear build scripts."""

OWID_NUCLEAR_NOTE = (
    "Processed by Our World in Data (Bastian Herre), CC BY 4.0 for OWID's processing."
)

BLEEK_BIB = """
@techreport{bleek2017proliferate,
  author = {Bleek, Philipp C.},
  title = {When Did (and Didn't) States Proliferate? Chronicling the Spread of Nuclear Weapons},
  institution = {Project on Managing the Atom, Belfer Center, and James Martin Center for Nonproliferation Studies},
  type = {Discussion Paper}, year = {2017}
}
@misc{owid_nuclear,
  author = {Herre, Bastian},
  title = {Nuclear Weapons Datasets},
  howpublished = {Our World in Data}, year = {2024},
  url = {https://github.com/owid/notebooks/tree/main/BastianHerre/nuclear_weapons}
}"""

FAS_BIB = """
@misc{fas2023status,
  author = {Kristensen, Hans M. and Korda, Matt and Johns, Eliana and Knight, Mackenzie},
  title = {Status of World Nuclear Forces 2023},
  howpublished = {Federation of American Scientists}, year = {2023},
  url = {https://fas.org/initiative/status-world-nuclear-forces/}
}
@misc{owid_nuclear,
  author = {Herre, Bastian},
  title = {Nuclear Weapons Datasets},
  howpublished = {Our World in Data}, year = {2024},
  url = {https://github.com/owid/notebooks/tree/main/BastianHerre/nuclear_weapons}
}"""

CNS_BIB = """
@misc{cns_missiles,
  author = {{James Martin Center for Nonproliferation Studies}},
  title = {{CNS} Missile and {SLV} Launch Databases (North Korea; Iran; India and Pakistan)},
  howpublished = {Nuclear Threat Initiative}, year = {2019},
  url = {https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/}
}
@misc{knapp_data4ds4da,
  author = {Knapp, Brendan and Callaghan, Christopher},
  title = {data4ds4da: Data for Data Science for Defense Analysis (R package)},
  year = {2020}, url = {https://github.com/knapply/data4ds4da}
}"""

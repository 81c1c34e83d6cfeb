"""BibTeX and text citations shared by several build scripts."""

PEACESCIENCER_BIB = """
@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {6}, pages = {755--779}, year = {2022},
  doi = {10.1177/07388942221077926}
}"""
PEACESCIENCER_TEXT = (
    "Miller, Steven V. 2022. peacesciencer: An R Package for Quantitative Peace Science Research. "
    "Conflict Management and Peace Science 39(6): 755-779. doi:10.1177/07388942221077926."
)
PEACESCIENCER_LICENCE = "GPL-2 (peacesciencer package); the producer's terms apply to the data (free to use with citation)"

COW_STATES_BIB = """
@misc{cowstates2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {https://correlatesofwar.org/data-sets/state-system-membership/}
}"""

VDEM_BIB = """
@misc{vdem14,
  author = {Coppedge, Michael and Gerring, John and Knutsen, Carl Henrik and Lindberg, Staffan I. and Teorell, Jan and others},
  title = {{V-Dem} [Country-Year] Dataset v14},
  publisher = {Varieties of Democracy (V-Dem) Project},
  year = {2024},
  doi = {10.23696/mcwt-fr58}
}
@techreport{pemstein2024vdem,
  author = {Pemstein, Daniel and Marquardt, Kyle L. and Tzelgov, Eitan and Wang, Yi-ting and Medzihorsky, Juraj and Krusell, Joshua and Miri, Farhad and von R{\\"o}mer, Johannes},
  title = {The {V-Dem} Measurement Model: Latent Variable Analysis for Cross-National and Cross-Temporal Expert-Coded Data},
  institution = {V-Dem Institute, University of Gothenburg},
  type = {V-Dem Working Paper}, number = {21}, year = {2024}
}"""

OWID_NOTE = "Processed by Our World in Data (Bastian Herre), CC BY 4.0 for OWID's processing."

IGO_BIB = """
@article{pevehouse2020igo,
  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},
  title = {Tracking Organizations in the World: The {Correlates of War} {IGO} Version 3.0 Datasets},
  journal = {Journal of Peace Research},
  volume = {57}, number = {3}, pages = {492--503}, year = {2020},
  doi = {10.1177/0022343319881175}
}"""
IGO_TEXT = (
    "Pevehouse, Jon C. W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison. 2020. Tracking "
    "Organizations in the World: The Correlates of War IGO Version 3.0 Datasets. Journal of Peace Research "
    "57(3): 492-503. doi:10.1177/0022343319881175."
)

CURATED_LICENCE = "CC BY 4.0 (socius curated table; every row cites its source documents)"

"""Generate the column glossary (docs/glossary.md) from the manifest, so it never drifts.

Run ``python -m socius.data.glossary > docs/glossary.md``; a test checks the committed
file equals the generated text.
"""

from __future__ import annotations

from socius.data.catalog import dataset_info, dataset_names

__all__ = ["glossary_markdown"]

PANEL_COLUMNS = (
    (
        "ccode, ccode1, ccode2",
        "Correlates of War state codes (state-year; first and second state of a dyad-year)",
    ),
    ("gwcode, gwcode1, gwcode2", "Gleditsch-Ward state codes"),
    ("year", "calendar year"),
    (
        "<column>1, <column>2",
        "a state attribute merged onto a dyad-year panel, for the first and the second state",
    ),
    ("<measure>_weak", "the weak link of a dyad: the less democratic side (Dixon 1994)"),
    ("capdist", "great-circle distance between the capitals [km]"),
    ("conttype", "COW direct contiguity: 0 none, 1 land, 2-5 water up to 12/24/150/400 miles"),
    ("cowmaj, maoz_regional, maoz_global", "major-power status (1/0 within coverage)"),
    (
        "igo_shared, igo_full, igo_any, igo_<org>",
        "IGO co-memberships, membership counts, membership in one organisation",
    ),
    ("warheads, nuclear_status, nuclear_tests", "nuclear stockpile, status 0-3, tests"),
    (
        "idealpoint, idealpoint_dist",
        "UN General Assembly ideal point; absolute difference within a dyad",
    ),
    (
        "s_atop, s_atop_wt",
        "Signorino and Ritter's S on ATOP alliance portfolios (valued 0-3), unweighted and capability-weighted [-1, 1]",
    ),
    ("kappa_atop, pi_atop", "Cohen's kappa and Scott's pi (Häge 2011) on ATOP portfolios [-1, 1]"),
    ("taub_atop", "Kendall's tau-b on ATOP portfolios (Bueno de Mesquita 1975) [-1, 1]"),
    (
        "s_un, kappa_un, pi_un",
        "S, kappa and pi on UN General Assembly votes (yes 3, abstain 2, no 1) over common roll calls [-1, 1]",
    ),
    ("n_atop, n_un", "number of partners or roll calls the similarity rests on"),
    (
        "alliance_value",
        "valued ATOP tie: 3 defence or offence, 2 neutrality or consultation, 1 non-aggression, 0 none",
    ),
    (
        "eu_ij, eu_ji",
        "War Trap expected utility of i attacking j (and of j attacking i), bilateral plus third-party parts",
    ),
    (
        "milex_constant, milex_current, milex_gdp",
        "SIPRI military expenditure (imported): US$ m. constant and current, share of GDP",
    ),
)


def glossary_markdown() -> str:
    """The glossary as Markdown: panel columns, then every dataset's columns from the manifest."""
    lines = [
        "# Glossary of columns",
        "",
        "Generated from the manifest by `python -m socius.data.glossary`; do not edit by hand.",
        "",
        "## Panel columns",
        "",
        "| column | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{c}` | {m} |" for c, m in PANEL_COLUMNS]
    for name in dataset_names(include_user=False):
        e = dataset_info(name).entry
        cov = e.get("coverage", {})
        span = f"{cov.get('start', '')}-{cov.get('end', '')}" if cov else "time-invariant"
        lines += [
            "",
            f"## `{name}`: {e['title']}",
            "",
            f"Version {e['version']}; unit: {e['unit']}; codes: {e['code_system']}; coverage: {span}; licence: {e['licence']}.",
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        for col, meta in e["columns"].items():
            lines.append(f"| `{col}` | {meta['type']} | {meta['description'].replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(glossary_markdown(), end="")

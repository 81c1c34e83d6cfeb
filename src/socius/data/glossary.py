"""Generate the column glossary (docs/glossary.md) from the manifest, so it never drifts.

Run ``python -m socius.data.glossary > docs/glossary.md``; a test checks the committed
file equals the generated text.
"""

from __future__ import annotations

from socius.data.catalog import dataset_info, dataset_names

__all__ = ["glossary_markdown"]

PANEL_COLUMNS = (
    ("ccode, ccode1, ccode2", "Correlates of War state codes (state-year; first and second state of a dyad-year)"),
    ("gwcode, gwcode1, gwcode2", "Gleditsch-Ward state codes"),
    ("year", "calendar year"),
    ("<column>1, <column>2", "a state attribute merged onto a dyad-year panel, for the first and the second state"),
    ("<measure>_weak", "the weak link of a dyad: the less democratic side (Dixon 1994)"),
    ("capdist", "great-circle distance between the capitals [km]"),
    ("conttype", "COW direct contiguity: 0 none, 1 land, 2-5 water up to 12/24/150/400 miles"),
    ("cowmaj, maoz_regional, maoz_global", "major-power status (1/0 within coverage)"),
    ("igo_shared, igo_full, igo_any, igo_<org>", "IGO co-memberships, membership counts, membership in one organisation"),
    ("warheads, nuclear_status, nuclear_tests", "nuclear stockpile, status 0-3, tests"),
    ("idealpoint, idealpoint_dist", "UN General Assembly ideal point; absolute difference within a dyad"),
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

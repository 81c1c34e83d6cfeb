"""Import the SIPRI files a user downloads into the user's data store.

SIPRI's terms do not allow socius to redistribute its tables, so socius reads the
user's own download, validates it completely, maps country names to COW codes, and
stores a Parquet snapshot with a manifest entry in :func:`socius.data.user_dir`
(``$SOCIUS_DATA_DIR`` or the platform's user data folder). After an import,
``socius.data.load("sipri_milex")`` and ``load("sipri_arms")`` work like the bundled
datasets.

Two readers:

* :func:`read_milex`: the SIPRI Military Expenditure Database workbook (sheets
  "Constant (YYYY) US$", "Current US$", "Share of GDP", "Per capita" and "Share of
  Govt. spending"; ``". ."`` marks unavailable data, ``"xxx"`` a state that did not
  exist).
* :func:`read_arms`: SIPRI arms-transfer TIV tables ("TIV of arms exports from X" or
  "TIV of arms imports to X", one row per partner, one column per year and a Total)
  and supplier-recipient-year CSV files (columns supplier, recipient, year, value).

Nothing is written until the whole input has been read and checked; the snapshot and
the manifest are then replaced atomically, so a failed import leaves the previous
snapshot untouched.

Examples
--------
>>> classify_name("Hamas (Palestine)*")
('nonstate', None)
>>> classify_name("Korea, South")
('state', 'South Korea')
"""

from __future__ import annotations

from socius.data.sipri._common import ARMS_DATASET, MILEX_DATASET, ImportSummary, ParsedImport
from socius.data.sipri.arms import read_arms
from socius.data.sipri.milex import read_milex
from socius.data.sipri.names import classify_name
from socius.data.sipri.store import import_arms, import_milex

__all__ = [
    "ARMS_DATASET",
    "MILEX_DATASET",
    "ImportSummary",
    "ParsedImport",
    "classify_name",
    "import_arms",
    "import_milex",
    "read_arms",
    "read_milex",
]

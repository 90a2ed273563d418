"""Which raw log format a file is, from its first bytes (docs/inputs.md)."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.lines import first_lines, head
from ingest.tabular import column_key

FORMATS = ("ode-jsonl", "ode-pg-csv", "cas", "csv")

_CAS_WHEN = re.compile(rb"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d [A-Z]{3,5} \d{4},")


def detect(path: Path) -> str | None:
    """The format name of one of `FORMATS`, or None when the file is not recognised."""
    data = head(Path(path))
    if b"Audit trail record BEGIN" in data:
        return "cas"
    lines = first_lines(data)
    if not lines:
        return None
    first = lines[0]
    if first.lstrip().startswith(b"{"):
        return "ode-jsonl"
    if _CAS_WHEN.match(first) or first.replace(b" ", b"").upper().startswith(b"WHEN,APPLICATION,WHAT,ACTION,WHO"):
        return "cas"
    try:
        header_text = first.decode("utf-8")
    except UnicodeDecodeError:
        header_text = first.decode("cp1252", errors="replace")
    for sep in (",", ";", "\t"):
        names = {column_key(c) for c in header_text.split(sep)}
        # A header is recognised by its most telling column, so that a missing
        # one is reported by name rather than as an unknown format.
        if "eventtype" in names and "date" in names:
            return "ode-pg-csv"
        if "horodatage" in names:
            return "csv"
    return None

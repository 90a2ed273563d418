"""Apereo CAS audit trail, multi-line records or one record a line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ingest.formats import LogFormat
from ingest.lines import arrow_flags, arrow_numbers, head, last_newline, numpy_flags, numpy_numbers

if TYPE_CHECKING:
    import pyarrow as pa

BEGIN = b"Audit trail record BEGIN"


def record_boundary(data: bytes) -> int:
    """End a block just before the line holding the last BEGIN, so records stay whole."""
    i = data.rfind(BEGIN)
    if i < 0:
        return last_newline(data)
    return data.rfind(b"\n", 0, i) + 1  # 0 when the only record starts the block: read on


def number_records(block: pa.Table) -> pa.Table:
    """Record of each line (its BEGIN line's number; 0 before the first BEGIN) and separators so far in it.

    Done with cumulative sums over the block (whose records are whole) rather
    than with SQL window functions, which sort the lines.
    """
    import numpy as np
    import pyarrow.compute as pc

    debut = numpy_flags(pc.match_substring(block["line"], "Audit trail record BEGIN"))
    separateur = numpy_flags(pc.match_substring_regex(block["line"], r"^\s*=+\s*$"))
    index = np.cumsum(debut, dtype=np.int64)  # 1 for the block's first record, 2 for the next…
    seps = np.cumsum(separateur, dtype=np.int64)
    before = seps - separateur  # separators strictly before each line
    starts = np.flatnonzero(debut)
    inside = index > 0
    base = np.zeros(len(index), dtype=np.int64)
    base[inside] = before[starts][index[inside] - 1]
    # A record is named by its BEGIN line's number: unique in its file, whatever the block.
    line_no = numpy_numbers(block["line_no"])
    rec = np.zeros(len(index), dtype=np.int64)
    rec[inside] = line_no[starts][index[inside] - 1]
    return (
        block.append_column("debut", arrow_flags(debut))
        .append_column("separateur", arrow_flags(separateur))
        .append_column("rec", arrow_numbers(rec))
        .append_column("nsep", arrow_numbers(seps - base))
    )


def for_file(path: Path) -> LogFormat:
    """The multi-line variant when the head holds a BEGIN marker, else the single-line one."""
    if BEGIN in head(path):
        return LogFormat(
            name="cas",
            sql="stage_cas_multi",
            boundary=record_boundary,
            prepare=number_records,
            fast_sql="stage_cas_rapide",
            fast_stages=True,
            fast_counts="stage_cas_rapide_comptes",
            # The fast reader splits lines on this byte and drops it at a line's end.
            fast_refuses=b"\x01",
        )
    return LogFormat(name="cas", sql="stage_cas_single")

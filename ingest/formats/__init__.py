"""The raw log formats of docs/inputs.md.

Each format is a SQL file that turns what was read into the same stage shape
(line, raw text, time, kind, module, identifier, device, reject or skip
reason), plus the few facts it needs from the file's head (column positions
of a CSV header, the CAS variant). JSON lines and CSV are read in two ways
feeding the same rules: DuckDB's own reader over whole files (the fast path,
for files that are clean end to end) and numbered lines (the exact path,
which names the line of every reject).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.lines import first_lines, head, last_newline
from ingest.tabular import column_key, sniff_separator


class MissingColumns(Exception):
    """The header lacks columns the format needs; the message names them."""


@dataclass(frozen=True)
class LogFormat:
    """How to stage one file of a given format."""

    name: str
    sql: str  # the named SQL of the rules (ingest/formats/<sql>.sql), reading `lus`
    params: dict = field(default_factory=dict)  # bound parameters of those SQL files
    # How numbered lines become `lus` (None: `sql` reads the block itself).
    lines_sql: str | None = None
    # How DuckDB's reader makes `lus` from whole files (None: no fast path).
    fast_sql: str | None = None
    # The fast SQL builds `stage` itself, from one file at a time, instead of feeding `sql`.
    fast_stages: bool = False
    # Per file of a fast stage: (fichier_id, lines its rows stand for, valid, rejected).
    fast_counts: str = "stage_counts"
    # Bytes the fast reader would read past without a word: a file whose text
    # holds one takes the exact path (files.fingerprint looks for them).
    fast_refuses: bytes = b""
    header_lines: int = 0  # lines the fast reader skips (a CSV header)
    allow_cp1252: bool = False
    boundary: Callable[[bytes], int] = last_newline
    # Columns computed on a block before its SQL pass (vectorised, per file's block).
    prepare: Callable | None = None


def header_line(path: Path) -> str:
    """The first non-blank line, decoded as the stage SQL will see it."""
    for raw in first_lines(head(path), 1):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    return ""


def csv_positions(path: Path, required: dict[str, tuple[str, ...]], optional: dict[str, tuple[str, ...]]) -> dict:
    """Bind parameters for a CSV format: separator, header, column count, 1-based positions.

    `required`/`optional` map a parameter name to the accepted (normalised)
    column names.
    """
    header = header_line(path)
    sep = sniff_separator(header)
    names = [column_key(c) for c in header.split(sep)]
    params: dict = {
        "sep": sep,
        "header": header,
        "ncols": len(names),
        "colonnes": {f"c{i + 1}": "VARCHAR" for i in range(len(names))},
    }
    missing = []
    for wanted, is_required in [(required, True), (optional, False)]:
        for param, accepted in wanted.items():
            keys = {column_key(a) for a in accepted}
            pos = next((i + 1 for i, n in enumerate(names) if n in keys), None)
            if pos is None and is_required:
                missing.append(accepted[0])
            params[param] = pos
    if missing:
        raise MissingColumns("colonnes manquantes : " + ", ".join(missing))
    return params


def resolve(name: str, path: Path) -> LogFormat:
    """The staging recipe for a file of format `name` (one of `detect.FORMATS`)."""
    from ingest.formats import cas, generic_csv, ode_jsonl, ode_pg_csv

    makers = {
        "ode-jsonl": ode_jsonl.for_file,
        "ode-pg-csv": ode_pg_csv.for_file,
        "cas": cas.for_file,
        "csv": generic_csv.for_file,
    }
    return makers[name](Path(path))

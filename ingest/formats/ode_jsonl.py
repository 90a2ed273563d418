"""ODE/Edifice event store exported as JSON lines (Mongo `events` collection)."""

from pathlib import Path

from ingest.formats import LogFormat


def for_file(path: Path) -> LogFormat:
    """JSON lines need nothing from the header."""
    return LogFormat(
        name="ode-jsonl",
        sql="stage_ode_jsonl",
        lines_sql="lus_ode_jsonl_lignes",
        fast_sql="lus_ode_jsonl_rapide",
        # Vertical tab and form feed: DuckDB's reader skips them around an object,
        # though JSON does not count them as blanks (the exact path rejects the line).
        fast_refuses=b"\x0b\x0c",
    )

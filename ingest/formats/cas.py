"""Apereo CAS audit trail, multi-line records or one record a line."""

from pathlib import Path

from ingest.formats import LogFormat
from ingest.lines import head, last_newline

BEGIN = b"Audit trail record BEGIN"


def record_boundary(data: bytes) -> int:
    """End a block just before the line holding the last BEGIN, so records stay whole."""
    i = data.rfind(BEGIN)
    if i < 0:
        return last_newline(data)
    return data.rfind(b"\n", 0, i) + 1   # 0 when the only record starts the block: read on


def for_file(path: Path) -> LogFormat:
    """The multi-line variant when the head holds a BEGIN marker, else the single-line one."""
    if BEGIN in head(path):
        return LogFormat(name="cas", sql="stage_cas_multi", boundary=record_boundary)
    return LogFormat(name="cas", sql="stage_cas_single")

"""The access journal: who signed in, was refused, viewed which page, downloaded what.

One JSON line per event (`horodatage, identifiant, role, page, action,
detail`) appended to journal_acces.jsonl next to the warehouse (env
`ENT_JOURNAL`). Loads never touch it; the steering committee reads it on a
page of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polars as pl

COLUMNS = ("horodatage", "identifiant", "role", "page", "action", "detail")


def journal_path(warehouse: Path) -> Path:
    """`ENT_JOURNAL`, else journal_acces.jsonl next to the warehouse."""
    return Path(os.environ.get("ENT_JOURNAL") or Path(warehouse).with_name("journal_acces.jsonl"))


def record(path: Path, identifiant: str | None, role: str | None, page: str, action: str, detail: str = "") -> None:
    """Append one event (UTC time). One write of one line in append mode: lines of two sessions never mix."""
    line = json.dumps(
        {
            "horodatage": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "identifiant": identifiant,
            "role": role,
            "page": page,
            "action": action,
            "detail": detail,
        },
        ensure_ascii=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def read(path: Path) -> pl.DataFrame:
    """Every event, newest first (an empty frame when nothing was recorded yet)."""
    schema = {c: pl.String for c in COLUMNS}
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    # Appended in time order: the file reversed is newest first.
    return pl.read_ndjson(path, schema=schema).reverse()

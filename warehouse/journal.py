"""The access journal: who signed in, was refused, viewed which page, downloaded what.

One JSON line per event (`horodatage, identifiant, role, page, action,
detail`) appended to journal_acces.jsonl next to the warehouse (env
`ENT_JOURNAL`). Loads never touch it; the steering committee reads it on a
page of its own; the retention purge drops the lines older than the
retention (`forget_before`), under a lock that appends wait for.
"""

from __future__ import annotations

import datetime as dt
import fcntl
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
    while True:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            # A purge may have put a shorter journal in its place while we waited: append to that one.
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                os.write(fd, (line + "\n").encode("utf-8"))
                return
        except FileNotFoundError:
            pass
        finally:
            os.close(fd)


def forget_before(path: Path, cutoff: dt.date, dry_run: bool = False) -> int:
    """Drop the events recorded before `cutoff` (UTC day); returns how many went (or would go, `dry_run`).

    The journal is rewritten whole, private, and renamed over the old one
    while holding its lock. A line that cannot be dated is kept.
    """
    if not path.exists():
        return 0
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with open(path, "rb") as f:
            lines = f.read().splitlines(keepends=True)
        kept = [ln for ln in lines if not _before(ln, cutoff)]
        gone = len(lines) - len(kept)
        if gone and not dry_run:
            fresh = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            out = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(out, b"".join(kept))
                os.fsync(out)
            finally:
                os.close(out)
            os.replace(fresh, path)
        return gone
    finally:
        os.close(fd)


def _before(line: bytes, cutoff: dt.date) -> bool:
    try:
        when = dt.datetime.fromisoformat(json.loads(line)["horodatage"])
    except (ValueError, KeyError, TypeError):
        return False
    return when.astimezone(dt.UTC).date() < cutoff


def read(path: Path) -> pl.DataFrame:
    """Every event, newest first (an empty frame when nothing was recorded yet)."""
    schema = {c: pl.String for c in COLUMNS}
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    # Appended in time order: the file reversed is newest first.
    return pl.read_ndjson(path, schema=schema).reverse()

"""The file manifest: content hashes and the row each processed file leaves."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.lines import GZIP_MAGIC
from ingest.report import FileReport
from warehouse.queries import execute, one


def sha256_of(path: Path, block: int = 8 << 20) -> str:
    """Hash of the file's bytes as stored (so a renamed copy is recognised)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(block):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What one pass over a file tells: its hash, its number of lines when it can be known,
    and whether its text holds any of the bytes it was asked to look for."""

    sha256: str
    lines: int | None  # of the decompressed text; None for a gzip stream that does not end cleanly
    empty: bool
    found: bool = False


def fingerprint(path: Path, block: int = 1 << 20, refused: bytes = b"") -> Fingerprint:
    """Hash the stored bytes, count the lines of the (decompressed) text, and look for the bytes of `refused` in it.

    The line count lets the fast path check that DuckDB's reader saw every
    line of a file (it skips blank ones silently); `refused` names bytes its
    reader would read past without a word (a CAS line's 0x01), so that such
    a file takes the exact path.
    """
    h = hashlib.sha256()
    newlines = size = 0
    last = b"\n"
    found = False
    # One buffer read into again and again: this runs beside DuckDB's reader,
    # and fresh chunks cost it allocations the other core would rather spend.
    buffer = bytearray(block)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        gz = f.read(2) == GZIP_MAGIC
        f.seek(0)
        while n := f.readinto(buffer):
            h.update(view[:n])
            if not gz:
                newlines += buffer.count(b"\n", 0, n)
                size += n
                last = bytes(view[n - 1 : n])
                found = found or any(buffer.find(byte, 0, n) >= 0 for byte in refused)
    if gz:
        # gzip's own reader walks concatenated members without copying what follows each one.
        try:
            with gzip.open(path, "rb") as text:
                for chunk in iter(lambda: text.read1(block), b""):
                    newlines += chunk.count(b"\n")
                    size += len(chunk)
                    last = chunk[-1:]
                    found = found or any(chunk.find(byte) >= 0 for byte in refused)
        except (EOFError, gzip.BadGzipFile, zlib.error):
            return Fingerprint(h.hexdigest(), None, False)
    return Fingerprint(h.hexdigest(), newlines + (last != b"\n"), size == 0, found)


def next_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next manifest row will take (only the writer calls this)."""
    return one(con, "fichiers_next_id")[0]


def record(con: duckdb.DuckDBPyConnection, fichier_id: int, report: FileReport, sha256: str) -> None:
    """Write the manifest row and the skip counts of a processed file."""
    path = report.path
    execute(con, "rejets_oublier_anciens", sha256=sha256, type=report.kind)
    execute(
        con,
        "fichiers_insert",
        fichier_id=fichier_id,
        nom=path.name,
        chemin=str(path),
        sha256=sha256,
        octets=path.stat().st_size,
        modifie_ns=path.stat().st_mtime_ns,
        type=report.kind,
        lignes=report.lines,
        enregistrements=report.records,
        charges=report.loaded,
        doublons=report.duplicates,
        rejetes=report.rejected_total,
        ignores=report.skipped_total,
        en_attente=report.waiting,
        encodage=report.encoding,
        note=report.note,
    )
    for motif, n in report.skipped.items():
        execute(con, "ignores_insert", fichier_id=fichier_id, motif=motif, lignes=n)

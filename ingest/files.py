"""The file manifest: content hashes and the row each processed file leaves."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from ingest.report import FileReport
from warehouse.queries import execute, one


def sha256_of(path: Path, block: int = 8 << 20) -> str:
    """Hash of the file's bytes as stored (so a renamed copy is recognised)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(block):
            h.update(chunk)
    return h.hexdigest()


def next_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next manifest row will take (only the writer calls this)."""
    return one(con, "fichiers_next_id")[0]


def record(con: duckdb.DuckDBPyConnection, fichier_id: int, report: FileReport, sha256: str) -> None:
    """Write the manifest row and the skip counts of a processed file."""
    path = report.path
    execute(
        con, "fichiers_insert",
        fichier_id=fichier_id, nom=path.name, chemin=str(path), sha256=sha256,
        octets=path.stat().st_size, type=report.kind, lignes=report.lines, enregistrements=report.records,
        charges=report.loaded, doublons=report.duplicates, rejetes=report.rejected_total,
        ignores=report.skipped_total, en_attente=report.waiting, encodage=report.encoding, note=report.note,
    )
    for motif, n in report.skipped.items():
        execute(con, "ignores_insert", fichier_id=fichier_id, motif=motif, lignes=n)

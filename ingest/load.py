"""Loading raw log files: stage, pseudonymise, deduplicate, keep rejects and waiting events.

Each file is read in blocks of numbered lines; a block goes through one SQL
pass of its format (ingest/formats), then through the same steps whatever the
format: rejects kept with their reason, identifiers replaced by pids, events
keyed by content and inserted only if new, events of people with no account
kept aside. All of it happens inside the writer's private copy, so readers see
either none of a command's files or all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import duckdb

from ingest import files
from ingest.detect import detect
from ingest.formats import LogFormat, MissingColumns, resolve
from ingest.lines import ReadState, line_blocks
from ingest.pseudonym import assign_pids
from ingest.report import FileReport, Progress, RunReport
from warehouse.queries import execute, one, rows, script

LOG_SUFFIXES = {".log", ".jsonl", ".json", ".ndjson", ".csv", ".txt", ".gz"}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the log files inside folders named (recursively, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                              and any(s in LOG_SUFFIXES for s in f.suffixes)))
        else:
            out.append(p)
    return out


def _stage_block(con, fmt_sql: str, params: dict, block) -> None:
    con.register("block", block)
    try:
        execute(con, fmt_sql, **params)
    finally:
        con.unregister("block")


def _load_block(con, key: bytes, fichier_id: int, report: FileReport) -> int:
    records, valid, rejected = one(con, "stage_counts")
    report.records += records
    if rejected:
        execute(con, "rejets_from_stage", fichier_id=fichier_id)
        for motif, n in rows(con, "stage_rejected"):
            report.rejected[motif] += n
    for motif, n in rows(con, "stage_ignored"):
        report.skipped[motif] += n
    if valid:
        idents = [r[0] for r in rows(con, "stage_idents")]
        assign_pids(con, key, idents)
        execute(con, "stage_valid")
        jour_min, jour_max = one(con, "valides_bounds")
        bounds = {"fichier_id": fichier_id, "jour_min": jour_min, "jour_max": jour_max}
        inserted = one(con, "evenements_insert", **bounds)[0]
        waiting = one(con, "en_attente_insert", **bounds)[0]
        report.loaded += inserted + waiting
        report.waiting += waiting
        report.duplicates += valid - inserted - waiting
    return records


def load_file(
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    path: Path,
    forced_format: str = "auto",
    block_bytes: int = 32 << 20,
    progress: Progress | None = None,
) -> FileReport:
    """Load one log file; the report says what became of each of its records."""
    report = FileReport(path=path)
    try:
        digest = files.sha256_of(path)
    except OSError as exc:
        report.error = exc.strerror or str(exc)
        return report

    already = one(con, "fichiers_find_log", sha256=digest)
    if already:
        name, when, lines, records = already
        report.kind, report.lines, report.records, report.duplicates = "déjà chargé", lines, records, records
        report.note = f"contenu identique à « {name} », chargé le {when:%d/%m/%Y à %H:%M} : compté en doublons"
        return report

    name = detect(path) if forced_format == "auto" else forced_format
    motif = None
    fmt: LogFormat | None = None
    if name is None:
        motif, report.kind = "format de fichier non reconnu", "inconnu"
    else:
        report.kind = name
        try:
            fmt = resolve(name, path)
        except MissingColumns as exc:
            motif = str(exc)

    fichier_id = files.next_id(con)
    state = ReadState()
    if fmt is not None:
        sql, params, boundary, cp1252 = fmt.sql, fmt.params, fmt.boundary, fmt.allow_cp1252
    else:
        sql, params, boundary, cp1252 = "stage_unreadable", {"motif": motif}, None, False
    blocks = line_blocks(path, state, block_bytes=block_bytes, allow_cp1252=cp1252,
                         **({"boundary": boundary} if boundary else {}))
    for block in blocks:
        _stage_block(con, sql, params, block)
        records = _load_block(con, key, fichier_id, report)
        if progress:
            progress.advance(records)
    report.lines = state.lines
    report.encoding = state.encodage
    if state.truncated:
        execute(con, "rejet_insert", fichier_id=fichier_id, ligne=state.lines + 1, motif=state.truncated, brut=None)
        report.records += 1
        report.rejected[state.truncated] += 1
    if report.records == 0 and not state.truncated:
        report.note = "fichier vide"
    files.record(con, fichier_id, report, digest)
    return report


def load_logs(
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    paths: Iterable[Path],
    forced_format: str = "auto",
    block_bytes: int = 32 << 20,
) -> RunReport:
    """Load log files and folders of log files (DESIGN §2.2) into the writer's copy."""
    script(con, "ingest_macros")
    result = RunReport()
    targets = expand(paths)
    progress = Progress(len(targets))
    for path in targets:
        if not path.exists():
            result.add(FileReport(path=path, error="fichier introuvable"))
            continue
        result.add(load_file(con, key, path, forced_format, block_bytes, progress))
        progress.advance(file_done=True)
    progress.close()
    return result

"""Loading raw log files: stage, pseudonymise, deduplicate, keep rejects and waiting events.

JSON-lines and CSV files are first given to DuckDB's own reader (the fast
path); a file it cannot read whole, or that has any line to reject or a
blank line, is read again as numbered lines (the exact path), so that every
reject names its line. Multi-line CAS audit files take a fast path of their
own (stage_cas_rapide: one file at a time, standard layout only); single-line
ones always take the exact path. Consecutive files of the same format are
staged together (a territory hands over hundreds of small daily files), each
row carrying its file's id; a batch goes through one SQL pass of its format
(ingest/formats), then through the same steps whatever the format: rejects
kept with their reason, identifiers replaced by pids, events keyed by
content and inserted only if new, events of people with no account kept
aside. All of it happens inside the writer's private copy, so readers see
either none of a command's files or all of them.
"""

from __future__ import annotations

import stat
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ingest import files
from ingest.detect import detect
from ingest.formats import LogFormat, MissingColumns, resolve
from ingest.lines import ReadState, arrow_numbers, is_gzip, line_blocks
from ingest.pseudonym import assign_pids
from ingest.report import FileReport, Progress, RunReport, nombre, paris_time
from warehouse.db import commit_step
from warehouse.queries import execute, execute_text, one, record, records, rows, script, sql, steps

if TYPE_CHECKING:
    import pyarrow as pa

LOG_SUFFIXES = {".log", ".jsonl", ".json", ".ndjson", ".csv", ".txt", ".gz"}
ARROW_CHUNK_ROWS = 8192


def is_special(path: Path) -> bool:
    """A named pipe, socket or device: reading it could wait forever, or never end."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files named, and the log files inside folders named (recursively, sorted); and the files left out, with why."""
    taken: list[Path] = []
    left_out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.is_dir():
            taken.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if f.name.startswith(".") or f.is_dir():
                continue
            if is_special(f):
                left_out.append((f, "tube nommé, socket ou périphérique"))
            elif not f.is_file():
                continue
            # Rotated logs are named events.log.1, cas_audit.log-20250908...: any log-like suffix counts.
            elif any(s in LOG_SUFFIXES or s.split("-")[0] in LOG_SUFFIXES for s in f.suffixes):
                taken.append(f)
            else:
                left_out.append((f, "extension inconnue"))
    return taken, left_out


@dataclass(frozen=True)
class Recipe:
    """How a batch is staged: files of one recipe are staged together.

    `rules` is the format's SQL over what `reading` read (None: the rules read
    the block, or the files, themselves); `fast` says whether DuckDB's reader
    reads whole files (the fast path) or the batch holds numbered lines.
    """

    fast: bool
    rules: str
    reading: str | None
    params: tuple
    header_lines: int = 0  # fast path: lines the reader skips (a CSV header)
    counts: str = "stage_counts"  # fast path: per file, the lines its rows stand for, valid and rejected


@dataclass
class _Pending:
    """A file being loaded: its report, manifest facts and reading state."""

    report: FileReport
    fichier_id: int
    digest: str
    fmt: LogFormat | None = None
    motif: str = ""  # why a file of no known format is rejected whole
    fingerprint: Future | None = None  # fast path: files.fingerprint, computed in a thread
    dropped: bool = False  # fast path: loaded before, or unreadable: nothing to record
    state: ReadState = field(default_factory=ReadState)


def _stage(con: duckdb.DuckDBPyConnection, rules: str, reading: str | None, params: dict) -> None:
    """Build TEMP TABLE `stage`: the format's rules (`rules`) over what `reading` read.

    `reading` is None for formats whose rules read the block (or the files)
    themselves; their SQL file may hold several statements.
    """
    if reading is None:
        steps(con, rules, **params)
        return
    text = f"CREATE OR REPLACE TEMP TABLE stage AS WITH lus AS (\n{sql(reading)}\n)\nSELECT * FROM (\n{sql(rules)}\n)"
    execute_text(con, text, **params)


class _Batch:
    """Blocks of lines from consecutive files of one recipe, staged and loaded together."""

    def __init__(self, con: duckdb.DuckDBPyConnection, key: bytes, block_bytes: int, progress: Progress):
        self.con, self.key, self.block_bytes, self.progress = con, key, block_bytes, progress
        self.recipe: Recipe | None = None
        self.tables: list[pa.Table] = []
        self.files: list[_Pending] = []  # fast path: whole files
        self.retry: list[_Pending] = []  # files the fast path gave back, for the exact path
        self.size = 0
        self.days: tuple | None = None  # span of the new resolved events so far
        self.by_id: dict[int, FileReport] = {}
        self.timings: Counter = Counter()  # seconds per step, for the benchmarks
        # A retention purge's cut-off: events of the days before it are not kept again (None before any purge).
        self.cutoff = one(con, "coupure_conservation")[0]

    @contextmanager
    def _timed(self, step: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] += time.perf_counter() - started

    def add(self, recipe: Recipe, table: pa.Table, pending: _Pending) -> None:
        import numpy as np  # only the exact path builds Arrow tables

        if self.recipe is not None and recipe != self.recipe:
            self.flush()
        self.recipe = recipe
        self.by_id[pending.fichier_id] = pending.report
        self.tables.append(
            table.append_column("fichier_id", arrow_numbers(np.full(table.num_rows, pending.fichier_id), "int32"))
        )
        self.size += table.nbytes
        if self.size >= self.block_bytes:
            self.flush()

    def add_file(self, fmt: LogFormat, pending: _Pending, size: int) -> None:
        """A whole file for the fast path (its fingerprint on the way)."""
        # A format whose fast SQL builds the stage itself reads nothing for the rules to take.
        rules, reading = (fmt.fast_sql, None) if fmt.fast_stages else (fmt.sql, fmt.fast_sql)
        recipe = Recipe(True, rules, reading, tuple(sorted(fmt.params.items())), fmt.header_lines, fmt.fast_counts)
        if self.recipe is not None and recipe != self.recipe:
            self.flush()
        self.recipe = recipe
        self.by_id[pending.fichier_id] = pending.report
        self.files.append(pending)
        # The group's text, not its compressed size, is what the stage holds (gzip logs
        # shrink about tenfold); whole files are cheap to stage, so groups are larger than blocks.
        self.size += size * (10 if is_gzip(pending.report.path) else 1)
        if self.size >= 8 * self.block_bytes or fmt.fast_stages:
            self.flush()

    def flush(self) -> None:
        if self.files:
            self._flush_files()
            return
        if not self.tables:
            return
        import pyarrow as pa

        rules, reading, params = self.recipe.rules, self.recipe.reading, self.recipe.params
        # DuckDB scans an Arrow table one chunk per task, and a block arrives as a single
        # chunk: cut into slices (no copy), it is parsed by both cores.
        block = pa.concat_tables(self.tables)
        block = pa.Table.from_batches(block.to_batches(max_chunksize=ARROW_CHUNK_ROWS), schema=block.schema)
        self.tables, self.size = [], 0
        con = self.con
        with self._timed("analyse"):
            con.register("block", block)
            try:
                _stage(con, rules, reading, dict(params))
            finally:
                con.unregister("block")
        self._load_stage()
        commit_step(con)
        self.progress.advance(block.num_rows)

    def _flush_files(self) -> None:
        group, self.files, self.size = self.files, [], 0
        self._read_whole(group)

    def _read_whole(self, group: list[_Pending]) -> None:
        """Stage whole files with DuckDB's reader, then keep those it read entirely and cleanly."""
        rules, reading, header_lines = self.recipe.rules, self.recipe.reading, self.recipe.header_lines
        params = self.recipe.params
        con = self.con
        params = dict(params, chemins=[str(p.report.path) for p in group], fichiers=[p.fichier_id for p in group])
        # A reader error aborts the transaction: nothing of this load may be pending then.
        commit_step(con)
        try:
            with self._timed("lecture_rapide"):
                _stage(con, rules, reading, params)
        except duckdb.Error as exc:
            # Some file is not clean end to end (bad JSON, wrong column count, encoding,
            # a CAS record out of the standard layout...): it goes to the exact path, which
            # will say which line and why; the others are read again without it (the file
            # DuckDB names, else each half in turn).
            con.execute("ROLLBACK")
            con.execute("BEGIN TRANSACTION")
            # A fast stage that failed while reading in file order (stage_cas_rapide) left it on.
            con.execute("SET preserve_insertion_order = false")
            if len(group) == 1:
                self._settle(group, header_lines, failed=True)
                return
            named = [p for p in group if f'"{p.report.path}"' in str(exc)][:1]
            if named:
                self._settle(named, header_lines, failed=True)
                self._read_whole([p for p in group if p is not named[0]])
            else:
                self._read_whole(group[: len(group) // 2])
                self._read_whole(group[len(group) // 2 :])
            return
        self._settle(group, header_lines, failed=False)

    def _settle(self, group: list[_Pending], header_lines: int, failed: bool) -> None:
        """Check each staged file against its fingerprint; load the clean ones, give the others back."""
        con = self.con
        # The fingerprints were computed while DuckDB read the files.
        expected: dict[int, int] = {}
        back: list[_Pending] = []
        for p in group:
            try:
                with self._timed("empreinte_fichier"):
                    fp = p.fingerprint.result()
            except OSError as exc:
                p.report.error, p.dropped = exc.strerror or str(exc), True
                continue
            p.digest = fp.sha256
            if _previous_load(con, fp.sha256, p.report.kind, p.report):
                p.dropped = True
            elif failed or fp.lines is None or fp.empty or fp.found:
                back.append(p)
            else:
                expected[p.fichier_id] = fp.lines - header_lines
        if not failed:
            counts_sql = self.recipe.counts
            counts = {fichier_id: (lines, rejected) for fichier_id, lines, _, rejected in rows(con, counts_sql)}
            # Fewer rows than lines (a blank line, a line DuckDB merged or skipped) or any reject: exact path.
            back += [
                p
                for p in group
                if p.fichier_id in expected and counts.get(p.fichier_id, (0, 0)) != (expected[p.fichier_id], 0)
            ]
        back_ids = {p.fichier_id for p in back}
        kept = [p for p in group if p.fichier_id in expected and p.fichier_id not in back_ids]
        for p in group:
            if p.dropped:
                del self.by_id[p.fichier_id]
        self._give_back(back)
        if failed:
            return
        if len(kept) < len(group):
            con.execute(
                "DELETE FROM stage WHERE NOT list_contains($ids, fichier_id)", {"ids": [p.fichier_id for p in kept]}
            )
        for p in kept:
            p.state.lines = expected[p.fichier_id] + header_lines
            p.report.fast = True
            if header_lines:
                p.report.records += header_lines
                p.report.skipped["en-tête"] += header_lines
        self._load_stage()
        commit_step(con)
        self.progress.advance(sum(expected[p.fichier_id] for p in kept))

    def _give_back(self, pendings) -> None:
        for p in pendings:
            del self.by_id[p.fichier_id]
            self.retry.append(p)

    def _load_stage(self) -> None:
        con, reports = self.con, self.by_id
        if self.cutoff is not None:
            execute(con, "stage_avant_coupure", coupure=self.cutoff)
        any_valid = any_rejected = False
        for fichier_id, read, valid, rejected in rows(con, "stage_counts"):
            reports[fichier_id].records += read
            any_valid |= valid > 0
            any_rejected |= rejected > 0
        if any_rejected:
            with self._timed("rejets"):
                execute(con, "rejets_from_stage")
                for fichier_id, motif, n in rows(con, "stage_rejected"):
                    reports[fichier_id].rejected[motif] += n
        for fichier_id, motif, n in rows(con, "stage_ignored"):
            reports[fichier_id].skipped[motif] += n
        if not any_valid:
            return
        with self._timed("pseudonymisation"):
            assign_pids(con, self.key, "stage_idents")
        with self._timed("cles_et_doublons"):
            jour_min, jour_max, heure_min, heure_max = one(con, "stage_bounds")
            steps(
                con,
                "stage_valid",
                jour_min=jour_min,
                jour_max=jour_max,
                heure_min=heure_min,
                heure_max=heure_max,
            )
            if steps(con, "valides_doubles_trouver")[-1][0]:
                execute(con, "valides_doubles")
        for fichier_id, resolved, waiting, duplicates in rows(con, "valides_counts"):
            report = reports[fichier_id]
            report.loaded += resolved + waiting
            report.waiting += waiting
            report.duplicates += duplicates
        with self._timed("insertion"):
            execute(con, "evenements_insert")
            execute(con, "en_attente_insert")
        first, last = one(con, "valides_jours")
        if first is not None:
            self.days = (first, last) if self.days is None else (min(first, self.days[0]), max(last, self.days[1]))


def _previous_load(con, digest: str, kind: str, report: FileReport) -> bool:
    """Whether this content was already read in this format; if so the report says what became of it."""
    earlier = record(con, "fichiers_find_log", sha256=digest, type=kind)
    if not earlier:
        return False
    st = report.path.stat()
    execute(con, "fichier_date_connue", fichier_id=earlier["fichier_id"], chemin=str(report.path),
            octets=st.st_size, modifie_ns=st.st_mtime_ns)  # fmt: skip
    _as_before(report, earlier)
    report.note = (
        f"contenu identique à « {earlier['nom']} », déjà chargé le {paris_time(earlier['charge_le']):%d/%m/%Y à %H:%M}"
    )
    return True


def _as_before(report: FileReport, earlier: dict) -> None:
    """The report of a file whose content was read before: its events are all duplicates now."""
    report.lines, report.records = earlier["lignes"], earlier["enregistrements"]
    report.duplicates = earlier["charges"] + earlier["doublons"]
    if earlier["ignores"]:
        report.skipped["déjà ignoré au chargement précédent"] += earlier["ignores"]
    if earlier["rejetes"]:
        report.rejected["déjà rejeté au chargement précédent (voir les rejets de ce fichier)"] += earlier["rejetes"]


def load_logs(
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    paths: Iterable[Path],
    forced_format: str = "auto",
    block_bytes: int = 32 << 20,
) -> RunReport:
    """Load log files and folders of log files (docs/inputs.md) into the writer's copy."""
    # Events are keyed by content and nothing here reads a table in the order
    # its rows went in (exact-path rows carry their line numbers; fast-path
    # rows tie on insertion order only when they are copies with the same
    # content): letting DuckDB write tables unordered lets both cores insert.
    con.execute("SET preserve_insertion_order = false")
    result = _load_logs(con, key, paths, forced_format, block_bytes)
    con.execute("RESET preserve_insertion_order")
    return result


def _load_logs(
    con: duckdb.DuckDBPyConnection, key: bytes, paths: Iterable[Path], forced_format: str, block_bytes: int
) -> RunReport:
    script(con, "macros")
    result = RunReport()
    targets, left_out = expand(paths)
    for path, why in left_out:
        result.messages.append(f"Non retenu ({why}) : {path}")
    if not targets:
        result.messages.append("Aucun fichier de journal à charger.")
        result.nothing_to_do = True
        result.rollup_days = None
        return result
    progress = Progress(len(targets))
    batch = _Batch(con, key, block_bytes, progress)
    next_id = files.next_id(con)
    done: list[_Pending] = []

    def read_lines(pending: _Pending) -> None:
        # The exact path: numbered lines in blocks, staged with the format's rules.
        fmt = pending.fmt
        if fmt is not None:
            recipe = Recipe(False, fmt.sql, fmt.lines_sql, tuple(sorted(fmt.params.items())))
            blocks = line_blocks(pending.report.path, pending.state, block_bytes, fmt.boundary, fmt.allow_cp1252)
        else:
            recipe = Recipe(False, "stage_unreadable", None, (("motif", pending.motif),))
            blocks = line_blocks(pending.report.path, pending.state, block_bytes)
        while True:
            started = time.perf_counter()
            table = next(blocks, None)
            batch.timings["lecture"] += time.perf_counter() - started
            if table is None:
                break
            if fmt is not None and fmt.prepare is not None:
                started = time.perf_counter()
                table = fmt.prepare(table)
                batch.timings["preparation"] += time.perf_counter() - started
            batch.add(recipe, table, pending)

    def retry_given_back() -> None:
        while batch.retry:
            pending = batch.retry.pop(0)
            pending.state = ReadState()
            read_lines(pending)

    # Hashing and counting lines (files.fingerprint) runs in a thread, ahead of
    # DuckDB: hashlib and zlib release the GIL, so for the fast path the file's
    # fingerprint is computed while DuckDB reads it.
    # A drop folder grows every day: a file whose path, size and modification time are those of a file
    # read before is not read again (renamed copies are still recognised by their content's hash).
    unchanged = {(r["chemin"], r["octets"], r["modifie_ns"]): r for r in records(con, "fichiers_deja_lus")}
    with ThreadPoolExecutor(max_workers=1) as hasher:
        for path in targets:
            report = result.add(FileReport(path=path))
            try:
                st = path.stat()
                earlier = unchanged.get((str(path), st.st_size, st.st_mtime_ns))
                if earlier is not None:
                    report.kind = earlier["type"]
                    _as_before(report, earlier)
                    report.note = (
                        f"inchangé depuis son chargement du {paris_time(earlier['charge_le']):%d/%m/%Y à %H:%M}"
                    )
                    progress.advance(file_done=True)
                    continue
                name = detect(path) if forced_format == "auto" else forced_format
                fmt: LogFormat | None = None
                motif = "format de fichier non reconnu"
                if name is not None:
                    try:
                        fmt = resolve(name, path)
                    except MissingColumns as exc:
                        motif = str(exc)
                report.kind = name or "inconnu"
                if fmt is not None and fmt.fast_sql is not None:
                    pending = _Pending(
                        report,
                        next_id,
                        "",
                        fmt,
                        motif,
                        fingerprint=hasher.submit(files.fingerprint, path, refused=fmt.fast_refuses),
                    )
                    next_id += 1
                    done.append(pending)
                    batch.add_file(fmt, pending, path.stat().st_size)
                else:
                    started = time.perf_counter()
                    fp = files.fingerprint(path)
                    batch.timings["empreinte_fichier"] += time.perf_counter() - started
                    if _previous_load(con, fp.sha256, report.kind, report):
                        progress.advance(file_done=True)
                        continue
                    pending = _Pending(report, next_id, fp.sha256, fmt, motif)
                    next_id += 1
                    done.append(pending)
                    read_lines(pending)
            except OSError as exc:
                report.error = exc.strerror or str(exc)
                continue
            retry_given_back()
            progress.advance(file_done=True)
        batch.flush()
        retry_given_back()
        batch.flush()
    done = [p for p in done if not p.dropped]
    progress.close()
    result.timings = batch.timings
    result.rollup_days = batch.days
    for pending in done:
        _finish(con, pending)
    if done:
        unknown = rows(con, "modules_inconnus_depuis", depuis=done[0].fichier_id)
        if unknown:
            result.messages.append(
                "Modules absents de services.csv (gardés, montrés tels quels) : "
                + ", ".join(f"{module} ({nombre(n)})" for module, n in unknown)
            )
    return result


def _finish(con, pending: _Pending) -> None:
    report, state = pending.report, pending.state
    report.lines = state.lines
    report.encoding = state.encoding
    if state.truncated:
        execute(
            con, "rejet_insert", fichier_id=pending.fichier_id, ligne=state.lines + 1, motif=state.truncated, brut=None
        )
        report.records += 1
        report.rejected[state.truncated] += 1
    if report.records == 0:
        report.note = "fichier vide"
    files.record(con, pending.fichier_id, report, pending.digest)

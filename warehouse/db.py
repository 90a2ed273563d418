"""Opening the warehouse: many readers, one writer, and the swap between them.

DuckDB lets one process write a database file or several read it, never both.
So the file at the warehouse path is never written in place: a load copies it
to a private working file, writes there, and atomically renames the result
over the published file. Readers open the published file read-only; a reader
that still holds the previous file keeps a consistent view of it (the rename
does not touch an open file), never a half-done load, and sees the new data as
soon as it reopens. Loads are serialised by a lock file.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.queries import execute, one, script, sql

# The warehouse holds school-level figures about children and staff: only its
# owner reads it, like the key file beside it.
PRIVATE = 0o600


# meta: the fingerprint of the schema and definitions the writer last applied.
SCHEMA = "schema"


def schema_fingerprint() -> str:
    """A digest of this version's schema and definitions: a warehouse written by another version differs."""
    import hashlib

    return hashlib.sha256((sql("schema") + sql("definitions")).encode("utf-8")).hexdigest()[:16]


def up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse was last written by this version (its tables and macros are the ones readers use)."""
    found = one(con, "meta_get", cle=SCHEMA)
    return found is not None and found[0] == schema_fingerprint()


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing and (re)define the shared macros and views, then record this version."""
    script(con, "schema")
    script(con, "definitions")
    execute(con, "meta_set", cle=SCHEMA, valeur=schema_fingerprint())


class WarehouseMissing(Exception):
    """No warehouse has been published at this path yet."""


class WarehouseBusy(Exception):
    """Another load held the write lock for longer than we were willing to wait."""


def version(path: Path) -> tuple[int, int, int] | None:
    """An identity of the published file that changes with every load (None if absent).

    Readers use it as a cache key so that a new load shows without a restart.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def commit_step(con: duckdb.DuckDBPyConnection) -> None:
    """Commit what the writer did so far and go on in a new transaction.

    The copy is private until published, so this changes nothing for readers;
    it keeps a long load's undo data from growing with the file.
    """
    con.execute("COMMIT")
    con.execute("BEGIN TRANSACTION")


def open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse.

    It never blocks a load: loads write to another file and swap it in.
    """
    path = Path(path)
    if not path.exists():
        raise WarehouseMissing(str(path))
    # duckdb.connect(path) would reuse an instance this process already has
    # open on that path, i.e. possibly the file as it was before the last
    # swap; attaching to a fresh in-memory instance always opens the file
    # the path names now.
    con = duckdb.connect()
    con.execute("ATTACH $path AS ent (READ_ONLY)", {"path": str(path)})
    con.execute("USE ent")
    con.execute("SET TimeZone = 'UTC'")
    return con


class SharedReader:
    """One read-only instance of the published warehouse per version, shared by a process's queries.

    Opening the file costs more than most page queries, and a fresh instance
    starts with a cold cache: the dashboard keeps one instance of the current
    version and gives each query its own connection to it (safe across
    threads). A load swaps a new file in; the next query sees the new version,
    opens it, and lets the old instance go once its last query ends. The
    instance never blocks a load, which writes a private copy and renames it.
    """

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._held: dict[str, tuple[tuple, duckdb.DuckDBPyConnection]] = {}

    def forget(self) -> None:
        """Let every instance go (the next query opens the file again, as after a load)."""
        with self._lock:
            for _, con in self._held.values():
                con.close()
            self._held.clear()

    @contextmanager
    def connect(self, path: Path, version_key: tuple) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the instance of `path` at `version_key`, closed on leaving."""
        with self._lock:
            held = self._held.get(str(path))
            if held is None or held[0] != version_key:
                if held is not None:
                    held[1].close()
                held = (version_key, open_reader(path))
                self._held[str(path)] = held
            con = held[1].cursor()
        try:
            # The catalogue and the time zone are each connection's own.
            con.execute("USE ent")
            con.execute("SET TimeZone = 'UTC'")
            yield con
        finally:
            con.close()


def _lock(lock_path: Path, wait_seconds: float, on_wait: Callable[[], None] | None):
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE)
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise WarehouseBusy(str(lock_path)) from None
            if on_wait and not told:
                on_wait()
                told = True
            time.sleep(0.2)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fresh(work: Path) -> Path:
    return work.with_name(work.name + ".propre")


def _copy_afresh(con: duckdb.DuckDBPyConnection, work: Path) -> None:
    """Copy the working database into a new file and put it in the working file's place.

    Deleted rows leave their blocks in a DuckDB file, reused later but not
    wiped: a database written afresh holds only the rows that are left.
    """
    fresh = _fresh(work)
    fresh.unlink(missing_ok=True)
    con.close()
    copier = duckdb.connect()
    mask = os.umask(0o077)  # the new file is private from its first byte
    try:
        copier.execute("ATTACH $path AS ancien (READ_ONLY)", {"path": str(work)})
        copier.execute("ATTACH $path AS propre", {"path": str(fresh)})
        copier.execute("COPY FROM DATABASE ancien TO propre")
        copier.execute("DETACH propre")
    finally:
        os.umask(mask)
        copier.close()
    copy = duckdb.connect(str(fresh))
    try:
        # Macros and views as the writer defines them, whatever the copy carried over.
        apply_schema(copy)
        copy.execute("CHECKPOINT")
    finally:
        copy.close()
    os.chmod(fresh, PRIVATE)
    os.replace(fresh, work)


@contextmanager
def writer(
    path: Path,
    wait_seconds: float = 600.0,
    on_wait: Callable[[], None] | None = None,
    memory_limit: str | None = None,
    compact: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The single writer: a read-write connection on a private copy, published on success.

    If the block raises, nothing is published and the warehouse stays as it was. `compact`: publish a fresh
    copy of the result rather than the working file, so that no block of deleted rows survives in it (the
    retention purge).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _lock(path.with_name(path.name + ".lock"), wait_seconds, on_wait)
    work = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # We hold the lock: any working file left here is from a killed load.
        for stale in path.parent.glob(f".{path.name}.*.tmp*"):
            stale.unlink(missing_ok=True)
        if path.exists():
            # The copy is created private before a byte of the warehouse goes in.
            os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE))
            shutil.copyfile(path, work)
        con = duckdb.connect(str(work))
        os.chmod(work, PRIVATE)
        try:
            con.execute("SET TimeZone = 'UTC'")
            if memory_limit:
                con.execute("SET memory_limit = $m", {"m": memory_limit})
            apply_schema(con)
            # One transaction for the whole command: the copy is private and
            # published whole, so committing (and syncing) each statement
            # would buy nothing and cost a flush per statement.
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            if compact:
                _copy_afresh(con, work)
        except BaseException:
            con.close()
            for leftover in (work, Path(str(work) + ".wal"), _fresh(work), Path(str(_fresh(work)) + ".wal")):
                leftover.unlink(missing_ok=True)
            raise
        con.close()
        with open(work, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(work, path)
        _fsync_dir(path.parent)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

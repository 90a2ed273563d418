"""SQL kept in `.sql` files beside the step it belongs to, loaded by name and run with bound parameters.

Each step keeps its own SQL: the warehouse's by layer under `warehouse/sql/`
(schema and shared definitions, rollups/, metrics/, rules/, status/),
ingest's staging, keys, pseudonyms and reference merges under `ingest/sql/`,
each log format's beside its module in `ingest/formats/`. Names form one
namespace: a query is called by its name wherever its file lives. A file of
small statements holds several, each after a `-- name: NAME` line.

DuckDB 2 keeps a result open until it is read to the end, and refuses other
work on the connection meanwhile; every helper here reads its result fully.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import polars as pl

_PROJECT = Path(__file__).resolve().parents[1]
SQL_ROOTS = tuple(_PROJECT / p for p in ("warehouse/sql", "ingest/sql", "ingest/formats", "ingest/demo"))
_NAME_LINE = re.compile(r"^-- name: *([A-Za-z0-9_]+) *$", re.M)


@cache
def _texts() -> dict[str, str]:
    """Every named SQL text of the project."""
    found: dict[str, tuple[str, Path]] = {}
    for root in SQL_ROOTS:
        for path in sorted(root.rglob("*.sql")):
            text = path.read_text(encoding="utf-8")
            parts = _NAME_LINE.split(text)
            # parts: [header, name1, body1, name2, body2...] for a file of small statements.
            named = [(path.stem, text)] if len(parts) == 1 else list(zip(parts[1::2], parts[2::2]))
            for name, body in named:
                if name in found:
                    raise RuntimeError(f"two SQL texts named {name}: {found[name][1]} and {path}")
                found[name] = (body.strip() + "\n", path)
    return {name: body for name, (body, _) in found.items()}


def sql(name: str) -> str:
    """The SQL text called `name` (a file's stem, or a `-- name:` of a file of small statements)."""
    return _texts()[name]


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Run one named statement for its effect."""
    con.execute(sql(name), params or None)
    con.complete()


def rows(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple]:
    """All rows of one named statement."""
    return con.execute(sql(name), params or None).fetchall()


def one(con: duckdb.DuckDBPyConnection, name: str, **params) -> tuple | None:
    """The first row of one named statement (e.g. the count of an INSERT), or None."""
    result = rows(con, name, **params)
    return result[0] if result else None


def records(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[dict]:
    """Every row as a dict keyed by column name."""
    result = con.execute(sql(name), params or None)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def record(con: duckdb.DuckDBPyConnection, name: str, **params) -> dict:
    """The first row as a dict keyed by column name."""
    found = records(con, name, **params)
    return found[0] if found else {}


def frame(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """A named query's result as a Polars frame."""
    return con.sql(sql(name), params=params or None).pl()


def script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Execute a parameterless file of several statements."""
    for statement in _statements(name):
        con.execute(statement)
        con.complete()


def execute_text(con: duckdb.DuckDBPyConnection, text: str, **params) -> None:
    """Run one statement composed from named SQL files (see `sql`), with the parameters it names."""
    statement = _without_comments(text)
    con.execute(statement, _used(params, statement) or None)
    con.complete()


def steps(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple | None]:
    """Run a file of several statements in order, each with the parameters it names.

    Returns each statement's first result row (e.g. the count of an UPDATE).
    """
    results = []
    for statement in _statements(name):
        found = con.execute(statement, _used(params, statement) or None).fetchall()
        results.append(found[0] if found else None)
    return results


def _without_comments(text: str) -> str:
    # Whole-line comments go, so that a `$name` in a comment binds nothing.
    return "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("--"))


def _used(params: dict, statement: str) -> dict:
    # DuckDB refuses parameters a statement does not name ($i_u must not match $i_ua).
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", statement)}


@cache
def _statements(name: str) -> tuple[str, ...]:
    code = _without_comments(sql(name))
    parts = re.split(r";\s*\n", code + "\n")
    return tuple(p for p in (s.strip() for s in parts) if p)

"""Synthetic log files of a chosen size in each raw format, for the benchmarks (vectorised, seeded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

START_MS = int(dt.datetime(2025, 9, 1, tzinfo=dt.UTC).timestamp() * 1000)
MODULES = np.array(["Timeline", "Conversation", "Blog", "Homeworks", "Workspace", "Schoolbook"])
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36"


def events(n: int, users: int, seed: int = 1) -> pl.DataFrame:
    """n events of `users` people over 120 days: ts (ms), user index, kind, module."""
    rng = np.random.default_rng(seed)
    ts = np.sort(START_MS + rng.integers(0, 120 * 86_400_000, size=n))
    kind = rng.choice(np.array(["LOGIN", "ACCESS", "ACCESS", "ACCESS", "CREATE"]), size=n)
    return pl.DataFrame(
        {
            "ts": ts,
            "user": rng.integers(0, users, size=n),
            "kind": kind,
            "module": np.where(kind == "LOGIN", "Auth", rng.choice(MODULES, size=n)),
        }
    )


def sessions(n: int, users: int, days: int = 60, seed: int = 1) -> pl.DataFrame:
    """n events as people use the ENT: sessions of a login then a few accesses, on school days.

    A session is a login followed by about seven accesses (geometric), half a
    minute apart on average, starting between 7:00 and 17:00 UTC on one of
    `days` weekdays from 1 September 2025: about eight events per account and
    day, as in the demo territory (nine). Same columns as `events`.
    """
    rng = np.random.default_rng(seed)
    size = rng.geometric(1 / 8, size=n // 4 + 10)  # events per session, at least the login
    size = size[: int(np.searchsorted(np.cumsum(size), n)) + 1]
    size[-1] -= int(size.sum()) - n
    count = len(size)
    weekdays = np.array([d for d in range(days * 7 // 5 + 7) if (d % 7) < 5][:days])  # 1 Sept 2025 is a Monday
    start = (
        START_MS
        + rng.choice(weekdays, size=count) * 86_400_000
        + rng.integers(7 * 3_600_000, 17 * 3_600_000, size=count)
    )
    session = np.repeat(np.arange(count), size)
    starts = np.cumsum(size) - size  # each session's first event
    first = np.zeros(n, dtype=bool)
    first[starts] = True
    gap = np.where(first, 0, rng.exponential(30_000, size=n).astype(np.int64))
    cumulative = np.cumsum(gap)
    within = cumulative - np.repeat(cumulative[starts], size)
    ts = start[session] + within
    kind = np.where(first, "LOGIN", rng.choice(np.array(["ACCESS", "ACCESS", "ACCESS", "CREATE"]), size=n))
    order = np.argsort(ts, kind="stable")
    frame = pl.DataFrame(
        {
            "ts": ts,
            "user": rng.integers(0, users, size=count)[session],
            "kind": kind,
            "module": np.where(kind == "LOGIN", "Auth", rng.choice(MODULES, size=n)),
        }
    )
    return frame[order]


def comptes(folder: Path, users: int) -> Path:
    """A reference folder whose accounts are the benchmark's people (one school)."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = pl.DataFrame({"i": np.arange(users)}).select(
        id=pl.lit("user-") + pl.col("i").cast(pl.String),
        login=pl.lit("login-") + pl.col("i").cast(pl.String),
        uai=pl.lit("0381001G"),
        profil=pl.lit("Teacher"),
    )
    ids.write_csv(folder / "comptes.csv")
    (folder / "ecoles.csv").write_text("uai;nom;vague;zone;date_ouverture\n0381001G;École;1;A;01/09/2025\n")
    return folder


def write(fmt: str, path: Path, ev: pl.DataFrame) -> Path:
    """The events in one format (ode-jsonl, ode-pg-csv, csv, cas)."""
    user = pl.col("user").cast(pl.String)
    if fmt == "ode-jsonl":
        ev.select(
            pl.col("kind").alias("event-type"),
            "module",
            pl.col("ts").alias("date"),
            (pl.lit("user-") + user).alias("userId"),
            pl.lit("Teacher").alias("profil"),
            pl.concat_list(pl.lit("s-1")).alias("structures"),
            pl.lit(UA).alias("ua"),
            pl.lit("192.0.2.10").alias("ip"),
        ).write_ndjson(path)
    elif fmt == "ode-pg-csv":
        ev.select(
            pl.int_range(pl.len()).cast(pl.String).alias("id"),
            pl.from_epoch("ts", "ms").dt.strftime("%Y-%m-%d %H:%M:%S%.3f").alias("date"),
            pl.lit("Teacher").alias("profile"),
            "module",
            pl.col("kind").alias("event_type"),
            pl.lit(UA).alias("ua"),
            pl.lit("Desktop").alias("device_type"),
            pl.lit("p").alias("platform_id"),
            (pl.lit("user-") + user).alias("user_id"),
        ).write_csv(path)
    elif fmt == "csv":
        local = pl.from_epoch("ts", "ms").dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Paris")
        ev.select(
            local.dt.strftime("%Y-%m-%dT%H:%M:%S%.3f%:z").alias("horodatage"),
            (pl.lit("user-") + user).alias("utilisateur"),
            pl.when(pl.col("kind") == "LOGIN").then(pl.lit("")).otherwise(pl.col("module")).alias("service"),
            pl.when(pl.col("kind") == "LOGIN").then(pl.lit("connexion")).otherwise(pl.lit("acces")).alias("action"),
        ).write_csv(path, separator=";")
    elif fmt == "cas":
        local = (
            pl.from_epoch(pl.col("ts") // 1000 * 1000, "ms")
            .dt.replace_time_zone("UTC")
            .dt.convert_time_zone("Europe/Paris")
        )
        text = (
            ev.with_columns(local=local)
            .select(
                pl.concat_str(
                    [
                        pl.col("local").dt.strftime("%Y-%m-%d %H:%M:%S"),
                        pl.lit(
                            ",000 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN\n"
                            "=============================================================\nWHO: login-"
                        ),
                        pl.col("user").cast(pl.String),
                        pl.lit(
                            "\nWHAT: supplied credentials: [x]\nACTION: AUTHENTICATION_SUCCESS\nAPPLICATION: CAS\nWHEN: "
                        ),
                        pl.col("local").dt.strftime("%a %b %d %H:%M:%S %Z %Y"),
                        pl.lit(
                            "\nCLIENT IP ADDRESS: 192.0.2.1\nSERVER IP ADDRESS: 198.51.100.5\n"
                            "=============================================================\n\n"
                        ),
                    ]
                )
            )
            .to_series()
        )
        with open(path, "w", encoding="utf-8") as f:
            for start in range(0, len(text), 200_000):
                f.write("".join(text[start : start + 200_000].to_list()))
    else:
        raise ValueError(fmt)
    return path

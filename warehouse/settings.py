"""The one settings object of the product, each field with its help text."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def _env_path(name: str, default: str) -> Path:
    return Path(os.environ.get(name) or default)


@dataclass(frozen=True)
class Settings:
    """Where the warehouse lives and the thresholds the product applies.

    Territory-specific thresholds (targets, support rules, small-cell
    threshold) come from `territoire.toml` once loaded; the values here are
    the documented defaults used until then.
    """

    warehouse: Path = field(
        default_factory=lambda: _env_path("ENT_WAREHOUSE", "data/ent.duckdb"),
        metadata={"help": "DuckDB warehouse file (env ENT_WAREHOUSE)."},
    )
    pseudo_key_env: str = field(
        default="ENT_PSEUDO_KEY",
        metadata={
            "help": "Environment variable holding the pseudonymisation key; "
            "without it a key file is created next to the warehouse."
        },
    )
    writer_wait_seconds: float = field(
        default=600.0,
        metadata={"help": "How long a load waits for another load to finish before giving up."},
    )
    batch_bytes: int = field(
        default_factory=lambda: int(os.environ.get("ENT_BATCH_BYTES") or 32 << 20),
        metadata={
            "help": "Size in bytes of the blocks a log file is read and loaded in; bounds memory (env ENT_BATCH_BYTES)."
        },
    )
    writer_memory: str = field(
        default_factory=lambda: os.environ.get("ENT_WRITER_MEMORY") or "1GB",
        metadata={
            "help": "DuckDB memory limit of a load (beyond it DuckDB spills to disk); "
            "bounds a load's memory whatever the file's size (env ENT_WRITER_MEMORY)."
        },
    )
    seuil: int = field(
        default=5,
        metadata={"help": "Small-cell threshold: counts of 1 to seuil-1 people are masked."},
    )

    @property
    def key_file(self) -> Path:
        """The key file used when the environment gives no key."""
        return self.warehouse.with_suffix(".key")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Field name → help text, for documentation and `--help`."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}


def settings(warehouse: str | Path | None = None) -> Settings:
    """Settings from the environment, with an optional warehouse override."""
    if warehouse is None:
        return Settings()
    return Settings(warehouse=Path(warehouse))

"""What a load did, file by file: the summary every command prints."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.labels import compte, nombre  # noqa: F401  (re-exported for the command line)
from warehouse.rollups import ALL_DAYS
from warehouse.untrusted import terminal


def lines_for_terminal(lines: list[str]) -> str:
    """Lines joined for printing, each with its control characters escaped: a file or module name
    cannot clear the screen or split a line."""
    return "\n".join(terminal(line) for line in lines)


def paris_time(utc: dt.datetime) -> dt.datetime:
    """A naive UTC timestamp from the warehouse, as Paris wall time."""
    from zoneinfo import ZoneInfo

    return utc.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Paris"))


@dataclass
class FileReport:
    """Counts for one input file. Records = loaded + duplicates + rejected + skipped."""

    path: Path
    kind: str = "?"
    lines: int = 0
    records: int = 0
    loaded: int = 0
    duplicates: int = 0
    waiting: int = 0  # of `loaded`: events whose person has no account yet
    rejected: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    encoding: str | None = None
    note: str | None = None
    error: str | None = None  # the file could not be read at all
    fast: bool = False  # read whole by DuckDB's reader (no line needed reading again)
    columns_seen: dict = field(default_factory=dict)  # reference files: which optional columns it had

    def read_table(self, table) -> None:
        """The counts of a table file as read (ingest.tabular.RawTable): its lines, its rows, and the header
        and blank lines skipped."""
        self.encoding = table.encoding
        self.lines = table.lines
        self.records = len(table.line_no) + table.blank_lines + 1
        self.skipped["en-tête"] += 1
        if table.blank_lines:
            self.skipped["ligne vide"] += table.blank_lines

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def balanced(self) -> bool:
        """Whether every record is accounted for."""
        return self.records == self.loaded + self.duplicates + self.rejected_total + self.skipped_total


@dataclass
class RunReport:
    """All files of one command."""

    files: list[FileReport] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    nothing_to_do: bool = False  # the arguments named nothing loadable
    timings: Counter = field(default_factory=Counter)  # seconds per loading step (benchmarks)
    # Paris days whose rollups the load made stale: all of them (a reference load), the
    # span of the new events of a log load, or None when it added no event.
    rollup_days: tuple[dt.date, dt.date] | None = ALL_DAYS

    def add(self, report: FileReport) -> FileReport:
        self.files.append(report)
        return report

    @property
    def unreadable(self) -> bool:
        return any(f.error for f in self.files)

    @property
    def anything_rejected(self) -> bool:
        return any(f.rejected_total for f in self.files)

    def exit_code(self, strict: bool) -> int:
        """Exit codes (docs/cli.md): 2 on an unreadable input; with --strict, 1 when anything was rejected."""
        if self.unreadable or self.nothing_to_do:
            return 2
        if strict and self.anything_rejected:
            return 1
        return 0

    def render(self) -> str:
        """The short French summary printed at the end of a command."""
        out = []
        for f in self.files:
            if f.error:
                out.append(f"✗ {f.path} : {f.error}")
                continue
            head = f"• {f.path.name} ({f.kind}"
            if f.encoding and f.encoding not in ("utf-8", "xlsx"):
                head += f", encodage {f.encoding}"
            head += ")"
            counts = (
                f"{compte(f.lines, 'ligne lue', 'lignes lues')}, {compte(f.records, 'enregistrement')} : "
                f"{compte(f.loaded, 'chargé')}, {compte(f.duplicates, 'doublon')}, "
                f"{compte(f.rejected_total, 'rejeté')}, {compte(f.skipped_total, 'ignoré')}"
            )
            out.append(f"{head} — {counts}")
            if f.waiting:
                out.append(
                    f"    dont {compte(f.waiting, 'évènement')} en attente d'un compte (utilisateur absent de comptes)"
                )
            for reason, n in f.rejected.most_common():
                out.append(f"    rejet « {reason} » : {nombre(n)}")
            for reason, n in f.skipped.most_common():
                out.append(f"    ignoré « {reason} » : {nombre(n)}")
            if f.note:
                out.append(f"    {f.note}")
        out.extend(self._totals())
        return lines_for_terminal(out)

    def render_totals(self) -> str:
        """The summary's last lines only: totals and rejects by reason over all files."""
        return lines_for_terminal(self._totals())

    def _totals(self) -> list[str]:
        total = RunTotals.of(self.files)
        reasons: Counter = Counter()
        for f in self.files:
            reasons.update(f.rejected)
        out = []
        out.append(
            f"Total : {compte(total.files, 'fichier')}, {compte(total.lines, 'ligne lue', 'lignes lues')}, "
            f"{compte(total.loaded, 'chargé')}, {compte(total.duplicates, 'doublon')}, "
            f"{compte(total.rejected, 'rejeté')}, {compte(total.skipped, 'ignoré')}"
        )
        for reason, n in reasons.most_common():
            out.append(f"    rejet « {reason} » : {nombre(n)}")
        out.extend(self.messages)
        return out


@dataclass
class RunTotals:
    files: int
    lines: int
    loaded: int
    duplicates: int
    rejected: int
    skipped: int

    @classmethod
    def of(cls, files: list[FileReport]) -> RunTotals:
        return cls(
            files=len(files),
            lines=sum(f.lines for f in files),
            loaded=sum(f.loaded for f in files),
            duplicates=sum(f.duplicates for f in files),
            rejected=sum(f.rejected_total for f in files),
            skipped=sum(f.skipped_total for f in files),
        )


class Progress:
    """Progress on a terminal (files done, events per second); silent otherwise."""

    def __init__(self, total_files: int, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.total_files = total_files
        self.files_done = 0
        self.records = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, records: int = 0, file_done: bool = False) -> None:
        self.records += records
        self.files_done += int(file_done)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.5 and not file_done:
            return
        self._last = now
        rate = self.records / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r  fichiers {self.files_done}/{self.total_files} · {compte(self.records, 'enregistrement')}"
            f" · {nombre(int(rate))} /s   "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

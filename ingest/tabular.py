"""Reading a reference table (CSV as a French Excel or a program writes it, or XLSX).

Column names are matched case-, accent- and separator-insensitively. Every
row keeps its line number and raw text so that a bad row can be reported.
Reference files are small (schools, services, accounts), so Python's csv
module is fine here; events never come this way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa


class UnreadableFile(Exception):
    """The file cannot be read as a table at all (the message says why, in French)."""


def normalise_header(name: str) -> str:
    """`Date début déploiement` → `date_debut_deploiement`."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def column_key(name: str) -> str:
    """What column names are matched on: no case, accents or separators (`U.A.I.` → `uai`)."""
    return normalise_header(name).replace("_", "")


@dataclass
class RawTable:
    """A table's normalised header and its rows as strings, with line numbers."""

    columns: list[str]
    line_no: list[int] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=list)
    too_many_fields: list[bool] = field(default_factory=list)
    encoding: str = "utf-8"
    blank_lines: int = 0
    lines: int = 0

    def to_arrow(self, wanted: list[str]) -> pa.Table:
        """Columns `wanted` (absent ones as NULL) plus `_ligne`, `_brut`, `_trop_de_champs`."""
        import pyarrow as pa

        index: dict[str, int] = {}
        for i, c in enumerate(self.columns):
            index.setdefault(column_key(c), i)
        data = {}
        for name in wanted:
            i = index.get(column_key(name))
            data[name] = pa.array(
                [(row[i].strip() or None) if i is not None and i < len(row) else None for row in self.values],
                pa.string(),
            )
        data["_ligne"] = pa.array(self.line_no, pa.int64())
        data["_brut"] = pa.array(self.raw, pa.string())
        data["_trop_de_champs"] = pa.array(self.too_many_fields, pa.bool_())
        return pa.table(data)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"encodage illisible (ni UTF-8 ni Windows-1252), octet {exc.start}") from exc


def sniff_separator(header_line: str) -> str:
    """The most frequent of `;`, `,` and tab in the header line."""
    return max((";", ",", "\t"), key=header_line.count)


def read_csv(path: Path) -> RawTable:
    """A CSV reference file, any of the encodings and separators of docs/inputs.md."""
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096]:
        raise UnreadableFile("fichier binaire, pas un CSV")
    text, encoding = decode(data)
    physical = text.splitlines()
    first = next((i for i, ln in enumerate(physical) if ln.strip()), None)
    if first is None:
        raise UnreadableFile("fichier vide")
    sep = sniff_separator(physical[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    table: RawTable | None = None
    start = 1
    for row in reader:
        end = reader.line_num
        if table is None:
            if any(c.strip() for c in row):
                table = RawTable(columns=[normalise_header(c) for c in row], encoding=encoding)
            start = end + 1
            continue
        if not any(c.strip() for c in row):
            table.blank_lines += end - start + 1
            start = end + 1
            continue
        table.line_no.append(start)
        table.raw.append("\n".join(physical[start - 1 : end]))
        extra = row[len(table.columns) :]
        table.too_many_fields.append(any(c.strip() for c in extra))
        table.values.append(row)
        start = end + 1
    assert table is not None
    table.blank_lines += first  # blank lines above the header
    table.lines = len(physical)
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> RawTable:
    """The first sheet of an XLSX reference file; line numbers are Excel row numbers."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise UnreadableFile(f"classeur XLSX illisible ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        table: RawTable | None = None
        last = 0
        for row_no, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in row]
            last = row_no
            if table is None:
                if any(c.strip() for c in cells):
                    table = RawTable(columns=[normalise_header(c) for c in cells], encoding="xlsx")
                    header_row = row_no
                continue
            if not any(c.strip() for c in cells):
                table.blank_lines += 1
                continue
            table.line_no.append(row_no)
            table.raw.append(";".join(cells).rstrip(";"))
            table.too_many_fields.append(False)
            table.values.append(cells)
        if table is None:
            raise UnreadableFile("classeur vide")
        table.blank_lines += header_row - 1
        table.lines = last
        return table
    finally:
        book.close()


def read_table(path: Path) -> RawTable:
    """A reference table from a `.csv` (or `.txt`) or `.xlsx` file."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    return read_csv(path)


def read_for(path: Path, report) -> RawTable | None:
    """The table at `path`, its counts noted in `report` (an ingest.report.FileReport); None, with the reason
    in `report.error`, when the file cannot be read as a table."""
    try:
        table = read_table(path)
    except (UnreadableFile, OSError) as exc:
        report.error = str(exc) if isinstance(exc, UnreadableFile) else (exc.strerror or str(exc))
        return None
    report.read_table(table)
    return table

"""`python -m ingest suivi FILE`: a support journal exported from a spreadsheet, into the journal's store.

Same CSV conventions as the reference files (`,` or `;`, UTF-8 or
Windows-1252, JJ/MM/AAAA or ISO dates, XLSX too). A bad row is rejected with
its line and reason (kept in the store), a row imported twice is kept once.
"""

from __future__ import annotations

from pathlib import Path

from ingest.report import FileReport, RunReport
from ingest.tabular import column_key, read_for
from warehouse import suivi
from warehouse.queries import sql


def import_file(path: Path, store: Path) -> RunReport:
    """Import one journal file into the store at `store`."""
    result = RunReport(rollup_days=None)
    report = result.add(FileReport(path=path, kind="suivi"))
    table = read_for(path, report)
    if table is None:
        return result
    index = {column_key(c): i for i, c in enumerate(table.columns)}
    missing = [c for c in suivi.REQUIRED + ("intervenant", "note") if c not in index]
    con = suivi.connect(store)
    try:
        kept, rejects = [], []
        for line, values, too_many in zip(table.line_no, table.values, table.too_many_fields):
            row = {f: (values[index[f]].strip() if f in index and index[f] < len(values) and values[index[f]] else "")
                   for f in suivi.FIELDS}  # fmt: skip
            motif = (
                "colonne obligatoire manquante : " + ", ".join(missing)
                if missing
                else "trop de colonnes"
                if too_many
                else suivi.problem(row)
            )
            if motif:
                rejects.append((path.name, line, motif, ";".join(values)))
                report.rejected[motif] += 1
            else:
                kept.append(suivi.intervention(row))
        with con:
            con.executemany(sql("suivi_rejet"), rejects)
        new = suivi.add(con, kept, path.name)
    finally:
        con.close()
    report.loaded, report.duplicates = new, len(kept) - new
    if missing:
        report.note = "fichier rejeté : colonnes " + ", ".join(missing) + " attendues"
    return result

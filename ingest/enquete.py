"""`python -m ingest enquete FILE --campagne NAME`: a LimeSurvey response export, as territoire.toml maps it.

`[[enquete]]` names the campaign, the columns holding the school's UAI, the
profile and (optionally) the date, the scale and the questions to keep
(`key = "column"`). Only those columns are read: free-text answers, names,
e-mails and IPs never reach the warehouse. A row without a valid UAI of the
reference or a known profile is rejected with its line and reason (its text
masked); an answer outside 1..echelle is "no answer"; a response loaded
before (same response id in the campaign) is a duplicate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import polars as pl

from ingest import files
from ingest.report import FileReport, RunReport
from ingest.tabular import column_key, read_for
from warehouse import territory
from warehouse.queries import execute, one, rows, script, steps

RESPONSE_ID = "id"  # LimeSurvey's response id


def campaign(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """The `[[enquete]]` block of territoire.toml whose `campagne` is `name`."""
    blocks = territory.settings(con).get("enquete", [])
    return next((b for b in blocks if isinstance(b, dict) and b.get("campagne") == name), None)


def _problem(block: dict) -> str | None:
    """Why a campaign's description cannot be used, in French."""
    for key in ("uai", "profil", "questions"):
        if not block.get(key):
            return f"[[enquete]] « {block.get('campagne')} » : clé {key} manquante dans territoire.toml"
    scale = block.get("echelle", 5)
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 2:
        return f"[[enquete]] « {block.get('campagne')} » : echelle doit être un entier ≥ 2"
    if not isinstance(block["questions"], dict):
        return f'[[enquete]] « {block.get("campagne")} » : questions doit être une table (clé = "colonne")'
    return None


def load_survey(con: duckdb.DuckDBPyConnection, path: Path, name: str, load_date: dt.date) -> RunReport:
    """Load one response export into the campaign `name`."""
    result = RunReport(rollup_days=None)
    report = result.add(FileReport(path=path, kind="enquete"))
    block = campaign(con, name)
    if block is None:
        report.error = f"campagne « {name} » absente de territoire.toml (bloc [[enquete]] attendu)"
        return result
    if problem := _problem(block):
        report.error = problem
        return result
    table = read_for(path, report)
    if table is None:
        return result
    script(con, "macros")
    index: dict[str, int] = {}
    for i, c in enumerate(table.columns):
        index.setdefault(column_key(c), i)
    questions: dict[str, str] = block["questions"]
    wanted = {"uai": block["uai"], "profil": block["profil"], **{q: col for q, col in questions.items()}}
    missing = [col for col in wanted.values() if column_key(col) not in index]

    def cell(values: list[str], column: str | None) -> str | None:
        i = index.get(column_key(column)) if column else None
        text = values[i].strip() if i is not None and i < len(values) else ""
        return text or None

    lines, answers = [], []
    for line, raw, values, too_many in zip(table.line_no, table.raw, table.values, table.too_many_fields):
        # A response without LimeSurvey's id is known by its row's digest (the same row twice is one response).
        response = cell(values, RESPONSE_ID) or hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]
        lines.append(
            {
                "_ligne": line,
                "_brut": raw,
                "_trop_de_champs": too_many,
                "uai": cell(values, block["uai"]),
                "profil": cell(values, block["profil"]),
                "jour": cell(values, block.get("date")),
                "reponse": response,
            }
        )
        answers += [{"_ligne": line, "question": q, "valeur": cell(values, col)} for q, col in questions.items()]
    fichier_id = files.next_id(con)
    staged = pl.DataFrame(
        lines,
        schema={"_ligne": pl.Int64, "_brut": pl.String, "_trop_de_champs": pl.Boolean, "uai": pl.String,
                "profil": pl.String, "jour": pl.String, "reponse": pl.String},
    )  # fmt: skip
    values = pl.DataFrame(answers, schema={"_ligne": pl.Int64, "question": pl.String, "valeur": pl.String})
    con.register("enquete_lignes", staged.to_arrow())
    con.register("enquete_valeurs", values.to_arrow())
    try:
        execute(con, "enquete_check", campagne=name)
        if missing:
            report.note = "fichier rejeté : colonnes " + ", ".join(missing) + " attendues (voir [[enquete]])"
            execute(con, "enquete_reject_all", motif="colonne obligatoire manquante : " + ", ".join(missing))
        loaded, duplicates = one(con, "enquete_counts")
        for motif, n in rows(con, "enquete_rejected"):
            report.rejected[motif] += n
        execute(con, "enquete_rejets_insert", fichier_id=fichier_id)
        scale = int(block.get("echelle", 5))
        if not missing:
            steps(
                con,
                "enquete_insert",
                campagne=name,
                echelle=scale,
                fichier_id=fichier_id,
                jour_chargement=load_date,
            )
            steps(con, "enquete_campagne_replace", campagne=name, echelle=scale, questions=list(questions))
    finally:
        con.unregister("enquete_lignes")
        con.unregister("enquete_valeurs")
    report.loaded, report.duplicates = (0, 0) if missing else (loaded, duplicates)
    files.record(con, fichier_id, report, files.sha256_of(path))
    return result

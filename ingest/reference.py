"""The deployment reference folder (docs/inputs.md) → reference tables.

Each table file is read (CSV or XLSX, any of the usual encodings and
separators), staged in DuckDB, checked row by row in SQL (reasons in French),
deduplicated, then replaces the table it feeds, except accounts, which merge
into their history. Files absent from the folder leave their table as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import files
from ingest.pseudonym import assign_pids
from ingest.report import FileReport, RunReport, compte
from ingest.tabular import RawTable, UnreadableFile, column_key, normalise_header, read_table
from warehouse.queries import execute, one, rows, script, steps
from warehouse.territory import RETENTION_MIN_MONTHS as MIN_MONTHS


@dataclass(frozen=True)
class TableSpec:
    """One reference table: its columns, the required ones, and its SQL."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]


TABLES = (
    TableSpec("vagues", ("vague", "libelle", "annee_scolaire", "ouverture_prevue", "pilote"), ("vague",)),
    TableSpec(
        "ecoles",
        (
            "uai",
            "nom",
            "commune",
            "circonscription",
            "zone",
            "vague",
            "date_candidature",
            "date_confirmation",
            "date_debut_deploiement",
            "date_ouverture",
            "date_bilan",
            "eleves",
            "enseignants",
            "demande",
            "implication_equipe",
            "usages_numeriques",
            "etat_technique",
            "etat_fonctionnel",
        ),
        ("uai", "nom", "vague"),
    ),
    TableSpec("services", ("service", "libelle", "groupe", "modules"), ("service", "groupe")),
    TableSpec(
        "activations",
        ("service", "portee", "cible", "profils", "debut", "fin"),
        ("service", "portee", "profils", "debut"),
    ),
    TableSpec(
        "comptes",
        (
            "id",
            "login",
            "uai",
            "profil",
            "classe",
            "date_creation",
            "date_distribution",
            "date_activation",
            "personne_ressource",
        ),
        ("id", "uai", "profil"),
    ),
)

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")


def find_files(folder: Path) -> dict[str, Path]:
    """Reference files of the folder by table name (`territoire` for the TOML)."""
    found: dict[str, Path] = {}
    wanted = {t.name for t in TABLES}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        stem = normalise_header(path.stem)
        if path.suffix.lower() == ".toml" and stem == "territoire":
            found["territoire"] = path
        elif path.suffix.lower() in TABLE_SUFFIXES and stem in wanted:
            found[stem] = path
    return found


def _toml_to_json(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def load_territoire(con: duckdb.DuckDBPyConnection, path: Path, report: FileReport) -> None:
    """`territoire.toml`, kept as a JSON document for the metrics layer (one record)."""
    data = path.read_bytes()
    report.lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    report.records = 1
    fichier_id = files.next_id(con)
    line, motif = None, None
    try:
        text = data.decode("utf-8-sig")
        document = tomllib.loads(text)
        seuil = document.get("confidentialite", {}).get("seuil", 5)
        if not isinstance(seuil, int) or isinstance(seuil, bool) or seuil < 1:
            motif = "[confidentialite] seuil doit être un entier ≥ 1"
            line = next((i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("seuil")), None)
        months = document.get("confidentialite", {}).get("retention_mois", 12)
        if not motif and (not isinstance(months, int) or isinstance(months, bool) or months < MIN_MONTHS):
            motif = f"[confidentialite] retention_mois doit être un entier ≥ {MIN_MONTHS}"
            line = next(
                (i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("retention_mois")), None
            )
    except UnicodeDecodeError:
        motif = "encodage illisible (UTF-8 attendu)"
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        motif = f"toml illisible : {exc}"
    if motif:
        report.rejected[motif] += 1
        raw = data.decode("utf-8", errors="replace").splitlines()[line - 1] if line else None
        execute(con, "rejet_insert", fichier_id=fichier_id, ligne=line, motif=motif, brut=raw)
        report.note = "fichier rejeté : le territoire garde ses réglages précédents"
    else:
        execute(con, "territoire_replace", document=json.dumps(document, default=_toml_to_json, ensure_ascii=False))
        report.loaded = 1
    files.record(con, fichier_id, report, files.sha256_of(path))


def _stage(con: duckdb.DuckDBPyConnection, spec: TableSpec, raw: RawTable, report: FileReport) -> bool:
    """Stage and check the rows; False when required columns are missing (file rejected)."""
    con.register("ref_rows", raw.to_arrow(list(spec.columns)))
    try:
        execute(con, f"ref_{spec.name}_check")
    finally:
        con.unregister("ref_rows")
    present = {column_key(c) for c in raw.columns}
    missing = [c for c in spec.required if column_key(c) not in present]
    if missing:
        motif = "colonne obligatoire manquante : " + ", ".join(missing)
        execute(con, "ref_reject_all", motif=motif)
    execute(con, "ref_dedup")
    return not missing


def load_table(con, key: bytes, spec: TableSpec, path: Path, export_date: dt.date, report: FileReport) -> None:
    """Load one reference table file into its table (or, for accounts, into their history)."""
    raw = read_table(path)
    report.read_table(raw)
    if not raw.line_no:
        # A header alone is far likelier a failed export than a territory
        # with no schools or accounts: replacing (or closing every account)
        # on its word would destroy the history.
        report.note = "aucune ligne de données : la table garde son contenu précédent"
        files.record(con, files.next_id(con), report, files.sha256_of(path))
        return
    report.columns_seen = {c: column_key(c) in {column_key(x) for x in raw.columns} for c in ("date_distribution",)}
    usable = _stage(con, spec, raw, report)
    loaded, duplicates = one(con, "ref_counts")
    for motif, n in rows(con, "ref_rejected"):
        report.rejected[motif] += n
    report.duplicates = duplicates
    fichier_id = files.next_id(con)
    execute(con, "ref_rejets_insert", fichier_id=fichier_id)
    if not usable:
        report.note = "fichier rejeté : la table garde son contenu précédent"
    elif spec.name == "comptes":
        if loaded:
            _merge_comptes(con, key, export_date, report)
        else:
            report.note = "aucun compte chargeable : aucun compte n'est fermé"
    elif spec.name == "activations":
        assign_pids(con, key, "ref_activations_idents")
        steps(con, "ref_activations_replace")
    else:
        steps(con, f"ref_{spec.name}_replace")
    if report.error:
        return
    report.loaded = loaded if usable else 0
    files.record(con, fichier_id, report, files.sha256_of(path))


LAST_EXPORT = "comptes_derniere_date"


def _merge_comptes(con, key: bytes, export_date: dt.date, report: FileReport) -> None:
    last = one(con, "meta_get", cle=LAST_EXPORT)
    if last and export_date < dt.date.fromisoformat(last[0]):
        # Merging an older snapshot after a newer one would rewrite the present with the past.
        report.error = (
            f"export de comptes daté du {export_date:%d/%m/%Y}, plus ancien que le dernier chargé "
            f"({dt.date.fromisoformat(last[0]):%d/%m/%Y}) : non chargé (voir --date)"
        )
        return
    assign_pids(con, key, "ref_comptes_idents")
    steps(con, "ref_comptes_snap", avec_distribution=report.columns_seen.get("date_distribution", True))
    nouveaux, fermes = one(con, "comptes_snapshot_stats")
    steps(con, "ref_comptes_merge", date=export_date)
    execute(con, "meta_set", cle=LAST_EXPORT, valeur=export_date.isoformat())
    resolved = steps(con, "en_attente_resolve_all")[0][0]
    forgotten = steps(con, "comptes_oublier", date=export_date)[-1][0]
    sans_ecole = one(con, "comptes_sans_ecole")[0]
    notes = [
        f"export du {export_date:%d/%m/%Y} : {compte(nouveaux, 'nouveau compte', 'nouveaux comptes')}, "
        f"{compte(fermes, 'compte fermé', 'comptes fermés')} (absents de l'export)"
    ]
    if resolved:
        notes.append(
            f"{compte(resolved, 'évènement en attente rattaché', 'évènements en attente rattachés')} à leur compte"
        )
    if forgotten:
        notes.append(f"{compte(forgotten, 'compte parti', 'comptes partis')} depuis plus de trois mois : oublié(s)")
    if sans_ecole:
        notes.append(f"{compte(sans_ecole, 'compte')} d'une école absente de ecoles")
    report.note = " ; ".join(notes)


def load_reference(con: duckdb.DuckDBPyConnection, key: bytes, folder: Path, export_date: dt.date) -> RunReport:
    """Load every reference file the folder holds, in dependency order."""
    script(con, "macros")
    result = RunReport()
    found = find_files(folder)
    if not found:
        result.messages.append(
            f"Aucun fichier de référentiel reconnu dans {folder} "
            "(territoire.toml, vagues, ecoles, services, activations, comptes)."
        )
        result.nothing_to_do = True
    if "territoire" in found:
        report = result.add(FileReport(path=found["territoire"], kind="territoire"))
        load_territoire(con, found["territoire"], report)
    for spec in TABLES:
        if spec.name not in found:
            continue
        report = result.add(FileReport(path=found[spec.name], kind=spec.name))
        try:
            load_table(con, key, spec, found[spec.name], export_date, report)
        except UnreadableFile as exc:
            if str(exc) == "fichier vide":
                report.note = "fichier vide : la table garde son contenu précédent"
            else:
                report.error = str(exc)
        except OSError as exc:
            report.error = exc.strerror or str(exc)
    return result

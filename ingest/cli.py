"""The command line of docs/cli.md: parse, call the library, print the summary."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import duckdb

from ingest.detect import FORMATS
from ingest.report import compte, lines_for_terminal, nombre
from warehouse import rollups
from warehouse.db import WarehouseBusy, WarehouseMissing, open_reader, writer
from warehouse.settings import Settings
from warehouse.settings import settings as make_settings
from warehouse.untrusted import terminal


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (AAAA-MM-JJ attendu)") from None


def build_parser() -> argparse.ArgumentParser:
    """The `python -m ingest` argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Chargement des données de l'ENT dans l'entrepôt."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    wh_help = Settings.help()["warehouse"] + " Défaut : data/ent.duckdb."

    p = sub.add_parser("reference", help="charger un dossier de référentiel")
    p.add_argument(
        "dir", type=Path, help="dossier contenant territoire.toml, vagues, ecoles, services, activations, comptes"
    )
    p.add_argument("--warehouse", type=Path, help=wh_help)
    p.add_argument("--date", type=_date, help="date de l'export des comptes (défaut : aujourd'hui)")
    p.add_argument("--strict", action="store_true", help="code de sortie 1 si une ligne est rejetée")

    p = sub.add_parser("logs", help="charger des journaux bruts")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--warehouse", type=Path, help=wh_help)
    p.add_argument("--format", choices=("auto",) + FORMATS, default="auto")
    p.add_argument("--strict", action="store_true", help="code de sortie 1 si une ligne est rejetée")

    p = sub.add_parser("demo", help="générer et charger un territoire de démonstration")
    p.add_argument("--warehouse", type=Path, help=wh_help)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", choices=("small", "medium", "large"), default="medium")
    p.add_argument("--out", type=Path)

    p = sub.add_parser("suivi", help="importer un journal d'accompagnement (interventions auprès des écoles)")
    p.add_argument("file", type=Path, metavar="FILE", help="CSV ou XLSX : date, uai, type, intervenant, note")
    p.add_argument("--warehouse", type=Path, help=wh_help + " Le journal est suivi.sqlite à côté (env ENT_SUIVI).")
    p.add_argument("--strict", action="store_true", help="code de sortie 1 si une ligne est rejetée")

    p = sub.add_parser("enquete", help="charger les réponses d'une enquête de satisfaction (export LimeSurvey)")
    p.add_argument("file", type=Path, metavar="FILE", help="export CSV des réponses (une ligne par réponse)")
    p.add_argument(
        "--campagne", required=True, help="nom de la campagne, tel que le bloc [[enquete]] de territoire.toml"
    )
    p.add_argument("--warehouse", type=Path, help=wh_help)
    p.add_argument("--date", type=_date, help="date des réponses sans date (défaut : aujourd'hui)")
    p.add_argument("--strict", action="store_true", help="code de sortie 1 si une ligne est rejetée")

    p = sub.add_parser("status", help="ce que contient l'entrepôt")
    p.add_argument("--warehouse", type=Path, help=wh_help)
    return parser


def _fail(message: str) -> int:
    print(f"erreur : {terminal(message)}", file=sys.stderr)
    return 2


def _write(args, cfg: Settings, work, quiet: bool = False) -> int:
    from ingest.pseudonym import KeyProblem, check_key, load_key

    if cfg.warehouse.is_dir():
        return _fail(f"--warehouse {cfg.warehouse} est un dossier : indiquez un fichier .duckdb")
    try:
        key = load_key(cfg)
    except OSError as exc:
        return _fail(f"clé de pseudonymisation illisible ({cfg.key_file}) : {exc.strerror or exc}")
    except KeyProblem as exc:
        return _fail(str(exc))
    try:
        with writer(
            cfg.warehouse, cfg.writer_wait_seconds, on_wait=_say_waiting, memory_limit=cfg.writer_memory
        ) as con:
            check_key(con, key)
            result = work(con, key)
            started = time.perf_counter()
            history = rollups.refresh(con, result.rollup_days)
            if os.environ.get("ENT_TIMINGS"):
                # For the benchmarks (bench/run.py): what the rollups and the alert history cost.
                print(f"agrégats {time.perf_counter() - started:.3f}", file=sys.stderr)
                print(f"historique {history:.3f}", file=sys.stderr)
    except WarehouseBusy:
        return _fail("un autre chargement utilise l'entrepôt depuis trop longtemps ; réessayez plus tard")
    except KeyProblem as exc:
        return _fail(str(exc))
    except (duckdb.IOException, duckdb.SerializationException, duckdb.InvalidInputException) as exc:
        return _fail(
            f"entrepôt illisible ({cfg.warehouse}) : ce n'est pas un fichier DuckDB valide ({type(exc).__name__})"
        )
    print(result.render_totals() if quiet else result.render())
    return result.exit_code(getattr(args, "strict", False))


def _say_waiting() -> None:
    print("Un autre chargement est en cours : attente de sa fin…", file=sys.stderr, flush=True)


def cmd_reference(args, cfg: Settings) -> int:
    from ingest.reference import load_reference

    if not args.dir.is_dir():
        return _fail(f"{args.dir} n'est pas un dossier lisible")
    export_date = args.date or dt.date.today()
    return _write(args, cfg, lambda con, key: load_reference(con, key, args.dir, export_date))


def cmd_logs(args, cfg: Settings) -> int:
    from ingest.load import is_special, load_logs

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        return _fail("introuvable : " + ", ".join(map(str, missing)))
    special = [p for p in args.paths if is_special(p)]
    if special:
        return _fail(
            "ni fichier ni dossier (tube nommé, socket ou périphérique), refusé : " + ", ".join(map(str, special))
        )
    return _write(args, cfg, lambda con, key: load_logs(con, key, args.paths, args.format, cfg.batch_bytes))


def cmd_suivi(args, cfg: Settings) -> int:
    from ingest.load import is_special
    from ingest.suivi import import_file
    from warehouse.suivi import suivi_path

    if not args.file.exists():
        return _fail(f"introuvable : {args.file}")
    if args.file.is_dir() or is_special(args.file):
        return _fail(f"{args.file} n'est pas un fichier")
    result = import_file(args.file, suivi_path(cfg.warehouse))
    print(result.render())
    return result.exit_code(args.strict)


def cmd_enquete(args, cfg: Settings) -> int:
    from ingest.enquete import load_survey
    from ingest.load import is_special

    if not args.file.exists():
        return _fail(f"introuvable : {args.file}")
    if args.file.is_dir() or is_special(args.file):
        return _fail(f"{args.file} n'est pas un fichier")
    day = args.date or dt.date.today()
    return _write(args, cfg, lambda con, key: load_survey(con, args.file, args.campagne, day))


def cmd_status(args, cfg: Settings) -> int:
    from warehouse.status import status

    try:
        con = open_reader(cfg.warehouse)
    except (
        duckdb.IOException,
        duckdb.SerializationException,
        duckdb.InvalidInputException,
        duckdb.CatalogException,
    ) as exc:
        return _fail(
            f"entrepôt illisible ({cfg.warehouse}) : ce n'est pas un fichier DuckDB valide ({type(exc).__name__})"
        )
    except WarehouseMissing:
        print(
            f"Entrepôt vide ({terminal(cfg.warehouse)}) : lancez `python -m ingest demo` ou chargez vos fichiers "
            "(`python -m ingest reference DOSSIER`, `python -m ingest logs FICHIERS`)."
        )
        return 0
    try:
        print(render_status(status(con)))
    finally:
        con.close()
    return 0


def render_status(s) -> str:
    """The French text of `ingest status`."""
    r = s.reference
    out = [
        f"Référentiel : {compte(r['vagues'], 'vague')}, {compte(r['ecoles'], 'école')}, {compte(r['services'], 'service')}, "
        f"{compte(r['activations'], 'activation')}, territoire.toml {'chargé' if r['territoire'] else 'absent'}",
    ]
    if r["premier_jour"]:
        out.append(f"Évènements du {r['premier_jour']:%d/%m/%Y} au {r['dernier_jour']:%d/%m/%Y}")
    out.append("Fichiers chargés :")
    for row in s.files.iter_rows(named=True):
        out.append(
            f"  {row['type']:<12} {compte(row['fichiers'], 'fichier'):>12}, {compte(row['lignes'], 'ligne')}, "
            f"{compte(row['charges'], 'chargé')}, {compte(row['doublons'], 'doublon')}, "
            f"{compte(row['rejetes'], 'rejeté')}, {compte(row['ignores'], 'ignoré')}"
        )
    out.append("Évènements par mois (connexions, accès, activations, échecs) :")
    for row in s.events_by_month.iter_rows(named=True):
        out.append(
            f"  {row['mois']}  {nombre(row['login']):>10} {nombre(row['access']):>10} "
            f"{nombre(row['activation']):>8} {nombre(row['login_failed']):>8}"
        )
    out.append("Comptes ouverts par profil :")
    for row in s.accounts_by_profile.iter_rows(named=True):
        out.append(
            f"  {row['profil']:<13} {nombre(row['comptes']):>8} "
            f"(dont {compte(row['personnes_ressources'], 'personne ressource', 'personnes ressources')})"
        )
    if s.closed_accounts:
        out.append(f"  comptes fermés (absents du dernier export) : {nombre(s.closed_accounts)}")
    if s.forgotten_accounts:
        out.append(
            f"  comptes oubliés (partis depuis plus de trois mois, identifiants effacés) : {nombre(s.forgotten_accounts)}"
        )
    out.append("Rejets par motif :" if s.rejects.height else "Rejets : aucun")
    for row in s.rejects.iter_rows(named=True):
        out.append(f"  {row['motif']} : {nombre(row['lignes'])}")
    w = s.waiting
    if w["evenements"]:
        out.append(
            f"Évènements en attente d'un compte : {nombre(w['evenements'])} "
            f"({compte(w['personnes'], 'personne')}, du {w['premier']:%d/%m/%Y} au {w['dernier']:%d/%m/%Y})"
        )
    else:
        out.append("Évènements en attente d'un compte : aucun")
    if w["effaces"]:
        out.append(f"Évènements effacés par une purge avant d'avoir trouvé leur compte : {nombre(w['effaces'])}")
    if s.purges.height:
        last = s.purges.row(-1, named=True)
        frozen = f" ; chiffres figés jusqu'au dimanche {last['gel_jusqu_au']:%d/%m/%Y}" if last["gel_jusqu_au"] else ""
        out.append(
            f"Purge de conservation : dernière le {last['purge_le']:%d/%m/%Y}, traces antérieures au "
            f"{last['coupure']:%d/%m/%Y} effacées{frozen}"
        )
    if s.unknown_modules.height:
        out.append(
            "Modules inconnus de services.csv : "
            + ", ".join(f"{m} ({nombre(n)})" for m, n in s.unknown_modules.iter_rows())
        )
    return lines_for_terminal(out)


def cmd_demo(args, cfg: Settings) -> int:
    from ingest import demo

    if cfg.warehouse.exists():
        return _fail(
            f"l'entrepôt {cfg.warehouse} existe déjà : la démonstration se charge dans un entrepôt neuf "
            "(autre --warehouse, ou supprimez ce fichier)"
        )
    out = args.out or cfg.warehouse.parent / "demo"

    def say(message: str) -> None:
        print(terminal(message), flush=True)

    demo.generate(out, args.scale, args.seed, say)
    say(f"3/4 Fichiers écrits dans {out} ; chargement par `ingest reference` et `ingest logs`…")
    code = _write(args, cfg, lambda con, key: demo.load(con, key, out), quiet=True)
    if code == 0:
        say(f"4/4 Entrepôt prêt : {cfg.warehouse}")
        _demo_journal(cfg, out, args.seed, say)
    return code


def _demo_journal(cfg: Settings, out: Path, seed: int, say) -> None:
    """The support team's journal of the demo, imported like a real one; never into an existing journal."""
    from ingest.demo import journal
    from ingest.suivi import import_file
    from warehouse.db import open_reader
    from warehouse.suivi import suivi_path

    store = suivi_path(cfg.warehouse)
    if store.exists():
        say(f"Journal d'accompagnement déjà présent ({store}) : celui de la démonstration n'est pas importé.")
        return
    con = open_reader(cfg.warehouse)
    try:
        written = journal.write(con, out / "suivi" / "interventions.csv", seed)
    finally:
        con.close()
    import_file(out / "suivi" / "interventions.csv", store)
    say(f"Journal d'accompagnement de démonstration : {written} interventions dans {store}")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    cfg = make_settings(args.warehouse) if getattr(args, "warehouse", None) else make_settings()
    handler = {
        "reference": cmd_reference,
        "logs": cmd_logs,
        "status": cmd_status,
        "demo": cmd_demo,
        "suivi": cmd_suivi,
        "enquete": cmd_enquete,
    }[args.command]
    return handler(args, cfg)

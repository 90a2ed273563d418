"""`python -m warehouse export`: the export pack of docs/cli.md."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

from warehouse.db import WarehouseMissing, open_reader, up_to_date
from warehouse.labels import compte, frozen_notice
from warehouse.settings import Settings
from warehouse.settings import settings as make_settings
from warehouse.untrusted import terminal


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (AAAA-MM-JJ attendu)") from None


def _seuil(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"seuil invalide « {text} » (entier ≥ 1 attendu)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description="Exports de l'entrepôt.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("export", help="le pack d'export de fin d'année")
    p.add_argument("--out", type=Path, required=True, help="dossier où écrire les fichiers")
    p.add_argument("--warehouse", type=Path, help=Settings.help()["warehouse"])
    p.add_argument("--as-of", type=_date, help="date D des indicateurs (défaut : dernier jour avec des évènements)")
    p.add_argument(
        "--seuil", type=_seuil, help="seuil de petits effectifs (défaut : territoire.toml, sinon 5 ; 1 le désactive)"
    )
    p = sub.add_parser(
        "purge",
        help="efface les traces plus anciennes que la durée de conservation, après en avoir figé les chiffres",
    )
    p.add_argument("--warehouse", type=Path, help=Settings.help()["warehouse"])
    p.add_argument("--dry-run", action="store_true", help="dit ce qui serait figé et effacé, sans rien changer")
    p.add_argument(
        "--today", type=_date, help="jour à partir duquel compter la durée de conservation (défaut : aujourd'hui)"
    )
    return parser


def _stale(cfg: Settings) -> int:
    print(
        f"erreur : l'entrepôt {terminal(cfg.warehouse)} date d'une version précédente de l'observatoire ; "
        "relancez un chargement (python -m ingest reference DOSSIER) pour le mettre à jour",
        file=sys.stderr,
    )
    return 2


def purge(args, cfg: Settings) -> int:
    """`python -m warehouse purge`: freeze, then delete the traces older than the retention."""
    from warehouse import retention
    from warehouse.db import WarehouseBusy, writer
    from warehouse.labels import nombre

    today = args.today or dt.date.today()
    if today > dt.date.today():
        print(f"erreur : --today {today:%d/%m/%Y} est dans le futur", file=sys.stderr)
        return 2
    if not cfg.warehouse.exists():
        print(f"erreur : pas d'entrepôt à {terminal(cfg.warehouse)}", file=sys.stderr)
        return 2
    try:
        # Planned on a reader first: a purge with nothing to do neither copies nor rewrites the warehouse.
        con = open_reader(cfg.warehouse)
        try:
            if not up_to_date(con):
                return _stale(cfg)
            plan = retention.plan(con, today)
        finally:
            con.close()
        if not args.dry_run and not plan.nothing_to_do:
            with writer(cfg.warehouse, compact=True) as con:
                plan = retention.plan(con, today)
                retention.apply(con, plan)
    except retention.RetentionError as exc:
        print(f"erreur : {terminal(str(exc))}", file=sys.stderr)
        return 2
    except duckdb.CatalogException:
        return _stale(cfg)
    except (duckdb.IOException, duckdb.SerializationException, duckdb.InvalidInputException) as exc:
        print(f"erreur : entrepôt illisible ({terminal(cfg.warehouse)}) : {type(exc).__name__}", file=sys.stderr)
        return 2
    except WarehouseBusy:
        print("erreur : un chargement est en cours depuis trop longtemps ; réessayez plus tard", file=sys.stderr)
        return 2
    from warehouse import journal

    # The access journal (who viewed what) is a personal trace too.
    forgotten = journal.forget_before(journal.journal_path(cfg.warehouse), plan.cutoff, dry_run=args.dry_run)
    print(
        f"Purge au {plan.today:%d/%m/%Y} (conservation : {plan.months} mois) : "
        f"traces antérieures au {plan.cutoff:%d/%m/%Y}"
    )
    if plan.sundays:
        print(
            f"  chiffres figés par école et profil : {compte(plan.sundays, 'dimanche')}, "
            f"du {plan.first_sunday:%d/%m/%Y} au {plan.last_sunday:%d/%m/%Y}"
        )
    elif plan.last_sunday:
        print(f"  chiffres déjà figés jusqu'au dimanche {plan.last_sunday:%d/%m/%Y}")
    verb, verbe = ("à effacer", "à effacer") if args.dry_run else ("effacés", "effacées")
    c = plan.counts
    print(f"  évènements {verb} : {nombre(c['evenements'])}")
    print(f"  évènements en attente d'un compte {verb} : {nombre(c['en_attente'])}")
    print(f"  lignes des cumuls par compte {verbe} : {nombre(c['jours_comptes'])}")
    print(f"  textes de lignes rejetées {verb} : {nombre(c['textes_rejets'])}")
    print(f"  entrées du journal des accès {verbe} : {nombre(forgotten)}")
    if args.dry_run:
        print("Rien n'a été modifié (--dry-run).")
    elif plan.nothing_to_do and not forgotten:
        print("Rien à figer ni à effacer : l'entrepôt est inchangé.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    cfg = make_settings(args.warehouse) if args.warehouse else make_settings()
    if args.command == "purge":
        return purge(args, cfg)
    try:
        con = open_reader(cfg.warehouse)
    except WarehouseMissing:
        print(
            f"erreur : pas d'entrepôt à {terminal(cfg.warehouse)} (lancez `python -m ingest demo` ou chargez vos fichiers)",
            file=sys.stderr,
        )
        return 2
    except (duckdb.IOException, duckdb.SerializationException, duckdb.InvalidInputException) as exc:
        print(f"erreur : entrepôt illisible ({terminal(cfg.warehouse)}) : {type(exc).__name__}", file=sys.stderr)
        return 2
    from warehouse import export, metrics, suivi, territory

    try:
        if not up_to_date(con):
            return _stale(cfg)
        as_of = args.as_of or metrics.last_day(con)
        if as_of is None:
            print("erreur : l'entrepôt ne contient aucun évènement ; précisez --as-of", file=sys.stderr)
            return 2
        seuil = args.seuil or int(territory.settings(con)["confidentialite"]["seuil"])
        journal = suivi.read(suivi.suivi_path(cfg.warehouse))
        result = export.export(con, args.out, as_of, seuil, journal=journal)
    except duckdb.CatalogException:
        # A warehouse written by an earlier version lacks tables that its next load creates.
        return _stale(cfg)
    finally:
        con.close()
    if result.frozen:
        print(frozen_notice(result.as_of, result.asked))
    print(f"Export au {result.as_of:%d/%m/%Y} (seuil de petits effectifs : {result.seuil}) dans {terminal(args.out)} :")
    for name, n in result.files.items():
        print(f"  {name} : {compte(n, 'ligne') if n is not None else 'écrit'}")
    return 0

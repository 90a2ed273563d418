"""The support rules of docs/metrics.md: which open schools need help now, and why."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from warehouse import territory
from warehouse.labels import MOTIFS
from warehouse.queries import frame

# Weeks over which activity is judged ("the last 4 school weeks", docs/metrics.md).
ACTIVITY_WEEKS = 4


def thresholds(con: duckdb.DuckDBPyConnection) -> dict:
    """Bound parameters of the rules, from territoire.toml's [accompagnement] and the defaults."""
    acc = territory.settings(con)["accompagnement"]
    return {
        "semaines_min": int(acc["semaines_min_depuis_ouverture"]),
        "activation_enseignant": float(acc["activation_min"]["enseignant"]),
        "activation_eleve": float(acc["activation_min"]["eleve"]),
        "activation_parent": float(acc["activation_min"]["parent"]),
        "part_enseignants": float(acc["part_enseignants_actifs_min"]),
        "baisse_max": float(acc["baisse_usage_max"]),
        "semaines_sans_activite": int(acc["semaines_sans_activite"]),
        "semaines_services": int(acc["semaines_services_initiaux"]),
        "echecs_max": float(acc["echecs_connexion_max"]),
        "semaines_activite": ACTIVITY_WEEKS,
    }


def support_flags(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """One row per school × reason (× profile or service): uai, motif, detail, valeur, seuil. A day of the
    frozen period reads the rules as the retention purge froze them (warehouse/retention.py)."""
    from warehouse import retention

    frozen = retention.frozen_day(con, d)
    if frozen is not None:
        return frame(con, "gel_motifs_au", d=frozen)
    return frame(con, "rules_flags", d=d, **thresholds(con))


NO_KEY_USER = "aucune personne ressource désignée"


def reason_label(motif: pl.Expr, detail: pl.Expr) -> pl.Expr:
    """A reason as people read it: its French name, or for a school without any key user, that fact."""
    return (
        pl.when((motif == "personnes_ressources_inactives") & (detail == NO_KEY_USER))
        .then(pl.lit("Aucune personne ressource désignée"))
        .otherwise(motif.replace_strict(MOTIFS, default=motif))
    )


def schools_to_support(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """Flagged schools, most reasons first: uai, ecole, vague, circonscription, motifs (codes joined by |),
    libelles (the reasons in French, joined by ", "), nb_motifs."""
    return flagged_schools(support_flags(con, d), frame(con, "ecoles_list"))


def flagged_schools(flags: pl.DataFrame, schools: pl.DataFrame) -> pl.DataFrame:
    """`support_flags` summed up per school (see schools_to_support); `schools`: uai, ecole, vague,
    circonscription."""
    flags = flags.with_columns(libelle=reason_label(pl.col("motif"), pl.col("detail")))
    per_school = flags.group_by("uai").agg(
        motifs=pl.col("motif").unique().sort().str.join("|"),
        libelles=pl.col("libelle").unique().sort().str.join(", "),
        nb_motifs=pl.col("motif").n_unique(),
    )
    return (
        per_school.join(schools.select("uai", "ecole", "vague", "circonscription"), on="uai", how="left")
        .sort(["nb_motifs", "uai"], descending=[True, False])
        .select("uai", "ecole", "vague", "circonscription", "motifs", "libelles", "nb_motifs")
    )


def alert_history(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """The rules as of the Sunday ending each school week of the school year of D, up to D:
    semaine (Monday), uai, motif, detail, valeur, seuil."""
    from warehouse.rollups import school_year_start

    return frame(con, "alertes_historique", debut=school_year_start(d), d=d)


def flagged_since(con: duckdb.DuckDBPyConnection, d: dt.date) -> pl.DataFrame:
    """For each school flagged in the latest week of history ending by D: en_alerte_depuis, the Monday of the
    first week of its current run of flagged school weeks."""
    return frame(con, "alertes_depuis", d=d)


def history_grid(con: duckdb.DuckDBPyConnection, d: dt.date, uai: str) -> pl.DataFrame:
    """One school's alert history as a weeks × reasons grid: semaine (each school week of the school year of D up
    to D, newest first), then one boolean column per reason it had this year (French names, most frequent
    first)."""
    from warehouse.rollups import school_year_start

    weeks = frame(con, "semaines_ecole", uai=uai, debut=school_year_start(d), d=d)
    fired = (
        alert_history(con, d)
        .filter(pl.col("uai") == uai)
        .with_columns(motif=reason_label(pl.col("motif"), pl.col("detail")))
        .select("semaine", "motif")
        .unique()
    )
    order = fired.group_by("motif").len().sort(["len", "motif"], descending=[True, False])["motif"].to_list()
    grid = weeks
    for motif in order:
        grid = grid.join(
            fired.filter(pl.col("motif") == motif).select("semaine", pl.lit(True).alias(motif)),
            on="semaine",
            how="left",
        ).with_columns(pl.col(motif).fill_null(False))
    return grid.sort("semaine", descending=True)

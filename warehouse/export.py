"""The export pack of docs/cli.md: CSV files for machines, an XLSX workbook and a self-contained HTML report for people."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import followup, masking, metrics, rules, satisfaction, status, suivi
from warehouse.untrusted import XLSX_OPTIONS, csv_safe

ADOPTION_ECOLE, ADOPTION_VAGUE = metrics.ADOPTION_ECOLE, metrics.ADOPTION_VAGUE
ACTIVITE = ["semaine", "uai", "profil", "utilisateurs_actifs", "connexions", "semaine_scolaire"]
USAGE = ["uai", "service", "groupe", "comptes_service_actif", "utilisateurs_28j", "acces_28j"]
SUPPORT = ["uai", "ecole", "vague", "motifs"]
HISTORY = ["uai", "semaine", "motif", "valeur", "seuil"]
THREE_DECIMALS = ("moyenne", "part_satisfaits")  # besides the taux_* rates


@dataclass
class ExportResult:
    """What was written, for the command's summary."""

    as_of: dt.date
    seuil: int
    files: dict[str, int | None]  # file name → data rows (None: a document for people)
    asked: dt.date | None = None  # the date asked for, when the figures are those frozen on an earlier Sunday
    frozen: bool = False  # the figures are those a retention purge froze


def three_decimals(col: str) -> pl.Expr:
    """A rate as CSV text with three decimals, halves rounded up (0.5625 → "0.563"); empty stays empty."""
    thousandths = (metrics.round_half_up(pl.col(col), 3) * 1000).round(0).cast(pl.Int64)
    return pl.concat_str(
        (thousandths // 1000).cast(pl.String), pl.lit("."), (thousandths % 1000).cast(pl.String).str.zfill(3)
    ).alias(col)


def csv_ready(df: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """CSV conventions: rates to 3 decimals, booleans as true/false, dates ISO, empty for missing; no text a
    spreadsheet would run as a formula."""
    out = csv_safe(df.select(columns))
    return out.with_columns(
        *[three_decimals(c) for c in columns if c.startswith("taux_") or c in THREE_DECIMALS],
        *[pl.col(c).cast(pl.String).str.to_lowercase() for c in columns if out.schema[c] == pl.Boolean],
    )


def in_scope(df: pl.DataFrame, uais: tuple[str, ...] | None) -> pl.DataFrame:
    """The rows of the schools `uais` (every row when None)."""
    return df if uais is None else df.filter(pl.col("uai").is_in(list(uais)))


def tables(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    seuil: int,
    uais: tuple[str, ...] | None = None,
    journal: pl.DataFrame | None = None,
) -> dict[str, pl.DataFrame]:
    """The export's tables, masked for small cells, by file name; over the schools `uais` only, when given
    (a wave's figures then sum that scope's schools). `journal`: the support journal's interventions."""
    rates = metrics.RATES
    flagged = rules.schools_to_support(con, as_of)
    journal = suivi.interventions(None) if journal is None else journal
    follow_up = followup.follow_up(flagged, rules.flagged_since(con, as_of), journal, status.schools(con, as_of), as_of)
    return {
        "adoption_par_ecole.csv": masking.mask(in_scope(metrics.adoption_by_school(con, as_of), uais), seuil, rates),
        "adoption_par_vague.csv": masking.mask(metrics.adoption_by_wave(con, as_of, uais), seuil, rates),
        "activite_hebdomadaire.csv": masking.mask(in_scope(metrics.weekly_activity(con, as_of), uais), seuil).select(
            ACTIVITE
        ),
        "usage_services.csv": masking.mask(in_scope(metrics.service_usage(con, as_of), uais), seuil).select(USAGE),
        # With the reasons in French for the people's files (the CSV keeps the codes).
        "ecoles_a_accompagner.csv": in_scope(flagged, uais).select(*SUPPORT, "libelles"),
        "historique_alertes.csv": in_scope(rules.alert_history(con, as_of), uais).select(HISTORY),
        "suivi_accompagnement.csv": in_scope(follow_up, uais),
        "satisfaction.csv": masking.mask(satisfaction.withheld(satisfaction.by_group(con, uais), seuil), seuil),
    }


def export(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    as_of: dt.date,
    seuil: int,
    uais: tuple[str, ...] | None = None,
    journal: pl.DataFrame | None = None,
) -> ExportResult:
    """Write the export pack for the school year containing `as_of`; for the schools `uais` only, when given.
    `journal`: the support journal's interventions (none when not given). A date whose traces a retention purge
    deleted is read as of the Sunday the figures were frozen on (on or before it)."""
    from warehouse import retention
    from warehouse import review as people

    asked = as_of
    frozen = retention.frozen_day(con, as_of)
    as_of = frozen or as_of

    out.mkdir(parents=True, exist_ok=True)
    written = {}
    data = tables(con, as_of, seuil, uais, journal)
    for name, df in data.items():
        columns = [c for c in df.columns if c != "libelles"]
        csv_ready(df, columns).write_csv(out / name, null_value="")
        written[name] = df.height
    review = people.Review.gather(con, as_of, seuil, data, uais)
    people.write_xlsx(review, out / "bilan.xlsx")
    people.write_html(review, out / "bilan.html")
    written["bilan.xlsx"] = None
    written["bilan.html"] = None
    from warehouse import dossier

    decision = dossier.gather(con, as_of, seuil, uais)
    dossier.write_html(decision, out / "dossier_fin_de_marche.html")
    dossier.write_xlsx(decision, out / "dossier_fin_de_marche.xlsx")
    written["dossier_fin_de_marche.html"] = None
    written["dossier_fin_de_marche.xlsx"] = None
    return ExportResult(
        as_of=as_of, seuil=seuil, files=written, asked=asked if asked != as_of else None, frozen=frozen is not None
    )


def support_list(listing: pl.DataFrame, seuil: int) -> tuple[bytes, bytes]:
    """The support page's weekly list (`followup.weekly_list`, trend withheld on small counts) for the team's
    meeting: a CSV for a French Excel (`;`, BOM, dates JJ/MM/AAAA) and an XLSX workbook, French headers, figures
    as the page shows them (`<5` for a small count); names stay text in both."""
    import xlsxwriter

    from warehouse import review
    from warehouse.labels import INTERVENTIONS, nombre, variation

    def average(v: float | None) -> str | None:
        return None if v is None else (f"<{seuil}" if 0 < v < seuil else nombre(round(v, 1)))

    people = listing.select(
        pl.col("uai").alias("UAI"),
        pl.col("ecole").alias("École"),
        pl.col("vague").alias("Vague"),
        pl.col("circonscription").alias("Circonscription"),
        pl.col("nb_motifs").alias("Nombre de motifs"),
        pl.col("en_alerte_depuis").alias("En alerte depuis"),
        pl.col("motifs_detail").alias("Motifs : valeur mesurée (seuil)"),
        pl.col("referent").alias("Référent"),
        pl.col("derniere_intervention").alias("Dernière intervention"),
        pl.col("type_intervention").replace(INTERVENTIONS).alias("Type d'intervention"),
        pl.col("actifs_4_semaines")
        .map_elements(average, return_dtype=pl.String)
        .alias("Actifs par semaine (4 dernières semaines scolaires)"),
        pl.col("tendance").map_elements(variation, return_dtype=pl.String).alias("Tendance (4 semaines précédentes)"),
    )
    dates = ["En alerte depuis", "Dernière intervention"]
    csv = (
        csv_safe(people)
        .with_columns(pl.col(dates).dt.strftime("%d/%m/%Y"))
        .write_csv(separator=";")
        .encode("utf-8-sig")
    )
    xlsx = io.BytesIO()
    with xlsxwriter.Workbook(xlsx, XLSX_OPTIONS) as book:
        people.write_excel(book, worksheet="Écoles à accompagner", autofit=True, dtype_formats={pl.Date: "dd/mm/yyyy"})
        # write_excel makes an Excel table, filters included.
        review.table_sheet(book.get_worksheet_by_name("Écoles à accompagner"), people.height, people.width, False)
    return csv, xlsx.getvalue()

"""The year-end review for people: an XLSX workbook and a self-contained, printable HTML report."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import plotly.io as pio
import polars as pl

from warehouse import charts, masking, metrics, territory
from warehouse.labels import COLUMNS, INDICATEURS, MOTIFS, PROFILS, date_fr, nombre, pourcent
from warehouse.queries import frame, record
from warehouse.untrusted import XLSX_OPTIONS

SHEETS = {
    "adoption_par_ecole.csv": "Adoption par école",
    "adoption_par_vague.csv": "Adoption par vague",
    "activite_hebdomadaire.csv": "Activité hebdomadaire",
    "usage_services.csv": "Usage des services",
    "ecoles_a_accompagner.csv": "Écoles à accompagner",
    "historique_alertes.csv": "Historique des alertes",
    "suivi_accompagnement.csv": "Suivi de l'accompagnement",
    "satisfaction.csv": "Satisfaction",
}


@dataclass
class Review:
    """Everything the review shows, gathered once."""

    as_of: dt.date
    seuil: int
    name: str
    tables: dict[str, pl.DataFrame]
    scorecard: pl.DataFrame
    summary: dict
    service_labels: dict[str, str]
    waves: pl.DataFrame
    curves: pl.DataFrame
    weekly: pl.DataFrame
    holiday_weeks: list[dt.date]

    @classmethod
    def gather(
        cls, con: duckdb.DuckDBPyConnection, as_of: dt.date, seuil: int, tables: dict, uais: tuple | None = None
    ) -> Review:
        """Everything the review shows as of `as_of`, over the schools `uais` only when given."""
        settings = territory.settings(con)
        card = metrics.scorecard(con, as_of, settings["cibles"], uais)
        if card.height:
            card = masking.withhold(card, seuil, metrics.SCORECARD_RATE)
        summary = record(con, "synthese", d=as_of) if uais is None else _scope_summary(con, as_of, uais)
        summary["ecoles_a_accompagner"] = tables["ecoles_a_accompagner.csv"].height
        return cls(
            as_of=as_of,
            seuil=seuil,
            name=settings.get("projet", {}).get("nom", "Territoire"),
            tables=tables,
            scorecard=card,
            summary=summary,
            service_labels=dict(frame(con, "services_libelles").iter_rows()),
            waves=tables["adoption_par_vague.csv"],
            curves=metrics.cohort_curves(con, as_of, uais),
            weekly=metrics.weekly_activity(con, as_of).filter(
                pl.lit(uais is None) | pl.col("uai").is_in(list(uais or ()))
            ),
            holiday_weeks=metrics.holiday_weeks(con, as_of),
        )


def _scope_summary(con: duckdb.DuckDBPyConnection, as_of: dt.date, uais: tuple) -> dict:
    """The summary's figures over the schools `uais` (the synthese query's, for a scope)."""
    from warehouse import status

    schools = status.schools(con, as_of).filter(pl.col("uai").is_in(list(uais)))
    adoption = metrics.adoption_by_school(con, as_of).filter(pl.col("uai").is_in(list(uais)))
    return {
        "ecoles_ouvertes": schools.filter(pl.col("phase").is_in(["III", "IV"])).height,
        "ecoles": schools.height,
        "comptes": int(adoption["comptes"].sum()),
        "comptes_actives": int(adoption["comptes_actives"].sum()),
        "actifs_28j": int(adoption["actifs_28j"].sum()),
    }


# ---------------------------------------------------------------- XLSX


def _cell_value(value):
    """Typed cells: numbers stay numbers, a masked count stays text."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def write_xlsx(review: Review, path: Path) -> None:
    """bilan.xlsx: a summary sheet, the scorecard, then one sheet per export table; French headers, % formats."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    dated(book, review.as_of)
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top", "border": 1})
    pct = book.add_format({"num_format": "0.0%"})
    # Targets and values are judged at two decimals of percent: shown at that precision.
    pct_target = book.add_format({"num_format": "0.00%"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    # The canonical thousands code: Excel groups digits as its locale does (12 345 in French).
    integer = book.add_format({"num_format": "#,##0"})

    s = review.summary
    sheet = book.add_worksheet("Synthèse")
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 18)
    sheet.write(0, 0, f"Bilan — {review.name}", title)
    rows = [
        ("Données au", review.as_of, date),
        ("Seuil de petits effectifs (comptes masqués en dessous)", review.seuil, integer),
        ("Écoles ouvertes", s["ecoles_ouvertes"], integer),
        ("Écoles au total (candidates comprises)", s["ecoles"], integer),
        ("Comptes existants", s["comptes"], integer),
        ("Comptes activés", s["comptes_actives"], integer),
        ("Comptes actifs sur les 28 derniers jours", s["actifs_28j"], integer),
        ("Écoles à accompagner", s["ecoles_a_accompagner"], integer),
    ]
    for i, (label, value, fmt) in enumerate(rows, start=2):
        sheet.write(i, 0, label, bold)
        sheet.write(i, 1, value, fmt)
    sheet.write(
        len(rows) + 3,
        0,
        "Chaque feuille suit les définitions des indicateurs de l'observatoire ; taux arrondis à l'affichage.",
    )

    card = book.add_worksheet("Bilan (cibles)")
    headers = ["Niveau", "Indicateur", "Profil", "Cible", "Valeur", "Valeur un an plus tôt", "Cible atteinte"]
    card.write_row(0, 0, headers, head)
    card.set_column(0, 1, 26)
    card.set_column(2, 2, 14)
    card.set_column(3, 6, 16)
    table_sheet(card, review.scorecard.height, len(headers))
    for i, r in enumerate(review.scorecard.iter_rows(named=True), start=1):
        card.write(i, 0, r["niveau"])
        card.write(i, 1, INDICATEURS.get(r["indicateur"], r["indicateur"]))
        card.write(i, 2, PROFILS.get(r["profil"], r["profil"]))
        card.write(i, 3, r["cible"], pct_target)
        for col, key in ((4, "valeur"), (5, "valeur_annee_precedente")):
            if r[key] is None:
                card.write(i, col, "—")
            else:
                card.write(i, col, r[key], pct_target)
        card.write(i, 6, "—" if r["valeur"] is None else ("oui" if r["atteint"] else "non"))

    for name, df in review.tables.items():
        sheet = book.add_worksheet(SHEETS[name])
        columns = [c for c in df.columns if c != "libelles"]  # the reasons in French fill `motifs`
        sheet.write_row(0, 0, [COLUMNS.get(c, c) for c in columns], head)
        sheet.set_row(0, 32)
        table_sheet(sheet, df.height, len(columns))
        for j, c in enumerate(columns):
            values = df[c].to_list()
            if c == "profil":
                values = [PROFILS.get(v, v) for v in values]
            if c == "service":
                values = [review.service_labels.get(v, v) for v in values]
            if c == "motif":
                values = [MOTIFS.get(v, v) for v in values]
            if c == "motifs" and "libelles" in df.columns:
                values = df["libelles"].to_list()
            sheet.set_column(j, j, _width(COLUMNS.get(c, c), values))
            for i, v in enumerate(values, start=1):
                v = _cell_value(v)
                if v is None:
                    continue
                if c.startswith("taux_") or c == "part_satisfaits":
                    sheet.write_number(i, j, v, pct)
                elif isinstance(v, dt.date):
                    sheet.write_datetime(i, j, dt.datetime(v.year, v.month, v.day), date)
                elif isinstance(v, int):
                    sheet.write_number(i, j, v, integer)
                else:
                    sheet.write(i, j, v)
    book.close()


def dated(book, as_of: dt.date) -> None:
    """Date a workbook by its figures' day, not by the time it was written: the same figures give the same file."""
    book.set_properties({"created": dt.datetime.combine(as_of, dt.time())})


def _width(header: str, values: list) -> int:
    """A column as wide as its longest value (dates and rates as shown), its header wrapping over two lines."""
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return max(8, min(50, max(longest + 2, len(header) // 2 + 2)))


def table_sheet(sheet, rows: int, columns: int, add_filter: bool = True) -> None:
    """A sheet holding one table: frozen header, a filter on every column (unless the table is an Excel table,
    which has its own), printed landscape on the page's width with the header repeated on every page."""
    sheet.freeze_panes(1, 0)
    if add_filter:
        sheet.autofilter(0, 0, max(rows, 1), columns - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 2px solid #0072B2; }
.sub { color: #555; } .kpis { display: flex; flex-wrap: wrap; gap: 1em; }
.kpi { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 1em; min-width: 10em; }
.kpi b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; } th { background: #DDEBF7; text-align: left; }
td.n { text-align: right; } .caption { color: #555; font-size: 0.85em; }
@media print { .chart { page-break-inside: avoid; } h2 { page-break-after: avoid; } body { margin: 0; } }
"""


def html_table(df: pl.DataFrame, columns: list[str], rates: set[str] = frozenset(), decimals: int = 0) -> str:
    out = ["<table><tr>" + "".join(f"<th>{html.escape(COLUMNS.get(c, c))}</th>" for c in columns) + "</tr>"]
    for r in df.select(columns).iter_rows(named=True):
        cells = []
        for c in columns:
            v = r[c]
            if c in rates:
                cells.append(f"<td class='n'>{pourcent(v, decimals)}</td>")
            elif c == "profil":
                cells.append(f"<td>{html.escape(PROFILS.get(v, v))}</td>")
            elif c == "motifs":
                cells.append(f"<td>{html.escape(', '.join(MOTIFS.get(m, m) for m in (v or '').split('|')))}</td>")
            elif isinstance(v, (int, float)) or (isinstance(v, str) and (v.isdigit() or v.startswith("<"))):
                cells.append(
                    f"<td class='n'>{html.escape(nombre(int(v) if isinstance(v, str) and v.isdigit() else v))}</td>"
                )
            else:
                cells.append(f"<td>{html.escape('' if v is None else str(v))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</table>"


def write_html(review: Review, path: Path) -> None:
    """bilan.html: key figures, charts and tables in one file that needs no network, readable and printable.

    Targets and values show two decimals of percent, the precision a target is judged at.
    """
    s = review.summary
    figures = [
        (
            charts.adoption_by_wave(review.waves.with_columns(pl.col("taux_activation"))),
            "Comptes activés / comptes distribués, au jour des données, par vague (taux retenus quand les effectifs dépassent le seuil).",
        ),
        (
            charts.weekly_active_users(review.weekly, review.as_of, review.holiday_weeks, review.seuil),
            "Personnes distinctes ayant au moins une connexion ou un accès dans la semaine (lundi–dimanche, heure de Paris).",
        ),
    ] + [
        (
            charts.cohort_curves(masking.withhold(review.curves, review.seuil, metrics.COHORT_RATES), profil),
            "Comptes activés / comptes distribués à la fin de chaque semaine depuis l'ouverture de l'école, sommés sur les écoles de la vague.",
        )
        for profil in ("enseignant", "eleve", "parent")
    ]
    parts = []
    for i, (fig, caption) in enumerate(figures):
        div = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=(i == 0),
            config={"displaylogo": False, "displayModeBar": False},
            div_id=f"graphique-{i + 1}",  # not a random id: the same figures give the same file
        )
        parts.append(f"<div class='chart'>{div}<p class='caption'>{html.escape(caption)}</p></div>")
    card = review.scorecard
    if card.height:
        card = card.with_columns(
            indicateur=pl.col("indicateur").replace(INDICATEURS),
            atteint=pl.when(pl.col("valeur").is_null())
            .then(pl.lit("—"))
            .when(pl.col("atteint"))
            .then(pl.lit("oui"))
            .otherwise(pl.lit("non")),
        )
    support = review.tables["ecoles_a_accompagner.csv"]
    body = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Bilan — {html.escape(review.name)}</title><style>{CSS}</style></head><body>
<h1>Bilan de l'ENT — {html.escape(review.name)}</h1>
<p class="sub">Données jusqu'au {date_fr(review.as_of)} · effectifs de 1 à {review.seuil - 1} personnes masqués (« &lt;{
        review.seuil
    } »)</p>
<div class="kpis">
<div class="kpi"><b>{nombre(s["ecoles_ouvertes"])}</b>écoles ouvertes</div>
<div class="kpi"><b>{nombre(s["comptes"])}</b>comptes</div>
<div class="kpi"><b>{nombre(s["comptes_actives"])}</b>comptes activés</div>
<div class="kpi"><b>{nombre(s["actifs_28j"])}</b>actifs sur 28 jours</div>
<div class="kpi"><b>{nombre(s["ecoles_a_accompagner"])}</b>écoles à accompagner</div>
</div>
<h2>Cibles du bilan</h2>
{
        html_table(
            card,
            ["niveau", "indicateur", "profil", "cible", "valeur", "valeur_annee_precedente", "atteint"],
            {"cible", "valeur", "valeur_annee_precedente"},
            decimals=2,
        )
        if card.height
        else "<p>Aucune cible dans territoire.toml.</p>"
    }
<h2>Adoption et usage</h2>
{"".join(parts)}
<h2>Adoption par vague</h2>
{
        html_table(
            review.waves,
            metrics.ADOPTION_VAGUE,
            set(metrics.RATES),
        )
    }
<h2>Écoles à accompagner</h2>
{
        html_table(support.with_columns(motifs=pl.col("libelles")), ["uai", "ecole", "vague", "motifs"])
        if support.height
        else "<p>Aucune école signalée.</p>"
    }
</body></html>
"""
    path.write_text(body, encoding="utf-8")

"""The end-of-contract decision dossier: what a steering committee weighs before renewing the vendor or changing.

One page of French sentences written from the figures, then the tables
behind them: targets year on year over the same schools, the deployment's
projection against the contract's end, the support load and the share of
flagged schools, service groups across school years, satisfaction, the
vendor's service (failed logins, probable outages), and the data's caveats.
Written as dossier_fin_de_marche.html (offline, printable) and .xlsx.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import masking, metrics, planning, projection, satisfaction, status, territory, vendor
from warehouse.labels import INDICATEURS, PROFILS, compte, date_fr, nombre, pourcent
from warehouse.queries import frame
from warehouse.untrusted import XLSX_OPTIONS


@dataclass
class Dossier:
    """Everything the dossier shows, gathered once."""

    as_of: dt.date
    seuil: int
    name: str
    synthesis: list[str]
    tables: dict[str, pl.DataFrame]  # section title → table (rates withheld; counts masked when written)
    caveats: list[str]


def _points(now: float | None, before: float | None) -> str | None:
    if now is None or before is None:
        return None
    change = round((now - before) * 100)
    return f"{'+' if change > 0 else '−' if change < 0 else '±'}{abs(change)} point{'s' if abs(change) > 1 else ''}"


def _target_sentences(card: pl.DataFrame) -> list[str]:
    """One sentence per target, over the schools open a year ago when there are, else the whole territory."""
    levels = card["niveau"].unique().to_list()
    same = next((lv for lv in levels if lv.endswith("écoles ouvertes il y a un an")), None)
    whole = next((lv for lv in levels if lv in ("Territoire", "Périmètre")), None)
    out = []
    for r in card.filter(pl.col("niveau") == whole).iter_rows(named=True):
        label = (
            f"{INDICATEURS.get(r['indicateur'], r['indicateur'])} des {PROFILS.get(r['profil'], r['profil']).lower()}"
        )
        if r["valeur"] is None:
            out.append(f"{label} : non mesurable (trop peu de comptes).")
            continue
        verdict = "atteinte" if r["atteint"] else "non atteinte"
        text = f"{label} : {pourcent(r['valeur'])} (cible {pourcent(r['cible'])}, {verdict})"
        previous = (
            card.filter(
                (pl.col("niveau") == same)
                & (pl.col("indicateur") == r["indicateur"])
                & (pl.col("profil") == r["profil"])
            )
            if same
            else None
        )
        if previous is not None and previous.height and (p := previous.row(0, named=True))["valeur"] is not None:
            change = _points(p["valeur"], p["valeur_annee_precedente"])
            if change:
                text += f", {change} en un an sur les mêmes écoles"
        out.append(text + ".")
    return out


def gather(con: duckdb.DuckDBPyConnection, as_of: dt.date, seuil: int, uais: tuple[str, ...] | None = None) -> Dossier:
    """The dossier as of `as_of`, over the schools `uais` when given."""
    settings = territory.settings(con)
    name = settings.get("projet", {}).get("nom", "Territoire")
    synthesis: list[str] = []
    tables: dict[str, pl.DataFrame] = {}

    # Targets, year on year.
    card = metrics.scorecard(con, as_of, settings["cibles"], uais)
    if card.height:
        card = masking.withhold(card, seuil, metrics.SCORECARD_RATE)
        synthesis += _target_sentences(card)
        tables["Cibles, un an plus tôt"] = card.select(
            "niveau", "indicateur", "profil", "cible", "valeur", "valeur_annee_precedente", "atteint"
        ).with_columns(pl.col("indicateur").replace(INDICATEURS))

    # Deployment against the contract's end.
    schools = status.schools(con, as_of)
    if uais is not None:
        scoped = schools.filter(pl.col("uai").is_in(list(uais)))
    else:
        scoped = schools
    end = planning.contract_end(con)
    caps = planning.capacities(con)
    projected = projection.project(
        schools,
        planning.waves(con),
        as_of,
        end,
        projection.Plan(caps["ecoles_par_vague_max"], caps["ecoles_accompagnees_max"]),
    ).filter(pl.col("uai").is_in(scoped["uai"].implode()))
    opened = scoped.filter(pl.col("phase").is_in(["III", "IV"])).height
    text = f"Déploiement : {nombre(opened)} écoles ouvertes sur {nombre(scoped.height)} au {date_fr(as_of)}"
    if end is not None:
        late = projected.filter(~pl.col("phase_iv_avant_fin"))
        text += (
            f" ; au rythme des capacités déclarées, {compte(late.height, 'école')} n'atteindrai"
            f"{'ent' if late.height > 1 else 't'} pas la phase IV avant la fin du marché ({date_fr(end)})"
        )
    synthesis.append(text + ".")
    tables["Déploiement projeté, par vague"] = (
        projected.group_by("vague")
        .agg(
            ecoles=pl.len(),
            ouverture=pl.col("ouverture").min(),
            phase_iv_avant_fin=pl.col("phase_iv_avant_fin").sum(),
        )
        .sort("ouverture", nulls_last=True)
        .rename({"phase_iv_avant_fin": "phase IV avant la fin du marché"})
    )

    # Support load and flagged schools.
    by_month = planning.phases_by_month(
        planning.school_phases_by_month(con, as_of).filter(pl.col("uai").is_in(scoped["uai"].implode()))
    )
    load = planning.support_load(by_month).filter(pl.col("mois") <= as_of)
    capacity = caps["ecoles_accompagnees_max"]
    flagged = frame(con, "dossier_signalees_mois", d=as_of, uais=list(uais) if uais is not None else None)
    tables["Charge d'accompagnement et écoles signalées, par mois"] = load.rename(
        {"ecoles": "écoles en phase II ou III"}
    ).join(flagged, on="mois", how="left")
    if flagged.height:
        last = flagged.row(-1, named=True)
        text = (
            f"Accompagnement : {compte(last['ecoles_signalees'], 'école signalée', 'écoles signalées')} "
            f"sur {nombre(last['ecoles_ouvertes'])} ouvertes en {last['mois']:%m/%Y}"
        )
        if capacity is not None:
            over = load.filter(pl.col("ecoles") > capacity).height
            text += f" ; capacité de {nombre(capacity)} écoles en déploiement ou ouverture " + (
                f"dépassée {compte(over, 'mois', 'mois')}" if over else "jamais dépassée"
            )
        synthesis.append(text + ".")

    # Services by group across school years.
    groups = masking.withhold(metrics.service_groups_by_year(con, as_of, uais), seuil, metrics.GROUP_RATE)
    tables["Services par groupe, d'une année à l'autre"] = groups.select(
        "jour", "groupe", "utilisateurs_28j", "comptes", "part_comptes"
    )

    # Satisfaction.
    answers = satisfaction.withheld(satisfaction.by_group(con, uais), seuil)
    campaigns = satisfaction.campaigns(con)
    if campaigns.height:
        latest = campaigns.row(0, named=True)
        first_question = latest["questions"][0]
        per = answers.filter((pl.col("campagne") == latest["campagne"]) & (pl.col("question") == first_question))
        shown = per.filter(pl.col("moyenne").is_not_null())
        if shown.height:
            people = shown["repondants"].sum()
            mean = (shown["moyenne"] * shown["repondants"]).sum() / people
            share = (shown["part_satisfaits"] * shown["repondants"]).sum() / people
            synthesis.append(
                f"Satisfaction (« {latest['campagne']} », {first_question.replace('_', ' ')}) : réponse moyenne "
                f"{nombre(round(mean, 1))} sur {latest['echelle']}, {pourcent(share)} de satisfaits, "
                f"{compte(people, 'répondant')}."
            )
    tables["Satisfaction"] = answers

    # The vendor's service.
    failures = vendor.failed_logins_by_month(con, as_of)
    outages = vendor.outages(con, as_of)
    tables["Éditeur : échecs de connexion par mois"] = failures
    tables["Éditeur : pannes probables"] = outages
    if failures.height:
        recent = failures.tail(12)
        attempts = recent["connexions"].sum() + recent["echecs"].sum()
        rate = recent["echecs"].sum() / attempts if attempts else None
        synthesis.append(
            f"Service de l'éditeur : {pourcent(rate, 1)} d'échecs de connexion sur les {compte(recent.height, 'mois', 'mois')} "
            f"les plus récents ; {compte(outages.height, 'panne probable', 'pannes probables')} "
            f"({compte(int(outages['heures'].sum() or 0), 'heure')} d'école) repérée"
            f"{'s' if outages.height > 1 else ''} dans les journaux."
        )

    # What the figures cannot say.
    st = status.status(con)
    caveats = [
        f"{compte(int(st.rejects['lignes'].sum() or 0), 'ligne rejetée', 'lignes rejetées')} à la lecture des fichiers "
        "(détail : page Qualité des données).",
    ]
    never_counted = st.waiting["evenements"] + st.waiting["effaces"]
    if never_counted:
        caveats.append(
            f"{compte(never_counted, 'évènement')} de personnes absentes des exports de comptes : non comptés."
        )
    if st.unknown_modules.height:
        caveats.append(f"{compte(st.unknown_modules.height, 'module inconnu', 'modules inconnus')} de services.csv.")
    if metrics.outside_holiday_data(con, as_of):
        caveats.append("Des vacances scolaires de l'année ne sont pas connues du calendrier.")
    caveats.append(
        "Les pannes sont déduites des journaux (une heure d'école sans connexion quand elle en compte d'habitude) : "
        "un fichier de journal manquant y ressemble."
    )
    caveats.append(f"Effectifs de 1 à {seuil - 1} personnes masqués.")
    return Dossier(as_of=as_of, seuil=seuil, name=name, synthesis=synthesis, tables=tables, caveats=caveats)


# Each section's sheet (Excel allows 31 characters).
SHEETS = {
    "Cibles, un an plus tôt": "Cibles",
    "Déploiement projeté, par vague": "Déploiement",
    "Charge d'accompagnement et écoles signalées, par mois": "Charge et signalements",
    "Services par groupe, d'une année à l'autre": "Services par groupe",
    "Satisfaction": "Satisfaction",
    "Éditeur : échecs de connexion par mois": "Échecs de connexion",
    "Éditeur : pannes probables": "Pannes probables",
}

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 2px solid #0072B2; }
.synthese { border: 1px solid #0072B2; padding: 0.4em 1.2em; page-break-after: always; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; } th { background: #DDEBF7; text-align: left; }
td.n { text-align: right; } .sub { color: #555; }
@media print { h2 { page-break-after: avoid; } table { page-break-inside: auto; } }
"""


def _cell(v) -> tuple[str, bool]:
    """A value as people read it, and whether it is a number."""
    if v is None:
        return "—", False
    if isinstance(v, bool):
        return ("oui" if v else "non"), False
    if isinstance(v, dt.date):
        return date_fr(v), False
    if isinstance(v, float):
        return (pourcent(v, 1) if 0 <= v <= 1 else nombre(round(v, 2))), True
    if isinstance(v, int):
        return nombre(v), True
    return str(v), str(v).isdigit() or str(v).startswith("<")


def write_html(dossier: Dossier, path: Path) -> None:
    """dossier_fin_de_marche.html: the synthesis on its own printed page, then every table; no network needed."""
    from warehouse.labels import COLUMNS

    parts = [
        f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Dossier de fin de marché — "
        f"{html.escape(dossier.name)}</title><style>{CSS}</style></head><body>",
        f"<h1>Dossier de fin de marché — {html.escape(dossier.name)}</h1>",
        f"<p class='sub'>Données jusqu'au {date_fr(dossier.as_of)}</p>",
        "<div class='synthese'><h2>Synthèse</h2><ul>",
        *[f"<li>{html.escape(s)}</li>" for s in dossier.synthesis],
        "</ul><h3>Limites des données</h3><ul>",
        *[f"<li>{html.escape(c)}</li>" for c in dossier.caveats],
        "</ul></div>",
    ]
    for title, df in dossier.tables.items():
        df = masking.mask(df, dossier.seuil)
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if df.is_empty():
            parts.append("<p>Aucune donnée.</p>")
            continue
        head = "".join(f"<th>{html.escape(COLUMNS.get(c, c))}</th>" for c in df.columns)
        rows = []
        for r in df.iter_rows():
            cells = []
            for v in r:
                text, number = _cell(PROFILS.get(v, v) if isinstance(v, str) else v)
                cells.append(f"<td class='n'>{html.escape(text)}</td>" if number else f"<td>{html.escape(text)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def write_xlsx(dossier: Dossier, path: Path) -> None:
    """dossier_fin_de_marche.xlsx: the synthesis sheet, then one sheet per table (names stay text)."""
    import xlsxwriter

    from warehouse.labels import COLUMNS
    from warehouse.review import dated, table_sheet

    with xlsxwriter.Workbook(path, XLSX_OPTIONS) as book:
        dated(book, dossier.as_of)
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        pct = book.add_format({"num_format": "0.0%"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet = book.add_worksheet("Synthèse")
        sheet.set_column(0, 0, 120)
        sheet.write(
            0, 0, f"Dossier de fin de marché — {dossier.name} — données jusqu'au {date_fr(dossier.as_of)}", bold
        )
        row = 2
        for text in dossier.synthesis:
            sheet.write(row, 0, text, wrap)
            row += 1
        sheet.write(row + 1, 0, "Limites des données", bold)
        for i, text in enumerate(dossier.caveats, start=row + 2):
            sheet.write(i, 0, text, wrap)
        for title, df in dossier.tables.items():
            df = masking.mask(df, dossier.seuil)
            ws = book.add_worksheet(SHEETS[title])
            ws.write_row(0, 0, [COLUMNS.get(c, c) for c in df.columns], bold)
            table_sheet(ws, df.height, max(df.width, 1))
            for j, c in enumerate(df.columns):
                ws.set_column(j, j, max(12, min(40, len(COLUMNS.get(c, c)) + 2)))
                for i, v in enumerate(df[c].to_list(), start=1):
                    if v is None:
                        continue
                    if isinstance(v, bool):
                        ws.write(i, j, "oui" if v else "non")
                    elif isinstance(v, dt.date):
                        ws.write_datetime(i, j, dt.datetime(v.year, v.month, v.day), day)
                    elif isinstance(v, float) and (c.startswith(("taux", "part")) or c in ("valeur", "cible",
                                                                                            "valeur_annee_precedente")):  # fmt: skip
                        ws.write_number(i, j, v, pct)
                    elif isinstance(v, (int, float)):
                        ws.write_number(i, j, v)
                    elif isinstance(v, str) and v.isdigit():
                        ws.write_number(i, j, int(v))
                    else:
                        ws.write_string(i, j, PROFILS.get(v, v))

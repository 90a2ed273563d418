"""The figures of docs/metrics.md and the CSV export of docs/cli.md, on a tiny territory worked out by hand.

Two schools of wave 1 (A in zone A, B in zone B), six accounts, events on
chosen days, D = 22/10/2025 (a Wednesday in zone A's Toussaint holidays).
The 28 days ending D run from 25/09 to 22/10 inclusive.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.test_log_formats import epoch_ms

A, B = "0381001G", "0381002H"

ECOLES = f"""uai;nom;commune;circonscription;zone;vague;date_ouverture
{A};École A;Valmont;Nord;A;1;01/09/2025
{B};École B;Valmont;Sud;B;1;01/09/2025
"""
VAGUES = "vague;libelle;pilote\n1;Vague 1;non\n"
SERVICES = """service;groupe;modules
connexion;socle;Auth|Timeline
blog;initial;Blog
cahier_textes;initial;Homeworks
mur_collaboratif;additionnel;Collaborativewall
"""
ACTIVATIONS = """service;portee;cible;profils;debut;fin
blog;projet;;tous;01/09/2025;
cahier_textes;classe;CM2-A;eleve;01/09/2025;
mur_collaboratif;utilisateur;t3;tous;01/10/2025;
"""
COMPTES = f"""id,login,uai,profil,classe,date_creation,date_distribution,date_activation,personne_ressource
t1,t.un,{A},Teacher,CM2-A,2025-06-01,2025-09-01,2025-09-02,oui
t2,t.deux,{A},Teacher,,2025-06-01,2025-09-01,,non
p1,p.un,{A},Student,CM2-A,2025-06-01,2025-11-03,,non
p2,p.deux,{A},Student,CM1-A,2025-06-01,2025-09-01,,non
r1,r.un,{A},Relative,,2025-06-01,2025-11-03,,non
t3,t.trois,{B},Teacher,,2025-06-01,2025-09-01,,non
late,l.ate,{A},Teacher,,2025-10-23,2025-10-23,,non
"""

EVENTS = [
    ("LOGIN", "Auth", "2025-09-12 06:00:00", "t1"),
    ("ACCESS", "Blog", "2025-09-13 06:00:00", "t1"),  # a Saturday, same ISO week
    ("LOGIN", "Auth", "2025-09-10 06:00:00", "t2"),
    ("ACCESS", "Homeworks", "2025-09-12 21:59:59", "p1"),  # 23:59:59 in Paris, still 12/09
    ("LOGIN", "Auth", "2025-09-24 22:30:00", "t3"),  # 00:30 on 25/09 in Paris: first day of the window
    ("ACCESS", "Blog", "2025-09-24 21:30:00", "t1"),  # 23:30 on 24/09 in Paris: just before the window
    ("ACCESS", "Mindmap", "2025-10-15 08:00:00", "t2"),  # a module no service names
    ("ACCESS", "Homeworks", "2025-10-21 08:00:00", "p1"),  # holidays in zone A
    ("ACCESS", "Blog", "2025-10-22 22:30:00", "p2"),  # 00:30 on 23/10 in Paris: after D, never counts
    ("LOGIN", "Auth", "2025-10-22 21:59:00", "t2"),  # 23:59 on D in Paris: counts
]


@pytest.fixture
def tiny(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    for name, text in [
        ("ecoles.csv", ECOLES),
        ("vagues.csv", VAGUES),
        ("services.csv", SERVICES),
        ("activations.csv", ACTIVATIONS),
        ("comptes.csv", COMPTES),
    ]:
        (folder / name).write_text(text, encoding="utf-8")
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0, wh.last_output
    lines = "".join(
        json.dumps({"event-type": k, "module": m, "date": epoch_ms(t), "userId": u}) + "\n" for k, m, t, u in EVENTS
    )
    assert wh.ingest("logs", wh.write("events.jsonl", lines)) == 0, wh.last_output
    return wh


def export(wh, *args) -> dict[str, list[list[str]]]:
    from warehouse.cli import main

    out = wh.root / "export"
    assert main(["export", "--out", str(out), "--warehouse", str(wh.path), *args]) == 0
    return {p.name: list(csv.reader(io.StringIO(p.read_text(encoding="utf-8")))) for p in out.glob("*.csv")}


def test_adoption_by_school_and_profile_as_of_d(tiny):
    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    assert files["adoption_par_ecole.csv"] == [
        [
            "uai",
            "ecole",
            "vague",
            "profil",
            "comptes",
            "comptes_distribues",
            "comptes_actives",
            "taux_activation",
            "actifs_28j",
            "taux_usage_28j",
        ],
        # p1: distributed on 03/11 but activated on 12/09, so distributed by D; p2's only event is after D.
        [A, "École A", "1", "eleve", "2", "2", "1", "0.500", "1", "0.500"],
        # t1 activated by its date, t2 by its first login; only t2 used it in the window; `late` exists from 23/10.
        [A, "École A", "1", "enseignant", "2", "2", "2", "1.000", "1", "0.500"],
        # r1 not distributed yet: empty denominators give empty rates.
        [A, "École A", "1", "parent", "1", "0", "0", "", "0", ""],
        [B, "École B", "1", "enseignant", "1", "1", "1", "1.000", "1", "1.000"],
    ]


def test_adoption_by_wave_counts_the_schools_with_accounts_of_the_profile(tiny):
    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    assert files["adoption_par_vague.csv"][1:] == [
        ["1", "eleve", "1", "2", "2", "1", "0.500", "1", "0.500"],
        ["1", "enseignant", "2", "3", "3", "3", "1.000", "2", "0.667"],
        ["1", "parent", "1", "1", "0", "0", "", "0", ""],
    ]


def test_weekly_activity_by_paris_week_with_the_school_week_flag(tiny):
    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    assert files["activite_hebdomadaire.csv"] == [
        ["semaine", "uai", "profil", "utilisateurs_actifs", "connexions", "semaine_scolaire"],
        ["2025-09-08", A, "eleve", "1", "0", "true"],
        ["2025-09-08", A, "enseignant", "2", "2", "true"],
        ["2025-09-22", A, "enseignant", "1", "0", "true"],
        ["2025-09-22", B, "enseignant", "1", "1", "true"],
        ["2025-10-13", A, "enseignant", "1", "0", "true"],
        # Zone A's Toussaint holidays start on Saturday 18/10: no school day that week.
        ["2025-10-20", A, "eleve", "1", "0", "false"],
        ["2025-10-20", A, "enseignant", "1", "1", "false"],
    ]


def test_service_usage_by_school_with_activations_by_class_and_user(tiny):
    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    assert files["usage_services.csv"] == [
        ["uai", "service", "groupe", "comptes_service_actif", "utilisateurs_28j", "acces_28j"],
        # Mindmap is no service's module: kept under its own name, used though active for no one.
        [A, "Mindmap", "", "0", "1", "1"],
        [A, "blog", "initial", "5", "0", "0"],
        # Active for CM2-A pupils only: p1, not t1 (a teacher of CM2-A).
        [A, "cahier_textes", "initial", "1", "1", "1"],
        [A, "connexion", "socle", "5", "0", "0"],
        [B, "blog", "initial", "1", "0", "0"],
        [B, "connexion", "socle", "1", "0", "0"],
        [B, "mur_collaboratif", "additionnel", "1", "0", "0"],
    ]


def test_small_counts_are_masked_and_their_rates_withheld(tiny):
    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "3")
    rows = {(r[0], r[3]): r[4:] for r in files["adoption_par_ecole.csv"][1:]}
    # 2 pupils with 2 distributed, 1 activated: every count is under 3.
    assert rows[(A, "eleve")] == ["<3", "<3", "<3", "", "<3", ""]
    # Zero is not a small cell.
    assert rows[(A, "parent")] == ["<3", "0", "0", "", "0", ""]
    wave = {r[1]: r[2:] for r in files["adoption_par_vague.csv"][1:]}
    assert wave["enseignant"] == ["2", "3", "3", "3", "1.000", "<3", ""]


def test_the_default_date_is_the_last_day_with_events_and_the_default_threshold_the_territorys(tiny):
    import contextlib

    from warehouse.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "--out", str(tiny.root / "e2"), "--warehouse", str(tiny.path)]) == 0
    # The last event is p2's, at 00:30 on 23/10 in Paris; no territoire.toml: threshold 5.
    assert "Export au 23/10/2025 (seuil de petits effectifs : 5)" in out.getvalue()


def test_the_workbook_holds_the_csv_numbers_typed_with_french_headers_and_percent_formats(tiny):
    import openpyxl

    files = export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    book = openpyxl.load_workbook(tiny.root / "export" / "bilan.xlsx")
    assert book.sheetnames == [
        "Synthèse",
        "Bilan (cibles)",
        "Adoption par école",
        "Adoption par vague",
        "Activité hebdomadaire",
        "Usage des services",
        "Écoles à accompagner",
        "Historique des alertes",
        "Suivi de l'accompagnement",
        "Satisfaction",
    ]
    sheet = book["Adoption par école"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["UAI", "École", "Vague", "Profil", "Comptes"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    csv_rows = files["adoption_par_ecole.csv"][1:]
    assert len(rows) == len(csv_rows)
    for xl, text in zip(rows, csv_rows):
        assert xl[0] == text[0] and xl[4] == int(text[4]) and xl[6] == int(text[6])
        assert (xl[7] is None and text[7] == "") or round(xl[7], 3) == float(text[7])
    assert rows[1][3] == "Enseignants"
    assert sheet.cell(row=3, column=8).number_format == "0.0%"
    assert sheet.cell(row=2, column=5).number_format == "#,##0"  # counts grouped by thousands
    # A filter on the table, printed landscape on the page's width, the header on every page.
    assert sheet.auto_filter.ref == f"A1:J{len(rows) + 1}"
    # (fitToWidth 1 is the default and left unwritten; 0 pages tall means as many as needed.)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    # The name column fits the longest name.
    longest = max(len(r[1]) for r in rows)
    assert sheet.column_dimensions["B"].width >= longest
    summary = {r[0].value: r[1].value for r in book["Synthèse"].iter_rows(min_row=3, max_row=10)}
    assert summary["Écoles ouvertes"] == 2 and summary["Comptes existants"] == 6


def test_the_html_report_is_self_contained_and_in_french(tiny):
    import re

    export(tiny, "--as-of", "2025-10-22", "--seuil", "1")
    page = (tiny.root / "export" / "bilan.html").read_text(encoding="utf-8")
    assert "Données jusqu'au 22/10/2025" in page
    assert "Écoles à accompagner" in page
    # Nothing to fetch: every script is inline, and the markup and styles name no remote script,
    # stylesheet, image, font or import. (Plotly's inline library holds URL strings for map tiles
    # and its logo link; no map is drawn and the logo is off, so none is fetched.)
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and not any("src" in s for s in scripts)
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", markup)
    assert "@import" not in markup
    assert "Plotly" in page


def test_services_active_but_unused_and_used_though_not_active(tiny):
    import datetime as dt

    from warehouse import metrics

    gaps = tiny.read(metrics.service_gaps, dt.date(2025, 10, 22))
    assert sorted(zip(gaps["uai"], gaps["service"], gaps["ecart"])) == [
        (A, "Mindmap", "utilisé sans être actif"),
        (A, "blog", "actif mais inutilisé"),
        (A, "connexion", "actif mais inutilisé"),
        (B, "blog", "actif mais inutilisé"),
        (B, "connexion", "actif mais inutilisé"),
        (B, "mur_collaboratif", "actif mais inutilisé"),
    ]


def test_four_school_weeks_before_skips_the_holiday_weeks(tiny):
    import datetime as dt

    from warehouse import metrics
    from warehouse.db import open_reader

    con = open_reader(tiny.path)
    try:
        # Zone A: Friday 7/11/2025 → weeks of 13/10, 6/10, 29/09, 22/09 (Toussaint weeks skipped) → Friday 26/09.
        assert metrics.school_weeks_before(con, dt.date(2025, 11, 7), 4) == dt.date(2025, 9, 26)
        assert metrics.school_weeks_before(con, dt.date(2025, 12, 12), 4) == dt.date(2025, 11, 14)
    finally:
        con.close()


def test_a_user_scoped_activation_may_name_the_login(tiny):
    import datetime as dt

    from warehouse import metrics
    from warehouse.db import open_reader

    folder = tiny.root / "act"
    folder.mkdir()
    (folder / "activations.csv").write_text(ACTIVATIONS + "mur_collaboratif;utilisateur;t.un;tous;01/09/2025;\n")
    assert tiny.ingest("reference", folder, "--date", "2025-09-01") == 0
    con = open_reader(tiny.path)
    try:
        usage = metrics.service_usage(con, dt.date(2025, 10, 22))
    finally:
        con.close()
    row = usage.filter((usage["uai"] == A) & (usage["service"] == "mur_collaboratif"))
    assert row["comptes_service_actif"].to_list() == [1]


def test_rates_are_rounded_half_up_in_csv_files_and_for_people():
    import polars as pl

    from warehouse.export import csv_ready
    from warehouse.labels import pourcent

    # 90/160 = 0.5625 (Excel writes 0.563; rounding ties to even gives 0.562); 0.4875 and 0.0005 are halves too.
    rates = pl.DataFrame({"taux_activation": [90 / 160, 0.4875, 0.0005, 1.0, None]})
    assert csv_ready(rates, ["taux_activation"])["taux_activation"].to_list() == [
        "0.563",
        "0.488",
        "0.001",
        "1.000",
        None,
    ]
    assert [pourcent(x, 1) for x in (90 / 160, 0.4875, 0.0005)] == ["56,3\u202f%", "48,8\u202f%", "0,1\u202f%"]


def test_a_value_shown_equal_to_its_target_meets_it():
    import polars as pl

    from warehouse.metrics import TARGET_DECIMALS, round_half_up

    # Shown with two decimals of percent: 0.59996 reads 60,00 % and meets 60 %; 0.59994 reads 59,99 % and does not.
    values = pl.DataFrame({"valeur": [0.59996, 0.59994, 0.6]})
    met = values.select(round_half_up(pl.col("valeur"), TARGET_DECIMALS) >= 0.6)["valeur"].to_list()
    assert met == [True, False, True]


def test_services_are_named_by_their_label_for_people_and_by_their_code_for_machines(loaded, tmp_path):
    import csv

    import openpyxl

    from warehouse.cli import main

    wh = loaded
    log = wh.write(
        "usages.csv", "horodatage;utilisateur;service;action\n2024-09-10T08:15:00+02:00;u-ens-1;Blog;acces\n"
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert main(["export", "--out", str(tmp_path / "pack"), "--warehouse", str(wh.path), "--seuil", "1"]) == 0

    with (tmp_path / "pack" / "usage_services.csv").open(encoding="utf-8") as f:
        services = {row["service"] for row in csv.DictReader(f)}
    assert "blog" in services and "Blog de classe" not in services
    sheet = openpyxl.load_workbook(tmp_path / "pack" / "bilan.xlsx")["Usage des services"]
    shown = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Blog de classe" in shown and "blog" not in shown


@pytest.fixture
def two_years(wh):
    """S1 opened on 02/09/2024: one of its two teachers activated then, the other on 10/09/2025. S2 opened on
    01/09/2025 and none of its two teachers has activated."""
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(
        "uai;nom;vague;date_ouverture\n0381001G;S1;1;02/09/2024\n0381002H;S2;2;01/09/2025\n", encoding="utf-8"
    )
    (folder / "comptes.csv").write_text(
        "id,uai,profil,date_creation,date_distribution,date_activation\n"
        "t1,0381001G,Teacher,2024-06-01,2024-09-02,2024-09-02\n"
        "t2,0381001G,Teacher,2024-06-01,2024-09-02,2025-09-10\n"
        "t3,0381002H,Teacher,2025-06-01,2025-09-01,\n"
        "t4,0381002H,Teacher,2025-06-01,2025-09-01,\n",
        encoding="utf-8",
    )
    assert wh.ingest("reference", folder, "--date", "2025-10-15") == 0, wh.last_output
    return wh


def test_the_territory_s_change_in_a_year_is_also_read_over_the_schools_open_a_year_ago(two_years):
    # On 15/10/2025 the territory reads 2 of 4 (50 %), as a year before (1 of 2): no change. Over S1, open both
    # years: 50 % → 100 %.
    import datetime as dt

    from warehouse import metrics, territory

    wh = two_years

    def card(con, d):
        return metrics.scorecard(con, d, territory.settings(con)["cibles"])

    found = wh.read(card, dt.date(2025, 10, 15)).filter(indicateur="taux_activation", profil="enseignant")
    rows = {r["niveau"]: (r["valeur"], r["valeur_annee_precedente"]) for r in found.iter_rows(named=True)}
    assert rows["Territoire"] == (0.5, 0.5)
    assert rows["Territoire, écoles ouvertes il y a un an"] == (1.0, 0.5)
    assert rows["Vague 2"] == (0.0, None)


def test_service_groups_are_compared_52_weeks_apart_on_the_same_weekday(loaded):
    # The blog (an initial service) is opened by Lucas on 10/10/2024; by Lucas and Claire on 10/10/2025. The four
    # accounts of the territory existed on both days. Monday 20/10/2025, 52 weeks earlier: Monday 21/10/2024, whose
    # 28 days (24/09–21/10/2024) hold Lucas's access.
    import datetime as dt

    from warehouse import metrics

    log = loaded.write(
        "usages.csv",
        "horodatage;utilisateur;service;action\n"
        "2024-10-10 08:05:00;lucas.garnier;blog;acces\n"
        "2025-10-10 08:05:00;lucas.garnier;blog;acces\n"
        "2025-10-10 09:05:00;claire.fontaine;blog;acces\n",
    )
    assert loaded.ingest("logs", log) == 0, loaded.last_output
    found = loaded.read(metrics.service_groups_by_year, dt.date(2025, 10, 20)).filter(groupe="initial")
    assert [
        (r["jour"], r["utilisateurs_28j"], r["comptes"], r["part_comptes"]) for r in found.iter_rows(named=True)
    ] == [
        (dt.date(2025, 10, 20), 2, 4, 0.5),
        (dt.date(2024, 10, 21), 1, 4, 0.25),
    ]


def test_the_decision_dossier_says_in_a_sentence_how_each_target_moved_over_the_same_schools(two_years, tmp_path):
    # Teachers' activation: 50 % on 15/10/2025 against a 90 % target (the default); over S1, open a year before,
    # 50 % → 100 %: +50 points.
    from warehouse.cli import main

    out = tmp_path / "pack"
    assert main(["export", "--out", str(out), "--warehouse", str(two_years.path), "--as-of", "2025-10-15",
                 "--seuil", "1"]) == 0  # fmt: skip
    page = (out / "dossier_fin_de_marche.html").read_text(encoding="utf-8")
    assert (
        "Taux d&#x27;activation des enseignants : 50\u202f% (cible 90\u202f%, non atteinte), +50 points en un an sur les mêmes écoles."
        in page
    )
    # Offline: nothing fetched from anywhere.
    assert "src=" not in page and "http" not in page
    import openpyxl

    book = openpyxl.load_workbook(out / "dossier_fin_de_marche.xlsx")
    assert book.sheetnames[0] == "Synthèse" and "Pannes probables" in book.sheetnames
    assert any("+50 points en un an" in (c.value or "") for c in book["Synthèse"]["A"])

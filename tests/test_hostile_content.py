"""Names, labels and log lines are written by other people: none becomes a formula, a link, a terminal command
or a stored identifier.

A hostile territory is built inline: school, circonscription, wave and service names that are spreadsheet
formulas, Markdown links and images, HTML; log lines that carry identifiers where no parser looks for them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.conftest import Warehouse, serve
from tests.test_privacy import leaks

ROOT = Path(__file__).resolve().parents[1]

SCHOOL_FORMULA = '=HYPERLINK("http://evil.invalid/x","clic") ![p](http://pixel.invalid/p.png)'
SCHOOL_MARKUP = "+SUM(1,2) **gras** :red[rouge] <img src=x onerror=alert(1)> [Guide officiel](http://evil.invalid/g)"
CIRCO = "@SUM(1) [Circo](http://evil.invalid/c) <script>alert(2)</script>"
REFERENT = "+cmd|'/c calc'!A1 <img src=x onerror=alert(3)>"
WAVE_LABEL = "-1+2 <b>Vague</b>"
SERVICE_LINK = "[lien](http://evil.invalid/s)"
SERVICE_FORMULA = '=webservice("http://evil.invalid/w")'
MODULE_TERMINAL = "\u001b[2J\u001b[31mFAUX\u0007"
HOSTILE = [SCHOOL_FORMULA, SCHOOL_MARKUP, CIRCO, SERVICE_LINK, SERVICE_FORMULA]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)


def hostile_territory(wh: Warehouse) -> None:
    """Two open schools with hostile names; the first has no activity (flagged), the second logs in every week
    day from 02/09/2024 to 20/11/2024, uses both initial services and a module whose name holds terminal escape
    sequences."""
    folder = wh.root / "hostile"
    folder.mkdir()
    write_csv(
        folder / "ecoles.csv",
        [
            ["uai", "nom", "commune", "circonscription", "zone", "vague", "date_ouverture"],
            ["0381001G", SCHOOL_FORMULA, "Valmont", CIRCO, "A", "1", "02/09/2024"],
            ["0381002H", SCHOOL_MARKUP, "Saint-Roch", CIRCO, "B", "1", "02/09/2024"],
        ],
    )
    write_csv(
        folder / "vagues.csv",
        [
            ["vague", "libelle", "annee_scolaire", "ouverture_prevue", "pilote"],
            ["1", WAVE_LABEL, "2024-2025", "02/09/2024", "oui"],
        ],
    )
    write_csv(
        folder / "services.csv",
        [
            ["service", "libelle", "groupe", "modules"],
            ["connexion", "Connexion", "socle", "Auth"],
            [SERVICE_LINK, SERVICE_LINK, "initial", "Conversation"],  # labels are what people read
            [SERVICE_FORMULA, SERVICE_FORMULA, "initial", "Blog"],
        ],
    )
    write_csv(
        folder / "activations.csv",
        [
            ["service", "portee", "cible", "profils", "debut", "fin"],
            [SERVICE_LINK, "projet", "", "tous", "02/09/2024", ""],
            [SERVICE_FORMULA, "projet", "", "tous", "02/09/2024", ""],
        ],
    )
    accounts = [
        [
            "id",
            "login",
            "uai",
            "profil",
            "classe",
            "date_creation",
            "date_distribution",
            "date_activation",
            "personne_ressource",
        ]
    ]
    for school in ("0381001G", "0381002H"):
        for i in range(6):
            accounts.append(
                [
                    f"u-{school}-{i}",
                    f"prenom{i}.nom{school}",
                    school,
                    "Teacher",
                    "CM2",
                    "2024-06-20",
                    "2024-09-02",
                    "",
                    "oui" if i == 0 else "non",
                ]
            )
    write_csv(folder / "comptes.csv", accounts)
    assert wh.ingest("reference", folder, "--date", "2024-09-01") == 0, wh.last_output

    lines = ["horodatage;utilisateur;service;action"]
    day = dt.date(2024, 9, 2)
    while day <= dt.date(2024, 11, 20):
        if day.weekday() < 5:
            for i in range(6):
                lines.append(f"{day}T08:0{i}:00+02:00;u-0381002H-{i};;connexion")
                lines.append(f"{day}T08:1{i}:00+02:00;u-0381002H-{i};Conversation;acces")
            lines.append(f"{day}T08:30:00+02:00;u-0381002H-0;Blog;acces")
            lines.append(f"{day}T09:00:00+02:00;u-0381002H-0;{MODULE_TERMINAL};acces")
        day += dt.timedelta(days=1)
    assert wh.ingest("logs", wh.write("usages.csv", "\n".join(lines) + "\n")) == 0, wh.last_output


@pytest.fixture
def hostile(wh) -> Warehouse:
    hostile_territory(wh)
    return wh


def formula_like(field: str) -> bool:
    return bool(field) and field[0] in "=+-@\t\r" and not field.lstrip("+-").replace(".", "", 1).isdigit()


# ----------------------------------------------------------------------------------------- spreadsheets


def test_names_that_look_like_formulas_are_text_cells_in_the_review_workbook(hostile, tmp_path):
    from warehouse.cli import main

    assert main(["export", "--out", str(tmp_path / "pack"), "--warehouse", str(hostile.path), "--seuil", "1"]) == 0
    book = openpyxl.load_workbook(tmp_path / "pack" / "bilan.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert SCHOOL_FORMULA in texts and SERVICE_FORMULA in texts
    # No cell became a link either: the workbook holds no hyperlink part.
    with zipfile.ZipFile(tmp_path / "pack" / "bilan.xlsx") as z:
        assert not any("hyperlink" in z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_the_support_list_download_keeps_names_as_text_in_both_its_files(hostile):
    import polars as pl

    from warehouse import effects, followup, rules, suivi
    from warehouse.export import support_list

    d = dt.date(2024, 11, 20)
    flagged = hostile.read(rules.schools_to_support, d)
    assert flagged["uai"].to_list() == ["0381001G"]
    journal = suivi.interventions(None).vstack(
        pl.DataFrame(
            [[d, "0381001G", "visite", "", "", REFERENT, ""]], schema=suivi.interventions(None).schema, orient="row"
        )
    )
    listing = followup.weekly_list(
        flagged,
        hostile.read(rules.support_flags, d),
        hostile.read(rules.flagged_since, d),
        hostile.read(effects.trend, d),
        journal,
        d,
    )
    csv_bytes, xlsx_bytes = support_list(listing, 5)

    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:4] == ["0381001G", "'" + SCHOOL_FORMULA, "1", "'" + CIRCO]
    assert rows[1][7] == "'" + REFERENT
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes)).active
    assert [(c.value, c.data_type) for c in sheet[2][:4]] == [
        ("0381001G", "s"),
        (SCHOOL_FORMULA, "s"),
        ("1", "s"),
        (CIRCO, "s"),
    ]
    assert (sheet[2][7].value, sheet[2][7].data_type) == (REFERENT, "s")


def test_no_exported_csv_field_starts_a_formula(hostile, tmp_path):
    from warehouse.cli import main

    assert main(["export", "--out", str(tmp_path / "pack"), "--warehouse", str(hostile.path), "--seuil", "1"]) == 0
    fields = {}
    for path in sorted((tmp_path / "pack").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            fields[path.name] = [x for row in csv.reader(f) for x in row]
    assert [(name, x) for name, xs in fields.items() for x in xs if formula_like(x)] == []
    # Neutralised with a leading quote, the rest as written.
    assert "'" + SCHOOL_FORMULA in fields["adoption_par_ecole.csv"]
    assert "'" + SERVICE_FORMULA in fields["usage_services.csv"]
    assert "'" + SCHOOL_FORMULA in fields["ecoles_a_accompagner.csv"]


def test_csv_neutralisation_follows_owasp_and_leaves_numbers_alone():
    from warehouse.untrusted import csv_safe

    df = pl.DataFrame(
        {
            "texte": [
                "=cmd|' /C calc'!A0",
                "+SUM(1,2)",
                "@SUM(1)",
                "-1+2",
                "\tx",
                "\rx",
                "-1.5",
                "+33",
                "<5",
                "École",
                None,
            ]
        }
    )
    assert csv_safe(df)["texte"].to_list() == [
        "'=cmd|' /C calc'!A0",
        "'+SUM(1,2)",
        "'@SUM(1)",
        "'-1+2",
        "'\tx",
        "'\rx",
        "-1.5",
        "+33",
        "<5",
        "École",
        None,
    ]


# ----------------------------------------------------------------------------------------- dashboard text


def test_markdown_escaping_leaves_no_link_image_emphasis_or_directive():
    from warehouse.untrusted import markdown

    # A word joiner (U+2060, invisible) after "http" and "@": GFM links bare addresses after escapes are read.
    assert markdown("![p](http://x.invalid/p.png)") == "\\!\\[p\\]\\(http\u2060\\:\\/\\/x\\.invalid\\/p\\.png\\)"
    assert markdown("www.x.invalid a@b.fr") == "www\u2060\\.x\\.invalid a\\@\u2060b\\.fr"
    assert markdown("**gras** :red[rouge] $x$") == r"\*\*gras\*\* \:red\[rouge\] \$x\$"
    assert markdown("École\nNord") == "École Nord"  # a newline would open a new block


def test_chart_trace_names_from_the_data_are_plain_text_for_plotly():
    from warehouse import charts

    curves = pl.DataFrame(
        {
            "vague": ['<a href="http://evil.invalid">1</a>'],
            "pilote": [True],
            "profil": ["eleve"],
            "semaines_depuis_ouverture": [0],
            "taux_activation": [0.5],
        }
    )
    fig = charts.cohort_curves(curves, "eleve")
    assert fig.data[0].name == "Vague &lt;a href=&quot;http://evil.invalid&quot;&gt;1&lt;/a&gt; (pilote)"


# ----------------------------------------------------------------------------------------- rejected lines


def test_a_shifted_account_row_stores_none_of_its_identifiers(loaded):
    wh = loaded
    folder = wh.root / "ref2"
    folder.mkdir()
    # The login is missing: every field after it moves one column left, the e-mail lands in `uai`.
    (folder / "comptes.csv").write_text(
        "id;login;uai;profil;classe;date_creation;date_distribution;date_activation;personne_ressource\n"
        "u-ens-1;claire.fontaine;0381001G;Teacher;CM2-A;2024-06-20;;;oui\n"
        "u-ens-9;Jeanne.Moreau@ac-valmont.fr;Teacher;CM1;2024-06-20;;;non\n"
        "u-ens-8;paul.petit;0381001G;Teacher;CM1;2024-06-20;;;non;Paul Petit\n",
        encoding="utf-8",
    )
    assert wh.ingest("reference", folder, "--date", "2024-09-02") == 0, wh.last_output
    assert sorted(wh.rows("SELECT ligne, motif, brut FROM rejets")) == [
        (3, "uai invalide", "[masqué];[email masqué];Teacher;[masqué];2024-06-20;;;non"),
        (4, "trop de colonnes", "[masqué];[masqué];0381001G;Teacher;[masqué];2024-06-20;;;non;[masqué] [masqué]"),
    ]
    assert leaks(wh.path, ["u-ens-9", "jeanne.moreau", "u-ens-8", "paul.petit", "paul petit"]) == []


def test_an_account_export_saved_under_another_reference_name_is_rejected_whole_without_its_identifiers(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(
        "id;login;uai;profil\nu-ens-1;claire.fontaine;0381001G;Teacher\nu-elv-1;LUCAS.GARNIER;0381001G;Student\n",
        encoding="utf-8",
    )
    assert wh.ingest("reference", folder) == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif, brut FROM rejets ORDER BY ligne") == [
        (2, "colonne obligatoire manquante : nom, vague", "[masqué];[masqué];0381001G;Teacher"),
        (3, "colonne obligatoire manquante : nom, vague", "[masqué];[masqué];0381001G;Student"),
    ]
    assert leaks(wh.path, ["u-ens-1", "claire.fontaine", "u-elv-1", "lucas.garnier"]) == []


def test_json_lines_with_identifiers_under_other_keys_or_no_json_at_all_keep_none_of_them(loaded):
    wh = loaded
    log = wh.write(
        "events.jsonl",
        '{"event-type": "LOGIN", "module": "Auth", "date": "hier", "user": "Marie.Curie", '
        '"note": "Marie Curie", "email": "marie.curie@ac-valmont.fr"}\n'
        "connexion de marie.curie depuis 192.0.2.7 (Mozilla/5.0 Firefox/128.0)\n",
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif, brut FROM rejets ORDER BY ligne") == [
        # Keys other than the format's are masked too: "user" or "note" could be anything.
        (
            1,
            "date illisible",
            '{"event-type": "LOGIN", "module": "Auth", "date": "[masqué]", "[masqué]": "[masqué]", '
            '"[masqué]": "[masqué] [masqué]", "email": "[email masqué]"}',
        ),
        (2, "json invalide", "connexion [masqué] [masqué] [masqué] [ip masquée] ([masqué]/5.0 [masqué]/128.0)"),
    ]
    assert leaks(wh.path, ["marie", "curie", "192.0.2.7"]) == []


def test_cas_lines_outside_a_record_and_logins_in_another_case_are_masked(loaded):
    wh = loaded
    record = (
        "2024-09-09 08:31:02,412 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - "
        "Audit trail record BEGIN\n"
        "=============================================================\n"
        "WHO: claire.fontaine\n"
        "WHAT: TGT-1-abc for Claire.Fontaine\n"
        "ACTION: AUTHENTICATION_SUCCESS\n"
        "APPLICATION: CAS\n"
        "WHEN: Mon Sep 99 08:31:02 CEST 2024\n"
        "CLIENT IP ADDRESS: 192.0.2.31\n"
        "SERVER IP ADDRESS: 198.51.100.5\n"
        "=============================================================\n"
        "\n"
        "account jeanne.moreau locked for 5 min\n"
    )
    assert wh.ingest("logs", wh.write("cas-audit.log", record)) == 0, wh.last_output
    assert dict(wh.rows("SELECT ligne, motif FROM rejets")) == {
        1: "date illisible",
        12: "ligne hors enregistrement CAS",
    }
    assert wh.value("SELECT brut FROM rejets WHERE ligne = 12") == "[masqué] [masqué] [masqué] for 5 [masqué]"
    assert leaks(wh.path, ["claire.fontaine", "jeanne.moreau", "192.0.2.31", "tgt-1-abc"]) == []


def test_reloading_a_reference_folder_adds_no_rejected_line_twice(loaded, territory):
    wh = loaded
    (territory / "comptes.csv").write_text(
        (territory / "comptes.csv").read_text() + "u-bad-1,x.y,0381001H,Student,CM2-A,2024-06-20,,,non\n"
    )
    assert wh.ingest("reference", territory, "--date", "2024-09-02") == 0
    assert wh.ingest("reference", territory, "--date", "2024-09-03") == 0
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(6, "uai invalide")]


# ----------------------------------------------------------------------------------------- terminal


def test_control_characters_in_module_and_file_names_are_escaped_on_the_terminal(loaded):
    wh = loaded
    path = wh.write(
        "evil\nTotal : 0 fichier\u001b[2J.csv",
        f"horodatage;utilisateur;service;action\n2024-09-10T08:15:00+02:00;u-ens-1;{MODULE_TERMINAL};acces\n",
    )
    assert wh.ingest("logs", path) == 0, wh.last_output
    out = wh.last_output
    assert "\u001b" not in out and "\u0007" not in out
    assert "\\x1b[2J\\x1b[31mFAUX\\x07 (1)" in out
    assert "• evil\\nTotal : 0 fichier\\x1b[2J.csv (csv)" in out
    assert [line for line in out.splitlines() if line.startswith("Total")] == [
        "Total : 1 fichier, 2 lignes lues, 1 chargé, 0 doublon, 0 rejeté, 1 ignoré"
    ]

    assert wh.ingest("status") == 0
    assert "\u001b" not in wh.last_output and "\\x1b[2J\\x1b[31mFAUX\\x07 (1)" in wh.last_output


def test_a_named_pipe_or_a_device_is_refused_with_exit_2_instead_of_read(wh):
    fifo = wh.root / "events.log"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for target in (fifo, Path("/dev/zero")):
        done = subprocess.run(
            [sys.executable, "-m", "ingest", "logs", str(target), "--warehouse", str(wh.path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2
        assert "ni fichier ni dossier (tube nommé, socket ou périphérique), refusé" in done.stderr
    # Inside a folder, it is left out and said so; the folder's files load.
    (wh.root / "in").mkdir()
    os.mkfifo(wh.root / "in" / "tube.log")
    assert wh.ingest("logs", wh.root / "in") == 2  # nothing loadable: the folder held only the pipe
    assert "Non retenu (tube nommé, socket ou périphérique)" in wh.last_output


# ----------------------------------------------------------------------------------------- files and keys


def test_the_warehouse_and_its_lock_are_readable_by_their_owner_only(loaded):
    wh = loaded
    assert stat.S_IMODE(os.stat(wh.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(wh.path.with_name(wh.path.name + ".lock")).st_mode) == 0o600
    # A warehouse published before (world-readable) becomes private with the next load.
    os.chmod(wh.path, 0o644)
    assert wh.ingest("logs", wh.write("e.csv", "horodatage;utilisateur;service;action\n")) == 0
    assert stat.S_IMODE(os.stat(wh.path).st_mode) == 0o600


def test_a_pseudonymisation_key_shorter_than_32_bytes_is_refused(wh, territory, monkeypatch):
    monkeypatch.setenv("ENT_PSEUDO_KEY", "prenom.nom-est-devinable")
    assert wh.ingest("reference", territory) == 2
    assert "clé de pseudonymisation trop courte (ENT_PSEUDO_KEY : 24 octets, 32 au moins)" in wh.last_output
    assert not wh.path.exists()

    monkeypatch.delenv("ENT_PSEUDO_KEY")
    wh.path.with_suffix(".key").write_text("court\n")
    assert wh.ingest("reference", territory) == 2
    assert "trop courte" in wh.last_output and not wh.path.exists()


def test_the_dashboard_listens_on_the_loopback_address_only_by_default(tmp_path):
    env = {"STREAMLIT_SERVER_ADDRESS": None}  # whatever the caller's environment says
    # As `make run` starts it: no address on the command line.
    with serve(tmp_path / "none.duckdb", env=env, address=None) as url:
        port = int(url.rsplit(":", 1)[1])
        listening = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    listening.add(address)
        # 127.0.0.1 as /proc writes it (little-endian); never 0.0.0.0 or ::.
        assert listening == {"0100007F"}

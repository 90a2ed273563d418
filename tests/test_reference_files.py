"""The deployment reference folder: encodings, separators, XLSX, column names, row checks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

# tests/samples: a small example of every input format.
SAMPLES = Path(__file__).resolve().parent / "samples" / "reference"


def test_the_shared_samples_load_as_a_french_excel_and_a_program_saved_them(wh, tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(SAMPLES, folder)
    assert wh.ingest("reference", folder, "--date", "2025-09-10") == 0, wh.last_output

    assert "ecoles.csv (ecoles, encodage windows-1252)" in wh.last_output
    assert wh.rows(
        "SELECT uai, nom, zone, vague, date_ouverture::VARCHAR, eleves, etat_fonctionnel FROM ecoles ORDER BY uai"
    )[:2] == [
        ("0381001G", "École élémentaire Pasteur", "A", "1", "2024-09-09", 182, 2),
        ("0381002H", "École primaire du Lac", "A", "2", "2025-09-08", 96, 2),
    ]
    assert wh.value("SELECT vague FROM ecoles WHERE uai = '0381004K'") is None
    assert wh.rows("SELECT vague, pilote FROM vagues ORDER BY ordre") == [("1", True), ("2", False), ("3", False)]
    assert dict(wh.rows("SELECT profil, count(*) FROM comptes GROUP BY profil")) == {
        "enseignant": 2,
        "eleve": 1,
        "parent": 1,
    }
    assert wh.rows("SELECT module FROM modules WHERE service = 'connexion' ORDER BY module") == [
        ("auth",),
        ("connexion",),
        ("portal",),
        ("timeline",),
    ]
    assert wh.value("SELECT document->>'$.marche.fin' FROM territoire") == "2028-08-31"
    assert wh.value("SELECT (document->'$.confidentialite.seuil')::INTEGER FROM territoire") == 5


def test_user_scoped_activations_keep_a_pseudonym_not_the_account_id(wh, tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(SAMPLES, folder)
    assert wh.ingest("reference", folder, "--date", "2025-09-10") == 0
    rows = wh.rows(
        "SELECT a.portee, a.cible, a.cible_pid = c.compte, a.profils FROM activations a "
        "LEFT JOIN comptes c ON c.compte = a.cible_pid WHERE a.portee = 'utilisateur'"
    )
    assert rows == [("utilisateur", None, True, ["tous"])]
    assert wh.rows("SELECT cible, profils FROM activations WHERE portee = 'classe'") == [
        ("CM2-A", ["eleve", "enseignant"])
    ]


def test_column_names_are_matched_whatever_their_case_accents_and_separators(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "Ecoles.csv").write_text(
        "Code UAI,NOM,Vague,Date-Ouverture,Élèves,Colonne inconnue\n0381001G,Pasteur,1,2024-09-09,182,ignored\n",
        encoding="utf-8",
    )
    # The UAI column here is "code_uai": not one we know, so the file is rejected.
    assert wh.ingest("reference", folder) == 0
    assert "colonne obligatoire manquante : uai" in wh.last_output
    (folder / "Ecoles.csv").write_text(
        "\ufeffU.A.I.,NOM,Vague,Date-Ouverture,Élèves,Colonne inconnue\n0381001G,Pasteur,1,2024-09-09,182,ignored\n",
        encoding="utf-8",
    )
    assert wh.ingest("reference", folder) == 0, wh.last_output
    assert wh.rows("SELECT uai, nom, date_ouverture::VARCHAR, eleves FROM ecoles") == [
        ("0381001G", "Pasteur", "2024-09-09", 182)
    ]


def test_an_xlsx_reference_file_is_read_with_its_typed_cells(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UAI", "Nom", "Vague", "Date ouverture", "Élèves", "Zone"])
    sheet.append(["0381001G", "École Pasteur", 1, dt.datetime(2024, 9, 9), 182, "A"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["0381001H", "Bad UAI", 1, dt.datetime(2024, 9, 9), 10, "A"])
    book.save(folder / "ecoles.xlsx")

    assert wh.ingest("reference", folder) == 0, wh.last_output
    assert wh.rows("SELECT uai, nom, vague, date_ouverture::VARCHAR, eleves FROM ecoles") == [
        ("0381001G", "École Pasteur", "1", "2024-09-09", 182)
    ]
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(4, "uai invalide")]


def test_uai_check_letters_including_corsica(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    # 0381001 % 23 = 6 → G; 6200001 % 23 = 6 → G (2A written as 620); 7200001 % 23 = 12 → N.
    (folder / "ecoles.csv").write_text(
        "uai;nom;vague\n0381001G;A;1\n0381001g;A bis;1\n6200001G;Ajaccio;1\n02A0001G;Ajaccio bis;1\n7200001N;Bastia;1\n"
        "0381001X;Wrong letter;1\n381001G;Too short;1\n"
    )
    assert wh.ingest("reference", folder) == 0
    assert [r[0] for r in wh.rows("SELECT uai FROM ecoles ORDER BY uai")] == [
        "02A0001G",
        "0381001G",
        "6200001G",
        "7200001N",
    ]
    assert wh.rows("SELECT ligne, motif FROM rejets ORDER BY ligne") == [
        (3, "en double (voir ligne 2)"),
        (7, "uai invalide"),
        (8, "uai invalide"),
    ]


def test_every_source_profile_maps_to_its_canonical_code(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    sources = {
        "eleve": ["Student", "ELEVE", "National_ELV", "élève"],
        "enseignant": ["Teacher", "ENSEIGNANT", "National_ENS", "National_DIR"],
        "parent": ["Relative", "PERSRELELEVE", "National_TUT", "responsable"],
        "personnel": ["Personnel", "PERSEDUCNAT", "National_EVS", "National_ETA", "National_DOC", "National_ACA"],
        "collectivite": ["National_COL"],
        "invite": ["Guest"],
    }
    lines = ["id;uai;profil"]
    expected = {}
    for code, names in sources.items():
        for i, name in enumerate(names):
            lines.append(f"{code}-{i};0381001G;{name}")
            expected[code] = expected.get(code, 0) + 1
    lines.append("x-1;0381001G;Astronaut")
    (folder / "comptes.csv").write_text("\n".join(lines) + "\n")
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0
    assert dict(wh.rows("SELECT profil, count(*) FROM comptes GROUP BY profil")) == expected
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(len(lines), "profil inconnu")]


def test_a_folder_with_only_some_files_leaves_the_other_tables_as_they_were(wh, territory):
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0
    only = wh.root / "only-services"
    only.mkdir()
    (only / "services.csv").write_text("service;groupe\nconnexion;socle\n")
    assert wh.ingest("reference", only) == 0
    assert wh.value("SELECT count(*) FROM ecoles") == 3
    assert wh.value("SELECT count(DISTINCT compte) FROM comptes") == 4
    assert wh.value("SELECT count(*) FROM services") == 1


def test_a_newer_schools_file_replaces_the_older_one(wh, territory):
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0
    (territory / "ecoles.csv").write_text("uai;nom;vague;date_ouverture\n0381001G;Pasteur (renommée);1;09/09/2024\n")
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0
    assert wh.rows("SELECT uai, nom FROM ecoles") == [("0381001G", "Pasteur (renommée)")]


def test_bad_rows_are_rejected_with_their_line_and_reason_while_the_rest_loads(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "activations.csv").write_text(
        "service;portee;cible;profils;debut;fin\n"
        "blog;projet;;tous;01/09/2024;\n"
        "blog;galaxie;;tous;01/09/2024;\n"
        "blog;ecole;;tous;01/09/2024;\n"
        "blog;projet;;tous|martien;01/09/2024;\n"
        "blog;projet;;tous;31/09/2024;\n"
        "blog;projet;;tous;01/09/2024;01/08/2024\n"
        "blog;projet;;tous;01/09/2024;\n"
    )
    assert wh.ingest("reference", folder) == 0
    assert wh.ingest("reference", folder, "--strict") == 1
    assert wh.rows("SELECT DISTINCT ligne, motif FROM rejets ORDER BY ligne") == [
        (3, "portée inconnue (projet, ecole, classe ou utilisateur attendu)"),
        (4, "cible manquante"),
        (5, "profil inconnu"),
        (6, "date illisible (debut)"),
        (7, "fin avant le début"),
    ]
    assert wh.value("SELECT count(*) FROM activations") == 1
    # 7 rows and the header: 1 loaded, 1 duplicate, 5 rejected, the header skipped.
    assert wh.rows(
        "SELECT enregistrements, charges, doublons, rejetes, ignores FROM fichiers ORDER BY fichier_id LIMIT 1"
    ) == [(8, 1, 1, 5, 1)]


def test_a_folder_without_any_reference_file_is_an_unusable_argument(wh, tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "notes.txt").write_text("rien\n")
    assert wh.ingest("reference", folder) == 2
    assert "Aucun fichier de référentiel reconnu" in wh.last_output


def test_a_two_digit_year_is_an_unreadable_date(wh, tmp_path):
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text("uai;nom;vague;date_ouverture\n0381001G;Pasteur;1;09/09/24\n")
    assert wh.ingest("reference", folder) == 0
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(2, "date illisible (date_ouverture)")]


def test_a_school_whose_new_row_is_rejected_keeps_its_previous_one(wh, territory):
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0
    (territory / "ecoles.csv").write_text(
        "uai;nom;vague;date_ouverture\n0381001G;Pasteur (renommée);1;09/09/2024\n0381002H;Lac;1;31/09/2024\n"
    )
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0
    assert wh.rows("SELECT uai, nom FROM ecoles ORDER BY uai") == [
        ("0381001G", "Pasteur (renommée)"),
        ("0381002H", "École primaire du Lac"),
    ]

"""Satisfaction surveys: a LimeSurvey export loaded as territoire.toml maps it, figures worked out by hand.

The small territory: 0381001G and 0381002H in wave 1, 0381004K without a
wave. Three questions on a 5 scale (Q01, Q02, Q03); Q04 is free text and is
never kept. Line 7 (an invalid UAI, with an e-mail in its free text) and
line 9 (an unknown profile) are rejected; line 8 answers 7 and 0, outside
the scale: no answer.
"""

from __future__ import annotations

import csv

import pytest

from tests.conftest import COMPTES, ECOLES, SERVICES, VAGUES

TOML = """[confidentialite]
seuil = 2

[[enquete]]
campagne = "Bilan pilote 2025"
uai = "ECOLE"
profil = "PROFIL"
date = "submitdate"
echelle = 5
questions = { satisfaction_globale = "Q01", facilite = "Q02", utilite = "Q03" }
"""

EXPORT = (
    "id;submitdate;lastpage;startlanguage;ECOLE;PROFIL;Q01;Q02;Q03;Q04\n"
    '1;2025-06-10 18:02:11;3;fr;0381001G;Enseignant;4;5;4;"Très pratique, signé jean.dupont@exemple.fr"\n'
    "2;2025-06-10 20:15:40;3;fr;0381001G;Parent;5;4;5;\n"
    '3;2025-06-11 08:01:02;2;fr;0381001G;Parent;3;;4;"Mot de passe perdu deux fois"\n'
    '4;2025-06-11 12:30:00;3;fr;0381002H;Enseignant;2;2;3;"Trop lent le matin"\n'
    "5;2025-06-12 09:45:13;1;fr;0381002H;Parent;;;;\n"
    '6;2025-06-12 17:20:59;3;fr;9999999Z;Parent;5;5;5;"Appelez Marie Curie au 06 12 34 56 78, marie.curie@exemple.fr"\n'
    "7;2025-06-13 10:00:00;3;fr;0381002H;Parent;7;0;2;\n"
    "8;2025-06-13 11:00:00;3;fr;0381001G;Martien;5;5;5;\n"
    "9;2025-06-13 12:00:00;3;fr;0381004K;Élève;4;4;4;\n"
)


@pytest.fixture
def surveyed(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    for name, text in (("ecoles.csv", ECOLES), ("vagues.csv", VAGUES), ("services.csv", SERVICES),
                       ("comptes.csv", COMPTES), ("territoire.toml", TOML)):  # fmt: skip
        (folder / name).write_text(text, encoding="utf-8")
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0, wh.last_output
    path = wh.write("limesurvey.csv", EXPORT)
    assert wh.ingest("enquete", path, "--campagne", "Bilan pilote 2025") == 0, wh.last_output
    return wh, path


def test_only_mapped_columns_are_kept_and_bad_rows_rejected_by_line_and_reason(surveyed):
    wh, _ = surveyed
    assert "10 lignes lues, 10 enregistrements : 7 chargés, 0 doublon, 2 rejetés, 1 ignoré" in wh.last_output
    assert wh.rows("SELECT ligne, motif FROM rejets ORDER BY ligne") == [(7, "uai invalide"), (9, "profil inconnu")]
    assert wh.value("SELECT count(*) FROM enquete_reponses") == 7
    # No free text, name, e-mail or phone number anywhere in the warehouse, rejected lines included.
    for table, column in wh.rows(
        "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
    ):
        found = wh.value(
            f'SELECT count(*) FROM "{table}" WHERE regexp_matches(lower("{column}"), '
            "'pratique|dupont|passe|lent|marie|curie|exemple|06 12')"
        )
        assert found == 0, (table, column)


def test_the_same_file_twice_counts_each_response_once(surveyed):
    wh, path = surveyed
    assert wh.ingest("enquete", wh.write("copie.csv", EXPORT), "--campagne", "Bilan pilote 2025") == 0
    assert "10 enregistrements : 0 chargé, 7 doublons, 2 rejetés, 1 ignoré" in wh.last_output
    assert wh.value("SELECT count(*) FROM enquete_reponses") == 7
    assert wh.value("SELECT count(*) FROM enquete_notes") == 21


def test_an_unknown_campaign_is_refused_with_a_clear_message(surveyed):
    wh, path = surveyed
    assert wh.ingest("enquete", path, "--campagne", "Bilan 2031") == 2
    assert "campagne « Bilan 2031 » absente de territoire.toml" in wh.last_output


def test_satisfaction_by_wave_profile_and_question_worked_out_by_hand(surveyed):
    from warehouse import satisfaction

    wh, _ = surveyed
    found = {
        (r["vague"], r["profil"], r["question"]): (
            r["repondants"],
            round(r["moyenne"], 4),
            round(r["part_satisfaits"], 4),
        )
        for r in wh.read(satisfaction.by_group).iter_rows(named=True)
    }
    assert found == {
        # Teachers of wave 1: responses 1 (4, 5, 4) and 4 (2, 2, 3).
        ("1", "enseignant", "satisfaction_globale"): (2, 3.0, 0.5),
        ("1", "enseignant", "facilite"): (2, 3.5, 0.5),
        ("1", "enseignant", "utilite"): (2, 3.5, 0.5),
        # Parents of wave 1: 2 (5, 4, 5), 3 (3, —, 4), 5 (nothing), 7 (7 and 0 out of scale, 2).
        ("1", "parent", "satisfaction_globale"): (2, 4.0, 0.5),
        ("1", "parent", "facilite"): (1, 4.0, 1.0),
        ("1", "parent", "utilite"): (3, 3.6667, 0.6667),
        # The school without a wave: one pupil (4, 4, 4).
        ("", "eleve", "satisfaction_globale"): (1, 4.0, 1.0),
        ("", "eleve", "facilite"): (1, 4.0, 1.0),
        ("", "eleve", "utilite"): (1, 4.0, 1.0),
    }


def test_satisfaction_csv_masks_groups_under_the_threshold(surveyed, tmp_path):
    from warehouse.cli import main

    wh, _ = surveyed
    assert main(["export", "--out", str(tmp_path), "--warehouse", str(wh.path), "--as-of", "2025-06-30"]) == 0
    with (tmp_path / "satisfaction.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["campagne", "vague", "profil", "question", "repondants", "moyenne", "part_satisfaits"]
    by_key = {tuple(r[1:4]): r[4:] for r in rows[1:]}
    # seuil = 2 (territoire.toml): a single respondent is masked, figures empty.
    assert by_key[("1", "parent", "utilite")] == ["3", "3.667", "0.667"]
    assert by_key[("1", "parent", "facilite")] == ["<2", "", ""]
    assert by_key[("", "eleve", "utilite")] == ["<2", "", ""]
    assert by_key[("1", "enseignant", "satisfaction_globale")] == ["2", "3.000", "0.500"]
    assert {r[0] for r in rows[1:]} == {"Bilan pilote 2025"}
    assert len(rows) == 1 + 9

"""Who may see what: habilitations, scopes by role, the local mode, the access journal."""

from __future__ import annotations

import json
import os
import time

import polars as pl
import pytest

from ui import access
from ui.access import Scope
from warehouse import journal

HABILITATIONS = (
    "identifiant;role;perimetre\n"
    "Comite@Agglo-Valmont.fr;pilotage;\n"
    "support@agglo-valmont.fr;accompagnement;\n"
    "support-nord@agglo-valmont.fr;accompagnement;Valmont Nord\n"
    "ien.valmont@ac-exemple.fr;circonscription;Valmont Nord|Valmont Sud\n"
    "direction.0381001g@ac-exemple.fr;ecole;0381001g\n"
    "stagiaire@agglo-valmont.fr;lecteur;\n"
)

SCHOOLS = pl.DataFrame(
    {
        "uai": ["0381001G", "0381002H", "0381004K"],
        "circonscription": ["Valmont Nord", "Valmont Sud", "Bourg"],
    }
)


@pytest.fixture
def habilitations(tmp_path):
    path = tmp_path / "habilitations.csv"
    path.write_text(HABILITATIONS, encoding="utf-8")
    return path


def test_each_listed_person_gets_a_role_and_a_scope_whatever_the_case_of_their_email(habilitations):
    assert access.scope_for("comite@agglo-valmont.fr", habilitations) == Scope("pilotage", "comite@agglo-valmont.fr")
    assert access.scope_for("IEN.Valmont@ac-exemple.fr", habilitations).circonscriptions == (
        "Valmont Nord",
        "Valmont Sud",
    )
    assert access.scope_for("direction.0381001g@ac-exemple.fr", habilitations).uais == ("0381001G",)
    # Not listed, an unknown role, no e-mail claim at all: no scope.
    assert access.scope_for("someone@else.fr", habilitations) is None
    assert access.scope_for("stagiaire@agglo-valmont.fr", habilitations) is None
    assert access.scope_for(None, habilitations) is None
    assert access.read(habilitations).problems == ("ligne 7 : identifiant manquant ou rôle inconnu (« lecteur »)",)


def test_the_file_is_read_again_when_it_changes(habilitations):
    assert access.scope_for("nouveau@agglo-valmont.fr", habilitations) is None
    time.sleep(0.01)
    habilitations.write_text(HABILITATIONS + "nouveau@agglo-valmont.fr;pilotage;\n", encoding="utf-8")
    assert access.scope_for("nouveau@agglo-valmont.fr", habilitations).role == "pilotage"


def test_no_habilitations_file_lets_nobody_in(tmp_path):
    assert access.scope_for("comite@agglo-valmont.fr", tmp_path / "absent.csv") is None


@pytest.mark.parametrize(
    ("email", "uais"),
    [
        ("comite@agglo-valmont.fr", ["0381001G", "0381002H", "0381004K"]),
        ("support@agglo-valmont.fr", ["0381001G", "0381002H", "0381004K"]),
        ("support-nord@agglo-valmont.fr", ["0381001G"]),
        ("ien.valmont@ac-exemple.fr", ["0381001G", "0381002H"]),
        ("direction.0381001g@ac-exemple.fr", ["0381001G"]),
    ],
)
def test_each_role_sees_the_schools_of_its_scope(habilitations, email, uais):
    assert access.scope_for(email, habilitations).schools(SCHOOLS)["uai"].to_list() == uais


def test_a_director_sees_their_school_s_pages_and_only_the_committee_reads_the_journal(habilitations):
    director = access.scope_for("direction.0381001g@ac-exemple.fr", habilitations)
    assert [p for p in ("vue-ensemble", "vagues", "ecoles", "bilan", "accompagnement") if director.sees_page(p)] == [
        "vue-ensemble",
        "ecoles",
        "accompagnement",
    ]
    assert access.scope_for("comite@agglo-valmont.fr", habilitations).sees_page("journal")
    assert not access.scope_for("support@agglo-valmont.fr", habilitations).sees_page("journal")
    assert Scope.local_mode().sees_page("journal")


def test_the_journal_appends_one_json_line_per_event_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "journal_acces.jsonl"
    journal.record(path, "comite@agglo-valmont.fr", "pilotage", "", "connexion")
    journal.record(path, "comite@agglo-valmont.fr", "pilotage", "bilan", "telechargement", "bilan.xlsx")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(e["page"], e["action"], e["detail"]) for e in lines] == [
        ("", "connexion", ""),
        ("bilan", "telechargement", "bilan.xlsx"),
    ]
    assert set(lines[0]) == {"horodatage", "identifiant", "role", "page", "action", "detail"}
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert journal.read(path)["action"].to_list() == ["telechargement", "connexion"]  # newest first


def test_a_scoped_export_pack_holds_the_scope_s_schools_only_and_sums_waves_over_them(small_demo, tmp_path):
    import csv
    import re

    from warehouse import export
    from warehouse.db import open_reader

    con = open_reader(small_demo.path)
    try:
        every = dict(con.execute("SELECT uai, circonscription FROM ecoles").fetchall())
        circo = sorted(c for c in set(every.values()) if c)[0]
        mine = tuple(sorted(u for u, c in every.items() if c == circo))
        d = con.execute("SELECT max(jour) FROM activite_jour").fetchall()[0][0]
        export.export(con, tmp_path, d, 1, mine)
    finally:
        con.close()
    others = set(every) - set(mine)
    assert others
    for path in tmp_path.iterdir():
        found = set(re.findall(r"0\d{6}[A-Z]", path.read_bytes().decode("utf-8", "replace")))
        assert not found & others, path.name
    with (tmp_path / "adoption_par_ecole.csv").open(encoding="utf-8") as f:
        schools = list(csv.DictReader(f))
    with (tmp_path / "adoption_par_vague.csv").open(encoding="utf-8") as f:
        waves = list(csv.DictReader(f))
    assert {r["uai"] for r in schools} <= set(mine) and schools
    # A wave's row sums the scope's schools of that wave (seuil 1: no count masked).
    for wave in waves:
        rows = [r for r in schools if r["vague"] == wave["vague"] and r["profil"] == wave["profil"]]
        assert int(wave["ecoles"]) == len(rows)
        assert int(wave["comptes"]) == sum(int(r["comptes"]) for r in rows)

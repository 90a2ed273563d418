"""The demo territory: deterministic, in the real formats, loaded with only its planted defects, telling its story."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from ingest.demo import generate
from ingest.demo.territory import make_territory
from tests.conftest import DEMO_SEED


def digests(folder) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_gives_byte_identical_files_and_another_seed_other_files(tmp_path):
    def quiet(message):
        return None

    generate(tmp_path / "a", "small", 3, quiet)
    generate(tmp_path / "b", "small", 3, quiet)
    generate(tmp_path / "c", "small", 4, quiet)
    a, b, c = digests(tmp_path / "a"), digests(tmp_path / "b"), digests(tmp_path / "c")
    assert len(a) > 100
    assert a == b
    assert a != c


def test_it_writes_every_input_format_of_the_design(small_demo):
    files = small_demo.root / "files"
    assert (files / "reference" / "ecoles.csv").read_bytes().decode("cp1252").startswith("UAI;Nom;Commune")
    assert (files / "reference" / "comptes.csv").read_bytes().startswith(b"\xef\xbb\xbfid,login,uai")
    kinds = dict(small_demo.rows("SELECT type, count(*) FROM fichiers GROUP BY type"))
    assert {
        "ode-jsonl",
        "ode-pg-csv",
        "cas",
        "csv",
        "territoire",
        "vagues",
        "ecoles",
        "services",
        "activations",
        "comptes",
    } <= set(kinds)
    assert kinds["comptes"] == 4  # three earlier exports and the current one


def test_only_the_planted_defects_are_rejected_and_the_overlap_counted_as_duplicates(small_demo):
    manifest = json.loads((small_demo.root / "files" / "defauts.json").read_text())
    logs = small_demo.root / "files" / "logs"
    found = small_demo.rows(
        "SELECT f.chemin, r.ligne, r.motif FROM rejets r JOIN fichiers f USING (fichier_id) ORDER BY 1, 2"
    )
    expected = sorted((str(logs / d["fichier"]), d["ligne"], d["motif"]) for d in manifest["rejets"])
    assert found == expected
    assert small_demo.value("SELECT sum(doublons) FROM fichiers") == manifest["doublons"] == 30


def test_the_territory_has_waves_candidates_zones_and_activations_at_every_scope(small_demo):
    assert small_demo.rows("SELECT vague, pilote FROM vagues ORDER BY ordre") == [
        ("1", True),
        ("2", False),
        ("3", False),
        ("4", False),
    ]
    assert small_demo.value("SELECT count(*) FROM ecoles WHERE date_ouverture IS NULL") == 2
    assert {z for (z,) in small_demo.rows("SELECT DISTINCT zone FROM ecoles")} == {"A", "B"}
    assert {p for (p,) in small_demo.rows("SELECT DISTINCT portee FROM activations")} == {
        "projet",
        "ecole",
        "classe",
        "utilisateur",
    }
    groups = dict(small_demo.rows("SELECT groupe, count(*) FROM services GROUP BY groupe"))
    assert set(groups) == {"socle", "initial", "additionnel"}


@pytest.fixture(scope="module")
def roles():
    schools = make_territory("small", DEMO_SEED).schools
    return {r["role"]: r["uai"] for r in schools.iter_rows(named=True) if r["role"]}


def per_school(wh, sql: str, params=None) -> dict:
    return dict(wh.rows(sql, params))


# Events joined to their account's school (the demo never moves an account between schools).
EVENTS = """(SELECT e.*, c.uai, c.profil FROM evenements e
             JOIN (SELECT DISTINCT compte, uai, profil FROM comptes) c USING (compte))"""


def test_holiday_weeks_are_quiet_and_wednesdays_lighter(small_demo):
    # Zone A schools: the Toussaint holidays of 2025 (18 Oct – 2 Nov) against the four weeks before.
    during = small_demo.value(
        f"SELECT count(*) FROM {EVENTS} e JOIN ecoles s USING (uai) "
        "WHERE s.zone = 'A' AND e.jour BETWEEN DATE '2025-10-20' AND DATE '2025-10-31'"
    )
    before = small_demo.value(
        f"SELECT count(*) FROM {EVENTS} e JOIN ecoles s USING (uai) "
        "WHERE s.zone = 'A' AND e.jour BETWEEN DATE '2025-09-22' AND DATE '2025-10-03'"
    )
    assert during < 0.2 * before
    by_weekday = dict(small_demo.rows("SELECT isodow(jour), count(*) FROM evenements GROUP BY 1"))
    assert by_weekday[3] < 0.7 * by_weekday[2]
    assert by_weekday[7] < 0.4 * by_weekday[2]


def test_activation_rises_after_opening(small_demo):
    first_use = (
        f"SELECT uai, count(DISTINCT compte) FROM {EVENTS} e JOIN ecoles s USING (uai) "
        "WHERE s.vague = '2' AND e.jour <= s.date_ouverture + $weeks * 7 GROUP BY uai"
    )
    early = per_school(small_demo, first_use, {"weeks": 2})
    later = per_school(small_demo, first_use, {"weeks": 12})
    assert later and all(later[u] > 1.5 * early.get(u, 0) for u in later)


def test_the_planted_struggling_schools_differ_from_the_others(small_demo, roles):
    wh = small_demo
    failures = per_school(
        wh,
        f"""SELECT uai, count(*) FILTER (WHERE type = 'login_failed') / count(*)
                                   FROM {EVENTS} WHERE type IN ('login', 'login_failed') GROUP BY uai""",
    )
    assert failures[roles["echecs_connexion"]] > 0.3
    assert max(v for u, v in failures.items() if u != roles["echecs_connexion"]) < 0.1

    parents = per_school(wh, f"SELECT uai, count(*) FROM {EVENTS} WHERE profil = 'parent' GROUP BY uai")
    assert parents.get(roles["parents_jamais"], 0) == 0
    assert sum(1 for u, n in parents.items() if n > 100) >= 5

    end = wh.value("SELECT max(jour) FROM evenements")
    teachers = f"""SELECT uai, count(*) FILTER (WHERE jour > $end - 28) / greatest(count(*) FILTER (WHERE jour <= $end - 28), 1)
                   FROM {EVENTS} WHERE profil = 'enseignant' AND jour > $end - 56 GROUP BY uai"""
    ratio = per_school(wh, teachers, {"end": end})
    assert ratio[roles["equipe_arretee"]] < 0.1
    others = [v for u, v in ratio.items() if u != roles["equipe_arretee"]]
    assert sorted(others)[len(others) // 2] > 0.5


def test_data_runs_into_the_2026_2027_school_year(small_demo):
    assert small_demo.value("SELECT max(jour) FROM evenements") == dt.date(2026, 11, 27)
    assert small_demo.value("SELECT count(*) FROM evenements") > 100_000


def test_the_support_rules_find_the_planted_schools_and_only_them(small_demo, roles):
    from warehouse import metrics, rules
    from warehouse.db import open_reader

    con = open_reader(small_demo.path)
    try:
        flagged = rules.schools_to_support(con, metrics.last_day(con))
    finally:
        con.close()
    motifs = dict(zip(flagged["uai"], flagged["motifs"]))
    assert set(motifs) == set(roles.values())
    assert "echecs_connexion" in motifs[roles["echecs_connexion"]]
    assert "activation_faible" in motifs[roles["parents_jamais"]]
    assert "enseignants_inactifs" in motifs[roles["equipe_arretee"]]

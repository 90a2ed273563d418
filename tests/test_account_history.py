"""Accounts keep their history: a newer export closes, changes and reopens, never erases."""

from __future__ import annotations

from ingest.pseudonym import keyed_hash
from tests.conftest import PSEUDO_KEY

HEADER = "id,login,uai,profil,classe,date_creation,date_distribution,date_activation,personne_ressource\n"


def export(wh, day: str, *rows: str) -> int:
    folder = wh.root / f"export-{day}"
    folder.mkdir(exist_ok=True)
    (folder / "comptes.csv").write_text(HEADER + "".join(r + "\n" for r in rows))
    return wh.ingest("reference", folder, "--date", day)


def pid(ident: str) -> str:
    return keyed_hash(PSEUDO_KEY.encode(), ident)


def versions(wh, ident: str) -> list[tuple]:
    return [
        tuple(v.isoformat() if v else None for v in row[:2]) + row[2:]
        for row in wh.rows(
            "SELECT c.valide_depuis, c.valide_jusqu_au, c.classe FROM comptes c JOIN pseudonymes p ON p.pid = c.compte "
            "WHERE p.empreinte = ? ORDER BY c.valide_depuis NULLS FIRST",
            [pid(ident)],
        )
    ]


def existing_on(wh, day: str) -> dict:
    """Accounts that exist on a day, by class (the predicate the metrics layer uses)."""
    return dict(
        wh.rows(
            "SELECT classe, count(*) FROM comptes WHERE (valide_depuis IS NULL OR valide_depuis <= $d::DATE) "
            "AND (valide_jusqu_au IS NULL OR $d::DATE < valide_jusqu_au) "
            "AND (date_creation IS NULL OR date_creation <= $d::DATE) GROUP BY classe",
            {"d": day},
        )
    )


FIRST = [
    "u-ens-1,claire.fontaine,0381001G,Teacher,CM2-A,2024-06-20,2024-09-09,2024-09-09,oui",
    "u-elv-1,lucas.garnier,0381001G,Student,CM2-A,2024-06-20,2024-09-09,,non",
    "u-par-1,nadia.garnier,0381001G,Relative,CM2-A,2024-06-20,2024-09-16,,non",
]


def test_an_account_missing_from_a_newer_export_is_closed_but_exists_on_that_day(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert export(wh, "2025-09-01", FIRST[0], FIRST[1]) == 0, wh.last_output

    assert versions(wh, "u-par-1") == [(None, "2025-09-02", "CM2-A")]
    assert existing_on(wh, "2025-09-01") == {"CM2-A": 3}
    assert existing_on(wh, "2025-09-02") == {"CM2-A": 2}
    assert "1 compte fermé" in wh.last_output


def test_a_class_change_opens_a_new_version_and_last_years_figures_stay(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    before = existing_on(wh, "2025-06-01")
    moved = FIRST[1].replace("CM2-A", "CM1-B")
    assert export(wh, "2025-09-01", FIRST[0], moved, FIRST[2]) == 0

    assert versions(wh, "u-elv-1") == [(None, "2025-09-01", "CM2-A"), ("2025-09-01", None, "CM1-B")]
    assert existing_on(wh, "2025-06-01") == before == {"CM2-A": 3}
    assert existing_on(wh, "2025-09-01") == {"CM2-A": 2, "CM1-B": 1}


def test_loading_the_same_export_again_changes_nothing(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    snapshot = wh.rows("SELECT * FROM comptes ORDER BY compte, valide_depuis")
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert wh.rows("SELECT * FROM comptes ORDER BY compte, valide_depuis") == snapshot


def test_an_account_that_comes_back_reopens_from_its_export_day(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert export(wh, "2025-01-10", FIRST[0], FIRST[1]) == 0
    assert export(wh, "2025-03-01", *FIRST) == 0
    assert versions(wh, "u-par-1") == [(None, "2025-01-11", "CM2-A"), ("2025-03-01", None, "CM2-A")]
    assert existing_on(wh, "2025-02-01") == {"CM2-A": 2}


def test_a_new_account_exists_from_its_creation_date_not_from_the_export(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    late = "u-ens-3,paul.martin,0381001G,Teacher,CM1-B,2024-11-04,,,non"
    assert export(wh, "2025-09-01", *FIRST, late) == 0
    assert versions(wh, "u-ens-3") == [(None, None, "CM1-B")]
    assert existing_on(wh, "2024-11-03") == {"CM2-A": 3}
    assert existing_on(wh, "2024-11-04") == {"CM2-A": 3, "CM1-B": 1}


def test_later_exports_complete_the_dates_of_an_account(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    activated = FIRST[1].replace("2024-09-09,,non", "2024-09-09,2024-10-02,non")
    assert export(wh, "2024-10-15", FIRST[0], activated, FIRST[2]) == 0
    assert wh.rows(
        "SELECT count(*), min(date_activation)::VARCHAR FROM comptes c JOIN pseudonymes p ON p.pid = c.compte "
        "WHERE p.empreinte = ?",
        [pid("u-elv-1")],
    ) == [(1, "2024-10-02")]


def test_an_export_with_a_header_and_no_account_closes_nothing(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert export(wh, "2025-09-01") == 0
    assert "aucune ligne de données" in wh.last_output
    assert wh.value("SELECT count(*) FROM comptes WHERE valide_jusqu_au IS NULL") == 3


def test_an_account_whose_row_is_rejected_is_not_closed(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    broken = FIRST[2].replace("2024-06-20", "31/06/2024")  # no 31 June: the row is rejected
    assert export(wh, "2025-09-01", FIRST[0], FIRST[1], broken) == 0
    assert "0 compte fermé" in wh.last_output
    assert versions(wh, "u-par-1") == [(None, None, "CM2-A")]


def test_an_export_whose_rows_are_all_rejected_closes_nothing(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert export(wh, "2025-09-01", *[r.replace("0381001G", "0381001X") for r in FIRST]) == 0
    assert wh.value("SELECT count(*) FROM comptes WHERE valide_jusqu_au IS NULL") == 3


def test_an_export_older_than_the_last_one_loaded_is_refused(wh):
    assert export(wh, "2025-09-01", *FIRST) == 0
    before = wh.rows("SELECT * FROM comptes ORDER BY compte")
    assert export(wh, "2024-09-01", FIRST[0]) == 2
    assert "plus ancien que le dernier chargé (01/09/2025)" in wh.last_output
    assert wh.rows("SELECT * FROM comptes ORDER BY compte") == before


def test_a_changed_login_keeps_the_old_one_for_older_logs(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    renamed = FIRST[0].replace("claire.fontaine", "claire.fontaine-martin")
    assert export(wh, "2025-09-01", renamed, FIRST[1], FIRST[2]) == 0
    old = wh.write(
        "cas.log",
        "Tue Sep 09 10:01:00 CEST 2025,CAS,x,AUTHENTICATION_SUCCESS,claire.fontaine,192.0.2.1,198.51.100.5\n"
        "Wed Sep 10 10:01:00 CEST 2025,CAS,x,AUTHENTICATION_SUCCESS,claire.fontaine-martin,192.0.2.1,198.51.100.5\n",
    )
    assert wh.ingest("logs", old) == 0
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 0
    assert wh.value("SELECT count(DISTINCT compte) FROM evenements") == 1


def test_events_before_an_accounts_first_export_count_for_it(wh):
    import json

    from tests.test_log_formats import epoch_ms

    assert export(wh, "2024-09-01", *FIRST) == 0
    # A newcomer without a creation date: the export of 01/10/2025 is its first version.
    line = json.dumps(
        {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-15 06:00:00"), "userId": "u-new"}
    )
    assert wh.ingest("logs", wh.write("e.jsonl", line + "\n")) == 0
    assert export(wh, "2025-10-01", *FIRST, "u-new,n.ew,0381001G,Teacher,CM1-B,,,,non") == 0
    assert versions(wh, "u-new") == [("2025-10-01", None, "CM1-B")]
    assert wh.rows(
        "SELECT a.jour::VARCHAR, a.uai, a.profil FROM activite_jour a JOIN pseudonymes p ON p.pid = a.compte "
        "WHERE p.empreinte = ?",
        [pid("u-new")],
    ) == [("2025-09-15", "0381001G", "enseignant")]


def test_an_account_missing_from_one_export_of_a_day_and_back_in_the_next_counts_once_that_day(wh):
    import json

    from tests.test_log_formats import epoch_ms

    assert export(wh, "2024-09-01", *FIRST) == 0
    # Three exports of 03/03/2025: the parent moves to the other school, is missing from the
    # next export, then is back in the first school in the last one.
    lake = FIRST[2].replace("0381001G", "0381002H")
    for rows in [(FIRST[0], FIRST[1], lake), (FIRST[0], FIRST[1]), FIRST]:
        assert export(wh, "2025-03-03", *rows) == 0, wh.last_output
    # The day's last export holds for the day: the versions of the earlier ones opened and
    # ended on 03/03 never held.
    assert sorted(
        wh.rows(
            "SELECT c.valide_depuis::VARCHAR, c.valide_jusqu_au::VARCHAR, c.uai FROM comptes c JOIN pseudonymes p "
            "ON p.pid = c.compte WHERE p.empreinte = ?",
            [pid("u-par-1")],
        ),
        key=str,
    ) == [("2025-03-03", None, "0381001G"), (None, "2025-03-03", "0381001G")]
    assert existing_on(wh, "2025-03-03") == {"CM2-A": 3}
    line = json.dumps(
        {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-03-03 08:00:00"), "userId": "u-par-1"}
    )
    assert wh.ingest("logs", wh.write("e.jsonl", line + "\n")) == 0
    assert wh.rows(
        "SELECT a.jour::VARCHAR, a.uai FROM activite_jour a JOIN pseudonymes p ON p.pid = a.compte "
        "WHERE p.empreinte = ?",
        [pid("u-par-1")],
    ) == [("2025-03-03", "0381001G")]


def test_an_account_missing_from_the_later_export_of_a_day_still_exists_that_day(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    assert export(wh, "2025-03-03", *FIRST) == 0
    assert export(wh, "2025-03-03", FIRST[0], FIRST[1]) == 0
    assert versions(wh, "u-par-1") == [(None, "2025-03-04", "CM2-A")]
    assert existing_on(wh, "2025-03-03") == {"CM2-A": 3}


def test_an_account_gone_for_more_than_three_months_is_forgotten_but_its_events_stay(wh):
    assert export(wh, "2024-09-01", *FIRST) == 0
    log = wh.write(
        "e.csv", "horodatage;utilisateur;service;action\n2024-09-10T08:15:00+02:00;nadia.garnier;;connexion\n"
    )
    assert wh.ingest("logs", log) == 0
    # u-par-1 (nadia.garnier) is missing from the export of 01/10/2024: closed on 02/10/2024.
    assert export(wh, "2024-10-01", *FIRST[:2]) == 0
    assert wh.value("SELECT count(*) FROM pseudonymes WHERE empreinte = ?", [pid("u-par-1")]) == 1
    # On 15/01/2025 it has been gone for more than three months (since 02/10): its id and login are forgotten.
    assert export(wh, "2025-01-15", *FIRST[:2]) == 0
    assert "1 compte parti depuis plus de trois mois : oublié(s)" in wh.last_output
    assert (
        wh.rows("SELECT empreinte FROM pseudonymes WHERE empreinte IN (?, ?)", [pid("u-par-1"), pid("nadia.garnier")])
        == []
    )
    # Its event and its account's history stay; the others keep their hashes.
    assert wh.value("SELECT count(*) FROM evenements") == 1
    assert wh.value("SELECT count(*) FROM comptes WHERE compte = (SELECT compte FROM evenements)") == 1
    assert wh.value("SELECT count(*) FROM pseudonymes WHERE empreinte IN (?, ?)", [pid("u-ens-1"), pid("u-elv-1")]) == 2
    # A new event under that login reaches no one: it waits for an account.
    later = wh.write(
        "f.csv", "horodatage;utilisateur;service;action\n2025-01-16T08:15:00+01:00;nadia.garnier;;connexion\n"
    )
    assert wh.ingest("logs", later) == 0
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 1
    assert wh.ingest("status") == 0
    assert "comptes oubliés (partis depuis plus de trois mois, identifiants effacés) : 1" in wh.last_output

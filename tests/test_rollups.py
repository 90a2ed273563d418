"""A log load refreshes the rollups of the days it touched only; the result is what a full rebuild gives."""

from __future__ import annotations

import json

from tests.conftest import COMPTES
from tests.test_log_formats import epoch_ms
from warehouse import rollups
from warehouse.db import writer


def line(kind, module, when, who):
    return json.dumps({"event-type": kind, "module": module, "date": epoch_ms(when), "userId": who}) + "\n"


ROLLUPS = {
    "activite_jour": "SELECT jour, compte, uai, profil, connexions, acces, echecs, activations FROM activite_jour",
    "acces_service_jour": "SELECT jour, compte, uai, service, module_inconnu, acces FROM acces_service_jour",
    "premiere_activite": "SELECT compte, jour FROM premiere_activite",
}


def snapshot(wh) -> dict:
    return {name: sorted(wh.rows(q)) for name, q in ROLLUPS.items()}


def test_daily_loads_refresh_their_days_and_match_a_full_rebuild(loaded):
    wh = loaded
    monday = line("LOGIN", "Auth", "2025-09-08 06:00:00", "u-ens-1") + line(
        "ACCESS", "Blog", "2025-09-08 06:05:00", "u-ens-1"
    )
    tuesday = line("ACCESS", "Blog", "2025-09-09 07:00:00", "u-elv-1") + line(
        "ACCESS", "Conversation", "2025-09-09 07:01:00", "u-elv-1"
    )
    assert wh.ingest("logs", wh.write("lundi.jsonl", monday)) == 0
    assert wh.ingest("logs", wh.write("mardi.jsonl", tuesday)) == 0
    # Wednesday's file repeats one Monday event (a duplicate: Monday's rollups stay as they were)
    # and adds a Tuesday one for the same pupil.
    wednesday = (
        line("ACCESS", "Blog", "2025-09-08 06:05:00", "u-ens-1")
        + line("ACCESS", "Homeworks", "2025-09-09 15:00:00", "u-elv-1")
        + line("LOGIN", "Auth", "2025-09-10 06:00:00", "u-ens-1")
    )
    assert wh.ingest("logs", wh.write("mercredi.jsonl", wednesday)) == 0

    incremental = snapshot(wh)
    by_day = {
        (str(j), n): (c, a)
        for j, n, c, a in wh.rows("SELECT jour, count(*), sum(connexions), sum(acces) FROM activite_jour GROUP BY jour")
    }
    # Monday: the teacher (1 login, 1 access); Tuesday: the pupil (3 accesses); Wednesday: the teacher's login.
    assert by_day == {("2025-09-08", 1): (1, 1), ("2025-09-09", 1): (0, 3), ("2025-09-10", 1): (1, 0)}
    assert wh.value("SELECT sum(acces) FROM acces_service_jour WHERE jour = '2025-09-09'") == 3

    with writer(wh.path) as con:
        rollups.refresh(con)
    assert snapshot(wh) == incremental


def test_a_load_that_adds_nothing_leaves_the_rollups_alone(loaded):
    wh = loaded
    text = line("LOGIN", "Auth", "2025-09-08 06:00:00", "u-ens-1")
    assert wh.ingest("logs", wh.write("a.jsonl", text)) == 0
    before = snapshot(wh)
    assert (
        wh.ingest("logs", wh.write("copie.jsonl", text + line("LOGOUT", "Auth", "2025-09-08 07:00:00", "u-ens-1"))) == 0
    )
    assert snapshot(wh) == before
    assert before["activite_jour"][0][4] == 1


def test_cohorts_count_existing_distributed_and_activated_accounts_at_each_week_end(loaded, tmp_path):
    wh = loaded
    # A second export on Wednesday 18/09/2024 without the parent: the parent's account closes (it
    # still exists that day, not from the 19th). Other accounts are unchanged.
    export = tmp_path / "export-2024-09-18"
    export.mkdir()
    kept = [ln for ln in COMPTES.splitlines() if not ln.startswith("u-par-1")]
    (export / "comptes.csv").write_text("\n".join(kept) + "\n")
    assert wh.ingest("reference", export, "--date", "2024-09-18") == 0, wh.last_output
    # The pupil first uses the ENT on Wednesday 18/09; the teacher logs in on 25/09, the last day with events.
    logs = line("LOGIN", "Auth", "2024-09-18 07:00:00", "u-elv-1") + line(
        "LOGIN", "Auth", "2024-09-25 07:00:00", "u-ens-1"
    )
    assert wh.ingest("logs", wh.write("sept.jsonl", logs)) == 0

    rows = wh.rows(
        "SELECT uai, semaines_depuis_ouverture, profil, comptes, comptes_distribues, comptes_actives, "
        "actifs_semaine FROM cohorte_ecole_semaine ORDER BY ALL"
    )
    # Both schools opened on Monday 09/09/2024 (week 0); week 2 ends on the last day with events.
    # (accounts, distributed, activated, active that week) worked out from conftest's accounts:
    # teacher distributed and activated 09/09; pupil distributed 09/09, activated by first use 18/09;
    # parent distributed 16/09 but closed from 19/09; the other school's teacher distributed, never activated.
    assert rows == [
        ("0381001G", 0, "eleve", 1, 1, 0, 0),
        ("0381001G", 0, "enseignant", 1, 1, 1, 0),
        ("0381001G", 0, "parent", 1, 0, 0, 0),
        ("0381001G", 1, "eleve", 1, 1, 1, 1),
        ("0381001G", 1, "enseignant", 1, 1, 1, 0),
        ("0381001G", 2, "eleve", 1, 1, 1, 0),
        ("0381001G", 2, "enseignant", 1, 1, 1, 1),
        ("0381002H", 0, "enseignant", 1, 1, 0, 0),
        ("0381002H", 1, "enseignant", 1, 1, 0, 0),
        ("0381002H", 2, "enseignant", 1, 1, 0, 0),
    ]

"""The retention purge: traces older than the retention go, the figures of the past stay exactly as they were."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.cli import main as warehouse_main


def run(*argv) -> tuple[int, str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = warehouse_main([str(a) for a in argv])
    return code, out.getvalue()


def export(path: Path, out: Path, as_of: str) -> str:
    code, said = run("export", "--out", out, "--as-of", as_of, "--seuil", "1", "--warehouse", path)
    assert code == 0, said
    return said


def adoption(folder: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    with (folder / "adoption_par_ecole.csv").open(encoding="utf-8") as f:
        return {
            (r["uai"], r["profil"]): (r["comptes_distribues"], r["comptes_actives"], r["actifs_28j"])
            for r in csv.DictReader(f)
        }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def two_years_of_logs(loaded):
    """The small territory with events in autumn 2024 and one in January 2026.

    Claire (teacher, 0381001G): logins on Tue 01/10/2024 and Tue 08/10/2024, a blog access that day.
    Lucas (pupil, 0381001G): a blog access on Wed 09/10/2024. Nadia (parent): nothing.
    Samuel (teacher, 0381002H): a login on Tue 17/09/2024. Claire again: a login on Tue 06/01/2026.
    """
    log = loaded.write(
        "usages.csv",
        "horodatage;utilisateur;service;action\n"
        "2024-09-17 08:00:00;samuel.roux;;connexion\n"
        "2024-10-01 08:00:00;claire.fontaine;;connexion\n"
        "2024-10-08 08:00:00;claire.fontaine;;connexion\n"
        "2024-10-08 08:05:00;claire.fontaine;blog;acces\n"
        "2024-10-09 10:00:00;lucas.garnier;blog;acces\n"
        "2026-01-06 08:00:00;claire.fontaine;;connexion\n",
    )
    assert loaded.ingest("logs", log) == 0, loaded.last_output
    return loaded


def test_a_sunday_of_the_purged_period_reads_the_same_figures_and_a_wednesday_reads_that_sunday(
    two_years_of_logs, tmp_path
):
    wh = two_years_of_logs
    # Sunday 13/10/2024, 28 days from 16/09: Claire, Lucas (first use 09/10) and Samuel (17/09) active.
    # Wednesday 16/10/2024, 28 days from 19/09: Samuel's login of 17/09 is out of them.
    export(wh.path, tmp_path / "avant-dimanche", "2024-10-13")
    export(wh.path, tmp_path / "avant-mercredi", "2024-10-16")
    sunday = {
        ("0381001G", "enseignant"): ("1", "1", "1"),
        ("0381001G", "eleve"): ("1", "1", "1"),
        ("0381001G", "parent"): ("1", "0", "0"),
        ("0381002H", "enseignant"): ("1", "1", "1"),
    }
    assert adoption(tmp_path / "avant-dimanche") == sunday
    assert adoption(tmp_path / "avant-mercredi")[("0381002H", "enseignant")] == ("1", "1", "0")

    # 12 months before 10/01/2026: every event of 2024 goes.
    code, said = run("purge", "--today", "2026-01-10", "--warehouse", wh.path)
    assert code == 0, said
    assert "traces antérieures au 10/01/2025" in said
    assert "évènements effacés : 5" in said

    said = export(wh.path, tmp_path / "apres-dimanche", "2024-10-13")
    assert "Chiffres figés du dimanche 13/10/2024 par la purge de conservation." in said
    for name in sorted(p.name for p in (tmp_path / "avant-dimanche").iterdir()):
        assert digest(tmp_path / "avant-dimanche" / name) == digest(tmp_path / "apres-dimanche" / name), name
    said = export(wh.path, tmp_path / "apres-mercredi", "2024-10-16")
    assert "Le 16/10/2024 est dans la période figée" in said and "du dimanche 13/10/2024" in said
    assert adoption(tmp_path / "apres-mercredi") == sunday

    with (tmp_path / "apres-dimanche" / "activite_hebdomadaire.csv").open(encoding="utf-8") as f:
        weeks = [
            (r["semaine"], r["uai"], r["profil"], r["utilisateurs_actifs"], r["connexions"]) for r in csv.DictReader(f)
        ]
    assert weeks == [
        ("2024-09-16", "0381002H", "enseignant", "1", "1"),
        ("2024-09-30", "0381001G", "enseignant", "1", "1"),
        ("2024-10-07", "0381001G", "eleve", "1", "0"),
        ("2024-10-07", "0381001G", "enseignant", "1", "1"),
    ]
    with (tmp_path / "apres-dimanche" / "usage_services.csv").open(encoding="utf-8") as f:
        blog = [r for r in csv.DictReader(f) if r["service"] == "blog"]
    assert [(r["uai"], r["utilisateurs_28j"], r["acces_28j"]) for r in blog] == [("0381001G", "2", "2")]


def test_only_the_traces_of_the_retention_period_are_left(two_years_of_logs):
    wh = two_years_of_logs
    assert run("purge", "--today", "2026-01-10", "--warehouse", wh.path)[0] == 0
    assert wh.rows("SELECT jour, type FROM evenements") == [(dt.date(2026, 1, 6), "login")]
    assert wh.rows("SELECT jour FROM activite_jour") == [(dt.date(2026, 1, 6),)]
    assert wh.value("SELECT count(*) FROM acces_service_jour") == 0
    assert wh.rows("SELECT semaine FROM activite_semaine") == [(dt.date(2026, 1, 5),)]
    # The territory's counts stay: events by month, logins by hour.
    assert wh.rows("SELECT mois, sum(n)::INT FROM evenements_mois GROUP BY 1 ORDER BY 1") == [
        (dt.date(2024, 9, 1), 1),
        (dt.date(2024, 10, 1), 4),
        (dt.date(2026, 1, 1), 1),
    ]
    assert wh.value("SELECT sum(connexions)::INT FROM connexions_heure") == 4


def test_loads_after_a_purge_never_work_the_frozen_weeks_out_again(two_years_of_logs, territory, tmp_path):
    wh = two_years_of_logs
    assert run("purge", "--today", "2026-01-10", "--warehouse", wh.path)[0] == 0
    history = wh.rows("SELECT * FROM alertes_semaine ORDER BY ALL")
    cohorts = wh.rows("SELECT * FROM cohorte_ecole_semaine WHERE semaine < DATE '2025-01-06' ORDER BY ALL")
    export(wh.path, tmp_path / "avant", "2024-10-13")
    # A reference load rebuilds every rollup from the events that are left.
    assert wh.ingest("reference", territory, "--date", "2026-01-08") == 0, wh.last_output
    assert wh.rows("SELECT * FROM alertes_semaine WHERE semaine < DATE '2025-01-06' ORDER BY ALL") == [
        r for r in history if r[0] < dt.date(2025, 1, 6)
    ]
    assert wh.rows("SELECT * FROM cohorte_ecole_semaine WHERE semaine < DATE '2025-01-06' ORDER BY ALL") == cohorts
    assert wh.rows("SELECT mois FROM evenements_mois WHERE mois < DATE '2025-01-01' GROUP BY 1 ORDER BY 1") == [
        (dt.date(2024, 9, 1),),
        (dt.date(2024, 10, 1),),
    ]
    export(wh.path, tmp_path / "apres", "2024-10-13")
    assert adoption(tmp_path / "apres") == adoption(tmp_path / "avant")
    with (tmp_path / "apres" / "activite_hebdomadaire.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 4


def test_a_dry_run_says_what_would_go_and_changes_nothing(two_years_of_logs):
    wh = two_years_of_logs
    before = digest(wh.path)
    code, said = run("purge", "--dry-run", "--today", "2026-01-10", "--warehouse", wh.path)
    assert code == 0, said
    assert "évènements à effacer : 5" in said and "Rien n'a été modifié" in said
    assert digest(wh.path) == before
    assert wh.value("SELECT count(*) FROM evenements") == 6


def test_a_purge_with_nothing_to_do_leaves_the_warehouse_untouched(two_years_of_logs):
    from warehouse.db import version

    wh = two_years_of_logs
    before = version(wh.path)
    code, said = run("purge", "--today", "2025-06-01", "--warehouse", wh.path)
    assert code == 0, said
    assert "Rien à figer ni à effacer" in said
    assert version(wh.path) == before


def test_rejected_lines_keep_their_line_and_reason_but_lose_their_text(loaded):
    log = loaded.write("usages.csv", "horodatage;utilisateur;service;action\npas-une-date;lucas.garnier;blog;acces\n")
    assert loaded.ingest("logs", log) == 0, loaded.last_output
    assert loaded.value("SELECT count(*) FROM rejets WHERE brut IS NOT NULL") == 1
    # As if the file had been loaded on 05/01/2025: a purge on 10/01/2026 (cut-off 10/01/2025) erases its text.
    con = duckdb.connect(str(loaded.path))
    con.execute("UPDATE fichiers SET charge_le = TIMESTAMP '2025-01-05 06:00:00' WHERE type <> 'reference'")
    con.close()
    code, said = run("purge", "--today", "2026-01-10", "--warehouse", loaded.path)
    assert code == 0, said
    assert "textes de lignes rejetées effacés : 1" in said
    assert loaded.rows("SELECT ligne, motif, brut FROM rejets") == [(2, "date illisible", None)]


def test_events_of_days_a_purge_deleted_are_skipped_when_loaded_again(two_years_of_logs):
    wh = two_years_of_logs
    assert run("purge", "--today", "2026-01-10", "--warehouse", wh.path)[0] == 0
    log = wh.write(
        "archive.csv",
        "horodatage;utilisateur;service;action\n"
        "2024-10-08 08:00:00;claire.fontaine;;connexion\n"
        "2025-01-09 23:30:00;claire.fontaine;;connexion\n"  # Paris day 09/01/2025: before the cut-off
        "2025-01-10 00:30:00;claire.fontaine;;connexion\n",
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert "ignoré « antérieur à la durée de conservation » : 2" in wh.last_output
    assert wh.rows("SELECT jour FROM evenements ORDER BY jour") == [(dt.date(2025, 1, 10),), (dt.date(2026, 1, 6),)]
    assert wh.value("SELECT min(jour) FROM activite_jour") == dt.date(2025, 1, 10)


def test_a_second_purge_freezes_the_next_sundays_once(two_years_of_logs, tmp_path):
    wh = two_years_of_logs
    # Samuel logs in on Tue 14/01/2025: the second purge's cut-off (17/01/2025) deletes it, the first's did not.
    log = wh.write("janvier.csv", "horodatage;utilisateur;service;action\n2025-01-14 08:00:00;samuel.roux;;connexion\n")
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert run("purge", "--today", "2026-01-10", "--warehouse", wh.path)[0] == 0
    first = wh.value("SELECT max(dimanche) FROM gel_dimanches")
    code, said = run("purge", "--today", "2026-01-17", "--warehouse", wh.path)
    assert "évènements effacés : 1" in said
    assert code == 0, said
    assert wh.value("SELECT max(dimanche) FROM gel_dimanches") == first + dt.timedelta(days=7)
    # Every Sunday from the one before the first event (15/09/2024) once, and every week once.
    sundays = wh.rows("SELECT dimanche FROM gel_dimanches ORDER BY 1")
    assert sundays[0] == (dt.date(2024, 9, 15),)
    assert [d for (d,) in sundays] == [dt.date(2024, 9, 15) + dt.timedelta(weeks=i) for i in range(len(sundays))]
    assert wh.value("SELECT count(*) - count(DISTINCT (semaine, uai, profil)) FROM gel_activite_semaine") == 0
    export(wh.path, tmp_path / "pack", "2024-10-13")
    assert adoption(tmp_path / "pack")[("0381002H", "enseignant")] == ("1", "1", "1")


def test_a_purge_that_would_freeze_sundays_before_their_logs_is_refused(two_years_of_logs):
    # Cut-off 01/12/2025; the rules' windows of the Sundays up to March 2026 reach before it, but the logs stop on
    # 06/01/2026: freezing them now would miss the logs still to come.
    wh = two_years_of_logs
    before = digest(wh.path)
    code, said = run("purge", "--today", "2026-12-01", "--warehouse", wh.path)
    assert code == 2
    assert "les journaux chargés s'arrêtent au 06/01/2026" in said
    assert digest(wh.path) == before


def test_a_retention_too_short_for_the_rules_or_a_purge_day_in_the_future_is_refused(two_years_of_logs, territory):
    wh = two_years_of_logs
    code, said = run("purge", "--today", (dt.date.today() + dt.timedelta(days=1)).isoformat(), "--warehouse", wh.path)
    assert code == 2 and "dans le futur" in said
    # A retention shorter than the rules' reach is rejected at load: the territory keeps its 12 months.
    (territory / "territoire.toml").write_text("[confidentialite]\nretention_mois = 3\n", encoding="utf-8")
    assert wh.ingest("reference", territory, "--date", "2026-01-08") == 0, wh.last_output
    assert "[confidentialite] retention_mois doit être un entier ≥ 6" in wh.last_output
    code, said = run("purge", "--dry-run", "--today", "2026-01-10", "--warehouse", wh.path)
    assert code == 0 and "conservation : 12 mois" in said


def test_a_warehouse_of_an_earlier_version_is_named_as_such_not_a_traceback(two_years_of_logs, tmp_path, monkeypatch):
    from tests.test_dashboard import start

    wh = two_years_of_logs
    con = duckdb.connect(str(wh.path))
    con.execute("DELETE FROM meta WHERE cle = 'schema'")
    con.close()
    code, said = run("export", "--out", tmp_path / "pack", "--warehouse", wh.path)
    assert code == 2 and "version précédente" in said
    code, said = run("purge", "--warehouse", wh.path)
    assert code == 2 and "version précédente" in said
    app = start(monkeypatch, wh.path)
    assert not app.exception
    assert "version précédente" in app.warning[0].value


def test_the_demo_s_export_pack_is_the_same_after_a_purge_and_no_old_trace_is_left(small_demo, tmp_path):
    # A copy of the session's demo (its support journal too): the purge must not touch the shared one.
    path = tmp_path / "ent.duckdb"
    shutil.copyfile(small_demo.path, path)
    shutil.copyfile(small_demo.path.with_name("suivi.sqlite"), tmp_path / "suivi.sqlite")
    # A Sunday whose traces go, one frozen while its traces stay, the last Sunday with data (read live, its
    # year-ago figures frozen).
    sundays = ["2025-03-16", "2026-01-11", "2026-11-22"]
    for day in sundays:
        export(path, tmp_path / f"avant-{day}", day)
    before = digest(path)
    code, said = run("purge", "--dry-run", "--today", "2026-12-02", "--warehouse", path)
    assert code == 0 and digest(path) == before, said

    code, said = run("purge", "--today", "2026-12-02", "--warehouse", path)
    assert code == 0, said
    for day in sundays:
        export(path, tmp_path / f"apres-{day}", day)
        names = sorted(p.name for p in (tmp_path / f"avant-{day}").iterdir())
        assert names == sorted(p.name for p in (tmp_path / f"apres-{day}").iterdir())
        for name in names:
            assert digest(tmp_path / f"avant-{day}" / name) == digest(tmp_path / f"apres-{day}" / name), (day, name)

    # No table that names a person holds a day before the cut-off (02/12/2025), but each account's first day of
    # use, a fact about the account like its activation date.
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, list(column_name) FROM information_schema.columns GROUP BY table_name"
        ).fetchall()
        personal = {
            t: next(c for c in ("jour", "semaine") if c in cols)
            for t, cols in columns
            if {"compte", "ident_pid"} & set(cols) and {"jour", "semaine"} & set(cols)
        }
        assert set(personal) == {
            "evenements",
            "evenements_en_attente",
            "activite_jour",
            "acces_service_jour",
            "activite_semaine",
            "premiere_activite",
        }
        for table, day in personal.items():
            if table != "premiere_activite":
                found = con.execute(f"SELECT count(*) FROM {table} WHERE {day} < DATE '2025-12-02'").fetchone()[0]
                assert found == 0, table
        assert con.execute("SELECT min(jour) FROM evenements").fetchone()[0] >= dt.date(2025, 12, 2)
    finally:
        con.close()


def test_the_dashboard_reads_a_day_of_the_frozen_period_as_of_its_sunday_and_says_so(two_years_of_logs, monkeypatch):
    from tests.test_dashboard import start

    wh = two_years_of_logs
    assert run("purge", "--today", "2026-01-10", "--warehouse", wh.path)[0] == 0
    app = start(monkeypatch, wh.path)
    app.date_input(key="filtre_date").set_value(dt.date(2024, 10, 16)).run()
    assert not app.exception, app.exception
    said = [c.value for c in app.caption]
    assert any("Le 16/10/2024 est dans la période figée" in c and "du dimanche 13/10/2024" in c for c in said), said
    assert any("indicateurs au 13/10/2024" in c for c in said), said
    # The last day with data, 06/01/2026: its value a year before (07/01/2025) is read as of Sunday 05/01/2025.
    app.date_input(key="filtre_date").set_value(dt.date(2026, 1, 6)).run()
    app.switch_page("views/review.py").run()
    assert not app.exception, app.exception
    assert any("le 07/01/2025 est dans la période figée" in c.value for c in app.caption), [
        c.value for c in app.caption
    ]
    assert any("dimanche 05/01/2025" in c.value for c in app.caption)
    app.switch_page("views/quality.py").run()
    assert not app.exception, app.exception
    assert "Purges de conservation" in [h.value for h in app.subheader]


def test_the_purge_drops_access_journal_lines_older_than_the_retention(two_years_of_logs):
    wh = two_years_of_logs
    path = wh.path.with_name("journal_acces.jsonl")
    path.write_text(
        '{"horodatage": "2025-01-09T23:59:59+00:00", "identifiant": "comite@agglo-valmont.fr", "action": "connexion"}\n'
        '{"horodatage": "2025-01-10T00:00:00+00:00", "identifiant": "comite@agglo-valmont.fr", "action": "connexion"}\n'
        "une ligne abîmée\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    code, said = run("purge", "--dry-run", "--today", "2026-01-10", "--warehouse", wh.path)
    assert code == 0 and "entrées du journal des accès à effacer : 1" in said
    assert path.read_bytes() == before
    code, said = run("purge", "--today", "2026-01-10", "--warehouse", wh.path)
    assert code == 0 and "entrées du journal des accès effacées : 1" in said
    assert path.read_text(encoding="utf-8").splitlines()[1:] == ["une ligne abîmée"]
    assert "2025-01-10T00:00:00" in path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_access_logged_while_the_journal_is_purged_lands_in_the_new_journal(tmp_path):
    import fcntl
    import os
    import threading

    from warehouse import journal

    path = tmp_path / "journal_acces.jsonl"
    path.write_text('{"horodatage": "2020-01-01T00:00:00+00:00", "action": "connexion"}\n', encoding="utf-8")
    # The purge holds the lock; a page view waits for it, then finds a new journal in place.
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    writer = threading.Thread(target=journal.record, args=(path, "ien@ac-grenoble.fr", "ien", "bilan", "page"))
    writer.start()
    writer.join(timeout=0.5)
    assert writer.is_alive()  # waiting for the lock
    fresh = tmp_path / "nouveau.jsonl"
    fresh.write_text("", encoding="utf-8")
    os.replace(fresh, path)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    writer.join(timeout=5)
    assert journal.read(path)["identifiant"].to_list() == ["ien@ac-grenoble.fr"]

"""The support journal: imported from a spreadsheet, kept in its own store, once per intervention."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from warehouse import suivi

ROOT = Path(__file__).resolve().parents[1]

JOURNAL = (
    "date;uai;type;intervenant;note;referent;statut\n"
    "14/10/2025;0381001G;visite;Équipe ENT;Formation de l'équipe au cahier de textes;C. Martin;en_cours\n"
    "21/10/2025;0381001G;appel;C. Martin;Point avec la directrice;C. Martin;en_cours\n"
    "04/11/2025;0381002H;formation;Équipe ENT;Atelier parents;A. Diallo;ouvert\n"
    "05/11/2025;0381002X;visite;Équipe ENT;;;\n"  # 5: uai invalide (0381002 → H)
    "06/11/2025;0381001G;goûter;Équipe ENT;;;\n"  # 6: type inconnu
    "31/11/2025;0381001G;appel;Équipe ENT;;;\n"  # 7: date illisible
    "14/10/2025;0381001G;visite;Équipe ENT;Formation de l'équipe au cahier de textes;C. Martin;en_cours\n"  # 8: twice
    "\n"
)


def enter(store: Path, item: suivi.Intervention) -> None:
    """Record one intervention as the dashboard's form does: its own connection to the journal."""
    con = suivi.connect(store)
    try:
        suivi.add(con, [item], "tableau de bord")
    finally:
        con.close()


def rows(store: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(store)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_a_journal_file_is_imported_with_bad_rows_rejected_by_line_and_reason(wh):
    path = wh.write("interventions.csv", JOURNAL)
    assert wh.ingest("suivi", path) == 0, wh.last_output
    store = wh.root / "suivi.sqlite"
    assert rows(store, "SELECT date, uai, type, referent, statut FROM interventions ORDER BY date") == [
        ("2025-10-14", "0381001G", "visite", "C. Martin", "en_cours"),
        ("2025-10-21", "0381001G", "appel", "C. Martin", "en_cours"),
        ("2025-11-04", "0381002H", "formation", "A. Diallo", "ouvert"),
    ]
    assert rows(store, "SELECT ligne, motif FROM rejets ORDER BY ligne") == [
        (5, "uai invalide"),
        (6, "type inconnu (visite, formation, appel, visio, courriel, autre attendu)"),
        (7, "date illisible (JJ/MM/AAAA attendu)"),
    ]
    # 9 lines: the header and the blank line skipped, 3 loaded, 1 duplicate, 3 rejected.
    assert "9 lignes lues, 9 enregistrements : 3 chargés, 1 doublon, 3 rejetés, 2 ignorés" in wh.last_output
    assert wh.ingest("suivi", path, "--strict") == 1


def test_importing_the_same_rows_again_keeps_each_intervention_once(wh):
    path = wh.write("interventions.csv", JOURNAL)
    assert wh.ingest("suivi", path) == 0
    assert wh.ingest("suivi", wh.write("copie.csv", JOURNAL)) == 0
    assert "0 chargé, 4 doublons" in wh.last_output
    store = wh.root / "suivi.sqlite"
    assert rows(store, "SELECT count(*) FROM interventions") == [(3,)]
    assert rows(store, "SELECT count(*) FROM rejets") == [(6,)]  # the copy's own three, under its name


def test_the_dashboard_and_an_import_write_the_journal_at_the_same_time(wh):
    store = wh.root / "suivi.sqlite"
    many = "date;uai;type;intervenant;note\n" + "".join(
        f"{1 + i % 28:02d}/10/2025;0381001G;appel;Équipe ENT;appel {i}\n" for i in range(400)
    )
    path = wh.write("gros.csv", many)
    entered = [
        suivi.Intervention(date=suivi.read_date("2025-11-10"), uai="0381002H", type="visite", note=f"visite {i}")
        for i in range(200)
    ]

    def dashboard():
        for item in entered:
            enter(store, item)

    writer = threading.Thread(target=dashboard)
    writer.start()
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "suivi", str(path), "--warehouse", str(wh.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    writer.join()
    assert done.returncode == 0, done.stderr
    assert rows(store, "SELECT source, count(*) FROM interventions GROUP BY source ORDER BY source") == [
        ("gros.csv", 400),
        ("tableau de bord", 200),
    ]
    assert rows(store, "PRAGMA journal_mode") == [("wal",)]


def test_uai_check_letters_and_dates_as_a_french_excel_writes_them():
    assert suivi.valid_uai("0381001G") and not suivi.valid_uai("0381001H")
    # Corsica: 02A0001 counts as 6200001 = 23 × 269565 + 6, letter G.
    assert suivi.valid_uai("02A0001G") and not suivi.valid_uai("02A0001U")
    assert str(suivi.read_date("08/09/2025")) == "2025-09-08" and suivi.read_date("2025-09-08") is not None
    assert suivi.read_date("31/11/2025") is None


def test_what_the_dashboard_writes_during_a_load_survives_the_load(loaded):
    # A load builds a private copy of the warehouse and swaps it in: the journal lives beside it, untouched.
    wh = loaded
    store = wh.root / "suivi.sqlite"
    events = "horodatage;utilisateur;service;action\n" + "".join(
        f"2024-10-{1 + i % 28:02d} {8 + i // 1680:02d}:{i // 28 % 60:02d}:00;claire.fontaine;blog;acces\n"
        for i in range(3000)
    )
    log = wh.write("usages.csv", events)
    entered = [
        suivi.Intervention(date=suivi.read_date("2024-10-10"), uai="0381001G", type="appel", note=f"appel {i}")
        for i in range(300)
    ]
    load = subprocess.Popen(
        [sys.executable, "-m", "ingest", "logs", str(log), "--warehouse", str(wh.path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    written_during = 0
    for item in entered:
        enter(store, item)
        written_during += load.poll() is None
    out, err = load.communicate(timeout=120)
    assert load.returncode == 0, err
    assert written_during > 0  # the load was running while the dashboard wrote
    assert rows(store, "SELECT count(*) FROM interventions") == [(300,)]
    assert wh.value("SELECT count(*) FROM evenements") == 3000

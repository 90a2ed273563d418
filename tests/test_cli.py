"""The command line: summaries, status, progress, exit codes, the module entry point."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from ingest.report import Progress
from tests.test_log_formats import epoch_ms

ROOT = Path(__file__).resolve().parents[1]


def test_status_reports_files_events_by_month_and_kind_accounts_rejects_and_waiting(loaded):
    wh = loaded
    lines = [
        {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-ens-1"},
        {"event-type": "ACCESS", "module": "Blog", "date": epoch_ms("2025-09-09 06:01:00"), "userId": "u-ens-1"},
        {"event-type": "ACCESS", "module": "Blog", "date": epoch_ms("2025-10-01 06:01:00"), "userId": "u-elv-1"},
        {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-10-01 06:01:00"), "userId": "nobody"},
    ]
    text = "".join(json.dumps(ln) + "\n" for ln in lines) + "{broken\n"
    assert wh.ingest("logs", wh.write("e.jsonl", text)) == 0

    assert wh.ingest("status") == 0
    out = wh.last_output
    assert "Référentiel : 1 vague, 3 écoles, 4 services, 0 activation" in out
    assert "Évènements du 09/09/2025 au 01/10/2025" in out
    assert "ode-jsonl       1 fichier, 5 lignes, 4 chargés, 0 doublon, 1 rejeté, 0 ignoré" in out
    # month, logins, accesses, activations, failures
    assert [ln.split() for ln in out.splitlines() if ln.startswith("  2025-")] == [
        ["2025-09", "1", "1", "0", "0"],
        ["2025-10", "0", "1", "0", "0"],
    ]
    assert "enseignant           2 (dont 1 personne ressource)" in out
    assert "json invalide : 1" in out
    assert "Évènements en attente d'un compte : 1 (1 personne, du 01/10/2025 au 01/10/2025)" in out


def test_status_of_an_empty_warehouse_says_how_to_load_data(wh):
    assert wh.ingest("status") == 0
    assert "python -m ingest demo" in wh.last_output


def test_the_summary_names_each_file_and_its_reasons(loaded):
    wh = loaded
    path = wh.write("e.jsonl", '{"event-type": "LOGIN"}\n\n')
    assert wh.ingest("logs", path) == 0
    assert (
        "• e.jsonl (ode-jsonl) — 2 lignes lues, 2 enregistrements : 0 chargé, 0 doublon, 1 rejeté, 1 ignoré"
        in wh.last_output
    )
    assert "rejet « date manquante » : 1" in wh.last_output
    assert "ignoré « ligne vide » : 1" in wh.last_output


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_and_stays_quiet_otherwise():
    quiet = io.StringIO()
    progress = Progress(2, stream=quiet)
    progress.advance(1000, file_done=True)
    progress.close()
    assert quiet.getvalue() == ""

    terminal = FakeTerminal()
    progress = Progress(2, stream=terminal)
    progress.advance(1000, file_done=True)
    progress.close()
    assert "fichiers 1/2" in terminal.getvalue() and "1\u202f000 enregistrements" in terminal.getvalue()


def test_python_dash_m_ingest_runs_as_a_program_with_the_design_exit_codes(tmp_path):
    env = {"ENT_PSEUDO_KEY": "k" * 32, "PATH": "/usr/bin:/bin"}
    wh = tmp_path / "ent.duckdb"
    usage = subprocess.run([sys.executable, "-m", "ingest", "logs"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert usage.returncode == 2
    missing = subprocess.run(
        [sys.executable, "-m", "ingest", "logs", str(tmp_path / "nope.log"), "--warehouse", str(wh)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "introuvable" in missing.stderr
    log = tmp_path / "e.csv"
    log.write_text(
        "horodatage;utilisateur;service;action\n2025-09-09T08:15:00+02:00;x;;connexion\nnot a date;x;;connexion\n"
    )
    ok = subprocess.run(
        [sys.executable, "-m", "ingest", "logs", str(log), "--warehouse", str(wh)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""  # no progress when the output is not a terminal
    strict = subprocess.run(
        [sys.executable, "-m", "ingest", "logs", str(log), "--warehouse", str(tmp_path / "other.duckdb"), "--strict"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert strict.returncode == 1


def test_a_folder_with_no_log_file_is_an_unusable_argument_and_names_what_it_left_out(wh):
    folder = wh.root / "logs"
    folder.mkdir()
    (folder / "notes.dat").write_text("x\n")
    assert wh.ingest("logs", folder) == 2
    assert "Non retenu (extension inconnue)" in wh.last_output and "notes.dat" in wh.last_output


def test_rotated_logs_named_by_logrotate_are_taken(loaded):
    wh = loaded
    folder = wh.root / "logs"
    folder.mkdir()
    (folder / "cas_audit.log-20250908").write_text(
        "Mon Sep 08 10:01:00 CEST 2025,CAS,x,AUTHENTICATION_SUCCESS,claire.fontaine,192.0.2.1,198.51.100.5\n"
    )
    assert wh.ingest("logs", folder) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 1


def test_a_wholly_rejected_file_can_be_loaded_again_with_the_right_format(loaded):
    wh = loaded
    path = wh.write("odd.csv", "when;who;what;how\n2025-09-09T08:15:00+02:00;claire.fontaine;;connexion\n")
    assert wh.ingest("logs", path) == 0
    assert wh.value("SELECT count(*) FROM rejets") == 2
    path.write_text("horodatage;utilisateur;service;action\n2025-09-09T08:15:00+02:00;claire.fontaine;;connexion\n")
    assert wh.ingest("logs", path) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 1


def test_reloading_a_file_reports_its_earlier_rejects_again_so_strict_still_fails(loaded):
    wh = loaded
    path = wh.write(
        "e.jsonl", '{"event-type": "LOGIN", "module": "Auth", "date": 1757397600000, "userId": "u-ens-1"}\n{bad\n'
    )
    assert wh.ingest("logs", path) == 0
    assert wh.ingest("logs", path, "--strict") == 1
    assert "1 doublon" in wh.last_output and "déjà rejeté au chargement précédent" in wh.last_output


def test_another_pseudonymisation_key_is_refused(loaded, monkeypatch):
    wh = loaded
    monkeypatch.setenv("ENT_PSEUDO_KEY", "another-key-just-as-long-as-the-first")
    path = wh.write(
        "e.jsonl", '{"event-type": "LOGIN", "module": "Auth", "date": 1757397600000, "userId": "u-ens-1"}\n'
    )
    assert wh.ingest("logs", path) == 2
    assert "n'est pas celle avec laquelle l'entrepôt a été construit" in wh.last_output


def test_status_of_a_file_that_is_not_a_warehouse_says_so(wh):
    wh.path.write_bytes(b"not a duckdb file at all" * 100)
    assert wh.ingest("status") == 2
    assert "entrepôt illisible" in wh.last_output and "Traceback" not in wh.last_output


def test_exporting_from_a_warehouse_of_an_earlier_version_says_to_load_again(loaded, tmp_path, capsys):
    import duckdb

    from warehouse.cli import main

    con = duckdb.connect(str(loaded.path))
    con.execute("DROP TABLE connexions_heure")  # as a warehouse written before that table existed
    con.close()
    out = str(tmp_path / "pack")
    assert main(["export", "--out", out, "--warehouse", str(loaded.path), "--as-of", "2024-10-01"]) == 2
    assert "date d'une version précédente" in capsys.readouterr().err

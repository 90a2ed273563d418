"""Daily loads over a drop folder that keeps growing: only the new work is done."""

from __future__ import annotations

import os

LINES = (
    "horodatage;utilisateur;service;action\n"
    "2024-09-10T08:15:00+02:00;u-ens-1;;connexion\n"
    "2024-09-10T08:16:00+02:00;u-ens-1;blog;acces\n"
)


def test_a_file_unchanged_since_it_was_loaded_is_not_read_again(loaded):
    wh = loaded
    day1 = wh.write("depot/usages-2024-09-10.csv", LINES)
    assert wh.ingest("logs", day1.parent) == 0, wh.last_output
    assert wh.value("SELECT count(*) FROM evenements") == 2

    # Same path, same size, same modification time, other bytes (u-ens-2 instead of u-ens-1):
    # recognised by path, size and time, not read, so u-ens-2's events never come in.
    stamp = os.stat(day1)
    day1.write_text(LINES.replace("u-ens-1", "u-ens-2"), encoding="utf-8")
    os.utime(day1, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    day2 = wh.write("depot/usages-2024-09-11.csv", LINES.replace("2024-09-10", "2024-09-11"))
    assert wh.ingest("logs", day1.parent) == 0, wh.last_output

    assert "usages-2024-09-10.csv (csv) — 3 lignes lues" in wh.last_output
    assert "inchangé depuis son chargement du" in wh.last_output
    # The new day's two events came in; nothing of the swapped file.
    assert wh.value("SELECT count(*) FROM evenements") == 4
    assert wh.rows("SELECT nom FROM fichiers WHERE type = 'csv' ORDER BY fichier_id") == [
        ("usages-2024-09-10.csv",),
        (day2.name,),
    ]


def test_a_file_touched_since_is_read_again_and_its_events_count_once(loaded):
    wh = loaded
    day1 = wh.write("depot/usages.csv", LINES)
    assert wh.ingest("logs", day1) == 0
    os.utime(day1, ns=(os.stat(day1).st_atime_ns, os.stat(day1).st_mtime_ns + 10**9))
    assert wh.ingest("logs", day1) == 0
    assert "contenu identique à « usages.csv »" in wh.last_output
    assert wh.value("SELECT count(*) FROM evenements") == 2

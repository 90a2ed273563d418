"""Loading a file twice, under any name, or overlapping rotated files counts each event once."""

from __future__ import annotations

import hashlib
import json

from tests.test_log_formats import epoch_ms


def jsonl(*minutes: int, user: str = "u-ens-1") -> str:
    return "".join(
        json.dumps(
            {"event-type": "ACCESS", "module": "Blog", "date": epoch_ms(f"2025-09-09 08:{m:02d}:00"), "userId": user}
        )
        + "\n"
        for m in minutes
    )


def test_the_same_file_loaded_twice_counts_its_events_once(loaded):
    wh = loaded
    path = wh.write("a.jsonl", jsonl(1, 2, 3))
    assert wh.ingest("logs", path) == 0
    assert wh.ingest("logs", path) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 3
    assert "3 doublons" in wh.last_output


def test_a_renamed_copy_is_recognised_as_already_loaded(loaded):
    wh = loaded
    first = wh.write("a.jsonl", jsonl(1, 2, 3))
    copy = wh.write("renamed-copy.log", jsonl(1, 2, 3))
    assert wh.ingest("logs", first) == 0
    assert wh.ingest("logs", copy) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 3
    assert "contenu identique à « a.jsonl »" in wh.last_output


def test_a_compressed_copy_and_overlapping_rotations_count_each_event_once(loaded):
    wh = loaded
    day1 = wh.write("events.log.1", jsonl(1, 2, 3, 4))
    # The next rotation starts two events before the previous one ended.
    day2 = wh.write("events.log", jsonl(3, 4, 5, 6, 7))
    gz = wh.write("events.log.1.gz", jsonl(1, 2, 3, 4), gz=True)

    assert wh.ingest("logs", day1, day2, gz) == 0, wh.last_output

    assert wh.value("SELECT count(*) FROM evenements") == 7
    assert wh.rows("SELECT nom, charges, doublons FROM fichiers WHERE nom LIKE 'events%' ORDER BY fichier_id") == [
        ("events.log.1", 4, 0),
        ("events.log", 3, 2),
        ("events.log.1.gz", 0, 4),
    ]


def test_a_line_repeated_within_a_file_is_one_event_and_one_duplicate(loaded):
    wh = loaded
    path = wh.write("a.jsonl", jsonl(1, 1, 2))
    assert wh.ingest("logs", path) == 0
    assert wh.rows("SELECT charges, doublons FROM fichiers WHERE nom = 'a.jsonl'") == [(2, 1)]


def test_the_same_event_in_two_formats_is_one_event(loaded):
    wh = loaded
    cas = wh.write(
        "cas.log", "Tue Sep 09 10:01:00 CEST 2025,CAS,x,AUTHENTICATION_SUCCESS,claire.fontaine,192.0.2.1,198.51.100.5\n"
    )
    csv = wh.write(
        "u.csv", "horodatage;utilisateur;service;action\n2025-09-09T10:01:00+02:00;claire.fontaine;;connexion\n"
    )
    assert wh.ingest("logs", cas, csv) == 0
    assert wh.value("SELECT count(*) FROM evenements") == 1


def test_duplicates_across_blocks_of_one_large_file_are_found(loaded, monkeypatch):
    # Blocks of 200 bytes force the file through many blocks.
    monkeypatch.setenv("ENT_BATCH_BYTES", "200")
    wh = loaded
    path = wh.write("big.jsonl", jsonl(*range(0, 30), *range(10, 20)))
    assert wh.ingest("logs", path) == 0, wh.last_output
    assert wh.rows("SELECT lignes, charges, doublons FROM fichiers WHERE nom = 'big.jsonl'") == [(40, 30, 10)]


def md5_number(text: bytes) -> int:
    """The md5 digest read as a little-endian number, as DuckDB's md5_number reads it."""
    return int.from_bytes(hashlib.md5(text).digest(), "little")


def pid_of(wh, ident: str) -> int:
    from ingest.pseudonym import keyed_hash
    from tests.conftest import PSEUDO_KEY

    return wh.value("SELECT pid FROM pseudonymes WHERE empreinte = ?", [keyed_hash(PSEUDO_KEY.encode(), ident)])


def test_an_event_key_holds_its_time_person_kind_and_module_field_by_field(loaded):
    wh = loaded
    path = wh.write(
        "a.jsonl",
        jsonl(1)
        + json.dumps(
            {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 08:02:00"), "userId": "u-ens-1"}
        )
        + "\n",
    )
    assert wh.ingest("logs", path) == 0, wh.last_output
    pid = pid_of(wh, "u-ens-1")
    # 2025-09-09 08:01:00 UTC is 20 340 days and 29 160 s after the epoch.
    access_ms = (20_340 * 86_400 + 8 * 3_600 + 60) * 1000
    assert access_ms == 1_757_404_860_000
    blog, auth = (md5_number(b"blog") >> 76), (md5_number(b"auth") >> 76)
    # Milliseconds, then the pid, the kind (access 2, login 0), the module's 52 bits.
    assert wh.rows("SELECT cle FROM evenements ORDER BY ts") == [
        ((access_ms << 86) | (pid << 54) | (2 << 52) | blog,),
        (((access_ms + 60_000) << 86) | (pid << 54) | (0 << 52) | auth,),
    ]

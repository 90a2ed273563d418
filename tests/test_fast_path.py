"""Clean files go through DuckDB's own reader; anything else through numbered lines. Both give the same events."""

from __future__ import annotations

import json
import re

import pytest

from ingest.load import load_logs
from tests.conftest import PSEUDO_KEY, Warehouse
from tests.test_log_formats import epoch_ms
from warehouse.db import writer

EVENTS = [
    {
        "event-type": "LOGIN",
        "module": "Auth",
        "date": epoch_ms("2025-09-07 22:30:00"),
        "userId": "u-ens-1",
        "ua": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)",
        "ip": "192.0.2.10",
    },
    {
        "event-type": "CREATE",
        "module": "Timeline",
        "override-module": "Conversation",
        "date": epoch_ms("2025-09-08 09:00:00"),
        "userId": "u-ens-1",
        "structures": ["s-1"],
    },
    {"event-type": "LOGOUT", "module": "Auth", "date": epoch_ms("2025-09-08 10:00:00"), "userId": "u-ens-1"},
    {"event-type": "ACCESS", "module": "Blog", "date": epoch_ms("2025-09-09 21:59:59"), "userId": "U-ELV-1"},
    # The same event twice in the file, then a person with no account yet.
    {"event-type": "ACCESS", "module": "Blog", "date": epoch_ms("2025-09-09 21:59:59"), "userId": "u-elv-1"},
    {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-10 07:00:00"), "userId": "u-nouveau"},
]
JSONL = "".join(json.dumps(e) + "\n" for e in EVENTS)


def shifted(text: str, days: int) -> str:
    """The same JSON lines, every epoch date moved by `days` days (other events, same figures)."""
    return re.sub(r'"date": (\d+)', lambda m: f'"date": {int(m.group(1)) + days * 86_400_000}', text)


PG_CSV = '''id,date,profile,module,event_type,ua,device_type,platform_id,user_id
1,2025-09-07 22:30:00.000,Teacher,Auth,LOGIN,"Mozilla/5.0 (Linux; Android 14; SM-A546B) Mobile, ""beta""",mobile,p,u-ens-1
2,2025-09-08 09:00:00.000,Teacher,Conversation,CREATE,Mozilla/5.0 (Windows NT 10.0),Desktop,p,u-ens-1
3,2025-09-08 10:00:00.000,Teacher,Auth,LOGOUT,,,p,u-ens-1
4,2025-09-09 21:59:59.000,Student,Blog,ACCESS,,,p,U-ELV-1
5,2025-09-09 21:59:59.000,Student,Blog,ACCESS,,,p,u-elv-1
6,2025-09-10 07:00:00.000,Teacher,Auth,LOGIN,,,p,u-nouveau
'''

GENERIC_CSV = """horodatage;utilisateur;service;action
2025-09-08T00:30:00+02:00;u-ens-1;;connexion
2025-09-08 11:00:00;u-ens-1;Conversation;accès
2025-09-09T21:59:59Z;U-ELV-1;Blog;acces
2025-09-09T21:59:59Z;u-elv-1;Blog;acces
10/09/2025 09:00:00;u-nouveau;;echec_connexion
"""

EVENT_COLUMNS = "cle, ts, jour, heure, type, module, compte, appareil"


def load(wh, *paths):
    with writer(wh.path) as con:
        return load_logs(con, PSEUDO_KEY.encode(), list(paths))


def second_warehouse(loaded, tmp_path) -> Warehouse:
    """Another warehouse with the same accounts, to load the same content the other way."""
    other = Warehouse(tmp_path / "other")
    (tmp_path / "other").mkdir()
    assert other.ingest("reference", loaded.root / "ref", "--date", "2024-09-01") == 0
    return other


def contents(wh) -> tuple[list, list]:
    return (
        wh.rows(f"SELECT {EVENT_COLUMNS} FROM evenements ORDER BY ALL"),
        wh.rows("SELECT cle, ts, jour, type, module, ident_pid FROM evenements_en_attente ORDER BY ALL"),
    )


@pytest.mark.parametrize(
    "name, text, gz",
    [
        ("events.jsonl", JSONL, False),
        ("events.jsonl.gz", JSONL, True),
        ("export.csv", PG_CSV, False),
        ("journal.csv", GENERIC_CSV, False),
    ],
)
def test_a_clean_file_takes_the_fast_path_and_gives_what_the_exact_path_gives(loaded, tmp_path, name, text, gz):
    clean = loaded.write(name, text, gz=gz)
    fast = load(loaded, clean).files[0]

    # A blank line at the end sends the same content through the exact path.
    other = second_warehouse(loaded, tmp_path)
    exact = load(other, other.write(name, text + "\n", gz=gz)).files[0]

    assert fast.fast and not exact.fast
    assert contents(loaded) == contents(other)
    assert (fast.lines, fast.records, fast.loaded, fast.duplicates, fast.waiting) == (
        exact.lines - 1,
        exact.records - 1,
        exact.loaded,
        exact.duplicates,
        exact.waiting,
    )
    assert exact.skipped - fast.skipped == {"ligne vide": 1}
    assert fast.balanced() and not fast.rejected


def test_the_hand_counted_figures_of_a_fast_json_file(loaded):
    report = load(loaded, loaded.write("events.jsonl", JSONL)).files[0]

    assert report.fast
    # 6 lines: 1 logout ignored, 1 duplicate, 4 loaded of which 1 waits for its account.
    assert (report.lines, report.records, report.loaded, report.duplicates, report.waiting) == (6, 6, 4, 1, 1)
    assert report.skipped == {"déconnexion": 1}
    assert loaded.value("SELECT count(*) FROM evenements") == 3
    assert dict(loaded.rows("SELECT module, appareil FROM evenements WHERE type <> 'login'")) == {
        "Conversation": None,
        "Blog": None,
    }
    assert loaded.value("SELECT appareil FROM evenements WHERE type = 'login'") == "tablette"


def test_one_bad_file_among_clean_ones_is_read_again_line_by_line(loaded):
    bad = JSONL.replace('"userId": "u-elv-1"', '"userId": ""')
    paths = [loaded.write("a.jsonl", JSONL), loaded.write("b.jsonl", bad), loaded.write("c.jsonl", shifted(JSONL, 28))]

    a, b, c = load(loaded, *paths).files

    assert a.fast and c.fast and not b.fast
    assert b.rejected == {"utilisateur manquant": 1}
    assert loaded.rows("SELECT ligne, motif FROM rejets") == [(5, "utilisateur manquant")]
    # b's other events are a's: all duplicates, nothing lost.
    assert (b.records, b.duplicates, b.loaded) == (6, 4, 0)
    assert all(r.balanced() for r in (a, b, c))


@pytest.mark.parametrize(
    "text, motif",
    [
        (JSONL.replace(epoch_ms("2025-09-08 09:00:00").__str__(), '{"$date": "2025-09-08T09:00:00Z"}'), None),
        (JSONL + '{"event-type": "LOGIN", "date": \n', "json invalide"),
        ("\ufeff" + JSONL, None),
        (
            JSONL.encode("utf-8") + b'{"event-type": "LOGIN", "date": 1, "userId": "caf\xe9"}\n',
            "encodage illisible (UTF-8 attendu)",
        ),
    ],
)
def test_what_the_fast_reader_cannot_read_whole_goes_to_the_exact_path(loaded, text, motif):
    report = load(loaded, loaded.write("events.jsonl", text)).files[0]

    assert not report.fast
    assert report.balanced()
    assert dict(report.rejected) == ({motif: 1} if motif else {})
    assert report.loaded == 4


def test_a_csv_line_with_a_missing_field_is_read_again_and_named(loaded):
    text = PG_CSV.replace(
        "4,2025-09-09 21:59:59.000,Student,Blog,ACCESS,,,p,U-ELV-1",
        "4,2025-09-09 21:59:59.000,Student,Blog,ACCESS,,p,U-ELV-1",
    )
    report = load(loaded, loaded.write("export.csv", text)).files[0]

    assert not report.fast
    assert loaded.rows("SELECT ligne, motif FROM rejets") == [(5, "nombre de colonnes incorrect (8 au lieu de 9)")]


# Line ends and byte-order marks as Windows tools write them still take the fast path.
# (lines, loaded, duplicates, waiting, skipped), counted by hand:
# generic CSV: a header and 5 events, one a duplicate, one of a person with no account;
# PostgreSQL CSV: a header and 6 events, one a logout, one a duplicate, one waiting;
# JSON lines: 6 events, one a logout, one a duplicate, one waiting.
@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("journal.csv", "\ufeff" + GENERIC_CSV, (6, 4, 1, 1, {"en-tête": 1})),
        ("journal-crlf.csv", GENERIC_CSV.replace("\n", "\r\n"), (6, 4, 1, 1, {"en-tête": 1})),
        ("export-crlf.csv", PG_CSV.replace("\n", "\r\n"), (7, 4, 1, 1, {"en-tête": 1, "déconnexion": 1})),
        ("events-crlf.jsonl", JSONL.replace("\n", "\r\n"), (6, 4, 1, 1, {"déconnexion": 1})),
    ],
)
def test_a_bom_or_crlf_file_is_read_whole_with_the_hand_counted_figures(loaded, name, text, expected):
    report = load(loaded, loaded.write(name, text)).files[0]

    assert report.fast
    assert not report.rejected
    assert (report.lines, report.loaded, report.duplicates, report.waiting, dict(report.skipped)) == expected


def test_a_file_the_reader_refuses_does_not_send_its_neighbours_to_the_exact_path(loaded):
    paths = [loaded.write(f"events-{i}.jsonl", shifted(JSONL, 7 * i)) for i in (1, 2)]
    paths.insert(1, loaded.write("events-bad.jsonl", JSONL + '{"event-type": "LOGIN", "date": \n'))
    paths.append(
        loaded.write(
            "events-dates.jsonl",
            JSONL.replace(
                '"date": ' + str(epoch_ms("2025-09-08 09:00:00")), '"date": {"$date": "2025-12-08T09:00:00Z"}'
            ),
        )
    )

    reports = load(loaded, *paths).files

    assert [r.fast for r in reports] == [True, False, True, False]
    assert [dict(r.rejected) for r in reports] == [{}, {"json invalide": 1}, {}, {}]
    # Four new events in each file, but the last repeats the refused one's, except the {"$date"} event moved to December.
    assert [r.loaded for r in reports] == [4, 4, 4, 1]
    assert loaded.rows("SELECT ligne, motif FROM rejets") == [(7, "json invalide")]


# CAS audit records in the standard ten-line layout (a blank line after each).
CAS = """2025-09-08 14:31:02,412 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN
=============================================================
WHO: {who}
WHAT: supplied credentials: [{who}]
ACTION: {action}
APPLICATION: CAS
WHEN: {when}{extra}
CLIENT IP ADDRESS: 192.0.2.31
SERVER IP ADDRESS: 198.51.100.5
=============================================================

"""
CAS_RECORDS = [
    ("lucas.garnier", "AUTHENTICATION_SUCCESS", "Mon Sep 08 14:31:02 CEST 2025"),
    ("lucas.garnier", "SERVICE_TICKET_CREATED", "Mon Sep 08 14:31:03 CEST 2025"),  # skipped
    ("nadia.garnier", "AUTHENTICATION_FAILED", "Tue Sep 09 07:00:00 CEST 2025"),
    ("Lucas.Garnier", "AUTHENTICATION_SUCCESS", "Mon Sep 08 14:31:02 CEST 2025"),  # the first again
    ("personne.inconnue", "AUTHENTICATION_SUCCESS", "Wed Sep 10 08:00:00 CEST 2025"),  # no account yet
]


def cas_text(extra: str = "", records=CAS_RECORDS) -> str:
    return "\n" + "".join(CAS.format(who=w, action=a, when=t, extra=extra) for w, a, t in records)


def test_a_cas_file_in_the_standard_layout_takes_the_fast_path_with_the_hand_counted_figures(loaded):
    report = load(loaded, loaded.write("cas_audit.log", cas_text())).files[0]

    assert report.fast
    # 1 + 5 x 11 = 56 lines; 5 records and 6 blank lines; 1 action skipped, 1 duplicate,
    # 3 loaded of which 1 waits for its account.
    assert (report.lines, report.records, report.loaded, report.duplicates, report.waiting) == (56, 11, 3, 1, 1)
    assert report.skipped == {"ligne vide": 6, "action CAS non retenue": 1}
    assert report.balanced() and not report.rejected


def test_a_cas_file_gives_what_the_exact_path_gives_for_the_same_records(loaded, tmp_path):
    fast = load(loaded, loaded.write("cas_audit.log", cas_text())).files[0]
    # One more line in each record: outside the standard layout, so read line by line.
    other = second_warehouse(loaded, tmp_path)
    exact = load(other, other.write("cas_audit.log", cas_text(extra="\nGEO LOCATION: inconnue"))).files[0]

    assert fast.fast and not exact.fast
    assert contents(loaded) == contents(other)
    assert (fast.records, fast.loaded, fast.duplicates, fast.waiting, fast.skipped) == (
        exact.records,
        exact.loaded,
        exact.duplicates,
        exact.waiting,
        exact.skipped,
    )
    assert exact.lines - fast.lines == len(CAS_RECORDS)


def test_a_large_cas_file_keeps_each_record_whole_on_the_fast_path(wh):
    from ingest.pseudonym import keyed_hash

    # 30 000 records (13 MB): enough for DuckDB's reader to split the file between
    # threads. Record i is person u-(i mod 1000) at 10:00 + i seconds, so a line
    # taken out of file order would pair a person with another record's time.
    records = [
        (
            f"u-{i % 1000}",
            "AUTHENTICATION_SUCCESS",
            f"Mon Sep 08 {10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d} CEST 2025",
        )
        for i in range(30_000)
    ]
    report = load(wh, wh.write("cas_audit.log", cas_text(records=records))).files[0]

    assert report.fast and report.waiting == 30_000
    pids = dict(wh.rows("SELECT empreinte, pid FROM pseudonymes"))
    # 10:00 CEST is 08:00 UTC.
    start = epoch_ms("2025-09-08 08:00:00") // 1000
    expected = sorted((pids[keyed_hash(PSEUDO_KEY.encode(), f"u-{i % 1000}")], start + i) for i in range(30_000))
    assert wh.rows("SELECT ident_pid, epoch(ts)::BIGINT FROM evenements_en_attente ORDER BY ALL") == expected


SEPARATOR = "=" * 61


def cas_cut() -> str:
    """The records with the second one's closing separator missing: it runs on to the third."""
    first, second, *rest = CAS_RECORDS
    cut = CAS.format(who=second[0], action=second[1], when=second[2], extra="").replace(SEPARATOR + "\n\n", "\n")
    return cas_text(records=[first]) + cut + cas_text(records=rest)[1:]


# (text, rejects, loaded), worked out by hand from CAS_RECORDS.
@pytest.mark.parametrize(
    "text, rejected, loaded_events",
    [
        # The skipped record is the cut one: the other four load as before.
        (cas_cut(), {"enregistrement CAS incomplet": 1}, 3),
        # A line of another kind between the first two records.
        (
            cas_text().replace("\n\n2025-09-08", "\nINFO something else\n2025-09-08", 1),
            {"ligne hors enregistrement CAS": 1},
            3,
        ),
        # Windows line ends.
        (cas_text().replace("\n", "\r\n"), {}, 3),
        # Found by comparing both paths on random CAS files: content the fast reader would have read
        # differently from the exact path.
        # A BEGIN line that starts like a field: the exact path reads a second WHO in the first record,
        # "zz.intrus [org.apereo…] - Audit trail record BEGIN", the larger, a person with no account:
        # the first event waits, so the fourth record is no longer its duplicate (4 loaded).
        (cas_text().replace("2025-09-08 14:31:02,412 INFO", "WHO: zz.intrus", 1), {}, 4),
        # A \x01 byte ending the ACTION line of the first record: not a login for the exact path, so
        # the fourth record is no longer its duplicate (3 loaded).
        (cas_text().replace("ACTION: AUTHENTICATION_SUCCESS\n", "ACTION: AUTHENTICATION_SUCCESS\x01\n", 1), {}, 3),
        # A line of just \x01 between two records: not blank for the exact path.
        (cas_text().replace("\n\n2025-09-08", "\n\x01\n2025-09-08", 1), {"ligne hors enregistrement CAS": 1}, 3),
    ],
)
def test_a_cas_file_the_fast_reader_would_misread_is_read_line_by_line(loaded, text, rejected, loaded_events):
    report = load(loaded, loaded.write("cas_audit.log", text)).files[0]

    assert not report.fast
    assert report.balanced()
    assert dict(report.rejected) == rejected
    assert report.loaded == loaded_events


# A CSV line ending with a separator (or with "" after one): its empty extra field carries nothing.
# DuckDB's reader drops it; the exact path drops it too, so both load the line alike.
@pytest.mark.parametrize(
    "name, text",
    [
        ("journal.csv", GENERIC_CSV.replace("accès\n", "accès;\n")),
        ("journal-quotes.csv", GENERIC_CSV.replace("accès\n", 'accès;;""\n')),
        ("journal-end.csv", GENERIC_CSV.rstrip("\n") + ";"),
        ("export.csv", PG_CSV.replace("p,u-nouveau\n", "p,u-nouveau,\n")),
    ],
)
def test_a_csv_line_ending_with_a_separator_loads_alike_on_both_paths(loaded, tmp_path, name, text):
    fast = load(loaded, loaded.write(name, text)).files[0]
    other = second_warehouse(loaded, tmp_path)
    exact = load(other, other.write(name, text + "\n\n")).files[0]  # a blank line: the exact path

    assert fast.fast and not exact.fast
    assert contents(loaded) == contents(other)
    assert not fast.rejected and not exact.rejected
    # Both files, counted by hand: 4 events loaded (1 waiting for its account), 1 duplicate.
    assert (fast.loaded, fast.duplicates, fast.waiting) == (exact.loaded, exact.duplicates, exact.waiting) == (4, 1, 1)


def test_a_csv_line_with_a_non_empty_field_too_many_is_still_rejected_and_named(loaded):
    text = GENERIC_CSV.replace("accès\n", "accès;x\n")
    report = load(loaded, loaded.write("journal.csv", text)).files[0]

    assert not report.fast
    assert loaded.rows("SELECT ligne, motif FROM rejets") == [(3, "nombre de colonnes incorrect (5 au lieu de 4)")]


# Found by comparing both paths on random JSON and CSV files: content DuckDB's reader reads its
# own way, which the exact path now reads alike (a blank line at the end sends the same content there).
T = epoch_ms("2025-09-08 09:00:00")
ALIKE = [
    # A tab before an object (JSON's own blank).
    ("tab.jsonl", f'\t{{"event-type": "LOGIN", "module": "Auth", "date": {T}, "userId": "u-ens-1"}}\n'),
    # Epoch milliseconds in a string with spaces around, or in hexadecimal: the reader casts them.
    ("espaces.jsonl", f'{{"event-type": "LOGIN", "module": "Auth", "date": " {T} ", "userId": "u-ens-1"}}\n'),
    ("hexa.jsonl", f'{{"event-type": "LOGIN", "module": "Auth", "date": "{hex(T)}", "userId": "u-ens-1"}}\n'),
    # The same event twice with two devices: the same copy wins on both paths (device class order).
    (
        "appareils.jsonl",
        f'{{"event-type": "ACCESS", "module": "Blog", "date": {T}, "userId": "u-ens-1", '
        f'"ua": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)"}}\n'
        f'{{"event-type": "ACCESS", "module": "Blog", "date": {T}, "userId": "u-ens-1", '
        f'"ua": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}}\n',
    ),
    (
        "appareils.csv",
        PG_CSV.splitlines()[0] + "\n"
        "1,2025-09-08 09:00:00,Teacher,Blog,ACCESS,,tablet,p,u-ens-1\n"
        "2,2025-09-08 09:00:00,Teacher,Blog,ACCESS,,mobile,p,u-ens-1\n",
    ),
    # One space before an opening quote is dropped with the quotes; two are kept, as written.
    (
        "quotes.csv",
        'horodatage;utilisateur;service;action\n2025-09-08 11:00; "u-ens-1";Blog;acces\n'
        '2025-09-08 11:01;u-ens-1;  "Blog";acces\n',
    ),
]


@pytest.mark.parametrize("name, text", ALIKE)
def test_what_the_fast_reader_reads_its_own_way_the_exact_path_reads_alike(loaded, tmp_path, name, text):
    fast = load(loaded, loaded.write(name, text)).files[0]
    other = second_warehouse(loaded, tmp_path)
    exact = load(other, other.write(name, text + "\n")).files[0]

    assert fast.fast and not exact.fast
    assert not fast.rejected and not exact.rejected
    assert contents(loaded) == contents(other)
    assert (fast.loaded, fast.duplicates, fast.waiting) == (exact.loaded, exact.duplicates, exact.waiting)


def test_the_same_event_on_two_devices_keeps_the_first_device_class_in_order(loaded):
    load(loaded, loaded.write("appareils.jsonl", dict(ALIKE)["appareils.jsonl"]))

    # mobile (iPhone) comes before tablette (iPad) in the device classes' order.
    assert loaded.rows("SELECT appareil FROM evenements") == [("mobile",)]


def test_a_json_line_with_a_vertical_tab_or_form_feed_around_its_object_is_read_line_by_line(loaded):
    text = f'{{"event-type": "LOGIN", "module": "Auth", "date": {T}, "userId": "u-ens-1"}}\x0b\n'
    report = load(loaded, loaded.write("vt.jsonl", text)).files[0]

    assert not report.fast
    assert dict(report.rejected) == {"json invalide": 1}

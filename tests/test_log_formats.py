"""Each raw log format, with counts worked out by hand: per kind, per Paris day, per person."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ingest.pseudonym import keyed_hash
from tests.conftest import PSEUDO_KEY


def epoch_ms(text: str) -> int:
    """'2025-09-07 22:30:00' read as UTC → epoch milliseconds (builds inputs only)."""
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp() * 1000)


def account_of(wh, ident: str) -> int:
    return wh.value("SELECT pid FROM pseudonymes WHERE empreinte = ?", [keyed_hash(PSEUDO_KEY.encode(), ident)])


def by_kind(wh) -> dict:
    return dict(wh.rows("SELECT type, count(*) FROM evenements GROUP BY type"))


def by_day(wh) -> dict:
    return {d.isoformat(): n for d, n in wh.rows("SELECT jour, count(*) FROM evenements GROUP BY jour")}


def by_person(wh, *idents) -> dict:
    counts = dict(wh.rows("SELECT compte, count(*) FROM evenements GROUP BY compte"))
    return {i: counts.get(account_of(wh, i), 0) for i in idents}


def test_ode_json_lines_are_loaded_by_kind_paris_day_and_person(loaded):
    wh = loaded
    events = [
        # 22:30 UTC on Sunday 7 Sept 2025 is 00:30 on Monday 8 Sept in Paris (CEST).
        {
            "event-type": "LOGIN",
            "module": "Auth",
            "date": epoch_ms("2025-09-07 22:30:00"),
            "userId": "u-ens-1",
            "ua": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            "ip": "192.0.2.10",
        },
        {
            "event-type": "ACCESS",
            "module": "Blog",
            "date": {"$date": "2025-09-08T06:00:00.000Z"},
            "userId": "u-ens-1",
            "ua": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)",
        },
        {
            "event-type": "ACTIVATION",
            "module": "Auth",
            "date": {"$date": {"$numberLong": str(epoch_ms("2025-09-08 07:00:00"))}},
            "userId": "u-ens-1",
            "ua": "ENT-Mobile/3.2 (Android)",
        },
        # Any other in-app event is an access; override-module wins over module.
        {
            "event-type": "CREATE",
            "module": "Timeline",
            "override-module": "Conversation",
            "date": epoch_ms("2025-09-08 09:00:00"),
            "userId": "u-ens-1",
        },
        {"event-type": "LOGOUT", "module": "Auth", "date": epoch_ms("2025-09-08 10:00:00"), "userId": "u-ens-1"},
        # 21:59:59 UTC on 9 Sept is still 9 Sept in Paris; 22:00:00 UTC is 10 Sept.
        {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 21:59:59"), "userId": "U-ELV-1"},
        {
            "event-type": "ACCESS",
            "module": "Homeworks",
            "date": epoch_ms("2025-09-09 22:00:00"),
            "userId": "u-elv-1",
            "ua": "Mozilla/5.0 (Linux; Android 14; SM-A546B) Mobile",
        },
    ]
    path = wh.write("events.jsonl", "".join(json.dumps(e) + "\n" for e in events))

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 2, "access": 3, "activation": 1}
    assert by_day(wh) == {"2025-09-08": 4, "2025-09-09": 1, "2025-09-10": 1}
    assert by_person(wh, "u-ens-1", "u-elv-1") == {"u-ens-1": 4, "u-elv-1": 2}
    assert wh.rows("SELECT module FROM evenements WHERE heure = 11") == [("Conversation",)]
    assert dict(wh.rows("SELECT coalesce(appareil, '-'), count(*) FROM evenements GROUP BY ALL")) == {
        "ordinateur": 1,
        "tablette": 1,
        "application": 1,
        "mobile": 1,
        "-": 2,
    }
    assert wh.rows(
        "SELECT lignes, enregistrements, charges, doublons, rejetes, ignores FROM fichiers WHERE nom = 'events.jsonl'"
    ) == [(7, 7, 6, 0, 0, 1)]
    assert wh.rows(
        "SELECT i.motif, i.lignes FROM ignores i JOIN fichiers f USING (fichier_id) WHERE f.nom = 'events.jsonl'"
    ) == [("déconnexion", 1)]


def test_ode_postgresql_csv_is_utc_unless_it_carries_an_offset(loaded):
    wh = loaded
    text = (
        "id,date,profile,module,event_type,ua,device_type,platform_id,user_id\n"
        # Night of the spring DST change: 00:30 UTC is 01:30 CET, still 30 March.
        'e1,2025-03-30 00:30:00,Teacher,Homeworks,ACCESS,"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",Desktop,p,u-ens-1\n'
        # 22:15 UTC on 30 March is 00:15 CEST on 31 March.
        "e2,2025-03-30 22:15:00,Teacher,Auth,LOGIN,,,p,u-ens-1\n"
        "e3,2025-03-31 10:00:00.250+02:00,Relative,Conversation,ACCESS,Mozilla/5.0,Mobile,p,u-par-1\n"
        "e4,2025-03-31 10:05:00,Relative,Auth,LOGOUT,,,p,u-par-1\n"
    )
    path = wh.write("events.csv", text)

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 1, "access": 2}
    assert by_day(wh) == {"2025-03-30": 1, "2025-03-31": 2}
    assert by_person(wh, "u-ens-1", "u-par-1") == {"u-ens-1": 2, "u-par-1": 1}
    assert wh.rows("SELECT heure, appareil FROM evenements ORDER BY ts") == [
        (1, "ordinateur"),
        (0, None),
        (10, "mobile"),
    ]
    assert wh.rows("SELECT lignes, enregistrements, charges, ignores FROM fichiers WHERE nom = 'events.csv'") == [
        (5, 5, 3, 2)
    ]


CAS_RECORD = """2025-10-26 01:30:00,412 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN
=============================================================
WHO: {who}
WHAT: supplied credentials: [{who}]
ACTION: {action}
APPLICATION: CAS
WHEN: {when}
CLIENT IP ADDRESS: 192.0.2.31
SERVER IP ADDRESS: 198.51.100.5
=============================================================

"""


def test_cas_multi_line_records_read_their_zone_and_count_logins_and_failures(loaded):
    wh = loaded
    text = "".join(
        [
            # 01:30 CEST on 26 Oct 2025 is 23:30 UTC on the 25th: Paris day 26 Oct.
            CAS_RECORD.format(
                who="claire.fontaine", action="AUTHENTICATION_SUCCESS", when="Sun Oct 26 01:30:00 CEST 2025"
            ),
            CAS_RECORD.format(
                who="claire.fontaine", action="SERVICE_TICKET_CREATED", when="Sun Oct 26 01:30:01 CEST 2025"
            ),
            # After the change back: 02:30 CET is 01:30 UTC, still 26 Oct.
            CAS_RECORD.format(who="nadia.garnier", action="AUTHENTICATION_FAILED", when="Sun Oct 26 02:30:00 CET 2025"),
            CAS_RECORD.format(
                who="Lucas.Garnier", action="AUTHENTICATION_SUCCESS", when="Mon Oct 27 23:59:59 CET 2025"
            ),
        ]
    )
    path = wh.write("cas.log", text)

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 2, "login_failed": 1}
    assert by_day(wh) == {"2025-10-26": 2, "2025-10-27": 1}
    assert by_person(wh, "u-ens-1", "u-par-1", "u-elv-1") == {"u-ens-1": 1, "u-par-1": 1, "u-elv-1": 1}
    assert wh.value("SELECT min(ts)::VARCHAR FROM evenements") == "2025-10-25 23:30:00+00"
    # 4 records and 4 blank lines: 3 loaded, 1 action skipped, 4 blank lines skipped.
    assert wh.rows("SELECT lignes, enregistrements, charges, ignores FROM fichiers")[-1] == (44, 8, 3, 5)


def test_cas_single_line_records_take_fields_from_both_ends(loaded):
    wh = loaded
    text = (
        "Mon Sep 08 14:31:02 CEST 2025,CAS,supplied credentials: [UsernamePasswordCredential(username=samuel.roux, source=null)],"
        "AUTHENTICATION_SUCCESS,samuel.roux,192.0.2.31,198.51.100.5\n"
        "Thu Nov 20 19:02:11 CET 2025,CAS,supplied credentials: [nadia.garnier],AUTHENTICATION_FAILED,nadia.garnier,192.0.2.77,198.51.100.5\n"
        "Thu Nov 20 19:02:12 CET 2025,CAS,TGT-1-abc,TICKET_GRANTING_TICKET_CREATED,nadia.garnier,192.0.2.77,198.51.100.5\n"
    )
    path = wh.write("cas-single.log", text)

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 1, "login_failed": 1}
    assert by_day(wh) == {"2025-09-08": 1, "2025-11-20": 1}
    assert by_person(wh, "u-ens-2", "u-par-1") == {"u-ens-2": 1, "u-par-1": 1}
    assert wh.rows("SELECT heure FROM evenements ORDER BY ts") == [(14,), (19,)]


def test_generic_csv_reads_offsets_and_paris_local_time_and_logins_or_ids(loaded):
    wh = loaded
    text = (
        "horodatage;utilisateur;service;action\n"
        "2025-09-09T08:15:00+02:00;lucas.garnier;;connexion\n"
        # No offset: Paris local time, so 23:30 stays on 9 Sept.
        "2025-09-09 23:30:00;lucas.garnier;blog;acces\n"
        # 23:30 UTC is 01:30 on 10 Sept in Paris.
        "2025-09-09T23:30:00Z;nadia.garnier;;echec_connexion\n"
        # An account id, and a module name instead of a service code.
        "2025-09-10 07:00:00;u-ens-1;Conversation;accès\n"
    )
    path = wh.write("usages.csv", text)

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 1, "access": 2, "login_failed": 1}
    assert by_day(wh) == {"2025-09-09": 2, "2025-09-10": 2}
    assert by_person(wh, "u-elv-1", "u-par-1", "u-ens-1") == {"u-elv-1": 2, "u-par-1": 1, "u-ens-1": 1}
    assert (
        wh.value("SELECT ts::VARCHAR FROM evenements WHERE type = 'access' AND heure = 23") == "2025-09-09 21:30:00+00"
    )


def test_formats_are_detected_whatever_the_file_name(loaded):
    wh = loaded
    path = wh.write(
        "export.txt", "horodatage;utilisateur;service;action\n2025-09-09T08:15:00+02:00;lucas.garnier;;connexion\n"
    )
    gz = wh.write(
        "events.bin",
        json.dumps(
            {"event-type": "LOGIN", "module": "Auth", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-ens-1"}
        )
        + "\n",
        gz=True,
    )

    assert wh.ingest("logs", path, gz) == 0, wh.last_output

    assert dict(
        wh.rows("SELECT nom, type FROM fichiers WHERE type NOT IN ('ecoles', 'vagues', 'services', 'comptes')")
    ) == {"export.txt": "csv", "events.bin": "ode-jsonl"}
    assert wh.value("SELECT count(*) FROM evenements") == 2


def test_unknown_modules_are_kept_and_reported(loaded):
    wh = loaded
    path = wh.write(
        "e.jsonl",
        json.dumps(
            {"event-type": "ACCESS", "module": "Mindmap", "date": epoch_ms("2025-09-09 06:00:00"), "userId": "u-ens-1"}
        )
        + "\n",
    )
    assert wh.ingest("logs", path) == 0
    assert wh.rows("SELECT module FROM evenements") == [("Mindmap",)]
    assert wh.ingest("status") == 0
    assert "Modules inconnus de services.csv : Mindmap (1)" in wh.last_output


def test_the_shared_sample_logs_load_with_every_event_accounted_for(wh):
    samples = Path(__file__).resolve().parent / "samples"
    assert wh.ingest("reference", samples / "reference", "--date", "2025-09-10") == 0
    assert wh.ingest("logs", samples / "logs") == 0, wh.last_output

    # CAS single line: 1 login + 1 failure; the multi-line file repeats both
    # (duplicates) and adds a service ticket (skipped); ODE CSV: 2 accesses;
    # ODE JSON: 2 logins, 2 accesses, 1 activation; generic CSV: 1 login,
    # 1 access, 1 failure.
    assert by_kind(wh) == {"login": 4, "access": 5, "activation": 1, "login_failed": 2}
    assert wh.rows(
        "SELECT nom, charges, doublons, ignores FROM fichiers WHERE type NOT IN "
        "('territoire', 'vagues', 'ecoles', 'services', 'activations', 'comptes') ORDER BY nom"
    ) == [
        ("cas-audit-single-line.log", 2, 0, 0),
        ("cas-audit.log", 0, 2, 3),
        ("ode-access-events.csv", 2, 0, 1),
        ("ode-events-2024-09-09.jsonl", 5, 0, 0),
        ("usages-export.csv", 3, 0, 1),
    ]
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 0


def test_a_cas_single_line_with_an_extra_trailing_field_still_finds_its_action(loaded):
    wh = loaded
    path = wh.write(
        "cas.log",
        "Tue Sep 09 10:01:00 CEST 2025,CAS,supplied credentials: [a, b],AUTHENTICATION_SUCCESS,"
        "claire.fontaine,192.0.2.1,198.51.100.5,extra\n",
    )
    assert wh.ingest("logs", path) == 0
    assert by_kind(wh) == {"login": 1}


def test_an_epoch_written_as_a_json_string_is_a_date(loaded):
    wh = loaded
    text = (
        json.dumps(
            {"event-type": "LOGIN", "module": "Auth", "date": str(epoch_ms("2025-09-09 06:00:00")), "userId": "u-ens-1"}
        )
        + "\n"
        + json.dumps(
            {
                "event-type": "LOGIN",
                "module": "Auth",
                "date": {"$date": str(epoch_ms("2025-09-10 06:00:00"))},
                "userId": "u-ens-1",
            }
        )
        + "\n"
    )
    assert wh.ingest("logs", wh.write("e.jsonl", text)) == 0
    assert by_day(wh) == {"2025-09-09": 1, "2025-09-10": 1}


def test_an_empty_first_field_in_a_quoted_csv_line_stays_a_field(loaded):
    wh = loaded
    path = wh.write("u.csv", 'horodatage;utilisateur;service;action\n;"claire.fontaine";blog;acces\n')
    assert wh.ingest("logs", path) == 0
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(2, "date manquante")]


def test_the_load_summary_names_modules_unknown_to_the_services_file(loaded):
    wh = loaded
    path = wh.write(
        "e.jsonl",
        json.dumps(
            {
                "event-type": "ACCESS",
                "module": "Scrapbook",
                "userId": "u-ens-1",
                "date": epoch_ms("2025-09-09 06:00:00"),
            }
        )
        + "\n",
    )
    assert wh.ingest("logs", path) == 0
    assert "Modules absents de services.csv (gardés, montrés tels quels) : Scrapbook (1)" in wh.last_output


def test_cas_records_read_in_many_small_blocks_count_the_same(loaded, monkeypatch):
    monkeypatch.setenv("ENT_BATCH_BYTES", "300")
    wh = loaded
    text = "".join(
        CAS_RECORD.format(
            who="claire.fontaine", action="AUTHENTICATION_SUCCESS", when=f"Mon Oct 27 0{h}:00:00 CET 2025"
        )
        for h in range(1, 8)
    )
    path = wh.write("cas.log", text + "stray line\n")
    assert wh.ingest("logs", path) == 0
    assert by_kind(wh) == {"login": 7}
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(78, "ligne hors enregistrement CAS")]


def test_spaces_around_fields_are_dropped_and_a_field_of_spaces_is_missing(loaded):
    wh = loaded
    t = epoch_ms("2025-09-08 08:00:00")
    padded = {"event-type": " ACCESS ", "module": " Blog", "date": t, "userId": "u-ens-1 "}  # clean: the fast path
    blank = [
        {"event-type": "ACCESS", "module": "   ", "date": t, "userId": "u-ens-1"},  # 1 module missing
        {"event-type": "LOGIN", "module": "Auth", "date": t, "userId": "  "},
    ]  # 2 user missing
    plain = {"event-type": "ACCESS", "module": "Blog", "date": t, "userId": "u-ens-1"}  # the padded event
    files = [
        wh.write("padded.jsonl", json.dumps(padded) + "\n"),
        wh.write("blank.jsonl", "".join(json.dumps(e) + "\n" for e in blank)),
        wh.write("plain.jsonl", json.dumps(plain) + "\n"),
    ]

    for path in files:
        assert wh.ingest("logs", path) == 0, wh.last_output

    assert wh.rows("SELECT type, module FROM evenements") == [("access", "Blog")]
    assert by_person(wh, "u-ens-1") == {"u-ens-1": 1}
    assert wh.rows(
        "SELECT r.ligne, r.motif FROM rejets r JOIN fichiers f USING (fichier_id) "
        "WHERE f.nom = 'blank.jsonl' ORDER BY 1"
    ) == [(1, "module manquant"), (2, "utilisateur manquant")]
    assert wh.rows("SELECT charges, doublons FROM fichiers WHERE nom = 'plain.jsonl'") == [(0, 1)]


def test_paris_day_and_hour_follow_both_clock_changes(loaded):
    wh = loaded
    # UTC instant -> Paris day and hour, worked out by hand (CET = UTC+1, CEST = UTC+2;
    # the clocks change at 01:00 UTC on the last Sundays of March and October).
    expected = [
        ("2025-03-29 22:59:00", "2025-03-29", 23),  # 23:59 CET
        ("2025-03-29 23:00:00", "2025-03-30", 0),  # midnight CET
        ("2025-03-30 00:59:00", "2025-03-30", 1),  # 01:59 CET, the last minute before the change
        ("2025-03-30 01:00:00", "2025-03-30", 3),  # 03:00 CEST: 02:xx never happens
        ("2025-03-30 21:59:00", "2025-03-30", 23),  # 23:59 CEST
        ("2025-03-30 22:00:00", "2025-03-31", 0),
        ("2025-10-25 21:59:00", "2025-10-25", 23),  # 23:59 CEST
        ("2025-10-25 22:00:00", "2025-10-26", 0),
        ("2025-10-26 00:30:00", "2025-10-26", 2),  # 02:30 CEST
        ("2025-10-26 01:30:00", "2025-10-26", 2),  # 02:30 CET, the hour lived twice
        ("2025-10-26 02:00:00", "2025-10-26", 3),  # 03:00 CET
        ("2025-10-26 22:59:00", "2025-10-26", 23),  # 23:59 CET
        ("2025-10-26 23:00:00", "2025-10-27", 0),
    ]
    lines = [
        {"event-type": "ACCESS", "module": f"M{i}", "date": epoch_ms(utc), "userId": "u-ens-1"}
        for i, (utc, _, _) in enumerate(expected)
    ]
    path = wh.write("dst.jsonl", "".join(json.dumps(e) + "\n" for e in lines))

    assert wh.ingest("logs", path) == 0, wh.last_output

    found = wh.rows("SELECT strftime(jour, '%Y-%m-%d'), heure FROM evenements ORDER BY ts")
    assert found == [(day, hour) for _, day, hour in expected]


def test_generic_csv_actions_written_other_ways_are_the_same_kinds(loaded):
    wh = loaded
    text = (
        "horodatage;utilisateur;service;action\n"
        "2025-09-09T08:15:00+02:00;lucas.garnier;;Connexion\n"
        "2025-09-09T08:16:00+02:00;lucas.garnier;blog; ACCÈS \n"
        "2025-09-09T08:17:00+02:00;lucas.garnier;;Échec-Connexion\n"
        "2025-09-09T08:18:00+02:00;lucas.garnier;;echec connexion\n"
    )
    path = wh.write("usages-casse.csv", text)

    assert wh.ingest("logs", path) == 0, wh.last_output

    assert by_kind(wh) == {"login": 1, "access": 1, "login_failed": 2}

"""A corpus of bad inputs for `ingest logs` and `ingest reference`.

Every expected count below is worked out by hand from the tiny inline input
(line numbers are commented next to each line). For each case we check the
exit code (0 without --strict; 1 with --strict when something was rejected),
the reasons and line numbers kept in `rejets`, and the accounting of the
manifest `fichiers`: enregistrements = charges + doublons + rejetes + ignores,
and lignes = enregistrements for the one-record-a-line formats. No user error
may end in a traceback.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from tests.conftest import Warehouse

# 2024-09-09 06:42:10 UTC, and the next minutes (Monday 9 Sept 2024).
T0 = 1725864130000
T1 = T0 + 60_000
T2 = T0 + 120_000


def jline(kind: str, module: str, date, user: str, **extra) -> str:
    """One ODE JSON line (builds inputs only)."""
    return json.dumps({"event-type": kind, "module": module, "date": date, "userId": user, **extra})


def run(wh: Warehouse, *args) -> int:
    """Run the command line; a user error must never end in a traceback."""
    code = wh.ingest(*args)
    assert "Traceback" not in wh.last_output, wh.last_output
    return code


def strict_code(wh: Warehouse, *args, reference: Path | None = None) -> int:
    """Exit code of the same command with --strict, in a fresh warehouse (optionally with a territory)."""
    other = Warehouse(wh.root / "strict")
    other.root.mkdir()
    if reference is not None:
        assert run(other, "reference", reference, "--date", "2024-09-01") == 0, other.last_output
    return run(other, *args, "--strict")


def manifest(wh: Warehouse, nom: str) -> dict:
    """The `fichiers` row of the last file called `nom`, checked: every record is accounted for."""
    cols = [
        "fichier_id",
        "type",
        "lignes",
        "enregistrements",
        "charges",
        "doublons",
        "rejetes",
        "ignores",
        "encodage",
        "note",
    ]
    found = wh.rows(f"SELECT {', '.join(cols)} FROM fichiers WHERE nom = ? ORDER BY fichier_id DESC LIMIT 1", [nom])
    assert found, f"no manifest row for {nom}"
    row = dict(zip(cols, found[0]))
    assert row["enregistrements"] == row["charges"] + row["doublons"] + row["rejetes"] + row["ignores"], row
    return row


COUNTS = ("lignes", "enregistrements", "charges", "doublons", "rejetes", "ignores")


def counts(row: dict) -> dict:
    """The manifest row's counts, by name."""
    return {k: row[k] for k in COUNTS}


def rejects(wh: Warehouse, nom: str) -> list[tuple]:
    """(ligne, motif) of the rejects of the last file called `nom`, in line order."""
    return wh.rows(
        "SELECT ligne, motif FROM rejets WHERE fichier_id = "
        "(SELECT max(fichier_id) FROM fichiers WHERE nom = ?) ORDER BY ligne",
        [nom],
    )


def ignored(wh: Warehouse, nom: str) -> dict:
    """Skip counts by reason of the last file called `nom`."""
    return dict(
        wh.rows(
            "SELECT motif, lignes FROM ignores WHERE fichier_id = (SELECT max(fichier_id) FROM fichiers WHERE nom = ?)",
            [nom],
        )
    )


def reference_folder(wh: Warehouse, name: str, **files: str | bytes) -> Path:
    """A reference folder holding only the files given (file name → text or bytes)."""
    folder = wh.root / name
    folder.mkdir()
    for file_name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / file_name).write_bytes(data)
    return folder


def open_accounts(wh: Warehouse) -> int:
    return wh.value("SELECT count(*) FROM comptes WHERE valide_jusqu_au IS NULL")


# --------------------------------------------------------------------------- empty and binary files


def test_an_empty_log_file_is_recorded_with_zero_lines_and_rejects_nothing(wh):
    path = wh.write("vide.jsonl", "")

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 0  # nothing was rejected

    row = manifest(wh, "vide.jsonl")
    assert counts(row) == dict(lignes=0, enregistrements=0, charges=0, doublons=0, rejetes=0, ignores=0)
    assert row["note"] == "fichier vide"
    assert rejects(wh, "vide.jsonl") == []
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 0


def test_an_empty_accounts_file_is_reported_and_closes_no_account(loaded):
    wh = loaded
    folder = reference_folder(wh, "ref2", **{"comptes.csv": b""})

    assert run(wh, "reference", folder, "--date", "2024-10-01") == 0
    assert "fichier vide" in wh.last_output
    assert open_accounts(wh) == 4  # the 4 accounts of the territory stay open


def test_binary_junk_is_rejected_line_by_line_as_an_unrecognised_format(wh):
    rng = random.Random(20250301)

    def junk() -> bytes:
        # Random bytes, NUL included; no newline inside; never valid UTF-8.
        return b"\xff\x00" + rng.randbytes(60).replace(b"\n", b"\x00")

    data = (
        junk()
        + b"\n"  # 1
        + junk()
        + b"\n"  # 2
        + b"\n"  # 3 blank: skipped
        + junk()
    )  # 4, no final newline
    path = wh.write("junk.log", data)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "junk.log")
    assert row["type"] == "inconnu"
    assert counts(row) == dict(lignes=4, enregistrements=4, charges=0, doublons=0, rejetes=3, ignores=1)
    assert rejects(wh, "junk.log") == [
        (1, "format de fichier non reconnu"),
        (2, "format de fichier non reconnu"),
        (4, "format de fichier non reconnu"),
    ]
    assert ignored(wh, "junk.log") == {"ligne vide": 1}


def test_a_binary_accounts_file_is_reported_unreadable_and_closes_no_account(loaded):
    wh = loaded
    folder = reference_folder(wh, "ref2", **{"comptes.csv": b"id,uai,profil\n\x00\x01\x02\xff\xfe\n"})

    assert run(wh, "reference", folder, "--date", "2024-10-01") == 2
    assert "binaire" in wh.last_output
    assert open_accounts(wh) == 4


def test_a_missing_log_file_is_an_unusable_argument(wh):
    assert run(wh, "logs", wh.root / "absent.jsonl") == 2
    assert "introuvable" in wh.last_output


# --------------------------------------------------------------------------- truncated records


def test_a_truncated_json_line_is_rejected_with_its_line_number(loaded):
    wh = loaded
    cut = '{"event-type": "ACCESS", "module": "Blog", "date": 17258'
    text = (
        jline("LOGIN", "Auth", T0, "u-ens-1")
        + "\n"  # 1
        + jline("ACCESS", "Blog", T1, "u-ens-1")
        + "\n"  # 2
        + cut
        + "\n"  # 3 cut in the middle
        + jline("ACTIVATION", "Auth", T2, "u-par-1")
        + "\n"
    )  # 4
    path = wh.write("events.jsonl", text)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path, reference=wh.root / "ref") == 1

    row = manifest(wh, "events.jsonl")
    assert counts(row) == dict(lignes=4, enregistrements=4, charges=3, doublons=0, rejetes=1, ignores=0)
    assert rejects(wh, "events.jsonl") == [(3, "json invalide")]
    # The raw text is kept but for the cut number: five digits could be someone's id.
    assert wh.value("SELECT brut FROM rejets") == '{"event-type": "ACCESS", "module": "Blog", "date": [masqué]'
    assert wh.value("SELECT count(*) FROM evenements") == 3


def test_a_json_file_cut_in_its_last_line_rejects_that_line_only(wh):
    text = (
        jline("LOGIN", "Auth", T0, "u-ens-1")
        + "\n"  # 1
        + '{"event-type": "LOGIN", "module": "Au'
    )  # 2, no newline: the writer was killed
    path = wh.write("cut.jsonl", text)

    assert run(wh, "logs", path) == 0
    assert counts(manifest(wh, "cut.jsonl")) == dict(
        lignes=2, enregistrements=2, charges=1, doublons=0, rejetes=1, ignores=0
    )
    assert rejects(wh, "cut.jsonl") == [(2, "json invalide")]


CAS_BEGIN = (
    "{stamp} INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN\n"
)
CAS_SEP = "=============================================================\n"


def test_a_cas_record_cut_in_the_middle_is_rejected_at_its_first_line_and_the_next_record_loads(loaded):
    wh = loaded
    text = (
        CAS_BEGIN.format(stamp="2024-09-09 08:31:02,412")  # 1  record 1 starts...
        + CAS_SEP  # 2
        + "WHO: samuel.roux\n"  # 3
        + "WHAT: supplied credentials: [samuel.roux]\n"  # 4
        + "ACTION: AUTHENTICATION_SUCCESS\n"  # 5  ...and is cut here
        + CAS_BEGIN.format(stamp="2024-09-09 08:32:10,001")  # 6  record 2, whole
        + CAS_SEP  # 7
        + "WHO: claire.fontaine\n"  # 8
        + "WHAT: supplied credentials: [claire.fontaine]\n"  # 9
        + "ACTION: AUTHENTICATION_SUCCESS\n"  # 10
        + "APPLICATION: CAS\n"  # 11
        + "WHEN: Mon Sep 09 08:32:10 CEST 2024\n"  # 12
        + "CLIENT IP ADDRESS: 192.0.2.31\n"  # 13
        + "SERVER IP ADDRESS: 198.51.100.5\n"  # 14
        + CAS_SEP  # 15
        + "\n"
    )  # 16 blank: skipped
    path = wh.write("cas-audit.log", text)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path, reference=wh.root / "ref") == 1

    row = manifest(wh, "cas-audit.log")
    assert row["type"] == "cas"
    # Records: the cut record, the whole record, the blank line.
    assert counts(row) == dict(lignes=16, enregistrements=3, charges=1, doublons=0, rejetes=1, ignores=1)
    assert rejects(wh, "cas-audit.log") == [(1, "enregistrement CAS incomplet")]
    assert ignored(wh, "cas-audit.log") == {"ligne vide": 1}
    assert wh.rows("SELECT type, ts FROM evenements") == [
        ("login", wh.value("SELECT TIMESTAMPTZ '2024-09-09 06:32:10+00'"))
    ]


def test_cas_single_lines_cut_or_with_an_impossible_day_are_rejected_and_other_actions_skipped(wh):
    text = (
        "Mon Sep 09 14:31:02 CEST 2024,CAS,supplied credentials: [samuel.roux],AUTHENTICATION_SUCCESS,"
        "samuel.roux,192.0.2.31,198.51.100.5\n"  # 1
        "Mon Sep 09 14:31:03 CEST 2024,CAS,TGT-1-abc,TICKET_GRANTING_TICKET_CREATED,"
        "samuel.roux,192.0.2.31,198.51.100.5\n"  # 2 not a login
        "Mon Sep 09 14:3\n"  # 3 cut
        "Tue Sep 31 14:31:02 CEST 2024,CAS,supplied credentials: [nadia.garnier],AUTHENTICATION_FAILED,"
        "nadia.garnier,192.0.2.77,198.51.100.5\n"
    )  # 4 no 31 Sept
    path = wh.write("cas-single.log", text)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "cas-single.log")
    assert row["type"] == "cas"
    assert counts(row) == dict(lignes=4, enregistrements=4, charges=1, doublons=0, rejetes=2, ignores=1)
    assert rejects(wh, "cas-single.log") == [(3, "ligne CAS mal formée"), (4, "date illisible")]
    assert ignored(wh, "cas-single.log") == {"action CAS non retenue": 1}


# --------------------------------------------------------------------------- encodings


def test_a_json_line_with_a_latin1_byte_is_rejected_as_unreadable_utf8(wh):
    data = (
        jline("LOGIN", "Auth", T0, "u-ens-1").encode()
        + b"\n"  # 1
        + b'{"event-type": "ACCESS", "module": "Biblioth\xe8que", "date": 1725864190000, '
        b'"userId": "u-ens-1"}\n'  # 2 Latin-1 è
         + jline("ACCESS", "Blog", T2, "u-ens-1").encode() + b"\n"
    )  # 3
    path = wh.write("latin1.jsonl", data)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "latin1.jsonl")
    assert counts(row) == dict(lignes=3, enregistrements=3, charges=2, doublons=0, rejetes=1, ignores=0)
    assert rejects(wh, "latin1.jsonl") == [(2, "encodage illisible (UTF-8 attendu)")]


def test_a_generic_csv_saved_in_windows_1252_loads_with_its_accented_service_name(loaded):
    wh = loaded
    text = (
        "horodatage;utilisateur;service;action\r\n"  # 1 header: skipped
        "2024-09-10T08:15:00+02:00;lucas.garnier;;connexion\r\n"  # 2
        "2024-09-10T08:16:00+02:00;lucas.garnier;Médiathèque;acces\r\n"
    )  # 3 é and è in Windows-1252
    path = wh.write("usages.csv", text, encoding="cp1252")
    assert b"M\xe9diath\xe8que" in path.read_bytes()

    assert run(wh, "logs", path, "--strict") == 0  # nothing rejected, even with --strict

    row = manifest(wh, "usages.csv")
    assert row["type"] == "csv"
    assert row["encodage"] == "windows-1252"
    assert counts(row) == dict(lignes=3, enregistrements=3, charges=2, doublons=0, rejetes=0, ignores=1)
    assert rejects(wh, "usages.csv") == []
    assert ignored(wh, "usages.csv") == {"en-tête": 1}
    assert wh.rows("SELECT module FROM evenements WHERE type = 'access'") == [("Médiathèque",)]


def test_a_json_lines_file_saved_with_a_utf8_bom_loads_its_first_line(wh):
    text = (
        "\ufeff"
        + jline("LOGIN", "Auth", T0, "u-ens-1")
        + "\n"  # 1, after a BOM
        + jline("ACCESS", "Blog", T1, "u-ens-1")
        + "\n"
    )  # 2
    path = wh.write("bom.jsonl", text)

    assert run(wh, "logs", path, "--strict") == 0
    assert rejects(wh, "bom.jsonl") == []
    assert counts(manifest(wh, "bom.jsonl")) == dict(
        lignes=2, enregistrements=2, charges=2, doublons=0, rejetes=0, ignores=0
    )


# --------------------------------------------------------------------------- missing columns


ODE_PG_WITHOUT_USER = (
    "id,date,profile,module,event_type,ua,device_type,platform_id\n"  # 1
    "e-1,2024-09-09 06:42:10,Teacher,Homeworks,ACCESS,Mozilla/5.0,Desktop,p-1\n"  # 2
    "\n"  # 3 blank
    "e-2,2024-09-09 06:43:10,Teacher,Blog,ACCESS,Mozilla/5.0,Desktop,p-1\n"  # 4
)


def test_an_ode_postgresql_export_without_user_id_is_rejected_naming_the_column(wh):
    path = wh.write("access.csv", ODE_PG_WITHOUT_USER)

    assert run(wh, "logs", path, "--format", "ode-pg-csv") == 0
    assert strict_code(wh, "logs", path, "--format", "ode-pg-csv") == 1

    row = manifest(wh, "access.csv")
    assert row["type"] == "ode-pg-csv"
    # Every non-blank line, header included, is kept as a reject; the blank one is skipped.
    assert counts(row) == dict(lignes=4, enregistrements=4, charges=0, doublons=0, rejetes=3, ignores=1)
    assert rejects(wh, "access.csv") == [
        (1, "colonnes manquantes : user_id"),
        (2, "colonnes manquantes : user_id"),
        (4, "colonnes manquantes : user_id"),
    ]


def test_an_ode_postgresql_export_without_user_id_loads_nothing_when_its_format_is_guessed(wh):
    path = wh.write("access.csv", ODE_PG_WITHOUT_USER)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    assert counts(manifest(wh, "access.csv")) == dict(
        lignes=4, enregistrements=4, charges=0, doublons=0, rejetes=3, ignores=1
    )
    found = rejects(wh, "access.csv")
    assert [ligne for ligne, _ in found] == [1, 2, 4]
    assert len({motif for _, motif in found}) == 1  # one file-level reason for every line


def test_an_accounts_file_without_the_profil_column_rejects_every_row_and_keeps_the_accounts(loaded):
    wh = loaded
    comptes = (
        "id,login,uai,classe\n"  # 1 header, no `profil`
        "u-ens-1,claire.fontaine,0381001G,CM2-A\n"  # 2
        "u-elv-9,nina.petit,0381001G,CM2-A\n"
    )  # 3
    folder = reference_folder(wh, "ref2", **{"comptes.csv": comptes})

    assert run(wh, "reference", folder, "--date", "2024-10-01") == 0
    assert strict_code(wh, "reference", folder, "--date", "2024-10-01") == 1

    # The territory's comptes.csv was loaded first; manifest() and rejects() read this second one.
    assert counts(manifest(wh, "comptes.csv")) == dict(
        lignes=3, enregistrements=3, charges=0, doublons=0, rejetes=2, ignores=1
    )
    found = rejects(wh, "comptes.csv")
    assert [ligne for ligne, _ in found] == [2, 3]
    assert all(motif.startswith("colonne obligatoire manquante") and "profil" in motif for _, motif in found)
    # The rejected export is not a snapshot: nobody is closed, nobody added.
    assert open_accounts(wh) == 4
    assert wh.value("SELECT count(*) FROM comptes") == 4


# --------------------------------------------------------------------------- invalid values


def test_a_school_with_an_invalid_uai_is_rejected_and_the_other_schools_load(wh):
    # 0381001 % 23 = 6 → G; 0381003 % 23 = 8 → J, so 0381003A is wrong.
    ecoles = (
        "uai;nom;vague\n"  # 1
        "0381001G;École Pasteur;1\n"  # 2
        "0381003A;École fausse;1\n"  # 3 wrong check letter
        "038100G;École courte;1\n"  # 4 six digits
        "0381002H;École du Lac;1\n"
    )  # 5
    folder = reference_folder(wh, "ref", **{"ecoles.csv": ecoles})

    assert run(wh, "reference", folder, "--date", "2024-09-01") == 0
    assert strict_code(wh, "reference", folder, "--date", "2024-09-01") == 1

    assert counts(manifest(wh, "ecoles.csv")) == dict(
        lignes=5, enregistrements=5, charges=2, doublons=0, rejetes=2, ignores=1
    )
    assert rejects(wh, "ecoles.csv") == [(3, "uai invalide"), (4, "uai invalide")]
    assert wh.rows("SELECT uai FROM ecoles ORDER BY uai") == [("0381001G",), ("0381002H",)]


def test_accounts_with_an_invalid_uai_or_an_unknown_profile_are_rejected_and_the_others_load(wh):
    comptes = (
        "id,login,uai,profil\n"  # 1
        "u-ens-1,claire.fontaine,0381001G,Teacher\n"  # 2
        "u-elv-8,paul.martin,0381001H,Student\n"  # 3 0381001 → G, not H
        "u-dir-7,anne.morel,0381002H,Directeur\n"  # 4 not a profile of docs/inputs.md
        "u-elv-1,lucas.garnier,0381001G,élève\n"
    )  # 5
    folder = reference_folder(wh, "ref", **{"comptes.csv": comptes})

    assert run(wh, "reference", folder, "--date", "2024-09-01") == 0
    assert strict_code(wh, "reference", folder, "--date", "2024-09-01") == 1

    assert counts(manifest(wh, "comptes.csv")) == dict(
        lignes=5, enregistrements=5, charges=2, doublons=0, rejetes=2, ignores=1
    )
    assert rejects(wh, "comptes.csv") == [(3, "uai invalide"), (4, "profil inconnu")]
    assert wh.rows("SELECT profil FROM comptes ORDER BY profil") == [("eleve",), ("enseignant",)]


def test_an_impossible_calendar_date_in_the_schools_file_is_rejected(wh):
    ecoles = (
        "uai;nom;vague;date_ouverture\n"  # 1
        "0381001G;École Pasteur;1;09/09/2024\n"  # 2
        "0381002H;École du Lac;1;30/02/2025\n"
    )  # 3 there is no 30 February
    folder = reference_folder(wh, "ref", **{"ecoles.csv": ecoles})

    assert run(wh, "reference", folder, "--date", "2024-09-01") == 0
    assert strict_code(wh, "reference", folder, "--date", "2024-09-01") == 1

    assert counts(manifest(wh, "ecoles.csv")) == dict(
        lignes=3, enregistrements=3, charges=1, doublons=0, rejetes=1, ignores=1
    )
    assert rejects(wh, "ecoles.csv") == [(3, "date illisible (date_ouverture)")]
    assert wh.rows("SELECT uai FROM ecoles") == [("0381001G",)]


def test_a_thirteenth_month_in_a_generic_csv_is_an_unreadable_date(wh):
    text = (
        "horodatage;utilisateur;service;action\n"  # 1 header
        "2025-13-01T10:00:00;lucas.garnier;;connexion\n"  # 2 no 13th month
        "2025-02-30T10:00:00+01:00;lucas.garnier;;connexion\n"  # 3 no 30 February
        "2025-09-09T08:15:00+02:00;lucas.garnier;;connexion\n"
    )  # 4
    path = wh.write("usages.csv", text)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    assert counts(manifest(wh, "usages.csv")) == dict(
        lignes=4, enregistrements=4, charges=1, doublons=0, rejetes=2, ignores=1
    )
    assert rejects(wh, "usages.csv") == [(2, "date illisible"), (3, "date illisible")]


def test_an_epoch_zero_json_date_is_implausible(wh):
    text = (
        jline("LOGIN", "Auth", 0, "u-ens-1")
        + "\n"  # 1 1970-01-01
        + jline("LOGIN", "Auth", {"$date": "1970-01-01T00:00:00Z"}, "u-ens-1")
        + "\n"  # 2 same, Mongo style
        + jline("LOGIN", "Auth", T0, "u-ens-1")
        + "\n"
    )  # 3
    path = wh.write("epoch.jsonl", text)

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    assert counts(manifest(wh, "epoch.jsonl")) == dict(
        lignes=3, enregistrements=3, charges=1, doublons=0, rejetes=2, ignores=0
    )
    assert rejects(wh, "epoch.jsonl") == [(1, "date invraisemblable"), (2, "date invraisemblable")]


# --------------------------------------------------------------------------- duplicates


def test_a_json_date_beyond_any_timestamp_is_unreadable_not_a_failed_load(wh):
    # 9.5e15 ms is about year 303 000: no timestamp holds it (DuckDB's epoch_ms
    # raised an error here, which aborted the whole load).
    text = (
        jline("LOGIN", "Auth", 9_500_000_000_000_000, "u-ens-1")
        + "\n"  # 1 out of range
        + jline("LOGIN", "Auth", {"$date": {"$numberLong": "-9500000000000000"}}, "u-ens-1")
        + "\n"  # 2 same, negative
        + jline("LOGIN", "Auth", T0, "u-ens-1")
        + "\n"
    )  # 3
    path = wh.write("loin.jsonl", text)

    assert run(wh, "logs", path) == 0

    assert counts(manifest(wh, "loin.jsonl")) == dict(
        lignes=3, enregistrements=3, charges=1, doublons=0, rejetes=2, ignores=0
    )
    assert rejects(wh, "loin.jsonl") == [(1, "date illisible"), (2, "date illisible")]


def test_lines_repeated_inside_one_log_file_are_counted_as_duplicates_not_rejects(loaded):
    wh = loaded
    login = jline("LOGIN", "Auth", T0, "u-ens-1")
    text = (
        login
        + "\n"  # 1
        + jline("ACCESS", "Blog", T1, "u-ens-1")
        + "\n"  # 2
        + login
        + "\n"  # 3 repeat of 1
        + login
        + "\n"
    )  # 4 repeat of 1
    path = wh.write("dups.jsonl", text)

    assert run(wh, "logs", path, "--strict") == 0  # a duplicate is not a reject

    assert counts(manifest(wh, "dups.jsonl")) == dict(
        lignes=4, enregistrements=4, charges=2, doublons=2, rejetes=0, ignores=0
    )
    assert rejects(wh, "dups.jsonl") == []
    assert wh.value("SELECT count(*) FROM evenements") == 2


def test_a_repeated_account_row_is_a_duplicate_and_a_conflicting_one_is_rejected(wh):
    comptes = (
        "id,login,uai,profil\n"  # 1
        "u-ens-1,claire.fontaine,0381001G,Teacher\n"  # 2
        "u-ens-1,claire.fontaine,0381001G,Teacher\n"  # 3 same row again: duplicate
        "u-ens-1,claire.fontaine,0381002H,Teacher\n"  # 4 same id, other school: rejected
        "u-elv-1,lucas.garnier,0381001G,Student\n"
    )  # 5
    folder = reference_folder(wh, "ref", **{"comptes.csv": comptes})

    assert run(wh, "reference", folder, "--date", "2024-09-01") == 0
    assert strict_code(wh, "reference", folder, "--date", "2024-09-01") == 1

    assert counts(manifest(wh, "comptes.csv")) == dict(
        lignes=5, enregistrements=5, charges=2, doublons=1, rejetes=1, ignores=1
    )
    assert rejects(wh, "comptes.csv") == [(4, "en double (voir ligne 2)")]
    assert wh.rows("SELECT uai, profil FROM comptes ORDER BY profil") == [
        ("0381001G", "eleve"),
        ("0381001G", "enseignant"),
    ]


# --------------------------------------------------------------------------- truncated archives


THREE_EVENTS = (
    jline("LOGIN", "Auth", T0, "u-ens-1")
    + "\n"  # 1
    + jline("ACCESS", "Blog", T1, "u-ens-1")
    + "\n"  # 2
    + jline("ACCESS", "Homeworks", T2, "u-ens-1")
    + "\n"
)  # 3


def test_a_gz_file_missing_its_trailer_loads_its_lines_and_rejects_the_truncation(wh):
    whole = gzip.compress(THREE_EVENTS.encode(), mtime=0)
    path = wh.write("events.jsonl.gz", whole[:-8])  # CRC and size trailer cut off: the data is all there

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "events.jsonl.gz")
    assert row["type"] == "ode-jsonl"
    # 3 lines read, plus one record for the truncation itself, kept after the last line.
    assert counts(row) == dict(lignes=3, enregistrements=4, charges=3, doublons=0, rejetes=1, ignores=0)
    assert rejects(wh, "events.jsonl.gz") == [(4, "archive gzip tronquée ou illisible")]


def test_a_gz_file_cut_inside_its_second_member_keeps_the_lines_of_the_first(wh):
    first = gzip.compress(THREE_EVENTS.encode(), mtime=0)  # lines 1-3, whole
    second = gzip.compress((jline("LOGIN", "Auth", T0 + 3_600_000, "u-ens-1") + "\n").encode(), mtime=0)
    path = wh.write("rotated.jsonl.gz", first + second[:5])  # cut inside the 2nd header

    assert run(wh, "logs", path) == 0

    row = manifest(wh, "rotated.jsonl.gz")
    assert counts(row) == dict(lignes=3, enregistrements=4, charges=3, doublons=0, rejetes=1, ignores=0)
    assert rejects(wh, "rotated.jsonl.gz") == [(4, "archive gzip tronquée ou illisible")]


def test_a_truncated_gz_file_never_ends_in_a_traceback_and_keeps_the_truncation_as_a_reject(wh):
    whole = gzip.compress(THREE_EVENTS.encode(), mtime=0)
    path = wh.write("half.jsonl.gz", whole[: len(whole) // 2])

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "half.jsonl.gz")  # the accounting holds, whatever was readable
    assert row["rejetes"] >= 1
    assert rejects(wh, "half.jsonl.gz")[-1][1] == "archive gzip tronquée ou illisible"


def test_a_file_with_a_gzip_signature_but_garbage_after_it_is_one_reject(wh):
    path = wh.write("fake.log.gz", b"\x1f\x8bthis is not deflate data\n")

    assert run(wh, "logs", path) == 0
    assert strict_code(wh, "logs", path) == 1

    row = manifest(wh, "fake.log.gz")
    assert (row["enregistrements"], row["charges"], row["rejetes"]) == (1, 0, 1)
    assert rejects(wh, "fake.log.gz") == [(1, "archive gzip tronquée ou illisible")]


# --------------------------------------------------------------------------- bad files and arguments around the data


def test_a_broken_territory_file_is_kept_as_a_reject_with_its_line(wh):
    toml = (
        "[projet]\n"  # 1
        'nom = "ENT de Valmont\n'  # 2 the string is never closed
        "[marche]\n"  # 3
        "fin = 2028-08-31\n"
    )  # 4
    folder = reference_folder(wh, "ref", **{"territoire.toml": toml})

    assert run(wh, "reference", folder) == 0
    assert strict_code(wh, "reference", folder) == 1

    row = manifest(wh, "territoire.toml")
    assert (row["enregistrements"], row["charges"], row["rejetes"]) == (1, 0, 1)
    found = rejects(wh, "territoire.toml")
    assert len(found) == 1
    assert found[0][0] == 2 and found[0][1].startswith("toml illisible")


def test_a_territory_file_with_a_zero_threshold_is_rejected_and_the_strict_run_says_so(wh):
    folder = reference_folder(wh, "ref", **{"territoire.toml": "[confidentialite]\nseuil = 0\n"})

    assert run(wh, "reference", folder) == 0
    assert strict_code(wh, "reference", folder) == 1
    assert "seuil doit être un entier ≥ 1" in wh.last_output
    assert wh.value("SELECT count(*) FROM territoire") == 0


def test_a_warehouse_path_that_is_a_folder_is_an_unusable_argument(wh):
    path = wh.write("e.jsonl", jline("LOGIN", "Auth", T0, "u-ens-1") + "\n")
    folder = wh.root / "not-a-file.duckdb"
    folder.mkdir()

    elsewhere = Warehouse(wh.root)
    elsewhere.path = folder

    assert run(elsewhere, "logs", path) == 2


def test_a_warehouse_path_that_is_not_a_duckdb_file_is_an_unusable_argument(wh):
    path = wh.write("e.jsonl", jline("LOGIN", "Auth", T0, "u-ens-1") + "\n")
    wh.path.write_text("ceci n'est pas un entrepôt\n")

    assert run(wh, "logs", path) == 2
    assert "entrepôt illisible" in wh.last_output
    assert wh.path.read_text() == "ceci n'est pas un entrepôt\n"  # left as it was

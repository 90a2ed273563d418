"""No raw user id, login or IP address is stored anywhere in the warehouse (docs/operations.md).

A small territory and logs of every format are loaded, bad lines included
(rejected lines keep their raw text, masked). Then every column of every table
is read back as text and searched for the identifiers and addresses of the
inputs. The key lives outside the warehouse, and one key maps accounts and logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path

import duckdb
import pytest

from tests.conftest import COMPTES, ECOLES, PSEUDO_KEY, SERVICES, VAGUES, Warehouse

# 2024-09-09 06:42:10 UTC (Monday, 08:42:10 in Paris).
T0 = 1725864130000

# Accounts of conftest.COMPTES, plus three rows that are rejected but name people.
REJECTED_ACCOUNTS = (
    "u-bad-9,martin.secret,0381001H,Student,CM2-A,2024-06-20,,,non\n"  # uai invalide (0381001 → G)
    "u-bad-8,julie.cachee,0381001G,Directeur,CM2-A,2024-06-20,,,non\n"  # profil inconnu
    "u-bad-7,oscar.discret,0381001G,Student,CM2-A,31/02/2024,,,non\n"  # date illisible (date_creation)
)

ACTIVATIONS = (
    "service;portee;cible;profils;debut;fin\n"
    "blog;projet;;tous;01/09/2024;\n"
    "messagerie;utilisateur;u-elv-1;tous;01/09/2024;\n"
    "cahier_textes;utilisateur;lucas.garnier;eleve;32/09/2024;\n"  # date illisible (debut)
)

IDENTIFIERS = [
    "u-ens-1",
    "claire.fontaine",
    "u-elv-1",
    "lucas.garnier",
    "u-par-1",
    "nadia.garnier",
    "u-ens-2",
    "samuel.roux",
    "u-bad-9",
    "martin.secret",
    "u-bad-8",
    "julie.cachee",
    "u-bad-7",
    "oscar.discret",
    "u-inconnu-9",
]
ADDRESSES = [
    "192.0.2.10",
    "192.0.2.77",
    "203.0.113.9",
    "2001:db8::42",
    "2001:db8::43",
    "192.0.2.31",
    "198.51.100.5",
    "192.0.2.88",
    "192.0.2.99",
    "192.0.2.44",
    "2001:db8::31",
]


def jline(**fields) -> str:
    return json.dumps(fields) + "\n"


def cas_record(who: str, action: str, when: str, ip: str, what: str | None = None, cut: bool = False) -> str:
    lines = [
        "2024-09-09 08:31:02,412 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - "
        "Audit trail record BEGIN",
        "=============================================================",
        f"WHO: {who}",
        f"WHAT: {what or f'supplied credentials: [{who}]'}",
        f"ACTION: {action}",
        "APPLICATION: CAS",
        f"WHEN: {when}",
        f"CLIENT IP ADDRESS: {ip}",
        "SERVER IP ADDRESS: 198.51.100.5",
        "=============================================================",
        "",
    ]
    return "\n".join(lines[:5] if cut else lines) + "\n"


JSON_LOG = "".join(
    [
        jline(
            **{
                "event-type": "LOGIN",
                "module": "Auth",
                "date": T0,
                "userId": "u-ens-1",
                "ip": "192.0.2.10",
                "ua": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            }
        ),
        jline(
            **{"event-type": "LOGIN", "module": "Auth", "date": "pas une date", "userId": "u-par-1", "ip": "192.0.2.77"}
        ),  # date illisible
        jline(
            **{"event-type": "LOGIN", "module": "Auth", "date": 0, "userId": "u-ens-1", "ip": "192.0.2.10"}
        ),  # invraisemblable
        jline(**{"event-type": "ACCESS", "date": T0, "userId": "u-elv-1", "ip": "203.0.113.9"}),  # module manquant
        jline(
            **{"event-type": "LOGIN", "module": "Auth", "date": T0, "userId": "u-inconnu-9", "ip": "203.0.113.9"}
        ),  # waits
        jline(
            **{"event-type": "ACCESS", "module": "Blog", "date": T0 + 60_000, "userId": "u-ens-1", "ip": "2001:db8::42"}
        ),
        jline(
            **{
                "event-type": "ACCESS",
                "module": "Blog",
                "date": "30/02/2024",
                "userId": "u-par-1",
                "ip": "2001:db8::43",
            }
        ),  # date illisible
    ]
)

PG_LOG = (
    "id,date,profile,module,event_type,ua,device_type,platform_id,user_id\n"
    "e-1,2024-09-09 12:31:07.512,Teacher,Homeworks,ACCESS,Mozilla/5.0 (Macintosh),Desktop,p-1,u-ens-2\n"
    "e-2,hier midi,Teacher,Homeworks,ACCESS,Mozilla/5.0 (Macintosh),Desktop,p-1,u-ens-2\n"  # date illisible
    "e-3,2024-09-09 12:40:00,Teacher,,ACCESS,Mozilla/5.0 (Macintosh),Desktop,p-1,u-ens-2\n"  # module manquant
)

CAS_LOG = (
    cas_record("claire.fontaine", "AUTHENTICATION_SUCCESS", "Mon Sep 09 08:31:02 CEST 2024", "192.0.2.31")
    + cas_record(
        "nadia.garnier", "AUTHENTICATION_SUCCESS", "Mon Sep 99 99:99:99 CEST 2024", "192.0.2.77"
    )  # WHEN unreadable
    + cas_record("lucas.garnier", "AUTHENTICATION_SUCCESS", "", "192.0.2.88", cut=True)  # cut record
    + cas_record(
        "samuel.roux",
        "SERVICE_TICKET_CREATED",
        "Mon Sep 09 08:31:03 CEST 2024",
        "2001:db8::31",
        what="ST-4410-dQ7xRrPz-cas for https://ent.valmont.example/auth/login",
    )  # skipped
    + "WHO: lucas.garnier\n"  # stray lines outside any record
    + "CLIENT IP ADDRESS: 192.0.2.99\n"
)

CAS_SINGLE_LOG = (
    "Mon Sep 09 14:31:02 CEST 2024,CAS,supplied credentials: [samuel.roux],AUTHENTICATION_SUCCESS,samuel.roux,"
    "192.0.2.31,198.51.100.5\n"
    "Xyz Sep 99 14:31:02 CEST 2024,CAS,supplied credentials: [lucas.garnier],AUTHENTICATION_FAILED,lucas.garnier,"
    "192.0.2.44,198.51.100.5\n"  # date illisible
)

CSV_LOG = (
    "horodatage;utilisateur;service;action\n"
    "2024-09-10T08:15:00+02:00;lucas.garnier;;connexion\n"
    "2024-09-10T08:16:00+02:00;nadia.garnier;blog;voler\n"  # action inconnue
    "demain;nadia.garnier;;connexion\n"  # date illisible
    "2024-09-10T08:20:00+02:00;u-elv-1;;acces\n"  # service manquant
)


def write_territory(wh: Warehouse, name: str = "ref") -> Path:
    folder = wh.root / name
    folder.mkdir()
    (folder / "ecoles.csv").write_text(ECOLES, encoding="utf-8")
    (folder / "vagues.csv").write_text(VAGUES, encoding="utf-8")
    (folder / "services.csv").write_text(SERVICES, encoding="utf-8")
    (folder / "comptes.csv").write_text(COMPTES + REJECTED_ACCOUNTS, encoding="utf-8")
    (folder / "activations.csv").write_text(ACTIVATIONS, encoding="utf-8")
    (folder / "territoire.toml").write_text(
        '[projet]\nnom = "ENT de Valmont"\n[confidentialite]\nseuil = 5\n', encoding="utf-8"
    )
    return folder


def load_everything(wh: Warehouse) -> None:
    assert wh.ingest("reference", write_territory(wh), "--date", "2024-09-01") == 0, wh.last_output
    logs = [
        wh.write("events.jsonl", JSON_LOG),
        wh.write("access.csv", PG_LOG),
        wh.write("cas-audit.log", CAS_LOG),
        wh.write("cas-single.log", CAS_SINGLE_LOG),
        wh.write("usages.csv", CSV_LOG),
        # The same JSON events again, compressed: every line a duplicate or a reject.
        wh.write("events-copy.jsonl.gz", JSON_LOG + "\n", gz=True),
    ]
    assert wh.ingest("logs", *logs) == 0, wh.last_output


def every_stored_text(path: Path) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every non-NULL value of every column of every table."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND NOT internal ORDER BY ALL"
        ).fetchall()
        out = []
        for schema, table, column in columns:
            values = con.execute(
                f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM "{schema}"."{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            out.extend((table, column, v) for (v,) in values)
        return out
    finally:
        con.close()


def leaks(path: Path, forbidden: list[str]) -> list[tuple[str, str, str, str]]:
    """(secret, table, column, value) for every stored value that contains a forbidden string."""
    stored = every_stored_text(path)
    assert stored, "nothing stored: the scan would prove nothing"
    return [(s, t, c, v) for t, c, v in stored for s in forbidden if s.lower() in v.lower()]


def plain_hashes(idents: list[str]) -> list[str]:
    """Unkeyed digests of the identifiers: storing one would be as good as storing the identifier."""
    return [f(i.encode()).hexdigest() for i in idents for f in (hashlib.sha256, hashlib.md5)]


def test_no_raw_user_id_login_or_ip_address_is_stored_anywhere(wh):
    load_everything(wh)

    # The bad lines are kept (nothing is lost), so the scan reads their raw text too.
    motifs = dict(wh.rows("SELECT motif, count(*) FROM rejets GROUP BY motif"))
    assert motifs["uai invalide"] == 1 and motifs["profil inconnu"] == 1
    assert motifs["date illisible (date_creation)"] == 1 and motifs["date illisible (debut)"] == 1
    # JSON: lines 2 and 7, twice (plain and compressed copy); ODE CSV 1; CAS multi-line 1; single line 1; generic CSV 1.
    assert motifs["date illisible"] == 2 + 2 + 1 + 1 + 1 + 1
    assert motifs["date invraisemblable"] == 2
    assert motifs["module manquant"] == 2 + 1
    assert motifs["enregistrement CAS incomplet"] == 1
    assert motifs["ligne hors enregistrement CAS"] == 2
    assert motifs["action inconnue"] == 1 and motifs["service manquant"] == 1
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 1  # u-inconnu-9 waits

    # The scan reads every table that holds data, the masked raw text of rejects and JSON documents included.
    tables = {t for t, _, _ in every_stored_text(wh.path)}
    assert {
        "rejets",
        "fichiers",
        "comptes",
        "activations",
        "evenements",
        "evenements_en_attente",
        "pseudonymes",
        "identifiants_comptes",
        "territoire",
    } <= tables

    forbidden = IDENTIFIERS + ADDRESSES + [PSEUDO_KEY] + plain_hashes(IDENTIFIERS)
    assert leaks(wh.path, forbidden) == []
    # Nor in the bytes of the files next to the warehouse (free blocks, lock, write-ahead log).
    for path in wh.path.parent.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert [s for s in IDENTIFIERS + ADDRESSES if s.encode() in data] == [], path.name


def test_rejected_lines_keep_their_raw_text_with_identifiers_masked(wh):
    load_everything(wh)

    brut = wh.value(
        "SELECT brut FROM rejets r JOIN fichiers f USING (fichier_id) WHERE f.nom = 'events.jsonl' AND r.ligne = 2"
    )
    # Field names, the event kind and a module of services.csv stay; "pas" and "une" might be a name.
    assert brut == (
        '{"event-type": "LOGIN", "module": "Auth", "date": "[masqué] [masqué] date", "userId": "[masqué]", '
        '"ip": "[ip masquée]"}'
    )
    comptes_brut = wh.value("SELECT brut FROM rejets WHERE motif = 'uai invalide'")
    assert comptes_brut == "[masqué],[masqué],0381001H,Student,[masqué],2024-06-20,,,non"


def test_the_same_identifier_in_the_account_export_and_in_logs_is_the_same_account(wh):
    load_everything(wh)

    # Who did what, seen through the account each event attaches to (no raw id needed):
    # u-ens-1 is the only teacher of 0381001G, lucas.garnier its only pupil, u-ens-2 the teacher of 0381002H.
    assert wh.rows(
        "SELECT e.type, e.module, c.uai, c.profil FROM evenements e JOIN comptes c ON c.compte = e.compte ORDER BY e.ts"
    ) == [
        ("login", None, "0381001G", "enseignant"),  # CAS, WHO claire.fontaine (u-ens-1's login), 06:31:02 UTC
        ("login", "Auth", "0381001G", "enseignant"),  # JSON, userId u-ens-1, 06:42:10 UTC
        ("access", "Blog", "0381001G", "enseignant"),  # JSON, userId u-ens-1, 06:43:10 UTC
        ("login", None, "0381002H", "enseignant"),  # CAS single line, samuel.roux (u-ens-2's login), 12:31:02 UTC
        ("access", "Homeworks", "0381002H", "enseignant"),  # ODE CSV, user_id u-ens-2, 12:31:07.512 UTC
        ("login", None, "0381001G", "eleve"),  # generic CSV, lucas.garnier, 10 Sept 06:15 UTC
    ]
    # An id and a login of one person are one account: u-ens-1's JSON events and claire.fontaine's CAS login.
    assert (
        wh.value(
            "SELECT count(DISTINCT e.compte) FROM evenements e JOIN comptes c ON c.compte = e.compte "
            "WHERE c.uai = '0381001G' AND c.profil = 'enseignant'"
        )
        == 1
    )
    # The pid is the keyed hash of the identifier, whichever file named it.
    pid = wh.value(
        "SELECT pid FROM pseudonymes WHERE empreinte = ?",
        [hmac.new(PSEUDO_KEY.encode(), b"u-ens-1", hashlib.sha256).hexdigest()],
    )
    assert wh.value("SELECT DISTINCT compte FROM comptes WHERE uai = '0381001G' AND profil = 'enseignant'") == pid


def test_an_event_loaded_before_its_account_attaches_when_the_export_arrives(wh):
    log = wh.write(
        "early.csv", "horodatage;utilisateur;service;action\n2024-09-10T08:15:00+02:00;LUCAS.GARNIER;;connexion\n"
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 1

    assert wh.ingest("reference", write_territory(wh), "--date", "2024-09-01") == 0, wh.last_output

    assert wh.value("SELECT count(*) FROM evenements_en_attente") == 0
    assert wh.rows("SELECT c.uai, c.profil FROM evenements e JOIN comptes c USING (compte)") == [("0381001G", "eleve")]


def test_without_a_key_in_the_environment_a_private_key_file_is_created_next_to_the_warehouse(wh, monkeypatch):
    monkeypatch.delenv("ENT_PSEUDO_KEY", raising=False)
    key_file = wh.path.with_suffix(".key")
    assert not key_file.exists()

    assert wh.ingest("reference", write_territory(wh), "--date", "2024-09-01") == 0, wh.last_output

    assert key_file.parent == wh.path.parent
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = key_file.read_bytes().strip()
    assert len(key) >= 32
    # The key file is reused by the next command: a log event attaches to the account loaded before.
    log = wh.write("e.jsonl", jline(**{"event-type": "LOGIN", "module": "Auth", "date": T0, "userId": "u-ens-2"}))
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert key_file.read_bytes().strip() == key
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert wh.rows("SELECT c.uai, c.profil FROM evenements e JOIN comptes c USING (compte)") == [
        ("0381002H", "enseignant")
    ]
    # The key itself never enters the warehouse.
    assert leaks(wh.path, [key.decode()] + IDENTIFIERS) == []


@pytest.mark.parametrize(
    "key",
    [b"k", b"0123456789abcdef" * 4, "clé-longue-".encode() * 10],
    ids=["short key", "64-byte key", "key longer than a SHA-256 block"],
)
def test_identifiers_hashed_by_duckdb_get_the_keyed_hash_python_s_hmac_gives(key):
    from ingest.pseudonym import assign_pids
    from warehouse.queries import script

    # As stage_idents reads them: lower-cased by DuckDB, end spaces cut, tabs and accents kept.
    idents = [
        "u-elv-1",
        "jean.dupont@ac-grenoble.fr",
        "a b",
        "x",
        "élise.martin",
        "marc\t",
        "\tmarc",
        "mixed-CASE",
        "{0f3e-12}",
        "~!",
        "ﬁ-ligature",
    ]
    con = duckdb.connect()
    script(con, "schema")
    con.execute(
        "CREATE TEMP TABLE stage AS SELECT unnest($i::VARCHAR[]) AS ident, NULL AS rejet, NULL AS ignore", {"i": idents}
    )
    assign_pids(con, key, "stage_idents")

    stored = dict(con.execute("SELECT ident, empreinte FROM new_idents").fetchall())
    # RFC 2104 through the standard library, over the identifier trimmed and lower-cased.
    assert stored == {i: hmac.new(key, i.strip().lower().encode(), hashlib.sha256).hexdigest() for i in idents}
    # "marc\t" and "\tmarc" are one person, as they were when Python hashed every identifier.
    assert con.execute("SELECT count(DISTINCT pid), count(*) FROM ident_pid").fetchone() == (
        len(idents) - 1,
        len(idents),
    )


# --------------------------------------------------------------------------- suspected leaks, one per test


def test_a_json_line_cut_right_after_the_user_id_does_not_store_that_id(wh):
    log = wh.write("cut.jsonl", '{"event-type": "LOGIN", "module": "Auth", "date": 1725864130000, "userId": "u-elv-1\n')
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(1, "json invalide")]

    assert leaks(wh.path, ["u-elv-1"]) == []


def test_a_cas_single_line_cut_before_its_addresses_does_not_store_the_login(wh):
    log = wh.write(
        "cas-single.log",
        "Mon Sep 09 14:31:02 CEST 2024,CAS,supplied credentials: [samuel.roux],AUTHENTICATION_SUCCESS,samuel.roux\n",
    )
    assert wh.ingest("logs", log, "--format", "cas") == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(1, "ligne CAS mal formée")]

    assert leaks(wh.path, ["samuel.roux"]) == []


def test_an_ode_csv_line_with_an_unquoted_comma_does_not_store_the_user_id(wh):
    log = wh.write(
        "access.csv",
        "id,date,profile,module,event_type,ua,device_type,platform_id,user_id\n"
        "e-1,2024-09-09 12:31:07,Teacher,Blog,ACCESS,Mozilla/5.0 (KHTML, like Gecko),Desktop,p-1,u-ens-2\n",
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif FROM rejets") == [(2, "nombre de colonnes incorrect (10 au lieu de 9)")]

    assert leaks(wh.path, ["u-ens-2"]) == []


def test_an_activation_row_with_a_misspelt_scope_does_not_store_the_account_id_it_targets(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "activations.csv").write_text(
        "service;portee;cible;profils;debut;fin\nblog;user;u-elv-1;tous;01/09/2024;\n"
    )
    assert wh.ingest("reference", folder, "--date", "2024-09-01") == 0, wh.last_output
    assert wh.rows("SELECT ligne, motif FROM rejets") == [
        (2, "portée inconnue (projet, ecole, classe ou utilisateur attendu)")
    ]

    assert leaks(wh.path, ["u-elv-1"]) == []

"""The keyed hash that replaces every user id and login at ingest (docs/operations.md).

The key never enters the warehouse: it comes from the environment or from a
key file created next to the warehouse with mode 0600. Only the distinct
identifiers of a batch are hashed, then joined back set-wise.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

import duckdb

from warehouse.queries import execute, execute_text, one, rows, sql
from warehouse.settings import Settings

CHECK_KEY = "verification_cle"
# Logins such as prenom.nom can be guessed: with a short key, anyone holding
# the warehouse could hash candidate logins until one matches.
MIN_KEY_BYTES = 32


class KeyProblem(Exception):
    """The key is unusable, or not the one the warehouse was built with (message in French)."""


def load_key(settings: Settings) -> bytes:
    """The pseudonymisation key: env `ENT_PSEUDO_KEY`, else the key file (created if absent)."""
    from_env = os.environ.get(settings.pseudo_key_env)
    if from_env:
        return _strong(from_env.encode("utf-8"), settings.pseudo_key_env)
    path = settings.key_file
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes().strip()
        if not key:
            raise KeyProblem(f"le fichier de clé {path} est vide") from None
        return _strong(key, f"le fichier de clé {path}")
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    return path.read_bytes().strip()


def _strong(key: bytes, where: str) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise KeyProblem(
            f"clé de pseudonymisation trop courte ({where} : {len(key)} octets, {MIN_KEY_BYTES} au moins) : "
            "une clé courte permet de retrouver les identifiants ; créez-en une avec "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`"
        )
    return key


def check_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Refuse a key other than the one the warehouse was built with.

    With another key every person would get a new pid: their new events
    would wait forever for an account. The warehouse keeps only a keyed
    hash of a fixed text, which tells keys apart without revealing them.
    """
    check = keyed_hash(key, "ent-observatoire/verification-de-cle")
    found = one(con, "meta_get", cle=CHECK_KEY)
    if found is None:
        execute(con, "meta_set", cle=CHECK_KEY, valeur=check)
    elif found[0] != check:
        raise KeyProblem(
            "la clé de pseudonymisation n'est pas celle avec laquelle l'entrepôt a été construit "
            "(ENT_PSEUDO_KEY ou fichier de clé) : chargement refusé"
        )


def keyed_hash(key: bytes, ident: str) -> str:
    """HMAC-SHA-256 of a normalised identifier (trimmed, lower-cased), in hex."""
    return keyed_hashes(key, [ident])[0]


def keyed_hashes(key: bytes, idents: list[str]) -> list[str]:
    """HMAC-SHA-256 of many identifiers, normalised (trimmed, lower-cased): the keyed state is prepared once."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)
    out = []
    for ident in idents:
        h = keyed.copy()
        h.update(ident.strip().lower().encode("utf-8"))
        out.append(h.hexdigest())
    return out


def padded_keys(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA-256 (RFC 2104), for hashing in SQL (new_idents_empreintes)."""
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def assign_pids(con: duckdb.DuckDBPyConnection, key: bytes, source: str) -> None:
    """Give every identifier the named query `source` lists (column `ident`) a pid, creating pids for new people.

    Leaves TEMP TABLE `ident_pid(ident, pid)` mapping each given (raw,
    normalised) identifier to its pid; the raw strings live only in
    temporary tables, never in the warehouse file.
    """
    # DuckDB hashes the identifiers set-wise (a batch holds tens of thousands:
    # one by one in Python was most of this step); Python only those whose
    # normalisation it could not vouch for.
    inner, outer = padded_keys(key)
    execute_text(
        con,
        f"CREATE OR REPLACE TEMP TABLE new_idents AS WITH lot AS (\n{sql(source)}\n)\n{sql('new_idents_empreintes')}",
        cle_interne=inner,
        cle_externe=outer,
    )
    others = [r[0] for r in rows(con, "new_idents_autres")]
    if others:
        # Plain lists as bound parameters: building Arrow arrays from Python lists would
        # import pandas, which costs more than a small load.
        execute(con, "new_idents_completer", idents=others, empreintes=keyed_hashes(key, others))
    execute(con, "pseudonymes_add")
    execute(con, "ident_pid_create")

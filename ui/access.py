"""Who may see what: habilitations.csv gives each signed-in person a role and a scope of schools.

`identifiant; role; perimetre` — the identifier is compared, without case,
with the person's `email` claim; `perimetre` is a `|`-list of circonscription
names (roles `circonscription`, `accompagnement`) or of UAIs (role `ecole`),
empty for all. The file is read again whenever it changes, so a new person
can be let in without restarting the dashboard. Without sign-in configured,
the dashboard runs in local mode: one analyst on their own machine, full
rights, loopback address only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl

ROLES = ("pilotage", "accompagnement", "circonscription", "ecole")
ROLE_LABELS = {
    "pilotage": "pilotage",
    "accompagnement": "accompagnement",
    "circonscription": "circonscription",
    "ecole": "direction d'école",
}
# Pages a school director sees: their school's figures, never another school's.
SCHOOL_PAGES = ("vue-ensemble", "ecoles", "usage-des-services", "accompagnement")


@dataclass(frozen=True)
class Scope:
    """What one person may see."""

    role: str
    identifiant: str | None = None  # the signed-in person's e-mail; None in local mode
    circonscriptions: tuple[str, ...] = ()  # empty: every circonscription
    uais: tuple[str, ...] = ()  # role `ecole`: its school(s)
    local: bool = False

    @classmethod
    def local_mode(cls) -> Scope:
        return cls(role="pilotage", local=True)

    @property
    def everything(self) -> bool:
        """Whether every school is in scope."""
        return self.role == "pilotage" or (self.role == "accompagnement" and not self.circonscriptions)

    def schools(self, schools: pl.DataFrame) -> pl.DataFrame:
        """The rows of `schools` (with uai and circonscription columns) in scope."""
        if self.everything:
            return schools
        if self.role == "ecole":
            return schools.filter(pl.col("uai").is_in(list(self.uais)))
        return schools.filter(pl.col("circonscription").is_in(list(self.circonscriptions)))

    def sees_page(self, url_path: str) -> bool:
        """Whether a page is for this role (the access journal is the steering committee's). The default page,
        the overview, has an empty path."""
        url_path = url_path or "vue-ensemble"
        if url_path == "journal":
            return self.role == "pilotage"
        return self.role != "ecole" or url_path in SCHOOL_PAGES


@dataclass(frozen=True)
class Habilitations:
    """habilitations.csv as read: scopes by lower-cased identifier, and the file's problems."""

    scopes: dict[str, Scope] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def habilitations_path(warehouse: Path) -> Path:
    """`ENT_HABILITATIONS`, else habilitations.csv next to the warehouse."""
    return Path(os.environ.get("ENT_HABILITATIONS") or Path(warehouse).with_name("habilitations.csv"))


def read(path: Path) -> Habilitations:
    """The habilitations in force: read again whenever the file's size or modification time changes."""
    try:
        st = os.stat(path)
    except OSError:
        return Habilitations(problems=(f"{path} introuvable : personne n'est autorisé",))
    return _read(str(path), st.st_mtime_ns, st.st_size)


@cache
def _read(path: str, mtime_ns: int, size: int) -> Habilitations:
    from ingest.tabular import UnreadableFile, column_key, read_table

    try:
        table = read_table(Path(path))
    except (UnreadableFile, OSError) as exc:
        return Habilitations(problems=(f"{path} illisible : {exc}",))
    index = {column_key(c): i for i, c in enumerate(table.columns)}
    if not {"identifiant", "role"} <= set(index):
        return Habilitations(problems=(f"{path} : colonnes identifiant et role attendues",))
    scopes, problems = {}, []

    def value(values: list[str], name: str) -> str:
        i = index.get(name)
        return (values[i] if i is not None and i < len(values) and values[i] else "").strip()

    for line, values in zip(table.line_no, table.values):
        who, role = value(values, "identifiant").lower(), value(values, "role").lower()
        perimetre = value(values, "perimetre")
        if not who or role not in ROLES:
            problems.append(f"ligne {line} : identifiant manquant ou rôle inconnu (« {role} »)")
            continue
        parts = tuple(p.strip() for p in perimetre.split("|") if p.strip())
        if role == "ecole":
            scopes[who] = Scope(role, who, uais=tuple(p.upper() for p in parts))
        elif role == "pilotage":
            scopes[who] = Scope(role, who)
        else:
            scopes[who] = Scope(role, who, circonscriptions=parts)
    return Habilitations(scopes, tuple(problems))


def scope_for(email: str | None, path: Path) -> Scope | None:
    """The scope of the person signed in with `email`, or None when they are not listed."""
    if not email:
        return None
    return read(path).scopes.get(email.strip().lower())

"""Writing the demo in the vendors' real formats (docs/inputs.md), byte-identical for a seed.

Events are appended file by file as the schools are simulated chunk by
chunk, so memory stays bounded: gzip files get one member per chunk (a
multi-member gzip is one valid stream), plain files get appended lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from pathlib import Path

import polars as pl

from ingest.demo import survey
from ingest.demo.territory import (
    CONTRACT_END,
    CONTRACT_START,
    EXPORT_DATES,
    SCALES,
    SERVICES,
    SOURCE_PROFILE,
    WAVES,
    Territory,
)
from ingest.demo.usage import MODULES

# User agents by device, as browsers and the mobile app send them.
USER_AGENTS = {
    "ordinateur": [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    ],
    "tablette": [
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
    ],
    "mobile": [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
    ],
    "application": ["ENT-Mobile/3.4.1 (Android 14; SM-A546B)", "ENT-Mobile/3.4.0 (iOS 17.5; iPhone14,5)"],
}
UA_LIST = [ua for uas in USER_AGENTS.values() for ua in uas]
DEVICE_TYPE = {"ordinateur": "Desktop", "tablette": "Tablet", "mobile": "Mobile", "application": "Mobile"}
UA_DEVICE = [DEVICE_TYPE[d] for d, uas in USER_AGENTS.items() for _ in uas]
# Device mix by profile (shares of ordinateur, tablette, mobile, application).
DEVICE_MIX = {
    "enseignant": (0.75, 0.1, 0.1, 0.05),
    "personnel": (0.8, 0.05, 0.1, 0.05),
    "eleve": (0.45, 0.45, 0.05, 0.05),
    "parent": (0.15, 0.1, 0.45, 0.3),
}

MODULE_SERVICE = {m: s for s, _, _, mods in SERVICES for m in mods.split("|")}
EVENT_TYPES = {
    "Timeline": "ACCESS",
    "Conversation": "ACCESS",
    "Blog": "GET_RESOURCE",
    "Workspace": "GET_RESOURCE",
    "Homeworks": "ACCESS",
    "Schoolbook": "ACCESS",
    "Collaborativewall": "ACCESS",
    "Exercizer": "CREATE",
    "Forum": "ACCESS",
    "Poll": "ACCESS",
    "Actualites": "ACCESS",
    "Calendar": "ACCESS",
    "Directory": "ACCESS",
    "Mindmap": "ACCESS",
    "Scrapbook": "ACCESS",
}

CAS_RECORD = (
    "{stamp},{ms} INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN\n"
    "=============================================================\n"
    "WHO: {who}\nWHAT: supplied credentials: [{who}]\nACTION: {action}\nAPPLICATION: CAS\n"
    "WHEN: {when}\nCLIENT IP ADDRESS: {ip}\nSERVER IP ADDRESS: 198.51.100.5\n"
    "=============================================================\n\n"
)


def append(path: Path, data: bytes, gz: bool) -> None:
    """Append bytes to a file, as a new gzip member when the file is gzipped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as f:
        f.write(gzip.compress(data, compresslevel=1, mtime=0) if gz else data)


# ---------------------------------------------------------------- reference


def _csv(rows: list[list], header: list[str], sep: str = ";") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n" if sep == ";" else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _fr(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def write_reference(t: Territory, folder: Path) -> None:
    """territoire.toml, vagues, ecoles (as a French Excel saves it), services, activations, comptes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "territoire.toml").write_text(
        f"""# Territoire de démonstration (données fictives, graine {t.seed}, taille {t.scale}).
[projet]
nom = "ENT des écoles de Valmont-Agglomération (démonstration)"
porteur = "Communauté d'agglomération de Valmont"

[marche]
editeur = "Éditeur ENT"
solution = "ENT premier degré"
debut = {CONTRACT_START.isoformat()}
fin = {CONTRACT_END.isoformat()}

[cibles]
taux_activation = {{ enseignant = 0.9, eleve = 0.7, parent = 0.6 }}
taux_usage_28j = {{ enseignant = 0.7, eleve = 0.5, parent = 0.4 }}

[accompagnement]
semaines_min_depuis_ouverture = 4
activation_min = {{ enseignant = 0.8, eleve = 0.5, parent = 0.5 }}
part_enseignants_actifs_min = 0.5
baisse_usage_max = 0.7
semaines_sans_activite = 2
semaines_services_initiaux = 4
echecs_connexion_max = 0.3

[confidentialite]
seuil = 5
retention_mois = 12

[deploiement]
ecoles_par_vague_max = {max(SCALES[t.scale]["waves"])}
ecoles_accompagnees_max = {max(SCALES[t.scale]["waves"]) * 3 // 2}  # schools in phases II-III at once
{survey.toml_blocks()}""",
        encoding="utf-8",
    )
    (folder / "vagues.csv").write_text(
        _csv(
            [
                [code, label, year, _fr(planned), "oui" if pilot else "non"]
                for code, label, year, planned, pilot in WAVES
            ],
            ["vague", "libelle", "annee_scolaire", "ouverture_prevue", "pilote"],
        ),
        encoding="utf-8",
    )
    header = [
        "UAI",
        "Nom",
        "Commune",
        "Circonscription",
        "Zone",
        "Vague",
        "Date candidature",
        "Date confirmation",
        "Date début déploiement",
        "Date ouverture",
        "Date bilan",
        "Élèves",
        "Enseignants",
        "Demande",
        "Implication équipe",
        "Usages numériques",
        "État technique",
        "État fonctionnel",
    ]
    rows = [
        [
            s["uai"],
            s["nom"],
            s["commune"],
            s["circonscription"],
            s["zone"],
            s["vague"],
            _fr(s["date_candidature"]),
            _fr(s["date_confirmation"]),
            _fr(s["date_debut_deploiement"]),
            _fr(s["date_ouverture"]),
            _fr(s["date_bilan"]),
            s["eleves"],
            s["enseignants"],
            s["demande"],
            s["implication_equipe"],
            s["usages_numeriques"],
            s["etat_technique"],
            s["etat_fonctionnel"],
        ]
        for s in t.schools.iter_rows(named=True)
    ]
    (folder / "ecoles.csv").write_bytes(_csv(rows, header).encode("cp1252"))
    (folder / "services.csv").write_text(
        _csv([list(s) for s in SERVICES], ["service", "libelle", "groupe", "modules"]), encoding="utf-8"
    )
    (folder / "activations.csv").write_text(
        _csv(
            [
                [r["service"], r["portee"], r["cible"] or "", r["profils"], _fr(r["debut"]), _fr(r["fin"])]
                for r in t.activations.iter_rows(named=True)
            ],
            ["service", "portee", "cible", "profils", "debut", "fin"],
        ),
        encoding="utf-8",
    )


def account_export(t: Territory, on: dt.date, activation: dict[int, dt.date]) -> str:
    """The ENT's account export on a day: the accounts present then, classes of that school year."""
    year = on.year if on.month >= 8 else on.year - 1
    present = t.accounts.filter(
        (pl.col("present_from") <= on) & (pl.col("present_to").is_null() | (pl.col("present_to") > on))
    )
    lines = ["id,login,uai,profil,classe,date_creation,date_distribution,date_activation,personne_ressource"]
    schools = {s["school"]: s for s in t.schools.iter_rows(named=True)}
    for a in present.iter_rows(named=True):
        s = schools[a["school"]]
        profile = "National_DIR" if a["directeur"] else SOURCE_PROFILE[a["profil"]]
        opening = s["date_ouverture"]
        if a["profil"] in ("enseignant", "personnel"):
            distributed = max(s["date_debut_deploiement"] + dt.timedelta(days=20), a["present_from"])
        else:
            distributed = max(opening, a["present_from"] + dt.timedelta(days=5))
        act = activation.get(a["compte"])
        shown_act = act if act and act <= on and a["profil"] in ("enseignant", "personnel") else None
        lines.append(
            ",".join(
                [
                    a["id"],
                    a["login"],
                    a["uai"],
                    profile,
                    a.get(f"classe_{year}") or "",
                    a["date_creation"].isoformat(),
                    distributed.isoformat() if distributed <= on else "",
                    shown_act.isoformat() if shown_act else "",
                    "oui" if a["personne_ressource"] else "non",
                ]
            )
        )
    return "\n".join(lines) + "\n"


def write_account_exports(
    t: Territory, out: Path, reference: Path, activation: dict[int, dt.date]
) -> list[tuple[Path, dt.date]]:
    """Earlier exports under comptes-historique/DATE/, the latest in the reference folder (UTF-8 with BOM)."""
    folders = []
    for i, day in enumerate(EXPORT_DATES):
        folder = reference if i == len(EXPORT_DATES) - 1 else out / "comptes-historique" / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "comptes.csv").write_bytes(b"\xef\xbb\xbf" + account_export(t, day, activation).encode("utf-8"))
        folders.append((folder, day))
    return folders


# ---------------------------------------------------------------- events

PG_UNTIL = dt.date(2025, 1, 1)  # the pilot's first months come from a PostgreSQL export
GENERIC_MONTH = "2026-01"  # one month came through a partner's generic CSV export
MONGO_DATE_MONTH = "2025-03"  # one month's JSON was exported with {"$date": ...}
CAS_SINGLE_FROM = dt.date(2026, 10, 1)  # the CAS audit log switched to its one-line form


def account_attributes(t: Territory, rng) -> pl.DataFrame:
    """Per account: what its events carry (ids, source profile, school structure, class, device, address)."""
    acc = t.accounts
    mix = [DEVICE_MIX[p] for p in acc["profil"].to_list()]
    draw = acc["appareil"].to_list()
    devices = []
    for shares, u in zip(mix, draw):
        cumulative, pick = 0.0, 3
        for i, share in enumerate(shares):
            cumulative += share
            if u < cumulative:
                pick = i
                break
        devices.append(pick)
    per_device = [len(v) for v in USER_AGENTS.values()]
    first_ua = [sum(per_device[:i]) for i in range(len(per_device))]
    ua_idx = [first_ua[d] + (i % per_device[d]) for i, d in enumerate(devices)]
    return acc.select(
        "compte",
        "id",
        "login",
        "uai",
        "profil",
        src_profil=pl.col("profil").replace_strict(SOURCE_PROFILE),
        structure=pl.col("uai").hash(seed=7).cast(pl.String).str.slice(0, 8) + "-struct",
        classe=pl.coalesce("classe_2026", "classe_2025", "classe_2024").fill_null(""),
        ua=pl.Series([UA_LIST[i] for i in ua_idx]),
        device_type=pl.Series([UA_DEVICE[i] for i in ua_idx]),
        ip=pl.lit("192.0.2.") + pl.Series(rng.integers(1, 255, size=acc.height)).cast(pl.String),
    )


def _with_time(events: pl.DataFrame) -> pl.DataFrame:
    local = pl.from_epoch("ts", "ms").dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Paris")
    return events.with_columns(local=local).with_columns(jour=pl.col("local").dt.date())


def write_events(events: pl.DataFrame, attrs: pl.DataFrame, logs: Path, rng) -> int:
    """Route one chunk's events to the files a platform would hand over; returns the events written."""
    ev = _with_time(events.join(attrs, on="compte", how="left")).with_columns(
        module_name=pl.when(pl.col("module") >= 0).then(
            pl.col("module").cast(pl.Int64).map_elements(lambda i: MODULES[i], return_dtype=pl.String)
        )
    )
    ev = ev.sort("ts", "compte", "kind")
    cas = ev.filter(pl.col("kind") <= 1)
    ode = ev.filter(pl.col("kind") >= 2)
    _write_cas(cas, logs / "cas", rng)
    generic_mask = (pl.col("jour").dt.strftime("%Y-%m") == GENERIC_MONTH) & (pl.col("kind") == 2)
    pg_mask = pl.col("jour") < PG_UNTIL
    _write_pg(ode.filter(pg_mask), logs / "ode-pg", rng)
    _write_generic(ode.filter(generic_mask), logs / "usages")
    _write_jsonl(ode.filter(~pg_mask & ~generic_mask), logs / "ode")
    return ev.height


def _write_cas(cas: pl.DataFrame, folder: Path, rng) -> None:
    if cas.is_empty():
        return
    noise = (
        cas.filter(pl.col("kind") == 0)
        .sample(fraction=0.3, seed=int(rng.integers(2**31)))
        .with_columns(ts=pl.col("ts") + 400, kind=pl.lit(9, pl.Int8))
    )
    cas = _with_time(pl.concat([cas.drop("local", "jour"), noise.drop("local", "jour")])).sort("ts", "compte", "kind")
    cas = cas.with_columns(
        action=pl.col("kind").replace_strict(
            {0: "AUTHENTICATION_SUCCESS", 1: "AUTHENTICATION_FAILED", 9: "SERVICE_TICKET_CREATED"},
            return_dtype=pl.String,
        ),
        when=pl.col("local").dt.strftime("%a %b %d %H:%M:%S %Z %Y"),
        stamp=pl.col("local").dt.strftime("%Y-%m-%d %H:%M:%S"),
        ms=(pl.col("ts") % 1000).cast(pl.String).str.zfill(3),
        mois=pl.col("jour").dt.strftime("%Y-%m"),
    )
    for (mois,), part in cas.partition_by("mois", as_dict=True, maintain_order=True).items():
        single = dt.date.fromisoformat(mois + "-01") >= CAS_SINGLE_FROM
        if single:
            text = part.select(
                pl.concat_str(
                    [
                        "when",
                        pl.lit(",CAS,supplied credentials: ["),
                        "login",
                        pl.lit("],"),
                        "action",
                        pl.lit(","),
                        "login",
                        pl.lit(","),
                        "ip",
                        pl.lit(",198.51.100.5\n"),
                    ]
                )
            ).to_series()
        else:
            text = part.select(
                pl.concat_str(
                    [
                        "stamp",
                        pl.lit(","),
                        "ms",
                        pl.lit(
                            " INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN\n"
                            "=============================================================\nWHO: "
                        ),
                        "login",
                        pl.lit("\nWHAT: supplied credentials: ["),
                        "login",
                        pl.lit("]\nACTION: "),
                        "action",
                        pl.lit("\nAPPLICATION: CAS\nWHEN: "),
                        "when",
                        pl.lit("\nCLIENT IP ADDRESS: "),
                        "ip",
                        pl.lit(
                            "\nSERVER IP ADDRESS: 198.51.100.5\n=============================================================\n\n"
                        ),
                    ]
                )
            ).to_series()
        append(folder / f"cas-audit-{mois}.log.gz", "".join(text.to_list()).encode("utf-8"), gz=True)


def _event_type(frame: pl.DataFrame) -> pl.Expr:
    return (
        pl.when(pl.col("kind") == 3)
        .then(pl.lit("ACTIVATION"))
        .otherwise(pl.col("module_name").replace_strict(EVENT_TYPES, default="ACCESS"))
    )


def _write_jsonl(ode: pl.DataFrame, folder: Path) -> None:
    if ode.is_empty():
        return
    ode = ode.with_columns(
        **{"event-type": _event_type(ode)},
        module=pl.coalesce("module_name", pl.lit("Auth")),
        day=pl.col("jour").cast(pl.String),
    )
    for (day,), part in ode.partition_by("day", as_dict=True, maintain_order=True).items():
        date = pl.col("ts")
        if day.startswith(MONGO_DATE_MONTH):
            date = pl.struct(pl.from_epoch("ts", "ms").dt.strftime("%Y-%m-%dT%H:%M:%S.%3fZ").alias("$date"))
        frame = part.select(
            "event-type",
            "module",
            date.alias("date"),
            pl.col("id").alias("userId"),
            pl.col("src_profil").alias("profil"),
            pl.concat_list("structure").alias("structures"),
            pl.concat_list("classe").alias("classes"),
            "ua",
            "ip",
        )
        append(folder / f"events-{day}.jsonl.gz", frame.write_ndjson().encode("utf-8"), gz=True)


def _write_pg(pg: pl.DataFrame, folder: Path, rng) -> None:
    if pg.is_empty():
        return
    pg = pg.with_columns(
        event_type=_event_type(pg),
        module=pl.coalesce("module_name", pl.lit("Auth")),
        event_id=pl.Series(rng.integers(0, 2**62, size=pg.height)).cast(pl.String),
        date=pl.from_epoch("ts", "ms").dt.strftime("%Y-%m-%d %H:%M:%S%.3f"),
        mois=pl.col("jour").dt.strftime("%Y-%m"),
    )
    for (mois,), part in pg.partition_by("mois", as_dict=True, maintain_order=True).items():
        path = folder / f"evenements-{mois}.csv.gz"
        frame = part.select(
            pl.col("event_id").alias("id"),
            "date",
            pl.col("src_profil").alias("profile"),
            "module",
            "event_type",
            "ua",
            "device_type",
            pl.lit("valmont-ent").alias("platform_id"),
            pl.col("id").alias("user_id"),
        )
        append(path, frame.write_csv(include_header=not path.exists()).encode("utf-8"), gz=True)


def _write_generic(gen: pl.DataFrame, folder: Path) -> None:
    if gen.is_empty():
        return
    path = folder / f"usages-{GENERIC_MONTH}.csv"
    frame = gen.select(
        pl.col("local").dt.strftime("%Y-%m-%dT%H:%M:%S%.3f%:z").alias("horodatage"),
        pl.when(pl.col("compte") % 2 == 0).then("login").otherwise("id").alias("utilisateur"),
        pl.coalesce(pl.col("module_name").replace_strict(MODULE_SERVICE, default=None), "module_name").alias("service"),
        pl.lit("acces").alias("action"),
    )
    append(path, frame.write_csv(separator=";", include_header=not path.exists()).encode("utf-8"), gz=False)

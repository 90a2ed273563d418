"""The demo territory: a realistic synthetic territory written in the vendors' real formats.

`generate` writes a reference folder (docs/inputs.md), earlier account exports
and raw logs with a few planted defects; `load` then loads them
through the very same reference and log loaders a real territory uses.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from ingest.demo import survey, writers
from ingest.demo.territory import CONTRACT_START, SCALES, make_territory
from ingest.demo.usage import UsageModel
from ingest.report import nombre

# Schools simulated and written together: bounds memory (the large scale's
# pilot schools alone make millions of events).
CHUNK_SCHOOLS = {"small": 40, "medium": 40, "large": 4}


def generate(out: Path, scale: str = "medium", seed: int = 1, say: Callable[[str], None] = print) -> dict:
    """Write the demo territory's files under `out`; returns the manifest of planted defects."""
    out = Path(out)
    for sub in ("reference", "comptes-historique", "logs", "enquetes", "defauts.json"):
        target = out / sub
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    rng = np.random.default_rng([seed, 99])
    territory = make_territory(scale, seed)
    say(f"1/4 Territoire : {nombre(territory.schools.height)} écoles, {nombre(territory.accounts.height)} comptes")
    writers.write_reference(territory, out / "reference")

    model = UsageModel(territory, seed, intensity=SCALES[scale]["intensity"])
    attrs = writers.account_attributes(territory, rng)
    opened = territory.open_schools
    activation: dict[int, dt.date] = {}
    total = 0
    schools = list(opened.iter_rows(named=True))
    chunk = CHUNK_SCHOOLS[scale]
    for start in range(0, len(schools), chunk):
        parts = []
        for school in schools[start : start + chunk]:
            acc = territory.accounts.filter(pl.col("school") == school["school"])
            events, act = model.school_events(school, acc)
            ids = acc["compte"].to_numpy()
            parts.append(events.with_columns(compte=pl.Series(ids[events["compte"].to_numpy()], dtype=pl.UInt32)))
            for c, day in zip(ids[act >= 0].tolist(), act[act >= 0].tolist()):
                activation[c] = CONTRACT_START + dt.timedelta(days=day)
        total += writers.write_events(pl.concat(parts), attrs, out / "logs", rng)
        done = min(start + chunk, len(schools))
        say(f"2/4 Journaux : {done}/{len(schools)} écoles ouvertes, {nombre(total)} évènements")
    writers.write_account_exports(territory, out, out / "reference", activation)
    survey.write(territory.schools, out / "enquetes", seed)
    manifest = plant_defects(out / "logs")
    manifest["evenements_generes"] = total
    (out / "defauts.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _lines(path: Path) -> list[bytes]:
    with gzip.open(path, "rb") as f:
        return f.read().split(b"\n")[:-1]


def plant_defects(logs: Path) -> dict:
    """A few genuinely malformed lines and one overlapping rotated file, recorded with their expected reasons."""
    rejects, duplicates = [], 0
    jsonl = sorted((logs / "ode").glob("events-2025-11-1*.jsonl.gz"))
    if jsonl:
        path = jsonl[0]
        n = len(_lines(path))
        bad = [
            b'{"event-type":"ACCESS","module":"Blog","date":17633',
            b'{"event-type":"ACCESS","module":"Blog","date":"17/11/2025 08:00","userId":"x"}',
        ]
        writers.append(path, b"\n".join(bad) + b"\n", gz=True)
        rejects += [
            {"fichier": str(path.relative_to(logs)), "ligne": n + 1, "motif": "json invalide"},
            {"fichier": str(path.relative_to(logs)), "ligne": n + 2, "motif": "date illisible"},
        ]
    pg = sorted((logs / "ode-pg").glob("*.csv.gz"))
    if pg:
        path = pg[0]
        n = len(_lines(path))
        writers.append(path, b"123,2024-10-01 08:00:00.000,Teacher,Blog,ACCESS\n", gz=True)
        rejects.append(
            {
                "fichier": str(path.relative_to(logs)),
                "ligne": n + 1,
                "motif": "nombre de colonnes incorrect (5 au lieu de 9)",
            }
        )
    cas = sorted((logs / "cas").glob("cas-audit-2025-0*.log.gz"))
    if cas:
        path = cas[0]
        n = len(_lines(path))
        cut = (
            b"2025-03-31 23:59:59,999 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - "
            b"Audit trail record BEGIN\n=============================================================\n"
            b"WHO: [masque]\nWHAT: supplied credentials: [masque]\n"
        )
        writers.append(path, cut, gz=True)
        rejects.append(
            {"fichier": str(path.relative_to(logs)), "ligne": n + 1, "motif": "enregistrement CAS incomplet"}
        )
    generic = sorted((logs / "usages").glob("*.csv"))
    if generic:
        path = generic[0]
        n = len(path.read_bytes().split(b"\n")) - 1
        writers.append(path, b"2026-01-15T10:00:00+01:00;inconnu;blog;consultation\n", gz=False)
        rejects.append({"fichier": str(path.relative_to(logs)), "ligne": n + 1, "motif": "action inconnue"})
    # A rotation that lagged: the last file of November also holds the first events of 1 December.
    before, after = logs / "ode" / "events-2025-11-30.jsonl.gz", logs / "ode" / "events-2025-12-01.jsonl.gz"
    if before.exists() and after.exists():
        overlap = _lines(after)[:30]
        writers.append(before, b"\n".join(overlap) + b"\n", gz=True)
        duplicates = len(overlap)
    return {"rejets": rejects, "doublons": duplicates}


def load(con, key: bytes, out: Path):
    """Load the generated files through the real loaders: account history first, then the reference, then logs."""
    from ingest.load import load_logs
    from ingest.reference import load_reference
    from ingest.report import RunReport

    out = Path(out)
    result = RunReport()
    history = sorted((out / "comptes-historique").iterdir()) if (out / "comptes-historique").exists() else []
    for folder in history:
        result.files += load_reference(con, key, folder, dt.date.fromisoformat(folder.name)).files
    from ingest.demo.territory import EXPORT_DATES

    result.files += load_reference(con, key, out / "reference", EXPORT_DATES[-1]).files
    result.files += load_logs(con, key, [out / "logs"]).files
    from ingest.enquete import load_survey

    for name, file_name, _, _ in survey.CAMPAIGNS:
        if (out / "enquetes" / file_name).exists():
            result.files += load_survey(con, out / "enquetes" / file_name, name, EXPORT_DATES[-1]).files
    return result

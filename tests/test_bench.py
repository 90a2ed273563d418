"""`make bench` itself, run at a thousandth of its sizes so that it cannot rot unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_runs_end_to_end_and_states_each_target(tmp_path):
    committed = (ROOT / "bench" / "results.md").read_bytes()
    env = {**os.environ, "ENT_BENCH_SMOKE": "1", "ENT_BENCH_WORK": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "bench/run.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]

    report = (tmp_path / "results-smoke.md").read_text(encoding="utf-8")
    for heading in [
        "## Bilan des cibles",
        "## 1. Débit de chargement par format",
        "## 1 bis. Débit de chargement sur dix millions d'évènements",
        "## 2. Coût de chaque étape",
        "## 3. Mémoire",
        "## 4. Latence des requêtes des pages",
        "## 5. Génération et chargement",
        "## 6. Croissance",
    ]:
        assert heading in report
    verdicts = report.split("## Bilan des cibles")[1].split("\n## ")[0]
    # One row per format on 1 M events (floors) and per format on 10 M (targets), memory, the queries of each
    # measured warehouse, the daily run with nothing new, the support pages' render, the alert history's share of a
    # daily load, and the total time.
    rows = [ln for ln in verdicts.splitlines() if ln.startswith("| ") and not ln.startswith("| cible")]
    assert len(rows) == 13
    assert any(r.startswith("| Page Accompagnement et fiche d'une école") for r in rows)
    assert any(r.startswith("| Historique des alertes : un jour de plus") for r in rows)
    assert all(r.split("|")[3].strip() in {"oui", "**non**"} for r in rows)
    # Every measured format loaded through the fast path or the exact one, with its ratio.
    table = report.split("## 1.")[1].split("\n## ")[0]
    assert {ln.split("|")[1].strip() for ln in table.splitlines() if ln.startswith("| ") and "Mo" in ln} == {
        "ode-jsonl",
        "ode-jsonl (évènements épars)",
        "ode-jsonl (voie exacte)",
        "ode-pg-csv",
        "csv",
        "cas",
        "cas (voie exacte)",
    }
    assert "Coût fixe d'une commande : charger un fichier CSV générique de 10 évènements prend" in table
    # Each step of the ODE and the generic CSV loads, side by side.
    steps = report.split("## 2.")[1].split("\n## ")[0]
    assert "| étape | ode-jsonl (s) | part | csv (s) | part |" in steps and "| total |" in steps
    ten = report.split("## 1 bis.")[1].split("\n## ")[0]
    assert {ln.split("|")[1].strip() for ln in ten.splitlines() if ln.startswith("| ") and "Mo" in ln} == {
        "ode-jsonl",
        "ode-pg-csv",
        "csv",
    }
    # The committed report is not touched by a smoke run.
    assert (ROOT / "bench" / "results.md").read_bytes() == committed

"""`make bench`: ingest against DuckDB's own reader, loading costs, memory, page queries, demo generation.

Writes bench/results.md (regenerated each run). Every time is the median of
several runs; ratios are measured in the same run. The 100 M-event runs are
left out unless ENT_BENCH_FULL=1 (they need well over half an hour here).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import inputs  # noqa: E402

WORK = ROOT / "bench" / "work"
FULL = os.environ.get("ENT_BENCH_FULL") == "1"
RUNS = int(os.environ.get("ENT_BENCH_RUNS", "3"))
USERS = 20_000
ENV = {**os.environ, "ENT_PSEUDO_KEY": "bench-key", "PYTHONPATH": str(ROOT)}
lines: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def median_time(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ingest(cmd: list[str], timings: bool = False):
    """Run `python -m ingest CMD`; with `timings`, return the seconds it spent refreshing the rollups."""
    env = {**ENV, "ENT_TIMINGS": "1"} if timings else ENV
    proc = subprocess.run([sys.executable, "-m", "ingest", *cmd], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    if timings:
        found = [l for l in proc.stderr.splitlines() if l.startswith("agrégats ")]
        return float(found[-1].split()[1]) if found else 0.0
    return proc


def fresh_warehouse(name: str) -> Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    wh = folder / "ent.duckdb"
    ingest(["reference", str(inputs.comptes(folder / "ref", USERS)), "--warehouse", str(wh), "--date", "2025-09-01"])
    return wh


def plain_reader(fmt: str, path: Path) -> None:
    (WORK / "plain.duckdb").unlink(missing_ok=True)
    con = duckdb.connect(str(WORK / "plain.duckdb"))
    reader = f"read_json('{path}', format='newline_delimited')" if fmt == "ode-jsonl" else f"read_csv('{path}')"
    con.execute(f"CREATE OR REPLACE TABLE t AS SELECT * FROM {reader}")
    con.close()


def bench_ingest() -> None:
    say("## 1. Débit de chargement par format")
    say("")
    say("Évènements par seconde à travers `python -m ingest logs` (référentiel de 20 000 comptes déjà chargé, "
        "entrepôt neuf à chaque essai ; démarrage de Python, copie, agrégats et publication compris), contre le "
        "lecteur brut de DuckDB chargeant le même fichier dans une table nue d'un fichier DuckDB, sans aucune "
        "validation. Ratio = temps du lecteur brut / temps du chargement (cible ≥ 0,7 ; plancher 0,5) ; "
        "CAS : cible ≥ 300 000 enregistrements/s. « voie exacte » : le même fichier suivi d'une ligne vide, "
        "ce qui l'envoie vers la lecture ligne à ligne (celle qui nomme chaque ligne rejetée).")
    say("")
    say("| format | évènements | fichier | chargement (s) | dont agrégats (s) | év./s | lecteur brut (s) | ratio |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|")
    sizes = {"ode-jsonl": 1_000_000, "ode-pg-csv": 1_000_000, "csv": 1_000_000, "cas": 300_000}
    for fmt, n in sizes.items():
        path = inputs.write(fmt, WORK / f"in-{fmt}.{'log' if fmt == 'cas' else 'jsonl' if fmt == 'ode-jsonl' else 'csv'}",
                            inputs.events(n, USERS))
        variants = [(fmt, path)]
        if fmt == "ode-jsonl":
            exact = WORK / "in-ode-jsonl-exacte.jsonl"
            shutil.copyfile(path, exact)
            with open(exact, "a") as f:
                f.write("\n")
            variants.append(("ode-jsonl (voie exacte)", exact))
        for label, source in variants:
            timings, rollup_times = [], []
            for _ in range(RUNS):
                wh = fresh_warehouse(f"ingest-{fmt}")
                started = time.perf_counter()
                out = ingest(["logs", str(source), "--warehouse", str(wh)], timings=True)
                timings.append(time.perf_counter() - started)
                rollup_times.append(out)
            ours = statistics.median(timings)
            rollup = statistics.median(rollup_times)
            plain = median_time(lambda: plain_reader(fmt, path)) if fmt != "cas" else None
            size = source.stat().st_size / 1e6
            say(f"| {label} | {n:,} | {size:.0f} Mo | {ours:.2f} | {rollup:.2f} | {n / ours:,.0f} | "
                f"{'—' if plain is None else f'{plain:.2f}'} | {'—' if plain is None else f'{plain / ours:.2f}'} |"
                .replace(",", "\u202f"))
    say("")


def bench_steps() -> None:
    from ingest.load import load_logs
    from warehouse.db import writer

    say("## 2. Coût de chaque étape (pseudonymisation, clés et doublons…)")
    say("")
    path = WORK / "in-ode-jsonl.jsonl"
    wh = fresh_warehouse("steps")
    started = time.perf_counter()
    with writer(wh) as con:
        report = load_logs(con, b"bench-key", [path])
    total = time.perf_counter() - started
    say(f"Un chargement de {path.name} (1 000 000 évènements) mesuré de l'intérieur : {total:.2f} s au total "
        "(copie, transaction et publication comprises).")
    say("")
    say("| étape | secondes | part |")
    say("|---|---:|---:|")
    for step, seconds in sorted(report.timings.items(), key=lambda kv: -kv[1]):
        say(f"| {step} | {seconds:.2f} | {seconds / total:.0%} |")
    say("")
    cost = report.timings["pseudonymisation"] + report.timings["cles_et_doublons"]
    say(f"Le même chargement sans pseudonymisation ni dédoublonnage (ces deux étapes retirées) prendrait "
        f"{total - cost:.2f} s : elles coûtent {cost:.2f} s, soit {cost / total:.0%}. "
        "`lecture_rapide` : lecture du fichier par DuckDB, analyse et règles de rejet en une passe ; "
        "`empreinte_fichier` : SHA-256 et comptage des lignes (contrôle de la voie rapide) ; "
        "`cles_et_doublons` : personne, compte, appareil, jour de Paris, clé de contenu et anti-jointure.")
    say("")


def bench_memory() -> None:
    say("## 3. Mémoire")
    say("")
    n = 22_000_000 if FULL else 4_000_000
    path = inputs.write("ode-jsonl", WORK / "big.jsonl", inputs.events(n, USERS, seed=2))
    wh = fresh_warehouse("memory")
    # A fresh parent whose only child is the load: its children's peak RSS is the load's.
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "ingest", "logs", str(path),
                           "--warehouse", str(wh)], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = int(proc.stdout.strip().splitlines()[-1])
    say(f"Pic de mémoire (RSS) pour charger un fichier ODE de {path.stat().st_size / 1e9:.2f} Go "
        f"({n:,} évènements) : {peak / 1024:,.0f} Mo en {seconds:.0f} s (cible : < 2 Go pour 5 Go)."
        .replace(",", "\u202f"))
    if not FULL:
        say("(Fichier de 5 Go : `ENT_BENCH_FULL=1 make bench`.)")
    path.unlink()
    say("")


def bench_queries(label: str, wh: Path) -> dict:
    from ui.data import FUNCTIONS
    from warehouse import db, metrics, territory

    con = db.open_reader(wh)
    events = con.execute("SELECT count(*) FROM evenements").fetchone()[0]
    d = metrics.last_day(con)
    con.close()
    calls = {name: (lambda f=fn, name=name: f) for name, fn in FUNCTIONS.items()}
    args = {"last_day": (), "status": (), "reject_examples": (), "loaded_files": (), "territory": (),
            "school_weeks_before": (d, 4)}
    results = {}
    for name, fn in FUNCTIONS.items():
        a = args.get(name, (d,))
        times = []
        for _ in range(7):
            con = db.open_reader(wh)
            started = time.perf_counter()
            fn(con, *a)
            times.append(time.perf_counter() - started)
            con.close()
        times.sort()
        results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    times = []
    for _ in range(7):
        con = db.open_reader(wh)
        started = time.perf_counter()
        metrics.scorecard(con, d, territory.settings(con)["cibles"])
        times.append(time.perf_counter() - started)
        con.close()
    times.sort()
    results["scorecard"] = (statistics.median(times), times[-1])
    return {"events": events, "results": results}


def demo_warehouse(scale: str, name: str) -> tuple[Path, float, float]:
    from ingest.demo import generate

    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    generate(folder / "files", scale, 1, say=lambda m: None)
    generated = time.perf_counter() - started
    wh = folder / "ent.duckdb"
    # Loading the generated files is what `ingest demo` does after generating them.
    from ingest import demo
    from ingest.pseudonym import check_key
    from warehouse import rollups
    from warehouse.db import writer

    started = time.perf_counter()
    with writer(wh) as con:
        check_key(con, b"bench-key")
        demo.load(con, b"bench-key", folder / "files")
        rollups.refresh(con)
    loaded = time.perf_counter() - started
    shutil.rmtree(folder / "files")
    return wh, generated, loaded


def bench_demo_and_queries() -> None:
    from ingest.demo import territory

    # A 10 M-event territory: the medium catalogue with more schools and more use.
    territory.SCALES["bench-10m"] = dict(waves=(30, 170, 170), candidates=20, circonscriptions=12, intensity=3.2)
    from ingest.demo import CHUNK_SCHOOLS
    CHUNK_SCHOOLS["bench-10m"] = 10
    scales = ["small", "medium", "bench-10m"] + (["large"] if FULL else [])
    built = {}
    say("## 5. Génération et chargement du territoire de démonstration")
    say("")
    say("| taille | génération (s) | chargement + agrégats (s) | évènements |")
    say("|---|---:|---:|---:|")
    for scale in scales:
        wh, generated, loaded = demo_warehouse(scale, f"demo-{scale}")
        con = duckdb.connect(str(wh), read_only=True)
        n = con.execute("SELECT count(*) FROM evenements").fetchone()[0]
        con.close()
        built[scale] = (wh, n, loaded)
        say(f"| {scale} | {generated:.1f} | {loaded:.1f} | {n:,} |".replace(",", "\u202f"))
    say("")
    say("## 4. Latence des requêtes des pages")
    say("")
    say("Chaque fonction qu'appelle une page, sur une connexion en lecture seule neuve (comme les pages), "
        "7 essais : médiane / 95e centile, en millisecondes. Cible : médiane < 300 ms à 10 M, < 1 s à 100 M.")
    say("")
    measured = {scale: bench_queries(scale, built[scale][0]) for scale in scales if scale != "small"}
    header = " | ".join(f"{s} ({measured[s]['events'] / 1e6:.1f} M év.)" for s in measured)
    say(f"| fonction | {header} |")
    say("|---|" + "---:|" * len(measured))
    for name in measured[next(iter(measured))]["results"]:
        cells = " | ".join(f"{measured[s]['results'][name][0] * 1000:.0f} / {measured[s]['results'][name][1] * 1000:.0f}"
                           for s in measured)
        say(f"| {name} | {cells} |")
    say("")
    say("## 6. Croissance")
    say("")
    say("| évènements | chargement + agrégats (s) | s par million | requête la plus lente, médiane (ms) |")
    say("|---:|---:|---:|---:|")
    for scale, (wh, n, loaded) in built.items():
        slow = max(v[0] for v in measured[scale]["results"].values()) * 1000 if scale in measured else None
        say(f"| {n:,} | {loaded:.1f} | {loaded / max(n / 1e6, 1e-9):.1f} | {'—' if slow is None else f'{slow:.0f}'} |"
            .replace(",", "\u202f"))
    say("")


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    say("# Mesures de performance")
    say("")
    say(f"Générées par `make bench` le {dt.datetime.now():%d/%m/%Y à %H:%M} (UTC) sur {os.cpu_count()} cœurs ({cpu}), "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}. Médianes de {RUNS} essais sauf mention. "
        f"Mode {'complet (100 M)' if FULL else 'courant (sans les 100 M)'}.")
    say("")
    started = time.perf_counter()
    bench_ingest()
    bench_steps()
    bench_memory()
    bench_demo_and_queries()
    say(f"Durée totale des mesures : {(time.perf_counter() - started) / 60:.1f} min.")
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.rmtree(WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

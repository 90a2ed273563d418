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

WORK = Path(os.environ.get("ENT_BENCH_WORK", ROOT / "bench" / "work"))
FULL = os.environ.get("ENT_BENCH_FULL") == "1"
# ENT_BENCH_SMOKE=1: every size divided by 1 000, the small demo only, one run, report
# written under bench/work (a test runs it so that `make bench` cannot rot unnoticed).
SMOKE = os.environ.get("ENT_BENCH_SMOKE") == "1"
RUNS = 1 if SMOKE else int(os.environ.get("ENT_BENCH_RUNS", "3"))
# The ingest ratios are the headline figures and the noisiest: more pairs.
INGEST_RUNS = 1 if SMOKE else max(RUNS, 5)
# Ingest targets. On 1 M-event files a command's fixed cost (Python's start, the
# warehouse's copy and publication) weighs too much for a ratio to say much: the
# ratios measured there are floors against regressions. On 10 M-event files the
# per-event work is what counts: the targets.
FLOORS_1M = {"ode-jsonl": 0.45, "ode-pg-csv": 0.45, "csv": 0.30}
CAS_FLOOR = 130_000  # records per second, 300 000 records
TARGETS_10M = {"ode-jsonl": 0.6, "ode-pg-csv": 0.6, "csv": 0.4}
RUNS_10M = 1 if SMOKE else 3
REPORT = WORK / "results-smoke.md" if SMOKE else ROOT / "bench" / "results.md"


def scaled(n: int) -> int:
    """A benchmark size, shrunk in smoke mode."""
    return max(n // 1000, 50) if SMOKE else n


USERS = 20_000
BENCH_KEY = "bench-key-not-secret-but-long-enough"
ENV = {**os.environ, "ENT_PSEUDO_KEY": BENCH_KEY, "PYTHONPATH": str(ROOT)}
lines: list[str] = []
# (target, measured, met, why when missed): the report's first section.
verdicts: list[tuple[str, str, bool, str]] = []
measured_ingest: dict[str, dict] = {}
fixed_cost: dict[str, float] = {}  # seconds of a command loading a ten-event file
nothing_new: dict[str, float] = {}  # seconds of `ingest logs` over a demo's folder already loaded, by scale


def fr(x: float, digits: int = 2) -> str:
    """A number the French way: thin spaces between thousands, a decimal comma."""
    return f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


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
    proc = subprocess.run(
        [sys.executable, "-m", "ingest", *cmd], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    if timings:
        found = [ln for ln in proc.stderr.splitlines() if ln.startswith("agrégats ")]
        return float(found[-1].split()[1]) if found else 0.0
    return proc


def ingest_timed(cmd: list[str]) -> dict[str, float]:
    """Run `python -m ingest CMD`: its wall time (`total`) and the seconds of its steps it reports (`agrégats`,
    `historique`: the alert history)."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "ingest", *cmd],
        cwd=ROOT,
        env={**ENV, "ENT_TIMINGS": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    found = {"total": time.perf_counter() - started}
    for line in proc.stderr.splitlines():
        name, _, value = line.partition(" ")
        if name in ("agrégats", "historique"):
            found[name] = float(value)
    return found


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
    say(
        "Évènements par seconde à travers `python -m ingest logs` (référentiel de 20 000 comptes déjà chargé, "
        "entrepôt neuf à chaque essai ; démarrage de Python, copie, agrégats et publication compris), contre le "
        "lecteur brut de DuckDB chargeant le même fichier dans une table nue d'un fichier DuckDB, sans aucune "
        "validation. Ratio = temps du lecteur brut / temps du chargement ; sur ces fichiers d'un million "
        "d'évènements, planchers de non-régression (JSON et CSV PostgreSQL ≥ 0,45, CSV générique ≥ 0,30, CAS ≥ "
        "130 000 enregistrements/s) ; les cibles se mesurent sur dix millions (§1 bis). "
        "Chaque chargement est suivi d'une lecture brute du même fichier ; "
        f"le ratio est la médiane des ratios de ces paires ({INGEST_RUNS} essais), les temps des médianes. "
        "Les fichiers suivent l'usage réel : des sessions (une connexion puis des accès) sur 60 jours d'école, ≈ 8 évènements par compte et par jour (9 dans la démo). "
        "« évènements épars » : le même nombre d'évènements tirés un à un sur 120 jours (0,4 par compte et par jour, "
        "l'entrée des rapports précédents) : presque une ligne d'agrégat par évènement, le cas le plus défavorable. "
        "« voie exacte » : le même fichier suivi d'une ligne vide, ce qui l'envoie vers la lecture ligne à ligne "
        "(celle qui nomme chaque ligne rejetée) ; pour CAS, les mêmes enregistrements avec une ligne de plus chacun, "
        "hors de la mise en page standard que lit la voie rapide."
    )
    say("")
    say(
        "| format | évènements | fichier | chargement (s) | dont agrégats (s) | dont historique des alertes (s) | év./s "
        "| lecteur brut (s) | ratio |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = {
        "ode-jsonl": scaled(1_000_000),
        "ode-pg-csv": scaled(1_000_000),
        "csv": scaled(1_000_000),
        "cas": scaled(300_000),
    }
    for fmt, n in sizes.items():
        path = inputs.write(
            fmt,
            WORK / f"in-{fmt}.{'log' if fmt == 'cas' else 'jsonl' if fmt == 'ode-jsonl' else 'csv'}",
            inputs.sessions(n, USERS),
        )
        variants = [(fmt, path)]
        if fmt == "ode-jsonl":
            sparse = inputs.write(fmt, WORK / "in-ode-jsonl-epars.jsonl", inputs.events(n, USERS))
            exact = WORK / "in-ode-jsonl-exacte.jsonl"
            shutil.copyfile(path, exact)
            with open(exact, "a") as f:
                f.write("\n")
            variants += [("ode-jsonl (évènements épars)", sparse), ("ode-jsonl (voie exacte)", exact)]
        if fmt == "cas":
            # The same records with one more line each: outside the standard layout, read line by line.
            exact = WORK / "in-cas-exacte.log"
            exact.write_bytes(
                path.read_bytes().replace(b"\nCLIENT IP ADDRESS:", b"\nGEO LOCATION: -\nCLIENT IP ADDRESS:")
            )
            variants.append(("cas (voie exacte)", exact))
        for label, source in variants:
            timings, rollup_times, history_times, plains = [], [], [], []
            # Each load is paired with a plain read right after it, and the ratio is the
            # median of the pairs' ratios: this machine's speed drifts by a tenth or more
            # from one minute to the next, which would skew two separate medians.
            for _ in range(INGEST_RUNS):
                wh = fresh_warehouse(f"ingest-{fmt}")
                timed = ingest_timed(["logs", str(source), "--warehouse", str(wh)])
                timings.append(timed["total"])
                rollup_times.append(timed.get("agrégats", 0.0))
                history_times.append(timed.get("historique", 0.0))
                if not label.startswith("cas"):
                    started = time.perf_counter()
                    plain_reader(fmt, source)
                    plains.append(time.perf_counter() - started)
            ours = statistics.median(timings)
            rollup = statistics.median(rollup_times)
            plain = statistics.median(plains) if plains else None
            ratios = [p / t for p, t in zip(plains, timings)]
            ratio = statistics.median(ratios) if ratios else None
            size = source.stat().st_size / 1e6
            measured_ingest[label] = {
                "n": n,
                "ours": ours,
                "rollup": rollup,
                "history": statistics.median(history_times),
                "plain": plain,
                "ratios": ratios,
                "ratio": ratio,
            }
            say(
                f"| {label} | {fr(n, 0)} | {fr(size, 0)} Mo | {fr(ours, 2)} | {fr(rollup, 2)} | "
                f"{fr(measured_ingest[label]['history'], 2)} | {fr(n / ours, 0)} | "
                f"{'—' if plain is None else fr(plain)} | {'—' if ratio is None else fr(ratio)} |"
            )
    say("")
    # What every command pays whatever its file (the part no per-event work explains).
    tiny = inputs.write("csv", WORK / "in-csv-10.csv", inputs.sessions(10, USERS))
    times = []
    for _ in range(INGEST_RUNS):
        wh = fresh_warehouse("ingest-fixe")
        started = time.perf_counter()
        ingest(["logs", str(tiny), "--warehouse", str(wh)])
        times.append(time.perf_counter() - started)
    fixed_cost["commande"] = statistics.median(times)
    say(
        f"Coût fixe d'une commande : charger un fichier CSV générique de 10 évènements prend "
        f"{fr(fixed_cost['commande'], 2)} s (démarrage de Python et import de DuckDB, copie et ouverture de l'entrepôt, "
        "agrégats, calendrier et cohortes, publication)."
    )
    say("")
    for label, m in measured_ingest.items():
        if label == "cas":
            rate = m["n"] / m["ours"]
            exact = measured_ingest["cas (voie exacte)"]
            verdicts.append(
                (
                    f"CAS ≥ {fr(CAS_FLOOR, 0)} enregistrements/s (plancher)",
                    f"{fr(rate, 0)} enr./s (voie exacte : {fr(exact['n'] / exact['ours'], 0)} enr./s)",
                    rate >= CAS_FLOOR,
                    f"régression : {fr(m['rollup'])} s d'agrégats, {fr(fixed_cost['commande'])} s de coût fixe",
                )
            )
        elif label in FLOORS_1M:
            ratio = m["ratio"]
            verdicts.append(
                (
                    f"{label} : ratio ≥ {fr(FLOORS_1M[label])} sur 1 M d'évènements (plancher)",
                    f"{fr(ratio)} (essais : {fr(min(m['ratios']))} à {fr(max(m['ratios']))})",
                    ratio >= FLOORS_1M[label],
                    f"{fr(m['rollup'])} s d'agrégats, dont {fr(m['history'])} s pour l'historique des alertes de "
                    f"chaque semaine chargée (un premier chargement les calcule toutes), {fr(fixed_cost['commande'])} s "
                    "de coût fixe ; voir §2",
                )
            )


def bench_ingest_10m() -> None:
    say("## 1 bis. Débit de chargement sur dix millions d'évènements")
    say("")
    say(
        "Les mêmes mesures sur des fichiers de dix millions d'évènements (mêmes sessions, 20 000 comptes), où le coût "
        "fixe d'une commande ne pèse plus : cible ≥ 0,6 pour les deux formats ODE, ≥ 0,4 pour le CSV générique. "
        f"Ratio = médiane des ratios de {RUNS_10M} paires (chargement, puis lecture brute du même fichier)."
    )
    say("")
    say("| format | évènements | fichier | chargement (s) | dont agrégats (s) | év./s | lecteur brut (s) | ratio |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|")
    n = scaled(10_000_000)
    frame = inputs.sessions(n, USERS)
    for fmt, target in TARGETS_10M.items():
        path = inputs.write(fmt, WORK / f"in10m-{fmt}.{'jsonl' if fmt == 'ode-jsonl' else 'csv'}", frame)
        timings, rollup_times, ratios, plains = [], [], [], []
        for _ in range(RUNS_10M):
            wh = fresh_warehouse(f"ingest10m-{fmt}")
            started = time.perf_counter()
            rollup_times.append(ingest(["logs", str(path), "--warehouse", str(wh)], timings=True))
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            plain_reader(fmt, path)
            plains.append(time.perf_counter() - started)
            ratios.append(plains[-1] / timings[-1])
        ours, ratio = statistics.median(timings), statistics.median(ratios)
        say(
            f"| {fmt} | {fr(n, 0)} | {fr(path.stat().st_size / 1e6, 0)} Mo | {fr(ours, 2)} | "
            f"{fr(statistics.median(rollup_times), 2)} | {fr(n / ours, 0)} | {fr(statistics.median(plains))} | "
            f"{fr(ratio)} |"
        )
        verdicts.append(
            (
                f"{fmt} : ratio ≥ {fr(target)} sur 10 M d'évènements",
                f"{fr(ratio)} (essais : {fr(min(ratios))} à {fr(max(ratios))})",
                ratio >= target,
                "le travail par évènement (pseudonymisation, clés et anti-jointure, insertion, agrégats) pèse plus "
                "que la lecture : voir §2",
            )
        )
        path.unlink()
    say("")


def bench_steps() -> None:
    from ingest.load import load_logs
    from warehouse import rollups
    from warehouse.db import writer
    from warehouse.settings import settings

    say("## 2. Coût de chaque étape (pseudonymisation, clés et doublons…)")
    say("")
    measured = {}
    for label, name in (("ode-jsonl", "in-ode-jsonl.jsonl"), ("csv", "in-csv.csv")):
        wh = fresh_warehouse("steps")
        started = time.perf_counter()
        with writer(wh, memory_limit=settings().writer_memory) as con:
            report = load_logs(con, BENCH_KEY.encode(), [WORK / name])
            begun = time.perf_counter()
            rollups.refresh(con, report.rollup_days)
            report.timings["agregats"] += time.perf_counter() - begun
        measured[label] = (time.perf_counter() - started, report.timings)
    say(
        f"Un chargement de chacun des fichiers du §1 ({fr(scaled(1_000_000), 0)} évènements) mesuré de l'intérieur "
        "(copie, transaction, agrégats et publication comprises ; le démarrage de Python et l'import des modules, "
        "≈ 0,15 s, sont hors de ce total)."
    )
    say("")
    say("| étape | ode-jsonl (s) | part | csv (s) | part |")
    say("|---|---:|---:|---:|---:|")
    (total, timings), (csv_total, csv_timings) = columns = [measured["ode-jsonl"], measured["csv"]]
    order = sorted(timings.keys() | csv_timings.keys(), key=lambda k: -timings[k])
    rest = "le reste (copie, ouverture, transaction, publication)"
    for whole, t in columns:
        t[rest] = whole - sum(t.values())
    for step in order + [rest]:
        say(
            f"| {step} | "
            + " | ".join(f"{fr(t[step], 2)} | {fr(100 * t[step] / whole, 0)} %" for whole, t in columns)
            + " |"
        )
    say(f"| total | {fr(total, 2)} | 100 % | {fr(csv_total, 2)} | 100 % |")
    say("")
    cost = timings["pseudonymisation"] + timings["cles_et_doublons"]
    say(
        f"Le chargement ode-jsonl sans pseudonymisation ni dédoublonnage (ces deux étapes retirées) prendrait "
        f"{fr(total - cost, 2)} s : elles coûtent {fr(cost, 2)} s, soit {fr(100 * (cost / total), 0)} %. "
        "`lecture_rapide` : lecture du fichier par DuckDB, analyse et règles de rejet en une passe ; "
        "`empreinte_fichier` : SHA-256 et comptage des lignes (contrôle de la voie rapide), attendue après la lecture ; "
        "`cles_et_doublons` : personne, compte, appareil, jour de Paris, clé de contenu et anti-jointure ; "
        "`agregats` : activité par compte et jour, accès par service, premier usage, cohortes."
    )
    say("")


def bench_memory() -> None:
    say("## 3. Mémoire")
    say("")
    n = scaled(22_000_000 if FULL else 4_000_000)
    path = inputs.write("ode-jsonl", WORK / "big.jsonl", inputs.events(n, USERS, seed=2))
    wh = fresh_warehouse("memory")
    # A fresh parent whose only child is the load: its children's peak RSS is the load's.
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "ingest", "logs", str(path), "--warehouse", str(wh)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak = int(proc.stdout.strip().splitlines()[-1])
    say(
        f"Pic de mémoire (RSS) pour charger un fichier ODE de {fr(path.stat().st_size / 1e9, 2)} Go "
        f"({fr(n, 0)} évènements) : {fr(peak / 1024, 0)} Mo en {fr(seconds, 0)} s (cible : < 2 Go pour 5 Go)."
    )
    if not FULL:
        say("(Fichier de 5 Go : `ENT_BENCH_FULL=1 make bench`.)")
    size = path.stat().st_size / 1e9
    verdicts.append(
        (
            f"Mémoire < 2 Go pour un fichier de {'5' if FULL else fr(size)} Go",
            f"{fr(peak / 1024, 0)} Mo",
            peak / 1024 < 2000,
            "pic au-delà de la cible",
        )
    )
    path.unlink()
    say("")


def bench_queries(label: str, wh: Path) -> dict:
    from ui.data import FUNCTIONS
    from warehouse import db, metrics, territory

    con = db.open_reader(wh)
    events = con.execute("SELECT count(*) FROM evenements").fetchone()[0]
    d = metrics.last_day(con)
    journal = support_journal(con, d)
    flagged = con.execute("SELECT uai FROM alertes_semaine ORDER BY semaine DESC, uai LIMIT 1").fetchone()
    con.close()
    args = {
        "last_day": (),
        "status": (),
        "reject_examples": (),
        "loaded_files": (),
        "territory": (),
        "up_to_date": (),
        "capacities": (),
        "waves": (),
        "satisfaction_by_group": (),
        "satisfaction_campaigns": (),
        "satisfaction_answers": (),
        "school_weeks_before": (d, 4),
        "weeks_around": (d, tuple(j for j in journal if j[0] == journal[-1][0])),  # one school's page
        "helped_pairs": (d, journal),
        "history_grid": (d, flagged[0] if flagged else ""),
    }
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


def support_journal(con, d: dt.date) -> tuple[tuple[str, dt.date], ...]:
    """A support team's journal for a benchmark territory: an intervention a week after each run of flagged weeks
    began (as the demo's journal has them), up to D."""
    from warehouse.queries import rows

    found = [(uai, week + dt.timedelta(days=8)) for uai, week in rows(con, "demo_debuts_alerte")]
    return tuple(sorted((uai, day) for uai, day in found if day <= d))


def bench_pages(wh: Path) -> dict[str, float]:
    """Seconds to render the support page and a school's page (with its history and interventions) from cold
    caches, through Streamlit's AppTest as a browser's visit would run them: medians of 3."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui import data
    from warehouse import db, metrics, suivi

    con = db.open_reader(wh)
    d = metrics.last_day(con)
    journal = support_journal(con, d)
    con.close()
    store = wh.with_name("suivi.sqlite")
    store.unlink(missing_ok=True)
    con = suivi.connect(store)
    suivi.add(
        con,
        [suivi.Intervention(day, uai, "visite", "Équipe ENT", referent="C. Martin") for uai, day in journal],
        "bench",
    )
    con.close()
    school = journal[-1][0] if journal else None
    os.environ["ENT_WAREHOUSE"] = str(wh)
    os.environ.pop("ENT_SUIVI", None)
    previous = os.getcwd()
    os.chdir(ROOT)
    timings: dict[str, list[float]] = {"accompagnement": [], "ecole": []}
    try:
        for _ in range(RUNS):
            for name, page in (("accompagnement", "views/support.py"), ("ecole", "views/schools.py")):
                app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
                if name == "ecole" and school:
                    app.query_params["uai"] = school
                app.run()
                # As the first visit after a load: no cached result, the file opened afresh.
                st.cache_data.clear()
                data.READERS.forget()
                started = time.perf_counter()
                app.switch_page(page).run()
                timings[name].append(time.perf_counter() - started)
                assert not app.exception, app.exception
    finally:
        os.chdir(previous)
    return {name: statistics.median(t) for name, t in timings.items()}


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
    from warehouse.settings import settings

    started = time.perf_counter()
    # The writer's memory limit as `python -m ingest demo` sets it.
    with writer(wh, memory_limit=settings().writer_memory) as con:
        check_key(con, BENCH_KEY.encode())
        demo.load(con, BENCH_KEY.encode(), folder / "files")
        rollups.refresh(con)
    loaded = time.perf_counter() - started
    # The next school day's file, for the growth section: the busiest of the last week's ODE files
    # (the very last may be a Saturday's handful), a week later.
    last = max(
        sorted((folder / "files" / "logs" / "ode").glob("events-*.jsonl.gz"))[-7:], key=lambda p: p.stat().st_size
    )
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * REPLACE (date + 7 * 86400000 AS date) FROM read_json(?, format = 'newline_delimited')) "
        "TO '" + str(folder / "jour-suivant.jsonl") + "' (FORMAT json)",
        [str(last)],
    )
    con.close()
    # A daily run over the drop folder with nothing new: every file recognised by path, size and time.
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        ingest(["logs", str(folder / "files" / "logs"), "--warehouse", str(wh)])
        times.append(time.perf_counter() - started)
    nothing_new[scale] = statistics.median(times)
    shutil.rmtree(folder / "files")
    return wh, generated, loaded


def bench_demo_and_queries() -> None:
    from ingest.demo import territory

    # A 10 M-event territory: the medium catalogue with more schools and more use.
    territory.SCALES["bench-10m"] = dict(waves=(30, 170, 170), candidates=20, circonscriptions=12, intensity=3.2)
    from ingest.demo import CHUNK_SCHOOLS

    CHUNK_SCHOOLS["bench-10m"] = 10
    scales = ["small"] if SMOKE else ["small", "medium", "bench-10m"] + (["large"] if FULL else [])
    built = {}
    say("## 5. Génération et chargement du territoire de démonstration")
    say("")
    say(
        "« rien de nouveau » : `python -m ingest logs` sur le dossier des journaux de la démo, déjà chargé (le "
        "passage quotidien sur un dossier de dépôt un jour sans fichier nouveau) : chaque fichier est reconnu à "
        "son chemin, sa taille et sa date sans être relu."
    )
    say("")
    say("| taille | génération (s) | chargement + agrégats (s) | évènements | rien de nouveau (s) |")
    say("|---|---:|---:|---:|---:|")
    for scale in scales:
        wh, generated, loaded = demo_warehouse(scale, f"demo-{scale}")
        con = duckdb.connect(str(wh), read_only=True)
        n = con.execute("SELECT count(*) FROM evenements").fetchone()[0]
        con.close()
        built[scale] = (wh, n, loaded)
        say(f"| {scale} | {fr(generated, 1)} | {fr(loaded, 1)} | {fr(n, 0)} | {fr(nothing_new[scale], 2)} |")
    say("")
    daily = "small" if SMOKE else "medium"
    verdicts.append(
        (
            f"Passage quotidien sans fichier nouveau (dossier de la démo {daily}) < 2 s",
            f"{fr(nothing_new[daily], 2)} s",
            nothing_new[daily] < 2,
            "chaque commande copie et publie l'entrepôt ; voir §6",
        )
    )
    say("## 4. Latence des requêtes des pages")
    say("")
    say(
        "Chaque fonction qu'appelle une page, sur une connexion en lecture seule neuve (comme les pages), "
        "7 essais : médiane / 95e centile, en millisecondes. Cible : médiane < 300 ms à 10 M, < 1 s à 100 M."
    )
    say("")
    measured = {scale: bench_queries(scale, built[scale][0]) for scale in scales if scale != "small" or SMOKE}
    header = " | ".join(f"{s} ({fr(measured[s]['events'] / 1e6, 1)} M év.)" for s in measured)
    say(f"| fonction | {header} |")
    say("|---|" + "---:|" * len(measured))
    for name in measured[next(iter(measured))]["results"]:
        cells = " | ".join(
            f"{fr(measured[s]['results'][name][0] * 1000, 0)} / {fr(measured[s]['results'][name][1] * 1000, 0)}"
            for s in measured
        )
        say(f"| {name} | {cells} |")
    say("")
    for m in measured.values():
        events = m["events"]
        limit = 0.3 if events < 50e6 else 1.0
        name, (median, _) = max(m["results"].items(), key=lambda kv: kv[1][0])
        verdicts.append(
            (
                f"Requêtes des pages à {fr(events / 1e6, 1)} M d'évènements : médiane < "
                f"{'300 ms' if limit < 1 else '1 s'}",
                f"la plus lente : {name}, {fr(median * 1000, 0)} ms",
                median < limit,
                "voir §4",
            )
        )
    say("### Pages de l'accompagnement")
    say("")
    say(
        "Le rendu complet de la page Accompagnement et de la fiche d'une école (historique des alertes, "
        "interventions, avant / après), caches vidés, par l'AppTest de Streamlit (toutes les requêtes de la page, "
        "le calcul des tableaux et des graphiques), avec un journal d'accompagnement : une intervention une semaine "
        "après chaque début d'alerte. Médiane de 3 essais, en secondes."
    )
    say("")
    say("| territoire | journal (interventions) | Accompagnement (s) | fiche d'une école (s) |")
    say("|---|---:|---:|---:|")
    for scale in measured:
        wh = built[scale][0]
        pages = bench_pages(wh)
        con = duckdb.connect(str(wh), read_only=True)
        d = con.execute("SELECT max(jour) FROM activite_jour").fetchone()[0]
        n_journal = len(support_journal(con, d))
        con.close()
        say(
            f"| {scale} ({fr(measured[scale]['events'] / 1e6, 1)} M év.) | {fr(n_journal, 0)} | "
            f"{fr(pages['accompagnement'], 2)} | {fr(pages['ecole'], 2)} |"
        )
        if scale == "bench-10m" or SMOKE:
            verdicts.append(
                (
                    f"Page Accompagnement et fiche d'une école à {fr(measured[scale]['events'] / 1e6, 1)} M "
                    "d'évènements : rendu < 1 s",
                    f"{fr(pages['accompagnement'], 2)} s et {fr(pages['ecole'], 2)} s",
                    max(pages.values()) < 1,
                    "voir §4",
                )
            )
    say("")
    say("## 6. Croissance")
    say("")
    say(
        "Chargement complet de chaque territoire (génération à part) ; puis le fichier ODE du jour d'école suivant "
        "chargé par `python -m ingest logs` dans l'entrepôt déjà rempli (un essai : un second trouverait des doublons) : "
        "son coût ne doit pas suivre la taille de l'entrepôt, sauf la copie de l'entrepôt que fait chaque commande "
        "(copie privée publiée d'un bloc)."
    )
    say("")
    say(
        "| évènements | chargement + agrégats (s) | s par million | un jour de plus : évènements | un jour de plus (s) "
        "| dont historique des alertes (s) | requête la plus lente, médiane (ms) |"
    )
    say("|---:|---:|---:|---:|---:|---:|---:|")
    for scale, (wh, n, loaded) in built.items():
        slow = max(v[0] for v in measured[scale]["results"].values()) * 1000 if scale in measured else None
        day = wh.parent / "jour-suivant.jsonl"
        day_events = sum(1 for _ in open(day, "rb"))
        timed = ingest_timed(["logs", str(day), "--warehouse", str(wh)])
        day_seconds, history = timed["total"], timed.get("historique", 0.0)
        say(
            f"| {fr(n, 0)} | {fr(loaded, 1)} | {fr(loaded / max(n / 1e6, 1e-9), 1)} | {fr(day_events, 0)} | "
            f"{fr(day_seconds, 2)} | {fr(history, 2)} | {'—' if slow is None else fr(slow, 0)} |"
        )
        if scale != "small" or SMOKE:
            share = history / max(day_seconds - history, 1e-9)
            verdicts.append(
                (
                    f"Historique des alertes : un jour de plus ({fr(n / 1e6, 1)} M d'évènements) au plus 20 % plus lent",
                    f"+{fr(share * 100, 0)} % ({fr(history, 2)} s sur {fr(day_seconds, 2)} s)",
                    share <= 0.2,
                    "le calcul des semaines à refaire domine ; voir §6",
                )
            )
    say("")
    say(
        "Historique des alertes : les règles d'accompagnement réévaluées pour chaque semaine scolaire depuis la "
        "semaine du premier jour que le chargement change ; « au plus 20 % plus lent » compare ce temps au reste "
        "de la commande."
    )
    say("")
    bench_purge(*built["small" if SMOKE else "bench-10m"][:2], measured.get("small" if SMOKE else "bench-10m"))


PURGE_FUNCTIONS = ("adoption_by_school", "weekly_activity", "service_usage", "support_flags", "year_over_year")


def bench_purge(wh: Path, events: int, before: dict | None) -> None:
    """The retention purge on a copy of a grown warehouse, and the page queries it changes, after it."""

    from ui.data import FUNCTIONS
    from warehouse import db, metrics

    copy = WORK / "purge" / "ent.duckdb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wh, copy)
    con = db.open_reader(copy)
    last = metrics.last_day(con)
    con.close()
    today = last + dt.timedelta(days=1)
    argv = ["--warehouse", str(copy), "--today", today.isoformat()]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "warehouse", "purge", "--dry-run", *argv], check=True, capture_output=True)
    dry = time.perf_counter() - started
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "warehouse", "purge", *argv], check=True, capture_output=True, text=True
    )
    purged = time.perf_counter() - started
    summary = [ln.strip() for ln in done.stdout.splitlines()]
    con = db.open_reader(copy)
    frozen_sunday = con.execute("SELECT max(dimanche) - 7 * 20 FROM gel_dimanches").fetchone()[0]
    con.close()
    say("## 7. Purge de conservation")
    say("")
    say(
        f"`python -m warehouse purge` sur une copie de l'entrepôt de {fr(events / 1e6, 1)} M d'évènements, au "
        f"lendemain de son dernier jour (conservation : 12 mois) ; un essai chacun (la purge change l'entrepôt) : "
        f"`--dry-run` {fr(dry, 1)} s, purge {fr(purged, 1)} s (copie privée, chiffres figés, effacement, "
        "réécriture à neuf, publication)."
    )
    say("")
    for line in summary:
        say(f"- {line}")
    say("")
    say(
        f"Requêtes des pages après la purge, médiane de 7 essais (ms) : au dernier jour (lu sur les traces, "
        f"les semaines anciennes figées) et au dimanche {frozen_sunday:%d/%m/%Y} (période figée)."
    )
    say("")
    say("| fonction | avant la purge, dernier jour | après, dernier jour | après, dimanche figé |")
    say("|---|---:|---:|---:|")
    for name in PURGE_FUNCTIONS:
        cells = []
        for day in (last, frozen_sunday):
            times = []
            for _ in range(7):
                con = db.open_reader(copy)
                started = time.perf_counter()
                FUNCTIONS[name](con, day)
                times.append(time.perf_counter() - started)
                con.close()
            cells.append(fr(statistics.median(times) * 1000, 0))
        earlier = fr(before["results"][name][0] * 1000, 0) if before else "—"
        say(f"| {name} | {earlier} | {cells[0]} | {cells[1]} |")
    say("")


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    say("# Mesures de performance")
    say("")
    say(
        f"Générées par `make bench` le {dt.datetime.now():%d/%m/%Y à %H:%M} (UTC) sur {os.cpu_count()} cœurs ({cpu}), "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}. Médianes de {RUNS} essais sauf mention. "
        f"Mode {'complet (100 M)' if FULL else 'courant (sans les 100 M)'}."
    )
    say("")
    started = time.perf_counter()
    bench_ingest()
    bench_ingest_10m()
    bench_steps()
    bench_memory()
    bench_demo_and_queries()
    minutes = (time.perf_counter() - started) / 60
    say(f"Durée totale des mesures : {fr(minutes, 1)} min.")
    say("")
    verdicts.append(
        (
            "`make bench` complet (100 M compris) en moins de 30 min" if FULL else "`make bench` en moins de 30 min",
            f"{fr(minutes, 1)} min",
            minutes < 30,
            "mesures trop longues sur cette machine",
        )
    )
    summary = ["## Bilan des cibles", "", "| cible | mesure | atteinte | sinon, pourquoi |", "|---|---|---|---|"]
    summary += [
        f"| {target} | {value} | {'oui' if met else '**non**'} | {'' if met else why} |"
        for target, value, met, why in verdicts
    ]
    if not FULL:
        summary += ["", "Le territoire de 100 M d'évènements (démo `large`) n'est mesuré qu'avec `ENT_BENCH_FULL=1`."]
    lines[4:4] = summary + [""]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not SMOKE:
        shutil.rmtree(WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

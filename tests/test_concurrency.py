"""Ingest succeeds while another process reads, and readers never see a half-done load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.test_log_formats import epoch_ms

ROOT = Path(__file__).resolve().parents[1]

# A dashboard-like reader in its own process: it keeps one read-only
# connection open for the whole test, and also reopens the published file
# again and again, recording every (events, files) state it sees.
READER = textwrap.dedent("""
    import sys, time, duckdb
    from warehouse.db import open_reader
    path, stop = sys.argv[1], sys.argv[2]
    held = open_reader(path)
    print("held", held.execute("SELECT count(*) FROM evenements").fetchall()[0][0], flush=True)
    seen = set()
    import os
    while not os.path.exists(stop):
        con = open_reader(path)
        seen.add(tuple(con.execute(
            "SELECT (SELECT count(*) FROM evenements), (SELECT count(*) FROM fichiers)").fetchall()[0]))
        con.close()
        time.sleep(0.01)
    print("still", held.execute("SELECT count(*) FROM evenements").fetchall()[0][0], flush=True)
    print("seen", sorted(seen), flush=True)
""")


def test_ingest_runs_while_a_reader_process_holds_the_warehouse_and_readers_see_whole_loads(loaded, tmp_path):
    wh = loaded
    files = []
    for day in range(1, 7):
        lines = "".join(
            json.dumps(
                {
                    "event-type": "ACCESS",
                    "module": "Blog",
                    "userId": "u-ens-1",
                    "date": epoch_ms(f"2025-10-{day:02d} 08:00:00") + i,
                }
            )
            + "\n"
            for i in range(3000)
        )
        files.append(wh.write(f"events-{day}.jsonl", lines))
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENT_BATCH_BYTES": "20000"}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(wh.path), str(stop)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().split() == ["held", "0"]
        files_before = wh.value("SELECT count(*) FROM fichiers")

        load = subprocess.run(
            [sys.executable, "-m", "ingest", "logs", *map(str, files), "--warehouse", str(wh.path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert load.returncode == 0, load.stderr
        time.sleep(0.2)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)

    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    # The connection opened before the load still sees the warehouse as it was.
    assert lines["still"] == "0"
    # Every state any reader saw is the state before or after the whole command.
    assert set(eval(lines["seen"])) <= {(0, files_before), (18000, files_before + 6)}
    assert (18000, files_before + 6) in set(eval(lines["seen"]))
    assert wh.value("SELECT count(*) FROM evenements") == 18000


def test_a_failed_load_publishes_nothing(loaded, monkeypatch):
    wh = loaded
    before = wh.path.stat().st_ino
    from ingest import load

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_finish", boom)
    path = wh.write(
        "e.jsonl",
        json.dumps(
            {"event-type": "LOGIN", "module": "Auth", "userId": "u-ens-1", "date": epoch_ms("2025-10-01 08:00:00")}
        )
        + "\n",
    )
    try:
        wh.ingest("logs", path)
    except RuntimeError:
        pass
    assert wh.path.stat().st_ino == before
    assert wh.value("SELECT count(*) FROM evenements") == 0
    assert not list(wh.path.parent.glob(".ent.duckdb.*"))

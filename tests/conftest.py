"""Tiny inline fixtures: a warehouse in a temp folder, a reference territory, helpers."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from ingest.cli import main

PSEUDO_KEY = "test-key-not-secret-but-long-enough-32"


@pytest.fixture(autouse=True)
def pseudo_key(monkeypatch):
    monkeypatch.setenv("ENT_PSEUDO_KEY", PSEUDO_KEY)
    monkeypatch.delenv("ENT_WAREHOUSE", raising=False)


class Warehouse:
    """A warehouse under a temp folder, driven through the real command line."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / "ent.duckdb"
        self.last_output = ""

    def ingest(self, *args: str | Path) -> int:
        """Run `python -m ingest ARGS --warehouse PATH` in-process; keep its output."""
        argv = [str(a) for a in args] + ["--warehouse", str(self.path)]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        self.last_output = out.getvalue() + err.getvalue()
        return code

    def rows(self, sql: str, params: dict | list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            con.execute("SET TimeZone = 'UTC'")
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def read(self, function, *args):
        """A warehouse function (metrics, rules...) called on a read-only connection, as the dashboard calls it."""
        from warehouse.db import open_reader

        con = open_reader(self.path)
        try:
            return function(con, *args)
        finally:
            con.close()

    def value(self, sql: str, params: dict | list | None = None):
        return self.rows(sql, params)[0][0]

    def write(self, name: str, text: str | bytes, encoding: str = "utf-8", gz: bool = False) -> Path:
        """Write an input file under the temp folder (text as given, no newline added)."""
        path = self.root / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode(encoding)
        path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
        return path


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    return Warehouse(tmp_path)


# A small territory: two schools of wave 1 (zone A and B), one candidate.
ECOLES = """uai;nom;commune;circonscription;zone;vague;date_ouverture
0381001G;École élémentaire Pasteur;Valmont;Valmont Nord;A;1;09/09/2024
0381002H;École primaire du Lac;Saint-Roch;Valmont Sud;B;1;09/09/2024
0381004K;École des Tilleuls;Bourg-Vieux;Valmont Sud;A;;
"""

VAGUES = "vague;libelle;annee_scolaire;ouverture_prevue;pilote\n1;Pilote;2024-2025;09/09/2024;oui\n"

SERVICES = """service;libelle;groupe;modules
connexion;Connexion et portail;socle;Auth|Portal|Timeline
messagerie;Messagerie;initial;Conversation
blog;Blog de classe;initial;Blog
cahier_textes;Cahier de textes;initial;Homeworks
"""

COMPTES = """id,login,uai,profil,classe,date_creation,date_distribution,date_activation,personne_ressource
u-ens-1,claire.fontaine,0381001G,Teacher,CM2-A,2024-06-20,2024-09-09,2024-09-09,oui
u-elv-1,lucas.garnier,0381001G,Student,CM2-A,2024-06-20,2024-09-09,,non
u-par-1,nadia.garnier,0381001G,Relative,CM2-A,2024-06-20,2024-09-16,,non
u-ens-2,samuel.roux,0381002H,National_ENS,CE1-B,2024-06-18,2024-09-09,,non
"""


@pytest.fixture
def territory(wh) -> Path:
    """A reference folder written inline; returns its path."""
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(ECOLES, encoding="utf-8")
    (folder / "vagues.csv").write_text(VAGUES, encoding="utf-8")
    (folder / "services.csv").write_text(SERVICES, encoding="utf-8")
    (folder / "comptes.csv").write_text(COMPTES, encoding="utf-8")
    return folder


@pytest.fixture
def loaded(wh, territory) -> Warehouse:
    """The small territory loaded as of 2024-09-01."""
    assert wh.ingest("reference", territory, "--date", "2024-09-01") == 0, wh.last_output
    return wh


DEMO_SEED = 7


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Warehouse:
    """The small demo territory, generated and loaded once for the whole session."""
    import os

    root = tmp_path_factory.mktemp("demo")
    wh = Warehouse(root)
    old = os.environ.get("ENT_PSEUDO_KEY")
    os.environ["ENT_PSEUDO_KEY"] = PSEUDO_KEY
    try:
        code = wh.ingest("demo", "--scale", "small", "--seed", str(DEMO_SEED), "--out", root / "files")
    finally:
        if old is None:
            os.environ.pop("ENT_PSEUDO_KEY", None)
        else:
            os.environ["ENT_PSEUDO_KEY"] = old
    assert code == 0, wh.last_output
    return wh


ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots and server logs (git-ignored): look at them
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, without the background traffic this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port nothing listens on, on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> bool:
    """Whether `url` answered within `seconds` (a server just started)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except OSError:
            time.sleep(0.3)
    return False


@contextlib.contextmanager
def serve(
    warehouse: Path,
    port: int | None = None,
    env: dict | None = None,
    args: tuple[str, ...] = (),
    address: str | None = "127.0.0.1",
):
    """The dashboard on a local port (a free one unless given) over `warehouse`; yields its base URL.
    `address` None starts it as `make run` does, with no address on the command line."""
    port = port or free_port()
    # A variable given as None is left out of the server's environment.
    merged = {**os.environ, "ENT_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT), **(env or {})}
    env = {k: v for k, v in merged.items() if v is not None}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"streamlit-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 (closed with the server)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            *(("--server.address", address) if address else ()),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *args,
        ],
        cwd=ROOT,
        env=env,
        # A file, not a pipe: a server that writes more than a pipe holds would block on it.
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    if not wait_for(f"http://127.0.0.1:{port}/_stcore/health"):
        proc.kill()
        log.close()
        raise RuntimeError("streamlit did not start: " + log_path.read_text(errors="replace")[-2000:])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (a browser download is impossible here)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing: make test must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed here")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()

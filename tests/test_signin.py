"""Sign-in in a real browser against a real OpenID Connect provider running locally, one person per role.

oidc-provider-mock serves the provider; its authorisation page takes a
subject. Every message the dashboard sends the browser is read, tables
included: no UAI outside the person's scope may be in any of them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, free_port, serve, wait_for
from tests.test_browser import PAGES, open_page

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed here")

PEOPLE = {
    "comite": "comite@agglo-valmont.fr",
    "ien": "ien.valmont@ac-exemple.fr",
    "direction": "Direction.Ecole@ac-exemple.fr",
    "accompagnement": "Claire.Martin@ac-exemple.fr",
    "inconnu": "quelquun@ailleurs.fr",
}
NAMES = {"accompagnement": "Claire Martin"}
UAI = re.compile(rb"0\d{6}[A-Z]")


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    claims = [
        arg
        for sub, email in PEOPLE.items()
        for arg in (
            "--user-claims",
            json.dumps({"sub": sub, "email": email} | ({"name": NAMES[sub]} if sub in NAMES else {})),
        )
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *claims],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    assert wait_for(f"{url}/.well-known/openid-configuration", 30), "the OpenID provider did not start"
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def territory(small_demo):
    """The demo's schools by circonscription; the IEN's circonscription and the director's school (elsewhere)."""
    con = duckdb.connect(str(small_demo.path), read_only=True)
    schools = dict(con.execute("SELECT uai, circonscription FROM ecoles ORDER BY uai").fetchall())
    con.close()
    circos = sorted({c for c in schools.values() if c})
    circo = circos[0]
    school = next(u for u, c in schools.items() if c != circo)
    return schools, circo, school


@pytest.fixture(scope="module")
def followed(small_demo):
    """Three schools flagged on the demo's last day: followed by the support person under their e-mail (another
    case), under their name, and by someone else."""
    from warehouse import metrics, rules

    flagged = small_demo.read(rules.schools_to_support, small_demo.read(metrics.last_day))["uai"].to_list()
    assert len(flagged) >= 3
    return {"claire.martin@AC-EXEMPLE.fr": flagged[0], "Claire Martin": flagged[1], "A. Diallo": flagged[2]}


@pytest.fixture(scope="module")
def signed_server(small_demo, provider, territory, followed, tmp_path_factory):
    from warehouse import suivi

    schools, circo, school = territory
    folder = tmp_path_factory.mktemp("signin")
    (folder / "habilitations.csv").write_text(
        "identifiant;role;perimetre\n"
        f"{PEOPLE['comite']};pilotage;\n"
        f"{PEOPLE['ien']};circonscription;{circo}\n"
        f"direction.ecole@ac-exemple.fr;ecole;{school}\n"
        f"claire.martin@ac-exemple.fr;accompagnement;\n",
        encoding="utf-8",
    )
    con = suivi.connect(folder / "suivi.sqlite")
    day = suivi.read_date("2025-10-01")
    suivi.add(con, [suivi.Intervention(day, uai, "visite", referent=who) for who, uai in followed.items()], "test")
    con.close()
    port = free_port()
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "not-a-secret-but-long-enough-for-a-test-run"\n'
        'client_id = "observatoire"\n'
        'client_secret = "observatoire-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {
        "ENT_HABILITATIONS": str(folder / "habilitations.csv"),
        "ENT_JOURNAL": str(folder / "journal.jsonl"),
        "ENT_SUIVI": str(folder / "suivi.sqlite"),
    }
    with serve(small_demo.path, port, env, ("--secrets.files", str(folder / "secrets.toml"))) as url:
        yield url, folder / "journal.jsonl"


class Visit:
    """A browser context of one person, recording every message the dashboard sends."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        self.page = self.context.new_page()
        self.frames: list[bytes] = []
        self.page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived", lambda payload: self.frames.append(payload if isinstance(payload, bytes) else b"")
            ),
        )

    def uais_seen(self) -> set[str]:
        return {m.decode() for frame in self.frames for m in UAI.findall(frame)}

    def sign_in(self, url: str, sub: str) -> None:
        self.page.goto(url)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.locator("input[name='sub']").fill(sub)
        self.page.get_by_role("button", name="Authorize").click()
        self.page.wait_for_url(re.compile(re.escape(url) + ".*"), timeout=30_000)
        self.page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=60_000)
        self.page.wait_for_timeout(800)


def test_an_anonymous_visitor_sees_only_the_sign_in_button(signed_server, browser):
    url, _ = signed_server
    visit = Visit(browser)
    visit.page.goto(url)
    visit.page.get_by_role("button", name="Se connecter").wait_for(timeout=60_000)
    visit.page.wait_for_timeout(800)
    assert visit.page.locator("[data-testid='stMetric']").count() == 0
    assert visit.uais_seen() == set()
    visit.context.close()


def test_a_person_absent_from_the_habilitations_is_refused_every_figure(signed_server, browser):
    url, _ = signed_server
    visit = Visit(browser)
    visit.sign_in(url, "inconnu")
    assert visit.page.get_by_role("heading", name="Accès non autorisé").count() == 1
    assert visit.page.locator("[data-testid='stMetric']").count() == 0
    assert visit.uais_seen() == set()
    visit.page.screenshot(path=str(ARTIFACTS / "signin-refuse.png"), full_page=True)
    visit.context.close()


def test_the_committee_sees_every_page_and_every_school(signed_server, browser, territory):
    url, _ = signed_server
    schools, _, _ = territory
    visit = Visit(browser)
    visit.sign_in(url, "comite")
    for path, title in PAGES:
        open_page(visit.page, f"{url}/{path}", title)
        assert visit.page.locator("[data-testid='stException']").count() == 0, path
    assert visit.uais_seen() == set(schools)
    assert "Mode local" not in visit.page.content()
    visit.context.close()


def test_an_ien_sees_the_schools_of_their_circonscription_only(signed_server, browser, territory):
    url, _ = signed_server
    schools, circo, _ = territory
    mine = {u for u, c in schools.items() if c == circo}
    visit = Visit(browser)
    visit.sign_in(url, "ien")
    for path, title in PAGES:
        if path in ("journal",):
            continue
        open_page(visit.page, f"{url}/{path}", title)
        assert visit.page.locator("[data-testid='stException']").count() == 0, path
    assert visit.uais_seen() == mine
    # The export pack holds their schools only.
    open_page(visit.page, f"{url}/bilan", "Bilan")
    visit.page.get_by_role("button", name="Préparer le pack d'export").click()
    with visit.page.expect_download(timeout=120_000) as download:
        visit.page.get_by_role("button", name="Télécharger adoption_par_ecole.csv").click()
    rows = Path(download.value.path()).read_bytes()
    # (A school of theirs without accounts, a candidate, has no row.)
    assert set(m.decode() for m in UAI.findall(rows)) <= mine and UAI.search(rows)
    # The journal is not theirs: its address opens the default page instead.
    visit.page.goto(f"{url}/journal")
    visit.page.wait_for_timeout(2000)
    assert visit.page.get_by_role("heading", name="Journal des accès").count() == 0
    visit.context.close()


def test_a_director_sees_their_school_and_is_refused_another_by_its_address(signed_server, browser, territory):
    url, _ = signed_server
    schools, _, school = territory
    other = next(u for u in schools if u != school)
    visit = Visit(browser)
    visit.sign_in(url, "direction")
    nav = visit.page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Vagues" not in nav and "Bilan" not in nav and "Vue d'ensemble" in nav
    open_page(visit.page, f"{url}/", "Vue d'ensemble")
    assert "Comparaison avec le territoire" in visit.page.inner_text("body")
    visit.page.screenshot(path=str(ARTIFACTS / "signin-direction-vue.png"), full_page=True)
    open_page(visit.page, f"{url}/ecoles?uai={school}", "Écoles")
    assert school in visit.page.inner_text("body")
    open_page(visit.page, f"{url}/ecoles?uai={other}", "Écoles")
    assert "n'est pas dans votre périmètre" in visit.page.inner_text("body")
    assert visit.uais_seen() == {school}
    visit.page.screenshot(path=str(ARTIFACTS / "signin-direction.png"), full_page=True)
    visit.context.close()


def test_a_support_person_finds_the_schools_they_follow_under_mes_ecoles(signed_server, browser, followed):
    url, _ = signed_server
    visit = Visit(browser)
    visit.sign_in(url, "accompagnement")
    open_page(visit.page, f"{url}/accompagnement", "Accompagnement")

    def listed() -> set[str]:
        with visit.page.expect_download(timeout=60_000) as download:
            visit.page.get_by_role("button", name="Télécharger la liste (CSV)").click()
        return {m.decode() for m in UAI.findall(Path(download.value.path()).read_bytes())}

    assert set(followed.values()) <= listed()
    visit.page.get_by_text("Mes écoles").click()
    visit.page.wait_for_timeout(500)
    visit.page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=60_000)
    # Named by their e-mail (whatever its case) or their name; not the school someone else follows.
    assert listed() == {followed["claire.martin@AC-EXEMPLE.fr"], followed["Claire Martin"]}
    visit.page.screenshot(path=str(ARTIFACTS / "signin-mes-ecoles.png"), full_page=True)
    visit.context.close()


def test_the_journal_holds_each_sign_in_refusal_and_page_view(signed_server, browser):
    _, journal = signed_server
    events = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    signed = {(e["identifiant"], e["role"]) for e in events if e["action"] == "connexion"}
    assert {("comite@agglo-valmont.fr", "pilotage"), ("ien.valmont@ac-exemple.fr", "circonscription")} <= signed
    assert any(e["action"] == "acces_refuse" and e["identifiant"] == PEOPLE["inconnu"] for e in events)
    assert any(e["action"] == "page" and e["page"] == "vagues" and e["role"] == "circonscription" for e in events)

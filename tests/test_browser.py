"""A real browser on the real server: every page opens on the small demo, shows its title and no exception.

Screenshots and per-page timings go to tests/artifacts/ (git-ignored): look at them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, serve

PAGES = [
    ("", "Vue d'ensemble"),
    ("vagues", "Vagues"),
    ("ecoles", "Écoles"),
    ("profils", "Profils"),
    ("usage-des-services", "Services"),
    ("accompagnement", "Accompagnement"),
    ("bilan", "Bilan"),
    ("deploiement", "Déploiement"),
    ("satisfaction", "Satisfaction"),
    ("dossier", "Dossier de fin de marché"),
    ("qualite", "Qualité des données"),
    ("journal", "Journal des accès"),
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: make test must install Debian's chromium")
    pytest.skip("Debian's chromium is not installed here", allow_module_level=True)


@pytest.fixture(scope="module")
def server(small_demo):
    with serve(small_demo.path) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from tests.conftest import PSEUDO_KEY, Warehouse
    from tests.test_hostile_content import hostile_territory

    wh = Warehouse(tmp_path_factory.mktemp("hostile"))
    old = os.environ.get("ENT_PSEUDO_KEY")
    os.environ["ENT_PSEUDO_KEY"] = PSEUDO_KEY
    try:
        hostile_territory(wh)
    finally:
        if old is None:
            os.environ.pop("ENT_PSEUDO_KEY", None)
        else:
            os.environ["ENT_PSEUDO_KEY"] = old
    with serve(wh.path) as url:
        yield url


def test_every_page_opens_in_a_real_browser_with_its_title_and_no_exception(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    timings = []
    for path, title in PAGES:
        started = time.monotonic()
        page.goto(f"{server}/{path}")
        page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
        # Wait until Streamlit has finished running the page, then for the charts to be drawn.
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=60_000)
        timings.append((path or "vue-ensemble", time.monotonic() - started))
        page.wait_for_timeout(800)
        assert page.locator("[data-testid='stException']").count() == 0, f"exception on {path}"
        assert "Données jusqu'au 27/11/2026" in page.content()
        assert "Page not found" not in page.content()
        page.screenshot(path=str(ARTIFACTS / f"{path or 'vue-ensemble'}.png"), full_page=True)
    (ARTIFACTS / "timings.txt").write_text("".join(f"{p}\t{t:.2f} s\n" for p, t in timings), encoding="utf-8")


def open_page(page, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=60_000)
    page.wait_for_timeout(800)


def test_hostile_names_stay_text_in_a_real_browser_no_dialog_no_request_no_link(hostile_server, browser):
    from tests.test_hostile_content import CIRCO, SCHOOL_FORMULA, SERVICE_LINK

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    visits = [(path, title) for path, title in PAGES] + [("ecoles?uai=0381001G", "Écoles")]
    for path, title in visits:
        open_page(page, f"{hostile_server}/{path}", title)
        assert page.locator("[data-testid='stException']").count() == 0, f"exception on {path}"
        # No link leaves the dashboard (a heading's own #anchor may spell the name), no image or style points out.
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        assert [h for h in hrefs if "invalid" in h and not h.startswith("#")] == [], path
        assert page.locator("img[src*='invalid'], [style*='invalid']").count() == 0, path
        # What people read is the names as written (the invisible word joiners that unlink addresses aside).
        text = page.inner_text("body").replace("\u2060", "")
        if path.startswith("ecoles?"):
            assert f"{SCHOOL_FORMULA} (0381001G)" in text
            assert f"Vague 1 · {CIRCO} · phase" in text
            page.screenshot(path=str(ARTIFACTS / "hostile-ecole.png"), full_page=True)
        if path == "accompagnement":
            # The week's list is a grid (drawn on a canvas); each school's reasons, in sentences, in the expander.
            page.get_by_text("Le détail des motifs, école par école").click()
            page.wait_for_timeout(500)
            text = page.inner_text("body").replace("\u2060", "")
            assert f"{SCHOOL_FORMULA} (0381001G)" in text
            assert f"Service initial « {SERVICE_LINK} » actif mais inutilisé" in text
            page.screenshot(path=str(ARTIFACTS / "hostile-accompagnement.png"), full_page=True)
    assert dialogs == []
    assert [u for u in requests if "invalid" in u] == []


def test_a_bookmarked_page_opened_first_after_the_server_starts_opens_that_page(small_demo, browser):
    with serve(small_demo.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        open_page(page, f"{url}/vagues", "Vagues")
        page.wait_for_timeout(1500)
        assert "Page not found" not in page.content()
        assert page.locator("[data-testid='stSidebarNav'] a[aria-current='page']").inner_text().endswith("Vagues")

"""The dashboard under Streamlit's AppTest: every page runs on the small demo, filters change what pages show."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "views/overview.py": "Vue d'ensemble",
    "views/waves.py": "Vagues",
    "views/schools.py": "Écoles",
    "views/profiles.py": "Profils",
    "views/services.py": "Services",
    "views/support.py": "Accompagnement",
    "views/review.py": "Bilan",
    "views/deployment.py": "Déploiement",
    "views/quality.py": "Qualité des données",
}


def start(monkeypatch, warehouse) -> AppTest:
    monkeypatch.setenv("ENT_WAREHOUSE", str(warehouse))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    return app


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_on_the_small_demo_without_exception(small_demo, monkeypatch, page):
    app = start(monkeypatch, small_demo.path)
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == PAGES[page]
    assert any("Données jusqu'au 27/11/2026" in c.value for c in app.caption)


def test_an_empty_warehouse_says_how_to_load_data(tmp_path, monkeypatch):
    app = start(monkeypatch, tmp_path / "none.duckdb")
    assert not app.exception
    assert "python -m ingest demo" in app.info[0].value


def test_the_wave_filter_changes_the_overview_and_holds_across_pages(small_demo, monkeypatch):
    app = start(monkeypatch, small_demo.path)
    opened = {m.label: m.value for m in app.metric}["Écoles ouvertes"]
    app.multiselect(key="filtre_vagues").select("1").run()
    assert {m.label: m.value for m in app.metric}["Écoles ouvertes"] == "3"
    assert opened == "10"
    app.switch_page("views/schools.py").run()
    assert not app.exception
    assert app.multiselect(key="filtre_vagues").value == ["1"]
    assert app.dataframe[0].value.shape[0] == 3


def test_a_school_detail_opens_from_the_url(small_demo, monkeypatch):
    app = start(monkeypatch, small_demo.path)
    app.switch_page("views/schools.py")
    uai = small_demo.value("SELECT min(uai) FROM ecoles WHERE date_ouverture IS NOT NULL")
    app.query_params["uai"] = uai
    app.run()
    assert not app.exception
    assert uai in app.header[0].value

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
    "views/satisfaction.py": "Satisfaction",
    "views/decision.py": "Dossier de fin de marché",
    "views/quality.py": "Qualité des données",
    "views/journal.py": "Journal des accès",
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


def test_every_page_says_it_runs_in_local_mode_without_sign_in(small_demo, monkeypatch):
    app = start(monkeypatch, small_demo.path)
    for page in PAGES:
        app.switch_page(page).run()
        assert any("Mode local, sans authentification" in c.value for c in app.caption), page


def test_without_sign_in_the_dashboard_refuses_to_serve_another_address_than_the_loopback_one(small_demo, monkeypatch):
    from streamlit import config

    previous = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        app = start(monkeypatch, small_demo.path)
    finally:
        config.set_option("server.address", previous)
    assert not app.exception
    assert "ne sert que l'adresse locale 127.0.0.1" in app.error[0].value
    assert not app.metric and not app.dataframe


def test_the_filters_hold_the_scope_every_page_goes_through(small_demo, monkeypatch):
    import polars as pl

    from ui import data
    from ui.access import Scope
    from ui.filters import Filters

    monkeypatch.setenv("ENT_WAREHOUSE", str(small_demo.path))
    st.cache_data.clear()
    last = data.get("last_day")
    every = data.get("schools", last)
    circo = every["circonscription"].drop_nulls().sort()[0]
    mine = every.filter(pl.col("circonscription") == circo)["uai"].sort().to_list()
    assert 0 < len(mine) < every.height
    f = Filters(last, last, (), (), (), 5, scope=Scope("circonscription", "ien@x.fr", circonscriptions=(circo,)))
    assert f.schools()["uai"].sort().to_list() == mine
    assert set(f.apply(data.get("adoption_by_school", last))["uai"]) <= set(mine)
    assert sorted(f.scoped_uais()) == mine
    assert Filters(last, last, (), (), (), 5).scoped_uais() is None
    # Cohort curves over the scope only: as many schools per wave as the scope holds in it.
    curves = data.get("cohort_curves", last, f.scoped_uais())
    assert curves["ecoles"].max() <= len(mine) < data.get("cohort_curves", last)["ecoles"].sum()


def test_an_intervention_entered_on_a_school_s_page_is_kept_and_listed(small_demo, monkeypatch, tmp_path):
    import sqlite3

    monkeypatch.setenv("ENT_SUIVI", str(tmp_path / "suivi.sqlite"))
    app = start(monkeypatch, small_demo.path)
    app.switch_page("views/schools.py").run()
    uai = app.selectbox[0].options[0].split(" — ")[0]
    app.selectbox[0].select_index(0).run()
    assert not app.exception
    app.text_input(key="intervention-ecole-intervenant").input("Équipe ENT")
    app.text_input(key="intervention-ecole-referent").input("C. Martin")
    app.text_area(key="intervention-ecole-note").input("Formation de l'équipe au cahier de textes")
    next(b for b in app.button if b.label == "Enregistrer l'intervention").click().run()
    assert not app.exception
    assert any("Intervention enregistrée" in s.value for s in app.success)
    con = sqlite3.connect(tmp_path / "suivi.sqlite")
    rows = con.execute("SELECT uai, type, intervenant, referent, source FROM interventions").fetchall()
    con.close()
    assert rows == [(uai, "visite", "Équipe ENT", "C. Martin", "tableau de bord")]
    # The school's page lists it.
    assert any("Interventions" in h.value for h in app.subheader)


def test_the_deployment_page_draws_one_wave_s_schools_only_once_a_wave_is_chosen(small_demo, monkeypatch):
    import json

    app = start(monkeypatch, small_demo.path)
    app.switch_page("views/deployment.py").run()
    assert not app.exception, app.exception
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in app.get("plotly_chart")]
    assert not any(t.startswith("Vague") for t in titles)
    assert titles[0].startswith("Écoles par phase") and titles[1].startswith("Charge")
    app.selectbox(key="deploiement_vague").select("1").run()
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    timeline = next(c for c in charts if c["layout"]["title"]["text"].startswith("Vague"))
    assert timeline["layout"]["title"]["text"] == "Vague 1 : phases par école"
    drawn = {y.split(" — ")[0] for trace in timeline["data"] for y in trace["y"]}
    wave = {u for (u,) in small_demo.rows("SELECT uai FROM ecoles WHERE vague = '1'")}
    assert drawn == wave and len(wave) > 1


def test_slipping_the_last_wave_a_year_shows_its_schools_missing_phase_four_before_the_contract_s_end(
    small_demo, monkeypatch
):
    # The demo's last wave ("4") opens on 06/09/2027 with its two candidates, the contract ending on 31/08/2028:
    # a year later, their phase IV (opening + the territory's time to review, under a year) falls after the end.
    app = start(monkeypatch, small_demo.path)
    app.switch_page("views/deployment.py").run()
    late = next(m.value for m in app.markdown if m.value.startswith("Avec ces hypothèses"))
    assert late.startswith("Avec ces hypothèses, **0** école(s) sur 12")
    app.selectbox(key="decalage_vague").select("4").run()
    app.number_input(key="decalage_mois").set_value(12).run()
    assert not app.exception, app.exception
    late = next(m.value for m in app.markdown if m.value.startswith("Avec ces hypothèses"))
    assert late.startswith("Avec ces hypothèses, **2** école(s) sur 12")
    assert "contre 0 avec les capacités de territoire.toml et sans décalage (+2)" in late

"""ENT usage observatory: navigation, shared filters and page frame — nothing else."""

from __future__ import annotations

import streamlit as st

from ui import data, filters, signin
from warehouse.labels import date_fr, frozen_notice

st.set_page_config(page_title="Observatoire des usages de l'ENT", page_icon=":material/monitoring:", layout="wide")

PAGES = {
    "Pilotage": [
        st.Page(
            "views/overview.py", title="Vue d'ensemble", icon=":material/home:", default=True, url_path="vue-ensemble"
        ),
        st.Page("views/waves.py", title="Vagues", icon=":material/waves:", url_path="vagues"),
        st.Page("views/schools.py", title="Écoles", icon=":material/school:", url_path="ecoles"),
        st.Page("views/profiles.py", title="Profils", icon=":material/groups:", url_path="profils"),
        st.Page("views/services.py", title="Services", icon=":material/extension:", url_path="usage-des-services"),
    ],
    "Accompagnement": [
        st.Page("views/support.py", title="Accompagnement", icon=":material/support:", url_path="accompagnement")
    ],
    "Bilan": [
        st.Page("views/review.py", title="Bilan", icon=":material/fact_check:", url_path="bilan"),
        st.Page("views/deployment.py", title="Déploiement", icon=":material/calendar_month:", url_path="deploiement"),
        st.Page(
            "views/satisfaction.py",
            title="Satisfaction",
            icon=":material/sentiment_satisfied:",
            url_path="satisfaction",
        ),
        st.Page("views/decision.py", title="Dossier de fin de marché", icon=":material/gavel:", url_path="dossier"),
    ],
    "Données": [
        st.Page("views/quality.py", title="Qualité des données", icon=":material/search:", url_path="qualite"),
        st.Page("views/journal.py", title="Journal des accès", icon=":material/history:", url_path="journal"),
    ],
}

scope = signin.current_scope()
if data.version() is not None and not data.get("up_to_date"):
    st.warning(
        "Cet entrepôt a été écrit par une version précédente de l'observatoire : relancez un chargement "
        "(`python -m ingest reference DOSSIER`) pour le mettre à jour ; pour la démonstration, supprimez "
        "`data/ent.duckdb` et relancez `make run`."
    )
    st.stop()
if data.version() is None or data.get("last_day") is None:
    st.navigation([st.Page("views/empty.py", title="Observatoire des usages de l'ENT", default=True)]).run()
    st.stop()
last_day = data.get("last_day")
st.session_state["filtres"] = filters.sidebar(last_day, scope)
# Each role sees its pages only: a page it may not see is not in its navigation, bookmarks included.
visible = {section: [p for p in pages if scope.sees_page(p.url_path)] for section, pages in PAGES.items()}
page = st.navigation({section: pages for section, pages in visible.items() if pages})
signin.page_viewed(page.url_path)
st.caption(
    f"Observatoire des usages de l'ENT · Données jusqu'au {date_fr(last_day)}"
    + (f" · {signin.LOCAL}" if scope.local else "")
    + (
        f" · indicateurs au {date_fr(st.session_state['filtres'].as_of)}"
        if st.session_state["filtres"].as_of != last_day
        else ""
    )
)
chosen = st.session_state["filtres"]
if chosen.frozen:
    st.caption(frozen_notice(chosen.as_of, chosen.asked))
if data.get("outside_holiday_data", st.session_state["filtres"].as_of):
    st.caption(
        "Les vacances scolaires de cette période ne sont pas connues du calendrier : tous les jours de semaine hors "
        "jours fériés y comptent comme jours d'école."
    )
page.run()

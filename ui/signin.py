"""Sign-in (OpenID Connect through Streamlit's st.login), the person's scope, and the access journal's events.

With `[auth]` in .streamlit/secrets.toml, nobody sees a figure without
signing in, and a person absent from habilitations.csv gets "accès non
autorisé". Without it, the dashboard is in local mode: full rights for the
one analyst at this machine, and it refuses to run on any address but the
loopback one.
"""

from __future__ import annotations

import streamlit as st

from ui import access, data
from ui.access import Scope
from warehouse import journal
from warehouse.untrusted import markdown

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOCAL = "Mode local, sans authentification"


def auth_configured() -> bool:
    """Whether sign-in is configured (an `[auth]` section in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def note(page: str, action: str, detail: str = "") -> None:
    """Append an event of the current person to the access journal."""
    scope: Scope | None = st.session_state.get("perimetre")
    journal.record(
        journal.journal_path(data.warehouse_path()),
        scope.identifiant if scope else None,
        scope.role if scope else None,
        page,
        action,
        detail,
    )


def _once(key: str, page: str, action: str, detail: str = "") -> None:
    if not st.session_state.get(key):
        note(page, action, detail)
        st.session_state[key] = True


def current_scope() -> Scope:
    """The scope of whoever is looking; stops the run with the sign-in or refusal page when there is none."""
    if not auth_configured():
        address = st.get_option("server.address")
        if address not in LOOPBACK:
            st.title("Observatoire des usages de l'ENT")
            st.error(
                f"Sans authentification configurée (section [auth] de .streamlit/secrets.toml), le tableau de bord "
                f"ne sert que l'adresse locale 127.0.0.1, pas « {markdown(address or 'toutes les adresses')} »."
            )
            st.stop()
        st.session_state["perimetre"] = Scope.local_mode()
        return st.session_state["perimetre"]
    if not st.user.is_logged_in:
        st.session_state.pop("perimetre", None)
        st.title("Observatoire des usages de l'ENT")
        st.write("Les indicateurs portent sur les écoles et leurs usagers : connectez-vous pour les voir.")
        st.button("Se connecter", on_click=st.login, type="primary")
        st.stop()
    email = st.user.get("email")
    scope = access.scope_for(email, access.habilitations_path(data.warehouse_path()))
    if scope is None:
        st.session_state["perimetre"] = Scope(role="", identifiant=email)
        _once("refus_journalise", "", "acces_refuse")
        st.title("Accès non autorisé")
        st.write(
            f"Le compte {markdown(email or '(sans adresse électronique)')} n'a pas d'habilitation pour cet "
            "observatoire. Demandez-la à l'équipe projet."
        )
        st.button("Se déconnecter", on_click=st.logout)
        st.stop()
    st.session_state["perimetre"] = scope
    st.session_state["nom"] = st.user.get("name") or ""
    _once("connexion_journalisee", "", "connexion")
    with st.sidebar:
        st.caption(f"Connecté : {markdown(email)} · {access.ROLE_LABELS[scope.role]}")
        st.button("Se déconnecter", on_click=st.logout)
    return scope


def page_viewed(url_path: str) -> None:
    """Journal a page view once per page change (a rerun of the same page is no new view)."""
    url_path = url_path or "vue-ensemble"  # the default page's path is empty
    if st.session_state.get("page_vue") != url_path:
        note(url_path, "page")
        st.session_state["page_vue"] = url_path

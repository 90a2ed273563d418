"""Support reasons in plain French, with the measured value and the threshold (docs/metrics.md).

Plain text: a page escapes the service's name (`escape=markdown`), a file
keeps it as written.
"""

from __future__ import annotations

from collections.abc import Callable

from warehouse.labels import PROFILS, nombre, pourcent
from warehouse.rules import NO_KEY_USER


def _same(text: str) -> str:
    return text


def describe(flag: dict, escape: Callable[[str], str] = _same) -> str:
    """One sentence for one flag of `rules.support_flags` (its service's name passed through `escape`)."""
    motif, value, seuil, detail = flag["motif"], flag["valeur"], flag["seuil"], flag["detail"]
    detail = None if detail is None else escape(detail)
    if motif == "activation_faible":
        return (
            f"Activation faible des {PROFILS.get(detail, detail).lower()} : {pourcent(value)} des comptes distribués "
            f"activés, pour un minimum de {pourcent(seuil)}."
        )
    if motif == "enseignants_inactifs":
        return (
            f"Enseignants inactifs : {pourcent(value)} des enseignants actifs sur les 4 dernières semaines "
            f"scolaires, pour un minimum de {pourcent(seuil)}."
        )
    if motif == "usage_en_baisse":
        return (
            f"Usage en baisse : les utilisateurs actifs des 4 dernières semaines scolaires représentent "
            f"{pourcent(value)} de ceux des 4 précédentes (alerte sous {pourcent(seuil)})."
        )
    if motif == "aucune_activite":
        return f"Aucune activité depuis {nombre(int(seuil))} semaines scolaires (vacances non comptées)."
    if motif == "services_initiaux_inutilises":
        return f"Service initial « {detail} » actif mais inutilisé depuis {nombre(int(seuil))} semaines scolaires."
    if motif == "echecs_connexion":
        return (
            f"Échecs de connexion : {pourcent(value)} des tentatives sur les 4 dernières semaines scolaires "
            f"(alerte au-delà de {pourcent(seuil)})."
        )
    if motif == "personnes_ressources_inactives" and flag["detail"] == NO_KEY_USER:
        return "Aucune personne ressource désignée pour l'école."
    if motif == "personnes_ressources_inactives":
        return f"Aucune personne ressource active sur les 4 dernières semaines scolaires ({detail})."
    return motif


def brief(flag: dict) -> str:
    """A few words for one flag, value against threshold, for a list read at a meeting (plain text)."""
    motif, value, seuil, detail = flag["motif"], flag["valeur"], flag["seuil"], flag["detail"]
    if motif == "activation_faible":
        return f"activation des {PROFILS.get(detail, detail).lower()} {pourcent(value)} (min. {pourcent(seuil)})"
    if motif == "enseignants_inactifs":
        return f"enseignants actifs {pourcent(value)} (min. {pourcent(seuil)})"
    if motif == "usage_en_baisse":
        return f"usage à {pourcent(value)} des 4 semaines précédentes (alerte sous {pourcent(seuil)})"
    if motif == "aucune_activite":
        return f"aucune activité depuis {nombre(int(seuil))} semaines"
    if motif == "services_initiaux_inutilises":
        return f"« {detail} » inutilisé depuis {nombre(int(seuil))} semaines"
    if motif == "echecs_connexion":
        return f"échecs de connexion {pourcent(value)} (max. {pourcent(seuil)})"
    if motif == "personnes_ressources_inactives" and detail == NO_KEY_USER:
        return "aucune personne ressource désignée"
    if motif == "personnes_ressources_inactives":
        return "personnes ressources inactives"
    return motif

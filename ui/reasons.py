"""Support reasons in plain French, with the measured value and the threshold (docs/metrics.md)."""

from __future__ import annotations

from warehouse.labels import PROFILS, nombre, pourcent
from warehouse.rules import NO_KEY_USER
from warehouse.untrusted import markdown


def describe(flag: dict) -> str:
    """One sentence for one flag of `rules.support_flags`, as Markdown (the service's name escaped)."""
    motif, value, seuil, detail = flag["motif"], flag["valeur"], flag["seuil"], flag["detail"]
    detail = None if detail is None else markdown(detail)
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

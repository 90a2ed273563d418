"""French labels and number/date formats for everything people read (pages, XLSX, HTML)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

PROFILS = {
    "enseignant": "Enseignants",
    "eleve": "Élèves",
    "parent": "Parents",
    "personnel": "Personnels",
    "collectivite": "Collectivité",
    "invite": "Invités",
}

COLUMNS = {
    "uai": "UAI",
    "ecole": "École",
    "vague": "Vague",
    "profil": "Profil",
    "ecoles": "Écoles",
    "comptes": "Comptes",
    "comptes_distribues": "Comptes distribués",
    "comptes_actives": "Comptes activés",
    "taux_activation": "Taux d'activation",
    "actifs_28j": "Actifs sur 28 jours",
    "taux_usage_28j": "Taux d'usage sur 28 jours",
    "semaine": "Semaine (lundi)",
    "utilisateurs_actifs": "Utilisateurs actifs",
    "connexions": "Connexions",
    "semaine_scolaire": "Semaine scolaire",
    "service": "Service",
    "groupe": "Groupe",
    "comptes_service_actif": "Comptes pour qui le service est actif",
    "utilisateurs_28j": "Utilisateurs sur 28 jours",
    "acces_28j": "Accès sur 28 jours",
    "motifs": "Motifs",
    "circonscription": "Circonscription",
    "niveau": "Niveau",
    "indicateur": "Indicateur",
    "cible": "Cible",
    "valeur": "Valeur",
    "valeur_annee_precedente": "Valeur un an plus tôt",
    "atteint": "Cible atteinte",
    "motif": "Motif",
    "seuil": "Seuil",
    "en_alerte_depuis": "En alerte depuis",
    "referent": "Référent",
    "derniere_intervention": "Dernière intervention",
    "interventions": "Interventions",
    "nb_motifs": "Motifs (nombre)",
    "motifs_detail": "Motifs : valeur mesurée (seuil)",
    "type_intervention": "Type",
    "actifs_4_semaines": "Actifs par semaine (4 dernières semaines)",
    "actifs_4_precedentes": "Actifs par semaine (4 précédentes)",
    "tendance": "Tendance",
    "actifs_avant": "Actifs par semaine, 4 semaines avant",
    "actifs_apres": "Actifs par semaine, 4 semaines après",
    "evolution": "Évolution",
    "campagne": "Campagne",
    "question": "Question",
    "repondants": "Répondants",
    "moyenne": "Moyenne",
    "part_satisfaits": "Part de satisfaits",
    "part_comptes": "Part des comptes",
    "jour": "Jour",
    "mois": "Mois",
    "ecoles_signalees": "Écoles signalées",
    "ecoles_ouvertes": "Écoles ouvertes",
    "echecs": "Échecs de connexion",
    "taux_echec": "Taux d'échec",
    "debut": "Début (heure)",
    "heures": "Heures",
    "connexions_habituelles": "Connexions habituelles",
    "ouverture": "Ouverture",
}

INDICATEURS = {"taux_activation": "Taux d'activation", "taux_usage_28j": "Taux d'usage sur 28 jours"}

MOTIFS = {
    "activation_faible": "Activation faible",
    "enseignants_inactifs": "Enseignants inactifs",
    "usage_en_baisse": "Usage en baisse",
    "aucune_activite": "Aucune activité",
    "services_initiaux_inutilises": "Services initiaux inutilisés",
    "echecs_connexion": "Échecs de connexion",
    "personnes_ressources_inactives": "Personnes ressources inactives",
}


# Types of intervention of the support journal.
INTERVENTIONS = {"visite": "Visite", "formation": "Formation", "appel": "Appel", "visio": "Visio", "courriel": "Courriel",
                 "autre": "Autre"}  # fmt: skip


def nombre(n) -> str:
    """12345 → '12 345' (narrow no-break space); text (a masked '<5') passes through."""
    if n is None:
        return "—"
    if isinstance(n, str):
        return n
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(n):,}".replace(",", "\u202f")


def compte(n: int, singulier: str, pluriel: str | None = None) -> str:
    """'1 fichier', '2 fichiers', '0 fichier' (French: 0 and 1 take the singular)."""
    return f"{nombre(n)} {singulier if abs(n) < 2 else (pluriel or singulier + 's')}"


def pourcent(x: float | None, decimals: int = 0) -> str:
    """0.853 → '85 %', halves rounded up (0.125 → '13 %', as Excel writes it); None (withheld or empty) → '—'."""
    if x is None:
        return "—"
    # The shortest decimal text of the float is what it stands for: 0.4875, not 0.48749999999999993.
    shown = (Decimal(repr(x)) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{shown:f}".replace(".", ",") + "\u202f%"


def variation(x: float | None) -> str:
    """A relative change with its sign: 0.12 → '+12 %', -0.3 → '−30 %', 0 → '0 %'; None → '—'."""
    if x is None:
        return "—"
    text = pourcent(abs(x))
    return text if text.startswith("0\u202f") else ("+" if x > 0 else "−") + text


def date_fr(d: dt.date | None) -> str:
    """08/09/2025."""
    return d.strftime("%d/%m/%Y") if d else "—"


def frozen_notice(sunday: dt.date, asked: dt.date | None = None) -> str:
    """What pages and the export say of figures a retention purge froze: as of `sunday`, for the date `asked`
    when that was another day."""
    if asked and asked != sunday:
        return (
            f"Le {date_fr(asked)} est dans la période figée par la purge de conservation : chiffres figés du "
            f"dimanche {date_fr(sunday)}."
        )
    return f"Chiffres figés du dimanche {date_fr(sunday)} par la purge de conservation."

"""Qualité des données: loads, rejects by reason with examples, duplicates, waiting events, unknown modules."""

import streamlit as st

from ui import data, tables
from warehouse.labels import date_fr, nombre
from warehouse.untrusted import markdown

st.title("Qualité des données")
s = data.get("status")
r = s.reference
cols = st.columns(4)
cols[0].metric("Données jusqu'au", date_fr(r["dernier_jour"]))
files = data.get("loaded_files")
cols[1].metric("Fichiers chargés", nombre(files.height))
examples = data.get("reject_examples")
cols[2].metric("Lignes rejetées", nombre(int(examples["lignes"].sum())))
cols[3].metric("Doublons écartés", nombre(int(files["doublons"].sum())))

st.subheader("Lignes rejetées, par motif")
if examples.is_empty():
    st.success("Aucune ligne rejetée.")
for row in examples.iter_rows(named=True):
    with st.expander(f"{markdown(row['motif'])} — {nombre(row['lignes'])} ligne(s)"):
        for ex in row["exemples"]:
            st.code(f"{ex['fichier']}, ligne {ex['ligne']} : {ex['brut'] or ''}", language=None)
st.caption(
    "Le texte brut n'est conservé que pour les mots des formats eux-mêmes (noms de champs, actions, "
    "profils, services), les nombres et les dates ; tout autre mot est masqué, qu'il soit un identifiant, "
    "un nom, une adresse ou un navigateur."
)

st.subheader("Évènements en attente d'un compte")
w = s.waiting
if w["evenements"]:
    st.warning(
        f"{nombre(w['evenements'])} évènements de {nombre(w['personnes'])} personnes absentes de l'export des "
        f"comptes (du {date_fr(w['premier'])} au {date_fr(w['dernier'])}) : ils seront rattachés au prochain export."
    )
else:
    st.success("Aucun évènement en attente.")

if w["effaces"]:
    st.caption(
        f"{nombre(w['effaces'])} autres évènements ont été effacés par la purge de conservation avant d'avoir trouvé "
        "leur compte : ils ne sont comptés nulle part."
    )

if not s.purges.is_empty():
    st.subheader("Purges de conservation")
    tables.show(
        s.purges,
        names={
            "purge_le": "Purge le (UTC)",
            "coupure": "Traces effacées avant le",
            "gel_jusqu_au": "Chiffres figés jusqu'au",
            "evenements": "Évènements",
            "en_attente": "En attente",
            "jours_comptes": "Cumuls par compte",
            "textes_rejets": "Textes de lignes rejetées",
        },
    )
    st.caption(
        "Avant d'effacer les traces plus anciennes que la durée de conservation, chaque purge fige les chiffres par "
        "école et profil de chaque dimanche ; le texte des lignes rejetées des fichiers chargés avant la coupure est "
        "effacé (leur numéro et leur motif restent)."
    )

st.subheader("Modules inconnus de services.csv")
if s.unknown_modules.is_empty():
    st.success("Tous les modules des journaux sont rattachés à un service.")
else:
    tables.show(s.unknown_modules, names={"module": "Module", "evenements": "Évènements"})

st.subheader("Chargements")
tables.show(
    files.select(
        "nom", "type", "charge_le", "lignes", "charges", "doublons", "rejetes", "ignores", "en_attente", "note"
    ),
    names={
        "nom": "Fichier",
        "type": "Type",
        "charge_le": "Chargé le (UTC)",
        "lignes": "Lignes",
        "charges": "Chargés",
        "doublons": "Doublons",
        "rejetes": "Rejetés",
        "ignores": "Ignorés",
        "en_attente": "En attente",
        "note": "Note",
    },
)

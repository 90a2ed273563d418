"""Accompagnement: the week's list of flagged schools (since when, why, who follows them, what was done, the
trend), the schools that joined or left it, whether interventions helped; downloads and the journal's form."""

import polars as pl
import streamlit as st

from ui import data, filters, interventions, signin, tables
from warehouse import effects, export, followup, masking, reasons
from warehouse.labels import date_fr, nombre
from warehouse.untrusted import markdown

f = filters.current()
st.title("Accompagnement")
st.caption(
    "Écoles ouvertes (phases III et IV) qui remplissent au moins une règle d'accompagnement "
    "(seuils de territoire.toml) ; les plus urgentes (le plus de motifs, puis en alerte depuis le plus longtemps) "
    "d'abord. Les semaines de vacances ne comptent jamais comme de l'inactivité."
)

flagged = f.apply(data.flagged(f.as_of))
journal = data.journal()
listing = followup.weekly_list(
    flagged,
    data.get("support_flags", f.as_of),
    data.get("flagged_since", f.as_of),
    data.get("trend", f.as_of),
    journal,
    f.as_of,
)
history = f.apply(data.get("alert_history", f.as_of))
weeks = history["semaine"].unique().sort()
# The school weeks of the history: the last one ending by D against the one before.
this_week = set(history.filter(pl.col("semaine") == weeks[-1])["uai"]) if len(weeks) else set()
last_week = set(history.filter(pl.col("semaine") == weeks[-2])["uai"]) if len(weeks) > 1 else set()
names = dict(f.schools().select("uai", "ecole").iter_rows())

cols = st.columns(4)
cols[0].metric("Écoles à accompagner", nombre(flagged.height))
cols[1].metric("Nouvelles cette semaine", nombre(len(this_week - last_week)))
cols[2].metric("Sorties cette semaine", nombre(len(last_week - this_week)))
cols[3].metric("Jamais accompagnées", nombre(listing.filter(pl.col("derniere_intervention").is_null()).height))
if len(weeks) > 1:
    moved = [
        f"{label} : " + ", ".join(markdown(names.get(u, u)) for u in sorted(group))
        for label, group in (("Nouvelles", this_week - last_week), ("Sorties", last_week - this_week))
        if group
    ]
    st.caption(
        f"Semaine du {date_fr(weeks[-1])} comparée à celle du {date_fr(weeks[-2])} (règles évaluées au dimanche). "
        + " · ".join(moved)
    )

st.subheader("Liste de la semaine")
if flagged.is_empty():
    st.success("Aucune école à accompagner avec ces filtres.")
cols = st.columns([1, 2])
mine = interventions.me()
only_mine = cols[0].toggle("Mes écoles", disabled=not mine, help="Les écoles dont vous êtes le référent (connexion).")
referents = sorted({r for r in listing["referent"].to_list() if r})
chosen = cols[1].multiselect("Référents", referents, placeholder="Tous")
if only_mine:
    listing = listing.filter(pl.col("referent").str.strip_chars().str.to_lowercase().is_in(list(mine)))
if chosen:
    listing = listing.filter(pl.col("referent").is_in(chosen))
shown = masking.withhold_on_means(listing, f.seuil, "tendance", ["actifs_4_semaines", "actifs_4_precedentes"])
tables.show(
    # What decides the week's work first; the reasons' detail, wide, after.
    shown.select(
        "uai",
        "ecole",
        "nb_motifs",
        "en_alerte_depuis",
        "referent",
        "derniere_intervention",
        "type_intervention",
        "actifs_4_semaines",
        "tendance",
        "motifs_detail",
        "vague",
        "circonscription",
    ).with_columns(pl.col("type_intervention").replace(interventions.TYPES)),  # fmt: skip
    f.seuil,
    averages=("actifs_4_semaines",),
    changes=("tendance",),
    names={"actifs_4_semaines": "Actifs / semaine", "derniere_intervention": "Dernière intervention"},
    column_config={"Motifs : valeur mesurée (seuil)": st.column_config.Column(width=380)},
)
st.caption(
    "Cliquez un en-tête pour trier. En alerte depuis : la première semaine de la série de semaines scolaires en "
    "alerte qui dure encore. Référent : celui de la dernière intervention qui en nomme un. Actifs / semaine : "
    "moyenne des 4 dernières semaines scolaires ; tendance : par rapport aux 4 précédentes. "
    f"« <{f.seuil} » : moins de {f.seuil} personnes."
)
csv, xlsx = export.support_list(shown, f.seuil)
cols = st.columns(2)
name = f"ecoles_a_accompagner_{f.as_of.isoformat()}"
for col, ext, mime in (
    (cols[0], "csv", "text/csv"),
    (cols[1], "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
):
    col.download_button(
        f"Télécharger la liste ({ext.upper()})",
        csv if ext == "csv" else xlsx,
        file_name=f"{name}.{ext}",
        mime=mime,
        on_click=signin.note,
        args=("accompagnement", "telechargement", f"{name}.{ext}"),
    )

with st.expander("Le détail des motifs, école par école"):
    details = data.get("support_flags", f.as_of)
    for school in listing.iter_rows(named=True):
        st.markdown(f"**{markdown(school['ecole'])}** ({markdown(school['uai'])})")
        for flag in details.filter(pl.col("uai") == school["uai"]).iter_rows(named=True):
            st.markdown(f"- {reasons.describe(flag, markdown)}")

st.subheader("Les interventions ont-elles aidé ?")
pairs = f.apply(data.get("helped_pairs", f.as_of, data.journal_key()))
sides = effects.helped_against_not(pairs)
sides = masking.withhold_on_means(sides, f.seuil, "evolution", ["actifs_avant", "actifs_apres"])
tables.show(
    sides,
    f.seuil,
    averages=("actifs_avant", "actifs_apres"),
    differences=("evolution",),
    names={"groupe": "", "evolution": "Évolution"},
)
gap = effects.difference_in_differences(sides)
if sides["ecoles"].min() == 0:
    st.caption(
        "Pas encore de comparaison : il faut une école accompagnée alors qu'elle était signalée, et une école "
        "signalée la même semaine sans intervention, avec 4 semaines scolaires écoulées après."
    )
elif gap is not None:
    st.markdown(
        f"Différence des évolutions : **{'+' if gap >= 0 else '−'}{nombre(round(abs(gap), 1))}** utilisateur(s) "
        "actif(s) par semaine et par école pour les écoles accompagnées, par rapport aux écoles signalées la même "
        "semaine et non accompagnées."
    )
st.caption(
    "Pour chaque école, sa première intervention de l'année alors qu'elle était signalée ; en face, les écoles "
    "signalées la même semaine et sans intervention jusqu'à la fin de leur fenêtre. Moyenne des utilisateurs "
    "actifs par semaine sur les 4 semaines scolaires avant et les 4 après la semaine de l'intervention ; chaque "
    "semaine compte autant de fois que d'écoles accompagnées cette semaine-là. Une comparaison simple, pas une "
    "preuve : les écoles ne sont pas tirées au sort."
)

st.subheader("Enregistrer une intervention")
interventions.form(dict(flagged.select("uai", "ecole").iter_rows()), key="intervention-accompagnement")

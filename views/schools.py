"""Écoles: a sortable table (all schools or those to support), then one school's detail (also reachable by ?uai=…)."""

import polars as pl
import streamlit as st

from ui import data, filters, interventions, signin, tables
from warehouse import charts, effects, masking, metrics, reasons
from warehouse.labels import MOTIFS, date_fr
from warehouse.untrusted import markdown

f = filters.current()
st.title("Écoles")

adoption = f.apply(data.get("adoption_by_school", f.as_of))
per_school = tables.adoption(adoption, ["uai"])
flags = data.flagged(f.as_of).select("uai", pl.col("libelles").alias("motifs"))
schools = (
    f.schools()
    .select("uai", "ecole", "vague", "circonscription", "phase")
    .join(per_school.drop("ecoles"), on="uai", how="left")
    .join(flags, on="uai", how="left")
)
only_flagged = st.toggle("Seulement les écoles à accompagner", key="ecoles_a_accompagner")
# Rates are judged against their counts before the counts leave the table.
listed = masking.withhold(schools, f.seuil, metrics.RATES)
listed = listed.filter(pl.col("motifs").is_not_null()) if only_flagged else listed
st.caption(
    "Une ligne par école ; cliquez un en-tête pour trier. Motifs : les règles d'accompagnement que l'école remplit "
    "(détail sur sa fiche et sur la page Accompagnement). Comptes et taux à la date d'observation."
)
tables.show(
    listed.select("uai", "ecole", "vague", "phase", "comptes", "taux_activation", "taux_usage_28j", "motifs"),
    f.seuil,
    names={"phase": "Phase", "taux_usage_28j": "Taux d'usage (28 j)"},
    column_config={
        "UAI": st.column_config.Column(width=90),
        "École": st.column_config.Column(width=215),
        "Vague": st.column_config.Column(width=60),
        "Phase": st.column_config.Column(width=60),
        "Comptes": st.column_config.Column(width=80),
        "Taux d'activation": st.column_config.Column(width=110),
        "Taux d'usage (28 j)": st.column_config.Column(width=125),
        "Motifs": st.column_config.Column(width=270),
    },
)

options = schools["uai"].to_list()
wanted = st.query_params.get("uai")
index = options.index(wanted) if wanted in options else None
if wanted and index is None:
    # A school outside the person's scope (or a mistyped UAI): nothing of it is shown.
    signin.note("ecoles", "acces_refuse", f"uai={wanted}")
    st.error("Cette école n'est pas dans votre périmètre (ou n'existe pas).")
uai = st.selectbox(
    "Voir une école",
    options,
    index=index,
    placeholder="Choisir une école",
    format_func=lambda u: f"{u} — {schools.filter(pl.col('uai') == u)['ecole'][0]}",
)
if uai is None:
    st.stop()
st.query_params["uai"] = uai
school = schools.filter(pl.col("uai") == uai).row(0, named=True)
st.header(f"{markdown(school['ecole'])} ({markdown(uai)})")
st.caption(
    f"Vague {markdown(school['vague'])} · {markdown(school['circonscription'])} · phase {school['phase'] or '—'}"
)

st.subheader("Profils")
tables.show(adoption.filter(pl.col("uai") == uai).drop("uai", "ecole", "vague"), f.seuil)
st.caption(
    "Comptes existants, distribués et activés à la date d'observation ; actifs : au moins une connexion ou un "
    "accès dans les 28 jours qui s'achèvent à cette date."
)

st.subheader("Services : actifs et utilisés")
usage = data.get("service_usage", f.as_of, (uai,)).drop("uai")
tables.show(usage, f.seuil)
st.caption(
    "Comptes pour qui le service est actif à la date d'observation ; utilisateurs et accès sur les 28 derniers jours."
)

st.subheader("Activité par semaine")
weekly = f.apply(data.get("weekly_activity", f.as_of, (uai,)))
done = interventions.listing([uai])
marks = [
    (r["date"], interventions.TYPES.get(r["type"], r["type"]) + (f" ({r['intervenant']})" if r["intervenant"] else ""))
    for r in done.iter_rows(named=True)
]
st.plotly_chart(
    charts.weekly_active_users(weekly, f.as_of, data.get("holiday_weeks", f.as_of, uai), f.seuil, marks),
    width="stretch",
)

st.subheader("Signalements")
flags_detail = data.get("support_flags", f.as_of).filter(pl.col("uai") == uai)
if flags_detail.is_empty():
    st.success("Aucun signalement pour cette école.")
for r in flags_detail.iter_rows(named=True):
    st.warning(reasons.describe(r, markdown))

st.subheader("Historique des alertes")
since = data.get("flagged_since", f.as_of).filter(pl.col("uai") == uai)["en_alerte_depuis"].to_list()
grid = data.get("history_grid", f.as_of, uai)
if since:
    st.markdown(f"En alerte depuis la semaine du **{date_fr(since[0])}**.")
elif grid.width > 1:
    st.markdown("Pas en alerte la dernière semaine scolaire.")
if grid.width > 1:
    st.dataframe(
        grid,
        hide_index=True,
        column_config={"semaine": st.column_config.DateColumn("Semaine (lundi)", format="DD/MM/YYYY")},
        height=min(400, 35 * (grid.height + 1) + 3),
    )
    st.caption(
        "Chaque semaine scolaire de l'année, les règles évaluées au dimanche qui la termine ; la plus récente en haut."
    )
else:
    st.caption("Aucune alerte cette année scolaire.")

st.subheader("Interventions de l'équipe d'accompagnement")
interventions.show(uai)
around = effects.around_each(data.get("weeks_around", f.as_of, data.journal_key([uai])))
if not around.is_empty():
    st.markdown("**Avant et après chaque intervention**")
    tables.show(
        around.drop("uai").with_columns(
            pl.col("motifs_avant", "motifs_apres").list.eval(pl.element().replace(MOTIFS)).list.join(", ")
        ),
        f.seuil,
        averages=("actifs_avant", "actifs_apres"),
        names={
            "jour": "Intervention",
            "semaines_avant": "Semaines avant",
            "actifs_avant": "Actifs / semaine avant",
            "semaines_apres": "Semaines après",
            "actifs_apres": "Actifs / semaine après",
            "motifs_avant": "Motifs avant",
            "motifs_apres": "Motifs après",
        },
    )
    st.caption(
        "Utilisateurs actifs par semaine en moyenne sur les 4 semaines scolaires avant la semaine de l'intervention "
        "et les 4 après (celles déjà écoulées) ; motifs d'alerte de la dernière semaine avant et de la "
        f"dernière semaine après. « <{f.seuil} » : moins de {f.seuil} personnes."
    )
with st.expander("Enregistrer une intervention", expanded=False):
    interventions.form({uai: school["ecole"]}, key="intervention-ecole")

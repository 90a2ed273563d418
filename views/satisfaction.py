"""Satisfaction: what users think, by campaign, wave, profile and school, beside how much they use the ENT."""

import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import charts, masking, satisfaction
from warehouse.labels import date_fr, nombre, pourcent
from warehouse.untrusted import markdown

f = filters.current()
st.title("Satisfaction")
campaigns = data.get("satisfaction_campaigns")
if campaigns.is_empty():
    st.info(
        "Aucune enquête chargée. Décrivez la campagne dans territoire.toml (bloc [[enquete]]) puis chargez l'export "
        "des réponses : python -m ingest enquete FICHIER --campagne NOM (voir docs/inputs.md)."
    )
    st.stop()
name = st.selectbox("Campagne", campaigns["campagne"].to_list(), key="campagne")
campaign = campaigns.filter(pl.col("campagne") == name).row(0, named=True)
scale, questions = campaign["echelle"], campaign["questions"]
st.caption(
    f"{nombre(campaign['reponses'])} réponses retenues, jusqu'au {date_fr(campaign['dernier_jour'])} ; réponses de "
    f"1 à {scale} (hors de cette échelle : sans réponse). Satisfaits : réponses au-dessus du milieu de l'échelle "
    f"({'4 et 5' if scale == 5 else 'moitié haute'}). Moins de {f.seuil} répondants : chiffres masqués."
)

notes = f.apply(data.get("satisfaction_answers").filter(pl.col("campagne") == name))
answered = notes.filter(pl.col("note").is_not_null())
totals = notes.group_by("question").agg(total=pl.col("reponses").sum())
shares = (
    notes.group_by("question", "note")
    .agg(pl.col("reponses").sum())
    .join(totals, on="question")
    .with_columns(part=pl.col("reponses") / pl.col("total"))
    .join(answered.group_by("question").agg(repondants=pl.col("reponses").sum()), on="question", how="left")
    # A question answered by fewer than seuil people is not drawn.
    .filter(pl.col("repondants").fill_null(0) >= f.seuil)
    .sort(pl.col("question").replace_strict({q: i for i, q in enumerate(questions)}, default=len(questions)))
)
labels = {q: q.replace("_", " ").capitalize() for q in questions}
if shares.is_empty():
    st.caption("Trop peu de répondants dans ce périmètre pour montrer la répartition des réponses.")
else:
    st.plotly_chart(charts.answer_shares(shares, scale, labels), width="stretch")

st.subheader("Par vague et profil")
groups = data.get("satisfaction_by_group", f.scoped_uais()).filter(pl.col("campagne") == name)
if f.vagues:
    groups = groups.filter(pl.col("vague").is_in(list(f.vagues)))
if f.profils:
    groups = groups.filter(pl.col("profil").is_in(list(f.profils)))
tables.show(
    satisfaction.withheld(groups, f.seuil)
    .drop("campagne")
    .with_columns(pl.col("question").replace(labels), pl.col("vague").replace("", "—")),
    f.seuil,
    percents=("part_satisfaits",),
    names={"moyenne": "Réponse moyenne"},
)

st.subheader("Par école, à côté de l'usage")
question = st.selectbox("Question", questions, format_func=lambda q: labels[q], key="question_satisfaction", index=0)
per_school = satisfaction.by_school(notes.filter(pl.col("question") == question), scale)
usage = tables.adoption(f.apply(data.get("adoption_by_school", campaign["dernier_jour"] or f.as_of)), ["uai"])
schools = (
    f.schools()
    .select("uai", "ecole", "vague")
    .join(per_school.drop("question"), on="uai")
    .join(usage.select("uai", "actifs_28j", "comptes_distribues", "taux_usage_28j"), on="uai", how="left")
)
shown = masking.withhold(
    satisfaction.withheld(schools, f.seuil), f.seuil, {"taux_usage_28j": ("actifs_28j", "comptes_distribues")}
)
tables.show(
    shown.select("uai", "ecole", "vague", "repondants", "moyenne", "part_satisfaits", "taux_usage_28j"),
    f.seuil,
    percents=("part_satisfaits",),
    names={"moyenne": "Réponse moyenne", "taux_usage_28j": "Taux d'usage sur 28 jours"},
)
plotted = shown.filter(pl.col("moyenne").is_not_null() & pl.col("taux_usage_28j").is_not_null())
if plotted.height >= 2:
    st.plotly_chart(charts.satisfaction_and_usage(plotted), width="stretch")
    median = plotted["taux_usage_28j"].median()
    high = plotted.filter(pl.col("taux_usage_28j") >= median)["moyenne"].mean()
    low = plotted.filter(pl.col("taux_usage_28j") < median)["moyenne"].mean()
    if low is not None:
        st.markdown(
            f"Écoles dont l'usage est au-dessus de la médiane ({pourcent(median)}) : réponse moyenne "
            f"**{nombre(round(high, 2))}** ; en dessous : **{nombre(round(low, 2))}** "
            f"(« {markdown(labels[question])} », {nombre(plotted.height)} écoles d'au moins {f.seuil} répondants)."
        )
st.caption(
    f"Usage au {date_fr(campaign['dernier_jour'])}, jour de la dernière réponse de la campagne. Répondants : les "
    "réponses à cette question dans l'échelle. Une comparaison, pas une cause."
)

"""Services: by group, active for how many accounts and used by how many; the gaps between the two."""

import polars as pl
import streamlit as st

from ui import data, filters, tables
from warehouse import masking, metrics

f = filters.current()
st.title("Services")
usage = f.apply(data.get("service_usage", f.as_of))
groups = {
    "socle": "Socle",
    "initial": "Services initiaux",
    "additionnel": "Services additionnels",
    None: "Modules inconnus",
}
by_service = usage.group_by("groupe", "service", "libelle").agg(
    pl.col("comptes_service_actif", "utilisateurs_28j", "acces_28j").sum()
)
for tab, group in zip(st.tabs(list(groups.values())), groups):
    with tab:
        part = by_service.filter(pl.col("groupe").is_null() if group is None else pl.col("groupe") == group)
        tables.show(part.drop("groupe").sort("libelle"), f.seuil)
st.caption(
    "Comptes pour qui le service est actif à la date d'observation (socle : toujours ; sinon une activation "
    "par projet, école, classe ou utilisateur et profil) ; utilisateurs et accès sur les 28 derniers jours."
)

gaps = f.apply(data.get("service_gaps", f.as_of))
left, right = st.columns(2)
with left:
    st.subheader("Actifs mais inutilisés")
    tables.show(
        gaps.filter(pl.col("ecart") == "actif mais inutilisé").select(
            "uai", "service", "libelle", "comptes_service_actif"
        ),
        f.seuil,
    )
with right:
    st.subheader("Utilisés sans être actifs")
    tables.show(
        gaps.filter(pl.col("ecart") == "utilisé sans être actif").select(
            "uai", "service", "libelle", "utilisateurs_28j", "acces_28j"
        ),
        f.seuil,
    )

st.subheader("Par groupe, d'une année scolaire à l'autre")
by_year = data.get("service_groups_by_year", f.as_of, f.scoped_uais())
by_year = masking.withhold(by_year, f.seuil, metrics.GROUP_RATE).with_columns(
    pl.col("groupe").replace({g: label for g, label in groups.items() if g})
)
tables.show(
    by_year.select("jour", "groupe", "utilisateurs_28j", "comptes", "part_comptes", "acces_28j"),
    f.seuil,
    percents=("part_comptes",),
    names={"jour": "Au", "comptes": "Comptes existants", "part_comptes": "Part des comptes"},
)
st.caption(
    "À la date d'observation et 52 semaines plus tôt, d'année en année (le même jour de la semaine) : comptes ayant utilisé au moins un "
    "service du groupe dans les 28 jours, rapportés aux comptes existants ce jour-là (toutes écoles ouvertes à "
    "cette date). Les services initiaux sont-ils adoptés, les additionnels demandés ?"
)

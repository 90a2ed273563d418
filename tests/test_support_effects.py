"""Did it work? Each intervention's weeks before and after, and schools helped against schools not helped.

Four schools of zone A opened on 01/09/2025, each with two teachers (t1 the
key user), a pupil and a parent, all activated on 01/09; D = Sunday
21/12/2025. Zone A's school weeks around the week of 17/11: before it 10/11,
03/11, 13/10, 06/10 (Toussaint, 20/10 and 27/10, skipped); after it 24/11,
01/12, 08/12, 15/12. People use the blog on Thursdays:

- AIDEE: t1, t2, p1 up to 16/10, nobody from 03/11 to 20/11, the three
  again from 27/11. Flagged (no activity) in the week of 10/11, helped on
  19/11 (visite) and again on 03/12 (appel).
- TEMOIN: t1, t2 up to 16/10, nobody until the pupil alone on 11/12 and
  18/12. Flagged in the week of 10/11, never helped.
- SAINE: t1, t2, p1 every week: never flagged, so never a comparison school.
- TARDIVE: t1 up to 16/10, nobody until t1 on 11/12 and 18/12, helped on
  10/12: flagged in the week of 10/11, but helped inside the window of
  17/11, so no comparison school for it; its own window after 08/12 has
  one week by D.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.demo.territory import uai_for

D = dt.date(2025, 12, 21)
SCHOOLS = ["AIDEE", "TEMOIN", "SAINE", "TARDIVE"]
UAI = {name: uai_for(38, 2000 + i) for i, name in enumerate(SCHOOLS)}
UP_TO_TOUSSAINT = ["2025-09-04", "2025-09-11", "2025-09-18", "2025-09-25", "2025-10-02", "2025-10-09", "2025-10-16"]
NOVEMBER = ["2025-11-06", "2025-11-13", "2025-11-20"]
FROM_27_11 = ["2025-11-27", "2025-12-04", "2025-12-11", "2025-12-18"]
JOURNAL = [
    (UAI["AIDEE"], dt.date(2025, 11, 19)),
    (UAI["AIDEE"], dt.date(2025, 12, 3)),
    (UAI["TARDIVE"], dt.date(2025, 12, 10)),
]


def use(who: str, days: list[str]) -> list[str]:
    return [f"{day} 08:00:00;{who};;connexion\n{day} 08:05:00;{who};blog;acces" for day in days]


def events() -> list[str]:
    e = []
    for who in ("AIDEE-t1", "AIDEE-t2", "AIDEE-p1"):
        e += use(who, UP_TO_TOUSSAINT + FROM_27_11)
    e += use("TEMOIN-t1", UP_TO_TOUSSAINT) + use("TEMOIN-t2", UP_TO_TOUSSAINT)
    e += use("TEMOIN-p1", ["2025-12-11", "2025-12-18"])
    for who in ("SAINE-t1", "SAINE-t2", "SAINE-p1"):
        e += use(who, UP_TO_TOUSSAINT + NOVEMBER + FROM_27_11)
    e += use("TARDIVE-t1", UP_TO_TOUSSAINT + ["2025-12-11", "2025-12-18"])
    return e


@pytest.fixture(scope="module")
def territory(tmp_path_factory):
    import os

    from tests.conftest import PSEUDO_KEY, Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("effects"))
    os.environ["ENT_PSEUDO_KEY"] = PSEUDO_KEY
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(
        "uai;nom;zone;vague;date_ouverture\n" + "".join(f"{UAI[n]};{n};A;1;01/09/2025\n" for n in SCHOOLS)
    )
    (folder / "services.csv").write_text("service;groupe;modules\nconnexion;socle;Auth\nblog;initial;Blog\n")
    (folder / "activations.csv").write_text("service;portee;cible;profils;debut\nblog;projet;;tous;01/09/2025\n")
    rows = []
    for n in SCHOOLS:
        rows += [
            f"{n}-t1,{UAI[n]},Teacher,2025-09-01,2025-09-01,oui",
            f"{n}-t2,{UAI[n]},Teacher,2025-09-01,2025-09-01,non",
            f"{n}-p1,{UAI[n]},Student,2025-09-01,2025-09-01,non",
            f"{n}-r1,{UAI[n]},Relative,2025-09-01,2025-09-01,non",
        ]
    (folder / "comptes.csv").write_text(
        "id,uai,profil,date_distribution,date_activation,personne_ressource\n" + "\n".join(rows) + "\n"
    )
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0, wh.last_output
    log = wh.write("usages.csv", "horodatage;utilisateur;service;action\n" + "\n".join(events()) + "\n")
    assert wh.ingest("logs", log) == 0, wh.last_output
    return wh


def test_the_setting_is_the_one_described(territory):
    from warehouse import rules

    history = territory.read(rules.alert_history, D)
    flagged_10_11 = set(history.filter(semaine=dt.date(2025, 11, 10))["uai"])
    assert flagged_10_11 == {UAI["AIDEE"], UAI["TEMOIN"], UAI["TARDIVE"]}


def test_each_intervention_with_its_four_school_weeks_before_and_after(territory):
    from warehouse import effects

    weeks = territory.read(effects.weeks_around, D, JOURNAL)
    first = weeks.filter(uai=UAI["AIDEE"], jour=dt.date(2025, 11, 19)).sort("position")
    assert first["semaine"].to_list() == [
        dt.date(2025, 10, 6), dt.date(2025, 10, 13), dt.date(2025, 11, 3), dt.date(2025, 11, 10),
        dt.date(2025, 11, 24), dt.date(2025, 12, 1), dt.date(2025, 12, 8), dt.date(2025, 12, 15),
    ]  # fmt: skip
    assert first["position"].to_list() == [-4, -3, -2, -1, 1, 2, 3, 4]
    assert first["utilisateurs_actifs"].to_list() == [3, 3, 0, 0, 3, 3, 3, 3]
    summary = {(r["uai"], r["jour"]): r for r in effects.around_each(weeks).iter_rows(named=True)}
    aidee = summary[(UAI["AIDEE"], dt.date(2025, 11, 19))]
    assert (aidee["actifs_avant"], aidee["actifs_apres"]) == (1.5, 3.0)  # (3 + 3 + 0 + 0) / 4, 12 / 4
    assert "aucune_activite" in aidee["motifs_avant"] and "aucune_activite" not in aidee["motifs_apres"]
    # 03/12: before it 24/11 (3), 17/11, 10/11, 03/11 (0); after it only 08/12 and 15/12 by D.
    again = summary[(UAI["AIDEE"], dt.date(2025, 12, 3))]
    assert (again["semaines_avant"], again["actifs_avant"], again["semaines_apres"], again["actifs_apres"]) == (
        4, 0.75, 2, 3.0,
    )  # fmt: skip
    late = summary[(UAI["TARDIVE"], dt.date(2025, 12, 10))]
    assert (late["actifs_avant"], late["semaines_apres"], late["actifs_apres"]) == (0.0, 1, 1.0)


def test_schools_helped_against_schools_flagged_but_not_helped_over_the_same_weeks(territory):
    from warehouse import effects

    pairs = territory.read(effects.helped_pairs, D, JOURNAL)
    assert sorted(pairs.select("uai", "groupe").iter_rows()) == [(UAI["AIDEE"], "aidee"), (UAI["TEMOIN"], "temoin")]
    sides = effects.helped_against_not(pairs)
    helped, control = sides.row(0, named=True), sides.row(1, named=True)
    assert (helped["ecoles"], helped["actifs_avant"], helped["actifs_apres"]) == (1, 1.5, 3.0)
    # TEMOIN: 2, 2, 0, 0 before; 0, 0, 1, 1 after.
    assert (control["ecoles"], control["actifs_avant"], control["actifs_apres"]) == (1, 1.0, 0.5)
    assert effects.difference_in_differences(sides) == pytest.approx(1.5 - (-0.5))


def test_the_comparison_weighs_each_week_by_the_schools_helped_that_week():
    import polars as pl

    from warehouse import effects

    w1, w2 = dt.date(2025, 11, 17), dt.date(2025, 12, 1)
    pairs = pl.DataFrame(
        {
            "uai": ["A", "B", "C", "X", "Y", "Z"],
            "semaine": [w1, w1, w2, w1, w1, w2],
            "groupe": ["aidee", "aidee", "aidee", "temoin", "temoin", "temoin"],
            "actifs_avant": [10.0, 20.0, 30.0, 8.0, 12.0, 40.0],
            "actifs_apres": [20.0, 20.0, 35.0, 8.0, 16.0, 30.0],
        }
    )
    sides = effects.helped_against_not(pairs)
    # Helped: before (10 + 20 + 30) / 3 = 20, after 25. Not helped: week 1 means 10 → 12 count twice (two schools
    # helped that week), week 2 40 → 30 once: before (10 + 10 + 40) / 3 = 20, after (12 + 12 + 30) / 3 = 18.
    assert sides["ecoles"].to_list() == [3, 3]
    assert sides["actifs_avant"].to_list() == [20.0, 20.0]
    assert sides["actifs_apres"].to_list() == [25.0, 18.0]
    assert effects.difference_in_differences(sides) == pytest.approx(5 - (-2))


def test_the_follow_up_file_lists_flagged_and_helped_schools(territory):
    import polars as pl

    from warehouse import followup, rules, status

    journal = pl.DataFrame(
        {
            "date": [dt.date(2025, 11, 19), dt.date(2025, 12, 3), dt.date(2025, 12, 10), dt.date(2026, 1, 8)],
            "uai": [UAI["AIDEE"], UAI["AIDEE"], UAI["TARDIVE"], UAI["TEMOIN"]],
            "type": ["visite", "appel", "visite", "visite"],
            "referent": ["C. Martin", "", "A. Diallo", "B. Roy"],
        }
    )
    rows = followup.follow_up(
        territory.read(rules.schools_to_support, D),
        territory.read(rules.flagged_since, D),
        journal,
        territory.read(status.schools, D),
        D,
    )
    by_uai = {r["uai"]: r for r in rows.iter_rows(named=True)}
    assert set(by_uai) == {UAI["AIDEE"], UAI["TEMOIN"], UAI["TARDIVE"]}
    # TEMOIN: no teacher active in the last 4 school weeks (so no key user either); flagged without a break since
    # no activity in 03/11 and 10/11; its visit of 08/01 is after D.
    assert by_uai[UAI["TEMOIN"]]["motifs"] == "enseignants_inactifs|personnes_ressources_inactives"
    assert by_uai[UAI["TEMOIN"]]["en_alerte_depuis"] == dt.date(2025, 11, 10)
    assert (by_uai[UAI["TEMOIN"]]["interventions"], by_uai[UAI["TEMOIN"]]["referent"]) == (0, None)
    aidee = by_uai[UAI["AIDEE"]]
    assert (aidee["motifs"], aidee["en_alerte_depuis"]) == (None, None)
    assert (aidee["interventions"], aidee["derniere_intervention"], aidee["referent"]) == (
        2, dt.date(2025, 12, 3), "C. Martin",
    )  # fmt: skip


def test_the_export_pack_holds_the_follow_up_of_the_imported_journal(territory, tmp_path):
    import csv

    from warehouse.cli import main

    journal = territory.write(
        "suivi.csv",
        "date;uai;type;intervenant;note;referent\n"
        f"19/11/2025;{UAI['AIDEE']};visite;Équipe ENT;;C. Martin\n"
        f"03/12/2025;{UAI['AIDEE']};appel;C. Martin;;\n"
        f"10/12/2025;{UAI['TARDIVE']};visite;Équipe ENT;;A. Diallo\n",
    )
    assert territory.ingest("suivi", journal) == 0, territory.last_output
    out = tmp_path / "pack"
    assert main(["export", "--out", str(out), "--warehouse", str(territory.path), "--as-of", D.isoformat()]) == 0
    with (out / "suivi_accompagnement.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "uai", "ecole", "en_alerte_depuis", "motifs", "referent", "derniere_intervention", "interventions",
    ]  # fmt: skip
    assert [tuple(r.values()) for r in rows] == sorted(
        [
            (UAI["AIDEE"], "AIDEE", "", "", "C. Martin", "2025-12-03", "2"),
            (UAI["TEMOIN"], "TEMOIN", "2025-11-10", "enseignants_inactifs|personnes_ressources_inactives", "", "", "0"),
            (UAI["TARDIVE"], "TARDIVE", "", "", "A. Diallo", "2025-12-10", "1"),
        ]
    )

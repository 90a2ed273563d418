"""Each support rule of docs/metrics.md with a school that trips it and one that just does not.

All schools are in zone A and opened on 01/09/2025; D = Friday 12/12/2025.
Zone A's school weeks before D, newest first: 08/12, 01/12, 24/11, 17/11
(the last four), then 10/11 (11/11 is a public holiday, four school days
remain), 03/11, 13/10, 06/10 (the four before): the Toussaint weeks of
20/10 and 27/10 are skipped, never counted as inactivity.
A healthy school's key-user teacher t1 logs in and opens the blog every
Thursday at 08:00 (Paris) of those eight weeks; every account is activated
on 01/09 unless said otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.demo.territory import uai_for

THURSDAYS_BEFORE = ["2025-10-09", "2025-10-16", "2025-11-06", "2025-11-13"]
THURSDAYS_LAST = ["2025-11-20", "2025-11-27", "2025-12-04", "2025-12-11"]
ALL_WEEKS = THURSDAYS_BEFORE + THURSDAYS_LAST

SCHOOLS = [
    "H",
    "AUC_TRIP",
    "AUC_OK",
    "ECH_TRIP",
    "ECH_OK",
    "ENS_TRIP",
    "PR_TRIP",
    "BAISSE_TRIP",
    "BAISSE_OK",
    "SERV_TRIP",
    "ACT_TRIP",
    "ACT_OK",
    "ACT_YOUNG",
    "NOZONE",
    "HOL_EVT",
    "NO_KEY",
]
UAI = {name: uai_for(38, 1000 + i) for i, name in enumerate(SCHOOLS)}


def use(who: str, days: list[str], service: str = "blog") -> list[str]:
    return [
        line for day in days for line in (f"{day} 08:00:00;{who};;connexion", f"{day} 08:05:00;{who};{service};acces")
    ]


def fail(who: str, day: str, n: int) -> list[str]:
    return [f"{day} 07:5{i}:00;{who};;echec_connexion" for i in range(n)]


def events() -> list[str]:
    e = []
    for name in ("H", "ECH_TRIP", "ECH_OK", "ACT_TRIP", "ACT_OK"):
        e += use(f"{name}-t1", ALL_WEEKS)
    e += use("AUC_TRIP-t1", ALL_WEEKS[:6])  # nothing in the last two school weeks
    e += use("AUC_OK-t1", ALL_WEEKS[:7])  # something on 04/12
    e += fail("ECH_TRIP-t1", "2025-12-11", 3)  # 3 failures / (3 + 4 logins) = 0.43 > 0.3
    e += fail("ECH_OK-t1", "2025-12-11", 3) + use("ECH_OK-t2", THURSDAYS_LAST[:3])  # 3 / (3 + 7) = 0.3
    e += use("ENS_TRIP-p1", ALL_WEEKS)  # a pupil, no teacher: 0 of 2 teachers active
    e += use("PR_TRIP-t2", ALL_WEEKS)  # a teacher who is not the key user: 1 of 2 active
    # Weekly active users: 10 over the four weeks before, 6 (trip) or 7 (ok) over the last four.
    for name, last_p1 in (("BAISSE_TRIP", 2), ("BAISSE_OK", 3)):
        e += use(f"{name}-t1", ALL_WEEKS)
        e += use(f"{name}-t2", THURSDAYS_BEFORE[:3]) + use(f"{name}-p1", THURSDAYS_BEFORE[1:])
        e += use(f"{name}-p1", THURSDAYS_LAST[:last_p1])
    e += use("SERV_TRIP-t1", ALL_WEEKS, service="connexion")  # only the portal, never the blog
    e += use("ACT_YOUNG-t1", ["2025-12-11"])
    # Used only on Wednesday 22/10, in the Toussaint holidays, before D = 07/11 (see the test).
    e += use("HOL_EVT-t1", ["2025-10-22"])
    e += use("NO_KEY-t1", ALL_WEEKS)  # active every week, but no account of the school is a key user
    return e


@pytest.fixture(scope="module")
def territory(tmp_path_factory):
    import os

    from tests.conftest import PSEUDO_KEY, Warehouse

    wh = Warehouse(tmp_path_factory.mktemp("rules"))
    os.environ["ENT_PSEUDO_KEY"] = PSEUDO_KEY
    folder = wh.root / "ref"
    folder.mkdir()
    opening = {name: "24/11/2025" if name == "ACT_YOUNG" else "01/09/2025" for name in SCHOOLS}
    (folder / "ecoles.csv").write_text(
        "uai;nom;zone;vague;date_ouverture\n"
        + "".join(f"{UAI[n]};{n};{'' if n == 'NOZONE' else 'A'};1;{opening[n]}\n" for n in SCHOOLS)
    )
    (folder / "services.csv").write_text("service;groupe;modules\nconnexion;socle;Auth\nblog;initial;Blog\n")
    (folder / "activations.csv").write_text("service;portee;cible;profils;debut\nblog;projet;;tous;01/09/2025\n")
    rows = []
    for n in SCHOOLS:
        parent_activated = "" if n in ("ACT_TRIP", "ACT_YOUNG") else "2025-09-01"
        rows += [
            f"{n}-t1,{UAI[n]},Teacher,2025-09-01,2025-09-01,{'non' if n == 'NO_KEY' else 'oui'}",
            f"{n}-t2,{UAI[n]},Teacher,2025-09-01,2025-09-01,non",
            f"{n}-p1,{UAI[n]},Student,2025-09-01,2025-09-01,non",
            f"{n}-r1,{UAI[n]},Relative,2025-09-01,{parent_activated},non",
        ]
        if n == "ACT_OK":
            rows.append(f"{n}-r2,{UAI[n]},Relative,2025-09-01,,non")  # 1 of 2 parents: 0.5, not below
    (folder / "comptes.csv").write_text(
        "id,uai,profil,date_distribution,date_activation,personne_ressource\n" + "\n".join(rows) + "\n"
    )
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0, wh.last_output
    log = wh.write("usages.csv", "horodatage;utilisateur;service;action\n" + "\n".join(events()) + "\n")
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.value("SELECT count(*) FROM rejets") == 0
    return wh


def flags_on(wh, day: dt.date) -> dict:
    """(school name, motif) → flag row, as of `day`."""
    from warehouse import rules

    name_of = {v: k for k, v in UAI.items()}
    return {(name_of[r["uai"]], r["motif"]): r for r in wh.read(rules.support_flags, day).iter_rows(named=True)}


@pytest.fixture(scope="module")
def flags(territory):
    return flags_on(territory, dt.date(2025, 12, 12))


def reasons(flags, school: str) -> set[str]:
    return {motif for (name, motif) in flags if name == school}


def test_a_healthy_school_raises_no_flag(flags):
    assert reasons(flags, "H") == set()


def test_no_activity_in_the_last_two_school_weeks(flags):
    assert "aucune_activite" in reasons(flags, "AUC_TRIP")
    assert "aucune_activite" not in reasons(flags, "AUC_OK")


def test_failed_logins_above_thirty_percent_of_attempts(flags):
    assert flags[("ECH_TRIP", "echecs_connexion")]["valeur"] == pytest.approx(3 / 7)
    assert flags[("ECH_TRIP", "echecs_connexion")]["seuil"] == 0.3
    assert "echecs_connexion" not in reasons(flags, "ECH_OK")


def test_fewer_than_half_the_teachers_active(flags):
    assert flags[("ENS_TRIP", "enseignants_inactifs")]["valeur"] == 0
    assert "enseignants_inactifs" not in reasons(flags, "PR_TRIP")  # 1 of 2 is half, not fewer


def test_no_key_user_active(flags):
    assert "personnes_ressources_inactives" in reasons(flags, "PR_TRIP")
    assert "personnes_ressources_inactives" not in reasons(flags, "H")


def test_weekly_users_falling_below_seventy_percent_with_holiday_weeks_skipped(flags):
    assert flags[("BAISSE_TRIP", "usage_en_baisse")]["valeur"] == pytest.approx(6 / 10)
    assert "usage_en_baisse" not in reasons(flags, "BAISSE_OK")  # 7 / 10 is not below 0.7


def test_an_initial_service_active_but_unused_for_four_school_weeks(flags):
    assert flags[("SERV_TRIP", "services_initiaux_inutilises")]["detail"] == "blog"
    assert "services_initiaux_inutilises" not in reasons(flags, "H")


def test_low_activation_only_after_four_school_weeks_since_opening(flags):
    assert flags[("ACT_TRIP", "activation_faible")]["detail"] == "parent"
    assert flags[("ACT_TRIP", "activation_faible")]["valeur"] == 0
    assert "activation_faible" not in reasons(flags, "ACT_OK")  # 0.5 is not below 0.5
    assert reasons(flags, "ACT_YOUNG") == set()  # 3 school weeks since opening


def test_a_school_with_no_zone_is_judged_on_weekdays(flags):
    # No zone, no event at all: its school weeks are weekdays without public holidays.
    assert {"aucune_activite", "enseignants_inactifs"} <= reasons(flags, "NOZONE")


def test_no_key_user_rule_when_the_exports_never_name_key_users(wh):
    import datetime as dt

    from warehouse import rules
    from warehouse.db import open_reader

    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(f"uai;nom;zone;vague;date_ouverture\n{UAI['H']};H;A;1;01/09/2025\n")
    (folder / "comptes.csv").write_text(
        f"id,uai,profil,date_distribution,date_activation\nH-t1,{UAI['H']},Teacher,2025-09-01,2025-09-01\n"
    )
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0
    log = wh.write("u.csv", "horodatage;utilisateur;service;action\n" + "\n".join(use("H-t1", ALL_WEEKS)) + "\n")
    assert wh.ingest("logs", log) == 0
    con = open_reader(wh.path)
    try:
        found = rules.support_flags(con, dt.date(2025, 12, 12))
    finally:
        con.close()
    assert "personnes_ressources_inactives" not in found["motif"].to_list()


def test_the_week_holding_a_monday_d_does_not_count_yet(territory):
    # On Monday 15/12 the last two school weeks are still those of 08/12 and 01/12: AUC_OK's use on 04/12 counts.
    # (Counting the week of 15/12 from its Monday would leave 04/12 out of the window.)
    assert "aucune_activite" not in {m for (n, m) in flags_on(territory, dt.date(2025, 12, 15)) if n == "AUC_OK"}
    # From Friday 19/12 the week of 15/12 counts: nothing since 04/12 in the weeks of 15/12 and 08/12.
    assert ("AUC_OK", "aucune_activite") in flags_on(territory, dt.date(2025, 12, 19))


def test_a_rule_waits_until_the_school_has_been_open_as_many_school_weeks_as_its_window(territory):
    # ACT_YOUNG opened on 24/11: on 12/12 it has three school weeks, on 19/12 four; its parent never activated.
    assert ("ACT_YOUNG", "activation_faible") not in flags_on(territory, dt.date(2025, 12, 12))
    assert flags_on(territory, dt.date(2025, 12, 19))[("ACT_YOUNG", "activation_faible")]["detail"] == "parent"


def test_events_of_a_holiday_week_inside_a_window_count(territory):
    # On Friday 07/11 the last two school weeks are those of 03/11 and 13/10: the window runs from 13/10 to 07/11,
    # Toussaint included, so HOL_EVT's use on Wednesday 22/10 keeps it from being without activity.
    found = flags_on(territory, dt.date(2025, 11, 7))
    assert ("HOL_EVT", "aucune_activite") not in found
    assert ("NOZONE", "aucune_activite") in found  # no event at all: flagged


def test_a_school_without_any_key_user_is_flagged_and_says_so(territory, flags):
    from warehouse import rules
    from warehouse.reasons import describe

    flag = flags[("NO_KEY", "personnes_ressources_inactives")]
    assert flag["detail"] == "aucune personne ressource désignée"
    assert describe(flag) == "Aucune personne ressource désignée pour l'école."
    listed = territory.read(rules.schools_to_support, dt.date(2025, 12, 12))
    assert listed.filter(uai=UAI["NO_KEY"])["libelles"].to_list() == ["Aucune personne ressource désignée"]
    # A school with key users, none active, keeps the other wording.
    assert flags[("PR_TRIP", "personnes_ressources_inactives")]["detail"] == "1 personne(s) ressource(s)"


@pytest.mark.parametrize("monday", ["2025-11-17", "2025-11-24", "2025-12-01", "2025-12-08"])
def test_the_alert_history_of_a_week_is_the_support_list_as_of_its_sunday(territory, monday):
    from warehouse import rules

    week = dt.date.fromisoformat(monday)
    sunday = week + dt.timedelta(days=6)
    history = territory.read(rules.alert_history, sunday).filter(semaine=week)
    as_of_sunday = territory.read(rules.support_flags, sunday)
    # Every school is in zone A or has no zone: all have a school week then.
    assert sorted(history.select("uai", "motif", "detail").iter_rows()) == sorted(
        as_of_sunday.select("uai", "motif", "detail").iter_rows()
    )
    assert history.height > 0


def test_since_when_a_school_has_been_flagged(territory):
    from warehouse import rules

    since = dict(territory.read(rules.flagged_since, dt.date(2025, 12, 14)).iter_rows())
    # AUC_TRIP was last used on Thursday 27/11. As of Sunday 07/12 its last two school weeks (01/12, 24/11) still
    # hold that use; as of Sunday 14/12 (weeks 08/12 and 01/12) they hold none: flagged from the week of 08/12.
    assert since[UAI["AUC_TRIP"]] == dt.date(2025, 12, 8)
    # PR_TRIP had no event at all before 09/10: as of Sunday 14/09 (its second school week) it is already flagged
    # (aucune_activite), then its key user's inactivity keeps it flagged without a break.
    assert since[UAI["PR_TRIP"]] == dt.date(2025, 9, 8)
    # A healthy school is not in the list.
    assert UAI["H"] not in since


def test_the_exported_history_of_a_week_is_the_support_list_exported_as_of_its_sunday(territory, tmp_path):
    import csv

    from warehouse.cli import main

    def export(day: str) -> dict:
        out = tmp_path / day
        assert main(["export", "--out", str(out), "--warehouse", str(territory.path), "--as-of", day]) == 0
        return {p.name: list(csv.DictReader(p.open(encoding="utf-8"))) for p in out.glob("*.csv")}

    history = export("2025-12-14")["historique_alertes.csv"]
    for monday, sunday in (("2025-11-24", "2025-11-30"), ("2025-12-08", "2025-12-14")):
        listed = export(sunday)["ecoles_a_accompagner.csv"]
        assert {(r["uai"], r["motif"]) for r in history if r["semaine"] == monday} == {
            (r["uai"], m) for r in listed for m in r["motifs"].split("|")
        }

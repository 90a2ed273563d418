"""Deployment at any size: schools per phase month by month, the support load against the capacity.

Three schools, the contract ending on 31/08/2026:
- A: candidate 15/01/2024, deployment from 01/06/2024, open 02/09/2024, reviewed 01/06/2025;
- B: candidate 10/03/2024, deployment from 01/03/2025, open 01/09/2025;
- C: candidate 01/02/2025, nothing planned yet.
A phase is read at the end of each month.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

ECOLES = """uai;nom;vague;date_candidature;date_debut_deploiement;date_ouverture;date_bilan
0381001G;A;1;15/01/2024;01/06/2024;02/09/2024;01/06/2025
0381002H;B;2;10/03/2024;01/03/2025;01/09/2025;
0381004K;C;;01/02/2025;;;
"""
TERRITOIRE = """[marche]
fin = 2026-08-31

[deploiement]
ecoles_par_vague_max = 40
ecoles_accompagnees_max = 1
"""


@pytest.fixture
def planned(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text(ECOLES, encoding="utf-8")
    (folder / "territoire.toml").write_text(TERRITOIRE, encoding="utf-8")
    assert wh.ingest("reference", folder, "--date", "2025-06-15") == 0, wh.last_output
    return wh


def at(by_month: pl.DataFrame, month: str) -> dict[str, int]:
    day = dt.date.fromisoformat(month + "-01")
    return {r["phase"]: r["ecoles"] for r in by_month.filter(mois=day).iter_rows(named=True) if r["ecoles"]}


def test_schools_per_phase_at_the_end_of_each_month_up_to_the_contract_s_end(planned):
    from warehouse import planning

    by_month = planning.phases_by_month(planned.read(planning.school_phases_by_month, dt.date(2025, 6, 15)))
    months = by_month["mois"].unique().sort()
    # January 2024 (A's candidature) to August 2026 (the contract's end): 32 months.
    assert (months[0], months[-1], len(months)) == (dt.date(2024, 1, 1), dt.date(2026, 8, 1), 32)
    assert at(by_month, "2024-01") == {"I": 1}
    assert at(by_month, "2024-03") == {"I": 2}
    assert at(by_month, "2024-06") == {"I": 1, "II": 1}
    assert at(by_month, "2024-09") == {"I": 1, "III": 1}
    assert at(by_month, "2025-02") == {"I": 2, "III": 1}
    assert at(by_month, "2025-03") == {"I": 1, "II": 1, "III": 1}
    assert at(by_month, "2025-06") == {"I": 1, "II": 1, "IV": 1}
    assert at(by_month, "2025-09") == {"I": 1, "III": 1, "IV": 1}


def test_the_support_load_counts_schools_in_phases_two_and_three_against_the_capacity(planned):
    from warehouse import planning

    by_month = planning.phases_by_month(planned.read(planning.school_phases_by_month, dt.date(2025, 6, 15)))
    load = dict(planning.support_load(by_month).iter_rows())
    assert load[dt.date(2024, 3, 1)] == 0
    assert load[dt.date(2024, 6, 1)] == 1  # A deploying
    assert load[dt.date(2025, 3, 1)] == 2  # A open, B deploying: over the capacity of 1
    assert load[dt.date(2025, 6, 1)] == 1  # A reviewed
    assert planned.read(planning.capacities) == {"ecoles_par_vague_max": 40, "ecoles_accompagnees_max": 1}


# The projection (docs/planning.md), on D = 15/01/2026, the contract ending on 31/08/2027. Wave 1's two schools
# deployed from 01/06/2025, opened 01/09/2025, reviewed 01/06/2026: 3 months of deployment, 9 months to phase IV.
# Wave 2 opens on 01/09/2026; C is in it but has no dates yet: still in phase I, it waits like the four schools
# without a wave. Scores: W1 12, C 10 (a candidate on 01/03/2025), W3 10 (01/04/2025), W2 10 (01/06/2025), W4 5.
D = dt.date(2026, 1, 15)
END = dt.date(2027, 8, 31)


def d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def projected(**plan):
    from warehouse import projection

    rows = [
        # uai, vague, candidature, deploiement, ouverture, bilan, criteria
        ("A", "1", "2025-01-10", "2025-06-01", "2025-09-01", "2026-06-01", (3, 3, 3, 3, 3)),
        ("B", "1", "2025-01-12", "2025-06-01", "2025-09-01", "2026-06-01", (3, 3, 2, 2, 2)),
        ("C", "2", "2025-03-01", None, None, None, (2, 2, 2, 2, 2)),
        ("W1", None, "2025-05-01", None, None, None, (3, 3, 2, 2, 2)),
        ("W2", None, "2025-06-01", None, None, None, (2, 2, 2, 2, 2)),
        ("W3", None, "2025-04-01", None, None, None, (3, 3, 2, 1, 1)),
        ("W4", None, "2025-03-01", None, None, None, (1, 1, 1, 1, 1)),
    ]
    schools = pl.DataFrame(
        [
            {
                "uai": u,
                "ecole": f"École {u}",
                "vague": v,
                "date_candidature": d(c),
                "date_debut_deploiement": d(s),
                "date_ouverture": d(o),
                "date_bilan": d(b),
                **dict(zip(projection.CRITERIA, crit)),
            }
            for u, v, c, s, o, b, crit in rows
        ]  # fmt: skip
    )
    waves = pl.DataFrame(
        {"vague": ["1", "2"], "libelle": ["Vague 1", "Vague 2"], "ouverture_prevue": [d("2025-09-01"), d("2026-09-01")]}
    )
    out = projection.project(schools, waves, D, END, projection.Plan(**plan))
    return {r["uai"]: r for r in out.iter_rows(named=True)}


def test_waiting_schools_fill_the_next_waves_in_the_order_of_their_criteria():
    p = projected(per_wave_max=2, support_max=3)
    assert [p[u]["rang"] for u in ("W1", "C", "W3", "W2", "W4")] == [1, 2, 3, 4, 5]
    assert p["A"]["rang"] is None and not p["A"]["projetee"]
    assert (p["W1"]["vague"], p["W1"]["ouverture"], p["W1"]["debut_deploiement"]) == (
        "2", d("2026-09-01"), d("2026-06-01"),
    )  # fmt: skip
    assert (p["C"]["vague"], p["C"]["phase_iv"]) == ("2", d("2027-06-01"))
    assert (p["W3"]["vague"], p["W2"]["vague"], p["W4"]["vague"]) == ("projetée 2027", "projetée 2027", "projetée 2028")
    assert p["W4"]["phase_iv"] == d("2029-06-01")
    # Phase IV by 31/08/2027: wave 1, C and W1 (01/06/2027); not W3, W2 (01/06/2028), nor W4.
    assert {u for u, r in p.items() if r["phase_iv_avant_fin"]} == {"A", "B", "C", "W1"}


def test_a_school_waits_for_a_later_wave_when_the_support_team_is_full():
    # One school supported at a time: W1 (June 2026 to May 2027) fills wave 2's months, so C goes to 2027, and
    # each next school a year later.
    p = projected(per_wave_max=2, support_max=1)
    assert [p[u]["vague"] for u in ("W1", "C", "W3", "W2", "W4")] == [
        "2", "projetée 2027", "projetée 2028", "projetée 2029", "projetée 2030",
    ]  # fmt: skip


def test_a_wave_slipping_three_months_costs_its_schools_phase_four_before_the_end():
    p = projected(per_wave_max=2, slips={"2": 3})
    # Wave 2 opens on 01/12/2026: C and W1 reach phase IV on 01/09/2027, after the contract's end.
    assert (p["C"]["ouverture"], p["C"]["phase_iv"]) == (d("2026-12-01"), d("2027-09-01"))
    assert (p["W1"]["vague"], p["W1"]["phase_iv"]) == ("2", d("2027-09-01"))
    assert {u for u, r in p.items() if r["phase_iv_avant_fin"]} == {"A", "B"}


def test_the_projection_says_which_wave_ecoles_csv_gave_each_waiting_school():
    p = projected(per_wave_max=2, support_max=3)
    assert (p["C"]["vague_declaree"], p["W1"]["vague_declaree"]) == ("2", None)

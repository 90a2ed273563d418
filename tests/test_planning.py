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

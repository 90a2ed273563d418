"""The vendor's service as users met it: failed logins by month, probable outages.

One school of zone A; its teacher logs in 30 times between 9:00 and 9:59 and
30 times between 10:00 and 10:59 (Paris) on the Tuesdays 02/09, 09/09, 16/09
and 23/09/2025. On Tuesday 30/09 nobody logs in before 14:00, then 30 times
between 14:00 and 14:59. Three failed logins on 02/09.
"""

from __future__ import annotations

import datetime as dt

import pytest

TUESDAYS = ["2025-09-02", "2025-09-09", "2025-09-16", "2025-09-23"]


@pytest.fixture
def logs(wh):
    folder = wh.root / "ref"
    folder.mkdir()
    (folder / "ecoles.csv").write_text("uai;nom;zone;vague;date_ouverture\n0381001G;A;A;1;01/09/2025\n")
    (folder / "comptes.csv").write_text("id,uai,profil,date_activation\nt1,0381001G,Teacher,2025-09-01\n")
    assert wh.ingest("reference", folder, "--date", "2025-09-01") == 0, wh.last_output
    # Paris is UTC+2 in September: 9:00 Paris is 07:00Z.
    lines = [f"{day}T{h:02d}:{m:02d}:00Z;t1;;connexion" for day in TUESDAYS for h in (7, 8) for m in range(30)]
    lines += [f"2025-09-30T12:{m:02d}:00Z;t1;;connexion" for m in range(30)]
    lines += [f"2025-09-02T07:4{m}:30Z;t1;;echec_connexion" for m in range(3)]
    log = wh.write("usages.csv", "horodatage;utilisateur;service;action\n" + "\n".join(lines) + "\n")
    assert wh.ingest("logs", log) == 0, wh.last_output
    return wh


def test_an_hour_that_usually_has_many_logins_and_falls_to_none_is_a_probable_outage(logs):
    from warehouse import vendor

    found = logs.read(vendor.outages, dt.date(2025, 9, 30))
    # 9:00 and 10:00 on 30/09: 0 logins against a usual 30 each; 14:00 usually has none, so it says nothing.
    assert found.rows() == [(dt.date(2025, 9, 30), 9, 2, 0, 60)]


def test_failed_logins_by_month(logs):
    from warehouse import vendor

    found = logs.read(vendor.failed_logins_by_month, dt.date(2025, 9, 30))
    # September: 4 × 60 + 30 logins, 3 failures: 3 / 273.
    assert found.rows() == [(dt.date(2025, 9, 1), 270, 3, pytest.approx(3 / 273))]

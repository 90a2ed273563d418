"""School days and weeks per zone (docs/metrics.md), from the holiday packages' offline data."""

import datetime as dt

import polars as pl

from warehouse.calendar import calendar, holiday_data_range


def day(cal, zone, d):
    return cal.filter((pl.col("zone") == zone) & (pl.col("jour") == d)).row(0, named=True)


def test_holidays_differ_by_zone_and_public_holidays_are_never_school_days():
    cal = calendar(dt.date(2026, 2, 1), dt.date(2026, 5, 31))
    # Winter holidays 2026: zone A from 7 Feb, zone C from 21 Feb (ministry calendar).
    assert day(cal, "A", dt.date(2026, 2, 9))["vacances"] is True
    assert day(cal, "C", dt.date(2026, 2, 9))["jour_scolaire"] is True
    assert day(cal, "C", dt.date(2026, 2, 23))["vacances"] is True
    # Easter Monday 6 April 2026 is a public holiday in every zone.
    assert all(
        day(cal, z, dt.date(2026, 4, 6))["ferie"] and not day(cal, z, dt.date(2026, 4, 6))["jour_scolaire"]
        for z in "ABC"
    )
    # A Saturday is never a school day.
    assert day(cal, "B", dt.date(2026, 3, 14))["jour_scolaire"] is False


def test_a_week_with_a_public_holiday_and_the_dst_week_still_count_their_school_days():
    cal = calendar(dt.date(2025, 10, 20), dt.date(2025, 11, 16)).filter(pl.col("zone") == "A")
    weeks = (
        cal.group_by(pl.col("jour").dt.truncate("1w").alias("semaine"))
        .agg(pl.col("jour_scolaire").sum().alias("jours"))
        .sort("semaine")
    )
    assert dict(zip(weeks["semaine"].to_list(), weeks["jours"].to_list())) == {
        dt.date(2025, 10, 20): 0,  # Toussaint holidays (and the night DST ends, 26 Oct)
        dt.date(2025, 10, 27): 0,
        dt.date(2025, 11, 3): 5,
        dt.date(2025, 11, 10): 4,  # 11 November
    }


def test_days_beyond_the_holiday_data_are_said_so_and_treated_as_school_days():
    first, last = holiday_data_range()
    after = last + dt.timedelta(days=3)
    while after.isoweekday() > 5:
        after += dt.timedelta(days=1)
    cal = calendar(after, after)
    row = day(cal, "A", after)
    assert row["hors_donnees"] is True
    assert row["jour_scolaire"] is (not row["ferie"])


def test_the_dashboard_is_told_when_the_observed_school_year_lies_beyond_the_holiday_data(loaded):
    from warehouse import metrics

    wh = loaded
    # The holiday data ends on 31/08/2028; u-ens-1 logs in on 2024-09-10 and on 2029-10-08.
    log = wh.write(
        "usages.csv",
        "horodatage;utilisateur;service;action\n"
        "2024-09-10T08:15:00+02:00;u-ens-1;;connexion\n"
        "2029-10-08T08:15:00+02:00;u-ens-1;;connexion\n",
    )
    assert wh.ingest("logs", log) == 0, wh.last_output
    assert wh.read(metrics.outside_holiday_data, dt.date(2024, 9, 10)) is False
    assert wh.read(metrics.outside_holiday_data, dt.date(2029, 10, 8)) is True


def test_a_school_s_chart_shades_its_own_zone_s_holidays(loaded):
    # Winter 2025: zone B from 08/02 to 24/02 (weeks of 10/02 and 17/02), zone A from 22/02 to 10/03 (weeks of
    # 24/02 and 03/03). 0381001G is in zone A, 0381002H in zone B.
    import datetime as dt

    from warehouse import metrics

    log = loaded.write(
        "usages.csv", "horodatage;utilisateur;service;action\n2025-02-03 08:00:00;claire.fontaine;;connexion\n"
    )
    assert loaded.ingest("logs", log) == 0, loaded.last_output
    d = dt.date(2025, 3, 31)
    zone_a = set(loaded.read(metrics.holiday_weeks, d, "0381001G"))
    zone_b = set(loaded.read(metrics.holiday_weeks, d, "0381002H"))
    assert {dt.date(2025, 2, 24), dt.date(2025, 3, 3)} <= zone_a and dt.date(2025, 2, 10) not in zone_a
    assert {dt.date(2025, 2, 10), dt.date(2025, 2, 17)} <= zone_b and dt.date(2025, 3, 3) not in zone_b

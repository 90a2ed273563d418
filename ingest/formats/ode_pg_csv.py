"""ODE/Edifice event store exported from PostgreSQL as CSV.

Columns `id, date, profile, module, event_type, ua, device_type, platform_id,
user_id`, in any order, extra columns ignored. No school: accounts give it.
"""

from pathlib import Path

from ingest.formats import LogFormat, csv_positions


def for_file(path: Path) -> LogFormat:
    """Column positions from the header; `date`, `event_type`, `module`, `user_id` are required."""
    params = csv_positions(
        path,
        required={"i_date": ("date",), "i_type": ("event_type",), "i_module": ("module",), "i_user": ("user_id",)},
        optional={"i_ua": ("ua", "user_agent"), "i_device": ("device_type",)},
    )
    return LogFormat(
        name="ode-pg-csv",
        sql="stage_ode_pg_csv",
        params=params,
        allow_cp1252=True,
        lines_sql="lus_csv_lignes",
        fast_sql="lus_csv_rapide",
        header_lines=1,
    )

"""Generic CSV: `horodatage; utilisateur; service; action` (connexion | acces | echec_connexion)."""

from pathlib import Path

from ingest.formats import LogFormat, csv_positions


def for_file(path: Path) -> LogFormat:
    """Column positions from the header; `service` may be absent (connections only)."""
    params = csv_positions(
        path,
        required={"i_date": ("horodatage",), "i_user": ("utilisateur",), "i_action": ("action",)},
        optional={"i_service": ("service", "module")},
    )
    return LogFormat(
        name="csv",
        sql="stage_csv",
        params=params,
        allow_cp1252=True,
        lines_sql="lus_csv_lignes",
        fast_sql="lus_csv_rapide",
        header_lines=1,
    )

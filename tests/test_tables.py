"""Tables read in French: masked counts say `<5` and leave the page as -1, rates and dates French, numbers sortable."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from ui.tables import MASKED, styled


def test_a_table_for_people_masks_small_counts_and_writes_numbers_dates_and_rates_in_french():
    df = pl.DataFrame(
        {
            "uai": ["0381001G", "0381002H"],
            "profil": ["enseignant", "eleve"],
            "comptes_distribues": [1234, 3],
            "comptes_actives": [617, 3],
            "taux_activation": [617 / 1234, 1.0],
            "date_ouverture": [dt.date(2025, 9, 8), None],
        }
    )
    styler = styled(df, seuil=5)
    # What leaves for the browser: the masked count as -1, the rate on it withheld, numbers still numbers.
    assert styler.data["Comptes distribués"].tolist() == [1234, MASKED]
    assert styler.data["Taux d'activation"].isna().tolist() == [False, True]
    shown = styler.to_html()
    for text in ("Enseignants", "Élèves", "1\u202f234", "617", "<5", "50\u202f%", "08/09/2025"):
        assert text in shown, text
    assert not re.search(r">\s*(None|nan|NaN|NaT)\s*<", shown)

"""The demo's satisfaction surveys, as LimeSurvey exports them (one row per response, `;`, a free-text column).

Two campaigns: the pilot's review in June 2025 (pilot schools) and the
June 2026 review (pilot and wave 1). Answers lean on each school's
engagement, the same trait that drives its usage, so that "is satisfaction
higher where usage is?" has something to find. The free-text column and the
technical columns are there as in a real export; the loader keeps none of
them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

CAMPAIGNS = (
    ("Bilan pilote 2025", "enquete-bilan-pilote-2025.csv", ("1",), dt.date(2025, 6, 2)),
    ("Bilan 2026", "enquete-bilan-2026.csv", ("1", "2"), dt.date(2026, 6, 1)),
)
QUESTIONS = {"satisfaction_globale": "Q01", "facilite": "Q02", "utilite": "Q03"}
SOURCE_PROFILE = {"enseignant": "Enseignant", "parent": "Parent"}
COMMENTS = ("Très pratique pour le cahier de textes", "Trop lent le matin", "Mot de passe perdu deux fois",
            "Les parents apprécient le blog", "")  # fmt: skip


def toml_blocks() -> str:
    """The [[enquete]] blocks of the demo's territoire.toml."""
    questions = ", ".join(f'{k} = "{v}"' for k, v in QUESTIONS.items())
    return "".join(
        f'\n[[enquete]]\ncampagne = "{name}"\nuai = "ECOLE"\nprofil = "PROFIL"\ndate = "submitdate"\nechelle = 5\n'
        f"questions = {{ {questions} }}\n"
        for name, _, _, _ in CAMPAIGNS
    )


def write(schools: pl.DataFrame, folder: Path, seed: int) -> list[tuple[str, Path]]:
    """Write each campaign's export under `folder`; returns (campaign, path) pairs."""
    rng = np.random.default_rng([seed, 2025])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, file_name, waves, start in CAMPAIGNS:
        lines = ["id;submitdate;lastpage;startlanguage;ECOLE;PROFIL;Q01;Q02;Q03;Q04"]
        response = 0
        for s in schools.filter(pl.col("vague").is_in(list(waves))).iter_rows(named=True):
            mean = float(np.clip(3.3 + 1.6 * np.log(s["engagement"]), 1.6, 4.6))
            people = [("enseignant", int(rng.binomial(s["enseignants"], 0.6)))]
            people.append(("parent", int(rng.binomial(s["eleves"], 0.12))))
            for profile, n in people:
                for _ in range(n):
                    response += 1
                    notes = np.clip(np.rint(rng.normal(mean, 0.9, size=3)), 1, 5).astype(int).astype(str).tolist()
                    notes = ["" if rng.random() < 0.04 else v for v in notes]
                    when = dt.datetime.combine(start, dt.time(8)) + dt.timedelta(minutes=int(rng.integers(0, 20000)))
                    comment = COMMENTS[int(rng.integers(len(COMMENTS)))]
                    lines.append(
                        f"{response};{when:%Y-%m-%d %H:%M:%S};3;fr;{s['uai']};{SOURCE_PROFILE[profile]};"
                        + ";".join(notes)
                        + (f';"{comment}"' if comment else ";")
                    )
        path = folder / file_name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append((name, path))
    return written

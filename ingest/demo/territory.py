"""The demo territory's deployment reference: waves, schools, services, accounts.

Everything is drawn from one NumPy generator, so a seed gives the same
territory. The struggling schools the support page must find are planted
here (`role`), with the story the usage generator then tells about them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingest.demo import names

CONTRACT_START = dt.date(2024, 9, 1)
CONTRACT_END = dt.date(2028, 8, 31)
DATA_END = dt.date(2026, 11, 27)  # a Friday of the 2026-2027 school year
# Account exports: at each school year's start, and a recent one (a fortnight before the data ends).
EXPORT_DATES = (dt.date(2024, 9, 5), dt.date(2025, 9, 5), dt.date(2026, 9, 4), dt.date(2026, 11, 16))

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

# wave code, label, school year, planned opening, pilot
WAVES = [
    ("1", "Pilote", "2024-2025", dt.date(2024, 9, 9), True),
    ("2", "Vague 1", "2025-2026", dt.date(2025, 9, 8), False),
    ("3", "Vague 2", "2026-2027", dt.date(2026, 9, 7), False),
    ("4", "Vague 3", "2027-2028", dt.date(2027, 9, 6), False),
]

SCALES = {
    # schools per wave (pilot, wave 1, wave 2), candidates, circonscriptions
    # and how intensely accounts use the ENT (sessions and accesses; large is for benchmarks).
    "small": dict(waves=(3, 4, 3), candidates=2, circonscriptions=3, intensity=1.0),
    "medium": dict(waves=(10, 60, 60), candidates=20, circonscriptions=8, intensity=2.2),
    "large": dict(waves=(40, 420, 420), candidates=120, circonscriptions=36, intensity=11.0),
}

# Planted stories, one school each (the support page must find them).
ROLES = (
    "equipe_arretee",
    "parents_jamais",
    "echecs_connexion",
    "personnes_ressources_parties",
    "aucune_activite",
    "services_initiaux_inutilises",
)
ROLES_SMALL = ROLES[:3]

LEVELS = {
    "élémentaire": ["CP", "CE1", "CE2", "CM1", "CM2"],
    "primaire": ["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2"],
    "maternelle": ["PS", "MS", "GS"],
}

SERVICES = [
    # service, label, group, modules
    ("connexion", "Connexion et portail", "socle", "Auth|Portal|Timeline"),
    ("annuaire", "Annuaire", "socle", "Directory"),
    ("messagerie", "Messagerie", "initial", "Conversation"),
    ("cahier_textes", "Cahier de textes", "initial", "Homeworks"),
    ("blog", "Blog de classe", "initial", "Blog"),
    ("espace_documentaire", "Espace documentaire", "initial", "Workspace"),
    ("actualites", "Actualités", "initial", "Actualites"),
    ("agenda", "Agenda", "initial", "Calendar"),
    ("cahier_liaison", "Cahier de liaison", "additionnel", "Schoolbook"),
    ("mur_collaboratif", "Mur collaboratif", "additionnel", "Collaborativewall"),
    ("exercices", "Exercices et évaluations", "additionnel", "Exercizer"),
    ("forum", "Forum", "additionnel", "Forum"),
    ("sondages", "Sondages", "additionnel", "Poll"),
    ("carte_mentale", "Carte mentale", "additionnel", "Mindmap"),
]

# Source profile names as the ENT's account export writes them.
SOURCE_PROFILE = {"enseignant": "Teacher", "eleve": "Student", "parent": "Relative", "personnel": "Personnel"}


def uai_for(dept: int, number: int) -> str:
    """A valid UAI: 3-digit département, 4-digit number, check letter."""
    digits = f"{dept:03d}{number:04d}"
    return digits + UAI_LETTERS[int(digits) % 23]


@dataclass
class Territory:
    """The generated reference: frames in the shapes of docs/inputs.md, plus generator-only columns."""

    seed: int
    scale: str
    schools: pl.DataFrame
    accounts: pl.DataFrame
    activations: pl.DataFrame

    @property
    def open_schools(self) -> pl.DataFrame:
        return self.schools.filter(pl.col("date_ouverture") <= DATA_END)


def _monday_after(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(days=7 * weeks)


def make_schools(rng: np.random.Generator, scale: str) -> pl.DataFrame:
    """Schools of every wave and the candidates, with dates, sizes, scores and planted roles."""
    spec = SCALES[scale]
    n_circ = spec["circonscriptions"]
    communes = names.COMMUNES
    circ_names = []
    for i in range(n_circ):
        base = communes[i % len(communes)]
        circ_names.append(
            f"{base} {['Nord', 'Sud', 'Est', 'Ouest'][i // len(communes) % 4]}" if i >= len(communes) else base
        )
    # Two holiday zones: the first half of the circonscriptions in one département (zone A), the rest in another (zone B).
    circ_zone = ["A" if i < (n_circ + 1) // 2 else "B" for i in range(n_circ)]
    circ_dept = [38 if z == "A" else 44 for z in circ_zone]

    rows = []
    counts = list(spec["waves"]) + [spec["candidates"]]
    numbers = rng.choice(np.arange(1000, 9999), size=sum(counts), replace=False)
    k = 0
    for wave_index, count in enumerate(counts):
        code, _, _, planned, pilot = WAVES[wave_index]
        for _ in range(count):
            circ = int(rng.integers(n_circ))
            kind = str(rng.choice(["élémentaire", "primaire", "maternelle"], p=[0.55, 0.3, 0.15]))
            pupils = int(np.clip(rng.lognormal(np.log(150 if kind != "maternelle" else 80), 0.45), 40, 350))
            teachers = int(np.clip(round(pupils / 24 + rng.normal(0, 1)), 2, 14))
            opening = _monday_after(planned, int(rng.integers(0, 3)) if wave_index < 3 else 0)
            candidature = planned - dt.timedelta(days=int(rng.integers(380, 600)))
            confirmation = candidature + dt.timedelta(days=int(rng.integers(40, 120)))
            deployment = opening - dt.timedelta(days=int(rng.integers(70, 110)))
            bilan = opening + dt.timedelta(days=int(rng.integers(270, 290))) if wave_index < 2 else None
            if wave_index == 3:  # candidates: phase I or II, opening planned next year
                phase2 = rng.random() < 0.5
                confirmation = confirmation if phase2 else None
                deployment = dt.date(2027, 6, 1) + dt.timedelta(days=int(rng.integers(0, 20))) if phase2 else None
                opening = None
                candidature = dt.date(2025, 10, 1) + dt.timedelta(days=int(rng.integers(0, 360)))
            scores = rng.integers(0, 4, size=5)
            if wave_index == 3:
                scores = np.clip(scores + rng.integers(0, 2, size=5), 0, 3)
            name = f"École {kind} {names.SCHOOL_NAMES[int(rng.integers(len(names.SCHOOL_NAMES)))]}"
            rows.append(
                dict(
                    uai=uai_for(circ_dept[circ], int(numbers[k])),
                    nom=name,
                    commune=communes[(circ * 3 + k) % len(communes)],
                    circonscription=circ_names[circ],
                    zone=circ_zone[circ],
                    vague=code,
                    date_candidature=candidature,
                    date_confirmation=confirmation,
                    date_debut_deploiement=deployment,
                    date_ouverture=opening,
                    date_bilan=bilan,
                    eleves=pupils,
                    enseignants=teachers,
                    demande=int(scores[0]),
                    implication_equipe=int(scores[1]),
                    usages_numeriques=int(scores[2]),
                    etat_technique=int(scores[3]),
                    etat_fonctionnel=int(scores[4]),
                    type=kind,
                    pilote=pilot,
                    # How keen the school is, and how fast it adopts (later waves a little faster).
                    engagement=float(rng.lognormal(0, 0.3)),
                    tau=float([55, 40, 32, 30][wave_index] * rng.lognormal(0, 0.25)),
                    personnels=int(rng.integers(1, 5)),
                )
            )
            k += 1
    schools = pl.DataFrame(rows).with_row_index("school")
    # Planted stories go to open schools of the pilot and wave 1 (they need history), never to most of them.
    roles = ROLES_SMALL if scale == "small" else ROLES
    eligible = schools.filter(pl.col("vague").is_in(["1", "2"]))["school"].to_numpy()
    chosen = rng.choice(eligible, size=len(roles), replace=False)
    role_of = dict(zip(chosen.tolist(), roles))
    return schools.with_columns(
        role=pl.col("school").map_elements(lambda s: role_of.get(s), return_dtype=pl.String),
    )


def _hex_ids(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.integers(0, 2**32, size=(n, 4), dtype=np.uint64)
    return [
        f"{a:08x}-{b >> 16:04x}-{b & 0xFFFF:04x}-{c >> 16:04x}-{c & 0xFFFF:04x}{d:08x}" for a, b, c, d in raw.tolist()
    ]


def make_accounts(rng: np.random.Generator, schools: pl.DataFrame) -> pl.DataFrame:
    """Accounts of the schools that have opened or are about to, with their presence and classes per school year.

    Pupils move up a level each September and leave after the last one; new
    pupils arrive at the first level; parents come and go with their child.
    """
    out = []
    for s in schools.filter(pl.col("date_ouverture").is_not_null()).iter_rows(named=True):
        opening: dt.date = s["date_ouverture"]
        first_year = opening.year if opening.month >= 8 else opening.year - 1
        created = opening - dt.timedelta(days=int(rng.integers(60, 100)))
        levels = LEVELS[s["type"]]
        per_level = max(1, s["eleves"] // len(levels))
        two_classes = per_level > 27
        years = [y for y in (2024, 2025, 2026) if y >= first_year]

        # Pupils: (entry year, level at entry)
        entries = [(first_year, lvl) for lvl in range(len(levels)) for _ in range(per_level)]
        entries += [(y, 0) for y in years[1:] for _ in range(per_level)]
        n_p = len(entries)
        entry_year = np.array([e[0] for e in entries])
        entry_level = np.array([e[1] for e in entries])
        last_year = entry_year + (len(levels) - 1 - entry_level)
        letter = rng.integers(0, 2 if two_classes else 1, size=n_p)
        pupil_classes = {}
        for y in years:
            level_now = entry_level + (y - entry_year)
            present = (entry_year <= y) & (y <= last_year)
            pupil_classes[y] = [
                f"{s['uai']}:{levels[lv]}-{'AB'[c]}" if p else None
                for lv, c, p in zip(np.clip(level_now, 0, len(levels) - 1), letter, present)
            ]
        p_from = [created if ey == first_year else dt.date(ey, 8, 28) for ey in entry_year]
        p_to = [dt.date(ly + 1, 7, 4) if ly < 2026 else None for ly in last_year]
        pupils = pl.DataFrame(
            {
                "profil": ["eleve"] * n_p,
                "present_from": p_from,
                "present_to": p_to,
                **{f"classe_{y}": pupil_classes.get(y, [None] * n_p) for y in (2024, 2025, 2026)},
            },
            schema_overrides={f"classe_{y}": pl.String for y in (2024, 2025, 2026)},
        )
        pupils = pupils.with_columns(enfant=pl.int_range(pl.len()))

        # Parents: one or two per pupil, present while the child is.
        n_par = rng.integers(1, 3, size=n_p)
        parents = (
            pupils.with_columns(n=pl.Series(n_par))
            .select(
                pl.col("enfant").repeat_by("n").explode(),
            )
            .join(pupils, on="enfant")
            .with_columns(profil=pl.lit("parent"))
        )

        # Teachers (the director first) and staff.
        n_t, n_s = s["enseignants"], s["personnels"]
        teacher_class = {y: [f"{s['uai']}:{levels[i % len(levels)]}-A" for i in range(n_t)] for y in years}
        staff = pl.DataFrame(
            {
                "profil": ["enseignant"] * n_t + ["personnel"] * n_s,
                "present_from": [created] * (n_t + n_s),
                "present_to": [None] * (n_t + n_s),
                **{
                    f"classe_{y}": (teacher_class[y] + [None] * n_s) if y in years else [None] * (n_t + n_s)
                    for y in (2024, 2025, 2026)
                },
            },
            schema_overrides={"present_to": pl.Date, **{f"classe_{y}": pl.String for y in (2024, 2025, 2026)}},
        )
        staff = staff.with_columns(
            directeur=pl.int_range(pl.len()) == 0,
            personne_ressource=pl.int_range(pl.len()) < 2,
        )
        if s["vague"] in ("1", "2") and rng.random() < 0.2:
            # A teacher who arrived after the last account export: their
            # events wait for the next one (the data-quality page shows them).
            staff = pl.concat(
                [
                    staff,
                    pl.DataFrame(
                        {
                            "profil": ["enseignant"],
                            "present_from": [dt.date(2026, 11, 18)],
                            "present_to": [None],
                            "classe_2026": [f"{s['uai']}:{levels[-1]}-B"],
                            "directeur": [False],
                            "personne_ressource": [False],
                        },
                        schema_overrides={"present_to": pl.Date},
                    ),
                ],
                how="diagonal_relaxed",
            )
        frame = pl.concat(
            [
                staff,
                pupils.drop("enfant").with_columns(directeur=pl.lit(False), personne_ressource=pl.lit(False)),
                parents.drop("enfant").with_columns(directeur=pl.lit(False), personne_ressource=pl.lit(False)),
            ],
            how="diagonal_relaxed",
        ).with_columns(school=pl.lit(s["school"], pl.UInt32), uai=pl.lit(s["uai"]), date_creation=pl.lit(created))
        out.append(frame)
    accounts = pl.concat(out, how="diagonal_relaxed").with_row_index("compte")
    n = accounts.height
    first = rng.integers(len(names.FIRST_NAMES), size=n)
    last = rng.integers(len(names.LAST_NAMES), size=n)
    logins = [_ascii(f"{names.FIRST_NAMES[a]}.{names.LAST_NAMES[b]}") for a, b in zip(first.tolist(), last.tolist())]
    accounts = accounts.with_columns(
        id=pl.Series(_hex_ids(rng, n)),
        login=pl.Series(logins),
        # How much this person uses the ENT once active, and whether and when they activate.
        propension=pl.Series(rng.beta(2.0, 2.5, size=n).astype(np.float32)),
        seuil=pl.Series(rng.random(n).astype(np.float32)),
        appareil=pl.Series(rng.random(n).astype(np.float32)),
    )
    # Logins are unique: a number is added from the second namesake on.
    return accounts.with_columns(
        login=pl.when(pl.int_range(pl.len()).over("login") == 0)
        .then(pl.col("login"))
        .otherwise(pl.col("login") + pl.int_range(pl.len()).over("login").cast(pl.String))
    )


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def make_activations(rng: np.random.Generator, schools: pl.DataFrame, accounts: pl.DataFrame) -> pl.DataFrame:
    """Activations at every scope: project, school, class and single user, per profile."""
    rows = [
        ("messagerie", "projet", None, "enseignant|parent|personnel", CONTRACT_START, None),
        ("cahier_textes", "projet", None, "tous", CONTRACT_START, None),
        ("blog", "projet", None, "tous", CONTRACT_START, None),
        ("espace_documentaire", "projet", None, "enseignant|eleve|personnel", CONTRACT_START, None),
        ("actualites", "projet", None, "tous", CONTRACT_START, None),
        ("agenda", "projet", None, "enseignant|parent|personnel", CONTRACT_START, None),
    ]
    opened = schools.filter(pl.col("date_ouverture").is_not_null() & (pl.col("date_ouverture") <= DATA_END))
    for s in opened.iter_rows(named=True):
        if rng.random() < 0.45:
            rows.append(
                (
                    "cahier_liaison",
                    "ecole",
                    s["uai"],
                    "enseignant|parent",
                    s["date_ouverture"] + dt.timedelta(days=42),
                    None,
                )
            )
    teachers = accounts.filter((pl.col("profil") == "enseignant") & pl.col("classe_2026").is_not_null())
    classes = teachers.select("school", "classe_2026").unique().sort("classe_2026")
    picked = classes.sample(fraction=0.25, seed=int(rng.integers(2**31)))
    start = dt.date(2025, 1, 6)
    for c in picked.iter_rows(named=True):
        service = "mur_collaboratif" if rng.random() < 0.6 else "exercices"
        rows.append((service, "classe", c["classe_2026"], "enseignant|eleve", start, None))
    forum_users = teachers.sample(n=min(12, teachers.height), seed=int(rng.integers(2**31)))
    for u in forum_users.iter_rows(named=True):
        rows.append(("forum", "utilisateur", u["id"], "tous", dt.date(2025, 11, 3), None))
    directors = accounts.filter(pl.col("directeur")).sample(fraction=0.3, seed=int(rng.integers(2**31)))
    for u in directors.iter_rows(named=True):
        rows.append(("sondages", "utilisateur", u["login"], "enseignant", dt.date(2025, 3, 3), dt.date(2026, 6, 30)))
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "service": pl.String,
            "portee": pl.String,
            "cible": pl.String,
            "profils": pl.String,
            "debut": pl.Date,
            "fin": pl.Date,
        },
    )


def make_territory(scale: str, seed: int) -> Territory:
    """The whole reference of a demo territory of the given scale."""
    rng = np.random.default_rng(seed)
    schools = make_schools(rng, scale)
    accounts = make_accounts(rng, schools)
    # The key users of one school left in the summer of 2026: gone from the
    # next account export, and no one took over.
    leaving = schools.filter(pl.col("role") == "personnes_ressources_parties")["school"].cast(pl.UInt32)
    accounts = accounts.with_columns(
        present_to=pl.when(pl.col("school").is_in(leaving.implode()) & pl.col("personne_ressource"))
        .then(pl.lit(dt.date(2026, 7, 4)))
        .otherwise(pl.col("present_to"))
    )
    activations = make_activations(rng, schools, accounts)
    return Territory(seed=seed, scale=scale, schools=schools, accounts=accounts, activations=activations)

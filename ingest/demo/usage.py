"""Simulated use of the ENT, vectorised with NumPy: who connects when, and what they open.

For each school, an accounts × days matrix of daily activity probabilities
is drawn at once: school days against weekends, lighter Wednesdays, near
nothing in the zone's holidays and on public holidays, adoption that rises
after opening along a school-specific curve, and the planted stories of the
struggling schools. Active (account, day) cells then become sessions (a
login, sometimes after a failed attempt) and accesses to the services the
account can use, at hours that fit its profile.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from ingest.demo.territory import CONTRACT_START, DATA_END, Territory
from warehouse.calendar import calendar

DAYS = np.array([CONTRACT_START + dt.timedelta(days=i) for i in range((DATA_END - CONTRACT_START).days + 1)])
N_DAYS = len(DAYS)
PROFILES = ("enseignant", "personnel", "eleve", "parent")

# Probability of being active on a full school day, for a keen person (before adoption and school effects).
BASE_RATE = {"enseignant": 0.5, "personnel": 0.3, "eleve": 0.13, "parent": 0.12}
ACTIVATION_CAP = {"enseignant": 0.98, "personnel": 0.85, "eleve": 0.78, "parent": 0.74}
ACTIVATION_SPEED = {"enseignant": 0.3, "personnel": 0.6, "eleve": 0.8, "parent": 1.0}  # × school tau
ACCESS_PER_SESSION = {"enseignant": 3.0, "personnel": 1.6, "eleve": 1.8, "parent": 1.3}
WEEKEND = {"enseignant": 0.10, "personnel": 0.03, "eleve": 0.18, "parent": 0.30}
# Login hours (Paris time): (share, mean, sd) mixtures per profile.
HOURS = {
    "enseignant": [(0.45, 7.9, 0.5), (0.25, 12.5, 0.6), (0.30, 20.5, 1.0)],
    "personnel": [(1.0, 10.0, 2.0)],
    "eleve": [(0.4, 10.5, 1.5), (0.6, 17.3, 1.2)],
    "parent": [(0.2, 7.5, 0.4), (0.15, 12.5, 1.0), (0.65, 20.0, 1.2)],
}

MODULES = [
    "Timeline",
    "Conversation",
    "Homeworks",
    "Blog",
    "Workspace",
    "Actualites",
    "Calendar",
    "Directory",
    "Schoolbook",
    "Collaborativewall",
    "Exercizer",
    "Forum",
    "Poll",
    "Mindmap",
    "Scrapbook",
]
M = {name: i for i, name in enumerate(MODULES)}
# Appetite of each profile for each module, where the module is available to them.
APPETITE = {
    "enseignant": {
        "Timeline": 3,
        "Conversation": 3,
        "Homeworks": 2.5,
        "Blog": 2,
        "Workspace": 1.5,
        "Actualites": 1,
        "Calendar": 0.6,
        "Directory": 0.3,
        "Schoolbook": 2.5,
        "Collaborativewall": 1.5,
        "Exercizer": 1.5,
        "Forum": 1,
        "Poll": 0.8,
        "Mindmap": 0.05,
        "Scrapbook": 0.03,
    },
    "personnel": {"Timeline": 2, "Conversation": 2, "Calendar": 1, "Actualites": 1, "Workspace": 0.5, "Directory": 0.3},
    "eleve": {
        "Timeline": 1,
        "Blog": 2,
        "Homeworks": 2.5,
        "Workspace": 1,
        "Actualites": 0.5,
        "Collaborativewall": 2.5,
        "Exercizer": 2.5,
        "Mindmap": 0.05,
    },
    "parent": {
        "Timeline": 3,
        "Conversation": 2,
        "Blog": 2,
        "Homeworks": 2,
        "Actualites": 1,
        "Calendar": 0.5,
        "Schoolbook": 3,
    },
}
# Modules available to everyone of a profile (project-wide activations and the socle); the
# additional ones depend on the school, class or person.
ALWAYS = {
    "Timeline",
    "Directory",
    "Conversation",
    "Homeworks",
    "Blog",
    "Workspace",
    "Actualites",
    "Calendar",
    "Mindmap",
    "Scrapbook",
}


def _paris_offsets_ms() -> np.ndarray:
    paris = ZoneInfo("Europe/Paris")
    return np.array(
        [dt.datetime(d.year, d.month, d.day, 12, tzinfo=paris).utcoffset().total_seconds() * 1000 for d in DAYS],
        dtype=np.int64,
    )


def _day_factors() -> dict[tuple[str, str], np.ndarray]:
    """Per (zone, profile): how much of a full school day's activity each day gets."""
    cal = calendar(CONTRACT_START, DATA_END)
    out = {}
    for zone in ("A", "B", "C"):
        z = cal.filter(pl.col("zone") == zone).sort("jour")
        weekday = z["jour_semaine"].to_numpy()
        holiday = z["vacances"].to_numpy()
        summer = (z["nom_vacances"].fill_null("") == "Vacances d'été").to_numpy()
        public = z["ferie"].to_numpy()
        for profile in PROFILES:
            f = np.where(weekday == 3, 0.45, 1.0)
            f = np.where(weekday >= 6, WEEKEND[profile], f)
            f = np.where(holiday, np.where(summer, 0.02, 0.07), f)
            f = np.where(public, 0.08, f)
            out[(zone, profile)] = f.astype(np.float32)
    return out


def _next_true(flags: np.ndarray) -> np.ndarray:
    """For each index, the first index at or after it where `flags` holds (-1 if none)."""
    idx = np.where(flags, np.arange(len(flags)), len(flags))
    following = np.minimum.accumulate(idx[::-1])[::-1]
    return np.where(following < len(flags), following, -1)


class UsageModel:
    """Draws the events of a territory, school by school."""

    def __init__(self, territory: Territory, seed: int, intensity: float = 1.0):
        self.t = territory
        self.seed = seed
        self.intensity = intensity
        self.factors = _day_factors()
        self.offsets = _paris_offsets_ms()
        self.midnight_utc_ms = np.array(
            [int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() * 1000) for d in DAYS],
            dtype=np.int64,
        )
        acts = territory.activations
        self.school_modules = {
            row["cible"]: {"Schoolbook"} for row in acts.filter(pl.col("portee") == "ecole").iter_rows(named=True)
        }
        self.class_modules: dict[str, set[str]] = {}
        for row in acts.filter(pl.col("portee") == "classe").iter_rows(named=True):
            self.class_modules.setdefault(row["cible"], set()).add(
                "Collaborativewall" if row["service"] == "mur_collaboratif" else "Exercizer"
            )
        self.user_modules: dict[str, set[str]] = {}
        for row in acts.filter(pl.col("portee") == "utilisateur").iter_rows(named=True):
            self.user_modules.setdefault(row["cible"], set()).add("Forum" if row["service"] == "forum" else "Poll")

    def activation_days(self, school: dict, acc: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
        """Day index of each account's activation (-1: never), drawn from the school's adoption curve."""
        n = acc.height
        profile = acc["profil"].to_numpy()
        seuil = acc["seuil"].to_numpy()
        cap = np.array([ACTIVATION_CAP[p] for p in profile]) * min(1.0, school["engagement"] ** 0.5)
        # Teachers are trained before opening: all of them activate.
        cap = np.where(profile == "enseignant", 1.0, cap)
        if school["role"] == "parents_jamais":
            cap = np.where(profile == "parent", 0.0, cap)
        speed = np.array([ACTIVATION_SPEED[p] for p in profile]) * school["tau"]
        opening = school["date_ouverture"]
        start = np.array(
            [
                max(opening - dt.timedelta(days=14) if p in ("enseignant", "personnel") else opening, f)
                for p, f in zip(profile, acc["present_from"].to_list())
            ]
        )
        start_idx = np.array([(d - CONTRACT_START).days for d in start])
        adopter = seuil < cap
        u = np.where(adopter, seuil / np.maximum(cap, 1e-9), 0.0)
        delay = -np.log1p(-np.minimum(u, 0.999)) * speed
        delay = np.where(profile == "enseignant", np.minimum(delay, 21), delay)  # trained: within three weeks
        # Nothing happens before the contract starts (the simulated calendar begins there).
        act = np.maximum(start_idx + np.round(delay).astype(np.int64) + rng.integers(0, 3, size=n), 0)
        end_idx = np.array([(t - CONTRACT_START).days if t else N_DAYS for t in acc["present_to"].to_list()])
        # People activate when they get their credentials and use them: on a school day.
        school_day = self.factors[(school["zone"], "enseignant")] >= 0.9
        next_school_day = _next_true(school_day)
        act = np.where((act >= 0) & (act < N_DAYS), next_school_day[np.clip(act, 0, N_DAYS - 1)], act)
        act = np.where(adopter & (act >= 0) & (act < np.minimum(end_idx, N_DAYS)), act, -1)
        return act

    def school_events(self, school: dict, acc: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray]:
        """All events of one school (ts in epoch ms, compte, kind, module) and each account's activation day.

        `compte` is the account's row in `acc`; kinds: 0 login, 1 failed login, 2 access, 3 activation;
        `module` indexes MODULES (-1 for none).
        """
        rng = np.random.default_rng([self.seed, int(school["school"])])
        n = acc.height
        profile = acc["profil"].to_numpy()
        act = self.activation_days(school, acc, rng)
        day = np.arange(N_DAYS)
        end_idx = np.array([(t - CONTRACT_START).days if t else N_DAYS for t in acc["present_to"].to_list()])
        # Accounts × days probability of a session.
        prob = np.zeros((n, N_DAYS), dtype=np.float32)
        for p in PROFILES:
            rows = profile == p
            if rows.any():
                prob[rows] = BASE_RATE[p] * self.factors[(school["zone"], p)]
        keen = np.clip(acc["propension"].to_numpy() * 2.1 * school["engagement"], 0.05, 1.8).astype(np.float32)
        prob *= keen[:, None]
        since = day[None, :] - act[:, None]
        ramp = np.where(since >= 0, 0.55 + 0.45 * (1 - np.exp(-np.maximum(since, 0) / 45.0)), 0.0).astype(np.float32)
        prob *= ramp
        prob[(day[None, :] >= end_idx[:, None])] = 0
        prob[act < 0] = 0
        stop_teachers = N_DAYS - 42
        if school["role"] == "equipe_arretee":
            prob[profile == "enseignant", stop_teachers:] *= 0.02
            prob[profile == "eleve", stop_teachers:] *= 0.3
        if school["role"] == "aucune_activite":
            prob[:, N_DAYS - 20 :] = 0
        np.clip(prob, 0, 0.95, out=prob)
        active = rng.random(prob.shape, dtype=np.float32) < prob
        has_act = act >= 0
        active[np.flatnonzero(has_act), act[has_act]] = True  # the activation day has a session
        a_idx, d_idx = np.nonzero(active)

        # Sessions: teachers sometimes come back the same day.
        extra = rng.random(len(a_idx)) < np.minimum(
            0.9, np.where(profile[a_idx] == "enseignant", 0.25, 0.08) * self.intensity
        )
        s_acc = np.concatenate([a_idx, a_idx[extra]])
        s_day = np.concatenate([d_idx, d_idx[extra]])
        s_prof = profile[s_acc]
        hour = np.empty(len(s_acc))
        for p, mixture in HOURS.items():
            rows = np.flatnonzero(s_prof == p)
            shares = np.array([m[0] for m in mixture])
            pick = rng.choice(len(mixture), size=len(rows), p=shares / shares.sum())
            means = np.array([m[1] for m in mixture])[pick]
            sds = np.array([m[2] for m in mixture])[pick]
            hour[rows] = rng.normal(means, sds)
        seconds = np.clip(hour, 6.0, 23.9) * 3600 + rng.integers(0, 60, size=len(s_acc))
        login_ts = self.midnight_utc_ms[s_day] - self.offsets[s_day] + (seconds * 1000).astype(np.int64)

        # CAS writes whole seconds: two sessions of one person in the same second would be one login.
        _, keep = np.unique(np.stack([s_acc, login_ts // 1000]), axis=1, return_index=True)
        keep = np.sort(keep)
        s_acc, s_day, s_prof, login_ts = s_acc[keep], s_day[keep], s_prof[keep], login_ts[keep]

        fail_rate = 0.8 if school["role"] == "echecs_connexion" else 0.04
        failed = rng.random(len(s_acc)) < fail_rate
        fail_ts = login_ts[failed] - rng.integers(20_000, 90_000, size=failed.sum())

        first_session = np.zeros(len(s_acc), dtype=bool)
        is_act_day = act[s_acc] == s_day
        # One activation per account: its first session on its activation day.
        order = np.lexsort((login_ts, s_acc))
        seen = np.zeros(n, dtype=bool)
        firsts = order[is_act_day[order]]
        _, first_pos = np.unique(s_acc[firsts], return_index=True)
        first_session[firsts[first_pos]] = True
        seen[s_acc[first_session]] = True
        act_ts = login_ts[first_session] - 45_000

        # Accesses: 1 + Poisson per session, minutes apart, to modules the account can use.
        lam = np.array([ACCESS_PER_SESSION[p] for p in s_prof]) * self.intensity
        if school["role"] == "aucune_activite":
            lam = lam * 0.8
        k = 1 + rng.poisson(lam)
        e_sess = np.repeat(np.arange(len(s_acc)), k)
        gaps = rng.exponential(70_000, size=len(e_sess)).astype(np.int64) + 5_000
        cum = np.cumsum(gaps)
        starts = np.repeat(np.cumsum(k) - k, k)
        within = cum - np.concatenate([[0], cum])[starts]
        e_ts = login_ts[e_sess] + within
        e_acc = s_acc[e_sess]
        weights = self._weights(school, acc)
        cdf = np.cumsum(weights, axis=1)
        cdf /= cdf[:, -1:]
        u = rng.random(len(e_acc))
        e_mod = (cdf[e_acc] < u[:, None]).sum(axis=1)

        return pl.DataFrame(
            {
                "ts": np.concatenate([login_ts, fail_ts, act_ts, e_ts]),
                "compte": np.concatenate([s_acc, s_acc[failed], s_acc[first_session], e_acc]).astype(np.uint32),
                "kind": np.concatenate(
                    [
                        np.zeros(len(s_acc), np.int8),
                        np.ones(failed.sum(), np.int8),
                        np.full(first_session.sum(), 3, np.int8),
                        np.full(len(e_acc), 2, np.int8),
                    ]
                ),
                "module": np.concatenate(
                    [np.full(len(s_acc) + failed.sum() + first_session.sum(), -1, np.int8), e_mod.astype(np.int8)]
                ),
            }
        ).with_columns(
            # What a log keeps of an event: CAS only whole seconds.
            cle=pl.when(pl.col("kind") <= 1).then(pl.col("ts") // 1000).otherwise(pl.col("ts")),
        ).unique(subset=["compte", "kind", "module", "cle"], keep="first", maintain_order=True).drop("cle"), act

    def _weights(self, school: dict, acc: pl.DataFrame) -> np.ndarray:
        n = acc.height
        w = np.zeros((n, len(MODULES)), dtype=np.float64)
        profile = acc["profil"].to_list()
        classes = acc["classe_2026"].to_list()
        ids, logins = acc["id"].to_list(), acc["login"].to_list()
        school_mods = self.school_modules.get(school["uai"], set())
        for i in range(n):
            available = (
                ALWAYS
                | school_mods
                | self.class_modules.get(classes[i], set())
                | self.user_modules.get(ids[i], set())
                | self.user_modules.get(logins[i], set())
            )
            for name, appetite in APPETITE[profile[i]].items():
                if name in available:
                    w[i, M[name]] = appetite
        if school["role"] == "services_initiaux_inutilises":
            w[:, [M["Blog"], M["Homeworks"]]] = 0
        w[:, M["Timeline"]] += 1e-6
        return w

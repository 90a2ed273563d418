-- Warehouse schema. Every statement is idempotent: the writer applies this
-- file on each open.
-- No raw identifier is stored: people are integers (pid) whose only link to
-- a real id is the keyed hash in `pseudonymes`.

CREATE TABLE IF NOT EXISTS meta (
    cle    VARCHAR PRIMARY KEY,
    valeur VARCHAR
);

-- Keyed hash (HMAC-SHA-256, hex) of each identifier seen, and its surrogate.
CREATE TABLE IF NOT EXISTS pseudonymes (
    pid      INTEGER PRIMARY KEY,
    empreinte VARCHAR NOT NULL UNIQUE
);

-- One row per input file ever processed: the manifest behind idempotence.
CREATE TABLE IF NOT EXISTS fichiers (
    fichier_id   INTEGER PRIMARY KEY,
    nom          VARCHAR NOT NULL,
    chemin       VARCHAR,
    sha256       VARCHAR NOT NULL,
    octets       BIGINT,
    modifie_ns   BIGINT,               -- the file's modification time (ns) when it was read
    type         VARCHAR NOT NULL,     -- reference file name or log format
    charge_le    TIMESTAMP NOT NULL,
    lignes       BIGINT NOT NULL DEFAULT 0,
    enregistrements BIGINT NOT NULL DEFAULT 0,
    charges      BIGINT NOT NULL DEFAULT 0,
    doublons     BIGINT NOT NULL DEFAULT 0,
    rejetes      BIGINT NOT NULL DEFAULT 0,
    ignores      BIGINT NOT NULL DEFAULT 0,
    en_attente   BIGINT NOT NULL DEFAULT 0,
    encodage     VARCHAR,
    note         VARCHAR
);
-- Added with the drop-folder loads: a warehouse from before gains it on its next load.
ALTER TABLE fichiers ADD COLUMN IF NOT EXISTS modifie_ns BIGINT;


-- Lines that could not be loaded, with the raw text (identifiers and IP
-- addresses masked) so a person can see what was wrong.
CREATE TABLE IF NOT EXISTS rejets (
    fichier_id INTEGER NOT NULL,
    ligne      BIGINT,
    motif      VARCHAR NOT NULL,
    brut       VARCHAR
);

-- Lines read but deliberately not loaded (blank lines, CAS actions that are
-- not logins...), counted by reason.
CREATE TABLE IF NOT EXISTS ignores (
    fichier_id INTEGER NOT NULL,
    motif      VARCHAR NOT NULL,
    lignes     BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS territoire (
    document JSON,                      -- territoire.toml as JSON
    charge_le TIMESTAMP
);

CREATE TABLE IF NOT EXISTS vagues (
    vague            VARCHAR PRIMARY KEY,
    libelle          VARCHAR,
    annee_scolaire   VARCHAR,
    ouverture_prevue DATE,
    pilote           BOOLEAN NOT NULL DEFAULT false,
    ordre            INTEGER
);

CREATE TABLE IF NOT EXISTS ecoles (
    uai                    VARCHAR PRIMARY KEY,
    nom                    VARCHAR NOT NULL,
    commune                VARCHAR,
    circonscription        VARCHAR,
    zone                   VARCHAR,
    vague                  VARCHAR,
    date_candidature       DATE,
    date_confirmation      DATE,
    date_debut_deploiement DATE,
    date_ouverture         DATE,
    date_bilan             DATE,
    eleves                 INTEGER,
    enseignants            INTEGER,
    demande                TINYINT,
    implication_equipe     TINYINT,
    usages_numeriques      TINYINT,
    etat_technique         TINYINT,
    etat_fonctionnel       TINYINT
);

CREATE TABLE IF NOT EXISTS services (
    service VARCHAR PRIMARY KEY,
    libelle VARCHAR,
    groupe  VARCHAR NOT NULL           -- socle | initial | additionnel
);

-- Raw module names (lower-cased) as logs write them, and service codes
-- themselves, mapped to a service.
CREATE TABLE IF NOT EXISTS modules (
    module  VARCHAR PRIMARY KEY,
    service VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS activations (
    service  VARCHAR NOT NULL,
    portee   VARCHAR NOT NULL,         -- projet | ecole | classe | utilisateur
    cible    VARCHAR,                  -- UAI, class id, or NULL
    cible_pid INTEGER,                 -- pseudonymised account, portee utilisateur
    profils  VARCHAR[] NOT NULL,       -- canonical codes, or ['tous']
    debut    DATE NOT NULL,
    fin      DATE
);

-- Accounts as successive versions (type 2): a version holds from
-- valide_depuis (NULL: since always) to valide_jusqu_au (exclusive, NULL:
-- still). An account missing from a newer export gets its last version ended
-- the day after that export's date, so it still exists on that day.
CREATE TABLE IF NOT EXISTS comptes (
    compte             INTEGER NOT NULL,   -- pid of the account id
    login_pid          INTEGER,            -- pid of the login
    uai                VARCHAR NOT NULL,
    profil             VARCHAR NOT NULL,
    classe             VARCHAR,
    date_creation      DATE,
    date_distribution  DATE,
    date_activation    DATE,
    personne_ressource BOOLEAN NOT NULL DEFAULT false,
    distribution_connue BOOLEAN NOT NULL DEFAULT true,  -- false: the export had no date_distribution column
    valide_depuis      DATE,
    valide_jusqu_au    DATE
);

-- Which account an identifier seen in logs (an id or a login) belongs to.
CREATE TABLE IF NOT EXISTS identifiants_comptes (
    ident_pid INTEGER PRIMARY KEY,
    compte    INTEGER NOT NULL
);

-- Resolved events: one row per distinct event, attached to an account.
CREATE TABLE IF NOT EXISTS evenements (
    cle        UHUGEINT NOT NULL,       -- content key: time, person, kind, module (cle_composee)
    ts         TIMESTAMPTZ NOT NULL,
    jour       DATE NOT NULL,            -- Europe/Paris calendar day
    heure      TINYINT NOT NULL,         -- Europe/Paris hour
    type       VARCHAR NOT NULL,         -- login | activation | access | login_failed
    module     VARCHAR,                  -- as the log wrote it
    compte     INTEGER NOT NULL,
    appareil   VARCHAR,                  -- ordinateur | tablette | mobile | application
    fichier_id INTEGER NOT NULL
);

-- Events whose person has no account yet: attached by a later account export.
CREATE TABLE IF NOT EXISTS evenements_en_attente (
    cle        UHUGEINT NOT NULL,
    ts         TIMESTAMPTZ NOT NULL,
    jour       DATE NOT NULL,
    heure      TINYINT NOT NULL,
    type       VARCHAR NOT NULL,
    module     VARCHAR,
    ident_pid  INTEGER NOT NULL,
    appareil   VARCHAR,
    fichier_id INTEGER NOT NULL
);

-- School days per zone (rebuilt by the writer when the span it must cover moves).
CREATE TABLE IF NOT EXISTS calendrier (
    jour DATE, zone VARCHAR, jour_semaine TINYINT, ferie BOOLEAN, vacances BOOLEAN,
    nom_vacances VARCHAR, hors_donnees BOOLEAN, jour_scolaire BOOLEAN
);

-- Rollups (warehouse/sql/rollups/rollups.sql fills them).
CREATE TABLE IF NOT EXISTS activite_jour (
    jour DATE, compte INTEGER, uai VARCHAR, profil VARCHAR,
    connexions INTEGER, acces INTEGER, echecs INTEGER, activations INTEGER);

CREATE TABLE IF NOT EXISTS acces_service_jour (
    jour DATE, compte INTEGER, uai VARCHAR, service VARCHAR, module_inconnu BOOLEAN, acces INTEGER);

CREATE TABLE IF NOT EXISTS premiere_activite (compte INTEGER, jour DATE);

-- The same by ISO week (`semaine`: its Monday): what the support rules read
-- for the whole weeks of their windows, a fifth of the daily rows.
CREATE TABLE IF NOT EXISTS activite_semaine (
    semaine DATE, compte INTEGER, uai VARCHAR, profil VARCHAR,
    connexions INTEGER, acces INTEGER, echecs INTEGER, activations INTEGER);

-- The services each school's accounts accessed in each ISO week.
CREATE TABLE IF NOT EXISTS services_semaine (semaine DATE, uai VARCHAR, service VARCHAR);

CREATE TABLE IF NOT EXISTS evenements_mois (mois DATE, type VARCHAR, module VARCHAR, n BIGINT);

-- Logins and failed logins territory-wide per Paris day and hour: the
-- vendor's service as users met it (failures by month, probable outages).
CREATE TABLE IF NOT EXISTS connexions_heure (jour DATE, heure TINYINT, connexions BIGINT, echecs BIGINT);

-- The alert history: the support rules as of the Sunday ending each school
-- week (`semaine`: its Monday), for the schools whose zone has a school week
-- then. Kept up to date by loads (warehouse/alerts.py).
CREATE TABLE IF NOT EXISTS alertes_semaine (
    semaine DATE NOT NULL,
    uai     VARCHAR NOT NULL,
    motif   VARCHAR NOT NULL,
    detail  VARCHAR,
    valeur  DOUBLE,
    seuil   DOUBLE
);

-- Satisfaction surveys (ingest/enquete.py): one row per response kept, its
-- school and profile, never its free text, names or e-mails; `reponse` is the
-- export's response id (or a digest of the row without one).
CREATE TABLE IF NOT EXISTS enquete_reponses (
    campagne   VARCHAR NOT NULL,
    reponse    VARCHAR NOT NULL,
    uai        VARCHAR NOT NULL,
    profil     VARCHAR NOT NULL,
    jour       DATE,
    fichier_id INTEGER
);

-- Each response's answer per question of the campaign: `note` in 1..echelle,
-- NULL for no answer (empty, or outside the scale).
CREATE TABLE IF NOT EXISTS enquete_notes (
    campagne VARCHAR NOT NULL,
    reponse  VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    note     INTEGER
);

-- The campaigns as territoire.toml described them when last loaded.
CREATE TABLE IF NOT EXISTS enquete_campagnes (
    campagne  VARCHAR PRIMARY KEY,
    echelle   INTEGER NOT NULL,
    questions VARCHAR[] NOT NULL
);

-- The retention purge (warehouse/retention.py): before deleting the traces
-- older than `[confidentialite] retention_mois`, it freezes what the figures
-- need at school × profile level, so that they read the same afterwards.
-- A day up to the last frozen Sunday is read as of the last frozen Sunday on
-- or before it (definitions.sql: jour_fige).

-- The Sundays frozen.
CREATE TABLE IF NOT EXISTS gel_dimanches (dimanche DATE PRIMARY KEY);

-- Adoption per school × profile as of each frozen Sunday (the adoption_ecole macro).
CREATE TABLE IF NOT EXISTS gel_adoption (
    dimanche DATE NOT NULL, uai VARCHAR, profil VARCHAR,
    comptes BIGINT, comptes_distribues BIGINT, comptes_actives BIGINT, actifs_28j BIGINT);

-- Users and accesses per school × service, and per school × service group, in
-- the 28 days ending each frozen Sunday (usage_services_28j, usage_groupes_28j).
CREATE TABLE IF NOT EXISTS gel_usage_services (
    dimanche DATE NOT NULL, uai VARCHAR, service VARCHAR, utilisateurs_28j BIGINT, acces_28j BIGINT);
CREATE TABLE IF NOT EXISTS gel_usage_groupes (
    dimanche DATE NOT NULL, uai VARCHAR, groupe VARCHAR, utilisateurs_28j BIGINT, acces_28j BIGINT);

-- The support rules as of each frozen Sunday (rules_flags), every school.
CREATE TABLE IF NOT EXISTS gel_motifs (
    dimanche DATE NOT NULL, uai VARCHAR, motif VARCHAR, detail VARCHAR, valeur DOUBLE, seuil DOUBLE);

-- Weekly activity per ISO week (its Monday) × school × profile, for the weeks
-- up to the last frozen Sunday (activite_ecole_semaine).
CREATE TABLE IF NOT EXISTS gel_activite_semaine (
    semaine DATE NOT NULL, uai VARCHAR, profil VARCHAR, utilisateurs_actifs BIGINT, connexions BIGINT);

-- One row per purge: the first day whose traces it kept (`coupure`), the last
-- Sunday frozen, the span of days the warehouse had events for, and what went.
CREATE TABLE IF NOT EXISTS purges (
    purge_le      TIMESTAMP NOT NULL,
    coupure       DATE NOT NULL,
    gel_jusqu_au  DATE,
    premier_jour  DATE,
    dernier_jour  DATE,
    evenements    BIGINT NOT NULL,
    en_attente    BIGINT NOT NULL,
    jours_comptes BIGINT NOT NULL,     -- rows of the per-account daily and weekly rollups
    textes_rejets BIGINT NOT NULL      -- rejected lines whose raw text was erased
);

-- The support journal's own store (SQLite, not DuckDB): what the support
-- team did for a school. Written by the dashboard and by `ingest suivi`, read
-- by the pages; a load that swaps the warehouse in never touches it.
CREATE TABLE IF NOT EXISTS interventions (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,           -- ISO day
    uai         TEXT NOT NULL,
    type        TEXT NOT NULL,           -- visite | formation | appel | visio | courriel | autre
    intervenant TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    referent    TEXT NOT NULL DEFAULT '',
    statut      TEXT NOT NULL DEFAULT '', -- ouvert | en_cours | clos, or empty
    saisi_le    TEXT NOT NULL,           -- when it was entered or imported (UTC)
    source      TEXT NOT NULL,           -- the imported file's name, or 'tableau de bord'
    UNIQUE (date, uai, type, intervenant, note, referent, statut)
);

-- Rows of imported files that could not be kept, with their reason.
CREATE TABLE IF NOT EXISTS rejets (
    fichier TEXT NOT NULL,
    ligne   INTEGER NOT NULL,
    motif   TEXT NOT NULL,
    brut    TEXT,
    UNIQUE (fichier, ligne, motif, brut)
);

-- Helpers of the loading session (TEMP: they live in the writer's session only).

-- UAI: 7 digits and a check letter; Corsica's 2A/2B count as 620/720.
CREATE OR REPLACE TEMP MACRO uai_chiffres(u) AS
    CASE WHEN regexp_matches(u, '^02[AB][0-9]{4}[A-Z]$')
         THEN (CASE substr(u, 3, 1) WHEN 'A' THEN '620' ELSE '720' END) || substr(u, 4, 4)
         ELSE substr(u, 1, 7) END;

CREATE OR REPLACE TEMP MACRO uai_valide(u) AS
    coalesce(regexp_matches(u, '^(?:[0-9]{7}|02[AB][0-9]{4})[A-Z]$')
             AND substr('ABCDEFGHJKLMNPRSTUVWXYZ', (try_cast(uai_chiffres(u) AS BIGINT) % 23)::INTEGER + 1, 1) = substr(u, 8, 1),
             false);

-- JJ/MM/AAAA (as a French Excel writes) or ISO; NULL when unreadable,
-- impossible, or implausible (a two-digit year read as year 24).
CREATE OR REPLACE TEMP MACRO lire_date_brute(s) AS
    coalesce(try_strptime(trim(s), '%d/%m/%Y'),
             try_strptime(trim(s), '%d/%m/%Y %H:%M:%S'),
             try_cast(trim(s) AS TIMESTAMP))::DATE;

CREATE OR REPLACE TEMP MACRO lire_date(s) AS
    CASE WHEN year(lire_date_brute(s)) BETWEEN 1990 AND 2100 THEN lire_date_brute(s) END;

-- Event times outside this range are a clock or export bug, not usage.
CREATE OR REPLACE TEMP MACRO date_invraisemblable(ts) AS
    ts < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR ts >= TIMESTAMPTZ '2100-01-01 00:00:00+00';

-- Epoch milliseconds as a time; NULL, not an error, for a value no timestamp
-- can hold (beyond about ±285 000 years), so that it rejects its line
-- instead of failing the load. (make_timestamptz takes microseconds without
-- the time-zone arithmetic of a TIMESTAMP -> TIMESTAMPTZ cast.)
CREATE OR REPLACE TEMP MACRO ts_depuis_ms(ms) AS
    CASE WHEN ms BETWEEN -9000000000000000 AND 9000000000000000 THEN make_timestamptz(ms * 1000) END;

-- An event's content key, field by field: epoch milliseconds (UTC) in the top 42 bits
-- (valid events are from 2000 to 2100, below 2^42 ms), the pid in the next
-- 32, the kind in 2, and the top 52 bits of the md5 of the module in lower
-- case (`module_h`, worked out once per module). Exact but for the module
-- part, where two module names would have to share 52 bits. Half the cost
-- of hashing a text per event.
CREATE OR REPLACE TEMP MACRO cle_composee(ts, pid, type, module_h) AS
    (epoch_ms(ts)::UHUGEINT << 86) | (pid::UHUGEINT << 54)
    | ((CASE type WHEN 'login' THEN 0 WHEN 'activation' THEN 1 WHEN 'access' THEN 2 ELSE 3 END)::UHUGEINT << 52)
    | module_h;

-- The module's part of cle_composee.
CREATE OR REPLACE TEMP MACRO cle_module(module) AS
    md5_number(coalesce(lower(module), '')) >> 76;

-- A field without its surrounding spaces, NULL when empty. Most fields have
-- none: checking both ends is cheaper than trimming every string.
CREATE OR REPLACE TEMP MACRO sans_espaces(s) AS
    CASE WHEN s LIKE ' %' OR s LIKE '% ' THEN nullif(trim(s), '') ELSE nullif(s, '') END;

-- A date written as a JSON string: epoch milliseconds in quotes (any text
-- DuckDB casts to a BIGINT, as the fast path's reader does for its BIGINT
-- `date` column: spaces around, hexadecimal...), else ISO 8601.
CREATE OR REPLACE TEMP MACRO lire_date_json(s) AS
    CASE WHEN try_cast(s AS BIGINT) IS NOT NULL THEN ts_depuis_ms(try_cast(s AS BIGINT))
         ELSE try_cast(s AS TIMESTAMPTZ) END;

-- CAS `WHEN`: "Mon Sep 08 14:31:02 CEST 2025" (zone CET/CEST/UTC/GMT), or ISO.
CREATE OR REPLACE TEMP MACRO lire_quand_cas(quand) AS
    coalesce(
        try_strptime(replace(replace(replace(replace(quand, ' CEST ', ' +0200 '), ' CET ', ' +0100 '),
                                     ' UTC ', ' +0000 '), ' GMT ', ' +0000 '),
                     '%a %b %d %H:%M:%S %z %Y'),
        try_cast(quand AS TIMESTAMPTZ));

-- Reason to reject a CAS record, or NULL; and reason to skip it (an action
-- other than a login or a failed one). Shared by the two ways of reading
-- multi-line records (stage_cas_multi, stage_cas_rapide).
CREATE OR REPLACE TEMP MACRO rejet_cas(encodage_ok, complet, action, quand, ts, ident_brut) AS
    CASE
        WHEN NOT encodage_ok THEN 'encodage illisible (UTF-8 attendu)'
        WHEN NOT complet OR action IS NULL OR quand IS NULL THEN 'enregistrement CAS incomplet'
        WHEN action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED') THEN NULL
        WHEN ts IS NULL THEN 'date illisible'
        WHEN date_invraisemblable(ts) THEN 'date invraisemblable'
        WHEN ident_brut IS NULL OR lower(ident_brut) = 'audit:unknown' THEN 'utilisateur manquant'
    END;

CREATE OR REPLACE TEMP MACRO ignore_cas(encodage_ok, complet, action, quand) AS
    CASE WHEN encodage_ok AND complet AND action IS NOT NULL AND quand IS NOT NULL
              AND action NOT IN ('AUTHENTICATION_SUCCESS', 'AUTHENTICATION_FAILED')
         THEN 'action CAS non retenue' END;

CREATE OR REPLACE TEMP MACRO type_cas(action) AS
    CASE action WHEN 'AUTHENTICATION_SUCCESS' THEN 'login' WHEN 'AUTHENTICATION_FAILED' THEN 'login_failed' END;

-- Fields of a CSV line: a plain split, or, when the line holds quotes, a
-- quote-aware one (each field is matched after its separator, so an empty
-- first field is kept). One space before an opening quote is dropped with
-- the quotes, as DuckDB's reader drops it on the fast path (it keeps a field
-- with two spaces or a tab before the quote as written, and so does this).
CREATE OR REPLACE TEMP MACRO champs_csv(raw, sep) AS
    CASE WHEN contains(raw, '"')
         THEN list_transform(
                regexp_extract_all(sep || raw, sep || '( ?"(?:[^"]|"")*"|[^' || sep || ']*)', 1),
                lambda x: CASE WHEN starts_with(x, '"') AND length(x) >= 2 THEN replace(x[2:-2], '""', '"')
                               WHEN starts_with(x, ' "') AND length(x) >= 3 THEN replace(x[3:-2], '""', '"')
                               ELSE x END)
         ELSE string_split(raw, sep) END;

-- Fields of a CSV line without the empty ones after the `n` columns of its
-- header (the line ended with the separator, or with "" after it).
CREATE OR REPLACE TEMP MACRO sans_vides_en_trop(champs, n) AS
    CASE WHEN len(champs) > n AND array_to_string(champs[n + 1:], '') = '' THEN champs[1:n] ELSE champs END;

CREATE OR REPLACE TEMP MACRO date_ko(s) AS s IS NOT NULL AND lire_date(s) IS NULL;

CREATE OR REPLACE TEMP MACRO lire_entier(s) AS try_cast(replace(replace(trim(s), ' ', ''), chr(160), '') AS INTEGER);

CREATE OR REPLACE TEMP MACRO entier_ko(s) AS s IS NOT NULL AND lire_entier(s) IS NULL;

CREATE OR REPLACE TEMP MACRO lire_booleen(s) AS
    CASE WHEN s IS NULL THEN false
         WHEN strip_accents(lower(trim(s))) IN ('oui', 'o', 'vrai', 'true', 'x', '1', 'yes', 'y') THEN true
         WHEN strip_accents(lower(trim(s))) IN ('non', 'n', 'faux', 'false', '0', 'no') THEN false
    END;

-- Canonical profile codes (docs/inputs.md) from whatever the source says.
CREATE OR REPLACE TEMP MACRO profil_canonique(p) AS
    CASE regexp_replace(strip_accents(lower(trim(p))), '[^a-z]', '', 'g')
        WHEN 'eleve' THEN 'eleve' WHEN 'student' THEN 'eleve' WHEN 'nationalelv' THEN 'eleve'
        WHEN 'enseignant' THEN 'enseignant' WHEN 'teacher' THEN 'enseignant'
        WHEN 'nationalens' THEN 'enseignant' WHEN 'nationaldir' THEN 'enseignant'
        WHEN 'parent' THEN 'parent' WHEN 'relative' THEN 'parent' WHEN 'persreleleve' THEN 'parent'
        WHEN 'nationaltut' THEN 'parent' WHEN 'responsable' THEN 'parent'
        WHEN 'personnel' THEN 'personnel' WHEN 'perseducnat' THEN 'personnel'
        WHEN 'nationalevs' THEN 'personnel' WHEN 'nationaleta' THEN 'personnel'
        WHEN 'nationaldoc' THEN 'personnel' WHEN 'nationalaca' THEN 'personnel'
        WHEN 'collectivite' THEN 'collectivite' WHEN 'nationalcol' THEN 'collectivite'
        WHEN 'invite' THEN 'invite' WHEN 'guest' THEN 'invite'
    END;

-- Device class from a user agent, or from the platform's own device column.
CREATE OR REPLACE TEMP MACRO classe_appareil(ua, indice) AS
    CASE
        WHEN regexp_matches(coalesce(ua, ''), '(?i)(ENT-?Mobile|okhttp|Dalvik|CFNetwork|cordova|capacitor|; wv\)|ODE ?Mobile|NEO ?Pro|Edifice)') THEN 'application'
        WHEN lower(indice) IN ('mobile', 'smartphone', 'phone') THEN 'mobile'
        WHEN lower(indice) IN ('tablet', 'tablette') THEN 'tablette'
        WHEN lower(indice) IN ('desktop', 'computer', 'ordinateur', 'pc') THEN 'ordinateur'
        WHEN lower(indice) IN ('app', 'application', 'mobile_app') THEN 'application'
        WHEN ua IS NULL OR trim(ua) = '' THEN NULL
        WHEN regexp_matches(ua, '(?i)(iPad|Tablet|Kindle|Silk/|PlayBook)')
             OR (regexp_matches(ua, '(?i)Android') AND NOT regexp_matches(ua, '(?i)Mobi')) THEN 'tablette'
        WHEN regexp_matches(ua, '(?i)(Mobi|iPhone|iPod|Android|Windows Phone)') THEN 'mobile'
        ELSE 'ordinateur'
    END;

-- Rejected lines keep their raw text only as far as it cannot name a person.
-- The text is cut into words and separators; a word is kept when it is a
-- word of the formats themselves (field names, event kinds, CAS keywords,
-- profiles, days, months, zones, a service or module of services.csv), a
-- small number, a date or time, or a UAI. Any other word, whatever its case
-- or where it stands in the line (a login under an unexpected JSON key, a
-- shifted CSV field, a line outside a CAS record), becomes [masqué]: when in
-- doubt, the text is not kept; file, line and reason still find it.
CREATE OR REPLACE TEMP MACRO mots_surs() AS [
    -- ODE JSON lines and PostgreSQL export
    'event-type', 'event_type', 'module', 'override-module', 'date', '$date', '$numberlong', 'userid', 'user_id',
    'profil', 'profile', 'structures', 'classes', 'ua', 'ip', 'id', 'device_type', 'platform_id', 'resource-type',
    'login', 'logout', 'activation', 'access', 'create', 'update', 'delete', 'get_resource', 'connector', 'share',
    'desktop', 'mobile', 'tablet', 'app', 'true', 'false', 'null',
    -- CAS audit trail
    'audit', 'trail', 'record', 'begin', 'end', 'who', 'what', 'action', 'application', 'when', 'client', 'server',
    'address', 'cas', 'info', 'warn', 'error', 'debug', 'supplied', 'credentials', 'for', 'org', 'apereo',
    'inspektr', 'support', 'slf4jloggingaudittrailmanager', 'authentication_success', 'authentication_failed',
    'service_ticket_created', 'service_ticket_validated', 'ticket_granting_ticket_created',
    'ticket_granting_ticket_destroyed', 'service_ticket_not_created', 'ticket_granting_ticket_not_created',
    'authentication_event_triggered', 'audit:unknown', 'unknown',
    'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug',
    'sep', 'oct', 'nov', 'dec', 'cet', 'cest', 'utc', 'gmt', 'z',
    -- generic CSV and reference files
    'horodatage', 'utilisateur', 'service', 'connexion', 'acces', 'accès', 'echec_connexion', 'uai', 'nom',
    'commune', 'circonscription', 'zone', 'vague', 'libelle', 'annee_scolaire', 'ouverture_prevue', 'pilote',
    'date_candidature', 'date_confirmation', 'date_debut_deploiement', 'date_ouverture', 'date_bilan', 'eleves',
    'enseignants', 'demande', 'implication_equipe', 'usages_numeriques', 'etat_technique', 'etat_fonctionnel',
    'groupe', 'modules', 'socle', 'initial', 'additionnel', 'portee', 'cible', 'profils', 'debut', 'fin',
    'projet', 'ecole', 'classe', 'tous', 'date_creation', 'date_distribution', 'date_activation',
    'personne_ressource', 'oui', 'non', 'a', 'b', 'c',
    -- profiles as sources write them
    'eleve', 'élève', 'student', 'national_elv', 'enseignant', 'teacher', 'national_ens', 'national_dir',
    'parent', 'relative', 'persreleleve', 'national_tut', 'responsable', 'personnel', 'perseducnat',
    'national_evs', 'national_eta', 'national_doc', 'national_aca', 'collectivite', 'national_col', 'invite',
    'guest',
    -- the masks' own words
    'masqué', 'masquée', 'email', 'ip', 'téléphone'
];

-- Services and modules of services.csv join the safe words: a module name
-- is what a reader most needs to see in a rejected event.
CREATE OR REPLACE TEMP VIEW mots_rejets AS
SELECT list_distinct(mots_surs() || coalesce((SELECT list(module) FROM modules), [])
                     || coalesce((SELECT list(lower(service)) FROM services), [])) AS mots;

-- A word that may stay in a rejected line (see mots_surs).
CREATE OR REPLACE TEMP MACRO mot_sur(mot, mots) AS
    list_contains(mots, lower(mot))
    OR regexp_full_match(mot, '[0-9]{1,4}([.][0-9]{1,6})?|1[0-9]{9}([0-9]{3})?|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2})?|[0-9]{7}[A-Za-z]|[-_.*#~^%&!?]+');

-- E-mail and IP addresses and French phone numbers are named in the text
-- (one whole word even where an IPv6 address holds the separators' ':', or
-- a phone number its spaces).
CREATE OR REPLACE TEMP MACRO masquer_adresses(brut) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(brut,
        '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[email masqué]', 'g'),
        '(?:\+33\s?|\b0)[1-9](?:[\s.-]?[0-9]{2}){4}\b', '[téléphone masqué]', 'g'),
        '\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b', '[ip masquée]', 'g'),
        '\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b', '[ip masquée]', 'g'),
        '(?:[0-9A-Fa-f]{0,4}:){1,6}:[0-9A-Fa-f]{0,4}\b', '[ip masquée]', 'g');

-- Raw text of a rejected line as it may be stored (`mots` from mots_rejets):
-- addresses named, every other word not known to be safe masked, length bounded.
CREATE OR REPLACE TEMP MACRO masquer(brut, mots) AS
    left(array_to_string(list_transform(
        regexp_extract_all(masquer_adresses(left(brut, 4000)),
                           '[^\s"''`,;:=(){}\[\]<>|+/\\]+|[\s"''`,;:=(){}\[\]<>|+/\\]+'),
        lambda t: CASE WHEN regexp_full_match(t, '[\s"''`,;:=(){}\[\]<>|+/\\]+') OR mot_sur(t, mots) THEN t
                       ELSE '[masqué]' END), ''), 2000);

-- A blank line: empty or only spaces and tabs. Most lines are told apart by
-- their first character, without trimming the whole line.
-- (CASE, unlike AND, only evaluates the trim for the rows that need it.)
CREATE OR REPLACE TEMP MACRO vide(s) AS
    CASE WHEN strlen(s) = 0 THEN true
         WHEN ascii(s) NOT IN (9, 32) THEN false
         ELSE trim(s, chr(9) || ' ') = '' END;

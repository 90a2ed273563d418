-- Whether the warehouse holds any event key yet (resolved or waiting).
SELECT EXISTS (SELECT 1 FROM evenements) OR EXISTS (SELECT 1 FROM evenements_en_attente)

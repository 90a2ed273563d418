DELETE FROM territoire;
INSERT INTO territoire VALUES ($document::JSON, now()::TIMESTAMP);

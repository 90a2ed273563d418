SELECT count(*) FILTER (WHERE motif IS NULL AND NOT doublon) AS charges,
       count(*) FILTER (WHERE doublon) AS doublons
FROM ref_stage

-- The Paris days the loadable rows span (the dedup only looks there), and
-- the UTC hours they span (numbered from the epoch: stage_valid converts
-- each hour once). Converting the two extremes is enough: local time grows
-- with UTC time.
SELECT timezone('Europe/Paris', min(ts))::DATE, timezone('Europe/Paris', max(ts))::DATE,
       epoch_us(min(ts)) // 3600000000, epoch_us(max(ts)) // 3600000000
FROM stage WHERE rejet IS NULL AND ignore IS NULL

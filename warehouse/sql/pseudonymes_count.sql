SELECT count(*) FROM pseudonymes

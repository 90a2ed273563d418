SELECT document::VARCHAR FROM territoire LIMIT 1

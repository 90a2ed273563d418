"""The DuckDB warehouse: schema, connections, and the queries pages and exports use."""

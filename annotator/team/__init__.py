"""Team work: coders' copies merged back, and team projects on a PostgreSQL server."""

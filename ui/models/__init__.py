"""Qt item models over core ids (ids in Qt.UserRole, rows fetched from the core)."""

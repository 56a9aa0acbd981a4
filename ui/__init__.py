"""PySide6 widgets, models and undo commands. Talks to annotator/ only."""

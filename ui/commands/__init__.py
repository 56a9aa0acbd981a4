"""ui.commands."""

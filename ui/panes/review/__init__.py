"""ui.panes.review."""

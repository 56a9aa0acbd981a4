"""ui.panes.page."""

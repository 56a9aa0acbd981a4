"""ui.jobs."""

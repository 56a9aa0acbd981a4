"""annotator.formats."""

"""annotator.search."""

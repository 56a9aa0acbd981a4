"""annotator.export."""

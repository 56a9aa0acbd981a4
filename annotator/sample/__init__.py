"""annotator.sample."""

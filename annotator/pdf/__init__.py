"""annotator.pdf."""

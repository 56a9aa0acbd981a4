"""annotator.codebook."""

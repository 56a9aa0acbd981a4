"""annotator.documents."""

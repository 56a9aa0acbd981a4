"""annotator.coding."""

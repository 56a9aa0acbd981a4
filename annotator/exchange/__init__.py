"""REFI-QDA project exchange (.qdpx): export a project, import one, say what moved."""

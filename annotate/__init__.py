"""sourcelens.annotate package."""

"""sourcelens.training package."""

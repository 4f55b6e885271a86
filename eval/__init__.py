"""sourcelens.eval package."""

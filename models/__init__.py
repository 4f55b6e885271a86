"""sourcelens.models package."""

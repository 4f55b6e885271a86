"""sourcelens: who is speaking in each sentence of a news article."""

__version__ = "0.1.0"

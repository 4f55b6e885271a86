"""sourcelens.corpus: labelled articles and their frozen splits, the data that training and evaluation share.

It sits below both (they import it; it imports neither): the authored corpus
format and checker (`authored`), readers for labelled files and saved datasets
(`labelled_files`), and the article-level train/dev/test assignment with the
frozen test split (`splits`).
"""

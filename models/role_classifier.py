"""Is a speaker official or a commentator? A learned reading of the words that give its role.

The speaker tracker keeps each speaker's fullest mention with its role words
("Sen. Ben Sasse, R-Neb.", "Ngozi Adebayo, head of metals research at Carrow
Bank", "The Grocery Retailers Council, which lobbies for the supermarket
industry"). Word lists type such mentions right about three times in four;
a logistic regression over word and character n-grams of the mention,
trained on the corpus's gold labels, does better on articles it has not
seen (corpus test split: 0.84 against 0.75). It sets `source_type` where
the tracker found a speaker (the label stays the classifier's and the
article decoder's; as a decoder feature it cost real-news accuracy).

It is not in the shipped model: it did not help real news, and importing
scikit-learn adds 0.75 s to a cold start (`TrainConfig.role_classifier`).

Stateless hashing features and the regression's coefficients are all there
is to save, so the classifier is stored as plain arrays (`role_classifier.npz`)
and never unpickled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

ROLE_FILE = "role_classifier.npz"
OFFICIAL, COMMENTATOR = "official", "commentator"
_FEATURES = 2**18


def _vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        HashingVectorizer(n_features=_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2"),
        HashingVectorizer(n_features=_FEATURES, analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False, norm="l2"),
    )


class RoleClassifier:
    """P(official | role mention), from a model directory's `role_classifier.npz`."""

    def __init__(self, model) -> None:
        self.model = model
        self.vectorizer = _vectorizer()

    @classmethod
    def fit(cls, mentions: Sequence[str], types: Sequence[str], c: float = 4.0) -> "RoleClassifier":
        """Train on role mentions and their gold types (official / commentator)."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        model.fit(_vectorizer().transform(list(mentions)), list(types))
        return cls(model)

    def save(self, directory: str | Path) -> Path:
        import numpy as np

        path = Path(directory) / ROLE_FILE
        np.savez_compressed(path, coef=self.model.coef_, intercept=self.model.intercept_, classes=np.array(self.model.classes_, dtype=str))
        return path

    @classmethod
    def load(cls, directory: str | Path) -> "RoleClassifier | None":
        """The model's role classifier, or None when it has none (then scikit-learn is not even imported)."""
        path = Path(directory) / ROLE_FILE
        if not path.exists():
            return None
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        with np.load(path, allow_pickle=False) as saved:
            model = LogisticRegression()
            model.coef_, model.intercept_, model.classes_ = saved["coef"], saved["intercept"], saved["classes"].astype(object)
        return cls(model)

    def official(self, mentions: Sequence[str]) -> list[float]:
        """P(official) for each mention."""
        if not mentions:
            return []
        at = list(self.model.classes_).index(OFFICIAL)
        return [float(p[at]) for p in self.model.predict_proba(self.vectorizer.transform(list(mentions)))]

"""Vectors for text and taxonomy concepts.

Text: character n-grams (3 to 5 characters inside word boundaries, accents folded), TF-IDF weighted. Dutch and
German share many n-grams for the same technology ("elektrolyse"/"Elektrolyse", "waterstof"/"Wasserstoff",
"batterij"/"Batterie"), and concepts from the taxonomy are language-independent, so profiles in different
languages about the same thing meet. Large corpora are projected with a truncated SVD to a small dense space
(latent semantic analysis), which keeps ranking against hundreds of thousands of candidates fast; small corpora
keep the exact TF-IDF space.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


class TextEmbedder:
    """Character n-gram TF-IDF, optionally reduced with a truncated SVD; rows are L2-normalised."""

    def __init__(self, *, dim: int = 64, max_features: int = 2**17, fit_sample: int = 20_000, seed: int = 0):
        self.dim = dim
        self.max_features = max_features
        self.fit_sample = fit_sample
        self.seed = seed
        self.vectoriser: TfidfVectorizer | None = None
        self.svd: TruncatedSVD | None = None
        self.width = 1

    def fit(self, texts: Sequence[str]) -> TextEmbedder:
        docs = [t for t in texts if t and t.strip()]
        if len(docs) > self.fit_sample:
            rng = np.random.default_rng(self.seed)
            docs = [docs[i] for i in rng.choice(len(docs), self.fit_sample, replace=False)]
        if not docs:
            return self
        self.vectoriser = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            lowercase=True,
            strip_accents="unicode",
            sublinear_tf=True,
            max_features=self.max_features,
            dtype=np.float32,
        )
        matrix = self.vectoriser.fit_transform(docs)
        n_docs, n_features = matrix.shape
        if n_features > 4 * self.dim and n_docs > 4 * self.dim:
            self.svd = TruncatedSVD(n_components=self.dim, algorithm="randomized", n_iter=4, random_state=self.seed)
            self.svd.fit(matrix)
            self.width = self.dim
        else:
            self.width = n_features
        return self

    def transform(self, texts: Sequence[str], *, chunk: int = 20_000) -> np.ndarray:
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        if self.vectoriser is None:
            return out
        for start in range(0, len(texts), chunk):
            part = self.vectoriser.transform(texts[start : start + chunk])
            dense = self.svd.transform(part) if self.svd is not None else part.toarray()
            out[start : start + chunk] = _normalise_rows(np.asarray(dense, dtype=np.float32))
        return out


class ConceptVectoriser:
    """Taxonomy concepts as IDF-weighted, L2-normalised sparse vectors (a repeated concept weighs more)."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    def fit(self, concept_lists: Iterable[Sequence[str]]) -> ConceptVectoriser:
        df: Counter[str] = Counter()
        n = 0
        for concepts in concept_lists:
            n += 1
            df.update(set(concepts))
        self.vocabulary = {c: i for i, c in enumerate(sorted(df))}
        self.idf = np.array([math.log((1 + n) / (1 + df[c])) + 1.0 for c in sorted(df)], dtype=np.float32)
        return self

    def transform(self, concept_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, concepts in enumerate(concept_lists):
            counts = Counter(c for c in concepts if c in self.vocabulary)
            if not counts:
                continue
            entries = [
                (self.vocabulary[c], (1.0 + math.log(k)) * self.idf[self.vocabulary[c]]) for c, k in counts.items()
            ]
            norm = math.sqrt(sum(v * v for _c, v in entries))
            for c, v in entries:
                rows.append(r)
                cols.append(c)
                vals.append(v / norm)
        return sparse.csr_matrix(
            (np.array(vals, dtype=np.float32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
            shape=(len(concept_lists), max(len(self.vocabulary), 1)),
            dtype=np.float32,
        )

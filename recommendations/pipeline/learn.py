"""Learn signal weights from observed collaborations (logistic regression on past data only)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from .index import CandidateIndex
from .profiles import OrgId, Profile
from .rank import DEFAULT_WEIGHTS, Weights, signal_arrays
from .signals import SIGNALS


def eligible_mask(index: CandidateIndex, member: Profile, countries: Collection[str] | None, known_row) -> np.ndarray:
    """Candidates a member may be recommended: not itself, not a known partner, in the allowed countries."""
    mask = np.ones(len(index), dtype=bool)
    if countries is not None:
        mask &= np.isin(index.country, [index.country_codes[c] for c in countries if c in index.country_codes])
    row = index.row.get(member.org_id)
    if row is not None:
        mask[row] = False
    mask[known_row] = False
    return mask


def training_pairs(
    index: CandidateIndex,
    members: Sequence[Profile],
    relevant: Mapping[OrgId, Collection[OrgId]],
    *,
    countries_for: Callable[[Profile], Collection[str] | None],
    negatives: int = 400,
    block: int = 128,
    seed: int = 0,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature rows for each member's future partners (label 1) and a sample of other eligible candidates (0)."""
    rng = np.random.default_rng(seed)
    names = list(SIGNALS)
    xs, ys = [], []
    n = len(index)
    for start in range(0, len(members), block):
        part = list(members[start : start + block])
        arrays = signal_arrays(index, part)
        enc_rows = index.encode(part).graph_rows[:, :n].tolil().rows
        for b, m in enumerate(part):
            mask = eligible_mask(index, m, countries_for(m), list(enc_rows[b]))
            pos = np.array([index.row[i] for i in relevant.get(m.org_id, ()) if i in index.row], dtype=np.int64)
            pos = pos[mask[pos]]
            if len(pos) == 0:
                continue
            pool = np.flatnonzero(mask)
            pool = np.setdiff1d(pool, pos)
            neg = rng.choice(pool, size=min(negatives, len(pool)), replace=False) if len(pool) else pool
            cols = np.concatenate([pos, neg])
            feats = np.zeros((len(cols), len(names)), dtype=np.float32)
            for j, name in enumerate(names):
                arr = arrays.get(name)
                if arr is not None:
                    feats[:, j] = arr[b if arr.shape[0] > 1 else 0, cols]
            xs.append(feats)
            ys.append(np.r_[np.ones(len(pos)), np.zeros(len(neg))])
    if not xs:
        return names, np.zeros((0, len(names)), dtype=np.float32), np.zeros(0)
    return names, np.vstack(xs), np.concatenate(ys)


def fit_weights(
    names: Sequence[str], x: np.ndarray, y: np.ndarray, *, base: Weights | None = None, c: float = 1.0
) -> Weights:
    """Logistic-regression weights for the signals that vary in the training rows; others keep their default."""
    base = base or Weights()
    if len(y) == 0 or y.min() == y.max():
        return base
    std = x.std(axis=0)
    varying = std > 1e-6
    mean = x.mean(axis=0)
    z = (x[:, varying] - mean[varying]) / std[varying]
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit(z, y)
    learned = dict(base.signals)
    coef = model.coef_[0] / std[varying]
    for name, w in zip(np.array(names)[varying], coef, strict=True):
        learned[str(name)] = float(w)
    for name, vary in zip(names, varying, strict=True):
        if not vary:
            learned[name] = float(DEFAULT_WEIGHTS.get(name, 0.0)) if name in base.signals else 0.0
    return Weights(signals=learned, diversity=base.diversity, max_share_per_type=base.max_share_per_type)

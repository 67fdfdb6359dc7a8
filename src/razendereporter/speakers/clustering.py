"""Clustering voice embeddings: spectral clustering, and estimating how many voices there are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _kmeans(x: np.ndarray, k: int, seed: int = 0, iters: int = 50, restarts: int = 4) -> np.ndarray:
    """k-means with k-means++ seeding; the best of a few restarts."""
    best, best_cost = None, np.inf
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        centres = [x[rng.integers(len(x))]]
        for _ in range(1, k):
            d = np.min(((x[:, None, :] - np.asarray(centres)[None]) ** 2).sum(-1), axis=1)
            p = d / d.sum() if d.sum() > 0 else None
            centres.append(x[rng.choice(len(x), p=p)])
        c = np.asarray(centres)
        labels = np.zeros(len(x), int)
        for _ in range(iters):
            d = ((x[:, None, :] - c[None]) ** 2).sum(-1)
            new = d.argmin(1)
            if np.array_equal(new, labels) and _ > 0:
                break
            labels = new
            for j in range(k):
                if np.any(labels == j):
                    c[j] = x[labels == j].mean(0)
        cost = float(((x - c[labels]) ** 2).sum())
        if cost < best_cost:
            best, best_cost = labels.copy(), cost
    return best


def _affinity(emb: np.ndarray) -> np.ndarray:
    a = np.clip(emb @ emb.T, -1.0, 1.0)
    return (a + 1.0) / 2.0  # cosine → [0, 1]


def _laplacian_eigs(binary: np.ndarray, n_vecs: int) -> tuple[np.ndarray, np.ndarray]:
    deg = binary.sum(1)
    d = 1.0 / np.sqrt(np.maximum(deg, 1e-10))
    lap = np.eye(len(binary)) - d[:, None] * binary * d[None, :]
    vals, vecs = np.linalg.eigh(lap)
    return vals, vecs[:, :n_vecs]


def _pruned(aff: np.ndarray, p: int) -> np.ndarray:
    """Keep each row's p strongest affinities, symmetrised (NME-SC, Park et al. 2019)."""
    keep = np.argsort(-aff, axis=1)[:, :p]
    b = np.zeros_like(aff)
    np.put_along_axis(b, keep, 1.0, axis=1)
    b = np.maximum(b, b.T)
    np.fill_diagonal(b, 1.0)
    return b


class SpectralGraph:
    """Spectral clustering on a pruned cosine graph of window embeddings.

    The pruning level p (each window keeps its p strongest affinities) is chosen as in
    NME-SC (Park et al., 2019): the p that minimises p / (largest eigengap), which keeps the
    graph's clusters sharp without splitting one voice. The Laplacian is decomposed once;
    :meth:`labels` then clusters for any k.
    """

    def __init__(self, emb: np.ndarray, max_k: int = 6):
        n = len(emb)
        self.n = n
        aff = _affinity(emb)
        max_k = max(1, min(max_k, n - 1))
        best = None
        for p in sorted({max(2, int(n * f)) for f in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)}):
            if p >= n:
                continue
            vals, _ = _laplacian_eigs(_pruned(aff, p), 1)
            gaps = np.diff(vals[: max_k + 1])
            ratio = p / max(float(gaps.max()), 1e-6) if len(gaps) else np.inf
            if best is None or ratio < best[0]:
                best = (ratio, p, int(np.argmax(gaps)) + 1 if len(gaps) else 1)
        self.p = best[1] if best else max(1, n - 1)
        self.eigengap_k = best[2] if best else 1
        self.vals, self.vecs = _laplacian_eigs(_pruned(aff, self.p), min(n, max(max_k, 1) + 1))

    def labels(self, k: int) -> np.ndarray:
        if k <= 1 or self.n < 2:
            return np.zeros(self.n, int)
        v = self.vecs[:, :k]
        v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12)
        return _kmeans(v, k)


def spectral_labels(emb: np.ndarray, k: int | None, max_k: int) -> tuple[np.ndarray, int]:
    """Spectral clustering into ``k`` clusters (or the eigengap count when ``k`` is None)."""
    graph = SpectralGraph(emb, max_k)
    k = k or graph.eigengap_k
    return graph.labels(k), k


def centroids(emb: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    out = {}
    for j in np.unique(labels):
        c = emb[labels == j].mean(0)
        out[int(j)] = c / (np.linalg.norm(c) + 1e-12)
    return out


def refine(emb: np.ndarray, labels: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Reassign every window to its nearest cluster centroid (a few k-means steps on cosine)."""
    for _ in range(rounds):
        cents = centroids(emb, labels)
        keys = list(cents)
        sims = emb @ np.stack([cents[k] for k in keys]).T
        new = np.asarray(keys)[sims.argmax(1)]
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def merge_alike(emb: np.ndarray, labels: np.ndarray, threshold: float, min_speakers: int = 1) -> np.ndarray:
    """Merge the closest pair of clusters while their centroids' cosine ≥ ``threshold``."""
    labels = labels.copy()
    while len(np.unique(labels)) > max(1, min_speakers):
        sims, pair = _closest_pair(emb, labels)
        if sims < threshold:
            break
        labels[labels == pair[1]] = pair[0]
    return labels


def _closest_pair(emb: np.ndarray, labels: np.ndarray) -> tuple[float, tuple[int, int]]:
    cents = centroids(emb, labels)
    keys = list(cents)
    best, pair = -2.0, (keys[0], keys[0])
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            s = float(cents[keys[i]] @ cents[keys[j]])
            if s > best:
                best, pair = s, (keys[i], keys[j])
    return best, pair


@dataclass
class Candidate:
    k: int
    labels: np.ndarray
    closest: float  # cosine of the two most alike cluster centroids (-1 for k = 1)
    smallest: int  # windows in the smallest cluster

    def valid(self, same_voice: float, min_size: int) -> bool:
        return self.k == 1 or (self.closest < same_voice and self.smallest >= min_size)


def candidates(emb: np.ndarray, max_k: int) -> list[Candidate]:
    """Clusterings for k = 1 … max_k, each refined on cosine to its centroids."""
    n = len(emb)
    out = [Candidate(1, np.zeros(n, int), -1.0, n)]
    if n < 2:
        return out
    graph = SpectralGraph(emb, max_k)
    for k in range(2, min(max_k, n) + 1):
        labels = refine(emb, graph.labels(k))
        uniq, counts = np.unique(labels, return_counts=True)
        if len(uniq) < k:  # a cluster emptied while refining: not a real k-way split
            continue
        out.append(Candidate(k, labels, _closest_pair(emb, labels)[0], int(counts.min())))
    return out


def estimate_speakers(emb: np.ndarray, *, min_speakers: int = 1, max_speakers: int = 6,
                      expected: int | None = None, same_voice: float = 0.86,
                      prior_margin: float = 0.04, distinct_margin: float = 0.1) -> np.ndarray:
    """Cluster labels for window embeddings, the number of speakers estimated.

    A clustering into k voices is *plausible* when no two of its cluster centroids are as
    alike as one voice's own halves (cosine < ``same_voice``) and every cluster has at
    least 2 % of the windows and 5 (4 s of speech). Without a prior the largest plausible
    k wins. With ``expected`` (the article's people of the slot plus the reporter):

    - up to ``expected`` voices, the bar is lowered by ``prior_margin`` (two alike voices
      that the article announces are kept apart);
    - more voices than expected count only when clearly distinct (cosine below
      ``same_voice − distinct_margin``): an unannounced passer-by still counts, a lively
      speaker is not split in two;
    - fewer voices than expected are fine (the reporter may stay silent, a monologue stays one).
    """
    n = len(emb)
    if n < 2:
        return np.zeros(n, int)
    hi = max(1, min(max_speakers, n))
    lo = max(1, min(min_speakers, hi))
    min_size = max(5, int(np.ceil(0.02 * n)))
    cands = {c.k: c for c in candidates(emb, hi)}
    allowed = [k for k in cands if k >= lo]
    if expected is None:
        plausible = [k for k in allowed if cands[k].valid(same_voice, min_size)]
    else:
        plausible = [k for k in allowed if k <= expected and cands[k].valid(same_voice + prior_margin, min_size)]
        plausible += [k for k in allowed if k > expected and cands[k].valid(same_voice - distinct_margin, min_size)]
    k = max(plausible) if plausible else min(allowed, default=1)
    return cands[k].labels

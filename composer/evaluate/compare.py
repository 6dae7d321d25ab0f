"""Yang & Lerch (2018) distribution comparison, in Python 3 with numpy.

For each feature: the distances between every pair of reference melodies (intra-set) and between
every generated melody and every reference melody (inter-set) are smoothed by a Gaussian kernel
density estimate; the overlapped area of the two densities says how far the generated set sits
from the reference's own spread (1 = indistinguishable).
"""

from __future__ import annotations

import random

import numpy as np

from composer.evaluate.features import YL_FEATURES

GRID = 512  # points the densities are integrated on
SAMPLE = 150  # melodies per side (musicality-targets.md used 100; more steadies the estimate)


def _vectors(features: list[dict], name: str) -> np.ndarray:
    return np.array([np.ravel(np.asarray(f[name], dtype=float)) for f in features])


def _pairwise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))


def _kde(samples: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Gaussian KDE with Scott's bandwidth (n ** -1/5 times the spread), as scipy's gaussian_kde."""
    n = len(samples)
    spread = samples.std(ddof=1) if n > 1 else 0.0
    h = max(spread * n ** (-1 / 5), 1e-6 * max(1.0, float(np.abs(samples).max(initial=0.0))), 1e-9)
    z = (grid[:, None] - samples[None, :]) / h
    return np.exp(-0.5 * z * z).sum(axis=1) / (n * h * np.sqrt(2 * np.pi))


def overlap(intra: np.ndarray, inter: np.ndarray) -> float:
    """Overlapped area of two densities estimated from samples."""
    lo = min(intra.min(), inter.min())
    hi = max(intra.max(), inter.max())
    pad = 0.1 * (hi - lo) + 1e-6
    grid = np.linspace(lo - pad, hi + pad, GRID)
    a, b = _kde(intra, grid), _kde(inter, grid)
    return float(np.trapezoid(np.minimum(a, b), grid))


def sample(items, size: int = SAMPLE, seed: int = 0) -> list:
    """A fixed sample (the same every run) of at most `size` items."""
    items = list(items)
    return items if len(items) <= size else random.Random(seed).sample(items, size)


def mode_matched(features: list[dict], minor_share: float, size: int = SAMPLE, seed: int = 0
                 ) -> list[dict]:
    """A fixed sample whose share of minor-mode melodies is the reference's: the melody engine is
    judged on how it writes in each mode, not on how many minor moods the set happens to hold."""
    minors = [f for f in features if f["minor"]]
    majors = [f for f in features if not f["minor"]]
    size = min(size, len(features))
    k = min(len(minors), max(size - len(majors), round(size * minor_share)))
    return sample(minors, k, seed) + sample(majors, size - k, seed + 1)


def overlapped_areas(reference: list[dict], generated: list[dict]) -> dict[str, float]:
    """Feature name -> overlapped area of the reference's intra-set distances and the
    reference-to-generated distances."""
    out = {}
    for name in YL_FEATURES:
        ref = _vectors(reference, name)
        gen = _vectors(generated, name)
        intra_full = _pairwise(ref, ref)
        intra = intra_full[np.triu_indices(len(ref), k=1)]
        inter = _pairwise(gen, ref).ravel()
        out[name] = overlap(intra, inter)
    return out

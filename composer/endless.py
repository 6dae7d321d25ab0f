"""Endless playback: pieces of one scene composed one after another, forever, each a fresh
variation that drifts through the scene's moments and moves key by a prepared pivot. Pure
composing logic; composer.io.live plays what this yields."""

from __future__ import annotations

import dataclasses
import hashlib
import random

# Endless playback moves its tonic between pieces by these steps (semitones up), drawn with these
# weights: staying, or the nearest keys on the circle of fifths. The last chord of one piece is
# then the tonic, subdominant or dominant of the next: a pivot that prepares every join (the
# common-chord modulation taught in tonal harmony texts such as Kostka & Payne, Tonal Harmony).
KEY_DRIFT = ((0, 2), (7, 1), (5, 1))


def chunk_scene(scene, k: int, previous_key=None, rng=None):
    """The k-th piece of endless playback: the scene's moments rotated so piece k opens with
    moment k, and (unless the scene fixes its key) the tonic drifted from the previous piece's by
    KEY_DRIFT. Each piece ends on its own tonic cadence."""
    changes = {}
    if len(scene.moments) > 1:
        shift = k % len(scene.moments)
        changes["moments"] = scene.moments[shift:] + scene.moments[:shift]
    if previous_key is not None and scene.music.key is None and rng is not None:
        steps, weights = zip(*KEY_DRIFT)
        step = rng.choices(steps, weights)[0]
        changes["music"] = dataclasses.replace(scene.music, key=(previous_key.tonic + step) % 12)
    return dataclasses.replace(scene, **changes) if changes else scene


def _fingerprint(piece) -> str:
    notes = repr(tuple((p.program, p.channel, p.notes) for p in piece.parts))
    return hashlib.sha256(notes.encode()).hexdigest()


def endless_pieces(scene, seed: int):
    """Pieces of one scene, forever: seeds seed, seed+1, ... with the moments drifting round and
    the key moving by pivots; a piece whose notes were already played is skipped, so nothing
    repeats verbatim. Deterministic for a scene and seed."""
    from composer import compose

    seen: set[str] = set()
    rng = random.Random(f"memory-composer:{seed}:endless")
    key, k = None, 0
    while True:
        # Left open: no closing ritardando or held ring, so the next piece follows on the bar
        # line after this one's cadence, in time.
        piece = compose(chunk_scene(scene, k, key, rng), seed + k, ending=False)
        k += 1
        fingerprint = _fingerprint(piece)
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        key = piece.key
        yield piece


def endless_midis(scene, seed: int):
    from composer.io.midi import piece_to_midi

    return (piece_to_midi(piece) for piece in endless_pieces(scene, seed))

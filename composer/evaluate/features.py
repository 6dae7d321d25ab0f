"""What a melody measures like: the statistics of musicality-targets.md and the nine features of
Yang & Lerch (2018, "On the evaluation of generative models in music"), on plain numbers."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from composer.evaluate.melodies import EvalMelody

# Interval classes (musicality-targets.md): a step or unison moves at most a whole tone; a leap
# "larger than a fifth" moves more than 7 semitones.
STEP_MAX = 2
FIFTH = 7
STRONG = 2  # Meter.strength at or above this is a strong beat (downbeat, mid-bar of 4/4)

# Yang & Lerch's note-length classes (in quarter notes): whole, half, quarter, eighth, sixteenth,
# their dotted values, and the half/quarter/eighth triplets. A note counts as the nearest class on
# a log scale (a doubling is the same distance everywhere).
LENGTH_CLASSES = (4.0, 2.0, 1.0, 0.5, 0.25, 3.0, 1.5, 0.75, 0.375, 4 / 3, 2 / 3, 1 / 3)
_LOG_CLASSES = np.log2(np.array(LENGTH_CLASSES))

# The nine features, in the paper's order; the first five are numbers, the rest arrays.
YL_FEATURES = ("pitch_count", "pitch_range", "avg_interval", "note_count", "avg_ioi",
               "pc_histogram", "pc_transitions", "length_histogram", "length_transitions")
YL_SCALARS = YL_FEATURES[:5]


def intervals(melody: EvalMelody) -> list[int]:
    p = [n.pitch for n in melody.notes]
    return [b - a for a, b in zip(p, p[1:])]


def repeated_patterns(melody: EvalMelody) -> float:
    """Share of 4-note windows whose three intervals and three inter-onset gaps occur again
    elsewhere in the melody (musicality-targets.md): what a composed tune has and a walk lacks."""
    notes = melody.notes
    keys = []
    for i in range(len(notes) - 3):
        w = notes[i:i + 4]
        keys.append(tuple(b.pitch - a.pitch for a, b in zip(w, w[1:]))
                    + tuple(round(b.onset - a.onset, 4) for a, b in zip(w, w[1:])))
    if not keys:
        return 0.0
    counts = Counter(keys)
    return sum(1 for k in keys if counts[k] > 1) / len(keys)


def pc_entropy(melody: EvalMelody) -> float:
    counts = Counter(n.pitch % 12 for n in melody.notes)
    total = sum(counts.values())
    return -sum(c / total * math.log2(c / total) for c in counts.values())


def strong_chord_tones(melody: EvalMelody) -> float | None:
    """Share of notes on strong beats that belong to the chord under them; None without chords."""
    marks = [n.chord_tone for n in melody.notes if n.strength >= STRONG and n.chord_tone is not None]
    return sum(marks) / len(marks) if marks else None


def statistics(melody: EvalMelody) -> dict[str, float | None]:
    """The per-melody figures of the musicality table."""
    iv = intervals(melody)
    pitches = [n.pitch for n in melody.notes]
    moves = len(iv) or 1
    return {
        "steps": sum(abs(i) <= STEP_MAX for i in iv) / moves,
        "leaps": sum(abs(i) > FIFTH for i in iv) / moves,
        "mean_interval": sum(abs(i) for i in iv) / moves,
        "range": float(max(pitches) - min(pitches)) if pitches else 0.0,
        "pc_entropy": pc_entropy(melody),
        "patterns": repeated_patterns(melody),
        "strong_chord_tones": strong_chord_tones(melody),
        "ends_on_tonic": float(bool(pitches) and pitches[-1] % 12 == melody.tonic),
    }


def length_class(quarters: float) -> int:
    return int(np.argmin(np.abs(_LOG_CLASSES - math.log2(max(quarters, 1e-3)))))


def yang_lerch(melody: EvalMelody) -> dict[str, float | np.ndarray]:
    """The nine features (Yang & Lerch 2018, table 1), for a melody already transposed to C.
    Histograms and transition matrices are normalised to sum 1 so that excerpts of different
    lengths compare by shape; onsets and lengths are in quarter notes (the paper uses seconds,
    which would measure the tempo rather than the tune)."""
    notes = melody.notes
    pitches = [n.pitch for n in notes]
    iv = intervals(melody)
    onsets = [n.onset for n in notes]
    pch = np.zeros(12)
    for p in pitches:
        pch[p % 12] += 1
    pct = np.zeros((12, 12))
    for a, b in zip(pitches, pitches[1:]):
        pct[a % 12, b % 12] += 1
    classes = [length_class(n.duration) for n in notes]
    nlh = np.zeros(12)
    for c in classes:
        nlh[c] += 1
    nlt = np.zeros((12, 12))
    for a, b in zip(classes, classes[1:]):
        nlt[a, b] += 1
    return {
        "pitch_count": float(len(set(pitches))),
        "pitch_range": float(max(pitches) - min(pitches)),
        "avg_interval": float(np.mean(np.abs(iv))) if iv else 0.0,
        "note_count": float(len(notes)),
        "avg_ioi": float(np.mean(np.diff(onsets))) if len(onsets) > 1 else 0.0,
        "pc_histogram": pch / max(pch.sum(), 1),
        "pc_transitions": pct / max(pct.sum(), 1),
        "length_histogram": nlh / max(nlh.sum(), 1),
        "length_transitions": nlt / max(nlt.sum(), 1),
    }

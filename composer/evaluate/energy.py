"""Does the music's energy follow the scene's moments? Measured on one piece (a Score).

A listener expects a scene's most intense moment to be where the music is highest, densest and
fullest, and a quiet moment to sit lower and thinner (emotion-rules.md: register, rhythmic density
and loudness all rise with arousal and intensity; Gabrielsson & Lindström; Juslin & Laukka 2003).
A composer's reading found the opposite in a storm: its "furious" lightning sang below the
downpour and held a dead bar.

The project's files name each section with a marker and, for a scene of moments, write the
moments' intensities in order as a conductor text (`moment intensities: 0.40 1.00 0.80`: the
README's MIDI contract); a piece whose markers and intensities agree in number is measured:

- the Spearman correlation, over its sections, between each moment's intensity and the melody's
  mean pitch, its notes per second, and the accompaniment's notes per second (every other part,
  drums included): +1 where the music rises with every step up in intensity;
- whether the melody's highest note (the climax) lies in a most intense moment.

A piece whose moments are equally intense, or whose sections all measure alike, has no
correlation (None), and is left out of the mean.

Do the moments differ in kind, not only in height? A composer's reading heard a summit's sunrise
sing its ridge's rhythm a third higher, and a storm's lightning its downpour's runs. A moment's
rhythm profile is the share of its melody's notes in each inter-onset class (a sixteenth to a whole
note, triplets apart), each marked cut short or not (sounding at most half the time to the next
onset: a stab and its rest). The contrast between two moments is the total variation distance of
their profiles (0 alike, 1 nothing in common); a piece's figure is the mean over its adjacent
moments, beside its drift, the same distance between the halves of each moment, which a contrast in
kind should stand well above (composer.evaluate.references.contrast_reference measures both on
string quartets: their adjacent movements, and each movement's halves).
"""

from __future__ import annotations

import bisect

import numpy as np

from collections import Counter

from composer.evaluate.craft import melody_line
from composer.evaluate.score import Score
from composer.piece import TICKS_PER_BEAT

INTENSITIES = "moment intensities"  # the conductor text's name


def intensities(score: Score) -> tuple[float, ...] | None:
    """The moments' intensities the file names, when they match its section markers."""
    text = score.text(INTENSITIES)
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split())
    except ValueError:
        return None
    return values if len(values) == len(score.sections) and len(values) >= 2 else None


def ranks(values) -> np.ndarray:
    """Ranks from 1, ties sharing their mean rank (as Spearman's correlation asks)."""
    values = np.asarray(values, dtype=float)
    order = values.argsort(kind="stable")
    out = np.empty(len(values))
    out[order] = np.arange(1, len(values) + 1)
    for v in np.unique(values):
        same = values == v
        out[same] = out[same].mean()
    return out


def spearman(a, b) -> float | None:
    """Spearman's rank correlation; None where either side does not vary."""
    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def energy_figures(score: Score) -> dict[str, float | None]:
    """energy_pitch, energy_notes, energy_accompaniment (Spearman correlations with the moments'
    intensities), climax_in_peak (1.0 or 0.0), moment_contrast and moment_drift
    (moment_contrast()); all None for a piece without moments."""
    empty = dict.fromkeys(("energy_pitch", "energy_notes", "energy_accompaniment",
                           "climax_in_peak", "moment_contrast", "moment_drift"))
    levels = intensities(score)
    line = melody_line(score)
    if levels is None or not line:
        return empty
    starts = [t for t, _ in score.sections]
    ends = starts[1:] + [max(score.end_tick, starts[-1] + 1)]
    clock = score.clock()
    seconds = [max(clock.seconds(e) - clock.seconds(s), 1e-9) for s, e in zip(starts, ends)]

    def section(tick: int) -> int:
        return max(bisect.bisect_right(starts, tick) - 1, 0)

    pitches: list[list[int]] = [[] for _ in starts]
    for n in line:
        pitches[section(n.start)].append(n.pitch)
    others = [0] * len(starts)
    melody = score.melody
    for part in score.parts:
        if part is not melody:
            for n in part.notes:
                others[section(n.start)] += 1
    sung = [i for i, p in enumerate(pitches) if p]
    out = dict(empty)
    out.update(moment_contrast(score))
    if len(sung) >= 2:
        out["energy_pitch"] = spearman([levels[i] for i in sung],
                                       [float(np.mean(pitches[i])) for i in sung])
        out["energy_notes"] = spearman([levels[i] for i in sung],
                                       [len(pitches[i]) / seconds[i] for i in sung])
    out["energy_accompaniment"] = spearman(levels, [c / s for c, s in zip(others, seconds)])
    top = max(n.pitch for n in line)
    peak = next(n for n in line if n.pitch == top)
    out["climax_in_peak"] = float(levels[section(peak.start)] == max(levels))
    return out


# Inter-onset classes in quarter notes (a longer gap counts as a whole note), and the share of its
# time to the next onset under which a note is cut short (a stab, a rest after it).
IOI_CLASSES = (0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
CUT = 0.5


def rhythm_profile(notes) -> Counter:
    """(inter-onset class, cut short) -> notes, over (onset, duration) pairs in quarter notes in
    order; the last note, which has no next onset, is left out."""
    out: Counter = Counter()
    for (onset, duration), (following, _) in zip(notes, notes[1:]):
        gap = following - onset
        if gap <= 0:
            continue
        cls = min(IOI_CLASSES, key=lambda c: abs(c - min(gap, IOI_CLASSES[-1])))
        out[(cls, duration <= CUT * gap)] += 1
    return out


def profile_distance(a: Counter, b: Counter) -> float | None:
    """Total variation distance between two rhythm profiles; None where either is empty."""
    na, nb = sum(a.values()), sum(b.values())
    if not na or not nb:
        return None
    return 0.5 * sum(abs(a[k] / na - b[k] / nb) for k in set(a) | set(b))


def contrast(parts: list[list[tuple[float, float]]]) -> tuple[float | None, float | None]:
    """(mean distance between adjacent parts' profiles, mean distance between each part's
    halves) over a list of parts (moments, movements), each (onset, duration) in quarter notes."""
    between = [profile_distance(rhythm_profile(a), rhythm_profile(b))
               for a, b in zip(parts, parts[1:])]
    within = [profile_distance(rhythm_profile(p[:len(p) // 2 + 1]),
                               rhythm_profile(p[len(p) // 2:])) for p in parts if len(p) >= 8]
    between = [d for d in between if d is not None]
    within = [d for d in within if d is not None]
    return (float(np.mean(between)) if between else None,
            float(np.mean(within)) if within else None)


def moment_contrast(score: Score) -> dict[str, float | None]:
    """moment_contrast and moment_drift (contrast()) of a piece of moments' melody; None for a
    piece without moments."""
    line = melody_line(score)
    if intensities(score) is None or not line:
        return {"moment_contrast": None, "moment_drift": None}
    starts = [t for t, _ in score.sections]
    parts: list[list[tuple[float, float]]] = [[] for _ in starts]
    for n in line:
        i = max(bisect.bisect_right(starts, n.start) - 1, 0)
        parts[i].append((n.start / TICKS_PER_BEAT, n.duration / TICKS_PER_BEAT))
    between, within = contrast([p for p in parts if len(p) >= 2])
    return {"moment_contrast": between, "moment_drift": within}

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
"""

from __future__ import annotations

import bisect

import numpy as np

from composer.evaluate.craft import melody_line
from composer.evaluate.score import Score

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
    intensities) and climax_in_peak (1.0 or 0.0); all None for a piece without moments."""
    empty = dict.fromkeys(("energy_pitch", "energy_notes", "energy_accompaniment",
                           "climax_in_peak"))
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

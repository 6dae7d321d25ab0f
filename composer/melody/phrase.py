"""Phrase forms as data: which motif each bar of a phrase states, how it is developed, and where
the bar's first note aims (its anchor, in scale steps above the tonic).

Forms (Caplin, "Classical Form"; Schoenberg, "Fundamentals of Musical Composition"):
- period: an antecedent (basic idea, its answer, a contrasting bar, half cadence) and a consequent
  that echoes the antecedent's opening bars note for note and closes on the tonic;
- sentence: presentation (the idea and its sequence), continuation (fragments of the idea), cadence;
- across sections, same-letter sections (A, A', A'') restate their material: AABA and rondo shapes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from composer.melody.motif import Motif, develop

# The bars before the cadence bar, per form. Each role names its motif ("a" the piece's idea,
# "b" its contrast) and the developments it may use, weighted.
ROLES: dict[str, tuple[str, tuple[tuple[str, float], ...]]] = {
    "idea": ("a", (("repetition", 1.0),)),
    # The answer to the idea: the same figure, moved in sequence by its anchor, sometimes inverted.
    "answer": ("a", (("repetition", 3.0), ("inversion", 1.0), ("diminution", 0.6))),
    "contrast": ("b", (("repetition", 2.0), ("augmentation", 1.0), ("fragmentation", 0.6))),
    # Closing bars reuse the idea's head to lead into the cadence (liquidation).
    "close": ("a", (("fragmentation", 2.0), ("augmentation", 1.0), ("repetition", 1.0))),
    "continuation": ("a", (("fragmentation", 3.0), ("diminution", 1.0), ("inversion", 0.5))),
}

FORMS: dict[str, tuple[str, ...]] = {
    "antecedent": ("idea", "answer", "contrast", "continuation"),
    "consequent": ("idea", "answer", "close", "continuation"),  # first bars echo the antecedent
    "sentence": ("idea", "answer", "continuation", "close"),
}
ECHO_BARS = 2  # how many opening bars a consequent takes over from its antecedent
# Successive periods of a section start from other steps (a statement, the same a third higher,
# a return, a step lower), so a long section develops instead of circling.
PERIOD_OFFSETS = (0, 2, 0, -1)

# Where the bars of a phrase start, in scale steps above the tonic, per mood quadrant; longer or
# shorter phrases spread the shape over their bars
# (emotion-rules.md, "Melodic contour"): joy rises, sadness falls, tenderness waves, tension arches.
# The cadence bar is not listed: its note comes from the cadence.
SHAPES: dict[str, tuple[int, ...]] = {
    "joy": (0, 2, 4),  # from the tonic up to the fifth
    "tender": (2, 4, 2),  # up to the fifth and back
    "sad": (7, 4, 2),  # down from the octave
    "tense": (4, 7, 4),  # up to the octave and back
}


@dataclass(frozen=True)
class BarPlan:
    motif: Motif
    anchor: int  # scale steps above the tonic for the bar's first note
    development: str  # how the motif was developed (for explain)


def form_for(role: str) -> str:
    """A period's halves keep their roles; a phrase on its own is a sentence."""
    return role if role in FORMS else "sentence"


def plan_phrase(role: str, bars: int, motifs: dict[str, Motif], mood: str, bar_ticks: int,
                echo: tuple[BarPlan, ...], rng: random.Random, period: int = 0
                ) -> tuple[BarPlan, ...]:
    """The bars before the cadence bar of one phrase (bars - 1 of them). `period` counts the
    section's periods: odd ones take the contrasting motif as their idea, and each starts from
    its own step (PERIOD_OFFSETS)."""
    if period % 2:
        motifs = {"a": motifs["b"], "b": motifs["a"]}
    offset = PERIOD_OFFSETS[period % len(PERIOD_OFFSETS)]
    count = max(0, bars - 1)
    form = FORMS[form_for(role)]
    shape = SHAPES[mood]
    out: list[BarPlan] = []
    for i in range(count):
        if role == "consequent" and i < min(ECHO_BARS, len(echo), count - 1):
            out.append(echo[i])
            continue
        name = form[i] if i < len(form) else "continuation"
        source, options = ROLES[name]
        development, motif = develop(motifs[source], bar_ticks, options, rng)
        position = 0 if count == 1 else round(i * (len(shape) - 1) / (count - 1))
        out.append(BarPlan(motif, shape[position] + offset, development))
    return tuple(out)

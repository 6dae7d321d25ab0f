"""Plan -> Progression: functional progressions per mode, cadences, modulation, voice leading.

    progression = harmonize(plan, rng)      # tuple[ChordSpan, ...], in time order, gap-free
    lines = describe(progression, plan)     # the progression as Roman numerals, a line per phrase

Stages (DESIGN.md): composer.harmony.progression picks the chords (grammar tables in
composer.harmony.grammar), composer.harmony.voicing searches the voicings.
"""

from __future__ import annotations

import random

from composer.harmony.progression import build_slots
from composer.harmony.span import ChordSpan, Progression
from composer.harmony.voicing import voice
from composer.plan import RANGES, Plan

__all__ = ["harmonize", "describe", "ChordSpan", "Progression"]


def _range(plan: Plan, role: str) -> tuple[int, int]:
    part = plan.part(role)
    return (part.low, part.high) if part is not None else RANGES[role]


def harmonize(plan: Plan, rng: random.Random) -> Progression:
    """The piece's chords in time, each with its figure, key, four Harmony voices and bass note.

    Spans tile the piece from tick 0 to plan.bars * bar_ticks without gaps; the last is the home
    tonic triad in root position after a V(7)-I cadence. `cadence` is set on the chords that make
    each phrase's cadence (the approach and the goal).
    """
    slots = build_slots(plan, rng)
    voiced = voice(slots, _range(plan, "Harmony"), _range(plan, "Bass"))
    return tuple(ChordSpan(start=s.start, duration=s.duration, chord=chord, key=s.key,
                           voicing=voicing, bass=bass, cadence=s.cadence)
                 for s, (chord, bass, voicing) in zip(slots, voiced))


def describe(progression: Progression, plan: Plan) -> tuple[str, ...]:
    """The progression as Roman numerals for `explain`: one line per phrase,
    'bars 1-4 (C major): I | IV  V | ii6  V7 | I  [authentic]', bars separated by '|'."""
    bar = plan.meter.bar_ticks
    lines = []
    for section in plan.sections:
        lines.append(f"{section.name or section.label} ({section.key.label}):")
        for phrase in section.phrases:
            lo, hi = phrase.start_bar * bar, phrase.end_bar * bar
            spans = [s for s in progression if lo <= s.start < hi]
            bars: dict[int, list[str]] = {}
            for s in spans:
                label = s.chord.figure if s.key == section.key else f"{s.chord.figure} ({s.key.label})"
                bars.setdefault(s.start // bar, []).append(label)
            cells = []
            for b in range(phrase.start_bar, phrase.end_bar):
                cells.append("  ".join(bars.get(b, ["-"])))
            cadence = next((s.cadence for s in reversed(spans) if s.cadence), phrase.cadence)
            lines.append(f"  bars {phrase.start_bar + 1}-{phrase.end_bar}: "
                         + " | ".join(cells) + f"  [{cadence}]")
    return tuple(lines)

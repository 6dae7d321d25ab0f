"""Plan -> Progression: functional progressions per mode, cadences, modulation, voice leading.

    progression = harmonize(plan, rng)      # tuple[ChordSpan, ...], in time order, gap-free
    lines = describe(progression, plan)     # the progression as Roman numerals, a line per phrase

Stages (DESIGN.md): composer.harmony.progression picks the chords (grammar tables in
composer.harmony.grammar), composer.harmony.voicing searches the voicings.

Conventions a caller can rely on:
- ChordSpan.chord.figure is a Roman numeral in ChordSpan.key as music21 reads it (numerals count
  the key's own scale, so the mixolydian subtonic is 'VII'; see composer.theory.chords), with
  the inversion of the *Bass* note: 'I6' means ChordSpan.bass is the third.
- The four Harmony voices alone always sound the chord's root, third and (for triads) fifth, so
  the Harmony part reads as the same root and quality without the bass; the only exception is a
  tendency tone in the bass (the leading tone of V6/V65, the seventh of V42), never doubled.
- Added-note and suspended chords use music21's bracket syntax: 'I[add9]', 'V[no3][add4]'
  (a sus4); describe() and readable() show them as 'Iadd9', 'Vsus4'.
"""

from __future__ import annotations

import random
from dataclasses import replace

from composer.harmony.progression import Slot, build_slots
from composer.harmony.span import ChordSpan, Progression
from composer.harmony.voicing import Pin, voice
from composer.theory.chords import invert_figure
from composer.plan import RANGES, Plan
from composer.theory.agreement import chord_scale

__all__ = ["harmonize", "reharmonize", "describe", "readable", "passing_tone", "ChordSpan", "Progression"]

# A re-rolled section draws again (from its own generator) until it closes on the chord the
# original closed on, so it leads into the next section as the original did; after this many
# draws it keeps the last, whose voicing still leads into the next chord by the usual rules.
CLOSING_TRIES = 24
# A loop's last chords voiced again to lead into bar 1: the half cadence's approach and its goal.
WRAP_CHORDS = 2


def _range(plan: Plan, role: str) -> tuple[int, int]:
    part = plan.part(role)
    return (part.low, part.high) if part is not None else RANGES[role]


def harmonize(plan: Plan, rng: random.Random, *, loop: bool = False) -> Progression:
    """The piece's chords in time, each with its figure, key, four Harmony voices and bass note.

    Spans tile the piece from tick 0 to plan.bars * bar_ticks without gaps; the last is the home
    tonic triad in root position after the mode's own authentic cadence: V(7)-I in major and
    minor and lydian, VII-I, v-I or IV-I in mixolydian, v-i, VII-i or IV-i in dorian, v-i or
    VII-i in aeolian, II-i or vii-i in phrygian (a major V in those four only where the section's
    tension asks for a leading tone; composer.harmony.grammar). `cadence` is set on the chords
    that make each phrase's cadence (the approach and the goal); a phrase after one the plan
    marks `elided` starts from that cadence's goal instead of its own tonic. A `loop` ends instead
    on a half cadence, the dominant that resolves to the opening tonic when the piece goes round.
    """
    slots = build_slots(plan, rng, loop)
    ranges = _range(plan, "Harmony"), _range(plan, "Bass")
    voiced = voice(slots, *ranges)
    progression = tuple(ChordSpan(start=s.start, duration=s.duration, chord=chord, key=s.key,
                                  voicing=voicing, bass=bass, cadence=s.cadence, note=s.note,
                          close=s.close, amen=s.amen)
                        for s, (chord, bass, voicing) in zip(slots, voiced))
    if loop and len(slots) > WRAP_CHORDS + 1:
        # A loop goes round: its last chords are voiced again between the chord before them and
        # bar 1's, both pinned, so the last leads into bar 1 by the rules of any other move (no
        # parallel fifths or octaves across the wrap), as a re-rolled moment is led in and out.
        k = len(slots) - WRAP_CHORDS
        again = voice([slots[k - 1], *slots[k:], slots[0]], *ranges,
                      {0: _pin(slots[k - 1], progression[k - 1]),
                       WRAP_CHORDS + 1: _pin(slots[0], progression[0])})
        progression = progression[:k] + tuple(
            replace(span, chord=chord, bass=bass, voicing=voicing)
            for span, (chord, bass, voicing) in zip(progression[k:], again[1:-1]))
    return progression


def reharmonize(plan: Plan, progression: Progression, index: int, rng: random.Random,
                fresh: random.Random, *, loop: bool = False, slots: list[Slot] | None = None
                ) -> tuple[Progression, list[Slot]]:
    """`progression` (made by harmonize(plan, rng), or re-rolled from it, with `slots` its
    chord slots) with section `index` composed afresh from `fresh`, every chord outside it as it
    was; returns the new progression and its slots. The new chords start from the state the first
    composition reached before the section (the same draws), close on the chord the section
    closed on where a draw allows, and are voiced by the same search with the chord before the
    section and the chord after it pinned to their voicings, so the new moment is led into and out
    of (in a `loop`, the first moment from the piece's last chord, the last into bar 1's)."""
    bar = plan.meter.bar_ticks
    section = plan.sections[index]
    lo, hi = section.start_bar * bar, section.end_bar * bar
    state = random.Random()
    if slots is None:
        state.setstate(rng.getstate())
        slots = build_slots(plan, state, loop)
    original = slots
    closing = next((s for s in reversed(progression) if lo <= s.start < hi), None)
    mine: list[Slot] = []
    for _ in range(CLOSING_TRIES):
        state.setstate(rng.getstate())
        mine = [s for s in build_slots(plan, state, loop, fresh=(index, fresh)) if s.start >= lo]
        if closing is None or (mine[-1].key == closing.key
                               and mine[-1].base == _root_figure(closing, original)):
            break
    before = [s for s in original if s.start < lo][-1:]
    after = [s for s in original if s.start >= hi][:1]
    if loop:  # a loop goes round: its last chord leads into bar 1, and bar 1 follows it
        before = before or original[-1:]
        after = after or original[:1]
    pins: dict[int, Pin] = {}
    if before:
        pins[0] = _pin(before[0], next(s for s in progression if s.start == before[0].start))
    if after:
        pins[len(before) + len(mine)] = _pin(after[0], next(s for s in progression
                                                            if s.start == after[0].start))
    voiced = voice(before + mine + after, _range(plan, "Harmony"), _range(plan, "Bass"), pins)
    voiced = voiced[len(before):len(before) + len(mine)]
    new = tuple(ChordSpan(start=s.start, duration=s.duration, chord=chord, key=s.key,
                          voicing=voicing, bass=bass, cadence=s.cadence, note=s.note,
                          close=s.close, amen=s.amen)
                for s, (chord, bass, voicing) in zip(mine, voiced))
    return ((tuple(s for s in progression if s.start < lo) + new
             + tuple(s for s in progression if s.start >= hi)),
            [s for s in original if s.start < lo] + mine + [s for s in original if s.start >= hi])


def _root_figure(span: ChordSpan, slots: list[Slot]) -> str:
    """The root-position figure the slot of a span was built from."""
    return next(s.base for s in slots if s.start == span.start)


def _pin(slot: Slot, span: ChordSpan) -> Pin:
    """A span's voicing as the search pins it: its inversion among the slot's, bass and voices."""
    inversion = next((i for i in slot.inversions if invert_figure(slot.base, i) == span.chord.figure),
                     slot.inversions[0])
    return inversion, span.bass, span.voicing


def passing_tone(span: ChordSpan, following: ChordSpan) -> int | None:
    """A bass note to walk from `span.bass` into `following.bass` on the span's last weak beat,
    for the arrangement to use where tempo allows: the tone that fills a third, or the step that
    leads into a fourth or fifth from the side the bass comes from. It sounds under `span`'s
    chord, so it comes from that chord's own scale (the raised leading tone under V in minor,
    composer.theory.agreement); rising through the sixth to the leading tone or the tonic in a
    minor key it takes the raised sixth (melodic minor), unless the chord holds the lowered one.
    None for steps, repeats and larger leaps (nothing to fill)."""
    a, b = span.bass, following.bass
    leap = b - a
    scale = chord_scale(span.chord, span.key)
    tonic = span.key.tonic
    raised_sixth = (tonic + 9) % 12
    if (span.key.is_minor_family and leap > 0 and (b - tonic) % 12 in (11, 0)
            and (tonic + 8) % 12 not in span.chord.pcs):
        # melodic minor rising into the leading tone or the tonic: the raised sixth, so the
        # line never makes an augmented second
        scale = tuple(raised_sixth if p == (tonic + 8) % 12 else p for p in scale)
    note = None
    if abs(leap) in (3, 4):
        between = [p for p in range(min(a, b) + 1, max(a, b)) if p % 12 in scale and abs(b - p) <= 2]
        # a step from both ends where the scale allows, else the step into the goal
        between.sort(key=lambda p: (abs(p - a) > 2, abs(b - p)))
        note = between[0] if between else None
    elif abs(leap) in (5, 7):
        direction = 1 if leap > 0 else -1
        note = next((b - direction * size for size in (1, 2) if (b - direction * size) % 12 in scale), None)
    return note


# How describe() writes added-note and suspended figures for people (the figure itself keeps
# music21's bracket syntax so it can be checked).
_READABLE = (("[no3][add4]", "sus4"), ("[add9]", "add9"))


def readable(figure: str) -> str:
    """'V[no3][add4]' -> 'Vsus4', 'I[add9]' -> 'Iadd9'; other figures unchanged."""
    for raw, nice in _READABLE:
        figure = figure.replace(raw, nice)
    return figure


def describe(progression: Progression, plan: Plan) -> tuple[str, ...]:
    """The progression as Roman numerals for `explain`: a heading per section, then one line per
    phrase, bars separated by '|' ('-' where the previous bar's chord still sounds), the cadence
    in brackets; a section entered in a new key names how (pivot or common tone).

        warm sand (G major):
          bars 1-4: I | vi | iv6 | V  [half]
    """
    bar = plan.meter.bar_ticks
    lines = []
    previous: ChordSpan | None = None
    for section in plan.sections:
        heading = f"{section.name or section.label} ({section.key.label})"
        first = next((s for s in progression if s.start >= section.start_bar * bar), None)
        if previous is not None and first is not None and previous.key != section.key:
            # How the progression chose to enter the key, as it recorded it.
            heading += (f", entered from {previous.key.label} by {first.note or 'direct'} "
                        f"{readable(first.chord.figure)}")
        lines.append(heading + ":")
        for phrase in section.phrases:
            lo, hi = phrase.start_bar * bar, phrase.end_bar * bar
            spans = [s for s in progression if lo <= s.start < hi]
            bars: dict[int, list[str]] = {}
            for s in spans:
                label = readable(s.chord.figure)
                if s.key != section.key:
                    label += f" ({s.key.label})"
                bars.setdefault(s.start // bar, []).append(label)
            cells = ["  ".join(bars.get(b, ["-"])) for b in range(phrase.start_bar, phrase.end_bar)]
            cadence = next((s.cadence for s in reversed(spans) if s.cadence), phrase.cadence)
            lines.append(f"  bars {phrase.start_bar + 1}-{phrase.end_bar}: "
                         + " | ".join(cells) + f"  [{cadence}]")
        previous = next((s for s in reversed(progression) if s.start < section.end_bar * bar), previous)
    return tuple(lines)

"""Plan + Progression -> the melody: motifs made from the feel, developed through phrase forms,
fitted to the chords. Pure: the same plan, progression and generator state give the same notes.

    notes = compose_melody(plan, progression, rng)

Notes are in ticks (480 per quarter), one at a time (monophonic, never overlapping), velocity a
neutral 80 (composer.perform shapes dynamics), inside the Melody part's range.
"""

from __future__ import annotations

import random

from composer.character import Character
from composer.harmony.span import ChordSpan
from composer.melody.fit import (
    SHIFTS, STRONG, Harmony, Slot, bar_cost, candidates, clean, degree_pitch, is_chord_tone,
    local_scale, nearest_chord_tone, smooth,
)
from composer.melody.motif import Motif, make_motif
from composer.melody.phrase import BarPlan, plan_phrase
from composer.melody.rhythm import CADENCE_BAR, band, family, scale_to_bar
from composer.piece import NEUTRAL_VELOCITY, Note
from composer.plan import CLIMAX_AT, RANGES, Phrase, Plan

__all__ = ["compose_melody"]


# Range of the tune in scale steps, by mood quadrant (emotion-rules.md: happiness wide, sadness and
# tenderness narrow); arousal adds up to a step either way. Essen tunes span 7-17 semitones
# (musicality-targets.md), i.e. about 5-10 scale steps.
WIDTH = {"sad": 9, "tender": 9, "tense": 10, "joy": 11}
# Where the tune sits inside the lead instrument's range (0 bottom .. 1 top): register rises with
# arousal (emotion-rules.md, "Arousal").
# The lowest step: the dominant below the tonic, where folk tunes commonly reach down to.
BOTTOM = -3
REGISTER = 0.35
REGISTER_PER_AROUSAL = 0.2

# The cadence note, as preferred scale steps (0 = tonic) of the chord on the cadence bar: an
# authentic or plagal cadence lands on the tonic or its third, a half cadence on a tone of V
# (its root, fifth or third), a deceptive one on the tonic sounding as the third of vi.
CADENCE_DEGREES = {"authentic": (0, 2), "plagal": (0, 2), "half": (4, 1, 6), "deceptive": (0, 2, 5)}
FINAL_DEGREES = (0,)
CLIMAX_LIFT = 2  # scale steps the climax phrase is raised
CEILING_BELOW_CLIMAX = 3  # semitones: other phrases stay this far under the top of the range
ECHO_PULL = 2.5  # how much an answer prefers to restate its question's bars where they stood


def _window(plan: Plan, mood: str) -> tuple[int, int, int]:
    """(tonic pitch, lowest, highest) of the tune's comfortable range: `width` scale steps placed
    so that their middle is nearest the register the arousal asks for, reaching down to the
    dominant below the tonic where it can (BOTTOM), at most two steps further either way."""
    part = plan.part("Melody")
    low, high = (part.low, part.high) if part else RANGES["Melody"]
    arousal = plan.character.arousal
    width = max(7, min(11, WIDTH[mood] + round(arousal)))
    key = plan.key
    steps = [(pc - key.tonic) % 12 for pc in key.scale]
    target = low + (high - low) * (REGISTER + REGISTER_PER_AROUSAL * arousal)
    best = None
    for bottom in range(BOTTOM - 2, BOTTOM + 3):
        span_low = 12 * (bottom // 7) + steps[bottom % 7]
        top = bottom + width
        span_high = 12 * (top // 7) + steps[top % 7]
        for t in range(low - span_low, high - span_high + 1):
            if t % 12 == key.tonic:
                cost = abs(t + (span_low + span_high) / 2 - target) + 4 * abs(bottom - BOTTOM)
                if best is None or cost < best[0]:
                    best = (cost, t, t + span_low, t + span_high)
    if best is None:  # a range too narrow for the width: the whole range, tonic in the middle
        tonic = min((t for t in range(low, high + 1) if t % 12 == key.tonic),
                    key=lambda t: abs(t - (low + high) / 2))
        return tonic, low, high
    return best[1], best[2], best[3]


def _climax_phrase(plan: Plan) -> Phrase:
    total = plan.bars
    return min(plan.phrases, key=lambda p: abs((p.start_bar + p.bars / 2) / total - CLIMAX_AT))


def _degree_of(pitch: int, span: ChordSpan) -> int | None:
    steps = local_scale(span)
    offset = (pitch - span.key.tonic) % 12
    return steps.index(offset) if offset in steps else None


def _cadence_pitch(span: ChordSpan, degrees: tuple[int, ...], prev: int | None, low: int,
                   high: int, must: bool) -> int:
    """The cadence note: a chord tone on a preferred step, near the note before it. For the final
    note (`must`) the tonic even if the chord were to lack it."""
    ref = prev if prev is not None else (low + high) // 2
    options = []
    for p in range(low, high + 1):
        d = _degree_of(p, span)
        if d in degrees and (must or is_chord_tone(p, span)):
            options.append((abs(p - ref) + 3 * degrees.index(d), p))
    if options:
        return min(options)[1]
    return nearest_chord_tone(ref, span, low, high, prev)


def _motifs(plan, character: Character, rng: random.Random) -> dict[str, Motif]:
    a = make_motif(plan.meter, character.arousal, character.mood, rng)
    b = make_motif(plan.meter, character.arousal, character.mood, rng, avoid=a.rhythm)
    return {"a": a, "b": b}


def _place_bar(bp: BarPlan, bar_start: int, climb: int, harmony: Harmony, meter, tonic: int,
               last: int | None, prev_move: int, low: int, high: int, prefer: int | None = None):
    """Where a planned bar sits: the shift of its motif (a few scale steps around the anchor)
    that best keeps strong beats on chord tones, stays in range and joins the line before.
    `prefer` is the shift the same bar took in the question a consequent echoes: keeping it makes
    the echo literal where the harmony allows. Returns (onset, length, step, pitch, strength,
    span) per note, the bar's last move and the shift taken."""
    onsets, t = [], bar_start
    for r in bp.motif.rhythm:
        onsets.append(t)
        t += r
    spans = [harmony.at(o) for o in onsets]
    strengths = [meter.strength(o - bar_start) for o in onsets]
    best = None
    for shift in SHIFTS:
        degrees = [bp.anchor + climb + shift + c for c in bp.motif.contour]
        pitches = [degree_pitch(d, s, tonic) for d, s in zip(degrees, spans)]
        cost = bar_cost(pitches, strengths, spans, shift, last, prev_move, low, high)
        if prefer is not None and shift == prefer:
            cost -= ECHO_PULL
        if best is None or cost < best[0]:
            best = (cost, degrees, pitches, shift)
    _, degrees, pitches, shift = best
    move = pitches[-1] - pitches[-2] if len(pitches) > 1 else prev_move
    return list(zip(onsets, bp.motif.rhythm, degrees, pitches, strengths, spans)), move, shift


def compose_melody(plan: Plan, progression: tuple[ChordSpan, ...], rng: random.Random
                   ) -> tuple[Note, ...]:
    harmony = Harmony.of(progression)
    meter = plan.meter
    bar = meter.bar_ticks
    tonic, low, high = _window(plan, plan.character.mood)
    climax = _climax_phrase(plan)
    last_phrase = plan.phrases[-1]

    motifs: dict[str, dict[str, Motif]] = {}
    stored: dict[str, list[tuple[BarPlan, ...]]] = {}
    rows: list[list[int]] = []
    fixed: set[int] = set()
    prev_move = 0
    for index, section in enumerate(plan.sections):
        letter = section.family or section.label
        mood = section.character.mood
        if letter not in motifs:
            # The first section's motifs come from the piece's character; a new letter brings its own.
            motifs[letter] = _motifs(plan, plan.character if index == 0 else section.character, rng)
        earlier = stored.get(letter, [])
        plans: list[tuple[BarPlan, ...]] = []
        echo: tuple[BarPlan, ...] = ()
        question_shifts: list[int] = []
        period = -1
        for k, phrase in enumerate(section.phrases):
            if phrase.role != "consequent" or period < 0:
                period += 1
            if k < len(earlier) and len(earlier[k]) == phrase.bars - 1:
                bars_plan = earlier[k]  # a returning section restates its material
            else:
                bars_plan = plan_phrase(phrase.role, phrase.bars, motifs[letter], mood, bar, echo,
                                        rng, period)
            plans.append(bars_plan)
            is_climax = phrase == climax
            ceiling = high if is_climax else high - CEILING_BELOW_CLIMAX
            lift = round((section.character.intensity - 0.5) * 2)
            slots: list[Slot] = []
            prev = rows[-1][2] if rows else None
            shifts = []
            for j, bp in enumerate(bars_plan):
                climb = lift + (CLIMAX_LIFT if is_climax and j >= len(bars_plan) // 2 else 0)
                last = slots[-1].intended if slots else prev
                prefer = (question_shifts[j] if phrase.role == "consequent"
                          and j < len(question_shifts) and bp == echo[j] else None)
                placed, prev_move, shift = _place_bar(
                    bp, (phrase.start_bar + j) * bar, climb, harmony, meter, tonic, last,
                    prev_move, low, ceiling, prefer)
                shifts.append(shift)
                for onset, length, degree, pitch, strength, span in placed:
                    slots.append(Slot(pitch, candidates(pitch, degree, span, tonic, low, ceiling),
                                      span, strength >= STRONG, bool(slots), True))
                    rows.append([onset, length, pitch])
            # The cadence bar: one long note on the cadence's chord tone, then a breath.
            start = (phrase.end_bar - 1) * bar
            span = harmony.at(start)
            final = phrase == last_phrase
            line_end = slots[-1].intended if slots else prev
            # A loop's harmony ends on V, leading back to bar 1 (composer.harmony): its last note
            # is a tone of V, like any half cadence's, not the tonic.
            closing = final and progression[-1].cadence != "half"
            degrees = FINAL_DEGREES if closing else CADENCE_DEGREES.get(
                "half" if final else phrase.cadence, (0, 2))
            pitch = _cadence_pitch(span, degrees, line_end, low, high if final else ceiling, closing)
            breath = scale_to_bar(CADENCE_BAR[family(meter)][band(section.character.arousal)], meter)
            length = phrase.end_bar * bar - start if final else breath[0]
            slots.append(Slot(pitch, (pitch,), span, True, bool(slots), False))
            fixed.add(len(rows))
            rows.append([start, length, pitch])
            if phrase.role == "antecedent":
                echo, question_shifts = bars_plan, shifts
            line = smooth(slots, prev)
            for row, p in zip(rows[len(rows) - len(slots):], line):
                row[2] = p
            prev_move = 0
        if letter not in stored:
            stored[letter] = plans
    clean(rows, harmony, meter, low, high, fixed)
    part = plan.part("Melody")
    floor, top = (part.low, part.high) if part else RANGES["Melody"]
    for row in rows:  # the instrument's range is a hard limit: fold by octaves (same pitch class)
        while row[2] > top:
            row[2] -= 12
        while row[2] < floor:
            row[2] += 12
    return tuple(Note(start, duration, pitch, NEUTRAL_VELOCITY) for start, duration, pitch in rows)

"""compose_melody over plans across the mood circle: on hand-made progressions (so the melody stage
is tested alone) and on the real harmony stage."""

import random
from statistics import mean

import pytest

from composer import stage_rng
from composer.evaluate.generated import METERS, circle_feel
from composer.harmony.span import ChordSpan
from composer.melody import compose_melody
from composer.melody.fit import STEP, is_chord_tone, local_scale
from composer.plan import Plan, plan_piece
from composer.theory import Chord, Key

COUNT = 12  # plans around the circle: every quadrant, both radii, 4/4 3/4 6/8, with moments


def circle_plan(index: int, count: int = COUNT) -> Plan:
    meter = METERS[index % len(METERS)]
    return plan_piece(circle_feel(index, count, meter), f"test {index}", stage_rng(index, "plan"))


def triad(key: Key, degree: int, figure: str) -> Chord:
    scale = key.scale
    pcs = tuple(scale[(degree + k) % 7] for k in (0, 2, 4))
    if degree == 4 and key.is_minor_family:  # the raised leading tone of V in minor
        pcs = (pcs[0], (pcs[0] + 4) % 12, pcs[2])
    return Chord(figure, degree, pcs[0], pcs, pcs[0])


# Chords per bar of a phrase by its cadence, before the cadence bar: a plain I IV ii V frame.
FRAME = {"half": (0, 3, 1, 4), "authentic": (0, 3, 4, 0), "plagal": (0, 4, 3, 0),
         "deceptive": (0, 3, 4, 5), "evaded": (0, 3, 4, 3)}


def hand_progression(plan: Plan) -> tuple[ChordSpan, ...]:
    """One chord a bar: tonic first, then IV and ii or V, the cadence's chords at the end."""
    bar = plan.meter.bar_ticks
    spans = []
    for section in plan.sections:
        key = section.key
        for phrase in section.phrases:
            frame = FRAME[phrase.cadence]
            for i in range(phrase.bars):
                degree = frame[-1] if i == phrase.bars - 1 else (
                    frame[-2] if i == phrase.bars - 2 else frame[min(i, len(frame) - 3)])
                if phrase.bars == 1:
                    degree = frame[-1]
                chord = triad(key, degree, "I II III IV V VI VII".split()[degree])
                root = 48 + chord.root
                spans.append(ChordSpan((phrase.start_bar + i) * bar, bar, chord, key,
                                       (root, root + 4, root + 7, root + 12), root - 12,
                                       phrase.cadence if i >= phrase.bars - 2 else None))
    return tuple(spans)


def real_progression(plan: Plan, seed: int):
    from composer.harmony import harmonize

    return harmonize(plan, stage_rng(seed, "harmony"))


CASES = [(i, "hand") for i in range(COUNT)] + [(i, "real") for i in range(0, COUNT, 2)]


@pytest.fixture(scope="module")
def composed():
    out = {}
    for i, kind in CASES:
        plan = circle_plan(i)
        progression = hand_progression(plan) if kind == "hand" else real_progression(plan, i)
        out[(i, kind)] = (plan, progression, compose_melody(plan, progression, random.Random(i)))
    return out


def chord_at(progression, tick):
    return next(s for s in progression if s.start <= tick < s.end)


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{k}" for i, k in CASES])
def test_the_melody_keeps_the_rules(composed, case):
    plan, progression, notes = composed[case]
    meter, bar = plan.meter, plan.meter.bar_ticks
    part = plan.part("Melody")
    assert notes and all(n.velocity == 80 and n.duration > 0 for n in notes)
    assert all(part.low <= n.pitch <= part.high for n in notes)
    for a, b in zip(notes, notes[1:]):
        assert a.end <= b.start  # one at a time, never overlapping
    assert notes[-1].end == plan.bars * bar
    for i, n in enumerate(notes):
        span = chord_at(progression, n.start)
        if meter.strength(n.start % bar) >= 2:
            assert is_chord_tone(n.pitch, span), (n, span.chord.figure)
        elif not is_chord_tone(n.pitch, span):
            # a non-chord tone moves on by step, without a breath in between
            nxt = notes[i + 1]
            assert nxt.start == n.end and 0 < abs(nxt.pitch - n.pitch) <= STEP
    # The final note: the tonic, held for its whole bar.
    assert notes[-1].pitch % 12 == plan.key.tonic and notes[-1].duration >= bar


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{k}" for i, k in CASES])
def test_phrases_end_on_their_cadence_and_breathe(composed, case):
    plan, progression, notes = composed[case]
    bar = plan.meter.bar_ticks
    by_start = {n.start: n for n in notes}
    for phrase in plan.phrases:
        start = (phrase.end_bar - 1) * bar
        note = by_start[start]  # a note on the cadence bar's downbeat
        span = chord_at(progression, start)
        assert is_chord_tone(note.pitch, span)
        steps = local_scale(span)
        degree = steps.index((note.pitch - span.key.tonic) % 12)
        if phrase.cadence in ("authentic", "plagal"):
            assert degree in (0, 2)
        if phrase is not plan.phrases[-1]:
            assert note.end < phrase.end_bar * bar  # a breath before the next phrase
            assert not any(start < n.start < phrase.end_bar * bar for n in notes)


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{k}" for i, k in CASES])
def test_answers_echo_and_sections_return(composed, case):
    plan, _, notes = composed[case]
    bar = plan.meter.bar_ticks

    def rhythm(first_bar, bars):
        lo, hi = first_bar * bar, (first_bar + bars) * bar
        return [(n.start - lo, n.duration) for n in notes if lo <= n.start < hi]

    for section in plan.sections:
        for q, a in zip(section.phrases, section.phrases[1:]):
            if q.role == "antecedent" and a.role == "consequent" and q.bars >= 4 and a.bars >= 4:
                assert rhythm(q.start_bar, 2) == rhythm(a.start_bar, 2)
    letters = {}
    for section in plan.sections:
        letter = section.label.rstrip("'")
        if letter in letters:
            first = letters[letter]
            p, q = first.phrases[0], section.phrases[0]
            if p.bars == q.bars:
                assert rhythm(p.start_bar, p.bars - 1) == rhythm(q.start_bar, q.bars - 1)
        else:
            letters[letter] = section


def test_same_inputs_same_melody_and_another_seed_differs():
    plan = circle_plan(3)
    progression = hand_progression(plan)
    one = compose_melody(plan, progression, random.Random(11))
    assert one == compose_melody(plan, progression, random.Random(11))
    assert one != compose_melody(plan, progression, random.Random(12))


def test_the_climax_sits_about_two_thirds_in(composed):
    hits = 0
    total = 0
    for (i, kind), (plan, _, notes) in composed.items():
        top = max(n.pitch for n in notes)
        first_top = next(n for n in notes if n.pitch == top)
        total += 1
        hits += 0.4 <= first_top.start / (plan.bars * plan.meter.bar_ticks) <= 0.9
    assert hits >= 0.65 * total


def test_mood_shapes_range_register_and_rhythm():
    """Joy wide and high, sadness narrow and low; calm music in long values (emotion-rules.md)."""
    def measure(valence, arousal, seed):
        feel = circle_feel(0, 4, (4, 4))
        from dataclasses import replace

        moments = tuple(replace(m, valence=valence, arousal=arousal) for m in feel.moments)
        feel = replace(feel, valence=valence, arousal=arousal, moments=moments, meter=(4, 4))
        plan = plan_piece(feel, "t", stage_rng(seed, "plan"))
        notes = compose_melody(plan, hand_progression(plan), random.Random(seed))
        pitches = [n.pitch for n in notes]
        return max(pitches) - min(pitches), mean(pitches), len(notes) / plan.bars

    joy = [measure(0.8, 0.7, s) for s in range(16)]
    sad = [measure(-0.8, -0.7, s) for s in range(16)]
    assert mean(r for r, _, _ in joy) > mean(r for r, _, _ in sad)
    assert mean(m for _, m, _ in joy) > mean(m for _, m, _ in sad)
    assert mean(d for _, _, d in joy) > mean(d for _, _, d in sad)

"""A phrase does not begin in octaves with the bass it left in octaves (composer.melody.cadence.
part_at_phrase_starts; Aldwell & Schachter ch. 7, consecutive octaves between the outer voices)."""

import pytest

from composer import compose_stages
from composer.evaluate.generated import held_out_scene
from composer.scene import parse_scene


def _entry(held_out: int, seed: int, bar: int):
    """(the tune's note before bar `bar` (1-based), the bass's pitch class under it, the tune's
    first note in that bar, the bass's pitch class there)."""
    name, text = held_out_scene(held_out - 1)
    stages = compose_stages(parse_scene(text, name), seed)
    ticks = stages.plan.meter.bar_ticks
    spans = sorted(stages.progression, key=lambda s: s.start)
    notes = sorted(stages.melody, key=lambda n: n.start)
    before = [n for n in notes if n.start < (bar - 1) * ticks][-1]
    first = next(n for n in notes if n.start == (bar - 1) * ticks)

    def bass(tick):
        return next(s for s in spans if s.start <= tick < s.start + s.duration).bass % 12
    return before, bass(before.start), first, bass(first.start)


@pytest.mark.parametrize("held_out, seed, bar", [(12, 1, 73)])
def test_a_phrase_that_left_the_bass_in_octaves_enters_on_another_tone(held_out, seed, bar):
    """Held-out 12 at seed 1, bar 73: the tune doubled the bass before the phrase and its first
    note, F#5, would double it again; it enters on another tone of the chord (D#5). (Held-out 03
    at seed 2, bar 26, did so before its phrases drew from streams of their own.)"""
    before, low, first, high = _entry(held_out, seed, bar)
    assert before.pitch % 12 == low != high
    assert first.pitch % 12 != high


def test_held_out_45s_b_section_does_not_enter_in_octaves_with_the_bass():
    """A reading of s15 heard held-out 45 at seed 2 go from its half cadence's F5 over F2 (bar 8)
    into its B section on Eb5 over Eb2 (bar 9). The half cadence now sings the second step, C5
    over F2 (cadence.CADENCE_DEGREES), and the B section enters on no octave with the bass.
    (Since calm tunes breathe, the half cadence sings F5 again, and the B section enters on C5
    over Eb2.)"""
    before, low, first, high = _entry(45, 2, 9)
    assert low == 5
    assert not (before.pitch % 12 == low and first.pitch % 12 == high)

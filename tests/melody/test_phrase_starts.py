"""A phrase does not begin in octaves with the bass it left in octaves (composer.melody.cadence.
part_at_phrase_starts; Aldwell & Schachter ch. 7, consecutive octaves between the outer voices)."""

from composer import compose_stages
from composer.evaluate.generated import held_out_scene
from composer.scene import parse_scene


def test_held_out_45s_b_section_does_not_enter_in_octaves_with_the_bass():
    """A reading of s15 heard held-out 45 at seed 2 go from its half cadence's F5 over F2 (bar 8)
    into its B section on Eb5 over Eb2 (bar 9): the tune's first note there is another tone of
    the chord now, the bass's Eb left to the bass."""
    name, text = held_out_scene(44)
    stages = compose_stages(parse_scene(text, name), 2)
    bar = stages.plan.meter.bar_ticks
    spans = sorted(stages.progression, key=lambda s: s.start)
    notes = sorted(stages.melody, key=lambda n: n.start)
    before = [n for n in notes if n.start < 8 * bar][-1]
    first = next(n for n in notes if n.start == 8 * bar)
    bass = next(s for s in spans if s.start <= 8 * bar < s.start + s.duration).bass % 12
    assert before.pitch % 12 == 5  # F5 over the half cadence's F: the tune's 5 over the bass's
    assert first.pitch % 12 != bass

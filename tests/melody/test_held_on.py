"""A long note struck again at once on its pitch is held on (composer.melody.held_on): a composer's
reading heard held-out 7's C5 C5 | E5 E5 in halves as stiff re-struck notes. A tread of two beats,
a motif's short repeated notes, a fixed tone (a cadence's arrival) and a phrase's first note stay
struck."""

from composer import compose_stages
from composer.evaluate.generated import held_out_scene
from composer.melody import Tone, held_on
from composer.scene import parse_scene


def _stages(index: int, seed: int):
    name, text = held_out_scene(index - 1)
    return compose_stages(parse_scene(text, name), seed)


def test_held_out_7s_turn_holds_its_halves_rather_than_striking_them_twice():
    stages = _stages(7, 1)
    bar = stages.plan.meter.bar_ticks
    sung = [(n.start - 16 * bar, n.duration, n.pitch) for n in stages.melody
            if 16 * bar <= n.start < 18 * bar]
    assert sung == [(0, bar, 72), (bar, bar, 76)]  # C5 | E5, each held a bar


def test_only_long_free_notes_inside_a_phrase_are_held_on():
    plan = _stages(7, 1).plan
    bar, beat = plan.meter.bar_ticks, plan.meter.pulse_ticks
    at = 17 * bar  # bars 18-20 of the turn's last phrase (its first bar is 17)
    assert not {p.start_bar for p in plan.phrases} & {17, 18, 19}
    tones = [Tone(at, beat, 74), Tone(at + beat, 2 * beat, 74),  # a quarter into a half: held
             Tone(at + 3 * beat, beat, 76), Tone(at + bar, 2 * beat, 76, fixed=True),  # fixed
             Tone(at + bar + 2 * beat, beat, 77), Tone(at + bar + 3 * beat, beat, 77),  # a tread
             Tone(at + 2 * bar, beat // 2, 74), Tone(at + 2 * bar + beat // 2, beat // 2, 74),
             Tone(at + 2 * bar + beat, beat, 72), Tone(at + 2 * bar + 2 * beat, 2 * beat, 72)]
    held_on(tones, plan)
    assert [(t.start - at, t.length, t.pitch) for t in tones] == [
        (0, 3 * beat, 74), (3 * beat, beat, 76), (bar, 2 * beat, 76),
        (bar + 2 * beat, beat, 77), (bar + 3 * beat, beat, 77),
        (2 * bar, beat // 2, 74), (2 * bar + beat // 2, beat // 2, 74),
        (2 * bar + beat, 3 * beat, 72)]

"""The performance's tempo map: phrase ends broaden by how much they close, and a section at
another tempo is led into rather than jumped to (the phrase arches: test_perform_expression)."""

from pathlib import Path

import pytest

from composer import compose_stages, load_scene
from composer.perform import ARCH_STEP, BOUNDARY_BREATH, CADENCE_BREATH, LEAST_BREATH, PREPARED, _Arches

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def stages():
    return [compose_stages(load_scene(SCENES / name), seed)
            for name in ("beach.toml", "first-snow.toml", "last-visit.toml", "summit.toml")
            for seed in (1, 2)]


def _changes_in_bar(st, bar_index):
    bar = st.plan.meter.bar_ticks
    return [t for t in st.piece.tempos if bar_index * bar <= t.tick < (bar_index + 1) * bar]


def test_a_new_section_at_another_tempo_is_prepared_over_the_bar_before(stages):
    seen = 0
    for st in stages:
        plan = st.plan
        for before, section in zip(plan.sections, plan.sections[1:]):
            old, new = plan.quarter_bpm_at(section.start_bar - 1), plan.quarter_bpm_at(section.start_bar)
            if abs(new / old - 1) <= PREPARED or section.start_bar >= plan.bars - 2:
                continue
            seen += 1
            steps = [t.bpm for t in _changes_in_bar(st, section.start_bar - 1)]
            assert len(steps) == plan.meter.pulses, steps
            # Every step lies between the two tempos and moves toward the new one.
            ordered = steps if new > old else steps[::-1]
            assert ordered == sorted(ordered), steps
            assert all(min(old, new) * 0.9 <= s <= max(old, new) * 1.1 for s in steps), steps
    assert seen, "no scene here changes tempo between sections"


def _in_force(st, tick):
    return next(t.bpm for t in reversed(st.piece.tempos) if t.tick <= tick)


def test_phrase_ends_broaden_by_how_much_their_cadence_and_boundary_close(stages):
    """A phrase's last bar slows, over the phrase arches, by the feel's rubato times its
    cadence's closure times its boundary's level; a cadence the music runs through, or a breath
    too shallow to play, leaves the tempo to the arches (no slow-down-and-snap-back at every
    phrase end)."""
    seen = set()
    for st in stages:
        plan = st.plan
        arches = _Arches(plan, st.seed)
        pulse, pulses = plan.meter.pulse_ticks, plan.meter.pulses
        starts = {s.start_bar for s in plan.sections}
        for phrase in plan.phrases[:-1]:
            last = phrase.end_bar - 1
            if phrase.end_bar in starts and abs(plan.quarter_bpm_at(phrase.end_bar)
                                                / plan.quarter_bpm_at(last) - 1) > PREPARED:
                continue  # led into the next section's tempo instead
            if last >= plan.bars - 3 or last == 0:
                continue
            level = ("section" if phrase.end_bar in starts else
                     "period" if phrase.role == "consequent" else "phrase")
            breath = 0.0 if phrase.elided else plan.section_at(phrase.start_bar).character.rubato \
                * CADENCE_BREATH.get(phrase.cadence, 1.0) * BOUNDARY_BREATH[level]
            first_tick = last * plan.meter.bar_ticks
            last_tick = first_tick + (pulses - 1) * pulse
            # The map is scaled as a whole to meet the asked length: compare its own steps.
            played = _in_force(st, last_tick) / _in_force(st, first_tick)
            shaped = arches.tempo(last_tick + pulse // 2) / arches.tempo(first_tick + pulse // 2)
            if breath < LEAST_BREATH:
                assert played == pytest.approx(shaped, abs=2 * ARCH_STEP), phrase
                seen.add("none")
            else:
                assert played == pytest.approx(shaped * (1 - breath) / (1 - breath / pulses), abs=0.002), phrase
                # and the next phrase goes on at its arches' tempo: no further than the breath took
                # and the arches' own fall over the last half pulse (steep in a short phrase of
                # few pulses)
                after = _in_force(st, phrase.end_bar * plan.meter.bar_ticks)
                assert after / _in_force(st, last_tick) <= 1 / (1 - breath) + 0.015, phrase
                seen.add(level)
    assert "none" in seen and seen & {"section", "period", "phrase"}, seen


def test_the_closing_ritardando_lasts_a_span_of_time_and_sets_in_where_the_close_says(stages):
    """Not two bars at every tempo (8 s at 58 bpm, 4 s at 116, 80 % of the tempo either way):
    about RITARDANDO_SECONDS whatever the tempo, shallower in slow music (RITARDANDO_FINAL), and
    from the arrival where a broad amen broadens (composer.harmony.close.slowing)."""
    import dataclasses

    from composer.perform import RITARDANDO_FINAL, RITARDANDO_SECONDS, _ritardando
    from composer.piece import TICKS_PER_BEAT

    plan = stages[0].plan
    calm = dataclasses.replace(plan.sections[-1], character=dataclasses.replace(
        plan.sections[-1].character, arousal=-0.5))
    bar, end = plan.meter.bar_ticks, plan.bars * plan.meter.bar_ticks
    spans = {}
    for bpm in (56, 84, 126):
        at = dataclasses.replace(plan, bpm=bpm, sections=plan.sections[:-1] + (calm,))
        tick, final = _ritardando(at, True)
        seconds = (end - tick) / TICKS_PER_BEAT * 60 / at.quarter_bpm_at(at.bars - 1)
        spans[bpm] = (end - tick, final)
        # within a pulse of its span of time, or a bar where a bar lasts longer
        pulse_seconds = plan.meter.pulse_ticks / TICKS_PER_BEAT * 60 / at.quarter_bpm_at(at.bars - 1)
        assert abs(seconds - RITARDANDO_SECONDS) <= pulse_seconds or end - tick == bar, (bpm, seconds)
    assert spans[56][0] < spans[126][0]  # fast music slows over more of the score
    assert spans[56][1] > spans[84][1] > spans[126][1]  # and further
    assert RITARDANDO_FINAL[0][1] > RITARDANDO_FINAL[-1][1]
    # where the close sets it in: a broad amen's arrival, three bars from the end
    assert _ritardando(plan, True, ("arrival", end - 3 * bar))[0] == end - 3 * bar
    assert _ritardando(plan, False) == (end, 1.0)  # an open piece does not slow

"""Loops (`loop = true` in [music]): an open ending whose harmony leads back into bar 1."""

import pytest

from composer import compose, compose_stages
from composer.io.midi import LOOP_END, LOOP_START, midi_bytes, read_midi_bytes
from composer.io.schedule import schedule_raw
from composer.scene.load import parse_scene
from loop_checks import seam_faults, wrap_faults

LOOP = """
title = "Loop"
seed = {seed}
length = "{bars} bars"
mood = {mood}
[music]
loop = {loop}
"""


def scene(seed=4, bars=8, mood='["curious", "playful"]', loop="true"):
    return parse_scene(LOOP.format(seed=seed, bars=bars, mood=mood, loop=loop), "loop.toml")


def test_loop_is_read_from_music():
    assert scene().music.loop is True
    assert scene(loop="false").music.loop is False


@pytest.mark.parametrize("seed, mood", [(4, '["curious", "playful"]'), (9, '["sad", "lonely"]'),
                                        (17, '["triumphant"]'), (23, '["calm", "tender"]'),
                                        (17, '["sad", "lonely"]'), (31, '["curious", "playful"]')])
def test_the_last_bar_leads_back_into_bar_one(seed, mood):
    """The last phrase's half cadence leads into bar 1's tonic, and the chords are voiced across
    the wrap as any two chords inside the piece are (12 of 24 such loops had parallel fifths or
    octaves there when the wrap was left to chance)."""
    stages = compose_stages(scene(seed, 12, mood))
    assert seam_faults(stages) == []
    assert wrap_faults(stages) == []


def test_a_loop_is_open_and_marks_its_points():
    stages = compose_stages(scene())
    piece, plan = stages.piece, stages.plan
    assert piece.end_tick == plan.bars * plan.meter.bar_ticks  # no ring past the last bar
    # No ritardando: the last bar plays at the tempo bar 1 starts at (the phrase arches end where
    # they begin), and the bars last what they do at the steady tempo, so it goes round in time.
    assert piece.tempos[-1].bpm == pytest.approx(piece.tempos[0].bpm, rel=0.01)
    steady = plan.bars * plan.meter.bar_ticks / 480 * 60 / plan.quarter_bpm
    assert piece.seconds_at(plan.bars * plan.meter.bar_ticks) == pytest.approx(steady, abs=1e-3)
    assert dict(piece.metadata)["loop"]
    schedule = schedule_raw(read_midi_bytes(midi_bytes(piece)))
    marks = {text: frame for frame, text in schedule.markers}
    assert marks[LOOP_START] == 0 and marks[LOOP_END] == schedule.end_frame


def test_a_piece_that_is_not_a_loop_still_closes_on_the_tonic():
    stages = compose_stages(scene(loop="false"))
    assert stages.progression[-1].chord.root == stages.plan.key.tonic
    assert "loop" not in dict(stages.piece.metadata)
    assert compose(scene(loop="false")).end_tick > stages.plan.bars * stages.plan.meter.bar_ticks

"""A button close as the band plays it (composer.perform._buttoned, composer.harmony.close.BUTTON):
every part strikes the last chord on its downbeat, short and sforzando, in tempo, then silence;
explain says so."""

from pathlib import Path

import pytest

from composer import compose_stages, load_scene
from composer.harmony.close import BUTTON, CLOSES
from composer.perform import SFORZANDO_FLOOR, _buttoned
from composer.piece import Note

SCENES = Path(__file__).resolve().parent / ".." / "scenes"
SEED = 2  # the kitchen closes with a button at this seed (seeds 2-5, 7, 11 of 1-12 do)


@pytest.fixture(scope="module")
def buttoned():
    """The kitchen's puppy (play) at SEED, which closes with a button."""
    stages = compose_stages(load_scene(SCENES / "kitchen.toml"), SEED)
    assert CLOSES[stages.progression[-1].close].button
    return stages


def test_every_part_strikes_the_last_chord_short_and_accented_then_silence(buttoned):
    tick = buttoned.progression[-1].start
    struck = 0
    for part in buttoned.piece.parts:
        assert all(n.start <= tick for n in part.notes), part.role  # nothing after the button
        on = [n for n in part.notes if n.start == tick]
        assert all(n.velocity >= SFORZANDO_FLOOR for n in on), part.role
        if part.role != "Drums":
            # every note sounding at the button ends with it: the chord is struck, not held
            assert all(n.end <= tick + BUTTON.length for n in part.notes if n.end > tick), part.role
            struck += bool(on)
    assert struck >= 3  # the band strikes together: melody, chords and bass at least
    final = {n.pitch % 12 for p in buttoned.piece.parts if p.role != "Drums"
             for n in p.notes if n.start == tick}
    assert final <= set(buttoned.progression[-1].chord.pcs)


def test_the_band_drives_into_the_button_in_tempo(buttoned):
    """No closing ritardando: the last bars keep the tempo the bars before them had."""
    assert not BUTTON.slows  # a number drives into its button (composer.harmony.close.BUTTON)
    bar = buttoned.plan.meter.bar_ticks
    end = buttoned.plan.bars * bar
    late = [t.bpm for t in buttoned.piece.tempos if t.tick >= end - 2 * bar]
    earlier = [t.bpm for t in buttoned.piece.tempos if end - 6 * bar <= t.tick < end - 2 * bar]
    assert not late or min(late) >= 0.95 * min(earlier)


def test_a_note_held_into_the_button_is_struck_again_there_and_the_rest_is_left_out():
    notes = (Note(0, 960, 60, 80), Note(960, 960, 64, 80), Note(1920, 1920, 67, 80),
             Note(2400, 480, 72, 80))
    out = _buttoned("Melody", notes, 1440, (0, 4, 7))
    assert out == (Note(0, 960, 60, 80), Note(960, 480, 64, 80),
                   Note(1440, BUTTON.length, 64, 104))
    # a note foreign to the last chord (a suspension held into it) stops there, not struck again
    assert _buttoned("Counter", notes, 1440, (0, 3, 7)) == (Note(0, 960, 60, 80),
                                                            Note(960, 480, 64, 80))


def test_explain_names_the_button(buttoned):
    from composer.commands.explain import as_text, decisions

    scene = load_scene(SCENES / "kitchen.toml")
    d = decisions(scene, SEED)
    assert d["close"]["name"] == "button" and d["close"]["button"] == BUTTON.says()
    assert "the button: every part strikes the last chord" in as_text(d)

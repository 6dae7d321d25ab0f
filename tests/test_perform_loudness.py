"""Loudness follows the feel: the band is brought to a level that rises with arousal and
intensity, whatever the instruments, figures and number of parts; the tune sits over the
accompaniment; a band that cannot reach its level at full volume plays harder."""

import math
from pathlib import Path

import pytest

from composer import compose, load_scene
from composer.balance import LOUDNESS, ROLE_DB, level, lift, mix_level, part_loudness, volumes
from composer.piece import Note
from composer.scene import parse_scene

SCENES = Path(__file__).resolve().parents[1] / "scenes"
TICK = 60 / (120 * 480)  # seconds a tick at 120 quarters a minute


def chords(velocity=80, count=8, voices=(60, 64, 67)):
    return [Note(i * 480, 480, p, velocity) for i in range(count) for p in voices]


def test_level_rises_with_arousal_and_intensity_and_a_moment_stays_in_its_scene():
    assert level(0.8, 0.5) > level(-0.8, 0.5) + 10
    assert level(0.0, 1.0) > level(0.0, 0.2)
    # a lively moment in a calm scene swells within the calm scene's world
    assert level(-0.5, 0.5) < level(0.3, 0.5, -0.5) < level(0.3, 0.5)


def test_a_part_is_louder_struck_harder_denser_and_on_a_louder_instrument():
    piano = part_loudness(0, chords(), TICK, 4.0)
    assert part_loudness(0, chords(100), TICK, 4.0) == pytest.approx(piano + 40 * math.log10(100 / 80))
    assert part_loudness(0, chords(voices=(60,)), TICK, 4.0) < piano - 4
    flute = part_loudness(73, chords(), TICK, 4.0)
    assert flute - piano == pytest.approx(LOUDNESS[73] - LOUDNESS[0], abs=3)
    assert part_loudness(0, [], TICK, 4.0) is None
    assert part_loudness(0, chords(), TICK, 4.0, kit="storm") > part_loudness(0, chords(), TICK, 4.0, kit="brushes")


def test_volumes_bring_the_band_to_its_level_with_the_tune_on_top():
    parts = {"Melody": part_loudness(73, chords(voices=(72,)), TICK, 4.0),
             "Harmony": part_loudness(48, chords(), TICK, 4.0),
             "Texture": part_loudness(48, chords(), TICK, 4.0), "Counter": None}
    target = level(-0.5, 0.4)
    cc = volumes(parts, target)
    assert cc["Counter"] == 127  # resting
    assert cc["Harmony"] > cc["Texture"]  # one instrument, the harmony over the figure
    assert mix_level(parts, cc) == pytest.approx(target, abs=0.1)
    assert ROLE_DB["Melody"] == max(ROLE_DB.values())
    louder = volumes(parts, level(0.9, 1.0))
    assert all(louder[r] >= cc[r] for r in parts)


def test_a_quiet_band_plays_harder_to_reach_a_loud_level():
    quiet = {"Melody": part_loudness(24, chords(voices=(64,)), TICK, 4.0)}  # a nylon guitar
    target = quiet["Melody"] + 3
    cc = volumes(quiet, target)
    assert cc["Melody"] == 127 and 1.0 < lift(quiet, cc, target) <= 1.4
    assert lift(quiet, volumes(quiet, target - 6), target - 6) == 1.0


def test_every_part_carries_its_sections_volume():
    piece = compose(parse_scene('seed = 2\nlength = 40\nmood = ["furious"]\nsetting = "highway in a storm"\n'
                                '[[moments]]\nname = "a"\nintensity = 0.3\n[[moments]]\nname = "b"\n'
                                'intensity = 1.0\n', "t.toml"))
    for part in piece.parts:
        cc = [c.value for c in part.controls if c.number == 7]
        assert len(cc) == 2, part.track_name


@pytest.mark.slow
def test_the_examples_loudness_follows_their_arousal():
    """Rendered by FluidSynth and measured (ITU-R BS.1770): in order of arousal within 1 LU, the
    most aroused at least 8 LU above the calmest, nothing clipping. About a minute; `evaluate
    scenes --loudness` prints the same table."""
    from composer.evaluate.loudness import format_loudness, loudness_rows

    rows, ok = loudness_rows([load_scene(p) for p in sorted(SCENES.glob("*.toml"))])
    assert ok, format_loudness(rows, ok)

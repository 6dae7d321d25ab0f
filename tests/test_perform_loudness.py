"""Loudness follows the feel: channel volumes rise with arousal and intensity, whatever the
instruments, and balance the tune over the accompaniment."""

from composer.balance import LOUDNESS, ROLE_DB, channel_volume, level
from composer.scene import parse_scene
from composer import compose


def test_level_rises_with_arousal_and_intensity():
    assert level(0.8, 0.5) > level(-0.8, 0.5) + 10
    assert level(0.0, 1.0) > level(0.0, 0.2)


def test_volumes_compensate_loud_instruments_and_keep_the_tune_on_top():
    flute, piano = 73, 0
    assert LOUDNESS[flute] > LOUDNESS[piano]
    target = level(-0.5, 0.4)
    assert channel_volume(flute, "Melody", target) < channel_volume(piano, "Melody", target)
    assert channel_volume(48, "Melody", target) > channel_volume(48, "Texture", target)
    assert ROLE_DB["Melody"] == max(ROLE_DB.values())
    assert channel_volume(48, "Harmony", level(0.9, 1.0)) > channel_volume(48, "Harmony", level(-0.9, 0.2))


def test_every_part_carries_its_sections_volume():
    piece = compose(parse_scene('seed = 2\nlength = 40\nmood = ["furious"]\nsetting = "highway in a storm"\n'
                                '[[moments]]\nname = "a"\nintensity = 0.3\n[[moments]]\nname = "b"\n'
                                'intensity = 1.0\n', "t.toml"))
    for part in piece.parts:
        volumes = [c.value for c in part.controls if c.number == 7]
        assert len(volumes) == 2 and volumes[1] >= volumes[0], part.track_name

"""A mountain's horn call (the setting's figure, melody.motif.FIGURES) is heard: it opens the idea
of the first moment whose topic takes it (motif.TOPIC_FIGURES, melody.figured_section), and its
leap is a perfect fourth or fifth between chord tones after the line's fit (melody.calling, the
call's notes kept as placed). A composer's reading of the summit heard no call: its moments' topics
had replaced the figure, and where a call was planned a fourth from the subdominant (a tritone)
was bent to a third."""

from pathlib import Path

import pytest

from composer import compose_plan, load_scene, scene_digest, stage_rng
from composer.character import SONG
from composer.harmony import harmonize
from composer.melody import compose_melody
from composer.melody.fit import Harmony, is_chord_tone
from composer.melody.motif import figured_section, takes_figure
from composer.scene import parse_scene

SCENES = Path(__file__).resolve().parents[2] / "scenes"

# A mountain whose first moment storms: its strikes keep their blows, its clearing calls.
STORM_ON_THE_RIDGE = """
title = "Storm on the ridge"
length = "1:00"
mood = ["stormy"]
setting = "mountain"

[[moments]]
name = "the storm"
length = "0:30"
intensity = 0.9
mood = ["furious", "stormy"]

[[moments]]
name = "the clearing"
length = "0:30"
intensity = 0.4
mood = ["proud", "calm"]
"""
# A mountain with no moments: its form's first section sings the call.
HIGH_PASTURE = 'length = 40\nmood = ["proud", "peaceful"]\nsetting = "mountain"\n'


def _melody(scene, seed: int):
    plan = compose_plan(scene, seed)
    digest = scene_digest(scene)
    progression = harmonize(plan, stage_rng(seed, "harmony", digest), loop=scene.music.loop)
    return plan, progression, compose_melody(plan, progression, stage_rng(seed, "melody", digest))


def _opening(plan, notes, section):
    """The first two pitches of the section's first bar the tune opens on the beat, its first
    note struck once or again (a call's repeated pickup): (note it leaves, note it reaches)."""
    bar = plan.meter.bar_ticks
    for b in range(section.start_bar, section.end_bar):
        inside = [n for n in notes if b * bar <= n.start < (b + 1) * bar]
        if inside and inside[0].start == b * bar:
            moved = next((i for i, n in enumerate(inside) if n.pitch != inside[0].pitch), None)
            return None if moved is None else (inside[moved - 1], inside[moved])
    return None


SCENE_CASES = [("summit", seed) for seed in (1, 2, 3)] + [
    ("storm on the ridge", seed) for seed in (1, 2, 3)] + [("high pasture", seed) for seed in (1, 2)]


@pytest.mark.parametrize("name,seed", SCENE_CASES)
def test_the_call_leaps_a_perfect_fourth_or_fifth_between_chord_tones(name, seed):
    scene = {"summit": lambda: load_scene(SCENES / "summit.toml"),
             "storm on the ridge": lambda: parse_scene(STORM_ON_THE_RIDGE, "ridge.toml"),
             "high pasture": lambda: parse_scene(HIGH_PASTURE, "pasture.toml")}[name]()
    plan, progression, notes = _melody(scene, seed)
    assert plan.figure == "call"
    section = figured_section(plan.sections, plan.figure)
    assert section is not None
    opening = _opening(plan, notes, section)
    assert opening is not None, (name, seed)
    low, top = opening
    harmony = Harmony.of(progression)
    assert top.pitch - low.pitch in (5, 7), (name, seed, low, top)
    assert is_chord_tone(low.pitch, harmony.at(low.start))
    assert is_chord_tone(top.pitch, harmony.at(top.start))


def test_a_mountain_with_moments_states_its_call_where_a_topic_takes_it():
    """The summit's ridge marches and opens with the call (its sunrise's fanfare calls as its
    topic does); on a stormy ridge the strikes keep their blows and the clearing calls."""
    summit = compose_plan(load_scene(SCENES / "summit.toml"), 1)
    assert [s.character.topic for s in summit.sections] == ["march", "fanfare"]
    assert figured_section(summit.sections, summit.figure).name == "the last ridge"
    assert any("opens with a horn call" in r and "the last ridge" in r for r in summit.reasons)
    ridge = compose_plan(parse_scene(STORM_ON_THE_RIDGE, "ridge.toml"), 1)
    assert ridge.sections[0].character.topic in ("torrent", "strike")
    assert figured_section(ridge.sections, ridge.figure).name == "the clearing"


def test_which_topics_take_which_figures():
    """A song takes every figure; a march and a fanfare a call; a broad line a call, a lilt, bells
    or a cuckoo; a torrent and a strike none."""
    assert all(takes_figure(SONG, f) for f in ("call", "lilt", "chime", "cuckoo", "patter"))
    assert takes_figure("march", "call") and not takes_figure("march", "lilt")
    assert takes_figure("fanfare", "call") and not takes_figure("fanfare", "patter")
    assert takes_figure("broad", "lilt") and not takes_figure("broad", "patter")
    assert not any(takes_figure(t, "call") for t in ("torrent", "strike"))
    assert not takes_figure(SONG, None)

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
from composer.evaluate.generated import held_out_scene
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
    ("storm on the ridge", seed) for seed in (1, 2, 4)] + [("high pasture", seed) for seed in (1, 2)]


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


def test_a_call_varied_keeps_its_pickup_and_leap():
    """motif.recalled: the call's head (its pickup struck on one pitch, its leap to the beat) is
    kept by every way of varying it, and each way changes the bar (CALL_REPRISES)."""
    from composer.melody.motif import CALL_REPRISES, Motif, call_arrival, recalled

    horn = Motif((240, 480, 720), (0, 0, 4))  # held-out 54's C4 C4 G4. in 6/8
    ways = {how: recalled(horn, how) for how in CALL_REPRISES}
    assert ways == {"arrival answered": Motif((240, 480, 480, 240), (0, 0, 4, 2)),
                    "pickup lilted": Motif((480, 240, 720), (0, 0, 4)),
                    "pickup once": Motif((720, 720), (0, 4))}
    for m in ways.values():
        assert sum(m.rhythm) == sum(horn.rhythm) and m.contour[call_arrival(m)] == 4
    # a fourth's arrival is the chord's root: no third under it in its chord to answer with
    assert recalled(Motif((240, 480, 720), (0, 0, 3)), "arrival answered") is None
    assert recalled(Motif((480, 240, 720), (0, 0, 4)), "pickup lilted") is None  # already long-short
    assert recalled(Motif((240, 480, 720), (0, 1, 4)), "pickup once") is None  # no call


def test_held_out_54s_call_returns_varied_after_its_third_statement():
    """A composer's reading of held-out 54 at seed 2: the horn's call C4 C4 G4. (e q q.) sung note
    for note in six phrases (1, 12, 19, 30, 53, 64): the piece has no habit to vary it, and the
    call has one place in its window (calling()), so the copy rule (unsung) had no other way. The
    statement, its repeat and the return (1, 12, 19) stay; the three later calls are varied, each
    another way, every one still its first note struck then a fifth up (C4 G4; at bar 53 over
    iii, as its phrases draw now, E4 B4)."""
    from composer import compose_stages

    name, text = held_out_scene(53)
    stages = compose_stages(parse_scene(text, name), 2)
    bar = stages.plan.meter.bar_ticks
    melody = next(p for p in stages.arrangement.parts if p.role == "Melody").notes

    def sung(b):
        return tuple((n.start - b * bar, n.duration, n.pitch) for n in melody if b * bar <= n.start < (b + 1) * bar)

    call = sung(0)
    assert call == ((0, 240, 60), (240, 480, 60), (720, 720, 67))
    assert sung(11) == sung(18) == call
    later = [sung(b) for b in (29, 52, 63)]
    assert len(set(later)) == 3 and call not in later
    for bar_ in later:
        pitches = [p for *_, p in bar_]
        k = next(i for i, p in enumerate(pitches) if p != pitches[0])
        assert k >= 1 and pitches[k] == pitches[0] + 7 and bar_[k][0] == 720

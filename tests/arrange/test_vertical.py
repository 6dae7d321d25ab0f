"""Vertical agreement: every part against everything sounding with it, on whole pieces in the
modes where the raised leading tone meets the mode's flat seventh."""

import pytest

from composer import compose_stages
from composer.arrange.vertical import MIN_OVERLAP, Sounding
from composer.piece import DRUM_CHANNEL, Note
from composer.scene import parse_scene
from composer.theory import Key
from composer.theory.agreement import chord_scale, cross_relates
from composer.theory.chords import Chord
from composer.theory.instruments import practical_range

SCENES = [
    ('mood = ["sad", "restless"]\nsetting = "{}"\n[music]\nmode = "{}"\n', place, mode)
    for place, mode in (("sea in the storm", "minor"), ("forest", "dorian"), ("cathedral", "phrygian"),
                        ("river", "mixolydian"), ("hospital", "minor"), ("concert hall", "minor"))
]


def _pieces():
    for text, place, mode in SCENES:
        scene = parse_scene('length = 50\nseed = 3\n' + text.format(place, mode), "t.toml")
        for seed in (1, 2, 3):  # three seeds: enough counter lines to judge, whatever the melody
            yield compose_stages(scene, seed)


def _span_at(progression, tick):
    return next((s for s in progression if s.start <= tick < s.end), progression[-1])


def test_chord_scale_takes_the_chords_own_leading_tone():
    a_minor = Key(9, "minor")
    v = Chord("V", 4, 4, (4, 8, 11), 4)
    assert 8 in chord_scale(v, a_minor) and 7 not in chord_scale(v, a_minor)
    c_major = Key(0, "ionian")
    v_of_v = Chord("V/V", 1, 2, (2, 6, 9), 2)
    assert 6 in chord_scale(v_of_v, c_major) and 5 not in chord_scale(v_of_v, c_major)
    assert cross_relates(70, 71, 0) and not cross_relates(71, 72, 0)


def test_sounding_refuses_a_cross_relation_and_accepts_a_grace_overlap():
    sounding = Sounding()
    sounding.add("Harmony", [Note(0, 960, 71, 80)])  # B4 (the leading tone in C)
    assert not sounding.agrees(46, 0, 480, 0, "Bass")  # Bb2 against it
    assert sounding.agrees(46, 960 - MIN_OVERLAP + 1, 1920, 0, "Bass")  # a grace overlap
    assert sounding.agrees(47, 0, 480, 0, "Bass")
    assert sounding.choose((46, 43), 0, 480, 0, "Bass") == 43


@pytest.fixture(scope="module")
def pieces():
    return list(_pieces())


def test_no_cross_relation_between_any_two_parts(pieces):
    for stages in pieces:
        notes = [(n, p.role) for p in stages.piece.parts if p.channel != DRUM_CHANNEL for n in p.notes]
        for n, role in notes:
            tonic = _span_at(stages.progression, n.start).key.tonic
            for m, other in notes:
                if other != role and cross_relates(n.pitch, m.pitch, tonic):
                    assert min(n.end, m.end) - max(n.start, m.start) < MIN_OVERLAP, (role, n, other, m)


def test_every_note_lies_in_its_instruments_practical_range(pieces):
    for stages in pieces:
        for part in stages.piece.parts:
            if part.channel == DRUM_CHANNEL:
                continue
            low, high = practical_range(part.program)
            assert all(low <= n.pitch <= high for n in part.notes), part.track_name


def test_counter_line_non_chord_tones_are_passing_or_neighbour(pieces):
    lines = 0
    for stages in pieces:
        counter = next((p for p in stages.arrangement.parts if p.role == "Counter"), None)
        if counter is None:  # the arrangement's grid, before the performance's timing nudges
            continue
        notes = counter.notes
        lines += len(notes) >= 4
        for i, n in enumerate(notes):
            span = _span_at(stages.progression, n.start)
            if span.chord.contains(n.pitch):
                continue
            # a step either side, within the same run of the line
            assert 0 < i < len(notes) - 1, n
            before, after = notes[i - 1], notes[i + 1]
            assert 1 <= abs(n.pitch - before.pitch) <= 2 and 1 <= abs(after.pitch - n.pitch) <= 2
            assert _span_at(stages.progression, after.start).chord.contains(after.pitch)
    assert lines >= 4


def test_two_soundings_differ_from_the_first_bucket_whose_notes_or_kept_tones_differ():
    """Sounding.differs_from: None where both hold the same; else a tick at or before the onset of
    the first note (or kept tone) one holds and the other does not, so nothing before it differs."""
    from composer.arrange.vertical import BUCKET

    a, b = Sounding(), Sounding()
    notes = [Note(0, 960, 60, 80), Note(3 * BUCKET + 10, 480, 64, 80)]
    a.add("Harmony", notes)
    b.add("Harmony", notes)
    assert a.differs_from(b) is None and a.differs_from(a.copy()) is None
    b.add("Bass", [Note(5 * BUCKET + 100, 3 * BUCKET, 40, 80)])
    assert a.differs_from(b) == b.differs_from(a) == 5 * BUCKET
    a.keep(7, 2 * BUCKET + 1, 2 * BUCKET + 50, ("Harmony",))
    assert a.differs_from(b) == 2 * BUCKET

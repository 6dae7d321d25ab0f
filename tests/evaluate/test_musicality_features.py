"""The evaluation's measures on melodies whose answers are known by hand."""

import math

import numpy as np
import pytest

from composer.evaluate.compare import overlap
from composer.evaluate.features import (
    LENGTH_CLASSES, length_class, pc_entropy, repeated_patterns, statistics, yang_lerch,
)
from composer.evaluate.melodies import EvalMelody, EvalNote, excerpts, from_ticks
from composer.evaluate.references import is_chord_tone
from composer.piece import Meter, Note


def melody(pitches, length=1.0, tonic=0, chord=None, meter="4/4"):
    notes = tuple(EvalNote(i * length, length, p, 3 if i % 4 == 0 else 1,
                           None if chord is None else p % 12 in chord, chord)
                  for i, p in enumerate(pitches))
    return EvalMelody("m", tonic, meter, notes)


def test_interval_statistics():
    m = melody([60, 62, 64, 65, 67, 76, 74, 72])
    s = statistics(m)
    assert s["steps"] == pytest.approx(6 / 7)
    assert s["leaps"] == pytest.approx(1 / 7)  # 67 -> 76 is a major sixth
    assert s["mean_interval"] == pytest.approx((2 + 2 + 1 + 2 + 9 + 2 + 2) / 7)
    assert s["range"] == 16
    assert s["ends_on_tonic"] == 1.0
    assert statistics(melody([60, 62, 64]))["ends_on_tonic"] == 0.0


def test_entropy_of_a_scale_is_log2_seven():
    assert pc_entropy(melody([60, 62, 64, 65, 67, 69, 71])) == pytest.approx(math.log2(7))
    assert pc_entropy(melody([60, 72, 60])) == 0.0


def test_repeated_patterns_need_the_same_intervals_and_gaps():
    figure = [60, 62, 64, 60]
    assert repeated_patterns(melody(figure * 3)) == 1.0
    assert repeated_patterns(melody([60 + 2 * i for i in range(8)] + [61, 70, 64, 59])) < 1.0
    rising = melody([60 + i * i for i in range(10)])  # every interval different
    assert repeated_patterns(rising) == 0.0
    # The same pitches in another rhythm are another pattern.
    notes = list(melody(figure * 2).notes)
    notes[5] = EvalNote(notes[5].onset + 0.5, 0.5, notes[5].pitch, 1)
    assert repeated_patterns(EvalMelody("m", 0, "4/4", tuple(notes))) < 1.0


def test_strong_beat_chord_tones():
    m = melody([60, 62, 64, 65, 62, 64, 67, 65], chord=(0, 4, 7))
    assert statistics(m)["strong_chord_tones"] == 0.5  # 60 yes, 62 no on the two downbeats
    assert statistics(melody([60, 62]))["strong_chord_tones"] is None


def test_yang_lerch_features():
    m = melody([60, 62, 64, 62, 60], length=0.5)
    f = yang_lerch(m)
    assert f["pitch_count"] == 3 and f["pitch_range"] == 4 and f["note_count"] == 5
    assert f["avg_interval"] == 2 and f["avg_ioi"] == 0.5
    assert f["pc_histogram"].sum() == pytest.approx(1) and f["pc_histogram"][2] == pytest.approx(0.4)
    assert f["pc_transitions"].shape == (12, 12) and f["pc_transitions"][0, 2] == pytest.approx(0.25)
    assert f["length_histogram"][LENGTH_CLASSES.index(0.5)] == 1
    assert length_class(1.0) == LENGTH_CLASSES.index(1.0)
    assert length_class(1.45) == LENGTH_CLASSES.index(1.5)
    assert length_class(9.0) == LENGTH_CLASSES.index(4.0)


def test_transposition_to_a_common_signature():
    a_minor = EvalMelody("m", 9, "4/4", melody([69, 71, 72]).notes, parent=0)
    assert a_minor.transposed_to_c().notes[0].pitch == 69  # already on the white keys
    d_major = melody([62, 66, 69], tonic=2).transposed_to_c()
    assert [n.pitch for n in d_major.notes] == [60, 64, 67]
    g_major = melody([67, 71], tonic=7).transposed_to_c()
    assert [n.pitch for n in g_major.notes] == [72, 76]  # the nearer way (up a fourth)


def test_from_ticks_marks_strength_and_chords():
    notes = [Note(0, 480, 60, 80), Note(480, 480, 62, 80), Note(960, 960, 64, 80)]
    m = from_ticks("x", 0, Meter(4, 4), notes, [(0, 1920, (0, 4, 7))])
    assert [n.strength for n in m.notes] == [3, 1, 2]
    assert [n.chord_tone for n in m.notes] == [True, False, True]
    assert m.notes[2].onset == 2.0 and m.notes[2].duration == 2.0


def test_excerpts_are_folk_song_sized():
    notes = tuple(EvalNote(float(i), 1.0, 60 + i % 5, 1) for i in range(100))
    cut = excerpts(EvalMelody("long", 0, "4/4", notes))
    assert len(cut) == 2  # 48-beat excerpts of 3 phrases, the short rest joined to the last
    assert all(n.onset < 52 for e in cut for n in e.notes) and len(cut[0].notes) == 48
    assert sum(len(e.notes) for e in cut) == 100
    waltz = EvalMelody("w", 0, "3/4", notes)
    assert max(n.onset for n in excerpts(waltz)[0].notes) < 48  # four 4-bar phrases of 3/4


def test_overlap_of_densities():
    rng = np.random.default_rng(0)
    a = rng.normal(0, 1, 2000)
    assert overlap(a, rng.normal(0, 1, 2000)) > 0.9
    assert overlap(a, rng.normal(8, 1, 2000)) < 0.05
    middle = overlap(a, rng.normal(1, 1, 2000))
    assert 0.5 < middle < 0.75  # two unit normals a sigma apart overlap by about 0.62


def test_chorale_chord_tone_templates():
    assert is_chord_tone(0, {4, 7})  # C over E G
    assert is_chord_tone(10, {0, 4, 7})  # the seventh of C7
    assert is_chord_tone(2, {2, 7})  # doubled
    assert not is_chord_tone(2, {0, 4, 7})  # D over a C triad: a passing tone
    assert not is_chord_tone(5, {0, 4, 7})  # a suspended fourth

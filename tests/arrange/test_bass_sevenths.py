"""The bass leaves a chord's seventh only by its fall (composer.arrange._resolves)."""

from bisect import bisect_right

from composer import compose_stages
from composer.arrange import _approach_tone, _bass_tone, _resolves
from composer.arrange.phrasing import LEAP
from composer.arrange.vertical import Sounding
from composer.evaluate.generated import held_out_scene
from composer.harmony.span import ChordSpan
from composer.piece import Note
from composer.plan import PartPlan
from composer.scene import parse_scene
from composer.scene.instruments import Instrument
from composer.theory import Key
from composer.theory.chords import Chord
from composer.theory.motion import line_at

A_MAJOR = Key(9, "ionian")
# held-out 79's last cadence (a composer's reading): V7 on beat 3 into the final I
V7 = ChordSpan(960, 960, Chord("V7", 4, 4, (4, 8, 11, 2), 4), A_MAJOR, (52, 56, 62, 64), 40)  # E G# B D
I = ChordSpan(1920, 1920, Chord("I", 0, 9, (9, 1, 4), 9), A_MAJOR, (57, 61, 64), 33)  # A C# E


def _bass():
    return PartPlan("Bass", Instrument("Acoustic Bass", 32), 1, 33, 55)


def test_the_seventh_falls_by_step_or_stays():
    assert not _resolves(V7, 38, 33)  # D2 -> A1: a leap from the seventh
    assert _resolves(V7, 38, 37) and _resolves(V7, 38, 36) and _resolves(V7, 38, 38)
    assert _resolves(V7, 40, 33) and _resolves(V7, 47, 33)  # the root and the fifth may leap
    assert _resolves(I, 45, 40)  # a triad has no seventh


def test_the_leap_into_the_final_tonic_is_not_from_the_seventh():
    # the tones a fourth or fifth from A1 under V7 are E and D; E2 is the chord's own bass and E1
    # lies under the range, so the approach steps in from B1 rather than leaping from D2
    tone = _approach_tone(_bass(), V7, I, LEAP, 1440, Sounding())
    assert tone is not None and tone % 12 != 2
    assert tone == 35


def test_a_figure_note_into_the_change_is_not_the_seventh_leaping():
    tune_at = line_at([Note(1440, 960, 69, 80)])  # the tune's A4 held into the arrival
    chosen = _bass_tone((38, 40, 35), (), 1440, 1920, V7, Note(960, 480, 40, 80), (1920, 33),
                        tune_at, Sounding())
    assert chosen != 38


def test_held_out_79_s_bass_leaves_no_seventh_by_a_leap():
    name, text = held_out_scene(78)
    stages = compose_stages(parse_scene(text, name), 1)
    spans = stages.progression
    starts = [s.start for s in spans]
    bass = sorted(next(p for p in stages.arrangement.parts if p.role == "Bass").notes,
                  key=lambda n: (n.start, n.pitch))
    line = [n for k, n in enumerate(bass) if k == 0 or n.start != bass[k - 1].start]  # lowest per onset
    for n, after in zip(line, line[1:]):
        span = spans[bisect_right(starts, n.start) - 1]
        if after.start == n.end and span.chord.seventh == n.pitch % 12:
            assert n.pitch - after.pitch in (0, 1, 2), (n, after)

"""The room the tune leaves the accompaniment (composer.arrange.room): a voice over it goes an
octave down or rests, a chord that gave way is refilled under it, and the Texture takes the
Harmony's decision."""

from composer.arrange import _under_tune
from composer.arrange.room import CHORD_TONES, LINE_GAP, TUNE_CLEARANCE, give_way, refill, room
from composer.arrange.vertical import Sounding
from composer.harmony.span import ChordSpan
from composer.piece import Note
from composer.theory import Key
from composer.theory.chords import Chord
from composer.theory.instruments import practical_range

E_FLAT = Key(3, "ionian")
TONIC = Chord("I", 3, 3, (3, 7, 10), 3)  # Eb G Bb
SPAN = ChordSpan(0, 1920, TONIC, E_FLAT, (51, 55, 58, 63), 39)  # Eb3 G3 Bb3 Eb4 over Eb2
STRINGS_FLOOR = practical_range(48)[0]  # String Ensemble 1's (E1)


def _sounding(tune: list[int], bass: int = 39) -> Sounding:
    sounding = Sounding()
    sounding.add("Melody", [Note(i * 480, 480, p, 80) for i, p in enumerate(tune)])
    sounding.add("Bass", [Note(0, 1920, bass, 80)])
    return sounding


def test_the_room_is_a_tone_under_the_tunes_lowest_note_and_only_the_tunes():
    sounding = _sounding([65, 60, 67, 62])
    sounding.add("Harmony", [Note(0, 1920, 70, 80)])  # another part is no tune to make room for
    assert room(sounding, 0, 1920) == 60 - TUNE_CLEARANCE
    assert room(sounding, 0, 480 - LINE_GAP) == 65 - TUNE_CLEARANCE
    assert room(sounding, 0, 480) == 60 - TUNE_CLEARANCE  # the next note within LINE_GAP
    assert room(sounding, 1920 + LINE_GAP, 2400) == 127  # the tune is silent


def test_the_tunes_short_rests_are_still_its_line():
    """Storm at seed 2, bar 50: the tune's furious stabs (a sixteenth, a dotted eighth's rest)
    left the room open in every rest, and the same strings' arpeggio tops rang A4 over its F4."""
    sounding = Sounding()
    sounding.add("Melody", [Note(0, 120, 65, 80), Note(480, 120, 65, 80)])  # F4 stabs
    assert room(sounding, 240, 360) == 65 - TUNE_CLEARANCE  # a dotted eighth's rest: the line
    assert room(sounding, 1200, 1320) == 127  # a rest of a beat and more: free


def test_a_voice_over_the_room_goes_an_octave_down_or_rests():
    assert give_way(55, 58, STRINGS_FLOOR, 39) == 55  # under the room: as it is
    assert give_way(63, 58, STRINGS_FLOOR, 39) == 51  # an octave down
    assert give_way(72, 58, STRINGS_FLOOR, 39) is None  # an octave down is still over the tune
    assert give_way(63, 58, 55, 39) is None  # under the instrument's floor
    assert give_way(63, 58, STRINGS_FLOOR, 51) is None  # on or under the bass
    # clear of mud (the lower interval limits): F2 a minor third over D2 is mud, and so is C3 a
    # tone over a B-flat2 sounding in another part; onto that B-flat2 it adds no interval
    assert give_way(53, 50, STRINGS_FLOOR, 38) is None
    assert give_way(60, 50, STRINGS_FLOOR, 38, lower=[46]) is None
    assert give_way(58, 50, STRINGS_FLOOR, 38, lower=[46]) == 46


def test_a_chord_that_gave_way_is_refilled_under_the_room_root_first():
    added = refill(SPAN, [55], 58, STRINGS_FLOOR, lambda q: True)
    assert added == [51, 58]  # the root, then the fifth, each as high as fits under B-flat3
    assert len({55, *added}) == CHORD_TONES
    assert refill(SPAN, [51, 55, 58], 58, STRINGS_FLOOR, lambda q: True) == []  # not short
    assert refill(SPAN, [55], 58, STRINGS_FLOOR, lambda q: q != 51) == [58, 43]  # what fits


def test_a_chord_with_no_room_left_under_the_tune_doubles_its_bass_before_its_voices():
    """G2 Bb2 under a tune whose room ends at C3: no tone it lacks fits between the bass and the
    room, so the Harmony takes the bass's Eb2 (no interval added, under the tune) rather than its
    voices as voiced, over the tune (held-out 39 at seed 2: B3 struck on a cello's B3); a
    Texture, offered no voices, does not double the bass."""
    assert refill(SPAN, [43, 46], 48, STRINGS_FLOOR, lambda q: True, spare=[51, 55]) == [39]
    assert refill(SPAN, [43, 46], 48, STRINGS_FLOOR, lambda q: q != 39, spare=[51, 55]) == [51]
    assert refill(SPAN, [43, 46], 48, STRINGS_FLOOR, lambda q: True) == []


def test_a_texture_under_a_low_tune_gives_way_and_keeps_its_tones():
    """A horn singing around C4 over strings striking Eb3-G4: no string tone stays on, over or a
    semitone under the horn, and the chord still sounds three tones over the bass."""
    chord = [55, 58, 63, 67]  # G3 Bb3 Eb4 G4
    tune = [60, 62, 63, 65]
    placed = _under_tune(chord, SPAN, 0, 1920, _sounding(tune), STRINGS_FLOOR, True)
    assert placed and max(placed) <= min(tune) - TUNE_CLEARANCE
    assert len(set(placed)) >= CHORD_TONES and min(placed) > SPAN.bass
    assert {p % 12 for p in placed} <= set(TONIC.pcs)
    # a pedal that cannot sit under the tune rests rather than turn into another tone
    assert _under_tune([63], SPAN, 0, 1920, _sounding([50]), STRINGS_FLOOR, False) == []


def test_a_texture_under_a_high_tune_is_untouched():
    chord = [55, 58, 63, 67]
    assert _under_tune(chord, SPAN, 0, 1920, _sounding([74, 79, 77, 75]), STRINGS_FLOOR, True) == chord
    assert _under_tune(chord, SPAN, 0, 1920, _sounding([]), STRINGS_FLOOR, True) == chord

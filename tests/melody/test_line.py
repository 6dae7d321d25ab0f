"""The line's smoothing (composer.melody.fit.smooth) on hand-made slots: what it does where a
cadence or summit note is fixed far from the note before it."""

from composer.harmony.span import ChordSpan
from composer.melody import bridged
from composer.melody.fit import Slot, smooth
from composer.theory import Chord, Key

E_MINOR = Key(4, "minor")
IV7 = Chord("iv7", 3, 9, (9, 0, 4, 7), 9)  # A C E G
I = Chord("i", 0, 4, (4, 7, 11), 4)


def span(chord: Chord, start: int) -> ChordSpan:
    return ChordSpan(start, 960, chord, E_MINOR, (45, 52, 57, 60), 33)


def test_a_line_falling_from_its_summit_onto_a_far_cadence_tone_does_not_leap_a_tritone():
    """Held-out 28 at seed 1: the summit E6, one note, then a turned cadence whose first note is
    F#5. The note between could only be B5, C6 or D6 (its planned D6's neighbours and chord tones
    within a third); C6 won and leapt a tritone down onto F#5, which a teacher marks. Offered the
    chord's tones between (bridged), the line falls E6 A5 F#5."""
    iv7, i = span(IV7, 0), span(I, 960)
    slots = [Slot(88, (88,), iv7, True, True, True),
             Slot(86, (83, 84, 86), iv7, False, True, True),
             Slot(78, (78,), i, True, True, True),
             Slot(76, (76,), i, False, True, False)]
    line = smooth(bridged(slots, 60, 87), None)
    assert abs(line[1] - line[2]) != 6, line
    assert line[1] in (79, 81), line  # a chord tone on the way down
    # Where the fixed note is near, nothing is offered beyond the slot's own candidates.
    near = [Slot(84, (84,), iv7, True, True, True), Slot(83, (81, 83, 84), iv7, False, True, True),
            Slot(79, (79,), i, True, True, False)]
    assert bridged(near, 60, 87) == near


def test_a_chords_seventh_in_the_tune_falls_by_step_into_the_next_chord():
    """The seventh of V7 (A over B D# F#) is a dissonance resolved down by step (Aldwell &
    Schachter): planned to rise to B4 over the tonic, the line takes G4 instead. A major seventh
    or a triad's tone is free to go either way."""
    v7 = Chord("V7", 4, 11, (11, 3, 6, 9), 11)
    assert v7.seventh == 9 and IV7.seventh == 7 and I.seventh is None
    assert Chord("IVmaj7", 3, 9, (9, 1, 4, 8), 9).seventh is None
    slots = [Slot(69, (69,), span(v7, 0), True, True, True),
             Slot(71, (67, 71), span(I, 960), True, True, False)]
    assert smooth(slots, None) == [69, 67]
    triad = Chord("V", 4, 11, (11, 3, 6), 11)
    slots[0] = Slot(71, (71,), span(triad, 0), True, True, True)
    assert smooth(slots, None) == [71, 71]


F_MAJOR = Key(5, "ionian")
F_I = Chord("I", 0, 5, (5, 9, 0), 5)  # F A C


def test_a_non_chord_tone_steps_onto_a_chord_tone_not_onto_another_dissonance():
    """The first snow's chime over F major: F5, then D5 (the sixth) leapt into and stepping up to
    E5 (the chord's major seventh). A dissonance resolves onto a consonance (Aldwell & Schachter,
    ch. 10): that D5 is no appoggiatura but a wrong note, priced as one; stepping on into F5, or
    passing C5 D5 E5 F5 in a run, it is a decoration."""
    from composer.melody.fit import COST_BAD_DECORATION, COST_DECORATION, _decoration_cost

    i = ChordSpan(0, 1440, F_I, F_MAJOR, (53, 57, 60, 65), 41)
    d5 = Slot(74, (74,), i, False, True, True)
    after = Slot(76, (76,), i, False, True, True)
    assert _decoration_cost(d5, 77, 74, 76, after) == COST_BAD_DECORATION  # F5 D5 E5
    assert _decoration_cost(d5, 76, 74, 72, after) == COST_DECORATION  # E5 D5 C5: onto C5
    assert _decoration_cost(d5, 72, 74, 76, after) == COST_DECORATION  # C5 D5 E5 (F5): a run


def test_a_note_is_not_struck_a_third_time_where_the_motif_moved():
    """Planned to move on from a repeated C5, a line that could strike C5 a third time takes A4,
    a chord tone a third away, rather than stutter; a third strike the motif plans stays."""
    i = ChordSpan(0, 1920, F_I, F_MAJOR, (53, 57, 60, 65), 41)
    moving = [Slot(72, (72,), i, True, False, True), Slot(72, (72,), i, False, True, True),
              Slot(74, (69, 72), i, False, True, False)]
    assert smooth(moving, None)[2] == 69
    planned = [Slot(72, (72,), i, True, False, True), Slot(72, (72,), i, False, True, True),
               Slot(72, (69, 72), i, False, True, False)]
    assert smooth(planned, None)[2] == 72

"""Two voices moving together (composer.theory.motion): a line against a chord part's voices, read
voice by voice, music21 judging the consecutive octaves and fifths."""

from music21 import note, voiceLeading

from composer.theory.motion import doubles, paired, semitones


def _consecutive(p0, p1, b0, b1):
    q = voiceLeading.VoiceLeadingQuartet(note.Note(midi=p0), note.Note(midi=p1), note.Note(midi=b0),
                                         note.Note(midi=b1))
    return q.parallelUnisonOrOctave() or q.parallelFifth()


def test_a_chord_part_s_voices_are_read_in_order_or_to_the_nearest():
    assert paired((51, 58, 63, 73), (56, 60, 65, 72)) == [(51, 56), (58, 60), (63, 65), (73, 72)]
    # a voice that gave way to the tune: each tone of the smaller strike to the nearest of the other
    assert paired((56, 60, 63, 68), (53, 58, 61)) == [(56, 53), (56, 58), (60, 61)]
    assert paired((), (60,)) == []


def test_a_bass_rising_5_6_under_a_voice_rising_with_it_is_doubled():
    # held-out 1 at seed 1, bar 46: V65 -> vi6 in A flat, the bass leaping Eb2 -> Ab2 under the
    # Harmony's Eb3 Bb3 Eb4 Db5 -> Ab3 C4 F4 C5
    before, after = (51, 58, 63, 73), (56, 60, 65, 72)
    assert doubles(39, 44, before, after)
    assert any(_consecutive(p, q, 39, 44) for p, q in paired(before, after))
    # the bass stepping Bb2 -> Ab2 instead moves against the voices
    assert not doubles(46, 44, before, after)
    assert not any(_consecutive(p, q, 46, 44) for p, q in paired(before, after))
    # a bass holding its note moves with nothing
    assert not doubles(44, 44, before, after)


def test_a_tone_left_by_a_leap_and_one_reached_by_a_leap_a_semitone_away_are_one_voice():
    # held-out 71 at seed 1, bars 39-40: V7 -> VI in G minor, the Harmony's D3 F#3 A3 C4 ->
    # Bb2 Eb3 G3 Bb3 over the bass's D2 -> Eb2; written voice by voice, D3 -> Bb2 and F#3 -> Eb3
    # move with the bass in nothing, but the ear follows D3 to Eb3, in octaves with it
    before, after = (50, 54, 57, 60), (46, 51, 55, 58)
    assert not any(_consecutive(p, q, 38, 39) for p, q in paired(before, after))
    assert (50, 51) in semitones(before, after) and _consecutive(50, 51, 38, 39)
    assert doubles(38, 39, before, after)
    # V -> VI as the textbooks lead it, E2 | B3 E4 G#4 -> F2 | A3 C4 A4: B3 steps to A3 and
    # G#4 to A4, and B3 is not heard going on to C4 (a fifth with the bass) for that
    assert semitones((59, 64, 68), (57, 60, 69)) == []
    assert not doubles(40, 41, (59, 64, 68), (57, 60, 69))

"""Two voices moving together (composer.theory.motion): a line against a chord part's voices, read
voice by voice, music21 judging the consecutive octaves and fifths."""

from music21 import note, voiceLeading

from composer.theory.motion import doubles, paired


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

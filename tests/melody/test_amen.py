"""A plagal close's tune holds its last note, the tonic, from the authentic arrival through the
amen (composer.melody.amen)."""

from composer.harmony.close import CLOSES
from composer.harmony.span import ChordSpan
from composer.melody import AMEN_APPROACH, Tone, amen
from composer.theory import Key
from composer.theory.chords import parse_figure

C = Key(0, "ionian")
BAR = 1920


def _spans(close: str):
    figures = (("V7", 0, BAR), ("I", BAR, BAR // 2), ("IV64", BAR + BAR // 2, BAR // 2), ("I", 2 * BAR, BAR))
    out = []
    for i, (figure, start, length) in enumerate(figures):
        chord = parse_figure(figure, C)
        out.append(ChordSpan(start, length, chord, C, (55, 60, 64, 67), 36,
                             close=close if i == len(figures) - 1 else ""))
    return out


def _line(before: int):
    return [Tone(0, BAR // 2, 65), Tone(BAR // 2, BAR // 2, before), Tone(BAR, BAR // 2, 64),
            Tone(BAR + BAR // 2, BAR // 2, 62), Tone(2 * BAR, BAR, 60, fixed=True)]


def test_the_tune_holds_the_tonic_from_the_arrival_through_the_amen():
    tones = _line(62)
    amen(tones, _spans("plagal"))
    assert [(t.start, t.pitch) for t in tones] == [(0, 65), (BAR // 2, 62), (BAR, 60)]
    assert tones[-1].end == 3 * BAR


def test_only_a_plagal_close_and_only_from_near_by():
    plain = _line(62)
    amen(plain, _spans("authentic"))
    assert len(plain) == 5  # no amen: the line as written
    far = _line(60 + AMEN_APPROACH + 2)  # a leap of more than a fourth into the arrival
    amen(far, _spans("plagal"))
    assert len(far) == 5
    seventh = _line(65)  # V7's F4, whose way on is a step down, not a fourth onto the tonic
    amen(seventh, _spans("plagal"))
    assert len(seventh) == 5


def test_the_tonic_moves_an_octave_to_meet_the_line_inside_its_compass():
    tones = _line(62)
    tones[0].pitch, tones[2].pitch = 77, 60  # the line spans C4-F5
    tones[-1].pitch = 72  # the tonic placed an octave over the note before the arrival (D4)
    amen(tones, _spans("plagal"))
    assert tones[-1].pitch == 60 and tones[-1].start == BAR
    high = _line(62)
    high[-1].pitch = 72  # C4 lies under the line's compass (D4-F4): the tonic stays, too far
    amen(high, _spans("plagal"))
    assert len(high) == 5 and high[-1].pitch == 72
    assert CLOSES["plagal"].pedal

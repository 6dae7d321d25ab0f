"""The tune does not move with the chords' basses from one strong beat to the next in fifths or
octaves heard through the notes between (composer.melody.cadence.part_on_strong_beats; Aldwell &
Schachter ch. 7; Lehmann, second species: consecutive octaves on consecutive strong beats)."""

from dataclasses import replace
from pathlib import Path

from composer import compose_plan, load_scene
from composer.harmony.span import ChordSpan
from composer.melody.cadence import chord_basses, part_on_strong_beats
from composer.melody.fit import Harmony, Tone
from composer.melody.frame import Frame
from composer.theory import Key
from composer.theory.chords import parse_figure
from composer.theory.motion import line_at, parallel_through

SCENES = Path(__file__).resolve().parents[2] / "scenes"
G = Key(7, "ionian")
BAR = 1920
QUARTER = BAR // 4


def _frame() -> Frame:
    """A real piece's frame (4/4) over G major's I | V, the bass G2 held through bar 1, D2 in 2."""
    spans = [ChordSpan(i * BAR, BAR, parse_figure(figure, G), G, (55, 59, 62, 67), bass)
             for i, (figure, bass) in enumerate((("I", 43), ("V", 38)))]
    plan = compose_plan(load_scene(SCENES / "beach.toml"), 1)
    assert plan.meter.bar_ticks == BAR
    frame = Frame.of(plan, Harmony.of(spans))
    return replace(frame, climax=replace(frame.climax, pitch=88), floor=55, top=88)


def _line(arrival: int):
    """B4 | G5 E5 on beats 3 and 4 | `arrival` on the next downbeat, A5 on beat 3."""
    return [Tone(0, BAR // 2, 71), Tone(BAR // 2, QUARTER, 79),
            Tone(BAR // 2 + QUARTER, QUARTER, 76),
            Tone(BAR, BAR // 2, arrival), Tone(BAR + BAR // 2, BAR // 2, 81)]


def _parallels(tones, frame) -> list[int]:
    meter, tune, bass = frame.meter, line_at(tones), chord_basses(frame)
    return [t for t in range(0, 2 * BAR, QUARTER)
            if parallel_through(meter, tune, bass, t) is not None]


def test_the_downbeat_after_octaves_with_the_held_bass_takes_another_tone():
    """G5 over G2 on beat 3, the bass holding; D5 over D2 on the next downbeat: octaves on
    consecutive strong beats, heard through the passing E5. D5 becomes the tone of V the passing
    note still steps to (F#5), and nothing is left consecutive."""
    frame = _frame()
    tones = _line(74)
    assert _parallels(tones, frame) == [BAR]
    assert part_on_strong_beats(tones, frame) == 1
    assert tones[3].pitch == 78
    assert _parallels(tones, frame) == []


def test_a_downbeat_on_another_interval_is_left_alone():
    """B4 over D2 after G5 over G2 is no consecutive octave: the tune stays as it is."""
    frame = _frame()
    tones = _line(71)
    assert _parallels(tones, frame) == []
    assert part_on_strong_beats(tones, frame) == 0
    assert [t.pitch for t in tones] == [71, 79, 76, 71, 81]


def test_a_fixed_note_stays_and_the_other_moves():
    """The downbeat's D5 fixed (a cadence's tone): the G5 on beat 3 takes another tone of I
    instead, within reach of B4 before it and the passing E5 after."""
    frame = _frame()
    tones = _line(74)
    tones[3].fixed = True
    assert part_on_strong_beats(tones, frame) == 1
    assert tones[3].pitch == 74 and tones[1].pitch != 79
    assert _parallels(tones, frame) == []

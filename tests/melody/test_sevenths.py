"""The tune's seventh over a dominant seventh, as the chord changes, falls by step or holds
(composer.melody.cadence: unresolved_sevenths, resolve_sevenths; Aldwell & Schachter ch. 15; the
licence where the bass takes its resolution)."""

from dataclasses import replace
from pathlib import Path

import pytest

from composer import compose_plan, compose_stages, load_scene
from composer.evaluate.generated import held_out_scene
from composer.harmony.span import ChordSpan
from composer.melody.cadence import resolve_sevenths, unresolved_sevenths
from composer.melody.fit import Harmony, Tone
from composer.melody.frame import Frame
from composer.scene import parse_scene
from composer.theory import Key
from composer.theory.chords import parse_figure

SCENES = Path(__file__).resolve().parents[2] / "scenes"
G = Key(7, "ionian")
BAR = 1920


def _spans(goal: str = "I"):
    """G major's IV | V7 | `goal`, a bar each."""
    out = []
    for i, figure in enumerate(("IV", "V7", goal)):
        chord = parse_figure(figure, G)
        out.append(ChordSpan(i * BAR, BAR, chord, G, (55, 59, 62, 67), 36 + chord.bass % 12))
    return out


def _frame(spans, summit: int = 84) -> Frame:
    plan = compose_plan(load_scene(SCENES / "beach.toml"), 1)
    frame = Frame.of(plan, Harmony.of(spans))
    return replace(frame, climax=replace(frame.climax, pitch=summit), floor=55, top=84)


def _line(*pitches):
    """One note a half bar, from the V7's bar on; the one before it on IV."""
    return [Tone(BAR // 2, BAR // 2, 69)] + [Tone(BAR + i * BAR // 2, BAR // 2, p)
                                               for i, p in enumerate(pitches)]


@pytest.mark.parametrize("pitches,goal,unresolved", [
    ((74, 72, 67), "I", True),  # D5 C5 | G4: the seventh leaps down a fourth (held-out 45)
    ((74, 72, 79), "I", True),  # ... or up
    ((74, 72, 71), "I", False),  # C5 -> B4: down by step
    ((74, 72, 72), "I", False),  # held into the tonic (struck again: a suspension's preparation)
    ((74, 72, 74), "I6", False),  # the bass takes B: the seventh may rise (V43-I6)
    ((74, 72, 74), "I", True),
    ((72, 74, 67), "I", False),  # the seventh sung inside the chord, not its last note
])
def test_the_last_seventh_over_the_dominant_seventh_falls_by_step(pitches, goal, unresolved):
    spans = _spans(goal)
    assert bool(unresolved_sevenths(_line(*pitches), spans)) == unresolved


def test_an_unresolved_seventh_becomes_another_tone_of_its_chord():
    """D5 C5 | G4 over V7 -> I (the tonic fixed, a cadence's) sings D5 A4 | G4: the nearest tone
    of D7 that is not the seventh, nor the leading tone, nor D5 struck again."""
    spans = _spans()
    tones = _line(74, 72, 67)
    tones[-1].fixed = True
    assert resolve_sevenths(tones, _frame(spans)) == 1
    assert [t.pitch for t in tones] == [69, 74, 69, 67]
    assert unresolved_sevenths(tones, spans) == []


def test_the_readings_seventh_at_held_out_45s_last_cadence_is_resolved():
    """Held-out 45 at seed 2, bar 15: Bb4 C5 D5 Eb5 F5 Eb5 | Bb4 over I64 -> V7 -> I: the
    seventh Eb5 leapt a fourth to the last tonic."""
    name, text = held_out_scene(44)
    stages = compose_stages(parse_scene(text, name), 2)
    spans = sorted(stages.progression, key=lambda s: s.start)
    notes = sorted(stages.melody, key=lambda n: n.start)
    assert unresolved_sevenths(notes, spans) == []
    bar = stages.plan.meter.bar_ticks
    last = [n.pitch for n in notes if n.start >= 14 * bar]
    assert last[-1] % 12 == 10  # still ending on B-flat


def test_of_ways_that_keep_as_many_figures_the_one_not_turning_back_wins():
    """_choose's tie-break (cadence.turns_back): C5 D5 [x] G5 where x may be C5 (D5 stepping back
    onto the C5 just left) or E5, neither keeping a figure the other does not: E5 is taken,
    though listed second; with no tie to break the first way still wins."""
    from composer.melody.cadence import _choose, turns_back

    tones = [Tone(i * 480, 480, p) for i, p in enumerate((72, 74, 71, 79))]
    assert turns_back([Tone(0, 480, 72), Tone(480, 480, 74), Tone(960, 480, 72)], 2) == 1
    assert _choose(tones, [(tones[2], 72), (tones[2], 76)])
    assert tones[2].pitch == 76
    assert _choose(tones, [(tones[2], 77), (tones[2], 76)])
    assert tones[2].pitch == 77


def test_figures_kept_counted_as_notes_move_match_the_tune_counted_again():
    """cadence.Figures re-reads only the windows a moved note sits in: after every move its
    count is the whole tune's counted afresh (figures_sung_again), which the mends' choices
    depend on note for note."""
    import random

    from composer.melody.cadence import Figures, figures_sung_again

    rng = random.Random(5)
    tones = [Tone(i * 240, 240, rng.choice((67, 69, 71, 72))) for i in range(60)]
    figures = Figures(tones)
    assert figures.sung_again == figures_sung_again(tones) > 0
    for _ in range(200):
        i = rng.randrange(len(tones))
        tones[i].pitch = rng.choice((67, 69, 71, 72, 74))
        figures.moved(i, i + 1)
        assert figures.sung_again == figures_sung_again(tones)

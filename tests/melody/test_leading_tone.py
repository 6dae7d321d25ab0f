"""The tune's leading tone at an authentic arrival rises to the tonic (composer.melody.cadence:
resolve_leading_tones; Aldwell & Schachter ch. 5: in an outer voice the leading tone resolves up,
the frustrated leading tone belongs to an inner voice), and the tune does not sing the bass's
5-1 into the arrival in octaves with it (part_from_the_bass; ch. 7)."""

from dataclasses import replace
from pathlib import Path

import pytest

from composer import compose_plan, compose_stages, load_scene
from composer.evaluate.generated import held_out_scene
from composer.harmony.span import ChordSpan
from composer.melody.cadence import (
    authentic_arrivals, leading_tone_unresolved, part_from_the_bass, resolve_leading_tones,
)
from composer.melody.fit import Harmony, Tone
from composer.melody.frame import Frame
from composer.scene import parse_scene
from composer.theory import Key
from composer.theory.chords import parse_figure

SCENES = Path(__file__).resolve().parents[2] / "scenes"
G = Key(7, "ionian")
BAR = 1920


def _spans(cadence: str | None = "authentic", last: str = "I"):
    """G major's IV V7 | I | `last`, the V7 and its goal on `cadence`."""
    out = []
    for i, (figure, start) in enumerate((("IV", 0), ("V7", BAR // 2), ("I", BAR), (last, 2 * BAR))):
        chord = parse_figure(figure, G)
        out.append(ChordSpan(start, BAR // 2 if i < 2 else BAR, chord, G, (55, 59, 62, 67),
                             36 + chord.pcs[0] % 12, cadence=cadence if 0 < i < 3 else None))
    return out


def _frame(summit: int) -> Frame:
    """A real piece's frame over _spans(), the summit at `summit`."""
    plan = compose_plan(load_scene(SCENES / "beach.toml"), 1)
    frame = Frame.of(plan, Harmony.of(_spans()))
    return replace(frame, climax=replace(frame.climax, pitch=summit), floor=55, top=84)


def _line(into: int, arrival: int):
    """E5 `into` | `arrival` D5 | G4, as held-out 71's last bars (G major, 4/4)."""
    return [Tone(0, BAR // 2, 76), Tone(BAR // 2, BAR // 2, into), Tone(BAR, BAR // 2, arrival),
            Tone(BAR + BAR // 2, BAR // 2, 74), Tone(2 * BAR, BAR, 67)]


def test_the_arrivals_are_the_tonic_after_its_dominant_on_a_closing_cadence():
    assert [s.start for s in authentic_arrivals(_spans())] == [BAR]
    assert authentic_arrivals(_spans("half")) == []  # a tonic opening the next phrase
    assert authentic_arrivals(_spans("authentic", "vi")) == [_spans()[2]]
    spans = _spans("half")[:3]  # the piece's last tonic counts, whatever the plan named it
    assert authentic_arrivals(spans) == [spans[2]]


def test_a_leading_tone_that_falls_a_third_rises_to_the_tonic():
    """Held-out 71's last cadence: F#5 -> D5 on G major's tonic becomes F#5 -> G5."""
    frame = _frame(84)
    tones = _line(78, 74)
    span = frame.harmony.at(BAR)
    assert leading_tone_unresolved(tones, span, frame.meter.pulse_ticks)
    assert resolve_leading_tones(tones, frame) == 1
    assert [t.pitch for t in tones] == [76, 78, 79, 74, 67]
    assert not leading_tone_unresolved(tones, span, frame.meter.pulse_ticks)


def test_under_the_summit_the_leading_tone_leaves_the_tune_instead():
    """Where the tonic above would reach the summit (heard once), the leading tone becomes another
    tone of its dominant, not its seventh."""
    frame = _frame(79)
    tones = _line(78, 74)
    assert resolve_leading_tones(tones, frame) == 1
    assert tones[2].pitch == 74  # the arrival as it was
    assert tones[1].pitch == 74  # D5: A5 lies over the summit, A4 and C5 too far or the seventh


@pytest.mark.parametrize("into,after", [
    ((78,), (79,)),  # 7-1
    ((78,), (81, 79)),  # 7-2-1: through the tonic's upper neighbour (a feminine lean)
])
def test_a_resolved_leading_tone_is_left_alone(into, after):
    frame = _frame(84)
    tones = [Tone(0, BAR // 2, 76), Tone(BAR // 2, BAR // 2, into[0])] + [
        Tone(BAR + i * BAR // 4, BAR // 4, p) for i, p in enumerate(after)]
    before = [t.pitch for t in tones]
    assert resolve_leading_tones(tones, frame) == 0
    assert [t.pitch for t in tones] == before


@pytest.mark.parametrize("index,seed", [(71, 1), (12, 2), (30, 1), (46, 2)])
def test_the_pieces_that_frustrated_their_leading_tone_resolve_it(index, seed):
    """Held-out pieces whose tune took the leading tone down at an authentic arrival (a plagal or
    codetta close's arrival inside the last phrase, a body note cleaned onto the leading tone
    after the cadence tone was chosen) now take it up to the tonic."""
    name, text = held_out_scene(index - 1)
    stages = compose_stages(parse_scene(text, name), seed)
    pulse = stages.plan.meter.pulse_ticks
    arrivals = authentic_arrivals(stages.progression)
    assert arrivals
    assert not any(leading_tone_unresolved(stages.melody, s, pulse) for s in arrivals)


def test_the_dominants_root_over_the_bass_before_the_arrival_leaves_the_tune():
    """D5 over the V7's D2 on beat 3, G5 over G2 at the arrival: octaves into the cadence. D5
    becomes the nearest other tone of V7 within reach either side (F#5, not the seventh C), which
    then rises to the tonic."""
    frame = _frame(84)
    tones = _line(74, 79)
    assert frame.harmony.at(BAR // 2).bass % 12 == 2
    assert part_from_the_bass(tones, frame) == 1
    assert tones[1].pitch == 78
    assert resolve_leading_tones(tones, frame) == 0  # F#5 -> G5 is already resolved
    # another tone of the dominant (B4 over D2) is no octave: left alone
    tones = _line(71, 79)
    assert part_from_the_bass(tones, frame) == 0


def test_held_out_17_no_longer_closes_in_octaves_with_its_bass():
    """Held-out 17 at seed 1 closed D4 over the V7's D2 on beat 3, G4 over G1 on the last
    downbeat. (Held-out 10's G5 over G1, C6 over C2, stays: its tune steps F5 G5 and E5 F5 G5
    through passing notes, and no other tone of the dominant lies a step from them.)"""
    from composer.theory.motion import strong_before

    name, text = held_out_scene(16)
    stages = compose_stages(parse_scene(text, name), 1)
    meter = stages.plan.meter
    for span in authentic_arrivals(stages.progression):
        t0 = strong_before(meter, span.start)
        before = next(s for s in stages.progression if s.start <= t0 < s.start + s.duration)
        sung = [n.pitch % 12 for n in stages.melody if n.start <= t0 < n.start + n.duration]
        assert not (sung and before.bass % 12 == before.chord.root == sung[0]), span.start

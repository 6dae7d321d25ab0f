"""A bar of many notes travels (composer.melody.motif.RUN_NOTES): its contour goes somewhere and
turns by step at its span's end or at the window's edge, rather than circling a note inside a
fourth."""

import random
from collections import Counter, defaultdict
from pathlib import Path
from statistics import median

import pytest

from composer import compose_plan, load_scene, scene_digest, stage_rng
from composer.harmony import harmonize
from composer.melody import compose_melody, run_span
from composer.melody.motif import (RUN_NOTES, RUN_SPAN, Motif, flowing, make_contour, sequenced,
                                   turned)

SCENES = Path(__file__).resolve().parents[2] / "scenes"


def test_a_run_turns_at_an_edge_by_step():
    rising = Motif((240,) * 6, (0, 1, 2, 3, 4, 5))
    # the ceiling two steps over its first note: it peaks there and comes back down by step
    assert turned(rising, -7, 2).contour == (0, 1, 2, 1, 0, -1)
    # the floor a step under it: a falling run turns and climbs
    assert turned(Motif((240,) * 6, (0, -1, -2, -3, -4, -5)), -1, 7).contour == (0, -1, 0, 1, 2, 3)
    assert turned(rising, -7, 7) == rising  # inside the window: as it was


def test_fragments_of_a_run_go_on_from_where_they_ended():
    rng = random.Random(1)
    # a rising pair three times: up the scale as far as a run spans, then back by step
    assert RUN_SPAN == 4 and sequenced((0, 1), 3, rng) == (0, 1, 2, 3, 4, 3)
    # a neighbour's turn goes on a third each time instead of circling its note
    turn = sequenced((0, 1, 0), 2, rng)
    assert abs(turn[3] - turn[0]) == 2 and turn[4] - turn[3] == 1
    # fewer than a run's notes in all: each statement a step from where the one before began
    short = sequenced((0, 2), 2, rng)
    assert abs(short[2]) == 1 and short[3] - short[2] == 2


def test_a_run_s_contour_spans_up_to_a_run_s_span_and_rarely_steps_back():
    rng = random.Random(3)
    runs = [make_contour(8, mood, rng) for mood in ("joy", "tender", "sad", "tense") for _ in range(50)]
    assert all(max(c) - min(c) <= RUN_SPAN for c in runs)
    assert median(max(c) - min(c) for c in runs) >= 4
    turns = sum(b - a == -(c - b) and abs(b - a) == 1 for r in runs for a, b, c in zip(r, r[1:], r[2:]))
    assert turns / sum(len(r) - 2 for r in runs) < 0.15


def test_the_examples_busy_bars_travel():
    """Bars of six notes or more in the example scenes at seed 1: their median span a tritone or
    more and under half of them inside a perfect fourth (the first violins of music21's Haydn,
    Mozart and Beethoven quartets: a median of 8 semitones, 21 % inside a fourth). Drawn as any
    figure, fragments sequenced a step from where they began, and folded into the window note by
    note, 54 % lay inside a fourth, the median span 5: runs circled a note (held-out 57's B5-D6
    zig-zag, twelve bars)."""
    spans, leaps = [], 0
    for path in sorted(SCENES.glob("*.toml")):
        scene = load_scene(path)
        plan = compose_plan(scene, 1)
        digest = scene_digest(scene)
        progression = harmonize(plan, stage_rng(1, "harmony", digest), loop=scene.music.loop)
        notes = compose_melody(plan, progression, stage_rng(1, "melody", digest))
        bars = defaultdict(list)
        for n in notes:
            bars[n.start // plan.meter.bar_ticks].append(n)
        for bar in bars.values():
            if len(bar) < RUN_NOTES:
                continue
            pitches = [n.pitch for n in bar]
            spans.append(max(pitches) - min(pitches))
            moves = [abs(b.pitch - a.pitch) for a, b in zip(bar, bar[1:])]
            if sum(m <= 2 for m in moves) >= 0.6 * len(moves):  # a run by step
                # folded back over an edge by an octave; not a new phrase's upbeat after a rest
                leaps += sum(m > 7 for m, a, b in zip(moves, bar, bar[1:])
                             if a.start + a.duration >= b.start)
    assert len(spans) >= 100
    assert median(spans) >= 6
    assert sum(s <= 5 for s in spans) / len(spans) <= 0.48
    assert leaps == 0


def _busy_bars(scene, seed=1):
    """The piece's melody as written to MIDI, its bars of RUN_NOTES or more notes: bar -> pitches."""
    from composer import compose

    piece = compose(scene, seed)
    melody = next(p for p in piece.parts if p.role == "Melody")
    bars = defaultdict(list)
    for n in sorted(melody.notes, key=lambda n: n.start):
        bars[n.start // piece.meter.bar_ticks].append(n.pitch)
    return {b: p for b, p in bars.items() if len(p) >= RUN_NOTES}


def test_a_run_passes_on_where_its_figure_struck_a_note_again():
    # a figure derived from a motif with a repeated note: each repeat becomes a step the way the
    # run goes on there
    assert flowing(Motif((240,) * 8, (0, 1, 1, 2, 3, 4, 4, 3))).contour == (0, 1, 2, 3, 4, 5, 4, 3)
    assert flowing(Motif((240,) * 6, (0, 0, -1, -2, -3, -2))).contour == (0, -1, -2, -3, -4, -3)
    kept = Motif((240,) * 6, (0, 1, 2, 3, 2, 1))
    assert flowing(kept) == kept
    assert flowing(Motif((480,) * 4, (0, 0, 1, 2))).contour == (0, 0, 1, 2)  # no run: as it was


def test_runs_move_through_the_window_rather_than_sing_one_span():
    """Held-out 71 at seed 1 (a composer's reading): "the turn" (bars 13-32) sang E5 down to G4 in
    seven of its busy bars, every run pinned under one ceiling. A piece remembers the spans its
    runs have sung (fit_run's `worn`): no span there in more than four bars, and no example
    sings one span in more than seven of its busy bars (storm sang one in ten)."""
    from composer.evaluate.generated import held_out_scene
    from composer.scene import parse_scene

    name, text = held_out_scene(70)
    busy = _busy_bars(parse_scene(text, name))
    turn = Counter(run_span(p) for b, p in busy.items() if 12 <= b < 32)
    assert max(turn.values()) <= 4, turn.most_common(3)
    for path in sorted(SCENES.glob("*.toml")):
        spans = Counter(run_span(p) for p in _busy_bars(load_scene(path)).values())
        assert not spans or max(spans.values()) <= 7, (path.stem, spans.most_common(2))


def test_runs_rarely_strike_a_note_again_straight_away():
    """Inside the examples' busy bars at seed 1, a note struck again at once (C5 C5 inside a run
    of eighths) at most once in three bars: 0.47 a bar before runs flowed (motif.flowing) and the
    smoothing priced a re-strike inside a run (fit.COST_RUN_RESTRIKE), 0.28 since."""
    again = bars = 0
    for path in sorted(SCENES.glob("*.toml")):
        for pitches in _busy_bars(load_scene(path)).values():
            bars += 1
            again += sum(a == b for a, b in zip(pitches, pitches[1:]))
    assert again <= bars / 3, (again, bars)


def test_a_run_derived_from_a_short_idea_goes_on_past_its_head():
    """A three-note idea's two moves, stated again and again through a derived run of six, zig-
    zagged inside a fourth; the run sings them once and goes on by step the way they ended, within
    RUN_SPAN. A longer idea's moves are still stated through the run (sequenced)."""
    from composer.melody.motif import HEAD_MOVES, derive

    eighths = (240,) * 8
    for moves in ((1, -2), (-1, 2), (2, -1), (-2, 1)):
        first = Motif((480, 480, 960), (0, moves[0], moves[0] + moves[1]))
        run = derive(first, eighths, "original").contour
        assert len(moves) < HEAD_MOVES and run[:3] == first.contour
        onward = [b - a for a, b in zip(run[2:], run[3:])]
        assert all(abs(m) == 1 for m in onward), run
        assert sum(a != b for a, b in zip(onward, onward[1:])) <= 1, run  # one way, one turn
        assert max(run) - min(run) <= RUN_SPAN
    longer = Motif((480,) * 4, (0, 1, -1, 0))
    assert derive(longer, eighths, "original").contour[:4] == (0, 1, -1, 0)
def test_a_flowing_figure_passes_on_where_it_struck_a_note_again():
    """Not only a run: an eighth-and-quarter figure's repeat between steps is made a step on, the
    way the line goes (held-out 79: A4 B4 C#5 C#5 after a half note, E4 F#4 E4 E4), but not back
    onto the note before (a neighbour turn circles as much); a repeat between opposite steps (a
    figure's peak), two quarters and a long note's echo stay."""
    half_and_eighths = (960, 240, 240, 240, 240)
    assert flowing(Motif(half_and_eighths, (0, 1, 2, 3, 3))).contour == (0, 1, 2, 3, 4)
    assert flowing(Motif(half_and_eighths, (0, -1, 0, -1, -1))).contour == (0, -1, 0, -1, -2)
    peak = Motif(half_and_eighths, (0, 1, 2, 2, 1))
    assert flowing(peak) == peak
    assert flowing(Motif((480,) * 4, (0, 1, 1, 2))).contour == (0, 1, 1, 2)
    assert flowing(Motif((720, 240, 960), (0, 0, 1))).contour == (0, 0, 1)


@pytest.mark.xfail(strict=True, reason="3 runs in 23 (0.13): bars 40-42, the answering period "
                   "after the summit sung a third lower (Frame.lowered), run G#4-D#5 in a "
                   "nine-semitone band three bars running; the one moved off its compass "
                   "keeps its lowest and highest notes")
def test_runs_in_a_narrow_window_move_off_the_compass_of_the_run_before():
    """Held-out 08 at seed 3 (a quiet opening in a nine-semitone window): its runs stood on C5-G5
    in bars 2, 3, 4, 5, 6 and 7, the smoothing bringing those fit_run had placed apart back onto
    the window's chord tones; 22 % of its runs sang the compass of the run before (the craft
    measure, composer.evaluate.craft.run_spans). A run heard on the compass of the one before is
    placed again off it (place_body's `spread`): the first phrase's second run climbs a step
    (D5-Ab5 after C5-G5), and at most one run in ten repeats a compass."""
    from composer.evaluate.craft import melody_line, run_spans
    from composer.evaluate.craft_report import compose_pieces
    from composer.evaluate.generated import held_out_scene
    from composer.scene import parse_scene

    name, text = held_out_scene(7)
    scene = parse_scene(text, name)
    score = next(iter(compose_pieces([scene], (3,)).values()))
    assert run_spans(score, melody_line(score)) <= 0.1
    busy = _busy_bars(scene, seed=3)
    assert (min(busy[1]), max(busy[1])) != (min(busy[2]), max(busy[2])), (busy[1], busy[2])


def test_every_second_run_on_one_compass_is_moved_and_echoes_are_kept():
    """Themes.same_compass, on runs as heard: a chain of runs on one compass has every second one
    moved (the runs between keep their place, the moved ones stand apart from both neighbours);
    a run more than RUN_AFTER bars after the one before, the bars the form repeats on purpose
    (`meant`: an echo, a return) and the climb (bars up to the summit) stay."""
    from composer.melody import Themes
    from composer.melody.fit import Tone

    plan = compose_plan(load_scene(SCENES / "storm.toml"), 1)
    bar = plan.meter.bar_ticks
    up = (60, 62, 63, 65, 67, 65)  # C4 up to G4 and back a step: compass C4-G4
    other = (58, 60, 62, 63, 65, 63)

    def body(runs: dict[int, tuple], first: int = 0):
        return [(Tone((first + j) * bar + i * (bar // 6), bar // 6, p), None)
                for j, pitches in runs.items() for i, p in enumerate(pitches)]

    themes = Themes(plan, random.Random(1))
    chain = body({0: up, 1: up[::-1], 2: up, 3: up, 4: other, 9: other})
    assert themes.same_compass(chain, 0, bar, -1, range(0)) == {1: up[::-1], 3: up}
    assert themes.same_compass(chain, 0, bar, -1, range(2)) == {2: up}
    assert themes.same_compass(chain, 0, bar, 2, range(0)) == {3: up}
    # the piece's last run before the phrase counts, within RUN_AFTER bars of the phrase's first
    themes.hear(body({0: up}), 0, bar)
    assert themes.same_compass(body({0: up}, 2), 2 * bar, bar, -1, range(0)) == {0: up}
    assert themes.same_compass(body({0: up}, 2), 2 * bar, bar, -1, range(1)) == {}  # a return
    assert themes.same_compass(body({0: up}, 5), 5 * bar, bar, -1, range(0)) == {}

"""The accompaniment follows the phrase: a continuation one rung up its ladder, a cadence bar that
settles (arrival held, a walk into the next phrase, a break for the melody's upbeat), and a piano's
waves rolled by one hand under middle C."""

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from composer import compose_stages, load_scene
from composer.scene import parse_scene
from composer.arrange import phrasing
from composer.arrange.phrasing import ARRIVE, BREAK, CADENCE, CONTINUATION, WALK, walk
from composer.character import FIGURES
from composer.patterns import HAND_TOP, PATTERNS, wave_index

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("beach", "kitchen", "storm", "last-visit", "summit", "first-snow")


@lru_cache(maxsize=None)
def stages(name: str, seed: int = 1):
    return compose_stages(load_scene(ROOT / "scenes" / f"{name}.toml"), seed)


def part(st, role):
    return next((p for p in st.arrangement.parts if p.role == role), None)


def in_bar(notes, bar, bar_ticks):
    return [n for n in notes if bar * bar_ticks <= n.start < (bar + 1) * bar_ticks]


def test_wave_rises_and_falls_through_the_tones_the_hand_holds():
    waves = PATTERNS["waves"]
    assert [wave_index(i, 5) for i in range(8)] == [f[0] for f in waves.figure]
    for tones in (2, 3, 4, 5):
        path = [wave_index(i, tones) for i in range(24)]
        assert set(path) == set(range(tones))
        assert all(abs(a - b) == 1 for a, b in zip(path, path[1:]))  # never strikes a tone twice


def test_walk_takes_the_scale_steps_between_and_never_leaps():
    c_major = (0, 2, 4, 5, 7, 9, 11)
    assert walk(c_major, 43, 48) == [45, 47]  # G up to C: A, B
    assert walk(c_major, 43, 36) == [41, 40, 38]  # G down to C: F, E, D
    assert walk(c_major, 43, 41) == []  # a step: nothing to walk
    assert walk(c_major, 43, 55) == []  # an octave: a leap, not a walk


@pytest.mark.parametrize("name", EXAMPLES)
def test_cadence_bars_settle_as_the_plan_says(name):
    st = stages(name)
    plan, arrangement = st.plan, st.arrangement
    bar = plan.meter.bar_ticks
    shapes = arrangement.shapes
    assert len(shapes) == plan.bars
    bass = part(st, "Bass")
    texture = part(st, "Texture")
    melody = part(st, "Melody")
    spans = {s.start for s in st.progression}
    summit = arrangement.summit
    for phrase in plan.phrases[:-1]:
        b = phrase.end_bar - 1
        shape = shapes[b]
        if phrase.bars < 2 or b == summit:
            continue
        assert shape.kind == CADENCE
        closes = phrase.end_bar == plan.section_at(phrase.start_bar).end_bar
        expected = ((phrasing.DRIVE,) if phrase.elided else (phrasing.SETTLE[phrase.cadence],) if closes
                    else tuple(o for o, _ in phrasing.SETTLES[phrase.cadence]))
        assert shape.settle in expected + (BREAK,)
        if shape.settle == phrasing.ECHO and bass is not None:
            # the figure runs through the bar's first half, then holds: the bass strikes in its
            # second half only where the chord changes there
            late = [n for n in in_bar(bass.notes, b, bar) if n.start >= b * bar + bar // 2]
            assert all(n.start in spans for n in late), (name, b + 1)
        if shape.settle == BREAK:
            # the melody leads in alone: it sounds from the lead-in, the moving parts do not start
            assert any(n.start == shape.lead_in for n in melody.notes)
            for p in (bass, texture):
                if p is not None:
                    assert not [n for n in in_bar(p.notes, b, bar) if n.start >= shape.lead_in]
        if bass is None or shape.settle not in (ARRIVE, WALK, BREAK):
            continue
        notes = in_bar(bass.notes, b, bar)
        changes = [t for t in spans if b * bar <= t < (b + 1) * bar]
        extra = [n for n in notes if n.start not in changes]
        if shape.settle == WALK and extra:
            # the way into the next phrase's first bass note the phrase chose (APPROACHES)
            line = sorted(notes, key=lambda n: n.start) + [min(
                (n for n in bass.notes if n.start >= (b + 1) * bar), key=lambda n: n.start)]
            walked = line[-len(extra) - 2:]
            steps = [y.pitch - x.pitch for x, y in zip(walked[1:], walked[2:])]
            arrival = next((s for s in st.progression if s.start == line[-1].start), None)
            if arrival is not None and line[-1].pitch % 12 != arrival.bass % 12:
                # the arrival took its chord's other position to part from the tune (the
                # parallels rule: arrange._other_position), after the way into it was chosen
                continue
            if shape.approach == phrasing.WALK_IN:  # steps of the scale
                assert all(0 < abs(d) <= 2 for d in steps), (name, b + 1)
            elif shape.approach == phrasing.LEAP:  # one tone a fourth or fifth from the goal,
                # or a step where that tone would be the chord's seventh (which falls by step)
                assert len(extra) == 1 and abs(steps[-1]) in (1, 2, 5, 7), (name, b + 1)
            elif shape.approach == phrasing.CHROMATIC:  # one tone a semitone from the goal
                assert len(extra) == 1 and abs(steps[-1]) == 1, (name, b + 1)
            else:  # the dominant struck again on the pulse
                assert shape.approach == phrasing.PEDAL, (name, b + 1, shape)
                assert all(n.pitch == walked[0].pitch for n in extra), (name, b + 1)
        else:
            assert not extra, (name, b + 1, shape)  # the arrival note held through its chord


def test_most_phrases_change_the_bass_figure_at_their_cadence():
    changed = total = 0
    for name in EXAMPLES:
        st = stages(name)
        bar = st.plan.meter.bar_ticks
        bass = part(st, "Bass")
        rhythm = Counter()
        by_bar = {}
        for n in bass.notes:
            by_bar.setdefault(n.start // bar, set()).add(n.start % bar)
        for b, onsets in by_bar.items():
            rhythm[b] = tuple(sorted(onsets))
        for b, shape in enumerate(st.arrangement.shapes):
            if shape.kind == CADENCE and shape.settle != phrasing.DRIVE and b - 1 in rhythm and b in rhythm:
                total += 1
                changed += rhythm[b] != rhythm[b - 1]
    assert total >= 10 and changed / total >= 0.6, (changed, total)


def test_continuation_bars_play_the_next_rung():
    for name in EXAMPLES:
        st = stages(name)
        for section in st.plan.sections:
            c = section.character
            # the section's ladder as it plays it (an interlude's bass moves: character.INTERLUDE_BASS)
            ladder = [c.figures_at(i - c.rung) for i in range(len(FIGURES[c.figures]))]
            rungs = [i for i, (h, b) in enumerate(ladder) if b == c.bass]
            assert any(ladder[min(i + 1, len(ladder) - 1)][1] == c.continuation[1] for i in rungs)
        assert any(s.kind == CONTINUATION for s in st.arrangement.shapes)


def test_piano_waves_lie_in_one_hand_and_do_not_overlap():
    from composer.arrange import _texture_figure

    # the beach's own figure, in a tender scene at the beach (the example's moments change it: a
    # new moment, a new figure)
    st = compose_stages(parse_scene('mood = ["tender"]\nlength = 90\n[setting]\nplace = "beach"\n', "tender-beach.toml"), 2)
    texture = part(st, "Texture")
    bar = st.plan.meter.bar_ticks
    waving = {b for b in range(st.plan.bars)
              if _texture_figure(st.plan.section_at(b).character, st.arrangement.shapes[b]) == "waves"
              and b != st.arrangement.summit}
    notes = sorted((n for n in texture.notes if n.start // bar in waving
                    and n.start < st.progression[-1].start), key=lambda n: n.start)
    assert len(notes) > 40
    assert all(n.pitch <= HAND_TOP for n in notes)
    assert all(a.end <= b.start for a, b in zip(notes, notes[1:]))  # one line; the pedal rings it


def test_phrases_develop_their_section_s_figure_along_its_ladder():
    developed = 0
    for name in EXAMPLES:
        st = stages(name)
        shapes = st.arrangement.shapes
        for section in st.plan.sections:
            c = section.character
            for k, phrase in enumerate(section.phrases):
                shape = shapes[phrase.start_bar]
                climax = phrase.start_bar <= st.arrangement.summit < phrase.end_bar
                if climax:  # the climax's phrase steps up where it can, and never down
                    assert shape.development != phrasing.DOWN
                    assert shape.development == phrasing.UP or not c.figures_at(1) or not any(
                        s.development == phrasing.UP for s in shapes)
                elif k == 0:
                    assert shape.development == phrasing.STATE
                # a neighbouring rung of the section's own ladder, or its own figure; the bass one
                # of the figures its phrase may take (phrasing.bass_choices)
                step = phrasing.STEPS[shape.development]
                assert shape.figures[0] == c.figures_at(step)[0]
                assert shape.figures[1] in dict(phrasing.bass_choices(st.plan, phrase, step, shape.figures[0]))
                if section.role in phrasing.NO_DOWN:
                    assert shape.development != phrasing.DOWN
                developed += shape.development != phrasing.STATE
    assert developed >= 10


def test_suspensions_resolve_down_by_step_and_inner_voices_move_to_chord_tones():
    suspensions = moves = 0
    for name in EXAMPLES:
        st = stages(name)
        harmony = part(st, "Harmony")
        starts = {}
        for n in harmony.notes:
            starts.setdefault(n.start, []).append(n.pitch)
        for a, b in zip(st.progression, st.progression[1:]):
            for n in harmony.notes:
                if n.start < b.start < n.end and not b.chord.contains(n.pitch) and a.chord.contains(n.pitch):
                    # held over the change: it falls by a step to a tone of the new chord at its end
                    assert any(1 <= n.pitch - p <= 2 and b.chord.contains(p) for p in starts.get(n.end, ())), \
                        (name, n)
                    suspensions += 1
        for span in st.progression:
            alone = [p for t, ps in starts.items() if span.start < t < span.end and len(ps) == 1 for p in ps]
            assert all(span.chord.contains(p) for p in alone), (name, span)
            moves += len(alone)
    assert suspensions >= 3 and moves >= 10, (suspensions, moves)


def test_a_section_s_cadences_do_not_all_settle_alike():
    settles = Counter()
    for name in EXAMPLES:
        for shape in stages(name).arrangement.shapes:
            if shape.kind == CADENCE:
                settles[shape.settle] += 1
    assert settles[phrasing.ECHO] >= 3 and settles[ARRIVE] + settles[WALK] >= 3, settles


def _own_seed(name: str):
    from composer import scene_seed

    scene = load_scene(ROOT / "scenes" / f"{name}.toml")
    return compose_stages(scene, scene_seed(scene))


def test_no_bass_approach_three_phrases_running():
    """The bass reaches its cadences (and leads on from a half cadence's dominant) in more than one
    way: never the same way three phrases running."""
    seen = Counter()
    for st in [stages(name) for name in EXAMPLES] + [_own_seed("last-visit")]:
        approaches = [st.arrangement.shapes[p.start_bar].approach for p in st.plan.phrases]
        seen.update(approaches)
        assert all(not a == b == c for a, b, c in zip(approaches, approaches[1:], approaches[2:]))
    assert set(seen) == {a for a, _ in phrasing.APPROACHES}


def test_the_last_visit_does_not_walk_out_of_its_half_cadences_one_way():
    """A composer's reading heard the last visit's bass walk A1 B1 C#2 out of the dominant into
    the next phrase five times: its ways out of the half cadences, read from the notes (the bass's
    onsets in the dominant's bar and its steps on to the next phrase's first note), differ."""
    st = _own_seed("last-visit")
    bar = st.plan.meter.bar_ticks
    notes = sorted(part(st, "Bass").notes, key=lambda n: n.start)
    ways = Counter()
    for phrase in st.plan.phrases[:-1]:
        if phrase.cadence != "half":
            continue
        b = phrase.end_bar - 1
        line = [n for n in notes if b * bar <= n.start < (b + 1) * bar]
        line += [n for n in notes if n.start >= (b + 1) * bar][:1]
        if len(line) > 2:  # the bass moves in the dominant's bar: a way out, not a held arrival
            ways[tuple((n.start - b * bar, m.pitch - n.pitch) for n, m in zip(line, line[1:]))] += 1
    assert ways and max(ways.values()) <= 2, ways


def _hammers(notes, b, bar, pulses) -> bool:
    """Whether the bass hammers one tone in bar `b`: struck at least twice a pulse, mostly on the
    pitch class it struck before (an ostinato's octaves or repeated notes, not a broken chord)."""
    inside = [n.pitch % 12 for n in in_bar(notes, b, bar)]
    if len(inside) < 2 * pulses:
        return False
    return sum(a == c for a, c in zip(inside, inside[1:])) >= len(inside) // 2


def test_an_ostinato_bass_gives_way_where_the_form_does_not_build_on_it():
    """Held-out 17 at seed 2 hammered its bass in gallops and octaves from its first bar to its
    last (a composer's reading); outside an ostinato form, a build and the climax, no two phrases
    running hammer now, and over the 16 first held-out scenes the bass relieves its ostinato."""
    from composer.evaluate.generated import held_out_scenes

    scenes = list(held_out_scenes(16))
    checked = 0
    for scene, seed in [(s, 1) for s in scenes] + [(list(held_out_scenes(17))[16], 2)]:
        st = compose_stages(scene, seed)
        plan, summit = st.plan, st.arrangement.summit
        bass = part(st, "Bass")
        if bass is None:
            continue
        bar = plan.meter.bar_ticks
        before = False
        for phrase in plan.phrases:
            bars = range(phrase.start_bar, phrase.end_bar - 1)
            free = not phrasing.ostinato_belongs(plan, phrase) and not phrase.start_bar <= summit < phrase.end_bar
            hammered = bool(bars) and sum(_hammers(bass.notes, b, bar, plan.meter.pulses) for b in bars) > len(bars) / 2
            if free and before and hammered:
                raise AssertionError((scene.title, seed, phrase.start_bar + 1))
            checked += free and hammered
            before = free and hammered
    assert checked >= 3  # the ostinato still plays where it is drawn, every other phrase at most


def test_a_texture_ostinato_gives_way_where_the_form_does_not_build_on_it():
    from composer.arrange import _texture_figure
    from composer.evaluate.generated import held_out_scenes
    from composer.patterns import OSTINATO_TEXTURES

    relieved = 0
    for scene in list(held_out_scenes(24)):
        st = compose_stages(scene, 1)
        plan, shapes = st.plan, st.arrangement.shapes
        texture = plan.part("Texture")
        if texture is None:
            continue
        before = False
        for phrase in plan.phrases:
            shape = shapes[phrase.start_bar]
            figure = _texture_figure(plan.section_at(phrase.start_bar).character, shape,
                                     texture.instrument.program)
            hammered = figure in OSTINATO_TEXTURES and not phrasing.ostinato_belongs(plan, phrase) \
                and not phrase.start_bar <= st.arrangement.summit < phrase.end_bar
            assert not (before and hammered), (scene.title, phrase.start_bar + 1)
            relieved += shape.relief
            before = hammered
    assert relieved >= 3

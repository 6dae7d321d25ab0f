"""Arrangement and performance: the band follows the setting, intensity is audible, and the
performance breathes (dynamics, pedal, humanised timing) while the plan's grid stays exact."""

import dataclasses
import statistics
from collections import Counter
from pathlib import Path

import pytest

from composer import compose, compose_stages
from composer.arrange import TEXTURE_ENTRY, arrange
from composer.character import FIGURES, TEXTURE_LADDERS, texture_for
from composer.patterns import BASS_RELIEF, BASS_SIBLINGS, BASS_STYLES, GRIDS, HARMONY_STYLES, PATTERNS
from composer.scene import parse_scene
from composer.scene.instruments import instrument
from composer.scene.settings import TABLES
from composer.theory.instruments import plays

STRINGS = 48  # String Ensemble 1

ROOT = Path(__file__).resolve().parents[2]
BASE = 'seed = 4\nlength = 60\nmood = ["content"]\n'


def scene(text, name="t.toml"):
    return parse_scene(text, name)


def test_pattern_tables_are_complete_and_sane():
    assert len(PATTERNS) >= 10
    # Every figure a setting asks for is one the arrangement can play.
    named = {row['pattern'] for table in TABLES.values() for row in table.values() if 'pattern' in row}
    assert named and named <= set(PATTERNS)
    for p in PATTERNS.values():
        assert p.steps >= 1 and p.figure and 0 < p.hold <= 1 and p.description
        assert all(all(0 <= i <= 4 for i in step) for step in p.figure)
    # Every affect climbs a ladder of figures the arrangement knows, and every figure is used.
    assert set(FIGURES) == set(TEXTURE_LADDERS)
    for index, table in ((0, HARMONY_STYLES), (1, BASS_STYLES)):
        used = {rung[index] for ladder in FIGURES.values() for rung in ladder}
        if index == 1:  # the bass's phrases also take figures that relieve an ostinato or vary a rung's
            used |= {f for f, _ in BASS_RELIEF} | {f for fs in BASS_SIBLINGS.values() for f in fs}
            assert set(BASS_SIBLINGS) <= used
        assert used == set(table)
        assert all(row[0] in GRIDS for row in table.values())
    assert all(len(ladder) >= 3 for ladder in FIGURES.values())
    # calm stays calm: no off-beat or driving figure anywhere on its ladder
    assert {h for h, _ in FIGURES["calm"]} <= {"sustain", "half"}
    assert {b for _, b in FIGURES["calm"]} <= {"sustain", "root-fifth"}


def test_different_settings_give_different_bands():
    bands = {}
    for place in ("beach at dusk", "cathedral", "cafe in the afternoon", "city street at night",
                  "forest at dawn", "rain on the roof"):
        piece = compose(scene(BASE + f'setting = "{place}"\n'))
        bands[place] = tuple((p.role, p.program) for p in piece.parts)
    assert len(set(bands.values())) >= 5
    assert not any(p.role == "Drums" for p in compose(scene(BASE + 'setting = "cathedral"\n')).parts)


MOMENTS = BASE.replace("length = 60\n", "") + '''setting = "park in the afternoon"
[[moments]]
name = "quiet"
length = 40
intensity = 0.2
[[moments]]
name = "loud"
length = 40
intensity = 0.95
'''


def _window(piece, section):
    starts = [m.tick for m in piece.sections] + [piece.end_tick]
    i = [m.text for m in piece.sections].index(section)
    return starts[i], starts[i + 1]


def test_a_more_intense_moment_is_denser_and_louder():
    piece = compose(scene(MOMENTS))
    stats = {}
    for name in ("quiet", "loud"):
        lo, hi = _window(piece, name)
        notes = [n for p in piece.parts for n in p.notes if lo <= n.start < hi]
        stats[name] = (len(notes) / (hi - lo), statistics.mean(n.velocity for n in notes),
                       len({p.role for p in piece.parts for n in p.notes if lo <= n.start < hi}))
    assert stats["loud"][0] > stats["quiet"][0]
    assert stats["loud"][1] > stats["quiet"][1] + 5
    assert stats["loud"][2] >= stats["quiet"][2]


def test_melody_velocities_vary_and_keyboards_pedal():
    piece = compose(scene(BASE + 'setting = "beach at dusk"\n[music]\nlead = "piano"\n'))
    melody = piece.part("Melody")
    assert len({n.velocity for n in melody.notes}) > 8
    assert any(c.number == 64 and c.value == 127 for c in melody.controls)
    assert all(c.number != 64 for c in piece.part("Bass").controls)
    sends = {(c.number, c.value) for c in melody.controls if c.number in (91, 93)}
    assert {n for n, _ in sends} == {91, 93}


def test_timing_is_humanised_but_the_plan_grid_is_exact():
    stages = compose_stages(scene(BASE + 'setting = "beach"\n'))
    planned = stages.melody
    assert all(n.start % 10 == 0 for n in planned)  # the melody stage writes on the grid
    played = stages.piece.part("Melody").notes
    off = [n for n in played if n.start % 10]
    assert 0.1 < len(off) / len(played) < 0.95
    assert max(abs(a.start - b.start) for a, b in zip(planned, played)) <= 12


def test_the_final_sonority_is_held_by_every_pitched_part_and_the_tempo_slows():
    piece = compose(scene(BASE + 'setting = "beach"\n'))
    for part in piece.parts:
        if part.role != "Drums":
            assert max(n.end for n in part.notes) == piece.end_tick
    last_bar = piece.end_tick - piece.meter.bar_ticks
    final = [n for n in piece.part("Harmony").notes if n.end == piece.end_tick]
    assert len(final) >= 3 and all(n.start < last_bar for n in final)
    assert piece.tempos[-1].bpm < piece.tempos[0].bpm


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_every_pattern_plays_in_every_meter(pattern):
    for meter in ("4/4", "3/4", "6/8"):
        text = BASE + f'setting = "beach"\n[music]\nmeter = "{meter}"\n'
        stages = compose_stages(scene(text))
        palette = dataclasses.replace(stages.feel.palette, texture_pattern=pattern)
        band = stages.plan.band
        if not plays(palette.texture.program, PATTERNS[pattern].touch):  # a measured tremolo is the strings'
            palette = dataclasses.replace(palette, texture=instrument(STRINGS))
            band = tuple(dataclasses.replace(p, instrument=palette.texture) if p.role == "Texture" else p
                         for p in band)
        chosen = texture_for(palette, stages.plan.meter)
        sections = tuple(dataclasses.replace(s, character=dataclasses.replace(s.character, texture=chosen))
                         for s in stages.plan.sections)
        plan = dataclasses.replace(stages.plan, sections=sections, band=band)
        arrangement = arrange(plan, stages.progression, stages.melody)
        texture = next(p for p in arrangement.parts if p.role == "Texture")
        played = {style.split(":")[0] for _, role, style in arrangement.styles if role == "Texture"}
        fits = not PATTERNS[pattern].pulses or stages.plan.meter.pulses in PATTERNS[pattern].pulses
        assert played - {"rests"} == {pattern if fits else "broken"}
        # it plays through the bars intense enough for it
        assert len(texture.notes) > sum(stages.plan.intensity_at(b) >= TEXTURE_ENTRY
                                        for b in range(stages.plan.bars)) // 2
        for n in texture.notes:  # texture plays tones of the chord under it (or the tonic pedal)
            span = next(s for s in stages.progression if s.start <= n.start < max(s.end, s.start + 1))
            assert n.pitch % 12 in span.chord.pcs or (PATTERNS[pattern].pedal and n.pitch % 12 == span.key.tonic)


def _low_lead(index, seed):
    """A held-out piece's (index 1-based) or an example scene's (a name) stages."""
    from composer.evaluate.generated import held_out_scene

    if isinstance(index, str):
        path = ROOT / "scenes" / f"{index}.toml"
        return compose_stages(scene(path.read_text(), path.name), seed)
    name, text = held_out_scene(index - 1)
    return compose_stages(scene(text, name), seed)


@pytest.mark.parametrize("index,seed", [(4, 2), (17, 2), (40, 1), (44, 1), (39, 2), (18, 1), ("summit", 1),
                                        ("last-visit", 1)])
def test_the_chords_and_the_texture_give_way_to_a_low_lead(index, seed):
    """A cello's or a horn's tune sings down into the register its chords were voiced in (its
    window reaches under its role's floor, composer.melody.frame); there the chords and the
    texture give way, a voice an octave down or a voice fewer, and none sounds on, over or a
    semitone under a note of the tune it overlaps (composer.arrange.room). Before, these pieces'
    chords stood there against 5-18 of their tune's notes (held-out 44 at seed 1: 14, a cello's
    minor-second rubs in held-out 17), and their strings and e-piano over or on 29-130 (the
    summit's strings over its horn at 97 of 232 notes, doubling it 106 times; held-out 04 at seed
    2: 130 of 284)."""
    stages = _low_lead(index, seed)
    parts = {p.role: p.notes for p in stages.arrangement.parts}
    assert stages.plan.part("Melody").instrument.name in ("Cello", "French Horn")
    tune = parts["Melody"]
    for role in ("Harmony", "Texture"):
        clashes = [(h, m) for h in parts.get(role, ()) for m in tune
                   if m.start < h.end and m.end > h.start and h.pitch > m.pitch - 2]
        assert not clashes, (role, clashes[:3])
    if index in ("summit", 4):  # a texture that gave way still sounds: chords of three, mostly
        # (where its figure strikes chords: an interlude's arpeggio strikes one tone at a time)
        from composer.arrange import _texture_figure

        bar = stages.plan.meter.bar_ticks
        program = stages.plan.part("Texture").instrument.program
        chords = {b for b in range(stages.plan.bars) if max(len(step) for step in PATTERNS[_texture_figure(
            stages.plan.section_at(b).character, stages.arrangement.shapes[b], program)].figure) >= 3}
        onsets = Counter(n.start for n in parts["Texture"] if n.start // bar in chords)
        assert sum(k >= 3 for k in onsets.values()) > len(onsets) / 2


@pytest.mark.parametrize("index,seed", [(9, 1), (49, 2)])
def test_a_high_leads_texture_is_untouched(index, seed):
    """A tune over its texture (an accordion's over a steel guitar's figure, six of its notes
    within a fifth of it) never meets the room it leaves: the
    texture is as it is with the tune an octave higher still. (Held-out 22 at seed 2, a flute over
    a string ensemble's figure, was the second case until its runs travelled down to its window's
    floor (composer.melody.motif.RUN_SPAN), where they meet the figure's top, which gives way;
    held-out 35 had been one before it, until a verse came down a step (composer.form.registers),
    and was one again until calm continuations kept their band's density
    (composer.melody.rhythm.densest); held-out 33 at seed 2 was the second case until the
    arrangement drew each phrase's figures from streams of their own, and none of held-out 1-50 at
    seeds 1-3 with six tune notes within a fifth over its texture is one now. The beach, a
    piano over its left hand's waves, was the first until its notes were drawn from streams of
    their own: its tune now sings low enough in bar 9 that the chords give way to it, and with the
    tune an octave up they hold Ab4 over into the V as a suspension, whose resolution's G the
    left hand then leaves (vertical.Sounding.keep): B flat, not G, under the higher tune. Held-out
    34 at seed 3 is among 8 of the examples and held-out 1-50 at seeds 1-3 whose texture is the
    same either way, until the tune's short rests were read as its line (composer.arrange.room
    .LINE_GAP): its texture now gives way in bars 11 and 20, where a note sounds in the tune's
    eighth of rest under its next note; of held-out 1-50 at seeds 1-3, held-out 9 at seed 1 and
    49 at seed 2, each with a texture note within a fifth under the tune, are as they were.)"""
    stages = _low_lead(index, seed)
    higher = tuple(dataclasses.replace(n, pitch=n.pitch + 12) for n in stages.melody)
    plain, lifted = (arrange(stages.plan, stages.progression, melody) for melody in (stages.melody, higher))
    texture = [p.notes for p in plain.parts if p.role == "Texture"]
    assert texture and plain.shapes == lifted.shapes
    assert texture == [p.notes for p in lifted.parts if p.role == "Texture"]


def test_a_part_placed_again_goes_on_from_its_last_placing_with_the_same_notes(monkeypatch):
    """The bass and the texture placed again at each tutti step and attempt go on from where what
    they read first differs (composer.arrange._resumed): every note is the one a placing afresh
    gives. Here against placings all afresh, on scenes whose arrangement takes every step and
    attempt (the 10-minute engine benchmark's scene among them), with a drone, a counter and
    drums."""
    import composer.arrange as arrangement
    from composer.evaluate.generated import held_out_scene

    scenes = [parse_scene('seed = 3\nlength = 240\nmood = ["tender", "content"]\nsetting = "beach at dusk"\n'
                          'tempo = "andante"\n', "bench.toml")]
    scenes += [parse_scene(text, name) for name, text in (held_out_scene(11), held_out_scene(20))]
    resumed = arrangement._resumed
    counts = Counter()

    def counted(trail, *args):
        begin, notes, carried = resumed(trail, *args)
        counts["kept"] += begin
        return begin, notes, carried

    monkeypatch.setattr(arrangement, "_resumed", counted)
    again = [[p.notes for p in compose_stages(scene, 1).arrangement.parts] for scene in scenes]
    assert counts["kept"] > 100  # spans kept from the last placing: the test compares something
    monkeypatch.setattr(arrangement, "_resumed", lambda trail, *args: (0, [], ()))
    afresh = [[p.notes for p in compose_stages(scene, 1).arrangement.parts] for scene in scenes]
    assert again == afresh

"""Each section's register follows its moment's energy (composer.character.lift, read by
composer.melody.frame.Frame.band): a furious moment is sung higher and wider than an uneasy one,
while the piece's one summit stays its highest note."""

from pathlib import Path
from statistics import mean

import pytest

from composer import compose_plan, load_scene, scene_digest, stage_rng
from composer.harmony import harmonize
from composer.melody import compose_melody
from composer.melody.fit import Harmony
from composer.melody.frame import Frame

SCENES = Path(__file__).resolve().parents[2] / "scenes"


def _sections(name: str, seed: int):
    """The plan, the melody, and each section's pitches over its bars but the last (which holds
    its cadence and the next section's upbeat), the stages drawn as compose draws them."""
    scene = load_scene(SCENES / name)
    plan = compose_plan(scene, seed)
    digest = scene_digest(scene)
    progression = harmonize(plan, stage_rng(seed, "harmony", digest), loop=scene.music.loop)
    notes = compose_melody(plan, progression, stage_rng(seed, "melody", digest))
    bar = plan.meter.bar_ticks
    return plan, notes, {s.name: [n.pitch for n in notes
                                  if s.start_bar * bar <= n.start < (s.end_bar - 1) * bar]
                         for s in plan.sections}


@pytest.mark.parametrize("seed", [pytest.param(1, marks=pytest.mark.xfail(
    strict=True, reason="the downpour's answering period sings a third lower (Frame.lowered): "
    "its mean 2.97 semitones over the drops' first group, a minor third wanted; a composer's "
    "reading heard storm's lowered downpour at seed 2 (bars 49-56) as a sag")), 2, 3])
def test_the_storms_furious_lightning_sings_higher_and_wider_than_its_first_drops(seed):
    """A composer's reading of storm at seed 1 found its "furious" lightning (intensity 0.8,
    arousal 0.9) topping out at F5, three semitones over the uneasy first drops (0.4) and under the
    ceiling every section shared: energy counted arousal at a tenth and moved a section by a third
    at most. Now the lightning reaches the crest (the highest any phrase but the climax's may
    sing: G5 to A5 in the strings' C4-C6, as the summit's chord places the summit), a minor third
    or more over the drops' peak (which climbs as the moment grows, composer.form.LONG_MOMENT: a
    run of its grown phrase may reach E5 under a G5 crest), its mean a major third or more over
    the drops' first phrase group's (the downpour's a minor third), its phrases wider than that
    group's, and the downpour's summit is still the piece's highest note."""
    plan, notes, sections = _sections("storm.toml", seed)
    drops, lightning = sections["first drops"], sections["lightning"]
    part = plan.part("Melody")
    assert max(lightning) >= max(drops) + 3
    progression = harmonize(plan, stage_rng(seed, "harmony", scene_digest(load_scene(
        SCENES / "storm.toml"))))
    assert max(lightning) >= Frame.of(plan, Harmony.of(progression)).crest
    # the register the drops start from: their first phrase group, before the moment grows
    bar = plan.meter.bar_ticks
    start = [p for s in plan.sections if s.name == "first drops" for p in s.phrases
             if not plan.rise_at(p.start_bar)]
    first = [n.pitch for n in notes for p in start
             if p.start_bar * bar <= n.start < p.end_bar * bar]
    assert mean(lightning) >= mean(first) + 4 and mean(sections["the downpour"]) >= mean(first) + 3
    assert _phrase_span(plan, notes, "lightning") > _phrase_span(plan, notes, "first drops", True)
    top = max(n.pitch for n in notes)
    assert max(lightning) < top and sum(n.pitch == top for n in notes) == 1
    assert all(part.low <= n.pitch <= part.high for n in notes)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_storms_first_drops_climb_as_the_moment_grows(seed):
    """The storm's first drops (16 bars, three phrases) sang every phrase under one peak at every
    seed (C5, D5, C5: every phrase filling one band). A moment of two periods grows
    (composer.form.LONG_MOMENT): a later phrase peaks a major second or more over the first.
    (Seed 3 sang C5 in all three, its grown phrases' chords (i6, iv) holding no D5 under their
    D#5 ceiling, until the first moment closed on its tonic (composer.plan.moment_close): its
    last phrase's authentic close peaks at E5.)"""
    plan, notes, _ = _sections("storm.toml", seed)
    bar = plan.meter.bar_ticks
    drops = next(s for s in plan.sections if s.name == "first drops")
    peaks = [max(n.pitch for n in notes if p.start_bar * bar <= n.start < p.end_bar * bar)
             for p in drops.phrases]
    assert max(peaks[1:]) >= peaks[0] + 2, peaks


def _phrase_span(plan, notes, name: str, first: bool = False) -> float:
    """The mean range (semitones) of a section's phrases over their bars but the cadence bar (of
    its `first` phrase group's alone: composer.form.GROWTH)."""
    bar = plan.meter.bar_ticks
    section = next(s for s in plan.sections if s.name == name)
    spans = []
    for phrase in section.phrases:
        if first and plan.rise_at(phrase.start_bar):
            continue
        pitches = [n.pitch for n in notes
                   if phrase.start_bar * bar <= n.start < (phrase.start_bar + phrase.bars - 1) * bar]
        if pitches:
            spans.append(max(pitches) - min(pitches))
    return mean(spans)


def _composed(index: int, seed: int):
    """Held-out scene `index` (1-based) at `seed`: its plan, progression and melody."""
    from composer.evaluate.generated import held_out_scene
    from composer.scene import parse_scene

    name, text = held_out_scene(index - 1)
    scene = parse_scene(text, name)
    plan = compose_plan(scene, seed)
    digest = scene_digest(scene)
    progression = harmonize(plan, stage_rng(seed, "harmony", digest))
    return plan, progression, compose_melody(plan, progression, stage_rng(seed, "melody", digest))


def _held_out(index: int, seed: int):
    from composer.melody.fit import Harmony
    from composer.melody.frame import Frame

    plan, progression, notes = _composed(index, seed)
    return plan, Frame.of(plan, Harmony.of(progression)), [n.pitch for n in notes]


@pytest.mark.parametrize("index,seed", [(17, 2), (44, 1), (4, 2), (18, 3)])
def test_a_lead_that_tops_out_low_sings_in_a_window_of_its_own(index, seed):
    """A cello (top E5) or a horn (top F5) was cut to the melody role's range inside its own, its
    top octave or less: held-out 17's cello circled F4 in a window of six semitones, its tune
    spanning nine, for 40 bars (44: a horn, six and nine; 4: seven and ten; 18: eight and ten).
    Its window reaches under that into the instrument's range now (the chords give way to it,
    composer.arrange), as wide as another lead's, its register still chosen from its home."""
    plan, frame, pitches = _held_out(index, seed)
    part = plan.part("Melody")
    assert part.instrument.name in ("Cello", "French Horn") and part.high - part.low < 19
    assert frame.high - frame.low >= 11
    assert max(pitches) - min(pitches) >= 14
    assert part.low - min(pitches) <= 6  # no further than a fourth under its home, and a fold


def test_the_summits_horn_keeps_its_heroic_register():
    """Its window reaches under its home a fourth at most, a summit's push included: taking all
    the room down to WIDEST under its top, the triumphant horn sang its ridge in Bb3-Ab4 and ended
    on Eb4 (a composer's reading); at no seed does its ridge reach under C4, and its bright ending
    rings out on the upper tonic, Eb5, where its summit stands over it (melody.BRIGHT_AROUSAL; the
    summit is heard once, so a summit on Eb5 itself leaves the ending an octave down)."""
    from composer import scene_seed

    for seed in (scene_seed(load_scene(SCENES / "summit.toml")), 1, 2, 3, 4, 6):
        plan, notes, sections = _sections("summit.toml", seed)
        assert min(sections["the last ridge"]) >= 60
        assert notes[-1].pitch == (75 if max(n.pitch for n in notes) > 75 else 63), seed


def _held_out_sections(index: int, seed: int):
    """A held-out scene's plan, melody and each section's pitches (all its bars)."""
    plan, _, notes = _composed(index, seed)
    bar = plan.meter.bar_ticks
    return plan, notes, [[n.pitch for n in notes if s.start_bar * bar <= n.start < s.end_bar * bar]
                         for s in plan.sections]


def test_a_furious_arc_climbs_through_its_builds_to_its_climax():
    """A composer's reading of held-out 57 at seed 1 (furious, every section's intensity near
    1.0, so its energy moved nothing): build and climax sat in F#5-E6 for 58 bars, the summit
    (G6) heard in the second build. Now the builds climb under the climax section's band (each
    section's mean a step or more over the one before), the summit is in the climax section and
    heard once, and the coda settles under the opening."""
    plan, notes, sections = _held_out_sections(57, 1)
    roles = [s.role for s in plan.sections]
    assert roles == ["theme", "build", "build", "climax", "coda"]
    means = [mean(p) for p in sections]
    assert means[0] < means[1] < means[2] < means[3] - 1
    assert means[3] - means[0] >= 5
    top = max(n.pitch for n in notes)
    assert sum(n.pitch == top for n in notes) == 1 and top in sections[3]
    tops = [sorted(p)[9 * len(p) // 10] for p in sections[:4]]  # each band's usual top
    assert tops[0] < tops[1] < tops[2] < tops[3] < top
    assert means[4] < means[0] + 0.5
    part = plan.part("Melody")
    assert all(part.low <= n.pitch <= part.high for n in notes)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_height_of_it_is_not_the_lowest_music(seed):
    """Held-out 71's last moment, "the height of it" (peaceful, intensity 0.4), sang D4-B4 and
    ended on G4 at seed 1, under every other moment: its name asks for the piece's height. It
    now sings over "a memory" (weary, 0.4) and over the piece's usual register, while the
    summit stays in the most intense moment, "the turn"."""
    plan, notes, sections = _held_out_sections(71, seed)
    names = [s.name for s in plan.sections]
    height = sections[names.index("the height of it")]
    others = [mean(p) for s, p in zip(plan.sections, sections) if s.name != "the height of it"]
    assert mean(height) > min(others) + 2
    assert mean(height) > mean(sections[names.index("a memory")])
    top = max(n.pitch for n in notes)
    assert top in sections[names.index("the turn")] and top not in height


@pytest.mark.xfail(strict=True, reason="its turn's first group overshoots its band to Bb5 (82) and "
                   "its grown groups peak on B5 (83) under a C6 ceiling")
def test_a_long_sections_phrases_climb_to_its_own_high_point():
    """Held-out 66's turn (48 bars, seed 1) circled Ab4-F#5 in every phrase (no phrase reaching
    over Gb5). Now its phrase groups rise (composer.form.GROWTH: Plan.rise_at): the phrases about
    two thirds in reach a fourth and more over the first group's top and sing higher on average,
    and the last group settles; the piece's one summit, in the arrival, stays its highest note."""
    plan, _, notes = _composed(66, 1)
    bar = plan.meter.bar_ticks
    turn = plan.sections[1]
    sung = [[n.pitch for n in notes if p.start_bar * bar <= n.start < p.end_bar * bar] for p in turn.phrases]
    means, tops = [mean(p) for p in sung], [max(p) for p in sung]
    high = tops.index(max(tops))
    first = [k for k, p in enumerate(turn.phrases) if plan.rise_at(p.start_bar) == 0]
    assert max(tops) >= max(tops[k] for k in first) + 4
    assert max(means) >= max(means[k] for k in first) + 1
    assert 0.4 <= (turn.phrases[high].start_bar - turn.start_bar) / turn.bars <= 0.8
    assert means[-2] < max(means) - 1  # the last group settles
    top = max(n.pitch for n in notes)
    assert sum(n.pitch == top for n in notes) == 1
    assert all(n.pitch < top for n in notes if n.start >= turn.start_bar * bar)


def test_a_quiet_long_sections_phrases_climb_too():
    """Held-out 71's "a memory" (weary, under the piece's register, 20 bars, seed 1) grew in its
    plan and its explanation, but its band stayed NARROWEST over its floor, so that its rising
    phrase group sang on G4 as its first did (a composer's reading: "memory on G4"). A quiet
    section's band now widens with its phrase group's rise (Frame.band): the group two steps up
    reaches a third over the first group's top and sings higher on average."""
    plan, _, notes = _composed(71, 1)
    bar = plan.meter.bar_ticks
    memory = next(s for s in plan.sections if s.name == "a memory")
    assert memory.character.register < 0
    groups: dict[int, list[int]] = {}
    for p in memory.phrases:
        groups.setdefault(plan.rise_at(p.start_bar), []).extend(
            n.pitch for n in notes if p.start_bar * bar <= n.start < p.end_bar * bar)
    assert max(groups[2]) >= max(groups[0]) + 4
    assert mean(groups[2]) >= mean(groups[0]) + 2


def test_a_sections_answering_period_sings_a_third_higher():
    """Held-out 1 at seed 1: its opening section's three periods (statement, answer, statement
    again) each pressed onto one band (melody.fit_arc), the section held in one place. Its
    answering period (composer.melody.frame.PERIOD_LIFT) now sings its band four semitones up,
    floor and ceiling: its notes three semitones or more higher on average and its peak a third
    or more over the statement's; and over held-out 1-30 at seed 1 fewer four-bar groups stay held
    in place (composer.evaluate.craft.held_in_place: 0.39 before, 0.35 with the answers lifted
    only in quiet sections of three periods or more, 0.28 now; the songs' 0.32 and 0.34)."""
    from composer.evaluate.craft import held_in_place, melody_line
    from composer.evaluate.craft_report import compose_pieces
    from composer.evaluate.generated import held_out_scenes
    from composer.melody.fit import Harmony
    from composer.melody.phrase import periods

    plan, progression, notes = _composed(1, 1)
    bar = plan.meter.bar_ticks
    section = plan.sections[0]
    counted = periods([p.role for p in section.phrases])
    assert counted == [0, 1, 2]
    frame = Frame.of(plan, Harmony.of(progression))
    (low0, top0), (low1, top1) = (frame.band(p) for p in section.phrases[:2])
    assert low1 >= low0 + 3 and top1 >= top0 + 3
    sung = [[n.pitch for n in notes if p.start_bar * bar <= n.start < p.end_bar * bar]
            for p in section.phrases[:2]]
    assert mean(sung[1]) >= mean(sung[0]) + 3 and max(sung[1]) >= max(sung[0]) + 3
    scores = compose_pieces(list(held_out_scenes(30)), (1,))
    held = [h for h in (held_in_place(s, melody_line(s)) for s in scores.values()) if h is not None]
    assert mean(held) <= 0.29

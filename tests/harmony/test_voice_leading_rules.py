"""The voicing rules over hundreds of generated plans, judged with plain integers."""

from __future__ import annotations

import random

import pytest

from composer.harmony import harmonize
from composer.harmony.close import added
from composer.harmony.relations import chromatic_line, cross_relations
from composer.theory.chords import parse_figure, split_figure
from harmony_checks import approaches, crossings, lines, parallels, wide_spacing
from harmony_plans import make_plan

SEEDS = range(300)


def _progressions(seeds):
    for seed in seeds:
        plan = make_plan(seed)
        yield plan, harmonize(plan, random.Random(seed))


def test_no_parallels_crossings_or_wide_spacing_over_hundreds_of_plans():
    changes = bad_parallels = bad_cross = bad_space = 0
    for plan, prog in _progressions(SEEDS):
        for a, b in zip(prog, prog[1:]):
            changes += 1
            bad_parallels += len(parallels(lines(a), lines(b)))
        bad_cross += sum(crossings(s) for s in prog)
        bad_space += sum(wide_spacing(s) for s in prog)
    assert changes > 5000
    assert (bad_parallels, bad_cross, bad_space) == (0, 0, 0)


def _heard_with_the_bass(a, b) -> bool:
    """Whether a tone of the voicing before, leaving by a leap, and a tone a semitone from it,
    reached by a leap, neither in the other chord, make a fifth or an octave with the bass's move
    both times (a listener hears them as one voice: Huron's pitch proximity)."""
    pu, u = a.voicing, b.voicing
    if a.bass == b.bass:
        return False
    for i, x in enumerate(pu):
        for j, y in enumerate(u):
            if (abs(x - y) == 1 and x not in u and y not in pu and abs(u[i] - x) > 2
                    and abs(y - pu[j]) > 2
                    and (x - a.bass) % 12 == (y - b.bass) % 12 in (0, 7)):
                return True
    return False


def test_few_fifths_or_octaves_with_the_bass_are_heard_where_the_voices_leap():
    """A reading of held-out 71 at seed 1, bars 39-40: V7 -> VI's D3 F#3 A3 C4 -> Bb2 Eb3 G3 Bb3
    over D2 -> Eb2 was written without a parallel (D3 -> Bb2) and heard as D3 -> Eb3, octaves
    with the bass. Over these plans 107 of 11,569 changes were so; a few are left, where the
    Harmony's range leaves no voicing without them (V -> VI in minor in a low, narrow range)."""
    changes = heard = 0
    for plan, prog in _progressions(SEEDS):
        for a, b in zip(prog, prog[1:]):
            changes += 1
            heard += _heard_with_the_bass(a, b)
    assert changes > 5000 and heard <= 12, heard


def test_ranges_bass_below_and_chord_tones():
    for plan, prog in _progressions(range(100)):
        h, b = plan.part("Harmony"), plan.part("Bass")
        for s in prog:
            assert all(h.low <= p <= h.high for p in s.voicing), (s, h)
            assert b.low <= s.bass <= b.high and s.bass < s.voicing[0]
            assert all(p % 12 in s.chord.pcs for p in lines(s))
            assert s.bass % 12 == s.chord.bass
            # the chord is what its figure says in its key
            assert parse_figure(s.chord.figure, s.key).pcs == s.chord.pcs
            # every chord tone sounds (a seventh or added-note chord may leave out its fifth)
            missing = set(s.chord.pcs) - {p % 12 for p in lines(s)}
            assert missing <= {(s.chord.root + 7) % 12} and (not missing or len(s.chord.pcs) >= 4)


def test_spans_tile_the_piece_and_end_on_the_home_tonic_after_the_mode_s_own_cadence():
    """The last chord is the home tonic in root position, approached as the mode closes: from
    V(7) in major and minor, from v, VII or IV in dorian (V only under tension), from II or vii
    in phrygian ... (the authentic arrival before a close's amen or codetta, which test_closes
    checks)."""
    for plan, prog in _progressions(range(150)):
        bar = plan.meter.bar_ticks
        assert prog[0].start == 0
        for a, b in zip(prog, prog[1:]):
            assert a.end == b.start and a.duration > 0
        last = prog[-1]
        assert last.end == plan.bars * bar
        assert last.key == plan.key and last.chord.figure in ("I", "i")
        assert last.chord.root == plan.key.tonic and last.bass % 12 == plan.key.tonic
        extra = len(added(last))
        last, before = prog[-1 - extra], prog[-2 - extra]
        assert last.chord.figure in ("I", "i") and last.chord.root == plan.key.tonic
        assert before.key == plan.key and before.chord.figure in approaches(plan.key.mode), (
            plan.key.mode, before.chord.figure)
        assert last.cadence == before.cadence == "authentic"


def test_leading_tone_and_sevenths_resolve_in_the_top_voice():
    unresolved = total = 0
    for plan, prog in _progressions(range(150)):
        for a, b in zip(prog, prog[1:]):
            if a.chord.figure in ("V7", "V") and b.chord.root == a.key.tonic and b.key == a.key:
                lt = (a.key.tonic - 1) % 12
                top_a, top_b = a.voicing[3], b.voicing[3]
                if top_a % 12 == lt:
                    total += 1
                    unresolved += top_b - top_a != 1
            if a.chord.figure == "V7" and b.key == a.key:
                seventh = a.chord.pcs[3]
                for x, y in zip(lines(a), lines(b)):
                    if x % 12 == seventh and b.chord.root == a.key.tonic:
                        total += 1
                        unresolved += not -2 <= y - x <= -1
    assert total > 100
    assert unresolved <= total * 0.02


def test_no_degree_sounds_in_two_forms_from_chord_to_chord_within_a_phrase():
    """A colour chord is never followed by its diatonic twin (bVI then vi, iv then vi) nor
    preceded by it: a cross-relation inside a phrase only where the grammar names the chromatic
    line (IV-iv, I-bVI, into a secondary dominant), and then one voice sings the step."""
    lines_sung = 0
    for seed in range(300):
        plan = make_plan(seed, elision=0.3 if seed % 2 else 0.0)
        prog = harmonize(plan, random.Random(seed))
        bar = plan.meter.bar_ticks
        for a, b in zip(prog, prog[1:]):
            if a.key != b.key or plan.phrase_at(a.start // bar) != plan.phrase_at(b.start // bar):
                continue
            if a.note in ("pivot", "common tone", "direct"):
                continue  # a modulation's entry chord belongs to the junction between keys
            clash = cross_relations(a.chord, a.key, b.chord, b.key)
            if not clash:
                continue
            pair = (split_figure(a.chord.figure)[0], split_figure(b.chord.figure)[0])
            assert chromatic_line(a.key.mode, *pair), (a.key.mode, pair, clash)
            for x, y in clash:
                assert any(p % 12 == x and q % 12 == y and abs(q - p) == 1
                           for p, q in zip(lines(a), lines(b))), (pair, lines(a), lines(b))
            lines_sung += 1
    assert lines_sung > 10  # the idioms are still heard


def test_same_plan_and_seed_give_the_same_progression():
    plan = make_plan(7, sections=3)
    assert harmonize(plan, random.Random(3)) == harmonize(plan, random.Random(3))
    assert harmonize(plan, random.Random(3)) != harmonize(plan, random.Random(4))


def test_a_ten_minute_piece_is_harmonised_to_its_end():
    # 4/4 at 60 bpm, two chords a bar: 150 bars = 10 minutes, about 300 chords. (How long it
    # takes is measured in benchmarks/, not here: a timed test only measures the machine's load.)
    plan = make_plan(11, sections=4, meter=(4, 4), bars=38)
    prog = harmonize(plan, random.Random(1))
    assert len(prog) >= 150 and prog[-1].start + prog[-1].duration == plan.bars * plan.meter.bar_ticks


@pytest.mark.slow
def test_no_parallels_over_two_thousand_plans():
    bad = 0
    for plan, prog in _progressions(range(300, 2300)):
        for a, b in zip(prog, prog[1:]):
            bad += len(parallels(lines(a), lines(b)))
        bad += sum(crossings(s) + wide_spacing(s) for s in prog)
    assert bad == 0

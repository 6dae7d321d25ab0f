"""The Counter part on whole pieces: a line heard through the piece, not one stray note, and every
note of it obeying the counterpoint rules."""

import pytest

from composer import compose_stages, load_scene
from composer.arrange.counter import (CLOSE_REACH, CLOSE_SPAN, DESCANT_SPAN, LINE_VELOCITY, _explained,
                                      _joins, _resolved, _slots)
from composer.arrange.vertical import Sounding
from composer.evaluate.generated import held_out_scene
from composer.harmony.span import ChordSpan
from composer.piece import Meter, Note
from composer.plan import PartPlan
from composer.scene import parse_scene
from composer.scene.instruments import Instrument
from composer.theory import Key
from composer.theory.chords import Chord
from composer.theory.motion import PERFECT, awkward, line_at
from composer.theory.instruments import practical_range

# Pieces whose counter played a single note before it sang a countermelody where the tune leaves
# no gap (a flute over a quiet ambient piece, a flute over a busy 2/4 one), and two intense ones.
SCENES = ("first-snow", "kitchen", "storm", "summit")


@pytest.fixture(scope="module")
def pieces():
    return [compose_stages(load_scene(f"scenes/{name}.toml"), 1) for name in SCENES]


def _part(stages, role):
    return next((p for p in stages.arrangement.parts if p.role == role), None)


def _sounding(notes, tick):
    return next((n.pitch for n in notes if n.start <= tick < n.end), None)


def test_the_counter_plays_in_at_least_a_quarter_of_the_bars(pieces):
    for stages in pieces:
        counter = _part(stages, "Counter")
        assert counter is not None
        bar = stages.plan.meter.bar_ticks
        played = {n.start // bar for n in counter.notes}
        assert len(played) >= stages.plan.bars / 4, (stages.plan.title, len(played), stages.plan.bars)


def test_the_countermelody_rests_through_the_opening_phrase_and_joins_every_return(pieces):
    for stages in pieces:
        plan = stages.plan
        bar = plan.meter.bar_ticks
        joins = list(_joins(plan, stages.progression[-1].start))
        first = next(p for s in plan.sections if s.role not in ("intro", "interlude") for p in s.phrases)
        assert all(start >= first.end_bar * bar for start, _ in joins)
        families = [s.family for s in plan.sections if s.role not in ("intro", "interlude")]
        for s in plan.sections:
            if s.role not in ("intro", "interlude") and families.index(s.family) < \
                    [x for x in plan.sections if x.role not in ("intro", "interlude")].index(s):
                for p in s.phrases:
                    if p.melody and p.start_bar * bar < stages.progression[-1].start:
                        assert any(start == p.start_bar * bar for start, _ in joins), (plan.title, p)


def test_the_countermelody_keeps_the_rules(pieces):
    lines = passing = 0
    for stages in pieces:
        counter, melody = _part(stages, "Counter"), _part(stages, "Melody")
        bass = _part(stages, "Bass")
        low, high = practical_range(counter.program)
        descant = next(p for p in stages.plan.band if p.role == "Counter").above
        line = [n for n in counter.notes if n.velocity == LINE_VELOCITY]
        lines += len(line)
        meter = stages.plan.meter
        for i, n in enumerate(line):
            span = next(s for s in stages.progression if s.start <= n.start < s.end)
            if not span.chord.contains(n.pitch):
                # else a passing or neighbour tone: a weak pulse or subdivision long, a step from
                # the notes either side, onward to a chord tone or back to where it came from
                before, after = line[i - 1], line[i + 1]
                assert before.end == n.start and n.end == after.start, n
                assert 1 <= abs(n.pitch - before.pitch) <= 2 and 1 <= abs(after.pitch - n.pitch) <= 2, n
                assert (after.pitch - n.pitch) * (n.pitch - before.pitch) > 0 or after.pitch == before.pitch, n
                assert n.duration <= meter.pulse_ticks and meter.strength(n.start % meter.bar_ticks) <= 1, n
                passing += 1
            # a note held on over the next chord's first beat (where the tune strikes) is one of
            # its tones too: a common tone; or a suspension, resolving down by step to one of its
            # tones within a beat of the change
            for later in stages.progression:
                if n.start < later.start < n.end and not later.chord.contains(n.pitch):
                    after = line[i + 1]
                    assert n.end == after.start <= later.start + meter.pulse_ticks, (n, later)
                    assert 1 <= n.pitch - after.pitch <= 2 and later.chord.contains(after.pitch), (n, later)
            assert low <= n.pitch <= high
            over = [m.pitch for m in melody.notes if m.start < n.end and m.end > n.start]
            if descant:  # over the tune throughout, within an octave of it
                assert all(p < n.pitch <= p + DESCANT_SPAN for p in over), (n, over)
            else:  # below the tune throughout
                assert all(n.pitch < p for p in over), (n, over)
        # no parallel fifths or octaves with the tune or the bass from one line note to the next
        for a, b in zip(line, line[1:]):
            if a.end != b.start or a.pitch == b.pitch:
                continue
            for other in (melody.notes, bass.notes if bass else ()):
                x, y = _sounding(other, b.start - 1), _sounding(other, b.start)
                if x is None or y is None or x == y:
                    continue
                assert not (abs(a.pitch - x) % 12 == abs(b.pitch - y) % 12 in PERFECT), (a, b, x, y)
    assert lines >= 100 and passing >= 10



def _counter_notes(stages):
    return sorted(_part(stages, "Counter").notes, key=lambda n: n.start)


def test_the_counter_never_begins_a_note_on_the_tunes_pitch_class_while_the_tune_sounds(pieces):
    """A note on the tune's pitch class (a unison or an octave with it, struck with the tune or
    under a note it holds) doubles the tune instead of singing against it: no walk and no
    countermelody note does (each of these pieces had some before). The final chord is the one
    place a part may join the tune's tonic: a leading tone resolving into it (counter._resolved)."""
    for stages in pieces:
        melody = _part(stages, "Melody").notes
        final = stages.progression[-1]
        for n in _counter_notes(stages):
            if n.start == final.start and (n.pitch - final.key.tonic) % 12 == 0:
                continue
            tune = _sounding(melody, n.start)
            assert tune is None or (tune - n.pitch) % 12, (stages.plan.title, n, tune)


def _parallels(stages):
    """Moves of the counter (walk to walk, walk to line, line to walk, line to line) in parallel
    fifths or octaves with the tune or the bass, and how many moves cross a walk's seam."""
    melody, bass = _part(stages, "Melody").notes, _part(stages, "Bass").notes
    notes = _counter_notes(stages)
    found, seams = [], 0
    for a, b in zip(notes, notes[1:]):
        if a.end != b.start or a.pitch == b.pitch:
            continue
        seams += (a.velocity == LINE_VELOCITY) != (b.velocity == LINE_VELOCITY)
        for other in (melody, bass):
            x, y = _sounding(other, b.start - 1), _sounding(other, b.start)
            if x is not None and y is not None and x != y \
                    and abs(a.pitch - x) % 12 == abs(b.pitch - y) % 12 in PERFECT:
                found.append((a, b, x, y))
    return found, seams


def test_no_parallels_where_a_walk_meets_the_countermelody():
    """The seam between an answering walk and the slow line: each of these pieces moved from a
    walk into the line in fifths or octaves with the bass before the line was joined to it; storm
    at seed 3 with the bass judged as the lowest note of any part (a chord voiced under it) rather
    than the bass line; storm at seed 1 has the most seams."""
    seams = 0
    for name, seed in (("storm", 3), ("summit", 2), ("rooftop-chase-hits", 3), ("storm", 1)):
        stages = compose_stages(load_scene(f"scenes/{name}.toml"), seed)
        found, crossed = _parallels(stages)
        assert not found, (name, seed, found)
        seams += crossed
    assert seams >= 3  # the seams are there to be checked


def test_in_a_metre_of_two_or_three_beats_the_counter_moves_on_within_two_bars():
    """Kitchen is in 2/4, where the countermelody has one note a bar: under a chord held for bars it
    stood on one pitch for three bars at seed 1 and five at seed 3. It moves to another tone of
    the chord, or rests, within two bars."""
    for seed in (1, 2, 3):
        stages = compose_stages(load_scene("scenes/kitchen.toml"), seed)
        bar = stages.plan.meter.bar_ticks
        assert stages.plan.meter.pulses == 2
        line = [n for n in _counter_notes(stages) if n.velocity == LINE_VELOCITY]
        start = None
        for a, b in zip([None] + line, line):
            if a is None or a.end != b.start or a.pitch != b.pitch:
                start = b.start
            assert b.end - start <= 2 * bar, (seed, b, (b.end - start) / bar)


def test_the_climaxs_held_tone_keeps_the_counters_rules():
    """At the climax, where the counter is silent on the downbeat, it holds a chord tone through
    the bar (composer.arrange): a held-out scene at seed 1 moved into it from the line in parallel
    fifths with the tune. It follows the line's rules: no parallels, no doubling of the tune.
    (Held-out 18 at seed 1 was the case until its tune's runs travelled (composer.melody.motif.
    RUN_SPAN) and its counter no longer led into the climax; held-out 16 does.)"""
    from composer.evaluate.generated import held_out_scenes

    stages = compose_stages(list(held_out_scenes(16))[15], 1)
    bar = stages.plan.meter.bar_ticks
    climax = stages.arrangement.summit * bar
    notes = _counter_notes(stages)
    held = next(n for n in notes if n.start == climax)
    assert any(n.end == climax for n in notes)  # the line leads into it: the case in question
    assert not _parallels(stages)[0]
    tune = _sounding(_part(stages, "Melody").notes, climax)
    assert tune is None or (tune - held.pitch) % 12


def _onsets_with_the_tune(stages):
    tune = {n.start for n in _part(stages, "Melody").notes}
    counter = {n.start for n in _counter_notes(stages)}
    return sum(t in tune for t in counter) / len(counter)


def test_the_counter_answers_the_tune_instead_of_striking_with_it(pieces):
    """A countermelody moves where the tune holds and holds where it moves (Piston's rhythmic
    independence): 73-96 % of the counter's onsets in these pieces fell on a tune onset, 85 % on
    average over the example scenes, more than a Bach chorale's alto (75 %, music21's corpus)."""
    for stages in pieces:
        assert _onsets_with_the_tune(stages) <= 0.6, (stages.plan.title, _onsets_with_the_tune(stages))


def _runs(stages):
    """The chord spans through which the tune strikes on every subdivision (a run)."""
    from composer.arrange.counter import _subdivision

    sub = _subdivision(stages.plan.meter)
    tune = {n.start for n in _part(stages, "Melody").notes}
    return [span for span in stages.progression
            if all(t in tune for t in range(span.start, span.end, sub))]


def test_the_counter_moves_in_the_tunes_holds_and_sustains_under_its_runs(pieces):
    """Where the tune holds a dotted quarter or longer the counter moves in subdivisions inside the
    hold; where the tune strikes every subdivision of a chord's span the counter's notes there
    last two beats at least, or to the span's end (long tones against the run, not a second
    run). It may also hold under a held tune note, as one figure of its vocabulary among others
    (55 notes begun inside the tune's holds in these pieces when it turned in every one, 37 now)."""
    from composer.arrange.counter import HOLD, _subdivision

    moved = 0
    for stages in pieces:
        meter = stages.plan.meter
        sub = _subdivision(meter)
        melody = _part(stages, "Melody").notes
        line = [n for n in _counter_notes(stages) if n.velocity == LINE_VELOCITY]
        starts = [n.start for n in line]
        # counter notes begun strictly inside a held tune note, a subdivision after its attack
        moved += sum(1 for m in melody if m.duration >= HOLD * sub
                     for s in starts if m.start < s < m.end and (s - m.start) % sub == 0)
        for span in _runs(stages):
            for n in line:
                if span.start <= n.start < span.end:
                    assert n.end >= min(span.end, n.start + 2 * meter.pulse_ticks), (span, n)
    assert moved >= 30


def test_the_counter_sounds_under_the_tunes_runs(pieces):
    """A composer's reading found the counter silent under the tune's runs (kitchen's chase, the
    storm's downpour): in these pieces at seed 1, 9 of 51 run spans sounded where the counter had
    played in the bar before. It sustains there instead: a tone held on, or struck with the run
    and held, in most of them (35 of 60; 36 of 68 since the tune's runs travel, more of them
    running through a whole chord, composer.melody.motif.RUN_SPAN). Seeds 2 and 3 pooled in: as
    the phrases draw now (composer.streams) seed 1 alone sounds in 44 %, its kitchen and storm
    striking half their notes with the tune (the budget, arrange.counter.STRUCK) before their runs
    come; 111 of 190 over seeds 1-3 before, 75 of 147 now."""
    sounded = active = 0
    more = [compose_stages(load_scene(f"scenes/{name}.toml"), seed)
            for name in SCENES for seed in (2, 3)]
    for stages in pieces + more:
        bar = stages.plan.meter.bar_ticks
        notes = _counter_notes(stages)
        for span in _runs(stages):
            if not any(span.start - bar <= n.start < span.start for n in notes):
                continue  # the counter was not playing here
            active += 1
            sounded += any(n.start < span.end and n.end > span.start for n in notes)
    assert active >= 20 and sounded > 0.5 * active, (sounded, active)


def test_no_parallels_counted_from_where_the_counters_note_before_began():
    """The counter enters an eighth after the tune's attack, so its perfect intervals with the
    tune can stand an eighth apart, or either side of a short rest: storm at seed 1 moved F4/C5 to
    E4/B4 that way in bars 46 and 50 (a composer's reading heard them), and first-snow, summit and
    the rooftop chase had them too. None remain, against the tune or the bass, across a rest of a
    beat or less."""
    found = []
    for name, seed in (("storm", 1), ("first-snow", 1), ("summit", 1), ("rooftop-chase-hits", 3)):
        stages = compose_stages(load_scene(f"scenes/{name}.toml"), seed)
        melody, bass = _part(stages, "Melody").notes, _part(stages, "Bass").notes
        notes = _counter_notes(stages)
        for a, b in zip(notes, notes[1:]):
            if b.start - a.end > 480 or a.pitch == b.pitch:
                continue
            for other in (melody, bass):
                for x, y in ((_sounding(other, a.start), _sounding(other, b.start)),
                             (_sounding(other, b.start - 1), _sounding(other, b.start))):
                    if x is not None and y is not None and x != y \
                            and abs(a.pitch - x) % 12 == abs(b.pitch - y) % 12 in PERFECT:
                        found.append((name, seed, a, b, x, y))
    assert not found, found


def test_the_counter_answers_with_more_than_one_figure(pieces):
    """A composer's reading found one figure of the counter (neighbour, neighbour, hold) in a third
    of a piece's counter bars. Its commonest bar rhythm (composer.evaluate.craft) filled 40 % of
    these pieces' figured counter bars on average, 62 % of kitchen's, before the counter chose its
    figures from a vocabulary; a chorale's alto has 28 %."""
    from composer.evaluate.craft import counter_rhythm_share
    from composer.evaluate.score import read_score
    from composer.io.midi import piece_to_midi

    shares = [counter_rhythm_share(read_score(piece_to_midi(stages.piece))) for stages in pieces]
    # A counter of long held tones (the first snow's flute) may figure too few bars to have a
    # habit at all (None: craft.MIN_FIGURED_BARS); the others are measured.
    measured = [s for s in shares if s is not None]
    assert len(measured) >= len(shares) - 1 and all(s <= 0.6 for s in measured), shares
    assert sum(measured) / len(measured) <= 0.35, shares


def test_the_answers_vary_and_no_figure_runs_on():
    """The vocabulary's chooser: the favourites weighted up, a figure sung twice running not sung
    a third time, the drawn figure tried first and every other after it."""
    import random

    from composer.arrange.counter import ANSWERS, HOLD_FIGURES, RUNNING, Answers
    from composer.streams import streams

    answers = Answers(streams(random.Random(3)), lambda tick: 0.5)
    assert len(set(answers.favourites)) == 2 and set(answers.favourites) <= set(ANSWERS)
    sung = []
    for tick in range(200):
        order = answers.order(tick, HOLD_FIGURES)
        assert sorted(order) == sorted(set(order)) and set(order) <= set(HOLD_FIGURES)
        if sung[-RUNNING:] == [sung[-1]] * RUNNING if sung else False:
            assert sung[-1] not in order
        answers.sing(order[0])
        sung.append(order[0])
    assert len(set(sung)) == len(HOLD_FIGURES)


def test_a_suspension_under_a_run_is_prepared_and_resolved():
    """Under a run the counter may hold its tone over the chord's change as a suspension (a 4-3,
    7-6 or 9-8 over the bass) and resolve it down by step a beat later, with no other part but the
    bass sounding the resolution against it. Every counter tone held over a change it does not
    belong to is such a suspension: held-out 12 at seed 4 held Eb4 into a IVmaj7 on Db and then
    rested, its resolution taken out for a parallel, where the held tone now stops at the change.
    (The figure is rare: one in 120 held-out pieces at seeds 1-3 before the tune's line stopped
    circling its hub, held-out 12 at seed 1, none of them since.)"""
    from composer.arrange.counter import SUSPENSIONS
    from composer.evaluate.generated import held_out_scenes

    scenes = list(held_out_scenes(12))
    for stages in (compose_stages(scenes[11], 4), compose_stages(scenes[11], 1)):
        pulse = stages.plan.meter.pulse_ticks
        notes = _counter_notes(stages)
        others = [(n, p.role) for p in stages.arrangement.parts
                  if p.role not in ("Counter", "Drums") for n in p.notes]
        for a, b in zip(notes, notes[1:]):
            change = next((s for s in stages.progression if a.start < s.start < a.end), None)
            if change is None or change.chord.contains(a.pitch):
                continue
            assert b.start == a.end <= change.start + pulse, (a, b)
            assert 1 <= a.pitch - b.pitch <= 2 and change.chord.contains(b.pitch), (a, b)
            bass = min(n.pitch for n, role in others
                       if role == "Bass" and n.start <= change.start < n.end)
            assert (a.pitch - bass) % 12 in SUSPENSIONS, (a, bass)
            assert not any(n.pitch % 12 == b.pitch % 12 and n.pitch != bass
                           for n, _ in others if n.start < a.end and n.end > change.start), (a, b)


def test_the_line_may_move_on_every_beat_of_a_two_beat_bar():
    # 6/8 (held-out 66's turn): one note a bar, held for bars, was heard as held tones, not a line;
    # the line now may take a note on each of the bar's two beats (LINE_PACE), each beat in 4/4
    one_chord = (ChordSpan(0, 4 * 1440, Chord("I", 0, 3, (3, 7, 10), 3), Key(3, "ionian"), (51, 55, 58), 39),)
    assert _slots(0, 2 * 1440, Meter(6, 8), one_chord) == [(0, 720), (720, 1440), (1440, 2160), (2160, 2880)]
    assert _slots(0, 1920, Meter(4, 4), one_chord) == [(0, 480), (480, 960), (960, 1440), (1440, 1920)]
    assert _slots(0, 1440, Meter(3, 4), one_chord) == [(0, 960), (960, 1440)]


def test_a_passing_tone_left_without_its_step_is_not_sung():
    span = ChordSpan(0, 1920, Chord("I", 0, 0, (0, 4, 7), 0), Key(0, "ionian"), (48, 52, 55), 36)

    def span_at(tick):
        return span
    # E D C: D passes between two tones of C major; E D G: D left by a leap is unexplained
    passing = [Note(0, 480, 64, 62), Note(480, 480, 62, 62), Note(960, 960, 60, 62)]
    assert _explained(passing, span_at) == passing
    leap = [Note(0, 480, 64, 62), Note(480, 480, 62, 62), Note(960, 960, 67, 62)]
    assert _explained(leap, span_at) == [leap[0], leap[2]]
    back = [Note(0, 480, 64, 62), Note(480, 480, 62, 62), Note(960, 960, 64, 62)]  # a neighbour
    assert _explained(back, span_at) == back
    apart = [Note(0, 480, 64, 62), Note(720, 240, 62, 62), Note(960, 960, 60, 62)]  # after a breath
    assert _explained(apart, span_at) == [apart[0], apart[2]]


def test_a_6_8_counter_sings_a_line_not_held_tones():
    # a composer's reading of held-out 66 at seed 1: the clarinet's counter in "the turn" (from bar
    # 61, 6/8) was held tones, 21 of its 31 bars one pitch; a second line moves, by step through
    # passing tones (LINE_PACE: a note a beat in 6/8, once one a bar). Since the notes were drawn
    # from streams of their own, the turn's tune runs (13 of bars 61-95 on three in four eighths,
    # none before), where the counter holds by design; held-out 08 at seed 1 is the case now, its
    # cello under the clarinet from bar 29 (6/8, its tune running in 11 of 86 bars): at one note a
    # bar, 41 of its 66 bars were one pitch, 1.45 notes a bar; at a note a beat 22, 1.97 (27 of
    # 67 since more phrases lead in with an upbeat: the counter moves in the tune's holds, and a
    # pickup fills the end of a phrase's hold)
    stages = _stages_of(8, 1)
    bar = stages.plan.meter.bar_ticks
    assert str(stages.plan.meter) == "6/8"
    counter = [n for n in _counter_notes(stages) if n.start >= 28 * bar]
    bars: dict[int, set] = {}
    for n in counter:
        for b in range(n.start // bar, (n.end - 1) // bar + 1):
            bars.setdefault(b, set()).add(n.pitch)
    assert len(bars) >= 20
    assert sum(len(p) == 1 for p in bars.values()) <= 0.45 * len(bars)
    assert len(counter) >= 1.7 * len(bars)
    passing = [n for n in counter if n.velocity == LINE_VELOCITY and not next(
        s for s in stages.progression if s.start <= n.start < s.end).chord.contains(n.pitch)]
    assert passing


def test_no_parallels_with_the_bass_line_across_a_detached_note_or_a_short_rest():
    """The bass is heard as a line through its detached notes' gaps (motion.LINE_REST), and the
    counter's two notes either side of a rest of a beat or less are heard as one move: at seed 3
    the rooftop chase's counter moved A3 -> C#4 over the bass's detached D2 -> F#2 (bar 29), its
    passing tone between taken out as unexplained after the parallels were judged; held-out 12 at
    seed 1 had four such, first-snow at seed 2 one (31 in 150 held-out pieces at seeds 1-3)."""
    from composer.theory.motion import line_at, parallel

    name, text = held_out_scene(11)
    found, moves = [], 0
    for stages in (compose_stages(load_scene("scenes/rooftop-chase-hits.toml"), 3),
                   compose_stages(parse_scene(text, name), 1),
                   compose_stages(load_scene("scenes/first-snow.toml"), 2)):
        bass = line_at(sorted(_part(stages, "Bass").notes, key=lambda n: n.start))
        notes = _counter_notes(stages)
        for a, b in zip(notes, notes[1:]):
            if not 0 <= b.start - a.end <= 480 or a.pitch == b.pitch:
                continue
            moves += 1
            for x in (bass(a.start), bass(b.start, before=True)):
                if parallel(a.pitch, b.pitch, x, bass(b.start)):
                    found.append((stages.plan.title, a, b, x, bass(b.start)))
    assert moves >= 100 and not found, found


def _stages_of(held_out: int, seed: int):
    name, text = held_out_scene(held_out - 1)
    return compose_stages(parse_scene(text, name), seed)


def test_the_counter_sings_legato_where_it_cannot_hold_over_the_tunes_attack():
    """Held-out 71 at seed 1, bar 59: the horn sang E3, G3, B3 an eighth each between rests under
    the trumpet's G5 E5 G5 (a composer's reading: staccato dots, not a line). Each note entered an
    eighth after the tune's attack, and the note before could not be held over it (the tune's own
    pitch class there, or a tone outside the new chord). The line now prefers a tone it can hold
    (DETACHED), else moves with the tune; no short note stands alone between rests there."""
    stages = _stages_of(71, 1)
    bar = stages.plan.meter.bar_ticks
    notes = _counter_notes(stages)
    in_59 = [n for n in notes if 58 * bar <= n.start < 59 * bar]
    assert in_59
    for k, n in enumerate(notes):
        if 58 * bar <= n.start < 59 * bar and n.duration <= stages.plan.meter.pulse_ticks // 2:
            rest_before = k == 0 or notes[k - 1].end < n.start
            rest_after = k + 1 == len(notes) or notes[k + 1].start > n.end
            assert not (rest_before and rest_after), n


def test_the_counter_makes_no_consecutive_octaves_with_the_bass_through_one_note():
    """Held-out 06 at seed 1, bar 7 (once the counter sang legato): F4 C5 G4 over the bass's F2 F2
    G2, octaves on consecutive beats through one note, both voices by step (motion.stepped); and
    on consecutive strong beats (motion.framed): held-out 01 at seed 1 had three, 03 at seed 3
    three (72 in 150 held-out pieces at seeds 1-3). The evaluation's rule, read on the counter's
    line against the bass: none in held-out 06 and 01, nor in 07 at seed 1, whose counter held
    C#5 over the bass's C#3 A2 and then stepped with it onto B at the climax (the counter holding
    while the bass passes through a note: motion.stepped). (1 of the 66 held-out 1-30 pieces at
    seeds 1-3 with a counter has one, 5 before the arrangement drew per phrase: 04 at seed 2, the
    counter entering on F5 over Bb1 a bar after its last note: left open.)"""
    from composer.evaluate.craft import frame_parallels, gridded, top_line
    from composer.evaluate.score import read_score
    from composer.io.midi import piece_to_midi

    for held_out, seed in ((6, 1), (1, 1), (7, 1)):
        score = read_score(piece_to_midi(_stages_of(held_out, seed).piece))
        line = top_line(gridded(score.role("Counter").notes))
        assert not frame_parallels(score, line), (held_out, seed, frame_parallels(score, line))


def test_under_a_run_the_counter_holds_a_tone_a_bar_at_most_where_it_can_move_on():
    """Held-out 66 at seed 1: the clarinet held G4 through bars 16-17 under the piano's eighths
    over one chord (a composer's reading: held tones, not a line), and still G4 for 6 beats in
    20-21 (the line's own path stood on it, two slots of one chord joined) and Eb4 for 4.5 in
    45-46 (held on where its next tone could not be struck with the run). Held-out 12 at seed 3
    held E4 6.5 beats in bar 91 (held on while the next tone waited for a free subdivision), 16
    at seed 1 E4 6 beats in 23-24 and 5.5 in 38 (the line's tone held instead of moving, then
    met again). Under a run (the tune striking RUN_SHARE of the subdivisions) a tone is held a
    bar at most (RUN_HOLD), then the line takes its next tone or rests."""
    from composer.arrange.counter import RUN_HOLD, RUN_SHARE, _runs as runs

    for held_out, seed in ((66, 1), (12, 3), (16, 1)):
        stages = _stages_of(held_out, seed)
        meter = stages.plan.meter
        starts = [n.start for n in _part(stages, "Melody").notes]
        for n in _counter_notes(stages):
            assert n.duration <= RUN_HOLD * meter.bar_ticks or not runs(starts, n.start, n.end, meter, RUN_SHARE), \
                (held_out, seed, n.start // meter.bar_ticks + 1, n)


def test_the_counter_sings_no_tritone_or_augmented_second_where_a_reading_heard_them():
    """A composer's reading (session 14) heard the horn's leading tone D#4 leap a tritone to A4
    (held-out 71 at seed 1, bar 27) and C4 fall to F#3 (44), the trombone's G4 -> A#4 and Cb4 -> F4
    (held-out 12 at seed 2, bars 43, 47, 59): the line does not sing them (motion.awkward)."""
    for index, seed, bars in ((70, 1, (27, 44)), (11, 2, (43, 47, 59))):
        name, text = held_out_scene(index)
        stages = compose_stages(parse_scene(text, name), seed)
        bar = stages.plan.meter.bar_ticks
        notes = sorted(_part(stages, "Counter").notes, key=lambda n: n.start)
        for a, b in zip(notes, notes[1:]):
            key = stages.plan.section_at(b.start // bar).key
            if a.start // bar + 1 in bars and a.end == b.start:
                assert not awkward(a.pitch, b.pitch, key.tonic), (name, seed, a, b)
    # the rule itself, in A minor: F -> G# an augmented second, F -> B a tritone, E -> G a third
    assert awkward(65, 68, 9) and awkward(65, 71, 9) and not awkward(64, 67, 9)


def test_the_counter_sings_no_tritone_or_augmented_second_where_its_notes_are_joined():
    """The line's path avoids them (_best_line), but they came back where its notes were joined:
    held-out 12 at seed 2 held G4 over the passing A#4... B4 under the tune's run and went on
    G4 -> A#4 (bar 13, B minor: an augmented second), a walk's F4 went on to the line's B4 (72), a
    turn's last tone leapt to the next note, and a tone rested between E4 and Bb3 (7) and E4
    and A#4 (31). None is left within a beat's rest, in these pieces and their neighbours (16
    tritones and 10 augmented seconds in 2,877 moves over 30 held-out scenes at seeds 1-2)."""
    moves = found = 0
    for held_out, seed in ((12, 2), (1, 1), (12, 1), (17, 2), (18, 2), (20, 2), (28, 1)):
        stages = _stages_of(held_out, seed)
        spans = stages.progression
        notes = _counter_notes(stages)
        for a, b in zip(notes, notes[1:]):
            if b.start - a.end > 480:
                continue
            moves += 1
            tonic = next(s for s in reversed(spans) if s.start <= b.start).key.tonic
            if awkward(a.pitch, b.pitch, tonic):
                found += 1
                print(held_out, seed, b.start // stages.plan.meter.bar_ticks + 1, a, b)
    assert moves >= 500 and not found, found


def test_a_walk_joins_the_line_and_the_climax_tone_the_counter_by_a_move_it_sings():
    """The seam between an answering walk and the countermelody, and the tone the counter holds at
    the climax, keep the line's rule too (motion.awkward): here in A minor, F4 -> B4 a tritone and
    F4 -> G#4 an augmented second, F4 -> A4 a third."""
    from composer.arrange.counter import _seam, may_enter

    seam = (65, None, None, None, None)  # the walk's F4, no tune or bass around the seam
    assert _seam(65, 69, seam, 9) and not _seam(65, 71, seam, 9) and not _seam(65, 68, seam, 9)
    before = [Note(0, 480, 65, 60)]
    assert may_enter(69, 480, before, [], [], 9) and not may_enter(71, 480, before, [], [], 9)
    after = [Note(1440, 480, 71, 60)]
    assert may_enter(69, 480, after, [], [], 9, 960) and not may_enter(65, 480, after, [], [], 9, 960)


def test_a_flute_over_a_horns_tune_sings_a_descant_in_its_strong_register():
    """Held-out 54 at seed 2 (a composer's reading): the flute's counter-line sat under the horn's
    tune in C4-A4, in the flute's weak bottom octave, and under it at times. Now over the tune
    (composer.plan.DESCANT), within an octave of it (a tenth in the final chord, CLOSE_SPAN), from
    G4 up, and no note in parallel fifths or octaves with the tune or the bass."""
    stages = _stages_of(54, 2)
    counter, melody = _part(stages, "Counter"), _part(stages, "Melody")
    assert (counter.instrument, melody.instrument) == ("Flute", "French Horn")
    line = [n for n in counter.notes if n.velocity == LINE_VELOCITY]
    assert len(line) >= 40
    final = stages.progression[-1]
    for n in counter.notes:
        over = [m.pitch for m in melody.notes if m.start < n.end and m.end > n.start]
        span = CLOSE_SPAN if n.start >= final.start else DESCANT_SPAN
        assert all(p < n.pitch <= p + span for p in over), (n, over)
    assert sum(n.pitch >= 67 for n in counter.notes) >= 0.9 * len(counter.notes)
    assert _parallels(stages)[0] == []


# Pieces whose counter sang into the last cadence and was silent in the final chord (56 of 120
# counters over held-out 1-60 at seeds 1-3 before the rule, none after): 54's flute on D5, the V7's
# fifth (a composer's reading); 12, 20 and 22 on other tones; 05's horn and 27's trombone on the
# leading tone (bf98d84's case); 14, 17, 36 and 45 stopped a beat or two before it.
ENDINGS = [(54, 2), (5, 3), (27, 2), (12, 2), (20, 1), (22, 3), (14, 2), (17, 3), (36, 2), (45, 3)]


@pytest.mark.parametrize("held_out, seed", ENDINGS)
def test_a_counter_sounding_at_the_last_cadence_ends_in_the_final_chord(held_out, seed):
    """A composer's reading of held-out 54 at seed 2: the flute stopped on D5 over the V7 and was
    silent in the last bar, the most exposed voice missing from the last chord. A counter sounding
    in the bar before the final chord now ends in it, on one of its tones, held with the tune and
    the bass to the end: the leading tone risen to the tonic, any other tone held or moved at most a
    fourth, by no awkward step; not in the tune's unison, not in parallels with it."""
    stages = _stages_of(held_out, seed)
    final = stages.progression[-1]
    bar = stages.plan.meter.bar_ticks
    notes = sorted(_part(stages, "Counter").notes, key=lambda n: n.start)
    melody = sorted(_part(stages, "Melody").notes, key=lambda n: n.start)
    before = [n for n in notes if n.start < final.start]
    assert final.start - before[-1].end < bar  # it sounds at the last cadence
    last = notes[-1]
    assert last.start <= final.start < last.end and final.chord.contains(last.pitch)
    assert last.end == melody[-1].end == max(n.end for n in _part(stages, "Bass").notes)
    if last.start == final.start:  # moved into the chord, else its common tone held on
        came = before[-1].pitch
        assert abs(last.pitch - came) <= CLOSE_REACH and not awkward(came, last.pitch, final.key.tonic)
        assert last.pitch != melody[-1].pitch
        if (came - final.key.tonic) % 12 == 11:
            assert last.pitch == came + 1
        tune_before = next(m.pitch for m in reversed(melody) if m.start < final.start)
        assert not (came != last.pitch and tune_before != melody[-1].pitch
                    and abs(came - tune_before) % 12 == abs(last.pitch - melody[-1].pitch) % 12 in PERFECT)


def test_a_descant_ends_on_the_third_over_the_tunes_tonic():
    """Held-out 54 at seed 2 was the case: the flute's D5 over the V7 went up to E5, the final
    tonic's third a tenth over the horn's C4 (CLOSE_SPAN), where C5 would move in octaves with the
    horn's D4 -> C4; later held-out 130 at seed 6, the oboe's Db5 up to Eb5 over the horn's Db4 ->
    C4. Since answering periods sing a third lower where they have no room above
    (melody.frame.Frame.lowered), no descant in held-out 1-150 at seeds 1-6 closes so, and the
    case is written here: a flute's D5 over the horn's D4 -> C4 in C, V7 -> I."""
    key = Key(0, "ionian")
    v7 = ChordSpan(960, 960, Chord("V7", 4, 7, (7, 11, 2, 5), 7), key, (55, 59, 62, 65), 43)
    tonic = ChordSpan(1920, 1920, Chord("I", 0, 0, (0, 4, 7), 0), key, (55, 60, 64), 36)
    tune_at = line_at([Note(960, 960, 62, 80), Note(1920, 1920, 60, 80)])  # the horn D4 -> C4
    bass_at = line_at([Note(960, 960, 43, 80), Note(1920, 1920, 36, 80)])  # G2 -> C2
    flute = PartPlan("Counter", Instrument("Flute", 73), 2, 60, 96, above=True)
    line = [Note(960, 960, 74, LINE_VELOCITY)]  # D5, an octave over the horn's D4
    closed = _resolved(line, tonic, lambda t: v7 if t < 1920 else tonic, flute, tune_at, bass_at,
                       Sounding(), 1920)
    assert (closed[-1].start, closed[-1].pitch) == (1920, 76)  # E5, a tenth over C4
    assert 76 - 60 <= CLOSE_SPAN
    # held to the octave over the tune, the line had only C5 (octaves with the horn) or nothing
    octave = PartPlan("Counter", Instrument("Flute", 73), 2, 60, 72, above=True)
    assert _resolved(line, tonic, lambda t: v7 if t < 1920 else tonic, octave, tune_at, bass_at,
                     Sounding(), 1920) == line


def test_the_countermelody_goes_somewhere_rather_than_circling_one_tone():
    # A countermelody moves through a register with a direction (Piston, *Counterpoint*): a
    # composer's reading of held-out 71 at seed 1 heard the horn circle D4 through bars 35-44,
    # D4 C4 D4 Eb4 D4 | D4 F#4 D4 D4 Eb4 D4 | ... A bar whose every note lies within a step of a
    # note of the bar before is a bar the line did not leave; over held-out 61-80 at seed 1 (kept
    # apart from the 1-30 the rule was measured on) 238 of 452 counter bars (53 %) were so, now
    # fewer than half (RETURN, SWEEP).
    near = total = 0
    for index in range(60, 80):
        name, text = held_out_scene(index)
        stages = compose_stages(parse_scene(text, name), 1)
        bar = stages.plan.meter.bar_ticks
        counter = next((p for p in stages.arrangement.parts if p.role == "Counter"), None)
        if counter is None:
            continue
        bars: dict[int, set[int]] = {}
        for n in counter.notes:
            bars.setdefault(n.start // bar, set()).add(n.pitch)
        for b, pitches in bars.items():
            before = bars.get(b - 1)
            if before:
                total += 1
                near += all(any(abs(p - q) <= 2 for q in before) for p in pitches)
    assert total > 300 and near / total < 0.5


def test_a_counter_entering_after_its_last_note_frames_no_fifths_with_the_tune():
    # Held-out 1 at seed 3, bar 43: the counter's C5 stopped on the downbeat under the tune's G5,
    # then Bb4 entered on beat 3 under F5. Two lines' notes on consecutive strong beats, one of
    # them holding (the counter struck nothing between), move in consecutive fifths heard through
    # the rest (composer.theory.motion.framed, as the evaluation reads the tune and the bass); the
    # counter's own rule read the bass only (counter._framed_by). music21 judges the fifths.
    from music21 import note, voiceLeading

    from composer.evaluate.craft import top_line
    from composer.theory.motion import framed, line_at, strong_at_or_after, strong_before

    name, text = held_out_scene(0)
    stages = compose_stages(parse_scene(text, name), 3)
    meter = stages.plan.meter
    parts = {p.role: p for p in stages.arrangement.parts}
    counter = sorted(parts["Counter"].notes, key=lambda n: (n.start, n.pitch))
    line, tune = line_at(counter), line_at(top_line(parts["Melody"].notes))
    found = []
    for t1 in sorted({strong_at_or_after(meter, n.start) for n in counter}):
        if meter.strength(t1 % meter.bar_ticks) < 2:
            continue
        t0 = strong_before(meter, t1)
        c0, c1, o0, o1 = line(t0), line(t1), tune(t0), tune(t1)
        if framed(c0, c1, o0, o1, line.holds(t0, t1) or tune.holds(t0, t1)):
            quartet = voiceLeading.VoiceLeadingQuartet(note.Note(midi=o0), note.Note(midi=o1),
                                                       note.Note(midi=c0), note.Note(midi=c1))
            assert quartet.parallelFifth() or quartet.parallelUnisonOrOctave()
            found.append((t1 // meter.bar_ticks + 1, c0, c1, o0, o1))
    assert found == []


def test_the_climax_s_held_tone_frames_no_octaves_with_the_bass_into_the_next_bar():
    """Held-out 25 at seed 2, bars 38-39: the counter's tone held through the climax's bar
    (composer.arrange, may_enter) was G4 over the bass's G2, and the line went on to E4 over E2 on
    the next downbeat: octaves on consecutive strong beats, heard through the bass's figure
    between (second species). The held tone takes another of the chord; music21 judges."""
    from music21 import note, voiceLeading

    stages = _stages_of(25, 2)
    bar = stages.plan.meter.bar_ticks
    counter, bass = _counter_notes(stages), sorted(_part(stages, "Bass").notes,
                                                   key=lambda n: (n.start, n.pitch))

    def low(tick):
        return min(n.pitch for n in bass if n.start <= tick < n.end)

    t0, t1 = 37 * bar, 38 * bar  # the downbeats of bars 38 and 39
    c0, c1 = _sounding(counter, t0), _sounding(counter, t1)
    assert c0 is not None and c1 is not None
    quartet = voiceLeading.VoiceLeadingQuartet(note.Note(midi=c0), note.Note(midi=c1),
                                               note.Note(midi=low(t0)), note.Note(midi=low(t1)))
    assert not (quartet.parallelUnisonOrOctave() or quartet.parallelFifth()), (c0, c1)


def test_a_held_tone_enters_framing_no_octaves_on_the_strong_beats():
    from composer.arrange.counter import may_enter
    from composer.piece import Meter

    meter = Meter(6, 8)
    bar = meter.bar_ticks
    bass = [Note(0, bar, 43, 60), Note(bar, bar, 40, 60)]  # G2 | E2
    after = [Note(bar, bar // 2, 64, 60)]  # the line's E4 on the next downbeat
    # G4 held over G2, then E4 over E2: octaves framed a bar apart
    assert may_enter(67, 0, after, [], bass, 11, bar)
    assert not may_enter(67, 0, after, [], bass, 11, bar, meter)
    assert may_enter(71, 0, after, [], bass, 11, bar, meter)  # B4: a tenth, then the octave

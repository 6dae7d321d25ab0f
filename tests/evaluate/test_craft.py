"""The craft measures on tiny pieces whose answers are known by hand."""

import pytest

from composer.evaluate import craft
from composer.evaluate.score import read_score
from craft_midis import build

C_MAJOR = [(0, 4, 48), (0, 4, 60), (0, 4, 64), (0, 4, 67)]


def score(parts, **kw):
    return read_score(build(parts, **kw), name="test.mid")


def test_an_upbeat_phrase_counts_as_an_upbeat_and_a_downbeat_phrase_does_not():
    melody = [(3, 1, 67), (4, 2, 72), (6, 1, 71), (7, 1, 72),  # pickup on beat 4 into bar 2
              (12, 2, 72), (14, 2, 71)]  # after a rest of a bar: on the downbeat of bar 4
    s = score({"Melody": melody})
    assert craft.upbeats(s) == (1, 2)
    assert craft.first_phrase_upbeat(s) == 1.0


def test_a_start_before_the_mid_bar_beat_is_not_an_upbeat_to_the_downbeat():
    # Starting on beat 2 of 4/4, the phrase's first strong beat is beat 3, not the next downbeat.
    s = score({"Melody": [(1, 1, 60), (2, 2, 64), (4, 4, 67)]})
    assert craft.upbeats(s) == (0, 1)
    # In 3/4 every beat before the downbeat is an upbeat.
    s = score({"Melody": [(1, 1, 60), (2, 1, 64), (3, 3, 67)]}, meter=(3, 4))
    assert craft.upbeats(s) == (1, 1)


def test_a_phrase_that_ends_before_its_downbeat_is_no_upbeat():
    s = score({"Melody": [(3, 0.5, 67), (8, 4, 72)]})
    assert craft.upbeats(s) == (0, 2)


def test_phrase_markers_split_phrases_without_rests():
    melody = [(i, 1, 60 + i % 3) for i in range(16)]
    s = score({"Melody": melody}, markers=[(7, "phrase")])
    assert len(craft.phrases(s, craft.melody_line(s))) == 2
    assert craft.upbeats(s) == (1, 2)  # the marked phrase starts on beat 4


def _cadence_piece(bass_under_tonic=48, melody_after=False):
    # Bar 1: V7 (G B D F over G); bar 2: I. The melody's phrase ends on the I's downbeat.
    harmony = [(0, 4, 59), (0, 4, 62), (0, 4, 65), (4, 4, 60), (4, 4, 64), (4, 4, 67)]
    bass = [(0, 4, 43), (4, 4, bass_under_tonic)]
    melody = [(0, 2, 74), (2, 2, 71), (4, 4, 72)]
    if melody_after:
        melody = melody[:2] + [(4, 1, 72), (5, 1, 74), (6, 1, 76), (7, 1, 77), (8, 1, 79),
                               (9, 1, 77), (10, 1, 76), (11, 1, 74), (12, 4, 72)]
    return score({"Melody": melody, "Harmony": harmony, "Bass": bass})


def test_a_tonic_authentic_cadence_is_found_at_a_phrase_end():
    s = _cadence_piece()
    assert craft.tonic_cadences(s) == [4 * 480]
    assert craft.piece_figures(s)["tonic_cadences_per_minute"] == pytest.approx(1 / s.minutes)


def _walking_bass_cadence(melody):
    # V7 then I in C; the bass walks G-F-E-D under the V before landing on C (a passing D on the
    # last beat).
    harmony = [(0, 4, 59), (0, 4, 62), (0, 4, 65), (4, 4, 60), (4, 4, 64), (4, 4, 67)]
    bass = [(0, 1, 43), (1, 1, 41), (2, 1, 40), (3, 1, 38), (4, 4, 36)]
    return score({"Melody": melody, "Harmony": harmony, "Bass": bass})


def test_a_cadence_over_a_walking_bass_counts():
    s = _walking_bass_cadence([(0, 2, 74), (2, 2, 71), (4, 4, 72)])
    assert craft.tonic_cadences(s) == [4 * 480]


def test_a_half_cadence_then_a_phrase_on_the_tonic_is_no_authentic_cadence():
    # The phrase stops on the leading tone over the V and rests; the next phrase begins on the I
    # and runs on: the I opens a phrase, it closes none.
    run = [(4 + i, 1, p) for i, p in enumerate((72, 74, 76, 77, 79, 77, 76, 74))]
    s = _walking_bass_cadence([(0, 2, 74), (2, 1, 71)] + run)
    assert craft.tonic_cadences(s) == []


def test_no_cadence_with_the_bass_off_the_root_or_in_mid_phrase():
    assert craft.tonic_cadences(_cadence_piece(bass_under_tonic=52)) == []  # I6 is no full close
    assert craft.tonic_cadences(_cadence_piece(melody_after=True)) == []  # the phrase goes on


def test_a_flat_seventh_in_the_bass_under_the_leading_tone_is_a_cross_relation():
    # V7 in C: melody B4 for a beat while the bass plays Bb2 (the mode's flat 7th).
    s = score({"Melody": [(0, 1, 71), (1, 1, 72)], "Harmony": [(0, 1, 55), (0, 1, 62), (0, 1, 65)],
               "Bass": [(0, 1, 46), (1, 1, 48)]}, bpm=60)
    spans = craft.cross_relations(s)
    assert spans == [(0, 480)]
    figures = craft.piece_figures(s)
    assert figures["cross_relation_beats_per_minute"] == pytest.approx(1 / s.minutes)


def test_a_cross_relation_shorter_than_a_quarter_beat_and_one_inside_a_part_do_not_count():
    brief = score({"Melody": [(0, 1, 71)], "Bass": [(0.85, 1, 46)]})
    assert craft.cross_relations(brief) == []
    # F and F# in successive notes of one part: a chromatic line, not a cross-relation.
    line = score({"Melody": [(0, 1, 65), (1, 1, 66), (2, 1, 67)], "Bass": [(0, 3, 48)]})
    assert craft.cross_relations(line) == []


def test_the_local_key_from_chord_texts_decides_the_degrees():
    # B against C: no pair of forms of one degree in C major, but b7 against 7 in a section
    # in Db major (the chord text names the section's key).
    parts = {"Melody": [(0, 1, 72), (4, 1, 72)], "Bass": [(0, 1, 47), (4, 1, 47)]}
    assert craft.cross_relations(score(parts)) == []
    moved = score(parts, texts=[(0, "chord: I"), (4, "chord: V (Db major)")])
    assert moved.key_at(4 * 480).tonic == 1 and moved.key.tonic == 0
    assert craft.cross_relations(moved) == [(4 * 480, 5 * 480)]


def test_a_note_is_read_in_the_key_of_each_moment_it_sounds_through():
    # Bb played a few ticks before a move from C to Db major (a performer's early onset), over
    # the bass's C in Db: a whole tone, read as b7 of C against 7 of Db only if the two notes are
    # read in different keys.
    texts = [(0, "chord: I"), (4, "chord: I (Db major)")]
    early = score({"Melody": [(0, 4, 64), (4 - 7 / 480, 1, 70)], "Bass": [(0, 4, 48), (4, 1, 48)]},
                  texts=texts)
    assert craft.cross_relations(early) == []
    # F held from C major into Db major, where the bass plays E: 3 against b3 of Db, counted
    # from the change on (read only in its first key, the F was the 4th of C and missed)
    crossed = score({"Melody": [(0, 6, 65)], "Bass": [(4, 2, 64)]}, texts=texts)
    assert craft.cross_relations(crossed) == [(4 * 480, 6 * 480)]


def test_an_unexplained_leap_from_a_non_chord_tone_is_unresolved_and_passing_tones_are_not():
    chord = [(0, 4, 48), (0, 4, 55), (0, 4, 64)]  # C major for a bar
    passing = score({"Melody": [(0, 1, 72), (1, 1, 74), (2, 1, 76), (3, 1, 79)], "Harmony": chord})
    assert craft.unresolved_dissonances(passing) == []
    leap = score({"Melody": [(0, 1, 72), (1, 1, 77), (2, 1, 72), (3, 1, 67)], "Harmony": chord})
    found = craft.unresolved_dissonances(leap)
    assert [(n.start, n.pitch) for _, n in found] == [(480, 77)]  # F left by a fourth
    neighbour = score({"Melody": [(0, 1, 76), (1, 1, 77), (2, 1, 76), (3, 1, 72)], "Harmony": chord})
    assert craft.unresolved_dissonances(neighbour) == []


def test_bar_rhythms_and_their_variety():
    melody = [(0, 1, 60), (1, 1, 62), (2, 1, 64), (3, 1, 65),  # four quarters
              (4, 2, 67), (6, 2, 65),  # two halves
              (8, 1, 64), (9, 1, 62), (10, 1, 60), (11, 1, 62),  # four quarters again
              (12, 4, 60)]  # a whole note
    s = score({"Melody": melody})
    rhythms = craft.bar_rhythms(s, craft.melody_line(s))
    assert rhythms == [(0, 480, 960, 1440), (0, 960), (0, 480, 960, 1440), (0,)]
    assert craft.rhythm_variety(rhythms) == (3, 1.0)


def test_one_bar_loops_copies_and_neighbour_turns():
    melody = [(0, 1, 64), (1, 1, 65), (2, 2, 64),  # a turn E F E
              (4, 1, 64), (5, 1, 65), (6, 2, 64),  # the same bar again: a loop, a copy, a turn
              (8, 2, 67), (10, 2, 65),  # another bar
              (12, 1, 64), (13, 1, 65), (14, 2, 64),  # the first bar later: a copy, no loop
              (16, 4, 60)]  # a held note is no figure
    s = score({"Melody": melody})
    assert craft.line_habits(s, craft.melody_line(s)) == (1 / 4, 2 / 4, 3 / 4)
    # a turn wider than a whole tone (E G E) is a leap and back, not a neighbour
    s = score({"Melody": [(0, 1, 64), (1, 1, 67), (2, 2, 64), (4, 4, 60)]})
    assert craft.line_habits(s, craft.melody_line(s)) == (0.0, 0.0, 0.0)


def test_swings_count_a_line_going_back_to_the_note_before_last_by_a_step_or_a_third():
    # A4 F#4 A4 F#4 | G4: two windows swing by a third, then F#4 A4 ... goes on (held-out 38)
    s = score({"Melody": [(0, 1, 69), (1, 1, 66), (2, 1, 69), (3, 1, 66), (4, 4, 67)]})
    assert craft.swings(craft.melody_line(s)) == 2 / 3
    # a line that goes somewhere, and a leap of a fourth and back (a call), do not swing
    s = score({"Melody": [(0, 1, 60), (1, 1, 62), (2, 1, 64), (3, 1, 69), (4, 4, 64)]})
    assert craft.swings(craft.melody_line(s)) == 0.0
    s = score({"Melody": [(0, 1, 60), (1, 4, 62)]})
    assert craft.swings(craft.melody_line(s)) is None


def test_hammered_arrivals_count_an_arrival_struck_three_times_into_and_after_its_phrase_end():
    # G5 A5 F#5 G5 | A5 (rest) A5: the half cadence's A5 twice in the phrase's last five notes and
    # again as the next pickup (the toast's bar 36); the second phrase's end, E5 D5 | D5 then C5,
    # is not; the last phrase end is not judged (no pickup follows it)
    first = [(0, 1, 79), (1, 1, 81), (2, 1, 78), (3, 1, 79), (4, 2, 81)]
    second = [(7, 1, 81), (8, 1, 79), (9, 1, 78), (10, 1, 76), (11, 1, 74), (12, 2, 74)]
    third = [(15, 1, 72), (16, 1, 71), (17, 1, 72), (18, 1, 74), (19, 1, 76), (20, 4, 79)]
    s = score({"Melody": first + second + third})
    assert craft.hammered_arrivals(s, craft.melody_line(s)) == 1 / 2
    # struck only twice (the pickup moves off it), it is not hammered
    moved = [(7, 1, 83)] + second[1:]
    s = score({"Melody": first + moved + third})
    assert craft.hammered_arrivals(s, craft.melody_line(s)) == 0.0
    # phrases under five notes are not judged
    s = score({"Melody": [(0, 1, 60), (1, 2, 60), (4, 1, 60), (5, 2, 62)]})
    assert craft.hammered_arrivals(s, craft.melody_line(s)) is None


def test_runs_over_the_span_of_the_run_before():
    def run(bar, pitches):  # eighths from the bar's downbeat
        return [(4 * bar + i / 2, 0.5, p) for i, p in enumerate(pitches)]

    down = [76, 74, 72, 71, 69, 67, 69, 67]  # E5 down to G4
    melody = (run(0, down) + run(1, list(reversed(down)))  # the same span turned: heard again
              + run(2, [p + 2 for p in down])  # a step higher: a new span
              + [(12, 4, 60)]  # a held bar between
              + run(4, [p + 2 for p in down])  # the span of the run two bars back
              + run(9, [p + 2 for p in down]))  # the same span, but five bars on: a new passage
    s = score({"Melody": melody})
    assert craft.run_spans(s, craft.melody_line(s)) == 2 / 5
    assert craft.piece_figures(s)["run_spans"] == 2 / 5
    # bars of fewer than six notes are no runs; a single run has nothing to repeat
    s = score({"Melody": run(0, down[:5]) + run(1, down[:5]) + run(2, down)})
    assert craft.run_spans(s, craft.melody_line(s)) is None


def test_four_bar_groups_held_in_place_with_their_neighbours():
    def group(first_bar, top, middle):  # four bars of quarters around one place
        return [(4 * b + q, 1, p) for b in range(first_bar, first_bar + 4)
                for q, p in enumerate((middle, top, middle, middle - 2))]

    # twelve bars in one place (highest E5, middle C5), then a group a fourth higher, then two
    # that come back: the first three groups are held, the fourth moved, the last two with it
    # are no run of three
    melody = (group(0, 76, 72) + group(4, 77, 72) + group(8, 76, 71)
              + group(12, 81, 77) + group(16, 76, 72) + group(20, 76, 72))
    s = score({"Melody": melody})
    assert craft.held_in_place(s, craft.melody_line(s)) == 3 / 6
    assert craft.piece_figures(s)["held_in_place"] == 3 / 6
    # a middle a third apart does not hold
    assert craft.held_groups([(b, [60, 64, 67]) for b in range(12)]) == 1.0
    moved = [(b, [60, 64, 67] if b < 8 else [64, 67, 69]) for b in range(12)]
    assert craft.held_groups(moved) == 0.0
    # a silent group, or one of under three notes, breaks the run; fewer than three groups that
    # sing show no place
    assert craft.held_groups([(b, [60, 64, 67]) for b in range(16) if b // 4 != 1]) == 0.0
    assert craft.held_groups([(b, [60, 64, 67]) for b in range(8)]) is None
    assert craft.held_groups([(b, [72]) for b in range(0, 12, 2)]) is None


def test_the_climax_height_position_and_fullness():
    melody = [(b * 4, 4, 67) for b in range(6)] + [(24, 4, 79), (28, 4, 67)]
    full = [(24, 4, p) for p in (48, 52, 55, 60, 64)]
    s = score({"Melody": melody, "Harmony": full})
    peak = craft.climax(s, craft.melody_line(s))
    assert peak.height == 12 and peak.position == pytest.approx(24 / 28)
    assert peak.at_fullest is True
    quiet = score({"Melody": melody, "Harmony": [(0, 4, p) for p in (48, 52, 55, 60, 64)]})
    assert craft.climax(quiet, craft.melody_line(quiet)).at_fullest is False


def test_notes_outside_the_instruments_practical_range():
    # A horn (GM 60) line up to Eb6: over its practical top, F5.
    s = score({"Counter": [(0, 1, 65), (1, 1, 77), (2, 1, 87)]})
    assert craft.out_of_range(s) == (1, 3)


def test_a_melody_of_one_or_two_notes_has_figures_and_no_error():
    for notes in ([(0, 1, 60)], [(0, 1, 60), (1, 1, 62)]):
        figures = craft.piece_figures(score({"Melody": notes}))
        assert figures["upbeat_share"] == 0.0
        assert len(notes) > 1 or figures["climax_height"] is None


def test_counter_onsets_that_strike_with_the_tune():
    tune = [(0, 1, 72), (1, 1, 74), (2, 2, 76)]
    # struck with the tune on 0 and 1; answering an eighth after the beat and inside the held E
    s = score({"Melody": tune, "Counter": [(0, 1, 64), (1, 0.5, 65), (1.5, 0.5, 67), (2.5, 1.5, 67)]})
    assert craft.counter_coincidence(s) == 0.5
    # a chord struck at once is one onset; a piece without a counter has no figure
    s = score({"Melody": tune, "Counter": [(0, 1, 60), (0, 1, 64), (2.5, 1, 67)]})
    assert craft.counter_coincidence(s) == 0.5
    assert craft.piece_figures(score({"Melody": tune}))["counter_coincidence"] is None


def test_counter_bars_in_the_commonest_rhythm():
    # six bars of neighbour and hold (eighth, eighth, held), two bars of quarters, one held note
    # (no figure): 6 of 8 figured bars in one rhythm, whatever the neighbour's direction
    counter = []
    for b in range(6):
        x = 4 * b
        counter += [(x, 0.5, 64), (x + 0.5, 0.5, 62 + 3 * (b % 2)), (x + 1, 3, 64)]
    for b in (6, 7):
        counter += [(4 * b + k, 1, 60 + k) for k in range(4)]
    counter.append((32, 4, 60))
    tune = [(4 * b, 4, 76) for b in range(9)]
    s = score({"Melody": tune, "Counter": counter})
    assert craft.counter_rhythms(s).count((0, 240, 480)) == 6
    assert craft.counter_rhythm_share(s) == 0.75
    assert craft.piece_figures(s)["counter_rhythm_share"] == 0.75
    # too few figured bars to call one a habit
    assert craft.counter_rhythm_share(score({"Melody": tune, "Counter": counter[:18]})) is None

def test_arrival_bars_and_the_ending_formula():
    # Four phrases of two bars, each ending on a held note and a rest (a rest of a beat ends a
    # phrase): one formula, in every arrival bar but the last.
    phrase = [(0, 1, 60), (1, 1, 62), (2, 1, 64), (3, 1, 65), (4, 3, 64)]
    melody = [(o + 8 * k, d, p) for k in range(4) for o, d, p in phrase]
    s = score({"Melody": melody})
    endings = craft.phrase_endings(s, craft.melody_line(s))
    assert endings == [((0, False, True),)] * 3
    assert craft.ending_formula(endings) == 1.0
    # The same line with its cadence bars named by texts, as the project writes them, and the
    # second arrival now feminine (the step above on the downbeat, the tone on beat two): two
    # endings of the held one, one feminine.
    varied = list(melody)
    varied[9] = (12, 1, 65)
    varied.insert(10, (13, 2, 64))
    texts = [(4 + 8 * k, "cadence: half") for k in range(4)]
    s = score({"Melody": varied}, texts=texts)
    endings = craft.phrase_endings(s, craft.melody_line(s))
    assert len(endings) == 3 and len(set(endings)) == 2
    assert craft.ending_formula(endings) == pytest.approx(2 / 3)
    assert craft.ending_formula(endings[:2]) is None  # two endings say nothing of a habit


def test_bass_bars_in_the_commonest_rhythm():
    # five bars of hammered eighths, three of half notes, a held bar (no figure), and a drone's
    # open fifth struck at once (one onset): 5 of 8 figured bars in one rhythm
    bass = []
    for b in range(5):
        bass += [(4 * b + k / 2, 0.5, 36 + 12 * (k % 2)) for k in range(8)]
    for b in (5, 6, 7):
        bass += [(4 * b, 2, 36), (4 * b + 2, 2, 43)]
    bass += [(32, 4, 36), (32, 4, 43)]
    tune = [(4 * b, 4, 76) for b in range(9)]
    s = score({"Melody": tune, "Bass": bass})
    assert craft.bass_rhythms(s).count(tuple(range(0, 1920, 240))) == 5
    assert len(craft.bass_rhythms(s)) == 8
    assert craft.bass_rhythm_share(s) == 5 / 8
    assert craft.piece_figures(s)["bass_rhythm_share"] == 5 / 8
    # too few figured bars to call one a habit; no bass, no figure
    assert craft.bass_rhythm_share(score({"Melody": tune, "Bass": bass[:40]})) is None
    assert craft.piece_figures(score({"Melody": tune}))["bass_rhythm_share"] is None


def test_a_tune_note_with_chords_or_texture_on_or_over_it_is_covered():
    tune = [(0, 1, 60), (1, 1, 64), (2, 1, 67), (3, 1, 72)]  # C4 E4 G4 C5
    # the strings on the C4 (a unison), a semitone under the E4 (a rub) and a tone under the G4
    # (clear); the chords under everything but the C5, over which a chord tone sounds for an
    # eighth (a quarter beat or more counts; a grace of a tenth of a beat does not)
    s = score({"Melody": tune, "Texture": [(0, 1, 60), (1, 1, 63), (2, 1, 65)],
               "Harmony": [(0, 4, 48), (0, 4, 55), (3.5, 0.5, 76)]})
    assert craft.tune_covered(s) == 0.75
    s = score({"Melody": tune, "Harmony": [(0, 4, 48), (0, 4, 55), (3.9, 0.1, 76)]})
    assert craft.tune_covered(s) == 0.0
    # a counter line may rise over the tune; without chords or texture there is no figure
    assert craft.piece_figures(score({"Melody": tune, "Counter": [(0, 4, 79)]}))["tune_covered"] is None


def test_outer_voice_parallels_between_the_melody_and_the_bass():
    # A5/A2 -> G5/G2: octaves struck together; then C6/F2 -> D6/G2: fifths; both moving up.
    melody = [(0, 1, 81), (1, 1, 79), (2, 1, 84), (3, 1, 86)]
    bass = [(0, 1, 45), (1, 1, 43), (2, 1, 41), (3, 1, 43)]
    s = score({"Melody": melody, "Bass": bass})
    assert craft.outer_parallels(s) == [(480, 0), (3 * 480, 7)]
    assert craft.piece_figures(s)["outer_parallels_per_minute"] == pytest.approx(2 / s.minutes)


def test_outer_octaves_by_contrary_motion_and_across_a_short_rest_count():
    # the tune moves A5 -> G5 on beat 2 over a held A2, the bass drops to G1 on beat 3 under the held
    # G5: no two consecutive moments at an octave with both voices moving ...
    staggered = score({"Melody": [(0, 1, 81), (1, 3, 79)], "Bass": [(0, 2, 45), (2, 2, 31)]})
    assert craft.outer_parallels(staggered) == []
    # ... but the tune's A5 struck over the bass's A2 (a detached note, a half-beat rest after it)
    # and both moving on together to G, the bass down an octave and a step, are contrary octaves
    contrary = score({"Melody": [(0, 0.5, 81), (1, 1, 79)], "Bass": [(0, 0.5, 45), (1, 1, 31)]})
    assert craft.outer_parallels(contrary) == [(480, 0)]


def test_octaves_on_consecutive_strong_beats_are_heard_through_the_bass_s_figure():
    # held-out 57's climax (a composer's reading): the tune holds G6 from the downbeat and falls
    # to F#6 on beat 3 while the bass plays its octave figure G2 G3 G2 D3 | F#2: no two
    # neighbouring notes move in octaves, but the strong beats do, G6/G2 -> F#6/F#2
    melody = [(0, 1.5, 91), (2, 1, 90), (3, 0.5, 88), (3.5, 0.5, 90)]
    bass = [(0, 0.5, 43), (0.5, 0.5, 55), (1, 0.5, 43), (1.5, 0.5, 50), (2, 0.5, 42), (2.5, 0.5, 54)]
    s = score({"Melody": melody, "Bass": bass})
    assert craft.outer_parallels(s) == []
    assert craft.frame_parallels(s) == [(2 * 480, 0)]
    assert craft.piece_figures(s)["frame_parallels_per_minute"] == pytest.approx(1 / s.minutes)
    # in 3/4 the strong beats are the downbeats: a held C5 over C3 E3 G3, then D5 over D3: octaves
    waltz = score({"Melody": [(0, 3, 72), (3, 3, 74)],
                   "Bass": [(0, 1, 48), (1, 1, 52), (2, 1, 55), (3, 3, 50)]}, meter=(3, 4))
    assert craft.frame_parallels(waltz) == [(3 * 480, 0)]
    # the bass holding while the tune moves between counts alike (the tune A5 -> G5 on beat 2 over
    # A2, the bass to G1 on beat 3 under the held G5: octaves from beat 1 to beat 3)
    staggered = score({"Melody": [(0, 1, 81), (1, 3, 79)], "Bass": [(0, 2, 45), (2, 2, 31)]})
    assert craft.outer_parallels(staggered) == [] and craft.frame_parallels(staggered) == [(960, 0)]


def test_octaves_on_consecutive_beats_are_heard_through_one_note_between():
    # held-out 57, bar 66, after its downbeat took VI6 (a composer's reading): the tune's G6 held
    # from the downbeat, the bass B2 G3 G2 D3 | F#2 under F#6 on beat 3: G6/G2 on beat 2 and
    # F#6/F#2 on beat 3, both voices a step down, the bass's D3 between them saves nothing
    melody = [(0, 1.5, 91), (2, 1, 90)]
    bass = [(0, 0.5, 47), (0.5, 0.5, 55), (1, 0.5, 43), (1.5, 0.5, 50), (2, 1, 42)]
    s = score({"Melody": melody, "Bass": bass})
    assert craft.outer_parallels(s) == []
    assert craft.frame_parallels(s) == [(2 * 480, 0)]
    # a leap in the bass (G2 D3 | B1: a third down, no step), contrary motion (G2 D3 | A2), or a
    # figure of two notes between (G2 D3 B2 | F#2) leaves the beats to the other rules
    for low in ([(1, 0.5, 43), (1.5, 0.5, 50), (2, 1, 35)], [(1, 0.5, 43), (1.5, 0.5, 50), (2, 1, 45)],
                [(1, 0.25, 43), (1.25, 0.25, 50), (1.5, 0.5, 47), (2, 1, 42)]):
        assert craft.frame_parallels(score({"Melody": melody, "Bass": [(0, 1, 47)] + low})) == []


def test_a_figure_s_passing_note_contrary_motion_or_chords_between_make_no_frame_parallel():
    # the bass's E3 on beat 2 meets the held E5 at the octave, but the tune does not move there,
    # and from beat 1 to beat 3 the voices go from one tenth to another (E5/C3 -> F5/D3)
    passing = score({"Melody": [(0, 2, 76), (2, 2, 77)],
                     "Bass": [(0, 1, 48), (1, 1, 52), (2, 2, 50)]})
    # contrary motion out of the octave into a sixth: G6/G2 -> A6/C3 (the held tune over a figure)
    contrary = score({"Melody": [(0, 2, 91), (2, 2, 93)],
                      "Bass": [(0, 1, 43), (1, 1, 50), (2, 2, 48)]})
    # both voices move between the strong beats (a chorale's quarters): A5/A2, C6/E2, G5/G2 are
    # three chords, each pair of neighbours apart; the rule between neighbours reads them
    chords = score({"Melody": [(0, 1, 81), (1, 1, 84), (2, 2, 79)],
                    "Bass": [(0, 1, 45), (1, 1, 40), (2, 2, 43)]})
    for s in (passing, contrary, chords):
        assert craft.frame_parallels(s) == [] and craft.outer_parallels(s) == []
    assert craft.frame_parallels(score({"Melody": [(0, 1, 72)]})) is None  # no bass


def test_a_repeated_note_a_long_rest_or_a_third_is_no_outer_parallel():
    # the bass repeats its A2 under the tune's octave leap; a rest of two beats in the bass; thirds
    held = score({"Melody": [(0, 1, 69), (1, 1, 81)], "Bass": [(0, 1, 45), (1, 1, 45)]})
    rested = score({"Melody": [(0, 4, 81), (4, 1, 79)], "Bass": [(0, 1, 45), (4, 1, 43)]})
    thirds = score({"Melody": [(0, 1, 72), (1, 1, 74)], "Bass": [(0, 1, 45), (1, 1, 47)]})
    for s in (held, rested, thirds):
        assert craft.outer_parallels(s) == []
    assert craft.outer_parallels(score({"Melody": [(0, 1, 72)]})) is None  # no bass

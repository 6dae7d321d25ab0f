"""The melody stage's data tables and motif developments, walked one by one."""

import random

import pytest

from composer.character import quadrant
from composer.melody.motif import (
    DEVELOPMENTS, FIGURES, LEAP, MOVES, SPAN, Motif, augmentation, develop, diminution,
    fragmentation, inversion, make_contour, make_motif,
)
from composer.melody.phrase import FORMS, ROLES, SHAPES, plan_phrase, roles_for
from composer.melody.rhythm import BANDS, CELLS, band, combined, family, scale_to_bar
from composer.piece import Meter
from composer.theory import Chord

METERS = {"4/4": Meter(4, 4), "3/4": Meter(3, 4), "6/8": Meter(6, 8)}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_every_cell_fills_its_bar(name):
    meter = METERS[name]
    for band_name, cells in CELLS[name].items():
        assert band_name in {b for _, b in BANDS}
        for cell in cells:
            assert sum(cell) * 240 == meter.bar_ticks, (name, band_name, cell)
            assert all(v > 0 and v * 240 == int(v * 240) for v in cell)
    for cell in combined(name):  # the bars the beat figures make fill it too
        assert sum(cell) * 240 == meter.bar_ticks, (name, cell)


def test_calm_cells_are_longer_than_energetic_ones():
    for name, bands in CELLS.items():
        density = {b: sum(len(c) for c in cells) / len(cells) for b, cells in bands.items()}
        assert density["calm"] < density["moderate"] < density["energetic"], name


def test_metre_families_and_bands():
    assert family(Meter(6, 8)) == "6/8" and family(Meter(12, 8)) == "6/8"
    assert family(Meter(3, 4)) == "3/4" and family(Meter(2, 4)) == "4/4"
    assert band(-0.9) == "calm" and band(0.0) == "moderate" and band(0.9) == "energetic"
    assert scale_to_bar((4, 4), Meter(2, 4)) == (480, 480)
    assert sum(scale_to_bar((3, 3), Meter(9, 8))) == Meter(9, 8).bar_ticks


def test_moves_favour_steps_and_mood_directions():
    for mood, row in MOVES.items():
        steps = sum(w for m, w in row.items() if abs(m) <= 1)
        assert steps > 0.6 * sum(row.values()), mood
    up = {m: sum(w for k, w in row.items() if k > 0) - sum(w for k, w in row.items() if k < 0)
          for m, row in MOVES.items()}
    assert up["joy"] > 0 > up["sad"]  # joy rises, sadness falls (emotion-rules.md)
    assert quadrant(0.5, 0.5) == "joy" and quadrant(0.5, -0.5) == "tender"
    assert quadrant(-0.5, -0.5) == "sad" and quadrant(-0.5, 0.5) == "tense"


@pytest.mark.parametrize("mood", sorted(MOVES))
def test_contours_recover_leaps_and_stay_close(mood):
    rng = random.Random(3)
    for _ in range(200):
        c = make_contour(rng.randint(2, 7), mood, rng)
        assert c[0] == 0 and max(abs(x) for x in c) <= SPAN + 1
        moves = [b - a for a, b in zip(c, c[1:])]
        assert sum(m == 0 for m in moves) * 3 <= len(moves)  # it moves
        for m, nxt in zip(moves, moves[1:]):
            if abs(m) >= LEAP:
                assert abs(nxt) == 1 and nxt * m < 0


@pytest.mark.parametrize("mood", sorted(MOVES))
def test_contours_step_on_more_than_they_step_back(mood):
    """Step inertia: a step straight back to the note it left (a neighbour turn, X Y X) is about
    as rare in the motifs' three-note windows as in Essen's tunes (9 %); drawn at the moves' own
    weights, 16-22 % of the windows turned back."""
    rng = random.Random(5)
    windows = turns = 0
    for _ in range(2000):
        c = make_contour(rng.randint(3, 6), mood, rng)
        for a, b, d in zip(c, c[1:], c[2:]):
            windows += 1
            turns += a == d and abs(b - a) == 1
    assert turns / windows <= 0.13, (mood, turns / windows)


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_a_settings_figure_opens_the_idea(figure):
    """A horn call opens on a rising fourth or fifth, bells on a falling step, a cuckoo on a
    falling third, raindrops on a note struck again in the band's busiest values, a boat song on
    its longest value; a call's top note is held longer than the note it leaps from; the rest of the idea is the mood's, so ideas of one figure still differ."""
    shape = FIGURES[figure]
    ideas, lilting, landing, notes, plain_notes = set(), 0, 0, 0, 0
    for i in range(120):
        meter = METERS[("4/4", "3/4", "6/8")[i % 3]]
        arousal, mood = random.Random(i).uniform(-0.8, 0.8), sorted(MOVES)[i % 4]
        m = make_motif(meter, arousal, mood, random.Random(i), figure=figure)
        plain = make_motif(meter, arousal, mood, random.Random(i))
        ideas.add(m)
        if shape.opening:
            assert m.contour[1] in shape.opening, (figure, m)
        lilting += m.rhythm[0] == max(m.rhythm) > m.rhythm[1]
        landing += m.rhythm[1] > m.rhythm[0]
        notes, plain_notes = notes + len(m.rhythm), plain_notes + len(plain.rhythm)
    if shape.lilt:
        assert lilting >= 100, lilting  # where the band has a long-short cell at all
    if shape.lands:
        assert landing >= 60, landing  # where the band has a short-long cell at all
    if shape.dense:
        assert notes > 1.1 * plain_notes
    assert len(ideas) >= 60  # the figure opens the idea; it does not write it


def test_a_long_phrase_breaks_its_fragments_with_the_contrast():
    """A phrase longer than its form keeps the form's last role for the bar before its cadence
    and fills the bars between with fragments and the contrasting figure in turn; before, every
    bar past the form was a fragment of the idea (a storm sang one three-note cell for 5 bars)."""
    assert roles_for("single", 7) == ("idea", "answer", "continuation", "continuation",
                                      "contrast", "continuation", "close")
    assert roles_for("antecedent", 3) == FORMS["antecedent"][:3]
    for role in ("antecedent", "consequent", "single"):
        for count in range(1, 12):
            roles = roles_for(role, count)
            assert len(roles) == count
            assert not any(a == b == c == "continuation"
                           for a, b, c in zip(roles, roles[1:], roles[2:]))


def test_developments_fill_one_bar_and_do_what_they_say():
    meter = Meter(4, 4)
    bar = meter.bar_ticks
    m = Motif((480, 480, 960), (0, 1, 2))
    rng = random.Random(0)
    assert inversion(m, bar, rng).contour == (0, -1, -2)
    # A head of two notes broadened is two long values, no longer the motif: not made.
    assert augmentation(m, bar, rng) is None
    aug = augmentation(Motif((240, 240, 480, 960), (0, 1, 2, 1)), bar, rng)
    assert aug.rhythm == (480, 480, 960) and aug.contour == (0, 1, 2)
    dim = diminution(m, bar, rng)
    assert dim.rhythm == (240, 240, 480) * 2 and dim.contour[:3] == (0, 1, 2)
    frag = fragmentation(m, bar, rng)
    assert frag.rhythm == (480, 480) * 2 and frag.contour[:2] == (0, 1)
    assert abs(frag.contour[2] - frag.contour[0]) == 1  # the head again, a step away
    # A long note and two short ones (3/4): no head divides the bar, so its tail is the fragment,
    # the two short notes three times in sequence; six notes make a run, each statement going on
    # a step from where the one before ended, down the scale (not D C D C D C), as far as a run
    # spans, and turns there.
    waltz = Meter(3, 4).bar_ticks
    tail = fragmentation(Motif((960, 240, 240), (0, 2, 1)), waltz, rng)
    assert tail.rhythm == (240, 240) * 3
    assert tail.contour == (0, -1, -2, -3, -4, -3)  # RUN_SPAN, a fifth
    assert fragmentation(Motif((240, 960, 240), (0, 1, 2)), waltz, rng) is None  # nothing divides
    # An operation that does not fit says so; develop then falls back.
    assert augmentation(Motif((1200, 720), (0, 1)), bar, rng) is None
    assert diminution(Motif((240, 240, 1440), (0, 1, 0)), bar, rng) is None
    for name in DEVELOPMENTS:
        got_name, got = develop(m, bar, ((name, 1.0),), rng)
        assert sum(got.rhythm) == bar and len(got.rhythm) == len(got.contour)


@pytest.mark.parametrize("meter", list(METERS.values()), ids=list(METERS))
def test_motifs_come_from_the_feel(meter):
    rng = random.Random(5)
    calm = [make_motif(meter, -0.9, "tender", rng) for _ in range(30)]
    busy = [make_motif(meter, 0.9, "joy", rng) for _ in range(30)]
    assert all(sum(m.rhythm) == meter.bar_ticks for m in calm + busy)
    assert sum(len(m.rhythm) for m in calm) < sum(len(m.rhythm) for m in busy)
    a = make_motif(meter, 0.0, "joy", random.Random(1))
    b = make_motif(meter, 0.0, "joy", random.Random(1), avoid=a.rhythm)
    assert b.rhythm != a.rhythm


@pytest.mark.parametrize("meter", list(METERS.values()), ids=list(METERS))
def test_the_stillest_music_sings_its_bands_broadest_bars(meter):
    """At STILL and under, an idea takes the fewest notes it may (three) and a contrast its
    band's fewest; a calm section just over STILL still draws busier bars of the same band."""
    from composer.melody.motif import MOTIF_NOTES, STILL

    still = [make_motif(meter, STILL - 0.2, "tender", random.Random(i)) for i in range(40)]
    assert {len(m.rhythm) for m in still} == {MOTIF_NOTES}
    calm = [make_motif(meter, STILL + 0.2, "tender", random.Random(i)) for i in range(40)]
    assert band(STILL + 0.2) == band(STILL - 0.2) and max(len(m.rhythm) for m in calm) > MOTIF_NOTES
    contrast = [make_motif(meter, STILL - 0.2, "tender", random.Random(i), fewest=2)
                for i in range(40)]
    assert max(len(m.rhythm) for m in contrast) == 2


def test_phrase_forms_and_shapes():
    for form in FORMS.values():
        assert all(role in ROLES for role in form)
    assert {len(s) for shapes in SHAPES.values() for s in shapes} == {3}
    for start, peak, end in SHAPES["joy"]:
        assert end > start  # rising
    for start, peak, end in SHAPES["tender"]:
        assert start == end != peak  # a wave
    for start, peak, end in SHAPES["sad"]:
        assert end < start  # falling
    for shapes in SHAPES.values():
        assert all(peak > max(start, end) for start, peak, end in shapes)  # an arc
        assert len(set(shapes)) == len(shapes) >= 3  # pieces of one mood trace different arcs
    rng = random.Random(2)
    motifs = {"a": Motif((960, 960), (0, 1)), "b": Motif((480,) * 4, (0, -1, 0, 1))}
    question = plan_phrase("antecedent", 4, motifs, "joy", 1920, (), rng)
    answer = plan_phrase("consequent", 4, motifs, "joy", 1920, question, rng)
    assert len(question) == len(answer) == 3
    assert answer[:2] == question[:2]  # the answer echoes the question
    assert len(plan_phrase("single", 6, motifs, "sad", 1920, (), rng)) == 5
    assert plan_phrase("single", 1, motifs, "sad", 1920, (), rng) == ()


def test_mood_cells_add_figures_at_the_bands_density():
    from composer.melody.rhythm import MOOD_CELLS, cells_for

    for name, meter in METERS.items():
        for mood in MOOD_CELLS[name]:
            for arousal in (-0.9, 0.0, 0.9):
                own = CELLS[name][band(arousal)]
                cells = cells_for(meter, arousal, mood)
                assert cells[:len(own)] == own and len(set(cells)) == len(cells)
                assert all(min(map(len, own)) <= len(c) <= max(map(len, own)) for c in cells)
                assert all(sum(c) * 240 == meter.bar_ticks for c in cells)
        # every mood brings at least one figure of its own to some band
        assert all(any(len(cells_for(meter, a, m)) > len(CELLS[name][band(a)])
                       for a in (-0.9, 0.0, 0.9)) for m in MOOD_CELLS[name])


def test_upbeats_made_from_the_motif_fit_half_a_bar():
    from composer.melody.cadence import motif_upbeats

    assert motif_upbeats((240, 240, 480, 240, 240, 480), 1920) == ((240, 480), (240, 240))
    assert motif_upbeats((480, 240, 240, 960), 1920) == ((480, 240),)  # the tail is too long
    assert motif_upbeats((960, 960), 1920) == ()  # one note is no figure
    for rhythm in ((240,) * 8, (720, 240, 480, 480), (240, 240, 240, 240, 480, 480)):
        for values in motif_upbeats(rhythm, 1920):
            assert len(values) >= 2 and sum(values) < 960


def test_the_evaded_cadence_withholds_the_arrival():
    from composer.melody.cadence import CADENCE_DEGREES

    # on the fifth first, else the tonic; never the third the evading I6 has in its bass
    assert CADENCE_DEGREES["evaded"][0] == 4 and 2 not in CADENCE_DEGREES["evaded"]


def test_a_broadened_figure_never_strikes_one_pitch_twice():
    from composer.melody.motif import broadened

    rng = random.Random(2)
    for motif in (Motif((480, 240, 240, 960), (0, 1, 0, 1)), Motif((480, 480, 480, 480),
                                                                   (0, -1, 0, 2))):
        for _ in range(30):
            got = broadened(motif, 1920, rng)
            assert all(a != b for a, b in zip(got.contour, got.contour[1:])), got


def test_an_ornamented_long_note_divides_on_the_eighth_note_grid():
    """Five eighths in 6/8 become three and two (dotted quarter, quarter), not two notes of five
    sixteenths cutting across the beat; dotted values divide long-short, even ones in halves."""
    from composer.melody.motif import ornamented

    rng = random.Random(1)
    for rhythm, first in (((1200, 240), (720, 480)), ((720, 720), (480, 240)),
                          ((960, 240, 240), (480, 480))):
        got = ornamented(Motif(rhythm, tuple(range(len(rhythm)))), 1440, rng)
        assert got.rhythm[:2] == first or got.rhythm[1:3] == first, got
        assert all(r % 240 == 0 for r in got.rhythm), got


def test_a_cleaned_note_moves_off_the_note_before_where_it_can():
    from composer.melody.fit import moved_chord_tone

    from composer.harmony.span import ChordSpan
    from composer.theory import Key

    chord = Chord("ii", 1, 5, (5, 8, 0), 5)  # F Ab C in E-flat
    ii = ChordSpan(0, 1920, chord, Key(3, "ionian"), (53, 56, 60, 65), 41, None)
    assert moved_chord_tone(79, ii, 60, 84, 77) == 80  # G5 after F5: to A-flat, not F again
    assert moved_chord_tone(79, ii, 60, 79, 77) == 77  # nothing else within reach: F after all


def test_a_bars_last_note_turns_toward_the_next_bar():
    from composer.melody import leading

    falling = Motif((480, 480, 480, 480), (0, 1, 2, 1))
    assert leading(falling, 6).contour == (0, 1, 2, 3)  # the next bar starts high: lead up
    assert leading(falling, 2) == falling  # near enough already
    assert leading(Motif((240, 240, 1440), (0, 1, 0)), 6).contour == (0, 1, 0)  # a long last note stays


def test_a_motif_in_a_short_bar_keeps_the_bands_shortest_value():
    """A 2/4 bar is half a table bar: the energetic dotted pair halved made a sixteenth and a
    32nd, a slide the kitchen's chase sang in 17 bars. Fitted to the bar, no motif value falls
    under the band's shortest (a sixteenth)."""
    from composer.melody.motif import make_motif
    from composer.melody.rhythm import shortest

    for seed in range(200):
        for arousal in (0.3, 0.8):
            m = make_motif(Meter(2, 4), arousal, "joy", random.Random(seed))
            assert min(m.rhythm) >= shortest(arousal), (seed, m.rhythm)

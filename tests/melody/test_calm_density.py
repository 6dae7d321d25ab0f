"""Calm tunes keep their band's density in their developed, varied and returning bars
(composer.melody.rhythm.KEEPS_DENSITY and densest, motif.develop, fragmentation and vary,
phrase.restate)."""

import random

import pytest

from composer.melody.motif import DEVELOPMENTS, Motif, arrived, develop, fragmentation, make_motif
from composer.melody.phrase import BarPlan, plan_phrase, restate
from composer.melody.rhythm import CELLS, EIGHTH, KEEPS_DENSITY, band, cells_for, densest
from composer.piece import Meter

METERS = {"4/4": Meter(4, 4), "3/4": Meter(3, 4), "6/8": Meter(6, 8)}
CALM, MODERATE = -0.5, 0.0


def test_only_the_calm_band_keeps_its_density():
    assert band(CALM) in KEEPS_DENSITY and band(MODERATE) not in KEEPS_DENSITY
    for name, meter in METERS.items():
        busiest = max(len(c) for c in cells_for(meter, CALM, "tender"))
        assert densest(meter, CALM, "tender") == busiest >= max(len(c) for c in CELLS[name]["calm"])
        assert densest(meter, MODERATE, "tender") == 0  # no limit: a continuation quickens


def test_a_calm_fragment_arrives_on_the_last_beat():
    waltz = Meter(3, 4).bar_ticks
    idea = Motif((EIGHTH, EIGHTH, 2 * EIGHTH, 2 * EIGHTH), (0, 1, 2, 1))
    # Livelier music liquidates the two eighths into a run of six.
    assert fragmentation(idea, waltz, random.Random(0)).rhythm == (EIGHTH,) * 6
    # A calm waltz (four notes a bar at most) runs four of them and arrives on the third beat,
    # the run's next note held there, the line travelling on as the run did.
    calm = fragmentation(idea, waltz, random.Random(0), most=4, pulse=2 * EIGHTH)
    assert calm.rhythm == (EIGHTH,) * 4 + (2 * EIGHTH,)
    run = fragmentation(idea, waltz, random.Random(0))
    assert calm.contour == run.contour[:5]
    # In 6/8 the arrival is the second beat's dotted quarter.
    lilt = fragmentation(idea, Meter(6, 8).bar_ticks, random.Random(0), most=4, pulse=3 * EIGHTH)
    assert lilt.rhythm == (EIGHTH, EIGHTH, EIGHTH, 3 * EIGHTH)
    # In 4/4 a half bar's quarter and two eighths, stated twice, arrive on the fourth beat.
    four = Meter(4, 4).bar_ticks
    idea = Motif((2 * EIGHTH, EIGHTH, EIGHTH, 4 * EIGHTH), (0, 1, 2, 1))
    assert fragmentation(idea, four, random.Random(0), most=4, pulse=2 * EIGHTH).rhythm == (
        2 * EIGHTH, EIGHTH, EIGHTH, 2 * EIGHTH, 2 * EIGHTH)
    # Four eighths stated twice would still run six before the arrival: no fragment is made.
    idea = Motif((EIGHTH,) * 4 + (4 * EIGHTH,), (0, 1, 2, 1, 0))
    assert len(fragmentation(idea, four, random.Random(0)).rhythm) == 8
    assert fragmentation(idea, four, random.Random(0), most=4, pulse=2 * EIGHTH) is None
    # Where a statement cut short would not arrive on a beat, the fragment is stated as often as
    # the bar holds it, its last statement broadened onto the beats or its last note held.
    assert arrived((EIGHTH, EIGHTH), 2, waltz, 2 * EIGHTH) == (EIGHTH, EIGHTH, 2 * EIGHTH, 2 * EIGHTH)
    assert arrived((EIGHTH, EIGHTH), 2, Meter(6, 8).bar_ticks, 3 * EIGHTH) == (
        EIGHTH, EIGHTH, EIGHTH, 3 * EIGHTH)


@pytest.mark.parametrize("name", sorted(METERS))
def test_calm_developments_are_no_busier_than_the_band(name):
    meter = METERS[name]
    most = densest(meter, CALM, "tender")
    busier = 0
    for seed in range(40):
        idea = make_motif(meter, CALM, "tender", random.Random(seed))
        for how in DEVELOPMENTS:
            got_how, got = develop(idea, meter.bar_ticks, ((how, 1.0),), random.Random(seed), most)
            assert sum(got.rhythm) == meter.bar_ticks and len(got.rhythm) == len(got.contour)
            # no busier than the band, but for a fragment's held arrival on the last beat
            arrival = got_how == "fragmentation" and got.rhythm[-1] >= meter.pulse_ticks
            assert len(got.rhythm) <= max(most, len(idea.rhythm)) + arrival, (name, how, got)
            free = develop(idea, meter.bar_ticks, ((how, 1.0),), random.Random(seed))[1]
            busier += len(free.rhythm) > max(most, len(idea.rhythm))
    assert busier  # without the limit some developed bars ran faster than the band


def test_a_calm_continuation_does_not_run_in_eighths():
    waltz = Meter(3, 4).bar_ticks
    motifs = {"a": Motif((EIGHTH, EIGHTH, 2 * EIGHTH, 2 * EIGHTH), (0, 1, 2, 1)),
              "b": Motif((4 * EIGHTH, 2 * EIGHTH), (0, -1))}
    most = densest(Meter(3, 4), CALM, "tender")
    longest = {0: 0, most: 0}
    for seed in range(30):
        for limit in longest:
            bars = plan_phrase("sentence", 5, motifs, "tender", waltz, (), random.Random(seed),
                               shortest=EIGHTH, most=limit)
            longest[limit] = max(longest[limit], max(len(b.motif.rhythm) for b in bars))
    assert longest[most] <= most + 1 < longest[0]  # four eighths and the arrival, not six


def test_a_calm_return_varies_without_running_faster():
    """A calm return still varies (issue 12: literal repetition only where the form means it),
    but by a variation its band holds: with no limit some bars of this four-note idea came back
    with a fifth note (ornamented, a triplet), with the band's four none does, and bars still
    differ from the first statement."""
    idea = Motif((2 * EIGHTH, EIGHTH, EIGHTH, 4 * EIGHTH), (0, 1, 2, 1))
    bars = tuple(BarPlan(idea, a, "idea") for a in (0, 2, 4, 1))
    most = 4
    free, calm = [], []
    for seed in range(40):
        free += restate(bars, "tender", 1920, random.Random(seed), shortest=EIGHTH)[1:]
        calm += restate(bars, "tender", 1920, random.Random(seed), shortest=EIGHTH, most=most)[1:]
    assert max(len(b.motif.rhythm) for b in free) > most
    assert max(len(b.motif.rhythm) for b in calm) <= most
    assert sum(b.motif != idea for b in calm) > len(calm) / 5  # varied, not copied

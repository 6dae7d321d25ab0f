"""music21 as the independent judge of the harmony stage: figures and key."""

from __future__ import annotations

import random

import pytest

from composer.harmony import harmonize
from harmony_m21 import chord_reading, figure_reading, names
from harmony_plans import make_plan

music21 = pytest.importorskip("music21")


def _spans(seeds):
    for seed in seeds:
        plan = make_plan(seed)
        yield from harmonize(plan, random.Random(seed))


def test_every_figure_reads_back_as_our_chord_in_its_key():
    """music21 reads our figure in the span's key as exactly our pitch classes, root and bass."""
    count = 0
    for span in _spans(range(40)):
        reading = figure_reading(span)
        assert {p.pitchClass for p in reading.pitches} == set(span.chord.pcs), span
        assert reading.root().pitchClass == span.chord.root, span
        assert reading.bass().pitchClass == span.chord.bass, span
        count += 1
    assert count > 1000


def test_music21_names_our_sounding_chords_as_we_do():
    """From the sounding notes alone (bass + the four voices), music21 finds the same root scale
    degree, quality and inversion for every tertian chord (added-note and suspended chords have
    no single standard reading, so those are judged by their figure above)."""
    checked = 0
    for span in _spans(range(40, 80)):
        if "[" in span.chord.figure:
            continue
        rn = chord_reading(span)
        assert rn.root().pitchClass == span.chord.root, (span, names(span), rn.figure)
        assert rn.scaleDegree == span.chord.degree + 1, (span, rn.figure)
        assert rn.inversion() == span.chord.inversion, (span, rn.figure)
        assert rn.quality == span.chord.quality, (span, rn.figure)
        checked += 1
    assert checked > 1000


def _detected(prog):
    from music21 import chord, stream

    s = stream.Stream()
    for span in prog:
        c = chord.Chord(names(span))
        c.quarterLength = span.duration / 480
        s.append(c)
    return s.analyze("key")


def _key_found_rate(seeds) -> float:
    found = 0
    for seed in seeds:
        plan = make_plan(seed)
        detected = _detected(harmonize(plan, random.Random(seed)))
        home = plan.key
        pc, mode = detected.tonic.pitchClass, detected.mode
        # a modal piece may be heard in its tonic or in its parent major / relative minor
        found += pc == home.tonic or (pc, mode) in {(home.parent_major, "major"),
                                                    ((home.parent_major + 9) % 12, "minor")}
    return found / len(seeds)


def test_key_detection_finds_the_declared_key():
    assert _key_found_rate(range(1000, 1040)) >= 0.9


@pytest.mark.slow
def test_key_detection_finds_the_declared_key_over_hundreds_of_pieces():
    assert _key_found_rate(range(2000, 2400)) >= 0.9


def test_the_harmony_part_alone_reads_as_the_same_chord():
    """Without the bass, the four Harmony voices still sound the chord: music21 finds the same
    root and quality (the inversion is the Bass part's business). The exception is a tendency
    tone in the bass (the leading tone of V6/V65, the seventh of V42), which is never doubled."""
    from music21 import chord

    checked = 0
    for span in _spans(range(80, 110)):
        numeral = span.chord.figure.split("/")[0]
        dominant = numeral.startswith(("V", "vii")) and not numeral.startswith("VI")
        if "[" in span.chord.figure or (dominant and span.chord.inversion in (1, 3)):
            continue
        rn = chord_reading(span)
        upper = chord.Chord(names(span)[1:])
        assert upper.root().pitchClass == span.chord.root, (span, names(span), rn.figure)
        assert upper.quality == span.chord.quality, (span, names(span))
        checked += 1
    assert checked > 500

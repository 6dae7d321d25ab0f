"""The grammar tables are data a person reads and a test walks: check they are well formed."""

from __future__ import annotations

import dataclasses
import random

from composer.character import Colour
from composer.harmony import grammar, harmonize
from composer.theory import MODES, Key
from composer.theory.chords import parse_figure, split_figure
from harmony_plans import make_plan

FUNCTIONS = {"T", "PD", "D"}


def test_every_mode_has_a_vocabulary_colours_cadences_openings_and_a_final_cadence():
    for mode in MODES:
        for table in (grammar.VOCABULARY, grammar.COLOURS, grammar.CADENCES, grammar.FINAL_CADENCES,
                      grammar.OPENINGS, grammar.PAIR_BONUS):
            assert mode in table, (mode, table)
        assert set(grammar.CADENCES[mode]) == {"authentic", "half", "plagal", "deceptive"}


def test_functions_weights_and_targets_are_sound():
    assert set(grammar.FUNCTION_FLOW) == FUNCTIONS
    assert all(set(row) == FUNCTIONS for row in grammar.FUNCTION_FLOW.values())
    assert set(grammar.ROOT_MOTION) == set(range(12))
    drivers = {f.name for f in dataclasses.fields(Colour)}
    for mode in MODES:
        for rows in grammar.CADENCES[mode].values():
            assert all(driver is None or driver in drivers for _, _, driver in rows)
        assert all(driver is None or driver in drivers for _, _, driver, _ in grammar.OPENINGS[mode])
    for mode in MODES:
        key = Key(0, mode)
        names = {f for f, _, _ in grammar.VOCABULARY[mode]} | {c[0] for c in grammar.COLOURS[mode]}
        for figure, function, weight in grammar.VOCABULARY[mode]:
            assert function in FUNCTIONS and weight > 0
            parse_figure(figure, key)
        for figure, function, weight, driver, goes in grammar.COLOURS[mode]:
            assert function in FUNCTIONS and weight > 0
            assert driver in drivers, (mode, figure, driver)
            assert goes is None or set(goes) <= names, (mode, figure, goes)
        for a, b in grammar.PAIR_BONUS[mode]:
            assert a in names and b in names, (mode, a, b)


def test_cadence_formulas_end_as_their_names_say():
    for mode in MODES:
        key = Key(0, mode)
        for cadence, rows in grammar.CADENCES[mode].items():
            for figures, weight, driver in rows:
                assert weight > 0 and len(figures) >= 2
                last, before = parse_figure(figures[-1], key), split_figure(figures[-2])[0]
                if cadence in ("authentic", "plagal"):
                    assert figures[-1] in ("I", "i") and last.root == key.tonic
                if cadence == "authentic":
                    assert before in ("V", "V7")
                if cadence == "half":
                    assert figures[-1] == "V"
                if cadence == "deceptive":
                    assert before in ("V", "V7") and figures[-1] in ("vi", "VI", "bVI")
        for figures, weight in grammar.FINAL_CADENCES[mode]:
            assert figures[-1] in ("I", "i") and figures[-2] in ("V", "V7")


def test_harmonic_rhythm_follows_the_plan_and_never_drops_below_a_pulse():
    for seed in range(120):
        plan = make_plan(seed)
        prog = harmonize(plan, random.Random(seed))
        bar, pulse = plan.meter.bar_ticks, plan.meter.pulse_ticks
        for s in prog:
            assert s.duration >= min(pulse, bar // 2), (plan.meter, s.duration)
        for section in plan.sections:
            spans = [s for s in prog if section.start_bar * bar <= s.start < section.end_bar * bar]
            # at least the planned rate on average, counting calm held openings and suspensions
            per_bar = len(spans) / section.bars
            assert 0.5 <= per_bar <= 2 * section.chords_per_bar + 1.5, (section, per_bar)


def test_fast_tempi_broaden_the_harmonic_rhythm():
    from dataclasses import replace

    from composer.plan import Phrase

    for seed in range(20):
        plan = make_plan(seed, sections=1, meter=(2, 4), bars=16, intensity=0.3)
        phrases = (Phrase(0, 8, "half", "antecedent"), Phrase(8, 8, "authentic", "consequent"))
        plan = replace(plan, sections=tuple(replace(s, chords_per_bar=1, phrases=phrases)
                                            for s in plan.sections))
        slow = harmonize(replace(plan, bpm=60.0), random.Random(seed))
        fast = harmonize(replace(plan, bpm=170.0), random.Random(seed))
        seconds_per_chord = plan.bars * 2 * 60.0 / 170.0 / len(fast)
        assert len(fast) < len(slow)
        # a bar lasts 0.7 s here: without broadening no chord could last longer
        assert seconds_per_chord >= 1.0, seconds_per_chord

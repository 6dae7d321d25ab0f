"""The grammar tables are data a person reads and a test walks: check they are well formed."""

from __future__ import annotations

import dataclasses
import random

from composer.character import Colour
from composer.harmony import grammar, harmonize
from composer.theory import MODES, Key
from composer.theory.chords import parse_figure, split_figure
from composer.harmony.relations import chromatic_line, cross_relations
from harmony_checks import (EVADED_GOALS, MODAL, PLAGAL_APPROACH, SUBMEDIANTS, approaches,
                            dominants)
from harmony_plans import make_plan

FUNCTIONS = {"T", "PD", "D"}


def test_every_mode_has_a_vocabulary_colours_cadences_openings_and_a_final_cadence():
    for mode in MODES:
        for table in (grammar.VOCABULARY, grammar.COLOURS, grammar.CADENCES, grammar.FINAL_CADENCES,
                      grammar.OPENINGS, grammar.PAIR_BONUS):
            assert mode in table, (mode, table)
        assert tuple(grammar.CADENCES[mode]) == grammar.CADENCE_KINDS


def test_every_cadence_the_plan_writes_has_formulas():
    from composer.plan import CADENCES

    assert set(CADENCES) <= set(grammar.CADENCE_KINDS)
    assert {"authentic", "half", "plagal", "deceptive", "evaded"} <= set(grammar.CADENCE_KINDS)


def test_functions_weights_and_targets_are_sound():
    assert set(grammar.FUNCTION_FLOW) == FUNCTIONS
    assert all(set(row) == FUNCTIONS for row in grammar.FUNCTION_FLOW.values())
    assert set(grammar.ROOT_MOTION) == set(range(12))
    drivers = {f.name for f in dataclasses.fields(Colour)}
    for mode in MODES:
        for rows in grammar.CADENCES[mode].values():
            assert all(driver is None or driver in drivers for _, _, driver in rows)
        assert all(driver is None or driver in drivers for _, _, driver, _ in grammar.OPENINGS[mode])
        assert all(driver is None or driver in drivers for _, _, driver in grammar.FINAL_CADENCES[mode])
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


def test_cadence_formulas_end_as_their_names_say_in_their_own_mode():
    """E.g. a dorian authentic cadence approaches i from v, VII, IV or, under tension, V; a
    phrygian one from II or vii; a mixolydian half cadence stops on v or VII."""
    for mode in MODES:
        key = Key(0, mode)
        for cadence, rows in grammar.CADENCES[mode].items():
            for figures, weight, driver in rows:
                assert weight > 0 and len(figures) >= 2
                last, before = parse_figure(figures[-1], key), split_figure(figures[-2])[0]
                tense = driver == "tension"
                if cadence in ("authentic", "plagal"):
                    assert figures[-1] in ("I", "i") and last.root == key.tonic
                if cadence == "authentic":
                    assert before in approaches(mode, tense), (mode, figures)
                if cadence == "plagal":
                    assert before in PLAGAL_APPROACH, (mode, figures)
                if cadence == "half":
                    assert figures[-1] in dominants(mode, tense), (mode, figures)
                if cadence == "deceptive":
                    assert before in dominants(mode, tense) and figures[-1] in SUBMEDIANTS
                if cadence == "evaded":
                    assert before in dominants(mode, tense) and figures[-1] in EVADED_GOALS
                    assert last.root != key.tonic or last.bass != key.tonic
        for figures, weight, driver in grammar.FINAL_CADENCES[mode]:
            assert figures[-1] in ("I", "i") and figures[-2] in approaches(mode, driver == "tension")


def test_modal_formulas_raise_the_seventh_only_under_tension():
    """Dorian, mixolydian, aeolian and phrygian cadences keep the mode's own seventh: a formula
    that sounds the leading tone (a major V) is a colour the tension driver asks for."""
    for mode in MODAL:
        key = Key(0, mode)
        rows = [row for table in grammar.CADENCES[mode].values() for row in table]
        rows += list(grammar.FINAL_CADENCES[mode])
        for figures, _weight, driver in rows:
            raised = any(11 in parse_figure(f, key).pcs for f in figures)
            assert raised == (driver == "tension"), (mode, figures, driver)
        for kind in ("authentic", "half"):
            assert any(d is None for _, _, d in grammar.CADENCES[mode][kind])


def test_no_formula_sounds_a_degree_in_two_forms_from_chord_to_chord():
    """Cross-relations inside a formula only where the grammar names the chromatic line."""
    for mode in MODES:
        key = Key(0, mode)
        rows = [row[0] for table in grammar.CADENCES[mode].values() for row in table]
        rows += [row[0] for row in grammar.FINAL_CADENCES[mode]]
        rows += [row[0] for row in grammar.OPENINGS[mode]]
        for figures in rows:
            for a, b in zip(figures, figures[1:]):
                clash = cross_relations(parse_figure(a, key), key, parse_figure(b, key), key)
                assert not clash or chromatic_line(mode, split_figure(a)[0], split_figure(b)[0]), (
                    mode, figures, clash)


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

"""Phrase endings keep their planned cadence; key changes are prepared at phrase boundaries."""

from __future__ import annotations

import random

from composer.harmony import describe, harmonize
from harmony_plans import make_plan

SUBMEDIANTS = {"vi", "VI", "bVI"}
# The predominants a plagal cadence may use: IV/iv, the lydian and phrygian II, their colours.
PLAGAL_APPROACH = {"IV", "iv", "II", "IV[add9]", "iv7"}


def _phrase_spans(plan, prog):
    bar = plan.meter.bar_ticks
    for si, section in enumerate(plan.sections):
        for pi, phrase in enumerate(section.phrases):
            spans = [s for s in prog if phrase.start_bar * bar <= s.start < phrase.end_bar * bar]
            final = si == len(plan.sections) - 1 and pi == len(section.phrases) - 1
            yield section, phrase, spans, final


def test_every_phrase_ends_on_its_planned_cadence():
    seen = set()
    for seed in range(250):
        plan = make_plan(seed)
        prog = harmonize(plan, random.Random(seed))
        for section, phrase, spans, final in _phrase_spans(plan, prog):
            planned = "authentic" if final else phrase.cadence
            goal, approach = spans[-1], spans[-2]
            assert goal.end == phrase.end_bar * plan.meter.bar_ticks
            assert goal.cadence == approach.cadence == planned
            assert goal.key == approach.key == section.key
            tonic = goal.chord.figure in ("I", "i") and goal.chord.root == section.key.tonic
            if planned == "authentic":
                assert tonic and approach.chord.figure in ("V", "V7"), (planned, goal, approach)
            elif planned == "half":
                assert goal.chord.figure == "V"
            elif planned == "plagal":
                assert tonic and approach.chord.figure in PLAGAL_APPROACH, (approach.chord.figure)
            else:
                assert goal.chord.figure in SUBMEDIANTS and approach.chord.figure in ("V", "V7")
            seen.add(planned)
    assert seen == {"authentic", "half", "plagal", "deceptive"}


def test_key_changes_enter_through_a_pivot_or_a_common_tone_at_the_section_start():
    changes = held = 0
    for seed in range(400):
        plan = make_plan(seed)
        prog = harmonize(plan, random.Random(seed))
        bar = plan.meter.bar_ticks
        for before, after in zip(plan.sections, plan.sections[1:]):
            if before.key == after.key:
                continue
            changes += 1
            i = next(i for i, s in enumerate(prog) if s.start == after.start_bar * bar)
            old, new = prog[i - 1], prog[i]
            assert old.key == before.key and new.key == after.key
            assert all(s.key == before.key for s in prog[:i] if s.start >= before.start_bar * bar)
            old_scale = set(before.key.scale) | {(before.key.tonic - 1) % 12}
            pivot = set(new.chord.pcs) <= old_scale
            common = set(new.chord.pcs) & set(old.chord.pcs)
            assert pivot or common, (before.key, after.key, old.chord, new.chord)
            old_lines = (old.bass,) + old.voicing
            new_lines = (new.bass,) + new.voicing
            held += any(x == y for x, y in zip(old_lines, new_lines))
    assert changes > 100
    # the common tone is held in the same voice across the junction
    assert held >= 0.9 * changes, (held, changes)


def test_characteristic_chords_of_each_mode_are_heard():
    expected = {"lydian": "II", "mixolydian": "VII", "dorian": "IV", "phrygian": "II",
                "aeolian": "VI", "minor": "V"}
    for mode, figure in expected.items():
        found = 0
        for seed in range(10):
            plan = make_plan(seed, sections=1, modes=(mode,), bars=16)
            prog = harmonize(plan, random.Random(seed))
            found += any(s.chord.figure.startswith(figure) and not s.chord.figure.startswith(figure + "I")
                         for s in prog)
        assert found >= 8, (mode, found)


def test_describe_shows_every_phrase_as_roman_numerals():
    plan = make_plan(5, sections=2)
    prog = harmonize(plan, random.Random(5))
    lines = describe(prog, plan)
    phrases = [line for line in lines if line.startswith("  bars ")]
    assert len(phrases) == len(plan.phrases)
    assert lines[0].startswith(plan.sections[0].name)
    assert prog[0].chord.figure in lines[1] and lines[-1].endswith("[authentic]")


def test_returning_sections_and_parallel_periods_restate_their_chords():
    from composer.plan import Phrase, Section
    from dataclasses import replace

    restated = 0
    for seed in range(40):
        base = make_plan(seed, sections=1, bars=8, same_tonic=True)
        a = base.sections[0]
        phrases = (Phrase(0, 4, "half", "antecedent"), Phrase(4, 4, "authentic", "consequent"))
        first = replace(a, label="A", name="A", start_bar=0, bars=8, phrases=phrases)
        again = replace(first, label="A'", name="A'", start_bar=8,
                        phrases=tuple(replace(p, start_bar=p.start_bar + 8) for p in phrases))
        plan = replace(base, sections=(first, again))
        prog = harmonize(plan, random.Random(seed))
        bar = plan.meter.bar_ticks
        head = [s.chord.figure for s in prog if s.start < 2 * bar]
        back = [s.chord.figure for s in prog if 8 * bar <= s.start < 10 * bar]
        restated += head == back
    # most returns restate (RETURN_CHANCE); a return is never forced where it would not fit
    assert restated >= 25, restated

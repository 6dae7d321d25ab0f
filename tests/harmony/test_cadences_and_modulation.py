"""Phrase endings keep their planned cadence; key changes are prepared at phrase boundaries."""

from __future__ import annotations

import random

from composer.harmony import describe, harmonize
from composer.harmony.close import added
from composer.harmony.grammar import CADENCE_KINDS
from harmony_checks import (EVADED_GOALS, MODAL, PLAGAL_APPROACH, SUBMEDIANTS, approaches,
                            dominants)
from harmony_plans import make_plan


def _phrase_spans(plan, prog):
    bar = plan.meter.bar_ticks
    for si, section in enumerate(plan.sections):
        for pi, phrase in enumerate(section.phrases):
            spans = [s for s in prog if phrase.start_bar * bar <= s.start < phrase.end_bar * bar]
            final = si == len(plan.sections) - 1 and pi == len(section.phrases) - 1
            yield section, phrase, spans, final


def _check_cadence(planned, mode, goal, approach, tonic):
    """The modal truth of each kind: e.g. a dorian authentic cadence approaches i from v, VII,
    IV or, under tension, V; a dorian half cadence stops on v or VII (or V under tension)."""
    fig, before = goal.chord.figure, approach.chord.figure
    if planned == "authentic":
        assert tonic and before in approaches(mode), (mode, planned, before, fig)
    elif planned == "half":
        assert fig in dominants(mode), (mode, planned, before, fig)
    elif planned == "plagal":
        assert tonic and before in PLAGAL_APPROACH, (mode, planned, before)
    elif planned == "deceptive":
        assert fig in SUBMEDIANTS and before in dominants(mode), (mode, planned, before, fig)
    else:
        # evaded: the dominant moves to the tonic's first inversion or IV6, never the root-position tonic
        assert fig in EVADED_GOALS and before in dominants(mode), (mode, planned, before, fig)


def _cadences_as_planned(plan, prog) -> set[tuple[str, bool, int]]:
    """Checks each phrase ends on its planned cadence, in its section's key, with the chords that
    cadence takes; returns (kind, modal, bars) for every phrase seen."""
    seen = set()
    for section, phrase, spans, final in _phrase_spans(plan, prog):
        planned = "authentic" if final else phrase.cadence
        assert spans[-1].end == phrase.end_bar * plan.meter.bar_ticks
        # The piece's close may add chords after its authentic arrival (the amen, a codetta):
        # the cadence is the arrival and its approach (test_closes checks what follows).
        extra = len(added(spans[-1])) if final else 0
        goal, approach = spans[-1 - extra], spans[-2 - extra]
        assert goal.cadence == approach.cadence == planned
        assert goal.key == approach.key == section.key
        # A Picardy close's last tonic is major in a minor key.
        tonic = goal.chord.figure in ("I", "i") and goal.chord.root == section.key.tonic
        _check_cadence(planned, section.key.mode, goal, approach, tonic)
        seen.add((planned, section.key.mode in MODAL, phrase.bars))
    return seen


def test_every_phrase_ends_on_its_planned_cadence():
    seen = set()
    for seed in range(250):
        plan = make_plan(seed)
        seen |= {(kind, modal) for kind, modal, _ in
                 _cadences_as_planned(plan, harmonize(plan, random.Random(seed)))}
    assert seen == {(kind, modal) for kind in CADENCE_KINDS for modal in (True, False)}


def test_every_cadence_kind_fits_phrases_of_one_to_eight_bars():
    """The plan writes phrases of 3, 5, 6 and 7 bars as well as 4 and 8 (and 1- and 2-bar
    fragments): every kind of cadence lands on its planned chords in each of them."""
    seen = set()
    for seed in range(150):
        plan = make_plan(seed, phrase_bars=tuple(range(1, 9)))
        seen |= {(kind, bars) for kind, _, bars in
                 _cadences_as_planned(plan, harmonize(plan, random.Random(seed)))}
    assert seen >= {(kind, bars) for kind in CADENCE_KINDS for bars in range(1, 9)}, (
        {(kind, bars) for kind in CADENCE_KINDS for bars in range(1, 9)} - seen)


def test_modal_cadences_take_a_leading_tone_only_when_the_mood_is_tense():
    """A dorian, mixolydian, aeolian or phrygian cadence keeps the mode's lowered seventh (or
    phrygian's lowered second) unless the section's tension asks for a major V."""
    def raised_share(tension, intensity):
        raised = total = 0
        for seed in range(60):
            plan = make_plan(seed, sections=1, bars=16, modes=(sorted(MODAL)[seed % 4],),
                             tension=tension, intensity=intensity)
            prog = harmonize(plan, random.Random(seed))
            for section, phrase, spans, final in _phrase_spans(plan, prog):
                cadence = [s for s in spans if s.cadence]
                if cadence[-1].cadence == "plagal":
                    continue  # no dominant to raise
                leading = (section.key.tonic - 1) % 12
                total += 1
                raised += any(leading in s.chord.pcs for s in cadence)
        return raised / total

    calm, tense = raised_share(0.0, 0.2), raised_share(1.0, 0.8)
    assert calm < 0.05 and tense > 0.3, (calm, tense)


def test_an_elided_cadence_is_the_next_phrase_s_opening():
    """After an elided cadence the next phrase does not sound its own opening tonic: its first
    chord moves on from the goal (a different root)."""
    checked = 0
    for seed in range(200):
        plan = make_plan(seed, elision=0.5)
        prog = harmonize(plan, random.Random(seed))
        bar = plan.meter.bar_ticks
        phrases = [(section, p) for section in plan.sections for p in section.phrases]
        for (sa, a), (sb, b) in zip(phrases, phrases[1:]):
            if not a.elided or sa.key != sb.key:
                continue
            goal = next(s for s in reversed(prog) if s.start < a.end_bar * bar)
            first = next(s for s in prog if s.start >= b.start_bar * bar)
            assert first.chord.root != goal.chord.root, (a, goal.chord, first.chord)
            checked += 1
    assert checked > 100


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
    from composer.plan import Phrase
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

"""The performance's tempo map: phrase ends broaden by how much they close, and a section at
another tempo is led into rather than jumped to."""

from pathlib import Path

import pytest

from composer import compose_stages, load_scene
from composer.perform import BOUNDARY_BREATH, CADENCE_BREATH, LEAST_BREATH, PREPARED

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def stages():
    return [compose_stages(load_scene(SCENES / name), seed)
            for name in ("beach.toml", "first-snow.toml", "last-visit.toml", "summit.toml")
            for seed in (1, 2)]


def _changes_in_bar(st, bar_index):
    bar = st.plan.meter.bar_ticks
    return [t for t in st.piece.tempos if bar_index * bar <= t.tick < (bar_index + 1) * bar]


def test_a_new_section_at_another_tempo_is_prepared_over_the_bar_before(stages):
    seen = 0
    for st in stages:
        plan = st.plan
        for before, section in zip(plan.sections, plan.sections[1:]):
            old, new = plan.quarter_bpm_at(section.start_bar - 1), plan.quarter_bpm_at(section.start_bar)
            if abs(new / old - 1) <= PREPARED or section.start_bar >= plan.bars - 2:
                continue
            seen += 1
            steps = [t.bpm for t in _changes_in_bar(st, section.start_bar - 1)]
            assert len(steps) == plan.meter.pulses, steps
            # Every step lies between the two tempos and moves toward the new one.
            ordered = steps if new > old else steps[::-1]
            assert ordered == sorted(ordered), steps
            assert all(min(old, new) * 0.9 <= s <= max(old, new) * 1.1 for s in steps), steps
    assert seen, "no scene here changes tempo between sections"


def test_phrase_ends_broaden_by_how_much_their_cadence_and_boundary_close(stages):
    """A phrase's last bar slows by the feel's rubato times its cadence's closure times its
    boundary's level; a cadence the music runs through, or a breath too shallow to play, leaves
    the tempo alone (no slow-down-and-snap-back at every phrase end)."""
    seen = set()
    for st in stages:
        plan = st.plan
        starts = {s.start_bar for s in plan.sections}
        for phrase in plan.phrases[:-1]:
            last = phrase.end_bar - 1
            if phrase.end_bar in starts and abs(plan.quarter_bpm_at(phrase.end_bar)
                                                / plan.quarter_bpm_at(last) - 1) > PREPARED:
                continue  # led into the next section's tempo instead
            if last >= plan.bars - 3 or last == 0:
                continue
            level = ("section" if phrase.end_bar in starts else
                     "period" if phrase.role == "consequent" else "phrase")
            breath = 0.0 if phrase.elided else plan.section_at(phrase.start_bar).character.rubato \
                * CADENCE_BREATH.get(phrase.cadence, 1.0) * BOUNDARY_BREATH[level]
            steps = _changes_in_bar(st, last)
            if breath < LEAST_BREATH:
                assert not steps, (phrase, steps)
                seen.add("none")
            else:
                # The map is scaled as a whole to meet the asked length: compare its own steps.
                pulses = plan.meter.pulses
                assert steps[-1].bpm / steps[0].bpm == pytest.approx(
                    (1 - breath) / (1 - breath / pulses), abs=0.002), (phrase, steps)
                seen.add(level)
    assert "none" in seen and seen & {"section", "period", "phrase"}, seen

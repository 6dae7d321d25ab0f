"""The performance's tempo map: phrase ends broaden by how much they close, and a section at
another tempo is led into rather than jumped to."""

from pathlib import Path

import pytest

from composer import compose_stages, load_scene
from composer.perform import CADENCE_BREATH, PREPARED

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


def test_phrase_ends_broaden_by_how_much_their_cadence_closes(stages):
    kinds = set()
    for st in stages:
        plan = st.plan
        bar = plan.meter.bar_ticks
        starts = {s.start_bar for s in plan.sections}
        for phrase in plan.phrases[:-1]:
            last = phrase.end_bar - 1
            if phrase.end_bar in starts or last >= plan.bars - 3 or last == 0:
                continue
            steps = _changes_in_bar(st, last)
            if phrase.elided or CADENCE_BREATH.get(phrase.cadence, 1.0) == 0:
                assert not steps, (phrase, steps)  # the music runs on through the cadence
                kinds.add("runs on")
            elif st.plan.section_at(phrase.start_bar).character.rubato > 0:
                assert steps and steps[-1].bpm < plan.quarter_bpm_at(last), (phrase, steps)
                kinds.add(phrase.cadence)
    assert "runs on" in kinds and len(kinds) >= 3, kinds

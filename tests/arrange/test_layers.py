"""A long section grows within (composer.form.GROWTH, Plan.staged): the parts its mood allows enter
in stages at its phrase groups, and the drums thin out before the next section."""

from pathlib import Path

import pytest

from composer import compose_stages
from composer.form import LONG_SECTION
from composer.scene import parse_scene

HERE = Path(__file__).parent

# A playful arrival and a long anxious wait at a quiet 0.15, in a cafe (brushes and a clarinet
# counter in the band): the wait's intensity alone would keep its counter and drums out.
WAIT = """
title = "A long wait"
mood = ["playful"]

[setting]
place = "cafe"

[[moments]]
name = "arrival"
length = "0:20"
intensity = 0.5
mood = ["excited"]

[[moments]]
name = "the long wait"
length = "1:10"
intensity = 0.15
mood = ["anxious"]
"""


def _held_out_66():
    from composer.evaluate.generated import held_out_scene

    name, text = held_out_scene(65)
    return parse_scene(text, name)


def _sounding(stages) -> dict[int, set[str]]:
    """Bar -> the parts sounding in it."""
    bar = stages.plan.meter.bar_ticks
    out: dict[int, set[str]] = {}
    for part in stages.arrangement.parts:
        for n in part.notes:
            for b in range(n.start // bar, (n.end - 1) // bar + 1):
                out.setdefault(b, set()).add(part.role)
    return out


@pytest.mark.parametrize("scene,seed,name", [("66", 1, "the turn"), ("wait", 1, "the long wait"),
                                             ("wait", 2, "the long wait")])
def test_a_long_quiet_section_brings_in_its_counter_and_drums_in_stages(scene, seed, name):
    """Held-out 66's turn (48 bars at intensity 0.2, seed 1) had nothing but melody, chords, bass
    and texture in every bar; now the counter enters with its second phrase group and the drums
    at its midpoint, each on a phrase's first bar, and the set of sounding parts changes at least
    twice inside the section."""
    stages = compose_stages(_held_out_66() if scene == "66" else parse_scene(WAIT, "wait.toml"), seed)
    plan = stages.plan
    section = next(s for s in plan.sections if s.name == name)
    assert section.bars >= LONG_SECTION and section.character.intensity < 0.3
    sounding = _sounding(stages)
    sets = [frozenset(sounding.get(b, ())) for b in range(section.start_bar, section.end_bar)]
    assert sum(a != b for a, b in zip(sets, sets[1:])) >= 2
    starts = {p.start_bar for p in section.phrases}
    first = {role: min((b for b in range(section.start_bar, section.end_bar) if role in sounding.get(b, ())),
                       default=None) for role in ("Counter", "Drums")}
    assert first["Counter"] is not None and first["Drums"] is not None
    assert first["Counter"] < first["Drums"]
    assert first["Drums"] in starts  # the drums join where a phrase begins
    # the counter waits through the first phrase group, the drums for half the section
    assert first["Counter"] - section.start_bar >= section.bars // 4 - max(p.bars for p in section.phrases)
    assert first["Drums"] - section.start_bar >= section.bars // 2 - max(p.bars for p in section.phrases)
    # and the drums leave for the last group, so the next section (or the close) enters prepared
    last = section.phrases[-1]
    assert not any("Drums" in sounding.get(b, ()) for b in range(last.start_bar, last.end_bar - 1))


def test_a_short_quiet_section_keeps_its_layers_by_intensity():
    """Under LONG_SECTION bars nothing is staged: the intensity alone decides (held-out 66's
    arrival is long, its turn too; a section of the wait's arrival is short)."""
    stages = compose_stages(parse_scene(WAIT, "wait.toml"), 1)
    plan = stages.plan
    short = plan.sections[0]
    assert short.bars < LONG_SECTION
    assert all(plan.growth_at(b) is None and plan.staged("Drums", b) is None
               for b in range(short.start_bar, short.end_bar))

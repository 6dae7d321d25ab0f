"""A phrase's arc fitted into its window as a whole (melody.fit_arc)."""

from dataclasses import replace

from pathlib import Path

from composer import compose_plan, load_scene, scene_digest, stage_rng
from composer.harmony import harmonize
from composer.melody import Echo, PhraseContext, fit_arc
from composer.melody.cadence import EndingChoice
from composer.melody.fit import Harmony, degree_pitch
from composer.melody.frame import Frame
from composer.melody.motif import Motif
from composer.melody.phrase import BarPlan

SCENES = Path(__file__).resolve().parents[2] / "scenes"


def _context(anchors: list[int], role: str | None = None, echo: Echo | None = None):
    scene = load_scene(SCENES / "first-snow.toml")
    plan = compose_plan(scene, 1)
    progression = harmonize(plan, stage_rng(1, "harmony", scene_digest(scene)))
    frame = Frame.of(plan, Harmony.of(progression))
    section = plan.sections[0]
    phrase = next(p for p in section.phrases if p.bars > len(anchors))
    if role is not None:
        phrase = replace(phrase, role=role)
    bar = plan.meter.bar_ticks
    motif = Motif((bar // 4, bar // 4, bar // 2), (0, 1, 2))
    plans = tuple(BarPlan(motif, a, "repetition") for a in anchors)
    context = PhraseContext(section=section, phrase=phrase, mood=section.character.mood,
                            plans=plans, upbeat=None, following=None, after_elision=None,
                            elides=False, overlaps=False, final=False,
                            ending=EndingChoice("held"), echo=echo or Echo())
    span = frame.harmony.at(phrase.start_bar * bar)
    ceiling = frame.ceiling_for(phrase)
    top = max(d for d in range(-21, 21) if degree_pitch(d, span, frame.tonic) <= ceiling)
    return frame, context, ceiling, top


def test_an_arc_over_the_ceiling_comes_down_whole():
    """A rising arc planned over the ceiling keeps its rise, lowered into the room under it,
    where bars fitted one by one each stopped at the ceiling and sang at one height."""
    frame, context, ceiling, top = _context([0, 0, 0])
    # the last figure (its contour rises 2) two steps over the ceiling; one step of room under
    # the lowest bar (first snow's phrase has its window's floor three steps under the tonic)
    rise = [top - 5, top - 3, top]
    frame, context, ceiling, top = _context(rise)
    assert degree_pitch(top - 6, frame.harmony.at(context.first_bar * frame.bar),
                        frame.tonic) >= frame.low
    assert fit_arc(frame, context, 0, ceiling, -1) == ([top - 6, top - 4, top - 1], -1)


def test_an_arc_under_the_ceiling_is_left_alone_and_the_climb_keeps_its_anchors():
    frame, context, ceiling, top = _context([0, 0, 0])
    frame, context, ceiling, top = _context([top - 6, top - 4, top - 2])
    assert fit_arc(frame, context, 0, ceiling, -1) == ([top - 6, top - 4, top - 2], 0)
    frame, context, ceiling, top = _context([top - 5, top - 3, top])
    # bars up to the summit (here the second) are the climb's: only the third comes down
    assert fit_arc(frame, context, 0, ceiling, 1) == ([top - 5, top - 3, top - 2], -2)


def _bottom(frame, context) -> int:
    span = frame.harmony.at(context.first_bar * frame.bar)
    return min(d for d in range(-21, 21) if degree_pitch(d, span, frame.tonic) >= frame.low)


def test_an_arc_under_the_floor_comes_up_whole_and_its_consequent_with_it():
    """A rising arc whose first bars sink under the floor keeps its rise, raised into the room
    over it, where bars fitted one by one each stopped at the floor: the idea and its answer on
    one note (a reading of held-out 12's quiet turn). The consequent that echoes it moves as it
    did, whatever its own later bars would ask."""
    frame, context, ceiling, top = _context([0, 0, 0])
    low = _bottom(frame, context)
    # the first figure two steps under the floor, three steps of room over the last
    frame, context, ceiling, top = _context([low - 2, low, low + 1])
    assert top - (low + 1 + 2) >= 3
    anchors, moved = fit_arc(frame, context, 0, ceiling, -1)
    assert (anchors, moved) == ([low, low + 2, low + 3], 2)
    echo = Echo(context.body, (0, 0, 0), context.body, moved)
    frame, answer, ceiling, top = _context([low - 2, low, top], "consequent", echo)
    assert fit_arc(frame, answer, 0, ceiling, -1) == ([low, low + 2, top + 2], 2)

"""A lively melody is played detached, but its cadences' arrivals sound their written length
(composer.perform._arrivals); a furious moment's arrivals are detached as its other notes."""

import pytest

from composer import compose_stages, load_scene
from composer.character import furious
from composer.evaluate.generated import held_out_scene
from composer.scene import parse_scene
from tests.test_perform_expression import SCENES


def _arrivals(st):
    """(written arrival note, the played note it became, furious) for every phrase whose section
    is detached: the tune note sounding on the cadence bar's downbeat, else the first struck in it."""
    plan = st.plan
    bar = plan.meter.bar_ticks
    written = sorted(st.melody, key=lambda n: n.start)
    played = sorted(next(p for p in st.piece.parts if p.role == "Melody").notes, key=lambda n: n.start)
    out = []
    for phrase in plan.phrases[:-1]:
        character = plan.section_at(phrase.end_bar - 1).character
        if phrase.elided or not phrase.melody or character.articulation >= 1.0:
            continue
        downbeat = (phrase.end_bar - 1) * bar
        tone = next((n for n in written if n.start < downbeat + bar and n.end > downbeat), None)
        if tone is None:
            continue
        match = [n for n in played if n.pitch == tone.pitch and abs(n.start - tone.start) <= 24]
        out.append((tone, match[0], furious(character)))
    return out


@pytest.mark.parametrize("index,seed", [(10, 3), (4, 3)])
def test_a_lively_tunes_arrivals_sound_their_written_length(index, seed):
    """A composer's reading of s15 heard held-out 11 at seed 3 strike its half cadences (bars 6,
    12) and its evaded one (24) as staccato half notes, Bb4 sounding a beat and then silence, and
    held-out 5 its half cadence's B4 (7) the same: now each sounds as written (less the timing
    nudge)."""
    name, text = held_out_scene(index)
    st = compose_stages(parse_scene(text, name), seed)
    arrivals = [(tone, played) for tone, played, fury in _arrivals(st) if not fury]
    assert arrivals
    for tone, played in arrivals:
        assert played.end >= tone.end - 24, (tone, played)


def test_a_furious_moments_arrivals_are_struck_short():
    """The storm's lightning (furious) strikes its arrivals detached, as its other notes."""
    st = compose_stages(load_scene(SCENES / "storm.toml"), 1)
    fury = [(tone, played) for tone, played, fury in _arrivals(st) if fury]
    assert fury
    assert any(played.duration < tone.duration - 24 for tone, played in fury)

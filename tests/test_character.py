"""A section's character across the form: new material changes the accompaniment's figure from the
section before's in the same affect (character.contrasted), and an interlude's accompaniment
carries the music (character.INTERLUDE_TEXTURES)."""

from functools import lru_cache
from pathlib import Path

import pytest

from composer import compose_stages, load_scene, scene_seed
from composer.character import (AROUSED, HARMONY_CONTRASTS, INTERLUDE_BASS, STILL_BASSES, character_of,
                                contrasted, interlude_textures)
from composer.evaluate.generated import held_out_scene
from composer.patterns import BASS_STYLES, OSTINATO_FORM, PATTERNS
from composer.piece import Meter
from composer.scene import parse_scene
from composer.scene.settings import palette_for
from composer.scene.model import Setting

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def stages(name: str, seed: int | None = None):
    if name.isdigit():  # a held-out scene, numbered as its file is
        file, text = held_out_scene(int(name) - 1)
        scene = parse_scene(text, file)
    else:
        scene = load_scene(ROOT / "scenes" / f"{name}.toml")
    return compose_stages(scene, scene_seed(scene) if seed is None else seed)


def _storm(intensity: float, role: str = "theme"):
    palette = palette_for(Setting(place="city street"), None)[0]
    return character_of(-0.6, 0.75, 1.0, intensity, palette, Meter(4, 4), True, role), palette


def test_new_material_plays_another_figure_of_its_affect_and_a_return_brings_its_opening_back():
    theme, palette = _storm(0.9, "theme")
    build, _ = _storm(0.9, "build")
    again, _ = _storm(0.9, "return")
    assert theme.harmony == build.harmony == again.harmony == "agitato"  # every storm rung's eighths
    a, b, b2, a2 = contrasted([theme, build, build, again], ["A", "B", "B", "A"], palette, Meter(4, 4))
    assert a == theme  # the first section states its own figure
    assert b.harmony != a.harmony and b.harmony in HARMONY_CONTRASTS["storm"]
    assert b.figures == a.figures and b.figures_at(0)[0] == b.harmony  # the same affect, and its phrases play it
    assert b.texture != a.texture and b.texture is not None and b.textures[1] != a.texture
    assert (b2.harmony, b2.texture) == (b.harmony, b.texture)  # B' goes on as B went
    assert (a2.harmony, a2.texture) == (a.harmony, a.texture)  # the return brings A's figures back
    assert any("in place of its rung's agitato" in r for r in b.reasons())  # explain says so


def test_a_contrast_leaves_the_next_section_its_own_figure():
    """An anxious piece's B changes from A's stabs; the agitato is its nearest figure on the rising
    side, but C (the climax) states the agitato for itself, so B takes held half-bar chords and C
    keeps its own (without the look ahead, C would be pushed off its figure by B's)."""
    palette = palette_for(Setting(place="city street"), None)[0]

    def anxious(intensity, role):
        return character_of(-0.5, 0.4, 0.6, intensity, palette, Meter(4, 4), True, role)

    a, b, c = anxious(0.5, "theme"), anxious(0.55, "episode"), anxious(0.9, "climax")
    assert a.harmony == "stabs" and b.harmony == "stabs" and c.harmony == "agitato"
    a, b, c = contrasted([a, b, c], ["A", "B", "C"], palette, Meter(4, 4))
    assert (a.harmony, b.harmony, c.harmony) == ("stabs", "half", "agitato")


def test_an_ostinato_form_keeps_its_texture_and_a_held_harmony_holds():
    theme, palette = _storm(0.9)
    kept = contrasted([theme, theme], ["A", "B"], palette, Meter(4, 4), ostinato=True)[1]
    assert kept.texture == theme.texture and kept.harmony != theme.harmony
    import dataclasses
    held = dataclasses.replace(theme, harmony="sustain", held=True)
    assert contrasted([held, held], ["A", "B"], palette, Meter(4, 4))[1].harmony == "sustain"


@pytest.mark.parametrize("name,seed", [("storm", None), ("night-train", None), ("cathedral", None),
                                       ("moon-lake", None), ("57", 1), ("79", 1), ("36", 1), ("41", 1)])
def test_at_each_change_of_material_the_accompaniment_changes_its_figure(name, seed):
    """Where a section brings other material than the one before (A to B, a theme to an interlude
    or a coda), the Harmony strikes another figure (unless its instrument only holds) and the Texture
    plays another (unless the form is an ostinato's); a section of the same material keeps its
    figures. Before this rule the storm's and a furious held-out piece's Harmony struck one agitato
    through every section."""
    st = stages(name, seed)
    sections = st.plan.sections
    changes = 0
    for before, section in zip(sections, sections[1:]):
        b, c = before.character, section.character
        if section.family == before.family:
            assert dict(c.harmony_for) == dict(b.harmony_for) or not c.harmony_for
            continue
        changes += 1
        if not c.held and c.figures == b.figures and b.harmony in HARMONY_CONTRASTS[c.figures]:
            assert c.harmony != b.harmony, (section.label, c.harmony)
        if c.texture is not None and st.plan.form != OSTINATO_FORM and c.figures == b.figures:
            assert c.texture != b.texture, (section.label, c.texture)
    assert changes


def test_the_furious_piece_changes_figure_between_its_sections():
    """Held-out 57 (restless, anxious, furious; seed 1): an arc of A, B, B', C and a coda. Its
    Harmony and Texture no longer hold one figure from the first bar to the last: no figure runs
    through more than half the piece."""
    st = stages("57", 1)
    harmony = [s.character.harmony for s in st.plan.sections]
    texture = [s.character.texture for s in st.plan.sections]
    assert len(set(harmony)) >= 3 and len(set(texture)) >= 3
    for figures in (harmony, texture):
        longest = max(sum(s.bars for s, f in zip(st.plan.sections, figures) if f == g) for g in set(figures))
        assert longest <= st.plan.bars / 2


def test_an_interlude_carries_the_music_with_a_figure_that_moves_over_a_moving_bass():
    palette = palette_for(Setting(place="campfire", time="midnight"), None)[0]
    for meter in (Meter(4, 4), Meter(6, 8)):
        c = character_of(0.5, -0.4, 0.05, 0.25, palette, meter, False, "interlude")
        theme = character_of(0.5, -0.4, 0.05, 0.25, palette, meter, False, "theme")
        assert c.texture in interlude_textures(palette, meter, -0.4) and c.texture != theme.texture
        figure = PATTERNS[c.texture].figure
        assert len({step for step in figure if step}) >= 3 and all(len(step) <= 1 for step in figure)  # a line
        assert theme.bass in STILL_BASSES and c.bass == INTERLUDE_BASS
        assert c.figures_at(0)[1] == INTERLUDE_BASS  # its phrases play it
    aroused = interlude_textures(palette, Meter(4, 4), AROUSED)
    assert aroused and all(PATTERNS[n].figure != PATTERNS["waves"].figure for n in aroused)
    assert INTERLUDE_BASS in BASS_STYLES


def test_held_out_79s_interlude_moves_in_every_bar():
    """Held-out 79 at seed 1: the interlude (bars 13-16) was held chords and strums. Now its texture
    runs through at least three pitches in every bar, two in its half close (the figure's first
    half, breathing out before the verse), and its bass strikes at least twice a bar but there."""
    st = stages("79", 1)
    section = next(s for s in st.plan.sections if s.role == "interlude")
    bar = st.plan.meter.bar_ticks
    parts = {p.role: p.notes for p in st.arrangement.parts}
    for b in range(section.start_bar, section.end_bar):
        texture = {n.pitch for n in parts["Texture"] if n.start // bar == b}
        bass = [n for n in parts["Bass"] if n.start // bar == b]
        close = b + 1 == section.end_bar
        assert len(texture) >= (2 if close else 3), b
        assert len(bass) >= 2 or close, b


def test_fear_storms_only_where_the_moment_is_intense_and_anger_at_any_intensity():
    """A quiet anxious moment circles an ostinato (anxiety); the same words at a moment's height,
    or anger's at any height, take the storm's agitato and runs."""
    palette = palette_for(Setting(place="city street"), None)[0]

    def feeling(arousal, intensity):
        return character_of(-0.6, arousal, 0.8, intensity, palette, Meter(4, 4), True).affect

    anxious, angry = 0.6, 0.7  # composer.scene.lexicon: "anxious", "angry"
    assert feeling(anxious, 0.3) == "anxiety"
    assert feeling(anxious, 0.8) == feeling(angry, 0.3) == feeling(angry, 0.9) == "storm"
    assert feeling(0.4, 1.0) == "anxiety"  # worried, at any intensity


def test_fear_at_its_height_keeps_its_irregular_bass_and_plays_no_storm_figures():
    """Anxiety's top rung keeps the bass's 3 + 3 + 2 under the string agitato (character.FIGURES):
    held-out 37 at seed 2 ("frightened, grieving", 6/8) had climbed to the storm's agitato over a
    gallop and played held-out 22's restless figures throughout, the same in every part
    (composer.evaluate.corpus.shared_accompaniment)."""
    from composer.character import FIGURES
    from composer.evaluate.corpus import shared_accompaniment
    from composer.evaluate.craft_report import compose_pieces

    assert FIGURES["anxiety"][-1][1] == "tresillo"
    assert not set(FIGURES["anxiety"]) & set(FIGURES["storm"])
    scenes = [parse_scene(text, file) for file, text in (held_out_scene(21), held_out_scene(36))]
    pieces = compose_pieces(scenes, (2,))
    assert shared_accompaniment({name: score for (name, _), score in pieces.items()}) == []

"""Textures change with the form and the feel; percussion where the scene calls for it; every
figure in its instrument's idiom."""

from pathlib import Path

from composer import compose_stages, load_scene
from composer.arrange.drums import STYLES
from composer.character import texture_for
from composer.patterns import PATTERNS
from composer.scene.settings import palette_for
from composer.scene.model import Setting
from composer.theory.instruments import idiom, plays

SCENES = Path(__file__).resolve().parents[2] / "scenes"


def _textures(name):
    stages = compose_stages(load_scene(SCENES / name))
    return stages, [s.character.texture for s in stages.plan.sections]


def test_sections_of_different_intensity_play_different_figures():
    for name in ("storm.toml", "fairground.toml", "beach.toml", "summit.toml"):
        _, figures = _textures(name)
        assert len(set(figures)) >= 2, (name, figures)


def test_scenes_of_different_mood_never_share_all_their_figures():
    seen = {}
    for path in sorted(SCENES.glob("*.toml")):
        stages = compose_stages(load_scene(path))
        figures = tuple(sorted({(s.character.texture, s.character.harmony, s.character.bass)
                                for s in stages.plan.sections}, key=str))
        mood = stages.plan.character.mood
        for other, (other_mood, other_figures) in seen.items():
            if other_mood != mood:
                assert figures != other_figures, (path.name, other)
        seen[path.name] = (mood, figures)


def test_the_storm_drives_and_the_snow_glints():
    storm, figures = _textures("storm.toml")
    assert {"repeated", "ostinato16"} & set(figures)
    drums = storm.piece.part("Drums").notes
    assert any(n.pitch == 41 for n in drums) and any(n.pitch == 57 for n in drums)  # toms, swells
    assert sum(n.velocity for n in drums) / len(drums) >= 60  # heard, not a whisper
    snow, _ = palette_for(Setting(weather="snow"), None)
    rain, _ = palette_for(Setting(weather="rain"), None)
    assert snow.texture_pattern != rain.texture_pattern


def test_calm_scenes_have_no_drums_and_a_cathedral_none_at_all():
    for name in ("first-snow.toml", "cathedral.toml", "last-visit.toml"):
        stages = compose_stages(load_scene(SCENES / name))
        assert stages.plan.part("Drums") is None, name


def test_figures_respect_the_instruments_idiom():
    for path in sorted(SCENES.glob("*.toml")):
        stages = compose_stages(load_scene(path))
        texture = stages.plan.part("Texture")
        harmony = stages.plan.part("Harmony")
        for section in stages.plan.sections:
            if texture is not None:
                assert plays(texture.instrument.program, PATTERNS[section.character.texture].touch)
            if idiom(harmony.instrument.program).long_only:  # a pad or tremolo holds its chords
                assert section.character.harmony == "sustain"


def test_texture_ladder_falls_back_to_an_idiomatic_figure():
    stages = compose_stages(load_scene(SCENES / "small-hours.toml"))
    palette = stages.feel.palette  # a halo pad: only held figures
    assert texture_for(palette, stages.plan.meter, "tense", 0.6, 0.9) == "pad"


def test_percussion_styles_for_markets_mountains_and_storms():
    assert set(STYLES) >= {"hand", "orchestral", "storm"}

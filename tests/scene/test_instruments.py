"""General MIDI names and aliases."""

import pytest

from composer.scene.model import Instrument
from composer.scene.instruments import (
    ALIASES, GM_INSTRUMENTS, instrument, resolve_instrument, suggest_instrument,
)


def test_the_128_programs():
    assert len(GM_INSTRUMENTS) == 128
    assert len({n.lower() for n in GM_INSTRUMENTS}) == 128
    # spot checks against the GM Level 1 sound set, one per family
    for program, name in [(0, "Acoustic Grand Piano"), (4, "Electric Piano 1"), (8, "Celesta"),
                          (19, "Church Organ"), (24, "Acoustic Guitar (nylon)"),
                          (32, "Acoustic Bass"), (40, "Violin"), (42, "Cello"),
                          (46, "Orchestral Harp"), (48, "String Ensemble 1"), (52, "Choir Aahs"),
                          (56, "Trumpet"), (60, "French Horn"), (68, "Oboe"), (71, "Clarinet"),
                          (73, "Flute"), (80, "Lead 1 (square)"), (88, "Pad 1 (new age)"),
                          (96, "FX 1 (rain)"), (104, "Sitar"), (114, "Steel Drums"),
                          (122, "Seashore"), (127, "Gunshot")]:
        assert GM_INSTRUMENTS[program] == name
        assert resolve_instrument(name) == Instrument(name, program)


def test_every_name_resolves_to_itself():
    for program, name in enumerate(GM_INSTRUMENTS):
        assert resolve_instrument(name) == Instrument(name, program)
        assert resolve_instrument(name.upper()) == instrument(program)
        assert resolve_instrument("  " + name.lower().replace(" ", "   ") + " ") == instrument(program)


def test_every_alias_names_a_gm_instrument():
    for alias, name in ALIASES.items():
        assert alias == alias.lower().strip()
        assert name in GM_INSTRUMENTS, alias
        assert resolve_instrument(alias).name == name


@pytest.mark.parametrize("word,name", [
    ("piano", "Acoustic Grand Piano"), ("Piano", "Acoustic Grand Piano"),
    ("guitar", "Acoustic Guitar (nylon)"), ("nylon guitar", "Acoustic Guitar (nylon)"),
    ("acoustic guitar nylon", "Acoustic Guitar (nylon)"), ("strings", "String Ensemble 1"),
    ("cello", "Cello"), ("violin", "Violin"), ("flute", "Flute"), ("harp", "Orchestral Harp"),
    ("organ", "Church Organ"), ("choir", "Choir Aahs"), ("pad", "Pad 2 (warm)"),
    ("rhodes", "Electric Piano 1"), ("electric piano", "Electric Piano 1"),
    ("bass", "Acoustic Bass"), ("upright bass", "Acoustic Bass"), ("honky tonk piano", "Honky-tonk Piano"),
    ("honky-tonk piano", "Honky-tonk Piano"), ("Lead 8 (Bass + Lead)", "Lead 8 (bass + lead)"),
])
def test_aliases_and_spellings(word, name):
    assert resolve_instrument(word).name == name


def test_unknown():
    assert resolve_instrument("kazoo orchestra") is None
    assert resolve_instrument("") is None
    assert resolve_instrument(None) is None  # type: ignore[arg-type]


def test_suggestions():
    assert suggest_instrument("pianno") == "piano"
    assert suggest_instrument("violn") == "Violin"
    assert suggest_instrument("church organn") == "Church Organ"
    assert suggest_instrument("zzqqxx") is None
    assert suggest_instrument("") is None

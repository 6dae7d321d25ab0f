"""The moments' energy figures on tiny pieces whose answers are known by hand, and on the
examples: the music's register, motion and climax follow the scene's moments."""

from pathlib import Path

import mido
import pytest

from composer.evaluate.energy import (contrast, energy_figures, profile_distance, ranks,
                                      rhythm_profile, spearman)
from composer.evaluate.score import read_score
from craft_midis import build

ROOT = Path(__file__).resolve().parents[2]


def piece(melody, accompaniment, intensities="0.20 0.90 0.50"):
    """Three 2-bar sections (4/4 at 120: four seconds each) named by markers."""
    midi = build({"Melody": melody, "Harmony": accompaniment},
                 markers=[(0, "calm"), (8, "storm"), (16, "after")])
    if intensities is not None:  # the conductor's text, as the project writes it
        midi.tracks[0].insert(1, mido.MetaMessage("text", text=f"moment intensities: {intensities}"))
    return read_score(midi, name="test.mid")


def test_ranks_share_ties_and_spearman_needs_variation():
    assert list(ranks([3, 1, 1, 2])) == [4.0, 1.5, 1.5, 3.0]
    assert spearman([1, 2, 3], [10, 30, 20]) == pytest.approx(0.5)
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_music_that_rises_with_the_moments_scores_one_and_music_against_them_less():
    # calm: two half notes low; storm: eighths high with the summit; after: quarters in between
    melody = ([(0, 2, 60), (2, 2, 62), (4, 4, 60)]
              + [(8 + i / 2, 0.5, 72 + i % 3) for i in range(15)] + [(15.5, 0.5, 79)]
              + [(16 + i, 1, 67) for i in range(8)])
    chords = ([(0, 8, 48)] + [(8 + i / 2, 0.5, 48) for i in range(16)]
              + [(16 + i, 1, 48) for i in range(8)])
    figures = energy_figures(piece(melody, chords))
    assert {k: figures[k] for k in ("energy_pitch", "energy_notes", "energy_accompaniment",
                                    "climax_in_peak")} == {
        "energy_pitch": 1.0, "energy_notes": 1.0, "energy_accompaniment": 1.0,
        "climax_in_peak": 1.0}
    # halves, eighths, quarters: three moments of three kinds, each even in itself
    assert figures["moment_contrast"] == pytest.approx(1.0)
    assert figures["moment_drift"] == pytest.approx(0.0)
    # the same music under moments whose most intense is the first: the climax is elsewhere
    figures = energy_figures(piece(melody, chords, "0.90 0.20 0.50"))
    assert figures["climax_in_peak"] == 0.0
    assert figures["energy_pitch"] == pytest.approx(-1.0)


def test_a_piece_without_moments_or_with_a_mismatched_count_is_not_measured():
    melody = [(i, 1, 60 + i % 5) for i in range(24)]
    for intensities in (None, "0.5 0.9", "a b c"):
        assert set(energy_figures(piece(melody, [(0, 24, 48)], intensities)).values()) == {None}


@pytest.mark.parametrize("name, seed, pitch, denser", [
    ("storm.toml", 1, 0.5, "energy_notes"), ("storm.toml", 2, 0.5, "energy_notes"),
    ("storm.toml", 3, 0.5, "energy_notes"), ("summit.toml", 1, 1.0, "energy_accompaniment"),
    ("kitchen.toml", 1, 1.0, "energy_notes")])
def test_the_examples_register_and_climax_follow_their_moments(name, seed, pitch, denser):
    """The storm's downpour (intensity 1.0) holds the climax, and both it and the lightning (0.8)
    sing above the first drops (0.4): a composer's reading found the storm's energy curve ignoring
    its moments (before the energy rule its moments' mean pitches ran in intensity order at one
    seed of these three). The lightning is "furious" (arousal 0.9), and register rises with arousal
    as well as intensity (character.energy), so it may sing as high as the downpour on average:
    the correlation with intensity alone is then 0.5. The summit's sunrise calls (its topic, a
    fanfare: composer.character.topic) in broader values than its ridge marches, as a cue's peak
    states its theme broadest (Karlin & Wright), so there the accompaniment grows busier and the
    tune broader."""
    from composer import load_scene
    from composer.evaluate.craft_report import compose_pieces

    scene = load_scene(ROOT / "scenes" / name)
    figures = energy_figures(compose_pieces([scene], (seed,))[(name, seed)])
    assert figures["climax_in_peak"] == 1.0
    assert figures["energy_pitch"] >= pitch - 1e-9
    assert figures[denser] is not None and figures[denser] > 0.0


def test_moments_contrast_is_read_against_string_quartets_movements():
    """The reference the contrast target is argued from (references.json, craft/contrast): the
    adjacent movements of seven string quartets differ in rhythm far more than a movement's own
    halves do."""
    from composer.evaluate.references import load_craft_contrast

    quartets = load_craft_contrast()
    assert quartets["pairs"] >= 20 and quartets["between"] > 2 * quartets["within"]


def test_a_moment_that_strikes_stands_apart_from_one_that_runs():
    """Runs of eighths against quarters struck short (an eighth and a rest): nothing in common."""
    runs = [(i / 2, 0.5) for i in range(16)]
    struck = [(8 + i, 0.5) for i in range(8)]
    assert profile_distance(rhythm_profile(runs), rhythm_profile(struck)) == pytest.approx(1.0)
    assert contrast([runs, struck])[0] == pytest.approx(1.0)
    assert contrast([runs, runs])[0] == pytest.approx(0.0)

"""Hit points measured where a listener hears them: the onset detector on signals whose times are
known, then the example cue rendered through FluidSynth with every hit within 20 ms."""

from pathlib import Path

import numpy as np
import pytest

from composer.evaluate.timing import cutoff_near, level, onset_near

ROOT = Path(__file__).resolve().parents[2]
RATE = 44100
TOLERANCE = 0.020  # the issue's: each hit within 20 ms of its time in the rendered audio


def tone(seconds: float, pitch_hz: float, attack: float = 0.002, release: float = 0.08,
         amplitude: float = 0.3) -> np.ndarray:
    """A note with a linear attack, held, then an exponential release (as a synthesiser's)."""
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = np.minimum(1.0, t / attack)
    return amplitude * envelope * np.sin(2 * np.pi * pitch_hz * t) * np.exp(-t / 4)


def place(signal: np.ndarray, note: np.ndarray, at: float) -> None:
    start = int(at * RATE)
    signal[start:start + len(note)] += note[:len(signal) - start]


def test_an_onset_over_music_already_sounding_is_found_to_the_millisecond():
    signal = np.zeros(3 * RATE)
    place(signal, tone(2.5, 110), 0.2)  # a held bass under everything
    for at in (0.9, 1.1, 1.3):  # softer notes around the hit
        place(signal, tone(0.15, 440, amplitude=0.08), at)
    place(signal, tone(0.5, 660, amplitude=0.4), 1.2)  # the hit, 100 ms after a note
    found = onset_near(signal, RATE, 1.2)
    assert abs(found.at - 1.2) < 0.004 and found.db > 6
    # looked for 150 ms off, it is still the hit that is found (the strongest attack near)
    assert abs(onset_near(signal, RATE, 1.05).at - 1.2) < 0.004


@pytest.mark.parametrize("attack, within", [(0.002, 0.001), (0.01, 0.004), (0.03, 0.012)])
def test_an_attack_is_dated_near_where_it_begins(attack, within):
    """At a tenth of its peak energy: a pad's slow swell is heard a little after it starts."""
    signal = np.zeros(2 * RATE)
    place(signal, tone(0.8, 330, attack=attack), 1.0)
    assert 0 <= onset_near(signal, RATE, 1.0).at - 1.0 < within


@pytest.mark.parametrize("release, within", [(0.005, 0.004), (0.04, 0.010)])
def test_a_cut_off_is_found_where_the_sound_stops(release, within):
    """A note damped (dying in a few milliseconds) or released (dying in a tenth of a second)."""
    signal = np.zeros(3 * RATE)
    note = tone(1.5, 55)  # a bass note: its waveform ripples through short frames
    cut = int(1.0 * RATE)
    note[cut:] *= np.exp(-np.arange(len(note) - cut) / RATE / release)
    place(signal, note, 0.5)
    found = cutoff_near(signal, RATE, 1.45)
    assert abs(found.at - 1.5) < within and found.db > 20
    assert level(signal, RATE, 1.7, 2.5) < level(signal, RATE, 1.0, 1.5) - 40


def test_music_that_goes_on_has_no_cut_off():
    signal = np.zeros(3 * RATE)
    for k in range(12):
        place(signal, tone(0.25, 220 * (1 + k % 3 / 4), amplitude=0.2), 0.25 * k)
    assert np.isnan(cutoff_near(signal, RATE, 1.5).at)


def test_the_example_cue_meets_every_hit_in_the_rendered_audio(tmp_path, font):
    """scenes/rooftop-chase-hits.toml through FluidSynth: each hit's attack (or, for the stop,
    where the sound stops) within 20 ms of its time, and the stop a real silence."""
    from composer import compose_stages, load_scene
    from composer.evaluate.loudness import read_wav
    from composer.io.midi import midi_bytes, read_midi_bytes
    from composer.io.stems import render_wav

    stages = compose_stages(load_scene(ROOT / "scenes" / "rooftop-chase-hits.toml"))
    wav = tmp_path / "cue.wav"
    render_wav(read_midi_bytes(midi_bytes(stages.piece)), wav, font)
    samples, rate = read_wav(wav)
    kinds = [h.kind for h in stages.plan.hits]
    assert sorted(kinds) == ["accent", "cadence", "climax", "stop"]
    bar = stages.plan.meter.pulses * 60 / stages.plan.bpm
    for hit in stages.plan.hits:
        found = (cutoff_near if hit.kind == "stop" else onset_near)(samples, rate, hit.at)
        assert abs(found.at - hit.at) <= TOLERANCE, (hit.kind, hit.at, found)
        if hit.kind == "stop":
            # the pause is heard: its bar (after the releases) far under the bar before it
            assert level(samples, rate, hit.at + 0.1, hit.at + 0.8 * bar) < \
                level(samples, rate, hit.at - bar, hit.at) - 25

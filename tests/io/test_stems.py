"""Stems: one WAV per part beside the mix, all as long as the mix, adding up to it."""

import mido
import numpy as np
from audio_fixtures import TPB, _track, band_midi, read_wav

from composer import compose
from composer.io.audio import CEILING, Limiter
from composer.io.midi import midi_bytes, midi_bytes_of, read_midi_bytes
from composer.io.schedule import schedule_raw
from composer.io.stems import render_parts, render_wav, stem_path, stems_of
from composer.scene.load import parse_scene

SHORT_SCENE = """
title = "Short"
seed = 3
length = "0:12"
mood = ["joyful", "excited"]
setting = "fairground at night"
[[moments]]
name = "one"
intensity = 0.9
"""


def raw_of(midi):
    return read_midi_bytes(midi_bytes_of(midi))


def render(midi_or_raw, path, font):
    raw = midi_or_raw if not isinstance(midi_or_raw, mido.MidiFile) else raw_of(midi_or_raw)
    return render_parts(schedule_raw(raw), path, font, stems=stems_of(raw))


def _db(x: float) -> float:
    return 20 * np.log10(max(x, 1e-12))


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a.astype(np.float64) ** 2)))


def residual(result) -> tuple[float, float]:
    """(RMS of stems-sum minus mix relative to the mix's RMS, in dB; its peak in dBFS)."""
    mix, _, _ = read_wav(result.mix.path)
    total = sum(read_wav(path)[0] for path in result.stems)
    diff = total - mix
    return _db(_rms(diff) / _rms(mix)), _db(float(np.abs(diff).max()))


def test_stems_are_named_after_the_parts_and_as_long_as_the_mix(tmp_path, font):
    piece = compose(parse_scene(SHORT_SCENE, "short.toml"))
    result = render(read_midi_bytes(midi_bytes(piece)), tmp_path / "short.wav", font)
    roles = [p.role for p in piece.parts]
    assert [p.name for p in result.stems] == [f"short.{role}.wav" for role in roles]
    assert "Drums" in roles  # the exciting scene brings the whole band
    lengths = {len(read_wav(p)[0]) for p in (result.mix.path, *result.stems)}
    assert lengths == {round(result.mix.seconds * 44100)}


def test_stems_sum_to_the_mix(tmp_path, font):
    # Piano with pedal, bass, flute and drums, all sending to the shared reverb and chorus.
    result = render(band_midi(bars=4), tmp_path / "band.wav", font)
    assert len(result.stems) == 4
    relative, peak = residual(result)
    # Measured: -57 dB under the mix (RMS), peaks -47 dBFS; on the example scenes -62..-73 dB.
    # FluidSynth is not perfectly additive across channels (it is per channel alone: a one-part
    # file's stem equals its mix exactly, see below), but the difference is far below hearing.
    assert relative < -50, relative
    assert peak < -40, peak


def test_a_single_part_stem_is_the_mix_exactly(tmp_path, font):
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(_track(0, 0, [(0, TPB, 60, 90), (TPB, TPB, 64, 90)], [(0, 91, 90)]))
    result = render(midi, tmp_path / "one.wav", font)
    mix, _, _ = read_wav(result.mix.path)
    stem, _, _ = read_wav(result.stems[0])
    assert np.array_equal(mix, stem)


def test_limited_stems_still_sum_to_the_limited_mix(tmp_path, font):
    # Brass chords at full velocity on four channels: well over full scale before the limiter.
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    for channel in range(4):
        midi.tracks.append(_track(channel, 61, [(0, TPB * 2, p, 127) for p in (48, 55, 60, 64)],
                                  [(0, 7, 127), (0, 11, 127)]))
    result = render(midi, tmp_path / "loud.wav", font)
    assert 0.9 < result.mix.peak <= CEILING + 1e-6  # float32 rounding
    relative, _ = residual(result)
    assert relative < -50, relative


def test_the_limiter_gives_every_stem_the_mix_gain():
    rng = np.random.default_rng(1)
    mix = (rng.standard_normal((4096, 2)) * 0.8).astype(np.float32)
    mix[:256] = 0  # the limiter looks one segment ahead: audio starts from silence
    stem = (mix * 0.25).astype(np.float32)
    limiter = Limiter(44100)
    out = np.concatenate((limiter.process(np.hstack((mix, stem))), limiter.flush()))
    assert np.abs(out[:, :2]).max() <= CEILING + 1e-6  # float32 rounding
    np.testing.assert_allclose(out[:, 2:], out[:, :2] * 0.25, atol=1e-6)


def test_a_plain_render_writes_no_stems(tmp_path, font):
    result = render_wav(raw_of(band_midi(bars=1)), tmp_path / "plain.wav", font)
    assert result.stems == () and not result.loop
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.wav"]


def test_foreign_tracks_get_safe_names_and_shared_channels_one_stem():
    midi = band_midi(bars=1)
    midi.tracks[1].insert(0, mido.MetaMessage("track_name", name="Grand Piano / left"))
    midi.tracks[3].insert(0, mido.MetaMessage("track_name", name="Melody (Flute)"))
    extra = _track(1, None, [(0, TPB, 40, 80)])  # shares channel 1 with the bass
    midi.tracks.append(extra)
    stems = stems_of(raw_of(midi))
    assert [s.name for s in stems] == ["Grand-Piano-left", "Track2", "Melody", "Track4"]
    assert stems[1].channels == frozenset({1})
    assert stem_path("out/beach.wav", "Melody").as_posix() == "out/beach.Melody.wav"

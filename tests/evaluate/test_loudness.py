"""Integrated loudness (BS.1770 through pyloudnorm) of WAV files and of rendered pieces."""

import wave

import numpy as np
import pytest

from composer.errors import RenderError
from composer.evaluate.loudness import SILENCE, integrated_lufs, midi_lufs, wav_lufs
from craft_midis import build


def write_wav(path, samples, rate=48000, bits=16):
    frames = np.clip(samples, -1, 1)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(samples.shape[1])
        wav.setsampwidth(bits // 8)
        wav.setframerate(rate)
        if bits == 16:
            wav.writeframes((frames * 32767).astype("<i2").tobytes())
        else:
            ints = (frames * (2 ** 23 - 1)).astype("<i4").reshape(-1)
            wav.writeframes(ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes())


def sine(level_dbfs, seconds=5.0, rate=48000):
    t = np.arange(int(seconds * rate)) / rate
    mono = 10 ** (level_dbfs / 20) * np.sin(2 * np.pi * 1000 * t)
    return np.stack([mono, mono], axis=1)


@pytest.mark.parametrize("bits", [16, 24])
def test_the_ebu_reference_sine_reads_minus_23(tmp_path, bits):
    # EBU Tech 3341, case 1: a 1 kHz stereo sine at -23 dBFS reads -23.0 LUFS (+-0.1).
    path = tmp_path / "sine.wav"
    write_wav(path, sine(-23.0), bits=bits)
    assert wav_lufs(path) == pytest.approx(-23.0, abs=0.1)
    write_wav(path, sine(-33.0), bits=bits)
    assert wav_lufs(path) == pytest.approx(-33.0, abs=0.1)  # 10 dB quieter reads 10 LU quieter


def test_silence_and_junk(tmp_path):
    assert integrated_lufs(np.zeros((48000, 2)), 48000) == SILENCE
    assert integrated_lufs(sine(-20, seconds=0.1), 48000) == SILENCE  # shorter than a block
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF not really")
    with pytest.raises(RenderError, match="junk.wav: not a readable WAV file"):
        wav_lufs(junk)


def test_a_rendered_piece_gets_louder_with_its_velocities():
    chords = [(b * 2, 2, p) for b in range(4) for p in (48, 55, 64, 72)]
    soft, loud = build({"Harmony": chords}), build({"Harmony": chords})
    for track, velocity in ((soft.tracks[1], 30), (loud.tracks[1], 120)):
        for msg in track:
            if msg.type == "note_on":
                msg.velocity = velocity
    quiet, strong = midi_lufs(soft), midi_lufs(loud)
    assert SILENCE < quiet < strong - 6


def test_the_loudness_table_orders_scenes_by_arousal(tmp_path):
    from composer.evaluate.loudness import format_loudness, loudness_rows
    from composer.feel import feel_of
    from composer.scene import parse_scene

    scenes = [parse_scene(f'length = "0:08"\nmood = ["{word}"]\n', f"{word}.toml")
              for word in ("furious", "serene")]
    rows, ok = loudness_rows(scenes)
    assert [r[1] for r in rows] == sorted(feel_of(s).arousal for s in scenes)
    assert all(SILENCE < r[2] < 0 and r[3] < 0 for r in rows)
    text = format_loudness(rows, ok)
    assert "most aroused - calmest" in text and ("pass" in text) == ok

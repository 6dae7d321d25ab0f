"""The render's loudness meter (BS.1770 in blocks) agrees with pyloudnorm on the whole signal."""

import sys

import numpy as np
import pytest
from audio_fixtures import band_midi

from composer.errors import RenderError
from composer.io import meter
from composer.io.audio import render_midi
from composer.io.soundfont import find_soundfont

pytest.importorskip("pyloudnorm")


@pytest.fixture(scope="module")
def band_wav(tmp_path_factory):
    path = tmp_path_factory.mktemp("meter") / "band.wav"
    return render_midi(band_midi(bars=8), path, find_soundfont(None, environ={})).path


def test_the_streamed_loudness_is_pyloudnorms(band_wav):
    from composer.evaluate.loudness import wav_lufs

    assert abs(meter.wav_lufs(band_wav) - wav_lufs(band_wav)) < 0.05


@pytest.mark.parametrize("block", [1, 1000, 4410, 65536])
def test_any_block_size_gives_the_same_figure(block):
    rng = np.random.default_rng(3)
    signal = rng.standard_normal((44100 * 3, 2)) * np.linspace(0.01, 0.3, 44100 * 3)[:, None]
    whole = meter.LoudnessMeter(44100)
    whole.add(signal)
    pieces = meter.LoudnessMeter(44100)
    for at in range(0, len(signal), block):
        pieces.add(signal[at: at + block])
    assert abs(whole.lufs() - pieces.lufs()) < 1e-9


def test_a_full_scale_sine_reads_as_the_standard_says():
    # BS.1770: a 997 Hz sine at 0 dBFS in one channel reads -3.01 LUFS; in both, 3 dB more.
    t = np.arange(44100 * 2) / 44100
    tone = np.sin(2 * np.pi * 997 * t)
    m = meter.LoudnessMeter(44100)
    m.add(np.stack([tone, tone], axis=1))
    assert abs(m.lufs() - (-3.01 + 3.01)) < 0.1


def test_silence_and_missing_pyloudnorm(monkeypatch):
    m = meter.LoudnessMeter(44100)
    m.add(np.zeros((44100, 2)))
    assert m.lufs() == meter.SILENCE
    monkeypatch.setitem(sys.modules, "pyloudnorm", None)
    assert not meter.available()
    with pytest.raises(RenderError, match="pyloudnorm"):
        meter.LoudnessMeter(44100)

import subprocess
import sys
import tracemalloc
import wave

import mido
import numpy as np
import pytest
from audio_fixtures import ROOT, TPB, _track, band_midi, read_wav, single_note_midi

from composer.errors import RenderError
from composer.io.audio import (CEILING, MAX_TAIL_SECONDS, SEGMENT, Limiter, Renderer, limited_blocks,
                               render_midi, to_pcm)
from composer.io.schedule import schedule_midi
from composer.io.synth import Synth

RATE = 44100


def loud_midi() -> mido.MidiFile:
    """14 channels of brass chords at full velocity and volume: ~9x full scale before limiting."""
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    for channel in (c for c in range(15) if c != 9):
        midi.tracks.append(_track(channel, 61, [(0, TPB * 2, p, 127) for p in (48, 52, 55, 60, 64, 67)],
                                  [(0, 7, 127), (0, 11, 127)]))
    return midi


def test_render_a_band_to_a_wav_file(tmp_path, font):
    midi = band_midi(bars=4, slow_down_at=2)
    result = render_midi(midi, tmp_path / "band.wav", soundfont=font)
    audio, rate, bits = read_wav(result.path)
    assert (rate, bits, audio.shape[1]) == (RATE, 16, 2)
    music = round(midi.length * RATE)
    # duration: the MIDI length plus a reverb tail, cut once it is silent
    assert music < len(audio) <= music + MAX_TAIL_SECONDS * RATE
    assert result.seconds == pytest.approx(len(audio) / RATE)
    assert result.music_seconds == pytest.approx(midi.length)
    assert np.abs(audio[music: music + RATE // 10]).max() > 1e-3, "the tail right after the end sounds"
    assert np.abs(audio[-RATE // 20:]).max() < 1e-3, "and the file ends in silence"
    # not silent, no clipping, really stereo (reverb and chorus make the sides differ)
    rms = np.sqrt(np.mean(audio[:music] ** 2))
    assert rms > 0.01
    assert np.abs(audio).max() <= CEILING + 1 / 32767
    assert result.peak == pytest.approx(np.abs(audio).max(), abs=1 / 32767)
    assert np.abs(audio[:, 0] - audio[:, 1]).mean() > 1e-4
    assert result.soundfont == font
    assert not list(tmp_path.glob(".*")), "no temporary file is left behind"


def test_loud_music_is_limited_never_clipped(tmp_path, font):
    result = render_midi(loud_midi(), tmp_path / "loud.wav", soundfont=font)
    audio, _, _ = read_wav(result.path)
    assert np.abs(audio).max() <= CEILING + 1 / 32767
    assert result.peak > 0.9, "the limiter holds the peak at the ceiling, it does not just turn down"


def test_24_bit_and_other_sample_rates(tmp_path, font):
    midi = single_note_midi(beats=2)
    result = render_midi(midi, tmp_path / "hi.wav", soundfont=font, sample_rate=48000, bits=24)
    with wave.open(str(result.path)) as wav:
        assert (wav.getsampwidth(), wav.getframerate(), wav.getnchannels()) == (3, 48000, 2)
    audio24, _, _ = read_wav(result.path)
    low = render_midi(midi, tmp_path / "lo.wav", soundfont=font, sample_rate=48000, bits=16)
    audio16, _, _ = read_wav(low.path)
    assert len(audio24) == len(audio16)
    assert np.abs(audio24 - audio16).max() <= 1 / 32767  # the same sound, finer steps
    assert np.abs(audio24).max() > 0.01


def test_drums_on_channel_ten_sound(tmp_path, font):
    result = render_midi(single_note_midi(channel=9, pitch=38, beats=1), tmp_path / "snare.wav", soundfont=font)
    audio, _, _ = read_wav(result.path)
    assert np.abs(audio).max() > 0.02


def test_reverb_follows_cc91(tmp_path, font):
    def tail_energy(reverb):
        midi = single_note_midi(program=0, beats=1, reverb=reverb)
        audio, _, _ = read_wav(render_midi(midi, tmp_path / f"r{reverb}.wav", soundfont=font).path)
        after = RATE // 2 + RATE // 5  # 0.2 s after the note's release
        return float(np.sum(audio[after:] ** 2)), len(audio)

    dry, _ = tail_energy(0)
    wet, _ = tail_energy(127)
    assert wet > 2 * dry


def test_progress_is_reported_up_to_the_whole_length(tmp_path, font):
    seen = []
    midi = band_midi(bars=2)
    render_midi(midi, tmp_path / "p.wav", soundfont=font, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (pytest.approx(midi.length), pytest.approx(midi.length))


def test_memory_stays_flat_however_long_the_piece(tmp_path, font):
    """Five minutes of sparse music at 8 kHz: a 9.6 MB file, rendered with well under that in memory."""
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    notes = [(b * 8 * TPB, TPB, 60 + b % 12, 80) for b in range(80)]  # a note every 4 s, 320 s
    midi.tracks.append(_track(0, 0, notes))
    tracemalloc.start()
    try:
        result = render_midi(midi, tmp_path / "long.wav", soundfont=font, sample_rate=8000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.seconds > 300
    assert (tmp_path / "long.wav").stat().st_size > 9_000_000
    assert peak < 2_000_000


def test_rendering_is_deterministic(tmp_path, font):
    midi = band_midi(bars=2)
    a = render_midi(midi, tmp_path / "a.wav", soundfont=font)
    b = render_midi(midi, tmp_path / "b.wav", soundfont=font)
    assert a.path.read_bytes() == b.path.read_bytes()


def test_block_size_does_not_change_the_sound(font):
    """Events land on their own frames whatever the block size: live (small blocks) and offline
    (large blocks) make the same audio."""
    schedule = schedule_midi(band_midi(bars=2), RATE)

    def run(block):
        with Synth(font, sample_rate=RATE) as synth:
            return np.concatenate(list(limited_blocks(Renderer(synth, [schedule]), block)))

    big, small = run(8192), run(333)
    assert big.shape == small.shape
    assert np.abs(big - small).max() < 1e-6


def test_schedules_play_back_to_back_on_the_sample_clock(font):
    first = schedule_midi(single_note_midi(beats=1, rest_beats=1), RATE)
    second = schedule_midi(single_note_midi(pitch=67, beats=1), RATE)
    with Synth(font, sample_rate=RATE) as synth:
        renderer = Renderer(synth, iter([first, second]))
        audio = renderer.render(3 * RATE // 2)
        assert [start for start, _ in renderer.starts] == [0, RATE]
        assert np.abs(audio[RATE: RATE + 2000]).max() > 0.01
        assert not renderer.in_tail
        renderer.render(RATE)
        assert renderer.in_tail


class TestLimiter:
    def run(self, signal, block):
        limiter = Limiter(RATE)
        parts = [limiter.process(signal[i: i + block]) for i in range(0, len(signal), block)]
        return np.concatenate(parts + [limiter.flush()])

    def signal(self):
        rng = np.random.default_rng(3)
        t = np.arange(RATE) / RATE
        quiet = 0.3 * np.sin(2 * np.pi * 220 * t)
        burst = np.where((t > 0.4) & (t < 0.45), 3.0 * rng.standard_normal(len(t)), 0.0)
        mono = (quiet + burst).astype(np.float32)
        return np.stack([mono, 0.5 * mono], axis=1)

    def test_output_never_exceeds_the_ceiling(self):
        out = self.run(self.signal(), 4096)
        assert np.abs(out).max() <= CEILING + 1e-6

    def test_quiet_passages_pass_unchanged(self):
        signal = self.signal()
        out = self.run(signal, 4096)
        assert out.shape == signal.shape
        assert np.array_equal(out[: int(0.39 * RATE)], signal[: int(0.39 * RATE)])
        # the gain recovers (release ~0.15 s) and finally comes back to exactly one
        assert np.allclose(out[-RATE // 10:], signal[-RATE // 10:], rtol=0.05)
        limiter = Limiter(RATE)
        limiter.process(signal)
        for _ in range(20):
            limiter.process(signal[: RATE // 10] * 0)
        assert limiter.gain == 1.0

    def test_gain_moves_smoothly(self):
        signal = self.signal()
        out = self.run(signal, 4096)
        quiet = int(0.45 * RATE) + SEGMENT
        gain = out[quiet:, 0] / np.where(np.abs(signal[quiet:, 0]) > 0.05, signal[quiet:, 0], np.nan)
        steps = np.abs(np.diff(gain[~np.isnan(gain)]))
        assert steps.max() < 0.05

    @pytest.mark.parametrize("block", [1, 63, 64, 1000])
    def test_block_size_does_not_matter(self, block):
        signal = self.signal()[: RATE // 2]
        assert np.allclose(self.run(signal, block), self.run(signal, len(signal)), atol=1e-6)


def test_pcm_conversion_rounds_and_packs():
    block = np.array([[1.0, -1.0], [0.5, 0.0]], np.float32)
    assert np.frombuffer(to_pcm(block, 16), "<i2").tolist() == [32767, -32767, 16384, 0]
    packed = to_pcm(block, 24)
    assert len(packed) == 12 and packed[:3] == (8_388_607).to_bytes(3, "little")


def test_bad_format_is_a_render_error(tmp_path, font):
    with pytest.raises(RenderError, match="16 or 24"):
        render_midi(band_midi(bars=1), tmp_path / "x.wav", soundfont=font, bits=12)
    with pytest.raises(RenderError, match="8000..96000"):
        render_midi(band_midi(bars=1), tmp_path / "x.wav", soundfont=font, sample_rate=200_000)


def test_a_soundfont_fluidsynth_cannot_load_leaves_no_file(tmp_path):
    fake = tmp_path / "broken.sf2"
    fake.write_bytes(b"RIFF\0\0\0\0sfbk garbage")
    with pytest.raises(RenderError, match="could not load"):
        render_midi(band_midi(bars=1), tmp_path / "out.wav", soundfont=fake)
    assert not (tmp_path / "out.wav").exists()


def test_missing_fluidsynth_library_says_what_to_install(tmp_path):
    """Simulated in a subprocess: ctypes finds no libfluidsynth, as on a machine without it."""
    code = (
        "import ctypes.util, sys, mido\n"
        "ctypes.util.find_library = lambda name: None\n"
        "from composer.errors import RenderError\n"
        "from composer.io.audio import render_midi\n"
        "m = mido.MidiFile(); m.tracks.append(mido.MidiTrack())\n"
        "try:\n"
        f"    render_midi(m, {str(tmp_path / 'x.wav')!r})\n"
        "except RenderError as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "libfluidsynth3" in done.stdout and "brew install fluid-synth" in done.stdout
    assert not (tmp_path / "x.wav").exists()


def test_a_piece_does_not_inherit_the_last_ones_controllers(font):
    """Expression turned down and the pedal held at the end of one piece must not carry into the
    next: the second piece sounds as it does alone."""
    first = single_note_midi(beats=1, rest_beats=1)
    first.tracks[0].insert(1, mido.Message("control_change", channel=0, control=11, value=20))
    first.tracks[0].insert(1, mido.Message("control_change", channel=0, control=64, value=127))
    second = schedule_midi(single_note_midi(pitch=67, beats=1), RATE)
    with Synth(font, sample_rate=RATE) as synth:
        joined = Renderer(synth, [schedule_midi(first, RATE), second]).render(3 * RATE)[RATE:]
    with Synth(font, sample_rate=RATE) as synth:
        alone = Renderer(synth, [second]).render(2 * RATE)
    window = slice(RATE // 10, RATE // 2)  # while the second note sounds, the first has faded
    ratio = np.sqrt(np.mean(joined[window] ** 2) / np.mean(alone[window] ** 2))
    assert 0.9 < ratio < 1.1

import os
import signal
import subprocess
import time
import wave

import pytest

from builders import run_main as run
from audio_fixtures import HOSTILE, ROOT, alsa_env, band_midi, cli, save, wait_for_status

from composer.io import live, soundfont
from composer.io.live import Device

SCENE = ROOT / "scenes" / "beach.toml"


def test_render_a_midi_file(tmp_path, capsys, font):
    midi = save(band_midi(bars=2), tmp_path / "band.mid")
    code, out, err = run(capsys, "render", str(midi), "--out", str(tmp_path / "x.wav"), "--soundfont", str(font))
    assert code == 0, err
    assert out.strip() == str(tmp_path / "x.wav")
    assert f"SoundFont: {font}" in err
    assert "peak" in err and "reverb tail" in err
    with wave.open(str(tmp_path / "x.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44100)


def test_render_refuses_an_output_that_is_not_wav(tmp_path, capsys, font):
    midi = save(band_midi(bars=1), tmp_path / "band.mid")
    code, _, err = run(capsys, "render", str(midi), "--out", str(tmp_path / "x.mp3"))
    assert code != 0 and "name it .wav" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["band.mid"]


def test_render_defaults_to_the_renders_folder(tmp_path, capsys, monkeypatch, font):
    midi = save(band_midi(bars=1), tmp_path / "tune.mid")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "render", str(midi), "--bits", "24", "--sample-rate", "22050")
    assert code == 0, err
    target = tmp_path / "renders" / "tune.wav"
    assert out.strip() == str(target.relative_to(tmp_path))
    with wave.open(str(target)) as w:
        assert (w.getsampwidth(), w.getframerate()) == (3, 22050)


def test_render_a_scene_composes_it_first(tmp_path, capsys, font):
    code, out, err = run(capsys, "render", str(SCENE), "--seed", "3", "--out", str(tmp_path / "beach.wav"))
    assert code == 0, err
    assert "seed 3" in err
    with wave.open(str(tmp_path / "beach.wav")) as w:
        assert w.getnframes() > 30 * 44100


def test_no_soundfont_anywhere_is_one_line_with_the_fix(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(soundfont.ENV_VAR, raising=False)
    monkeypatch.setattr(soundfont, "search_dirs", lambda: (tmp_path,))
    midi = save(band_midi(bars=1), tmp_path / "a.mid")
    code, out, err = run(capsys, "render", str(midi), "--out", str(tmp_path / "a.wav"))
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("memory-composer: no SoundFont found")
    assert "fluid-soundfont-gm" in err
    assert not (tmp_path / "a.wav").exists()


@pytest.mark.parametrize("args, code, message", [
    (["render", "{midi}", "--soundfont", "{tmp}/none.sf2"], 3, "no such SoundFont file"),
    (["render", "{tmp}/missing.mid"], 3, "no such file"),
    (["render", "{tmp}/junk.mid"], 3, "junk.mid: not a standard MIDI file"),
    (["render", "{midi}", "--seed", "4"], 2, "--seed applies to scene files"),
    (["play", "{midi}", "--endless"], 2, "--endless composes as it plays"),
])
def test_mistakes_are_one_line_errors(tmp_path, capsys, args, code, message, font):
    midi = save(band_midi(bars=1), tmp_path / "a.mid")
    (tmp_path / "junk.mid").write_bytes(b"not midi at all")
    argv = [a.format(midi=midi, tmp=tmp_path) for a in args]
    got, out, err = run(capsys, *argv)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_devices_lists_outputs(capsys, monkeypatch):
    monkeypatch.setattr(live, "output_devices", lambda backend=None: [Device(0, "speakers", "ALSA", 2, 48000.0, True)])
    monkeypatch.setattr(live, "midi_output_ports", lambda: ["Synth port 1"])
    code, out, err = run(capsys, "devices")
    assert code == 0
    assert "0: speakers [ALSA, 2 ch, 48000 Hz]  (default)" in out
    assert "Synth port 1" in out


def test_devices_with_none_is_a_device_error(capsys, monkeypatch):
    monkeypatch.setattr(live, "output_devices", lambda backend=None: [])
    code, out, err = run(capsys, "devices")
    assert code == 4 and "no audio output device" in err


SHORT_SCENE = """
title = "Two breaths"
length = "0:20"
mood = ["tender"]
setting = "beach at dusk"

[[moments]]
name = "in"
length = "0:10"
mood = ["calm"]

[[moments]]
name = "out"
length = "0:10"
mood = ["wistful"]
"""


def test_ctrl_c_during_endless_play_exits_130_without_traceback(tmp_path, font):
    scene = tmp_path / "short.toml"
    scene.write_text(SHORT_SCENE)
    process = subprocess.Popen(cli("play", str(scene), "--endless", "--soundfont", str(font)),
                               env=alsa_env(tmp_path), cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        # the null device is not paced: the third piece, composed ahead, comes within seconds
        wait_for_status(process, marker="piece 3 · ")
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "memory-composer: interrupted"


# -- hostile input at the command line: one line naming the file, exit 3, nothing written

@pytest.mark.parametrize("command", ["render", "play"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_midi_is_one_line_naming_the_file(tmp_path, capsys, font, command, name):
    data, words = HOSTILE[name]
    path = tmp_path / "hostile.mid"
    path.write_bytes(data)
    extra = ["--out", str(tmp_path / "out.wav")] if command == "render" else []
    code, out, err = run(capsys, command, str(path), "--soundfont", str(font), *extra)
    last = err.strip().splitlines()[-1]
    assert code == 3
    assert last.startswith(f"memory-composer: {path}: ") and words in last
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.mid"]


def test_max_length_lets_a_long_file_through(tmp_path, capsys, font):
    midi = save(band_midi(bars=4), tmp_path / "band.mid")  # 8 s
    code, _, err = run(capsys, "render", str(midi), "--max-length", "5", "--out", str(tmp_path / "x.wav"))
    assert code == 3 and "over the 0:05 limit (--max-length SECONDS allows longer)" in err
    code, _, err = run(capsys, "render", str(midi), "--max-length", "9", "--out", str(tmp_path / "x.wav"))
    assert code == 0, err


@pytest.mark.parametrize("command", ["render", "play"])
def test_a_fifo_is_refused_at_once(tmp_path, capsys, font, command):
    fifo = tmp_path / "pipe.mid"
    os.mkfifo(fifo)
    code, _, err = run(capsys, command, str(fifo), "--soundfont", str(font))
    assert code == 3 and f"{fifo}: not a regular file" in err


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_render_leaves_no_temporary_file(tmp_path, font, number):
    long_piece = save(band_midi(bars=600), tmp_path / "long.mid")  # 20 minutes: still rendering
    process = subprocess.Popen(cli("render", str(long_piece), "--soundfont", str(font), "--out",
                                   str(tmp_path / "out.wav")),
                               env=alsa_env(tmp_path), cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60

        def writing():  # audio is going into the temporary file
            return any(p.stat().st_size > 2**20 for p in tmp_path.glob(".out.wav.*"))

        while not writing() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert writing(), "rendering had started"
        process.send_signal(number)
        _, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 128 + number
    assert stderr.strip().splitlines()[-1] == f"memory-composer: stopped by {signal.Signals(number).name}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asound.conf", "long.mid"]


def test_a_corrupt_soundfont_is_one_line_with_no_library_chatter(tmp_path, font):
    broken = tmp_path / "broken.sf2"
    broken.write_bytes(font.read_bytes()[:3000])  # a real font's start, cut short
    midi = save(band_midi(bars=1), tmp_path / "a.mid")
    done = subprocess.run(cli("render", str(midi), "--soundfont", str(broken), "--out", str(tmp_path / "a.wav")),
                          env=alsa_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "CRITICAL" not in done.stderr and "**" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (f"memory-composer: {broken}: FluidSynth could not load "
                                                    "this SoundFont")
    assert not (tmp_path / "a.wav").exists()


def test_a_broken_alsa_config_path_is_a_message_not_an_abort(tmp_path):
    env = alsa_env(tmp_path)
    env["ALSA_CONFIG_PATH"] = str(tmp_path / "missing.conf")
    done = subprocess.run(cli("devices"), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 4
    assert done.stderr == (f"memory-composer: ALSA_CONFIG_PATH: {tmp_path / 'missing.conf'}: no such readable "
                           "file (fix or unset ALSA_CONFIG_PATH)\n")


def test_render_never_writes_over_its_input(tmp_path, capsys, font):
    """A .wav name that is a hard link to the MIDI file being rendered is the input: refused."""
    midi = save(band_midi(bars=1), tmp_path / "a.mid")
    os.link(midi, tmp_path / "a.wav")
    before = midi.read_bytes()
    code, _, err = run(capsys, "render", str(midi), "--soundfont", str(font), "--out", str(tmp_path / "a.wav"))
    assert code == 1 and err.strip().splitlines()[-1].endswith("is an input of this command; refusing to write over it")
    assert midi.read_bytes() == before


def test_the_status_line_counts_a_loops_passes():
    import io

    from composer.commands.audio import StatusLine
    from composer.io.live import Status

    out = io.StringIO()
    line = StatusLine(out)
    line(Status(1.0, 1, "A", 1, "loop"))
    line(Status(40.0, 2, "A", 1, "loop"))
    line(Status(80.0, 3, "B", 5, "piece"))
    assert out.getvalue().splitlines() == ["A · bar 1 · 0:01", "loop 2 · A · bar 1 · 0:40",
                                           "piece 3 · B · bar 5 · 1:20"]

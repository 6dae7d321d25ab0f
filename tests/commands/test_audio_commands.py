import itertools
import signal
import subprocess
import wave

import pytest
from audio_fixtures import ROOT, alsa_env, band_midi, cli, save, wait_for_status

from composer import load_scene
from composer.cli import main
from composer.commands import audio as commands
from composer.io import live, soundfont
from composer.io.live import Device
from composer.io.soundfont import find_soundfont

SCENE = ROOT / "scenes" / "beach.toml"


@pytest.fixture(scope="module")
def font():
    return find_soundfont(None, environ={})


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


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
    (["render", "{tmp}/junk.mid"], 3, "not a readable standard MIDI file"),
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
    monkeypatch.setattr(live, "output_devices", lambda: [Device(0, "speakers", "ALSA", 2, 48000.0, True)])
    monkeypatch.setattr(live, "midi_output_ports", lambda: ["Synth port 1"])
    code, out, err = run(capsys, "devices")
    assert code == 0
    assert "0: speakers [ALSA, 2 ch, 48000 Hz]  (default)" in out
    assert "Synth port 1" in out


def test_devices_with_none_is_a_device_error(capsys, monkeypatch):
    monkeypatch.setattr(live, "output_devices", lambda: [])
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

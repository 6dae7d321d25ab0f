"""Hostile inputs: pipes and odd names as scenes, remember's text, huge numbers, usage slips."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer import compose_plan
from composer.errors import SceneError
from composer.remember import scene_toml
from composer.scene import parse_scene
from composer.scene.model import Scene
from hostile import ROOT, SHORT, refused, run, spawn

BIG = "9" * 400


def test_a_fifo_as_a_scene_is_refused_never_waited_on(tmp_path, capsys):
    fifo = tmp_path / "scene.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(capsys, "compose", fifo, seconds=5)
    assert "not a regular file" in refused(capsys, "remember", "--from-file", fifo, seconds=5)


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = b"sc\xe8ne.toml"
    (tmp_path / os.fsdecode(name)).write_text('mood = "tendr"\n')
    proc = spawn(["compose", name], cwd=tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and err.count(b"\n") == 1 and b"Traceback" not in err
    assert b"sc\\xe8ne.toml" in err and b"did you mean 'tender'" in err
    # The good scene under a non-UTF-8 name composes, and its output name is shown escaped too.
    (tmp_path / os.fsdecode(name)).write_text(SHORT)
    proc = spawn(["compose", name, "--seed", "1"], cwd=tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b"" and b"sc\\xe8ne-1.mid" in out
    assert (tmp_path / "renders" / os.fsdecode(b"sc\xe8ne-1.mid")).exists()


def test_remember_text_that_is_not_utf8_is_one_line(tmp_path):
    proc = spawn(["remember", b"a calm \xff\xfe evening by the sea"], cwd=tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and err.count(b"\n") == 1 and b"not UTF-8" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", [f"calm by the sea, {BIG} minutes", f"calm by the sea, {BIG} bars",
                                  "calm by the sea, 10 hours long", "calm by the sea, 61 minutes"])
def test_remember_refuses_a_length_past_the_limit(tmp_path, capsys, text):
    assert "too long" in refused(capsys, "remember", text, "--out", tmp_path / "m.mid",
                                 "--scene-out", tmp_path / "m.toml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", [
    "a calm evening\nby the sea", "calm by the sea \x01\x02\x1b[2J with a bell\x07", "calm sea\x7f",
    'calm by the "sea" \\ and \\u0041 and \'quotes\' = [x] # not a comment',
    "calm by the sea\r\n\tagain\u2028and\u0085again",
])
def test_remember_takes_ordinary_text_of_any_shape(tmp_path, capsys, text):
    code, out, err = run(capsys, "remember", text, "--out", tmp_path / "m.mid",
                         "--scene-out", tmp_path / "m.toml")
    assert code == 0, err
    scene = (tmp_path / "m.toml").read_text()
    assert parse_scene(scene, "m.toml").setting.place == "sea"
    assert "\x1b" not in out and "\x07" not in out


def test_remember_reads_long_text_from_stdin_and_from_a_file(tmp_path):
    long = "We walked along the beach at dusk, calm and a little wistful. " * 300  # 19 KB
    proc = spawn(["remember", "-", "--out", "m.mid", "--scene-out", "m.toml"], cwd=tmp_path,
                 stdin=-1)
    out, err = proc.communicate(long.encode(), timeout=60)
    assert proc.returncode == 0, err
    assert "beach" in (tmp_path / "m.toml").read_text()
    (tmp_path / "memory.txt").write_text(long)
    proc = spawn(["remember", "--from-file", "memory.txt", "--out", "f.mid", "--scene-out", "f.toml"],
                 cwd=tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (tmp_path / "f.toml").read_text() == (tmp_path / "m.toml").read_text()


def test_control_characters_in_a_title_are_not_sent_to_the_terminal(tmp_path, capsys):
    scene = tmp_path / "s.toml"
    scene.write_text('title = "Bell \\u0007 and \\u001b[2J clear"\nmood = "calm"\nlength = "0:12"\n')
    code, out, err = run(capsys, "compose", scene, "--out", tmp_path / "s.mid")
    if code == 0:
        assert "\x07" not in out and "\x1b" not in out and "\\x1b[2J" in out
    else:  # or the scene refuses such a title: in one line, escaped too
        assert "\x07" not in err and "\x1b" not in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [
    ["compose", "{empty}"],                                # a folder with no scenes
    ["compose", "{tmp}/missing.toml"],
    ["compose", "{scene}", "--out", "{tmp}"],               # --out an existing folder
    ["compose", "{scene}", "--seeds", "1-"],
    ["compose", "{scene}", "--seeds", "x", "--seed", "3"],
    ["compose", "{scene}", "--jobs", "0"],
    ["compose", "{scene}", "--seeds", "1-2", "--out-dir", "/dev/null"],
    ["compose", "{scene}", "--seeds", "1-2", "--out-dir", "{scene}"],
    ["compose", "{scene}", "--bogus"],
    ["compose"],
    ["render", "{tmp}"],                                    # a folder given as a file
    ["remember", "--from-file", "{tmp}"],
    ["remember", "--from-file", "{tmp}/missing.txt"],
    ["remember", "calm", "--from-file", "{scene}"],
    ["nonsense-command"],
])
def test_usage_errors_are_one_line(tmp_path, capsys, args):
    scene = tmp_path / "s.toml"
    scene.write_text(SHORT)
    (tmp_path / "empty").mkdir()
    refused(capsys, *[a.format(tmp=tmp_path, scene=scene, empty=tmp_path / "empty") for a in args])


# Root reads any file through its capability to override file permissions, so as root each
# command runs without it (setpriv, from util-linux, which every Debian system has).
UNPRIVILEGED = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] \
    if os.geteuid() == 0 else []


@pytest.mark.parametrize("args", [
    ["compose", "{scene}"], ["explain", "{scene}"], ["render", "{scene}"], ["render", "{midi}"],
    ["play", "{midi}"], ["evaluate", "{midi}"], ["remember", "--from-file", "{scene}"],
])
def test_an_unreadable_file_is_one_line_naming_it(tmp_path, args):
    scene, midi = tmp_path / "s.toml", tmp_path / "s.mid"
    scene.write_text(SHORT)
    run_cli(tmp_path, "compose", str(scene), "--out", str(midi))
    for private in (scene, midi):
        private.chmod(0)
    shown = [a.format(scene=scene, midi=midi) for a in args]
    child = run_cli(tmp_path, *shown)
    lines = child.stderr.strip().splitlines()
    assert child.returncode != 0 and "permission denied" in lines[-1].lower(), child.stderr
    assert Path(shown[-1]).name in lines[-1] and not child.stdout and len(lines) <= 2, child.stderr
    # (play first names the SoundFont it would use: one line of its own)


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*UNPRIVILEGED, sys.executable, "-m", "composer.cli", *args], cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("mood", ["tender", "calm", "excited", "sad", "happy", "angry", "wistful"])
def test_an_hour_asked_is_an_hour_allowed(mood):
    # The tempo tuned to fill exactly 60:00 may land a float's rounding above it.
    scene = parse_scene(f'mood = "{mood}"\nlength = "60:00"\n', f"{mood}.toml")
    for seed in range(1, 13):
        compose_plan(scene, seed)


def _answer(text: str):
    try:
        toml = scene_toml(text)
    except SceneError as error:
        assert "\n" not in str(error)
        return None
    tomllib.loads(toml)  # always valid TOML, whatever the text
    try:
        return parse_scene(toml, "memory.toml")
    except SceneError as error:
        assert "\n" not in str(error) and error.field == "length", error
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), st.sampled_from(["calm", "by the sea", "72 bpm", "3 minutes", ""]))
def test_any_text_gives_a_scene_or_one_line(text, words):
    result = _answer(f"{text} {words} {text}")
    assert result is None or isinstance(result, Scene)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**500), st.sampled_from(["bars", "minutes", "seconds", "hours", ":00", ""]))
def test_any_number_in_a_length_gives_a_scene_or_one_line(number, unit):
    text = f'mood = "calm"\nlength = "{number}{" " if unit[:1].isalpha() else ""}{unit}"\n'
    try:
        parse_scene(text, "n.toml")
    except SceneError as error:
        assert "\n" not in str(error) and len(str(error)) < 300
    _answer(f"calm by the sea, {number} {unit}")

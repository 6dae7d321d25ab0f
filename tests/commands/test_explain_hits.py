"""`explain` shows each hit point as met (asked time, bar and beat, the time it sounds at, how the
music was fitted) or why it could not be; `compose` warns of a missed one; bad hits fail in one line."""

import json

import mido

from builders import run_main as run

CUE = """title = "reveal"
seed = 4
length = "1:00"
mood = ["tense", "hopeful"]
[[hits]]
at = "0:20.0"
kind = "cadence"
[[hits]]
at = 35
kind = "stop"
"""
MISSED = """seed = 1
length = "1:00"
mood = ["calm"]
tempo = 60
[music]
meter = "4/4"
[[hits]]
at = 20
kind = "accent"
[[hits]]
at = 26
kind = "cadence"
"""


def test_explain_json_gives_each_hit_as_performed(tmp_path, capsys):
    scene = tmp_path / "cue.toml"
    scene.write_text(CUE)
    code, out, _ = run(capsys, "explain", scene, "--json")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert [(h["number"], h["kind"], h["asked"], h["beat"]) for h in hits] == [
        (1, "cadence", 20.0, 1), (2, "stop", 35.0, 1)]
    for h in hits:
        assert h["met"] and abs(h["performed"] - h["asked"]) < 0.001 and h["error_ms"] == 0
        assert h["bar"] >= 2 and abs(h["tempo_nudge_percent"]) <= 8
    assert "authentic cadence" in hits[0]["how"] and "general pause" in hits[1]["how"]


def test_explain_text_has_a_line_per_hit(tmp_path, capsys):
    scene = tmp_path / "cue.toml"
    scene.write_text(CUE)
    _, out, _ = run(capsys, "explain", scene)
    lines = [line for line in out.splitlines() if line.startswith("hit ")]
    assert len(lines) == 2
    assert lines[0].startswith("hit 1: cadence at 0:20.00 -> bar ")
    assert "beat 1, sounds at 20.000 s (tempo nudged" in lines[0]
    assert any(line.startswith("- hits: tempo") for line in out.splitlines())


def test_the_midi_file_puts_the_hits_on_their_bars(tmp_path, capsys):
    scene = tmp_path / "cue.toml"
    scene.write_text(CUE)
    _, out, _ = run(capsys, "explain", scene, "--json")
    hits = json.loads(out)["hits"]
    target = tmp_path / "cue.mid"
    code, _, _ = run(capsys, "compose", scene, "--out", target)
    assert code == 0
    midi = mido.MidiFile(target)
    signature = next(m for m in midi.tracks[0] if m.type == "time_signature")
    bar = midi.ticks_per_beat * 4 * signature.numerator // signature.denominator
    for h in hits:
        tick = (h["bar"] - 1) * bar
        assert abs(_seconds_at(midi, tick) - h["asked"]) < 0.002


def _seconds_at(midi: mido.MidiFile, tick: int) -> float:
    seconds, last, tempo = 0.0, 0, 500000
    now = 0
    for msg in midi.tracks[0]:
        now += msg.time
        if msg.type != "set_tempo":
            continue
        if now >= tick:
            break
        seconds += mido.tick2second(now - last, midi.ticks_per_beat, tempo)
        last, tempo = now, msg.tempo
    return seconds + mido.tick2second(tick - last, midi.ticks_per_beat, tempo)


def test_a_missed_hit_is_explained_and_warned_of(tmp_path, capsys):
    scene = tmp_path / "missed.toml"
    scene.write_text(MISSED)
    _, out, _ = run(capsys, "explain", scene)
    missed = [line for line in out.splitlines() if line.startswith("hit ") and "missed by" in line]
    assert missed and "could not be met: the music before it would have to move" in missed[0]
    code, out, _ = run(capsys, "compose", scene, "--out", tmp_path / "missed.mid")
    assert code == 0
    warnings = [line for line in out.splitlines() if "warning:" in line]
    assert warnings and "cannot be met" in warnings[0] and str(scene) in warnings[0]


def test_bad_hits_fail_in_one_line_naming_the_file_and_field(tmp_path, capsys):
    scene = tmp_path / "bad.toml"
    scene.write_text(CUE.replace('at = "0:20.0"', 'at = "0:2x.0"'))
    code, out, err = run(capsys, "compose", scene, "--out", tmp_path / "bad.mid")
    assert code == 2 and not out and not (tmp_path / "bad.mid").exists()
    assert err.count("\n") == 1 and "bad.toml: line 6: hits[1].at: cannot read" in err
    scene.write_text(CUE.replace("at = 35", "at = 20.5"))
    code, _, err = run(capsys, "compose", scene, "--out", tmp_path / "bad.mid")
    assert code == 2 and err.count("\n") == 1 and "bad.toml: hits[2].at:" in err and "too close" in err

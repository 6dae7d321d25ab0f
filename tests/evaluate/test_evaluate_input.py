"""Evaluate on hostile or odd input (issue 14): one line naming the file, never a traceback, and
work that grows with the notes, not with their square."""

import os

import mido
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.commands.evaluate import evaluate as evaluate_command
from composer.errors import ComposerError
from composer.evaluate.generated import score_melody
from composer.evaluate.score import read_score
from craft_midis import build


def run(*args):
    return CliRunner().invoke(evaluate_command, [str(a) for a in args])


def one_line_error(result, *words):
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, (SystemExit, ComposerError)), \
        repr(result.exception)
    text = result.output.strip() if result.exception is None or isinstance(
        result.exception, SystemExit) else str(result.exception)
    assert len(text.splitlines()) == 1, text
    for word in words:
        assert word in text, text


def test_ticks_per_beat_zero_is_one_line(tmp_path):
    path = tmp_path / "zero.mid"
    midi = build({"Melody": [(0, 1, 60), (1, 1, 62)]})
    midi.save(str(path))
    data = bytearray(path.read_bytes())
    data[12:14] = b"\x00\x00"  # the header's division field
    path.write_bytes(bytes(data))
    with pytest.raises(ComposerError, match="zero.mid: ticks per beat is 0"):
        read_score(path)
    one_line_error(run(path), "zero.mid", "ticks per beat")


def test_time_signature_zero_over_four_is_one_line(tmp_path):
    path = tmp_path / "meter.mid"
    midi = build({"Melody": [(0, 1, 60), (1, 1, 62)]})
    midi.tracks[0][1] = mido.MetaMessage("time_signature", numerator=0, denominator=4)
    midi.save(str(path))
    one_line_error(run(path), "meter.mid", "0/4")


@pytest.mark.parametrize("count", [1, 2])
def test_a_melody_of_one_or_two_notes_is_evaluated(tmp_path, count):
    path = tmp_path / f"tiny{count}.mid"
    build({"Melody": [(0, 1, 60), (1, 1, 62)][:count], "Harmony": [(0, 2, 48)]}).save(str(path))
    result = run(path)
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "1 project melodies" in result.output and "phrase starts on an upbeat" in result.output


def test_a_folder_means_the_scenes_and_midi_files_in_it(tmp_path):
    build({"Melody": [(i, 1, 60 + i % 5) for i in range(16)], "Harmony": [(0, 16, 48)]}).save(
        str(tmp_path / "a.mid"))
    (tmp_path / "notes.txt").write_text("not music", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 pieces" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(run(empty), "empty", "no scene (.toml) or MIDI (.mid) files")
    one_line_error(run(tmp_path / "missing.mid"), "missing.mid", "no such file")
    one_line_error(run(tmp_path / "notes.txt"), "notes.txt", "neither a scene")


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.mid"
    os.mkfifo(fifo)
    one_line_error(run(fifo), "pipe.mid", "not a regular file")


def test_melody_chords_come_from_one_sweep(tmp_path):
    """Each melody note gets the Harmony pitch classes sounding at its onset; thousands of notes on
    both sides (the old pairwise comparison took 71 s at 30,000 + 30,000)."""
    bars = 1250
    melody = [(b * 4 + k, 1, 72 + k) for b in range(bars) for k in range(4)]
    harmony = [(b * 4, 4, p) for b in range(bars) for p in ((48, 52, 55, 60) if b % 2 else
                                                              (43, 47, 50, 53))]
    s = read_score(build({"Melody": melody, "Harmony": harmony}))
    m = score_melody(s)
    assert len(m.notes) == 5000
    assert m.notes[0].chord == (2, 5, 7, 11) and m.notes[4].chord == (0, 4, 7)
    assert m.notes[-1].chord == (0, 4, 7)


def test_a_note_held_for_a_year_is_measured_as_heard():
    """A 400-day note (a hostile file's claim) rings four bars past the last onset, no more."""
    midi = build({"Melody": [(0, 1, 60), (1, 1, 62), (2, 400 * 24 * 3600 * 2, 64)],
                  "Harmony": [(0, 4, 48)]})
    s = read_score(midi)
    assert s.end_tick == 2 * 480 + 4 * 4 * 480
    from composer.evaluate.craft import piece_figures

    assert piece_figures(s)["minutes"] < 0.5


def test_a_batch_folder_groups_its_files_by_the_scene_and_seed_they_name(tmp_path):
    from composer import compose
    from composer.evaluate.generated import held_out_scenes
    from composer.io.midi import write_midi

    for scene in held_out_scenes(2):
        for seed in (1, 2):
            write_midi(compose(scene, seed), tmp_path / f"{scene.source}-{seed}.mid")
    s = read_score(tmp_path / "held-out-01.toml-2.mid")
    assert s.seed == 2 and s.text("scene") == "held-out-01.toml"
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert "4 pieces (2 scenes x 2 seeds)" in result.output
    assert "distinct tonics, one seed (fewest)" in result.output


def _project_bytes():
    import io

    buffer = io.BytesIO()
    build({"Melody": [(i, 1, 60 + i % 7) for i in range(12)],
           "Harmony": [(0, 12, p) for p in (48, 52, 55)], "Bass": [(0, 12, 36)]},
          markers=[(0, "A"), (8, "B")]).save(file=buffer)
    return buffer.getvalue()


PROJECT_BYTES = _project_bytes()


@settings(max_examples=150)
@given(st.lists(st.tuples(st.integers(0, len(PROJECT_BYTES) - 1), st.integers(0, 255)),
                min_size=1, max_size=8))
def test_corrupted_midi_is_measured_or_refused_in_one_line(tmp_path_factory, edits):
    """Bytes of a project-like file with a few bytes changed: either a Score whose figures can be
    measured, or the project's own one-line error; never another exception."""
    from composer.evaluate.craft import piece_figures

    data = bytearray(PROJECT_BYTES)
    for where, value in edits:
        data[where] = value
    path = tmp_path_factory.mktemp("fuzz") / "x.mid"
    path.write_bytes(bytes(data))
    try:
        s = read_score(path)
    except ComposerError as error:
        assert "\n" not in str(error) and "x.mid" in str(error)
        return
    piece_figures(s)


def test_a_key_signature_of_nine_sharps_is_one_line(tmp_path):
    path = tmp_path / "keys.mid"
    build({"Melody": [(0, 1, 60)]}).save(str(path))
    midi = mido.MidiFile(str(path))
    midi.tracks[0].insert(1, mido.MetaMessage("key_signature", key="C"))
    midi.save(str(path))
    data = bytearray(path.read_bytes())
    at = data.index(bytes([0xFF, 0x59, 0x02]))
    data[at + 3] = 9
    path.write_bytes(bytes(data))
    one_line_error(run(path), "keys.mid", "not a readable MIDI file")

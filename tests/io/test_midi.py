import mido
import pytest

from contract import read, violations
from composer.io.midi import midi_bytes, piece_to_midi, write_midi
from composer.piece import TICKS_PER_BEAT, Control, Marker, Meter, Note, Part, Piece, TempoChange, separate_repeats
from composer.theory import Key


def small_piece(**changes) -> Piece:
    chord = (Note(0, 960, 50, 60), Note(0, 960, 55, 60), Note(0, 960, 59, 60), Note(0, 960, 62, 60))
    values = dict(
        title="Sand, 海", key=Key(2, "lydian"), meter=Meter(4, 4),
        tempos=(TempoChange(0, 60.0), TempoChange(960, 54.5)),
        sections=(Marker(0, "the light goes gold"), Marker(960, "B")), chords=(Marker(0, "I"),),
        parts=(Part("Melody", "Acoustic Grand Piano", 0, 0, (Note(0, 480, 74, 90), Note(480, 1440, 74, 80)),
                    (Control(0, 64, 127),)),
               Part("Harmony", "String Ensemble 1", 48, 1, chord),
               Part("Bass", "Acoustic Bass", 32, 2, (Note(0, 1920, 38, 70),))),
        end_tick=1920, seed=14, metadata=(("scene", "beach.toml"), ("mood", "tender, wistful")),
    )
    values.update(changes)
    return Piece(**values)


def test_conductor_holds_the_contract_metadata():
    midi = read(midi_bytes(small_piece()))
    assert violations(midi) == []
    conductor = midi.tracks[0]
    texts = [m.text for m in conductor if m.type == "text"]
    assert "title: Sand, 海" in texts and "key: D lydian" in texts and "seed: 14" in texts
    assert "scene: beach.toml" in texts and "tempo: 60" in texts
    key = next(m for m in conductor if m.type == "key_signature")
    assert key.key == "A"  # D lydian has A major's notes
    markers = [m.text for m in conductor if m.type == "marker"]
    assert markers == ["the light goes gold", "B"]
    tempos = [round(mido.tempo2bpm(m.tempo), 1) for m in conductor if m.type == "set_tempo"]
    assert tempos == [60.0, 54.5]


def test_tracks_are_named_by_role_with_programs_and_channels():
    midi = piece_to_midi(small_piece())
    names = [t[0].name for t in midi.tracks[1:]]
    assert names == ["Melody (Acoustic Grand Piano)", "Harmony (String Ensemble 1)", "Bass (Acoustic Bass)"]
    programs = [next(m.program for m in t if m.type == "program_change") for t in midi.tracks[1:]]
    assert programs == [0, 48, 32]


def test_repeated_pitch_is_released_before_it_is_struck_again():
    track = piece_to_midi(small_piece()).tracks[1]
    events = [(m.type, m.note) for m in track if m.type.startswith("note")]
    assert events == [("note_on", 74), ("note_off", 74), ("note_on", 74), ("note_off", 74)]


def test_the_contract_checker_catches_a_restruck_pitch():
    bad = Part("Melody", "Piano", 0, 0, (Note(0, 960, 70, 80), Note(480, 960, 70, 80)))
    problems = violations(read(midi_bytes(small_piece(parts=(bad,) + small_piece().parts[1:]))))
    assert any("while sounding" in p for p in problems)


def test_separate_repeats_shortens_the_earlier_note():
    notes = separate_repeats((Note(0, 960, 70, 80), Note(480, 960, 70, 80), Note(0, 100, 72, 80)))
    assert notes == (Note(0, 480, 70, 80), Note(0, 100, 72, 80), Note(480, 960, 70, 80))


def test_a_note_struck_twice_at_once_keeps_the_louder_whatever_else_sounds():
    """Two copies of one stroke (a hit's kick on the arrangement's kick) leave the louder, not the
    copy the set of all the part's notes happens to iterate last: that changed as notes elsewhere
    in the piece did, so re-rolling one moment moved a velocity in another."""
    pair = [Note(960, 120, 36, 110), Note(960, 120, 36, 109)]
    for count in range(40):
        others = [Note(1920 + 240 * k, 120, 38 + k % 5, 60 + k % 7) for k in range(count)]
        kept = [n for n in separate_repeats(others + pair) if n.start == 960]
        assert kept == [pair[0]], count


def test_bytes_are_deterministic_and_round_trip(tmp_path):
    piece = small_piece()
    assert midi_bytes(piece) == midi_bytes(piece)
    target = tmp_path / "out" / "x.mid"
    write_midi(piece, target)
    assert target.read_bytes() == midi_bytes(piece)
    assert [p.name for p in tmp_path.joinpath("out").iterdir()] == ["x.mid"]


def test_written_files_get_the_usual_mode(tmp_path):
    import os

    write_midi(small_piece(), tmp_path / "x.mid")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "x.mid").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_failed_write_leaves_nothing_and_keeps_the_old_file(tmp_path):
    from composer.io.atomic import atomic_path

    target = tmp_path / "x.mid"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk on fire")
    assert [p.name for p in tmp_path.iterdir()] == ["x.mid"]
    assert target.read_bytes() == b"old"


def modulating_piece() -> Piece:
    """A piece of two bars in D lydian that moves to G minor at its second bar."""
    bar = 4 * TICKS_PER_BEAT
    melody = Part("Melody", "Acoustic Grand Piano", 0, 0,
                  (Note(0, bar, 74, 90), Note(bar, bar, 70, 80)))
    return small_piece(parts=(melody,), end_tick=2 * bar, modulations=((bar, Key(7, "minor")),))


def test_every_part_carries_the_key_signatures():
    """DAWs read the conductor's key signatures, MuseScore each part's own: both hold the home key
    at the start and each section's key where it begins."""
    for track in piece_to_midi(modulating_piece()).tracks:
        now, keys = 0, []
        for m in track:
            now += m.time
            if m.type == "key_signature":
                keys.append((now, m.key))
        assert keys == [(0, "A"), (4 * TICKS_PER_BEAT, "Gm")], track.name


def test_musescore_shows_each_sections_key(tmp_path, musescore):
    """Opened in MuseScore 3, the MIDI file shows the key signature of each section; with the
    conductor's signatures only, MuseScore guessed one key for the whole score."""
    import re

    from composer.io.score import engrave

    write_midi(modulating_piece(), tmp_path / "two.mid")
    xml = engrave(tmp_path / "two.mid", tmp_path / "two.musicxml").read_text(encoding="utf-8")
    first_part = xml.split("</part>")[0]
    assert re.findall(r"<fifths>(-?\d+)</fifths>", first_part) == ["3", "-2"]

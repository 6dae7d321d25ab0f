"""The score: MusicXML through music21 that reads back to the piece's notes, engraved by MuseScore."""

import sys
from fractions import Fraction

import pytest

from composer import compose
from composer.errors import ComposerError
from composer.arrange import drums
from composer.io.score import (DRUM_DISPLAY, GRID, rests, staves_of, write_musicxml,
                               write_score, written_events)
from composer.piece import TICKS_PER_BEAT, Meter
from composer.scene.load import parse_scene

music21 = pytest.importorskip("music21")

SCENE = """
title = "Two moments"
seed = 5
length = "0:24"
mood = ["tender", "wistful"]
[music]
key = "Bb"
[[moments]]
name = "first"
intensity = 0.4
[[moments]]
name = "second"
mood = ["sad"]
intensity = 0.8
"""


# 12/8, with a jazz guitar and an electric bass: staves written an octave above what sounds.
STREET = """
title = "Street"
seed = 8
length = "0:20"
mood = ["lonely", "restless"]
setting = "city street, late night, fog, autumn"
[music]
meter = "12/8"
"""


# A kit (club) and hand drums (festival), each with its fills and closing strokes.
GROOVES = {style: f"""
title = "Groove"
seed = 3
length = "0:16"
mood = ["excited", "joyful"]
setting = "{place} at night"
""" for style, place in (("kit", "club"), ("hand", "festival"))}


@pytest.fixture(scope="module")
def piece():
    return compose(parse_scene(SCENE, "two.toml"))


def _parse(piece, folder):
    path = write_musicxml(piece, folder / "score.musicxml")
    # Guitars and basses are written an octave above what sounds: compare what sounds.
    return music21.converter.parse(str(path)).toSoundingPitch()


@pytest.fixture(scope="module")
def parsed(piece, tmp_path_factory):
    return _parse(piece, tmp_path_factory.mktemp("score"))


def _onsets(part_stream):
    """{(onset in ticks, MIDI pitch)} of a parsed staff, tied notes joined."""
    found = set()
    for element in part_stream.stripTies().flatten().notes:
        if isinstance(element, music21.harmony.ChordSymbol):
            continue
        tick = Fraction(element.offset) * TICKS_PER_BEAT
        for p in element.pitches:
            found.add((int(tick), p.midi))
    return found


def test_music21_reads_back_the_same_pitches_at_the_same_times(piece, parsed):
    _same_notes(piece, parsed)


def test_transposing_staves_read_back_at_sounding_pitch(tmp_path):
    piece = compose(parse_scene(STREET, "street.toml"))
    assert {p.program for p in piece.parts} >= {26, 33}  # jazz guitar, finger bass
    parsed = _parse(piece, tmp_path)
    _same_notes(piece, parsed)
    written = music21.converter.parse(str(tmp_path / "score.musicxml"))
    bass = written.parts[[p.role for p in piece.parts].index("Bass")]
    sounding = [p for n in bass.flatten().notes for p in n.pitches]
    assert min(p.midi for p in sounding) >= 36  # written an octave up: on the staff, not below it
    assert isinstance(bass.recurse().getElementsByClass(music21.clef.Clef).first(), music21.clef.BassClef)


def _same_notes(piece, parsed):
    parts = [p for p in piece.parts if p.role != "Drums"]
    assert len(parsed.parts) == sum(len(staves_of(p)) for p in parts) + (len(parts) < len(piece.parts))
    staves = iter(parsed.parts)
    for part in parts:
        found = set().union(*(_onsets(next(staves)) for _ in staves_of(part)))
        expected = {(start, pitch) for start, _, pitches in written_events(part) for pitch in pitches}
        assert found == expected, part.role
        # every written note is the piece's pitch at most half a grid step from where it was played
        played = {(n.start, n.pitch) for n in part.notes}
        for start, pitch in expected:
            assert any(p == pitch and abs(s - start) <= GRID // 2 for s, p in played)


def test_a_keyboard_accompaniment_across_middle_c_gets_a_grand_staff(piece, parsed):
    harmony = piece.part("Harmony")
    assert harmony.program == 0  # a piano
    upper, lower = staves_of(harmony)
    assert upper[1] == "treble" and lower[1] == "bass"
    assert all(p >= 60 for _, _, c in upper[0] for p in c) and all(p < 60 for _, _, c in lower[0] for p in c)
    groups = list(parsed.recurse().getElementsByClass(music21.layout.StaffGroup))
    assert any(g.symbol == "brace" and len(g.getSpannedElements()) == 2 for g in groups)
    assert len(staves_of(piece.part("Melody"))) == 1  # a tune keeps one staff


def test_title_tempo_key_and_meter(piece, parsed):
    assert parsed.metadata.bestTitle == piece.title
    first = parsed.parts[0]
    key = first.recurse().getElementsByClass(music21.key.KeySignature).first()
    assert key.sharps == -2  # Bb major
    meter = first.recurse().getElementsByClass(music21.meter.TimeSignature).first()
    assert meter.ratioString == str(piece.meter)
    mark = first.recurse().getElementsByClass(music21.tempo.MetronomeMark).first()
    assert abs(mark.number - piece.pulse_bpm) <= 0.5
    words = [t.content for t in first.recurse().getElementsByClass(music21.expressions.TextExpression)]
    assert any(w in ("Largo", "Adagio", "Andante", "Moderato") for w in words)


def test_the_melody_carries_a_chord_symbol_at_each_change(piece, parsed):
    symbols = list(parsed.parts[0].recurse().getElementsByClass(music21.harmony.ChordSymbol))
    assert len(symbols) == len(piece.chords)
    assert all(len(s.pitches) >= 3 for s in symbols)


def test_rhythms_a_musician_reads(parsed):
    for staff in parsed.parts:
        for element in staff.recurse().notesAndRests:
            length = Fraction(element.quarterLength) * 4
            assert length.denominator == 1, element  # whole sixteenths: no tuplets, no 1/2048ths
            assert not element.duration.tuplets


def test_rests_fall_on_the_beats():
    four = Meter(4, 4)
    beat = TICKS_PER_BEAT
    # from the second half of beat 2 to the end of the bar: an eighth, then two beats
    assert rests(beat + beat // 2, 4 * beat, four) == [(beat + beat // 2, beat // 2), (2 * beat, 2 * beat)]
    assert rests(0, 8 * beat, four) == [(0, 4 * beat), (4 * beat, 4 * beat)]
    assert rests(beat, 4 * beat, four) == [(beat, beat), (2 * beat, 2 * beat)]


def test_bad_suffix_and_missing_music21_are_one_line(piece, tmp_path, monkeypatch):
    with pytest.raises(ComposerError, match=r"\.musicxml"):
        write_score(piece, tmp_path / "x.txt")
    monkeypatch.setitem(sys.modules, "music21", None)
    with pytest.raises(ComposerError, match=r"pip install 'memory-composer\[theory\]'"):
        write_score(piece, tmp_path / "x.musicxml")
    assert list(tmp_path.iterdir()) == []


def test_musescore_engraves_it_headless(piece, tmp_path, musescore):
    path = write_score(piece, tmp_path / "two.pdf")
    data = path.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 5000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.pdf"]


def test_without_musescore_a_pdf_is_one_line(piece, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ComposerError, match="musescore3"):
        write_score(piece, tmp_path / "x.pdf")


def test_every_drum_the_arrangement_strikes_has_its_own_place_on_the_staff():
    struck = {key for style in drums.STYLES.values() for strokes in style.values() for key, _ in strokes}
    struck |= {key for fills in drums.FILLS.values() for fill in fills for key in fill}
    struck |= {key for variations in drums.VARIATIONS.values() for strokes in variations for key, *_ in strokes}
    struck |= {drums.CRASH, drums.CRASH2, drums.RIDE, drums.BELL, drums.TAMBOURINE}
    assert struck <= set(DRUM_DISPLAY)
    assert len(set(DRUM_DISPLAY.values())) == len(DRUM_DISPLAY)  # each reads back as itself


@pytest.mark.parametrize("style", sorted(GROOVES))
def test_the_drums_are_a_percussion_staff_that_reads_back_stroke_for_stroke(style, tmp_path):
    piece = compose(parse_scene(GROOVES[style], "groove.toml"))
    part = piece.part("Drums")
    assert part is not None
    path = write_musicxml(piece, tmp_path / "groove.musicxml")
    parsed = music21.converter.parse(str(path))
    assert len(parsed.parts) == sum(len(staves_of(p)) for p in piece.parts if p.role != "Drums") + 1
    staff = parsed.parts[-1]
    assert isinstance(staff.recurse().getElementsByClass(music21.clef.Clef).first(), music21.clef.PercussionClef)
    assert not staff.recurse().getElementsByClass(music21.key.KeySignature)  # no key on a drum staff
    key_of = {display: key for key, display in DRUM_DISPLAY.items()}
    found = set()
    for element in staff.stripTies().flatten().notes:
        tick = int(Fraction(element.offset) * TICKS_PER_BEAT)
        for stroke in (element.notes if isinstance(element, music21.percussion.PercussionChord) else [element]):
            assert isinstance(stroke, music21.note.Unpitched)
            found.add((tick, key_of[stroke.displayName, stroke.notehead]))
    expected = {(start, key) for start, _, keys in written_events(part) for key in keys}
    assert found == expected
    # every written stroke is one the piece plays, at most half a grid step away
    for start, key in expected:
        assert any(n.pitch == key and abs(n.start - start) <= GRID // 2 for n in part.notes)


@pytest.mark.parametrize("style", sorted(GROOVES))
def test_the_feet_are_a_second_voice_with_stems_down(style, tmp_path):
    """As drum-set notation writes a groove (Weinberg): the hands in voice 1, stems up, the feet
    (bass drum, hi-hat pedal) in voice 2, stems down; a stroke written to the voice's next stroke
    or the end of its beat (a kick on each beat reads as a quarter, not a sixteenth and rests).
    Hand drums alone are one voice."""
    from composer.io.score import FEET

    piece = compose(parse_scene(GROOVES[style], "groove.toml"))
    part = piece.part("Drums")
    feet = [n for n in part.notes if n.pitch in FEET]
    assert bool(feet) == (style == "kit")
    staff = music21.converter.parse(str(write_musicxml(piece, tmp_path / "groove.musicxml"))).parts[-1]
    key_of = {display: key for key, display in DRUM_DISPLAY.items()}
    pulse = piece.meter.pulse_ticks
    counted = 0
    for measure in staff.getElementsByClass(music21.stream.Measure):
        voices = list(measure.voices)
        assert len(voices) == (2 if feet else 0)
        for number, voice in enumerate(voices or [measure], 1):
            written = [e for e in voice.notes]
            for element, after in zip(written, written[1:] + [None]):
                strokes = element.notes if isinstance(element, music21.percussion.PercussionChord) else [element]
                keys = {key_of[s.displayName, s.notehead] for s in strokes}
                on_feet = keys <= FEET
                assert keys <= FEET or not keys & FEET  # the hands and the feet never share a stem
                if voices:
                    assert (number == 2) == on_feet
                    assert {s.stemDirection for s in strokes} == {"down" if on_feet else "up"}
                start = int(Fraction(element.offset) * TICKS_PER_BEAT)
                end = start + int(Fraction(element.quarterLength) * TICKS_PER_BEAT)
                beat_end = (start // pulse + 1) * pulse
                following = int(Fraction(after.offset) * TICKS_PER_BEAT) if after is not None else None
                assert end >= min(beat_end, following if following is not None else beat_end)
                counted += 1
    assert counted >= len({n.start for n in part.notes}) // 2


def test_musescore_engraves_the_drum_staff_headless(tmp_path, musescore):
    piece = compose(parse_scene(GROOVES["kit"], "groove.toml"))
    path = write_score(piece, tmp_path / "groove.pdf")
    data = path.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 5000

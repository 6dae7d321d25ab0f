"""Piece -> a score: MusicXML through music21, and a PDF engraved by MuseScore 3 where it is installed.

What a player reads, not what the synthesizer plays: onsets and ends are put on the project's own
sixteenth grid (the humanised timing and the detached touch are performance, not notation), a
note that stops a little before the next one is written up to it, and overlapping notes in a part
are written as chords cut at the next onset (the pedal and the release are left to the player), so
each staff is one voice of notes, chords and rests that music21 splits at bar lines with ties.
The melody carries the harmony's chord symbols; every pitched part gets its own staff and clef, a
keyboard accompaniment spanning middle C a grand staff (what a keyboard player reads), and guitars
and basses are written an octave above what sounds, as their players read.
The drum part is a percussion staff: unpitched notes, each drum on its line or space with its
notehead (DRUM_DISPLAY), what a drummer reads: the hands in one voice with stems up, the feet
(FEET: bass drum, hi-hat pedal) in a second with stems down.

music21 is an optional dependency (imported only here, only when a score is asked for)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

from composer.errors import ComposerError
from composer.io.atomic import atomic_path
from composer.piece import TICKS_PER_BEAT, Marker, Part, Piece

GRID = TICKS_PER_BEAT // 4  # a sixteenth: the finest value the melody and the patterns use
# A note ending this close before the next onset (a share of its own length, at least one grid
# step) is written up to it: a detached quarter is a quarter, not a dotted eighth and a rest.
LEGATO_GAP = Fraction(1, 3)
# Italian markings for the tempo mark, with the middle of their customary metronome windows
# (composer.scene.tempo_words holds the windows).
MARKINGS = ("largo", "adagio", "andante", "moderato", "allegretto", "allegro", "vivace", "presto")
# General MIDI programs whose players read an octave above what sounds (guitars, bass guitars,
# the double bass: standard orchestration practice, e.g. Adler, The Study of Orchestration); their
# staves are written so, with the transposition in the MusicXML, so no bass line sits on ledger
# lines under the staff.
OCTAVE_WRITTEN = frozenset(range(24, 40)) | {43}
# Keyboard programs (pianos 0-7, organs 16-23) whose accompanying part spans middle C are written
# on a grand staff, split at SPLIT, as a keyboard player reads; a part within reach of one clef
# (SPAN_MARGIN semitones either side of middle C) keeps one staff.
KEYBOARDS = frozenset(range(0, 8)) | frozenset(range(16, 24))
SPLIT = 60  # middle C: from it up on the treble staff, below it on the bass staff
SPAN_MARGIN = 4
# GM percussion key -> (display step and octave on the percussion staff, notehead): the drum-set
# positions of Weinberg's Guide to Standardized Drumset Notation (Percussive Arts Society, 1998)
# as MuseScore 3's default drumset places them (feet below the staff, drums in the spaces and
# lines, cymbals as x above it); the hand percussion of composer.arrange.drums gets triangle and
# diamond heads on free positions so that every key reads back as itself.
DRUM_DISPLAY = {
    35: ("E4", "normal"), 36: ("F4", "normal"),            # bass drums
    37: ("C5", "x"), 38: ("C5", "normal"),                 # side stick, snare
    41: ("G4", "normal"), 43: ("A4", "normal"), 45: ("B4", "normal"),  # floor toms, low tom
    48: ("D5", "normal"), 50: ("E5", "normal"),            # high-mid and high tom
    42: ("G5", "x"), 44: ("D4", "x"), 46: ("G5", "circle-x"),  # hi-hat closed, pedal, open
    49: ("A5", "x"), 57: ("B5", "x"), 51: ("F5", "x"), 53: ("F5", "diamond"),  # crashes, ride, bell
    54: ("E5", "diamond"), 70: ("D5", "x"),                # tambourine, shaker (maracas)
    60: ("E5", "triangle"), 61: ("D5", "triangle"),        # high and low bongo
    62: ("B4", "x"), 63: ("B4", "triangle"), 64: ("A4", "triangle"),  # congas: muted, open, low
}
# The strokes played by the feet: a drum-set staff writes them as a voice of their own, stems down
# under the hands' stems-up voice (Weinberg, Guide to Standardized Drumset Notation), so a groove
# reads as two rhythms, not as one line of chords.
FEET = frozenset({35, 36, 44})
MUSESCORE = ("mscore3", "musescore3", "mscore", "musescore")
ENGRAVE_TIMEOUT = 300  # seconds; MuseScore engraves a few pages in a few seconds
INSTALL_MUSIC21 = "the score needs music21: pip install 'memory-composer[theory]'"
INSTALL_MUSESCORE = ("a PDF score needs MuseScore 3 (apt-get install musescore3); "
                     "--score FILE.musicxml writes MusicXML without it")
SUFFIXES = (".musicxml", ".xml", ".pdf")


def _music21():
    try:
        import music21
    except ModuleNotFoundError as error:
        if error.name != "music21":
            raise
        raise ComposerError(INSTALL_MUSIC21) from None
    return music21


def snap(tick: int) -> int:
    return (tick + GRID // 2) // GRID * GRID


def written_events(part: Part) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, duration, pitches) on the grid, in time order, never overlapping: what the staff
    shows. Notes on one onset become a chord lasting until the next onset or its longest note."""
    onsets: dict[int, dict[int, int]] = {}
    for note in part.notes:
        start = snap(note.start)
        end = max(start + GRID, snap(note.end))
        chord = onsets.setdefault(start, {})
        chord[note.pitch] = max(chord.get(note.pitch, 0), end)
    starts = sorted(onsets)
    events = []
    for i, start in enumerate(starts):
        end = max(onsets[start].values())
        following = starts[i + 1] if i + 1 < len(starts) else None
        if following is not None:
            gap = following - end
            if gap < 0 or gap <= max(GRID, (end - start) * LEGATO_GAP):
                end = following
        events.append((start, end - start, tuple(sorted(onsets[start]))))
    return events


def rests(a: int, b: int, meter) -> list[tuple[int, int]]:
    """(start, length) of the rests filling a..b as a player counts them: a silent bar is one
    rest; otherwise first to the end of the beat, then whole beats up to the next bar line or
    half bar, then what is left."""
    pulse, bar = meter.pulse_ticks, meter.bar_ticks
    out = []
    while a < b:
        if a % bar == 0 and b - a >= bar:
            end = a + bar  # a silent bar: one whole-bar rest
        elif a % pulse:
            end = min(b, (a // pulse + 1) * pulse)
        else:
            strong = a + pulse
            while strong % meter.bar_ticks and meter.strength(strong % meter.bar_ticks) < 2:
                strong += pulse
            end = min(b, strong)
            if end - a >= pulse:
                end = a + (end - a) // pulse * pulse
        out.append((a, end - a))
        a = end
    return out


def staves_of(part: Part) -> list[tuple[list, str | None]]:
    """The part's written events per staff, with the staff's clef where it is fixed: one staff,
    or a grand staff (treble, bass) for a keyboard accompaniment spanning middle C."""
    events = written_events(part)
    pitches = [p for _, _, chord in events for p in chord]
    if (part.role == "Melody" or part.program not in KEYBOARDS or not pitches
            or min(pitches) >= SPLIT - SPAN_MARGIN or max(pitches) < SPLIT + SPAN_MARGIN):
        return [(events, None)]
    upper = [(s, d, tuple(p for p in chord if p >= SPLIT)) for s, d, chord in events]
    lower = [(s, d, tuple(p for p in chord if p < SPLIT)) for s, d, chord in events]
    return [([e for e in upper if e[2]], "treble"), ([e for e in lower if e[2]], "bass")]


def _marking(bpm: float) -> str:
    from composer.scene.tempo_words import TEMPO_WORDS

    def distance(word: str) -> float:
        low, high = TEMPO_WORDS[word]
        return 0.0 if low <= bpm <= high else min(abs(bpm - low), abs(bpm - high)) + 1000
    return min(MARKINGS, key=lambda w: (distance(w), abs(bpm - sum(TEMPO_WORDS[w]) / 2))).capitalize()


def _m21_key(m21, label: str):
    """'G major', 'F# dorian', 'Bb minor' (composer.theory.Key.label) -> music21 key.Key."""
    tonic, mode = label.split(" ", 1)
    return m21.key.Key(tonic.replace("b", "-") if len(tonic) > 1 else tonic, mode)


def _speller(m21, m21_key, chord=None):
    """MIDI number -> music21 Pitch spelled as the sounding chord spells it (Eb in a borrowed iv
    of G major, not D#), else for the key: its own scale's names; a note outside the scale as a
    raised scale note in sharp keys and a lowered one in flat keys, except minor's raised sixth
    and seventh (the leading tone), always raised (F# in G minor, not Gb)."""
    names = {p.pitchClass: p.name for p in m21_key.pitches}
    tonic = m21_key.tonic.pitchClass
    flats = m21_key.sharps < 0
    for pc in range(12):
        if pc in names:
            continue
        below, above = names.get((pc - 1) % 12), names.get((pc + 1) % 12)
        raised = below is not None and (not flats or above is None or (pc - tonic) % 12 in (9, 11))
        base, interval = (below, "A1") if raised else (above, "-A1")
        names[pc] = m21.pitch.Pitch(base).transpose(interval).name
    if chord is not None:
        names.update({p.pitchClass: p.name for p in chord.pitches})

    def spell(midi: int):
        name = names[midi % 12]
        octave = (midi - m21.pitch.Pitch(name + "4").midi + 48) // 12  # B# and Cb cross the octave
        return m21.pitch.Pitch(f"{name}{octave}")
    return spell


def _keys(piece: Piece) -> list[tuple[int, str]]:
    """(tick, key label) at the start and where a section moves to another key."""
    return [(0, piece.key.label)] + [(tick, key.label) for tick, key in piece.modulations if tick > 0]


def _tempo_marks(piece: Piece) -> list[tuple[int, float]]:
    """(tick, quarter BPM) at the start and at each section whose tempo differs: the section's
    tempo over its bars (the phrase arches and the rubato's breaths are performance around it;
    the closing ritardando gets its word)."""
    marks = []
    # the last section up to its closing ritardando, or to the last change (the held end rings on)
    ends = [section.tick for section in piece.sections[1:]] + [_ritardando(piece) or piece.tempos[-1].tick]
    for section, end in zip(piece.sections, ends):
        seconds = piece.seconds_at(end) - piece.seconds_at(section.tick)
        if not marks:
            bpm = piece.bpm  # the opening tempo, as the piece names it
        elif seconds > 0:
            bpm = (end - section.tick) / TICKS_PER_BEAT * 60 / seconds
        else:
            bpm = next(t.bpm for t in reversed(piece.tempos) if t.tick <= section.tick)
        if not marks or abs(bpm / marks[-1][1] - 1) > 0.01:  # under 1 %: the same tempo, played
            marks.append((section.tick, bpm))
    return marks


def _ritardando(piece: Piece) -> int | None:
    """Tick where the closing ritardando starts (tempo falling steadily to the end), if any."""
    tempos = piece.tempos
    k = len(tempos) - 1
    while k > 0 and tempos[k].bpm < tempos[k - 1].bpm:
        k -= 1
    return tempos[k].tick if k < len(tempos) - 1 and len(tempos) - 1 - k >= 3 else None


def _numeral(m21, marker: Marker, home):
    """The chord of a marker ('V7', 'iv6 (D minor)') as a music21 RomanNumeral, or None when
    music21 cannot read the figure."""
    figure, _, where = marker.text.partition(" (")
    key = _m21_key(m21, where.rstrip(")")) if where else home
    try:
        return m21.roman.RomanNumeral(figure, key)
    except Exception:
        return None


def _chord_symbol(m21, marker: Marker, home):
    numeral = _numeral(m21, marker, home)
    try:
        symbol = m21.harmony.chordSymbolFromChord(numeral)
    except Exception:  # a figure music21 cannot read is shown as written, not lost
        return m21.expressions.TextExpression(marker.text)
    symbol.writeAsChord = False
    symbol.quarterLength = 0  # a label over the staff, not a second voice of rests
    return symbol


def _marks(m21, piece: Piece, staff) -> None:
    """Tempo words and metronome marks, rehearsal marks at the moments, and the ritardando."""
    quarter = Fraction(1, TICKS_PER_BEAT)
    compound = piece.meter.compound
    for tick, bpm in _tempo_marks(piece):
        beat_bpm = bpm / 1.5 if compound else bpm
        # The word and the number as two marks above the staff (music21 would write the word of
        # a combined mark without a placement, and MuseScore puts it below).
        word = m21.expressions.TextExpression(_marking(beat_bpm))
        word.style.fontWeight = "bold"
        mark = m21.tempo.MetronomeMark(number=round(beat_bpm), referent=1.5 if compound else 1.0)
        for element in (word, mark):
            element.placement = "above"
            staff.insert(float(tick * quarter), element)
    for section in piece.sections:
        if section.text:
            rehearsal = m21.expressions.RehearsalMark(section.text)
            rehearsal.placement = "above"
            staff.insert(float(section.tick * quarter), rehearsal)
    rit = _ritardando(piece)
    if rit is not None:
        staff.insert(float(snap(rit) * quarter), m21.expressions.TextExpression("rit."))


def _drum_element(m21, keys: tuple[int, ...], length: float, stem: str):
    """The strokes of one onset as an unpitched note, or a percussion chord of them."""
    strokes = []
    for key in keys:
        display, head = DRUM_DISPLAY[key]
        stroke = m21.note.Unpitched(displayName=display, quarterLength=length)
        stroke.notehead = head
        stroke.stemDirection = stem
        strokes.append(stroke)
    if len(strokes) == 1:
        return strokes[0]
    chord = m21.percussion.PercussionChord(strokes, quarterLength=length)
    chord.stemDirection = stem
    return chord


def drum_voices(part: Part, meter) -> list[tuple[list, str]]:
    """The drum part's written events per voice with its stem direction: the hands up and the
    feet (FEET) down, or the one of them that plays. A stroke has no length a drummer reads: it
    is written up to the voice's next stroke or the end of its beat, whichever comes first (a kick
    on each beat is a quarter, not a sixteenth and three rests)."""
    voices = []
    for feet, stem in ((False, "up"), (True, "down")):
        notes = tuple(n for n in part.notes if (n.pitch in FEET) == feet)
        if not notes:
            continue
        events = written_events(Part(part.role, part.instrument, part.program, part.channel, notes))
        filled = []
        for i, (start, duration, keys) in enumerate(events):
            beat_end = (start // meter.pulse_ticks + 1) * meter.pulse_ticks
            following = events[i + 1][0] if i + 1 < len(events) else beat_end
            filled.append((start, max(duration, min(beat_end, following) - start), keys))
        voices.append((filled, stem))
    return voices


def _drum_staff(m21, staff, part: Part, end: int, meter) -> None:
    """The percussion staff's strokes: the hands' and the feet's voices, or the one that plays."""
    voices = drum_voices(part, meter) or [([], "up")]
    for number, (events, stem) in enumerate(voices, 1):
        voice = m21.stream.Voice(id=number) if len(voices) > 1 else staff
        _drum_voice(m21, voice, events, end, meter, stem)
        if voice is not staff:
            staff.insert(0, voice)


def _drum_voice(m21, container, events, end: int, meter, stem: str) -> None:
    """One drum voice's strokes and the rests between them, into a staff or a Voice."""
    quarter = Fraction(1, TICKS_PER_BEAT)
    now = 0
    for start, duration, keys in events:
        for rest, length in rests(now, start, meter):
            container.insert(float(rest * quarter), m21.note.Rest(quarterLength=float(length * quarter)))
        duration = min(duration, end - start)
        container.insert(float(start * quarter), _drum_element(m21, keys, float(duration * quarter), stem))
        now = start + duration
    for rest, length in rests(now, end, meter):
        container.insert(float(rest * quarter), m21.note.Rest(quarterLength=float(length * quarter)))


def build_score(piece: Piece):
    """The music21 Score of a piece (see the module's docstring for what is written)."""
    m21 = _music21()
    quarter = Fraction(1, TICKS_PER_BEAT)
    score = m21.stream.Score()
    score.insert(0, m21.metadata.Metadata())
    score.metadata.title = piece.title
    score.metadata.composer = f"memory-composer, seed {piece.seed}"
    home = _m21_key(m21, piece.key.label)
    keys = _keys(piece)
    bar = piece.meter.bar_ticks
    end = -(-snap(piece.end_tick) // bar) * bar  # whole bars
    chords = [(snap(c.tick), _numeral(m21, c, home)) for c in piece.chords]
    spellers: dict = {}
    first = True  # tempo, rehearsal marks and chord symbols go over the score's top staff
    for part in piece.parts:
        drums = part.role == "Drums"
        octave = part.program in OCTAVE_WRITTEN and not drums
        staves = [([], "percussion")] if drums else staves_of(part)
        made = []
        for number, (events, clef) in enumerate(staves):
            staff = m21.stream.PartStaff() if len(staves) > 1 else m21.stream.Part()
            staff.partName = part.track_name  # 'Melody (Flute)': two parts may share an instrument
            staff.partAbbreviation = part.role
            instrument = m21.instrument.UnpitchedPercussion() if drums else m21.instrument.Instrument()
            instrument.partName, instrument.midiProgram = part.instrument, part.program
            if octave:
                instrument.transposition = m21.interval.Interval("P-8")
            staff.insert(0, instrument)
            staff.insert(0, m21.meter.TimeSignature(str(piece.meter)))
            for tick, label in ([] if drums else keys):  # a percussion staff has no key
                staff.insert(float(tick * quarter), _m21_key(m21, label))
            if first:
                _marks(m21, piece, staff)
            if drums:
                _drum_staff(m21, staff, part, end, piece.meter)
            now = 0
            for start, duration, pitches in events:
                for rest, length in rests(now, start, piece.meter):
                    staff.insert(float(rest * quarter), m21.note.Rest(quarterLength=float(length * quarter)))
                duration = min(duration, end - start)
                length = float(duration * quarter)
                label = next(lab for t, lab in reversed(keys) if t <= start)
                index = next((i for i in range(len(chords) - 1, -1, -1) if chords[i][0] <= start), None)
                if (label, index) not in spellers:  # music21 is slow to realise scales: once each
                    spellers[label, index] = _speller(m21, _m21_key(m21, label),
                                                      None if index is None else chords[index][1])
                spell = spellers[label, index]
                if len(pitches) == 1:
                    element = m21.note.Note(spell(pitches[0]), quarterLength=length)
                else:
                    element = m21.chord.Chord([spell(p) for p in pitches], quarterLength=length)
                staff.insert(float(start * quarter), element)
                now = start + duration
            for rest, length in ([] if drums else rests(now, end, piece.meter)):
                staff.insert(float(rest * quarter), m21.note.Rest(quarterLength=float(length * quarter)))
            if clef is not None:
                staff.insert(0, {"treble": m21.clef.TrebleClef, "bass": m21.clef.BassClef,
                                 "percussion": m21.clef.PercussionClef}[clef]())
            else:
                notes = staff.flatten().notes.stream()
                written = m21.stream.Stream([n.transpose(12) for n in notes]) if octave else notes
                staff.insert(0, m21.clef.bestClef(written, allowTreble8vb=not octave))
            staff.atSoundingPitch = True  # music21 writes the transposing staves at written pitch
            staff.makeNotation(inPlace=True)
            for measure in staff.getElementsByClass(m21.stream.Measure) if drums else ():
                for number_, voice in enumerate(measure.voices, 1):
                    voice.id = number_  # MusicXML counts voices from 1 (makeNotation numbers from 0)
            if first:
                # Chord symbols go in after the bars are made: one that falls inside a held note
                # would otherwise count as an overlap and split the whole staff into two voices.
                measures = list(staff.getElementsByClass(m21.stream.Measure))
                for marker in piece.chords:
                    tick = snap(marker.tick)
                    if tick < end:
                        measures[tick // bar].insert(float((tick % bar) * quarter),
                                                     _chord_symbol(m21, marker, home))
                first = False
            made.append(staff)
        for staff in made:
            score.insert(0, staff)
        if len(made) > 1:
            score.insert(0, m21.layout.StaffGroup(made, name=part.track_name,
                                                  abbreviation=part.role, symbol="brace"))
    score.atSoundingPitch = True
    return score


def write_musicxml(piece: Piece, path) -> Path:
    score = build_score(piece)
    with atomic_path(path, suffix=".musicxml") as tmp:
        score.write("musicxml", fp=str(tmp))
    return Path(path)


def find_musescore() -> str | None:
    for name in MUSESCORE:
        found = shutil.which(name)
        if found:
            return found
    return None


def engrave(musicxml, out_path) -> Path:
    """MuseScore 3, headless, engraves a MusicXML file to PDF (or PNG: one file per page,
    name-1.png, ... as MuseScore names them)."""
    program = find_musescore()
    if program is None:
        raise ComposerError(INSTALL_MUSESCORE)
    out_path = Path(out_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with atomic_path(out_path, suffix=out_path.suffix) as tmp:
        try:
            done = subprocess.run([program, "-o", str(tmp), str(musicxml)], env=env,
                                  capture_output=True, text=True, timeout=ENGRAVE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ComposerError(f"{out_path}: MuseScore did not finish in {ENGRAVE_TIMEOUT} s") from None
        if done.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ComposerError(f"{out_path}: MuseScore could not engrave the score ({detail[0]})")
    return out_path


def write_score(piece: Piece, path) -> Path:
    """--score: MusicXML for .musicxml/.xml, a PDF engraved by MuseScore 3 for .pdf."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ComposerError(f"{path}: a score is written as .musicxml (or .xml) or engraved as .pdf")
    if suffix != ".pdf":
        return write_musicxml(piece, path)
    if find_musescore() is None:
        raise ComposerError(INSTALL_MUSESCORE)
    with tempfile.TemporaryDirectory(prefix="memory-composer-score-") as folder:
        # Written straight into the private folder: MuseScore must read it now, while the PDF's
        # own write may be held back until the command's other files are done (atomic.together).
        xml = Path(folder) / f"{path.stem}.musicxml"
        build_score(piece).write("musicxml", fp=str(xml))
        return engrave(xml, path)

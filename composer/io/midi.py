"""Piece -> standard MIDI file (type 1) through mido: one conductor track, then one track per part.

Layered like the rest of the edge: events per track -> mido.MidiTrack -> mido.MidiFile -> bytes,
so each level can be tested alone (round trips go through BytesIO)."""

from __future__ import annotations

import io
import os
import stat
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path

import mido
import numpy as np

from composer.errors import RenderError
from composer.io.atomic import write_bytes
from composer.piece import TICKS_PER_BEAT, Part, Piece

# Order of simultaneous events: a note stops before anything else at its tick, so a pitch re-struck
# at the same tick never overlaps itself and a pedal lift at a chord change precedes the new chord.
CHARSET = "utf-8"

LOOP_START, LOOP_END = "loopStart", "loopEnd"

_ORDER = {"note_off": 0, "control_change": 1, "program_change": 2, "note_on": 3}


def _delta_track(events, name: str, end_tick: int) -> mido.MidiTrack:
    """(tick, order, message) triples -> a track with delta times, ending with end_of_track."""
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=name, time=0))
    now = 0
    for tick, _, message in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, end_tick - now)))
    return track


def key_signatures(piece: Piece) -> list:
    """The piece's key signature and each section's in another key, so a DAW or notation program
    shows them. Every track carries them: DAWs read the conductor track's, and MuseScore reads each
    part's own (given the conductor's only, it guessed one key for the whole score from the
    notes, and a piece modulating from G minor to Bb phrygian and G major was engraved in six
    flats throughout)."""
    keys = [(0, piece.key)] + list(piece.modulations)
    return [(tick, 0, mido.MetaMessage("key_signature", key=key.midi_key_signature))
            for tick, key in keys]


def conductor_track(piece: Piece) -> mido.MidiTrack:
    events = [
        (0, 0, mido.MetaMessage("time_signature", numerator=piece.meter.numerator,
                                denominator=piece.meter.denominator,
                                clocks_per_click=24 * 4 // piece.meter.denominator * (3 if piece.meter.compound else 1),
                                notated_32nd_notes_per_beat=8)),
    ] + key_signatures(piece)
    texts = [f"title: {piece.title}", f"key: {piece.key.label}", f"tempo: {piece.bpm:g}",
             f"seed: {piece.seed}"] + [f"{name}: {value}" for name, value in piece.metadata]
    events += [(0, 1, mido.MetaMessage("text", text=t)) for t in texts]
    events += [(t.tick, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(t.bpm)))
               for t in piece.tempos]
    events += [(m.tick, 2, mido.MetaMessage("marker", text=m.text)) for m in piece.sections]
    if dict(piece.metadata).get("loop"):
        # A loop's points as game engines read them (the loopStart/loopEnd markers GZDoom and
        # others honour): the whole piece. The renderer reads them too (composer.io.loop).
        events += [(0, 1, mido.MetaMessage("marker", text=LOOP_START)),
                   (piece.end_tick, 3, mido.MetaMessage("marker", text=LOOP_END))]
    return _delta_track(events, piece.title, piece.end_tick)


def part_track(part: Part, end_tick: int, extra=()) -> mido.MidiTrack:
    ch = part.channel
    events = list(extra) + [(0, _ORDER["program_change"], mido.Message("program_change", channel=ch,
                                                          program=part.program))]
    events += [(c.tick, _ORDER["control_change"], mido.Message("control_change", channel=ch,
                                                                control=c.number, value=c.value))
               for c in part.controls]
    for n in part.notes:
        events.append((n.start, _ORDER["note_on"], mido.Message("note_on", channel=ch, note=n.pitch,
                                                                velocity=n.velocity)))
        events.append((n.end, _ORDER["note_off"], mido.Message("note_off", channel=ch, note=n.pitch,
                                                               velocity=0)))
    return _delta_track(events, part.track_name, end_tick)


def _chord_texts(piece: Piece) -> list:
    """Chord symbols as text events in the Harmony track ('chord: V7'), for DAWs and checkers."""
    return [(c.tick, _ORDER["control_change"], mido.MetaMessage("text", text=f"chord: {c.text}"))
            for c in piece.chords]


def _cadence_texts(piece: Piece) -> list:
    """Each phrase's cadence bar as a text event in the Melody track ('cadence: half')."""
    return [(c.tick, _ORDER["control_change"], mido.MetaMessage("text", text=f"cadence: {c.text}"))
            for c in piece.cadences]


def piece_to_midi(piece: Piece) -> mido.MidiFile:
    # Titles and moment names may be any language: text events are written as UTF-8, which
    # DAWs read; ASCII text is unchanged by the choice.
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT, charset=CHARSET)
    midi.tracks.append(conductor_track(piece))
    texts = {"Harmony": _chord_texts(piece), "Melody": _cadence_texts(piece)}
    keys = key_signatures(piece)
    midi.tracks.extend(part_track(p, piece.end_tick, keys + texts.get(p.role, []))
                       for p in piece.parts)
    return midi


def midi_bytes(piece: Piece) -> bytes:
    buffer = io.BytesIO()
    piece_to_midi(piece).save(file=buffer)
    return buffer.getvalue()


def write_midi(piece: Piece, path) -> None:
    write_bytes(path, midi_bytes(piece))


# -- Reading: any standard MIDI file, as a user may hand us (untrusted bytes)
#
# Our own reader instead of mido's: mido keeps one Python object per message (a file of 10^6 notes
# took 1.6 GB), and trusts what a file claims. This one keeps channel messages in flat numpy columns
# (16 bytes per message) and refuses, in one line, what would make playing it loop, divide by zero
# or run without end. Standard MIDI File 1.0 (MMA, 1996): chunks, variable-length delta times,
# running status, meta events (FF), sysex (F0/F7).

# Data bytes that follow each channel-message status (high nibble).
_DATA_BYTES = {0x8: 2, 0x9: 2, 0xA: 2, 0xB: 2, 0xC: 1, 0xD: 1, 0xE: 2}
# Meta events the schedule reads: tempo, time signature, key signature, marker, track name, text.
META_TEMPO, META_METER, META_KEY, META_MARKER, META_END = 0x51, 0x58, 0x59, 0x06, 0x2F
META_NAME = 0x03  # a track's name: kept per track, to name stems after their parts
MAX_KEY_ACCIDENTALS = 7  # a key signature has -7 (7 flats) .. 7 sharps
MIN_BAR_TICKS = 1  # a time signature whose bar is shorter than a tick cannot be counted in bars
# Messages kept from one file (channel messages and the metas the schedule reads). 10^6 notes are
# 2*10^6 messages (~150 MB read); a 64 MB file of 3-byte messages would be 2*10^7 (over 1.5 GB).
MAX_MESSAGES = 2_500_000


class MidiReadError(ValueError):
    """What is wrong with a MIDI file, in words (the caller adds the file's name)."""


@dataclass(frozen=True)
class RawMidi:
    """A standard MIDI file's content: header, channel messages in playing order, and metas."""

    format: int
    ticks_per_beat: int
    tracks: int
    # One row per channel message, sorted by (tick, track, position in track):
    ticks: np.ndarray  # int64
    status: np.ndarray  # uint8: 0x80..0xEF
    data1: np.ndarray  # uint8
    data2: np.ndarray  # uint8
    metas: tuple  # (tick, meta type, payload bytes), in the same order
    end_tick: int  # the last tick of the longest track (end_of_track included)
    track: np.ndarray | None = None  # uint32: the track of each channel message
    names: tuple[str, ...] = ()  # each track's name ('' where it has none)


def _vlq(data: bytes, at: int, end: int) -> tuple[int, int]:
    """A variable-length quantity (at most 4 bytes) at `at` -> (value, next position)."""
    value = 0
    for count in range(4):
        if at >= end:
            raise MidiReadError("truncated (a number runs past the end of its track)")
        byte = data[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at
    raise MidiReadError("a variable-length number longer than 4 bytes")


def _too_many() -> MidiReadError:
    return MidiReadError(f"more than {MAX_MESSAGES:,} messages (10^6 notes take 2,000,000)")


def _read_track(data: bytes, at: int, end: int, number: int, columns, metas: list) -> int:
    """Append one track's messages to the columns and metas; return its last tick."""
    ticks, tracks, status_col, d1, d2 = columns
    tick, running = 0, 0
    while at < end:
        delta, at = _vlq(data, at, end)
        tick += delta
        if at >= end:
            raise MidiReadError(f"track {number}: truncated event at tick {tick}")
        status = data[at]
        if status & 0x80:
            at += 1
        elif running:
            status = running  # running status: the data byte belongs to the previous status
        else:
            raise MidiReadError(f"track {number}: data byte without a status at tick {tick}")
        if status == 0xFF:
            if at >= end:
                raise MidiReadError(f"track {number}: truncated meta event at tick {tick}")
            kind = data[at]
            length, at = _vlq(data, at + 1, end)
            if at + length > end:
                raise MidiReadError(f"track {number}: meta event at tick {tick} runs past the track")
            if kind in (META_TEMPO, META_METER, META_KEY, META_MARKER, META_NAME):
                if len(ticks) + len(metas) >= MAX_MESSAGES:
                    raise _too_many()
                metas.append((tick, number, len(metas), kind, data[at: at + length]))
            at += length
            if kind == META_END:
                break
            continue
        if status in (0xF0, 0xF7):  # sysex: skipped (General MIDI SoundFonts do not use it)
            length, at = _vlq(data, at, end)
            at += length
            running = 0
            continue
        if status >= 0xF0:
            raise MidiReadError(f"track {number}: system message {status:#04x} at tick {tick} "
                                "does not belong in a MIDI file")
        count = _DATA_BYTES[status >> 4]
        if at + count > end:
            raise MidiReadError(f"track {number}: truncated message at tick {tick}")
        first = data[at]
        second = data[at + 1] if count == 2 else 0
        if (first | second) & 0x80:
            raise MidiReadError(f"track {number}: data byte above 127 at tick {tick}")
        at += count
        running = status
        if len(ticks) + len(metas) >= MAX_MESSAGES:
            raise _too_many()
        ticks.append(tick)
        tracks.append(number)
        status_col.append(status)
        d1.append(first)
        d2.append(second)
    return tick


def parse_midi(data: bytes) -> RawMidi:
    """Bytes of a standard MIDI file -> RawMidi, or MidiReadError saying what is wrong."""
    if len(data) < 14 or data[:4] != b"MThd":
        raise MidiReadError("not a standard MIDI file (no MThd header)")
    size = struct.unpack(">I", data[4:8])[0]
    if size < 6 or 8 + size > len(data):
        raise MidiReadError("truncated header")
    fmt, declared, division = struct.unpack(">HHH", data[8:14])
    if fmt == 2:
        raise MidiReadError("type-2 MIDI (independent sequences) is not supported; save it as type 0 or 1")
    if fmt > 2:
        raise MidiReadError(f"unknown MIDI file type {fmt}")
    if division & 0x8000:
        raise MidiReadError("SMPTE time division is not supported; save it with ticks per beat")
    if division == 0:
        raise MidiReadError("ticks per beat is 0")
    columns = (array("q"), array("I"), array("B"), array("B"), array("B"))
    metas: list = []
    at, number, end_tick = 8 + size, 0, 0
    while at + 8 <= len(data):
        kind, length = data[at: at + 4], struct.unpack(">I", data[at + 4: at + 8])[0]
        start, end = at + 8, min(at + 8 + length, len(data))  # a short last chunk is read as far as it goes
        if kind == b"MTrk":
            end_tick = max(end_tick, _read_track(data, start, end, number, columns, metas))
            number += 1
        at = at + 8 + length  # unknown chunks are skipped, as the standard asks
    if number == 0:
        raise MidiReadError("no tracks")
    ticks, tracks, status, d1, d2 = (np.frombuffer(c, dtype=c.typecode) if len(c) else
                                     np.zeros(0, c.typecode) for c in columns)
    order = np.lexsort((np.arange(len(ticks)), tracks, ticks))  # stable: track, then file order
    metas.sort(key=lambda m: m[:3])
    names = [""] * number
    for _, track, _, kind, payload in reversed(metas):  # a track's first name wins
        if kind == META_NAME:
            names[track] = payload.decode(CHARSET, errors="replace").strip()
    return RawMidi(fmt, division, number, ticks[order].astype(np.int64), status[order], d1[order],
                   d2[order], tuple((t, k, p) for t, _, _, k, p in metas if k != META_NAME), end_tick,
                   tracks[order], tuple(names))


def check_metas(raw: RawMidi) -> None:
    """Refuse meta events that cannot be played: tempo 0, a bar under a tick, a key beyond 7."""
    for tick, kind, payload in raw.metas:
        if kind == META_TEMPO:
            if len(payload) != 3:
                raise MidiReadError(f"tempo event at tick {tick} is {len(payload)} bytes, not 3")
            if int.from_bytes(payload, "big") == 0:
                raise MidiReadError(f"tempo 0 at tick {tick} (no time between beats)")
        elif kind == META_METER:
            if len(payload) < 2:
                raise MidiReadError(f"time signature at tick {tick} is truncated")
            numerator, exponent = payload[0], payload[1]
            if numerator == 0:
                raise MidiReadError(f"time signature {numerator}/{2 ** min(exponent, 64)} at tick {tick}: "
                                    "no beats in a bar")
            if exponent > 6 or raw.ticks_per_beat * 4 * numerator >> exponent < MIN_BAR_TICKS:
                raise MidiReadError(f"time signature {numerator}/2^{exponent} at tick {tick}: "
                                    "a bar shorter than the file's time resolution")
        elif kind == META_KEY:
            if len(payload) != 2:
                raise MidiReadError(f"key signature at tick {tick} is {len(payload)} bytes, not 2")
            accidentals = payload[0] - 256 if payload[0] > 127 else payload[0]
            if abs(accidentals) > MAX_KEY_ACCIDENTALS or payload[1] > 1:
                what = f"{abs(accidentals)} {'sharps' if accidentals > 0 else 'flats'}"
                raise MidiReadError(f"key signature at tick {tick} has {what}"
                                    + ("" if payload[1] <= 1 else f" and mode {payload[1]}")
                                    + f" (a key has at most {MAX_KEY_ACCIDENTALS})")


def read_midi_bytes(data: bytes) -> RawMidi:
    raw = parse_midi(data)
    check_metas(raw)
    return raw


# A standard MIDI file of an hour of dense music is a few MB (10^6 notes: 8 MB); past this, a file
# is not music we could play within the length limit anyway, and reading it whole would be the harm.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_midi_file(path) -> RawMidi:
    """A MIDI file from disk, or a RenderError naming it. Only regular files are read: a FIFO or a
    device would block or never end. Opened non-blocking so even the check cannot hang."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise RenderError(f"{path}: no such file") from None
    except OSError as error:
        raise RenderError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RenderError(f"{path}: is a folder, not a MIDI file")
        if not stat.S_ISREG(info.st_mode):
            raise RenderError(f"{path}: not a regular file (a pipe or device); give a MIDI file")
        if info.st_size > MAX_FILE_BYTES:
            raise RenderError(f"{path}: {info.st_size // 2**20} MB is too large for a MIDI file "
                              f"(at most {MAX_FILE_BYTES // 2**20} MB)")
        with os.fdopen(fd, "rb", closefd=True) as stream:
            fd = -1
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise RenderError(f"{path}: cannot read ({error.strerror or error})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        return read_midi_bytes(data)
    except MidiReadError as error:
        raise RenderError(f"{path}: {error}") from None


def midi_bytes_of(midi: mido.MidiFile) -> bytes:
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()

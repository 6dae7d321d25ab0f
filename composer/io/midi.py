"""Piece -> standard MIDI file (type 1) through mido: one conductor track, then one track per part.

Layered like the rest of the edge: events per track -> mido.MidiTrack -> mido.MidiFile -> bytes,
so each level can be tested alone (round trips go through BytesIO)."""

from __future__ import annotations

import io

import mido

from composer.io.atomic import write_bytes
from composer.piece import TICKS_PER_BEAT, Part, Piece

# Order of simultaneous events: a note stops before anything else at its tick, so a pitch re-struck
# at the same tick never overlaps itself and a pedal lift at a chord change precedes the new chord.
CHARSET = "utf-8"

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


def conductor_track(piece: Piece) -> mido.MidiTrack:
    events = [
        (0, 0, mido.MetaMessage("time_signature", numerator=piece.meter.numerator,
                                denominator=piece.meter.denominator,
                                clocks_per_click=24 * 4 // piece.meter.denominator * (3 if piece.meter.compound else 1),
                                notated_32nd_notes_per_beat=8)),
        (0, 0, mido.MetaMessage("key_signature", key=piece.key.midi_key_signature)),
    ]
    texts = [f"title: {piece.title}", f"key: {piece.key.label}", f"tempo: {piece.bpm:g}",
             f"seed: {piece.seed}"] + [f"{name}: {value}" for name, value in piece.metadata]
    events += [(0, 1, mido.MetaMessage("text", text=t)) for t in texts]
    events += [(t.tick, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(t.bpm)))
               for t in piece.tempos]
    events += [(m.tick, 2, mido.MetaMessage("marker", text=m.text)) for m in piece.sections]
    # A section in another key carries its signature, so a DAW or notation program shows it.
    events += [(tick, 0, mido.MetaMessage("key_signature", key=key.midi_key_signature))
               for tick, key in piece.modulations]
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


def piece_to_midi(piece: Piece) -> mido.MidiFile:
    # Titles and moment names may be any language: text events are written as UTF-8, which
    # DAWs read; ASCII text is unchanged by the choice.
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT, charset=CHARSET)
    midi.tracks.append(conductor_track(piece))
    midi.tracks.extend(part_track(p, piece.end_tick, _chord_texts(piece) if p.role == "Harmony" else ())
                       for p in piece.parts)
    return midi


def midi_bytes(piece: Piece) -> bytes:
    buffer = io.BytesIO()
    piece_to_midi(piece).save(file=buffer)
    return buffer.getvalue()


def write_midi(piece: Piece, path) -> None:
    write_bytes(path, midi_bytes(piece))

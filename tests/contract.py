"""The MIDI contract of the foundation issue, checked on a file read back with mido.

Returns a list of violations (empty when the file keeps the contract), so a failing test shows
every problem at once."""

from __future__ import annotations

import io
from collections import defaultdict

import mido

ROLES = ("Melody", "Harmony", "Bass", "Texture", "Counter", "Timpani", "Drums")
DRUMS = 9


def read(data: bytes) -> mido.MidiFile:
    return mido.MidiFile(file=io.BytesIO(data), charset="utf-8")


def _abs(track):
    tick = 0
    for msg in track:
        tick += msg.time
        yield tick, msg


def violations(midi: mido.MidiFile) -> list[str]:
    out = []
    if midi.type != 1:
        out.append(f"type {midi.type}, want 1")
    if midi.ticks_per_beat < 480:
        out.append(f"{midi.ticks_per_beat} ticks per beat, want >= 480")
    conductor = midi.tracks[0]
    kinds = {m.type for m in conductor}
    for needed in ("set_tempo", "time_signature", "key_signature", "marker"):
        if needed not in kinds:
            out.append(f"conductor has no {needed}")
    if any(not m.is_meta for m in conductor):
        out.append("conductor holds channel messages")
    texts = [m.text for m in conductor if m.type == "text"]
    for prefix in ("title: ", "key: ", "tempo: ", "seed: ", "scene: ", "mood: "):
        if not any(t.startswith(prefix) for t in texts):
            out.append(f"conductor lacks text '{prefix.strip()}'")
    markers = [t for t, m in _abs(conductor) if m.type == "marker"]
    if markers and markers[0] != 0:
        out.append("first section marker is not at the start")

    roles, channels = [], {}
    for track in midi.tracks[1:]:
        name = next((m.name for m in track if m.type == "track_name"), "")
        role = name.split(" ")[0]
        if role not in ROLES:
            out.append(f"track '{name}' does not start with a role")
            continue
        roles.append(role)
        chans = {m.channel for m in track if not m.is_meta}
        if len(chans) != 1:
            out.append(f"{role}: channels {sorted(chans)}, want one")
            continue
        ch = chans.pop()
        if (ch == DRUMS) != (role == "Drums"):
            out.append(f"{role} on channel {ch + 1}")
        if ch in channels.values():
            out.append(f"{role} shares channel {ch + 1}")
        channels[role] = ch
        if sum(m.type == "program_change" for m in track) < 1:
            out.append(f"{role}: no program change")
        if track[-1].type != "end_of_track":
            out.append(f"{role}: no end_of_track")
        sounding: dict[int, int] = {}
        onsets = defaultdict(int)
        held = {}  # onset tick -> how many notes sound just after it (the chord a voice moves in)
        for tick, m in _abs(track):
            if m.type == "note_on" and m.velocity > 0:
                if m.note in sounding:
                    out.append(f"{role}: pitch {m.note} struck at {tick} while sounding")
                sounding[m.note] = tick
                onsets[tick] += 1
                held[tick] = len(sounding)
            elif m.type in ("note_off", "note_on"):
                if m.note not in sounding:
                    out.append(f"{role}: note_off {m.note} at {tick} without note_on")
                sounding.pop(m.note, None)
        if sounding:
            out.append(f"{role}: {len(sounding)} notes never end")
        if role == "Harmony":
            # a chord's notes start together, three at least; one voice may then move on its own
            # inside the chord it holds (a suspension's resolution, a moving inner voice); the
            # last chord may be rolled, its voices entering one by one within a beat
            thin = [t for t, n in onsets.items() if n < 3 and held[t] < 3]
            last = max(onsets, default=0)
            thin = [t for t in thin if not (last - t <= midi.ticks_per_beat and held[last] >= 3)]
            if thin:
                out.append(f"Harmony: {len(thin)} onsets with fewer than 3 notes (first at {thin[0]})")
    if roles[:3] != ["Melody", "Harmony", "Bass"]:
        out.append(f"parts {roles}, want Melody, Harmony, Bass first")
    if len(roles) != len(set(roles)):
        out.append(f"repeated roles {roles}")
    return out

"""Tiny hand-built MIDI files whose craft figures are known, written the way the project writes
them (README, "The MIDI contract"): a conductor track, then one named track per part."""

from __future__ import annotations

import mido

TPB = 480
ROLES_PROGRAM = {"Melody": 73, "Harmony": 48, "Bass": 32, "Counter": 60}  # flute, strings, bass, horn


def build(parts: dict[str, list[tuple[float, float, int]]], meter=(4, 4), key="C major",
          bpm: float = 120, markers=(), programs=None, tpb: int = TPB, texts=(),
          mood: str | None = None) -> mido.MidiFile:
    """parts: role -> [(onset in beats, length in beats, pitch)]; markers: [(beat, text)];
    texts: [(beat, text)] text events in the first part's track (e.g. 'chord: V (D major)')."""
    midi = mido.MidiFile(type=1, ticks_per_beat=tpb)
    conductor = [(0, mido.MetaMessage("time_signature", numerator=meter[0], denominator=meter[1])),
                 (0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))),
                 (0, mido.MetaMessage("text", text=f"key: {key}"))]
    conductor += [(round(b * tpb), mido.MetaMessage("marker", text=t)) for b, t in markers]
    if mood:
        conductor.append((0, mido.MetaMessage("text", text=f"mood: {mood}")))
    midi.tracks.append(_track("Conductor", conductor))
    for channel, (role, notes) in enumerate(parts.items()):
        program = (programs or {}).get(role, ROLES_PROGRAM.get(role, 0))
        events = [(0, mido.Message("program_change", channel=channel, program=program))]
        if channel == 0:
            events += [(round(b * tpb), mido.MetaMessage("text", text=t)) for b, t in texts]
        for onset, length, pitch in notes:
            events.append((round(onset * tpb), mido.Message("note_on", channel=channel, note=pitch,
                                                             velocity=80)))
            events.append((round((onset + length) * tpb) - 0.5,
                           mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        midi.tracks.append(_track(f"{role} (test)", events))
    return midi


def _track(name, events) -> mido.MidiTrack:
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name)])
    now = 0
    for tick, message in sorted(events, key=lambda e: e[0]):
        tick = int(tick + 0.5) if isinstance(tick, float) else tick
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track

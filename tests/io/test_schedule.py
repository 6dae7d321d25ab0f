import mido
import pytest
from audio_fixtures import TPB, band_midi, single_note_midi

from composer.errors import RenderError
from composer.io.schedule import Event, schedule_midi

RATE = 44100


def conductor(*messages) -> mido.MidiTrack:
    return mido.MidiTrack(list(messages))


def test_frames_follow_tempo_changes_exactly():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(conductor(mido.MetaMessage("set_tempo", tempo=500_000),  # 120 BPM
                                 mido.MetaMessage("set_tempo", tempo=1_000_000, time=2 * TPB)))  # 60
    midi.tracks.append(mido.MidiTrack([
        mido.Message("note_on", note=60, velocity=90, time=3 * TPB),  # 1 s + 1 s
        mido.Message("note_off", note=60, time=TPB // 2),  # + 0.5 s
    ]))
    schedule = schedule_midi(midi, RATE)
    assert [(e.kind, e.frame) for e in schedule.events] == [("note_on", 2 * RATE),
                                                           ("note_off", int(2.5 * RATE))]
    assert schedule.end_frame == int(2.5 * RATE)
    assert schedule.tempos == ((0, 0, 500_000), (2 * TPB, RATE, 1_000_000))


def test_every_message_lands_where_mido_plays_it():
    midi = band_midi(bars=8, bpm=97, slow_down_at=5)
    schedule = schedule_midi(midi, RATE)
    mido_times, now = [], 0.0
    for message in midi:  # mido's own player timing (floating seconds)
        now += message.time
        if not message.is_meta:
            mido_times.append(now)
    assert len(mido_times) == len(schedule.events)
    for seconds, event in zip(mido_times, schedule.events):
        assert abs(event.frame - seconds * RATE) <= 1
    assert abs(schedule.end_frame - midi.length * RATE) <= 1
    frames = [e.frame for e in schedule.events]
    assert frames == sorted(frames)


def test_no_drift_over_a_long_piece_at_an_awkward_tempo():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(conductor(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(73.3))))
    notes = mido.MidiTrack()
    for _ in range(4000):  # 4000 beats, ~55 minutes
        notes.append(mido.Message("note_on", note=60, velocity=80, time=0))
        notes.append(mido.Message("note_off", note=60, time=TPB))
    midi.tracks.append(notes)
    schedule = schedule_midi(midi, 48000)
    tempo = mido.bpm2tempo(73.3)
    # exact: 4000 beats * tempo microseconds, in frames
    assert schedule.end_frame == round(4000 * tempo * 48000 / 1_000_000)


def test_program_changes_controllers_and_drums_are_kept_per_channel():
    schedule = schedule_midi(band_midi(bars=2), RATE)
    programs = {(e.channel, e.a) for e in schedule.events if e.kind == "program"}
    assert programs == {(0, 0), (1, 32), (2, 73), (9, 0)}
    controls = {(e.channel, e.a, e.b) for e in schedule.events if e.kind == "cc" and e.frame == 0}
    assert {(0, 91, 70), (0, 93, 40), (0, 11, 110), (0, 64, 127), (9, 91, 40)} <= controls
    assert any(e.kind == "cc" and e.a == 64 and e.b == 0 for e in schedule.events)
    drums = [e for e in schedule.events if e.channel == 9 and e.kind == "note_on"]
    assert {e.a for e in drums} == {36, 38, 42}


def test_note_on_with_velocity_zero_is_a_note_off_and_pitch_bend_is_kept():
    midi = mido.MidiFile(type=0, ticks_per_beat=TPB)
    midi.tracks.append(mido.MidiTrack([
        mido.Message("note_on", note=64, velocity=100),
        mido.Message("pitchwheel", pitch=-4096, time=10),
        mido.Message("note_on", note=64, velocity=0, time=10),
        mido.Message("sysex", data=(0x7E, 0x7F, 0x09, 0x01), time=0),
    ]))
    events = schedule_midi(midi, RATE).events
    assert [(e.kind, e.a) for e in events] == [("note_on", 64), ("pitch", -4096), ("note_off", 64)]


def test_simultaneous_events_keep_track_then_file_order():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(mido.MidiTrack([mido.Message("note_on", channel=1, note=50, velocity=1, time=TPB),
                                       mido.Message("note_off", channel=1, note=50, time=0)]))
    midi.tracks.append(mido.MidiTrack([mido.Message("note_on", channel=2, note=51, velocity=1, time=TPB)]))
    events = schedule_midi(midi, RATE).events
    assert [(e.channel, e.kind) for e in events] == [(1, "note_on"), (1, "note_off"), (2, "note_on")]


def test_type_2_files_are_refused_in_words():
    midi = mido.MidiFile(type=2, ticks_per_beat=TPB)
    for pitch in (60, 62):
        midi.tracks.append(mido.MidiTrack([mido.Message("note_on", note=pitch, velocity=80),
                                           mido.Message("note_off", note=pitch, time=TPB)]))
    with pytest.raises(RenderError, match="type-2 MIDI .* save it as type 0 or 1"):
        schedule_midi(midi, RATE)


def test_bars_and_sections_for_the_status_line():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(conductor(
        mido.MetaMessage("time_signature", numerator=4, denominator=4),
        mido.MetaMessage("marker", text="verse"),
        # two bars of 4/4, then 3/4 from bar 3; the chorus starts at bar 4
        mido.MetaMessage("time_signature", numerator=3, denominator=4, time=8 * TPB),
        mido.MetaMessage("marker", text="chorus", time=3 * TPB),
        mido.MetaMessage("end_of_track", time=6 * TPB),
    ))
    schedule = schedule_midi(midi, RATE)
    half_beat = RATE // 4  # 120 BPM
    assert schedule.section_at(0) == "verse"
    assert schedule.bar_at(0) == 1
    assert schedule.bar_at(4 * 2 * half_beat - 1) == 1
    assert schedule.bar_at(8 * 2 * half_beat) == 3
    assert schedule.bar_at(11 * 2 * half_beat) == 4
    assert schedule.section_at(11 * 2 * half_beat) == "chorus"
    assert schedule.section_at(11 * 2 * half_beat - 1) == "verse"
    assert schedule.bar_frames() == tuple(b * RATE // 2 for b in (0, 4, 8, 11, 14, 17))


def test_a_meter_change_in_the_middle_of_a_bar_starts_a_new_bar():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(conductor(
        mido.MetaMessage("time_signature", numerator=4, denominator=4),
        mido.MetaMessage("time_signature", numerator=6, denominator=8, time=2 * TPB),
        mido.MetaMessage("end_of_track", time=6 * TPB),
    ))
    schedule = schedule_midi(midi, RATE)
    assert schedule.bar_frames() == (0, RATE, RATE + int(1.5 * RATE / 2 * 2), 4 * RATE)


def test_files_without_tempo_or_meter_default_to_120_bpm_four_four():
    schedule = schedule_midi(single_note_midi(beats=2, rest_beats=6), RATE)
    assert schedule.end_frame == 4 * RATE
    assert schedule.bar_frames() == (0, 2 * RATE, 4 * RATE)
    assert schedule.section_at(RATE) == ""


@pytest.mark.parametrize("rate", [8000, 22050, 96000])
def test_schedules_at_other_rates_scale(rate):
    schedule = schedule_midi(band_midi(bars=2), rate)
    assert schedule.end_frame == 4 * rate  # two bars of 4/4 at 120 BPM
    assert schedule.events[0] == Event(0, "program", 0, 0, 0)


def test_ending_at_the_bar_line_after_the_last_note():
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    midi.tracks.append(conductor(mido.MetaMessage("time_signature", numerator=3, denominator=4)))
    midi.tracks.append(mido.MidiTrack([
        mido.Message("note_on", note=60, velocity=80),
        mido.Message("note_off", note=60, time=4 * TPB),  # into the second bar of 3/4
        mido.MetaMessage("end_of_track", time=8 * TPB),  # a long silence after it
    ]))
    schedule = schedule_midi(midi, RATE)
    assert schedule.end_frame == 6 * RATE  # 12 beats at 120 BPM
    joined = schedule.ending_at_bar_line()
    assert joined.end_frame == 3 * RATE  # the end of bar 2 (6 beats)
    assert joined.events == schedule.events
    # a last note ending exactly on a bar line ends the schedule there
    on_the_line = schedule_midi(single_note_midi(beats=4, rest_beats=4), RATE).ending_at_bar_line()
    assert on_the_line.end_frame == 2 * RATE

"""Reading MIDI files a user hands us: whatever the bytes, a RawMidi or one MidiReadError, quickly;
what would loop, divide by zero or play for days is refused by name."""

import os
import struct
import subprocess
import sys
import time

import numpy as np
import pytest
from audio_fixtures import END, HOSTILE, NOTE, ROOT, band_midi, meta, smf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.errors import RenderError
from composer.io.midi import MAX_KEY_ACCIDENTALS, MidiReadError, midi_bytes_of, read_midi_bytes, read_midi_file
from composer.io.schedule import schedule_bytes, schedule_midi
from composer.limits import MAX_SECONDS

RATE = 44100


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_refused_in_words(name):
    data, words = HOSTILE[name]
    with pytest.raises(MidiReadError, match=words):
        schedule_bytes(data, RATE, MAX_SECONDS)


def test_the_length_limit_is_the_one_composing_keeps_and_can_be_raised():
    hour_and_a_bit = smf(meta(0x51, struct.pack(">I", 15_000_000)[1:]) + b"\x00\x90\x3c\x64"
                         + b"\x83\x60\x80\x3c\x00" * 245 + END)  # 245 quarters of 15 s
    with pytest.raises(MidiReadError, match="1:01:15, over the 1:00:00 limit"):
        schedule_bytes(hour_and_a_bit, RATE, MAX_SECONDS)
    assert schedule_bytes(hour_and_a_bit, RATE, 2 * MAX_SECONDS).seconds == pytest.approx(245 * 15)


def test_what_mido_writes_reads_back_event_for_event():
    midi = band_midi(bars=3, slow_down_at=2)
    raw = read_midi_bytes(midi_bytes_of(midi))
    channel = [m for track in midi.tracks for m in track if not m.is_meta]
    assert raw.tracks == len(midi.tracks) and raw.ticks_per_beat == midi.ticks_per_beat
    assert len(raw.ticks) == len(channel)
    assert sorted(raw.status.tolist()) == sorted(m.bytes()[0] for m in channel)
    assert np.all(np.diff(raw.ticks) >= 0)


def test_running_status_and_sysex_are_read():
    body = (b"\x00\xf0\x05\x7e\x7f\x09\x01\xf7"  # GM reset sysex: skipped
            b"\x00\x90\x3c\x64" b"\x00\x40\x64"  # a second note on by running status
            b"\x60\x3c\x00" b"\x00\x40\x00" + END)
    events = schedule_bytes(smf(body), RATE).events
    assert [(e.kind, e.a) for e in events] == [("note_on", 60), ("note_on", 64), ("note_off", 60),
                                               ("note_off", 64)]
    assert events[2].frame == RATE * 96 // 480 // 2  # 96 ticks at 120 BPM


def test_a_pitch_bend_keeps_its_sign():
    body = b"\x00\xe0\x00\x00" b"\x00\xe0\x7f\x7f" b"\x00\xe0\x00\x40" + END
    assert [e.a for e in schedule_bytes(smf(body), RATE).events] == [-8192, 8191, 0]


def test_key_signatures_up_to_seven_are_fine():
    for accidentals in range(-MAX_KEY_ACCIDENTALS, MAX_KEY_ACCIDENTALS + 1):
        read_midi_bytes(smf(meta(0x59, bytes([accidentals & 0xFF, 1])) + NOTE + END))


def test_the_schedule_is_compact():
    """10^6 notes once took 1.6 GB (a Python object per message): a row is 16 bytes now."""
    schedule = schedule_midi(band_midi(bars=4), RATE)
    assert schedule.table.itemsize <= 16


VALID = midi_bytes_of(band_midi(bars=2, slow_down_at=1))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=200),
    st.builds(lambda body, fmt, division: smf(body, fmt=fmt, division=division),
              st.binary(max_size=200), st.integers(0, 3), st.integers(0, 0xFFFF)),
    # a valid file with a few bytes changed: reaches deep into tracks and meta events
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=6)
    .map(lambda edits: bytes(_edited(VALID, edits))),
))
def test_any_bytes_give_a_schedule_or_one_error_quickly(data):
    started = time.monotonic()
    try:
        schedule = schedule_bytes(data, RATE, MAX_SECONDS)
    except MidiReadError as error:
        assert "\n" not in str(error)
    else:
        assert schedule.seconds <= MAX_SECONDS
        list(schedule.bar_frames())  # the status line's bar count terminates
    assert time.monotonic() - started < 1.0


def _edited(data: bytes, edits) -> bytearray:
    out = bytearray(data)
    for at, value in edits:
        out[at] = value
    return out


def test_a_fifo_or_a_folder_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.mid"
    os.mkfifo(fifo)
    with pytest.raises(RenderError, match="pipe.mid: not a regular file"):
        read_midi_file(fifo)
    with pytest.raises(RenderError, match="is a folder"):
        read_midi_file(tmp_path)
    with pytest.raises(RenderError, match="no such file"):
        read_midi_file(tmp_path / "none.mid")


def test_many_notes_read_in_bounded_memory(tmp_path):
    """10^6 notes once took 1.6 GB to render (a Python object per message, ~800 bytes per event).
    Reading and scheduling now costs under 100 bytes per event above the interpreter's own memory
    (benchmarks/run.py measures the full 10^6-note render)."""
    rows = [bytes([1, 0x90, n, 80, 0, n, 0]) for n in range(40, 80)]  # delta, on, off (running status)
    path = tmp_path / "many.mid"
    path.write_bytes(smf(b"\x00\xc0\x00" + b"".join(rows) * 7_500 + END))  # 300,000 notes
    code = ("import resource\n"
            "from composer.io.midi import read_midi_file\nfrom composer.io.schedule import schedule_raw\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            f"s = schedule_raw(read_midi_file({str(path)!r}), 44100, 3600.0)\n"
            "print(len(s.table), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    events, grown = map(int, done.stdout.split())
    assert events == 600_001
    assert grown / events < 100


def test_a_file_of_metas_is_read_in_linear_time():
    """As many tempo changes, meters and markers as notes (each once cost a pass over the others)."""
    event = (meta(0x51, b"\x07\xa1\x20") + meta(0x58, b"\x03\x02\x18\x08") + meta(0x06, b"m")
             + b"\x00\x90\x3c\x40" + b"\x10\x80\x3c\x00")
    data = smf(event * 50_000 + END)
    started = time.monotonic()
    schedule = schedule_bytes(data, RATE, MAX_SECONDS)
    assert len(schedule.tempos) == len(schedule.markers) == 50_000
    schedule.bar_at(schedule.end_frame), schedule.section_at(schedule.end_frame)
    assert time.monotonic() - started < 5.0


def test_the_bar_count_is_arithmetic_and_agrees_with_counting():
    """The status line asks for the bar ten times a second: millions of tiny bars must not make it
    count them one by one, and the arithmetic must agree with counting where counting is possible."""
    changes = (meta(0x58, b"\x03\x02\x18\x08") + meta(0x58, b"\x05\x03\x18\x08", delta=b"\x83\x00")  # mid-bar
               + meta(0x58, b"\x02\x02\x18\x08", delta=b"\x8f\x00"))
    schedule = schedule_bytes(smf(changes + b"\x00\x90\x3c\x40" + b"\xbf\x7f\x80\x3c\x00" + END), RATE)
    for frame in range(0, schedule.end_frame, RATE // 7):
        assert schedule.bar_at(frame) == sum(1 for _ in schedule.bar_starts(schedule.tick_at(frame)))
    tiny = smf(meta(0x51, b"\x00\x00\x01") + meta(0x58, b"\x01\x06\x18\x08")  # 1/64 at 1 us per beat
               + b"\x00\x90\x3c\x40" + b"\xff\xff\xff\x7f\x80\x3c\x00"
               + b"\xff\xff\xff\x7f\x3c\x00" * 999 + END, division=0x7FFF)  # 9 s, 10^8 bars
    started = time.monotonic()
    many = schedule_bytes(tiny, RATE, MAX_SECONDS)
    assert many.bar_at(many.end_frame) > 10**8
    assert time.monotonic() - started < 1.0


def test_a_file_of_too_many_messages_is_refused(monkeypatch):
    """Memory follows the number of messages: past what any hour needs, a file is refused (shown
    with a small limit; the real one is 2.5 million)."""
    from composer.io import midi

    monkeypatch.setattr(midi, "MAX_MESSAGES", 1000)
    notes = smf(b"\x00\x90\x3c\x40" + b"\x01\x3c\x00" * 1000 + END)
    tempos = smf(meta(0x51, b"\x07\xa1\x20") * 1001 + END)
    for data in (notes, tempos):
        with pytest.raises(MidiReadError, match="more than 1,000 messages"):
            read_midi_bytes(data)
    read_midi_bytes(smf(b"\x00\x90\x3c\x40" + b"\x01\x3c\x00" * 999 + END))  # 1,000 exactly

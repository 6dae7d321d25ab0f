"""The limits every stage shares, each decided here once and imported where it is checked."""

# Tempo in felt pulses per minute: slower than 20 is no longer heard as a pulse, faster than 300
# as a blur (and every GM synth and DAW handles this span).
MIN_BPM, MAX_BPM = 20.0, 300.0

# The longest piece composed, rendered or played: an hour (scenes, and MIDI files read from outside).
MAX_SECONDS = 3600.0
# How long the final chord may ring past the last bar (a fermata, however slow the bar), so the
# longest file a piece makes lasts MAX_SECONDS + RING_SECONDS.
RING_SECONDS = 3.0

# Sample rates FluidSynth supports for rendering and playback.
SAMPLE_RATES = (8000, 96000)

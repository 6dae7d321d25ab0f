# memory-composer: `make demo` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system
DEMO_SCENE := scenes/beach.toml
# Debian packages for audio: the FluidSynth library, PortAudio, and a General MIDI SoundFont (MIT).
DEBIAN_PACKAGES := libfluidsynth3 libportaudio2 fluid-soundfont-gm
# MuseScore 3 engraves `compose --score x.pdf`; installed on its own so that a system without it
# still gets the audio packages (its tests are skipped, with the reason, where it is missing).
SCORE_PACKAGES := musescore3
# The benchmarks compare our renderer with FluidSynth's own command-line renderer.
BENCH_PACKAGES := fluidsynth
# Live playback is tested on a paced virtual sound card: a PulseAudio null sink that the tests start
# themselves (no sound card needed, none used), recorded through its monitor with parecord, reached
# by PortAudio through ALSA's pulse plugin.
TEST_PACKAGES := pulseaudio pulseaudio-utils libasound2-plugins

.PHONY: setup system demo test test-all bench clean

setup: $(STAMP) $(SYSTEM_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $@

# System libraries: installed with apt when we are root on Debian/Ubuntu; elsewhere we say what
# to install and carry on (compose works without them; render and play will explain themselves).
$(SYSTEM_STAMP): | $(VENV)/bin/python
	@$(MAKE) --no-print-directory system PACKAGES="$(DEBIAN_PACKAGES)"
	@$(MAKE) --no-print-directory system PACKAGES="$(SCORE_PACKAGES)"
	@touch $@

PACKAGES ?= $(DEBIAN_PACKAGES)
system:
	@missing=""; \
	for pkg in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  echo "apt-get could not install:$$missing (see README: render, play and PDF scores need them)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Audio and PDF scores need: sudo apt-get install$$missing"; \
	else \
	  echo "Audio needs FluidSynth, PortAudio and a General MIDI SoundFont:"; \
	  echo "  macOS: brew install fluid-synth (PortAudio ships in the sounddevice wheel)"; \
	  echo "  Fedora: sudo dnf install fluidsynth-libs portaudio fluid-soundfont-gm"; \
	  echo "  or drop any GM .sf2/.sf3 into soundfonts/ and point PATH at a FluidSynth library"; \
	fi

demo: setup
	@mkdir -p renders
	$(BIN)/memory-composer compose $(DEMO_SCENE) --out renders/beach.mid
	$(BIN)/memory-composer render renders/beach.mid --out renders/beach.wav

test: setup
	@$(MAKE) --no-print-directory system PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/python -m pytest -m "not slow" -n auto

test-all: setup
	@$(MAKE) --no-print-directory system PACKAGES="$(TEST_PACKAGES)"
	$(BIN)/python -m pytest -n auto

bench: setup
	@$(MAKE) --no-print-directory system PACKAGES="$(BENCH_PACKAGES) $(TEST_PACKAGES)"
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/musicality.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info

import os
import sys
import tempfile
from pathlib import Path

# Tests never write into the working tree: hypothesis keeps its example database elsewhere.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "memory-composer-hypothesis"))

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("project", database=None, deadline=None, print_blob=False)
settings.load_profile("project")

# Shared test helpers (contract.py, builders.py) live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def musescore():
    """MuseScore 3, for the tests that engrave. `make test` installs it, so in CI its absence is a
    failure; elsewhere the tests skip, saying what to install."""
    from composer.io.score import find_musescore

    found = find_musescore()
    if found is None:
        message = "MuseScore 3 is not installed (apt-get install musescore3; make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def font():
    """The General MIDI SoundFont the audio tests render with (found as a user's would be)."""
    from composer.io.soundfont import find_soundfont

    return find_soundfont(None, environ={})

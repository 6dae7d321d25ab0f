"""Finding a SoundFont: the user's choice first, then the project's folder, then the usual system places.

Nothing here is loaded or parsed; the synthesizer does that. A missing font is a RenderError whose one
line says what to install or where to drop a file."""

from __future__ import annotations

import os
import re
from pathlib import Path

from composer.errors import RenderError

ENV_VAR = "MEMORY_COMPOSER_SOUNDFONT"
SUFFIXES = (".sf2", ".sf3")

# The project's own folder, next to the package (a source checkout) and in the working directory.
PROJECT_DIRS = (Path(__file__).resolve().parents[2] / "soundfonts", Path("soundfonts"))

# Where packagers put SoundFonts: Debian/Ubuntu (fluid-soundfont-gm, timgm6mb-soundfont,
# musescore-general-soundfont), Fedora/Arch (/usr/share/soundfonts), Homebrew on Apple silicon
# and Intel, and the per-user data folder some players use.
SYSTEM_DIRS = (
    Path("/usr/share/sounds/sf2"),
    Path("/usr/share/sounds/sf3"),
    Path("/usr/share/soundfonts"),
    Path("/usr/local/share/soundfonts"),
    Path("/opt/homebrew/share/soundfonts"),
    Path("~/.local/share/soundfonts").expanduser(),
)

# Known General MIDI fonts, best first. A GM font has every program the arranger picks and a drum
# kit on bank 128; FluidR3 is MIT-licensed, complete and loads in ~0.1 s as .sf2 (research note
# audio-stack.md); the .sf3 variants are compressed and take 1-3 s to load, so they come later.
PREFERRED = (
    "fluidr3_gm.sf2",
    "default-gm.sf2",
    "generaluser gs v1.471.sf2",
    "musescore_general.sf2",
    "timgm6mb.sf2",
    "fluidr3_gm.sf3",
    "fluidr3mono_gm.sf3",
    "musescore_general.sf3",
    "musescore_general_lite.sf3",
)

# Words in a file name that mark a font as General MIDI when it is not one of the known ones
# ("..._GM.sf2", "GeneralUser GS.sf2", "gm-piano-set.sf2").
GM_MARKERS = ("gm", "general")

INSTALL_HINT = ("install one (Debian: apt-get install fluid-soundfont-gm) or drop a General MIDI "
                f".sf2 into {PROJECT_DIRS[0]}, or pass --soundfont / set {ENV_VAR}")


def search_dirs() -> tuple[Path, ...]:
    """Folders searched after --soundfont and the environment variable, in order."""
    extra = []
    if prefix := os.environ.get("HOMEBREW_PREFIX"):
        extra.append(Path(prefix) / "share" / "soundfonts")
    return PROJECT_DIRS + SYSTEM_DIRS + tuple(extra)


def rank(path: Path) -> tuple[int, int, str]:
    """Sort key inside one folder: known GM fonts in PREFERRED order, then other GM-looking names,
    then the rest; .sf2 before .sf3 (faster to load)."""
    name = path.name.lower()
    if name in PREFERRED:
        return (0, PREFERRED.index(name), name)
    words = re.split(r"[^a-z0-9]+", path.stem.lower())
    gm = any(word.startswith(marker) for word in words for marker in GM_MARKERS)
    return (1 if gm else 2, 0 if name.endswith(".sf2") else 1, name)


def fonts_in(folder: Path) -> list[Path]:
    """SoundFont files directly inside `folder`, best first; unreadable or absent folders are empty."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    fonts = [p for p in entries if p.suffix.lower() in SUFFIXES and p.is_file()]
    return sorted(fonts, key=rank)


def _chosen(path: Path, origin: str) -> Path:
    """A font the user named: a file is taken as is, a folder gives its best font."""
    path = path.expanduser()
    if path.is_dir():
        fonts = fonts_in(path)
        if not fonts:
            raise RenderError(f"{path} ({origin}): no .sf2 or .sf3 SoundFont in this folder")
        return fonts[0].resolve()
    if not path.is_file():
        raise RenderError(f"{path} ({origin}): no such SoundFont file")
    if path.suffix.lower() not in SUFFIXES:
        raise RenderError(f"{path} ({origin}): not a SoundFont (expected .sf2 or .sf3)")
    return path.resolve()


def find_soundfont(explicit=None, *, environ=None, dirs=None) -> Path:
    """The SoundFont to use: `explicit` (--soundfont), else $MEMORY_COMPOSER_SOUNDFONT, else the best
    font in the first folder of `dirs` (default: search_dirs()) that has one."""
    environ = os.environ if environ is None else environ
    if explicit:
        return _chosen(Path(explicit), "--soundfont")
    if environ.get(ENV_VAR):
        return _chosen(Path(environ[ENV_VAR]), ENV_VAR)
    for folder in search_dirs() if dirs is None else dirs:
        fonts = fonts_in(Path(folder))
        if fonts:
            return fonts[0].resolve()
    raise RenderError(f"no SoundFont found: {INSTALL_HINT}")

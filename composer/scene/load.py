"""Scene files in, validated `Scene` values out (the edge of the pipeline: the only file access).

Every mistake becomes one `SceneError` naming the file, the line, the field path (`moments[2].mood`,
1-based like "moment 2") and, for a near miss, what was probably meant. Checks that cost nothing run
before anything that could be slow: size before reading, nesting before tomllib recurses.
"""

from __future__ import annotations

import codecs
import datetime
import difflib
import math
import os
import re
import stat
import tomllib
from pathlib import Path

from composer.errors import SceneError
from composer.limits import MAX_BPM, MAX_SECONDS, MIN_BPM
from composer.scene import lengths, toml_lines
from composer.scene.instruments import resolve_instrument, suggest_instrument
from composer.scene.lexicon import suggest_mood
from composer.scene.model import (HIT_ALIASES, HIT_KINDS, NO_FIGURE, Hit, Length, Moment, Mood, Music, Scene,
                                  Setting, Tempo, UnknownWord)
from composer.scene.tempo_words import suggest_tempo
from composer.scene.text import normalise
from composer.theory import canonical_mode, parse_tonic, spell_tonic

# A scene is a few hundred bytes; a megabyte is already a mistake (or not a scene at all). Refusing
# before reading keeps a 10 MB junk file from costing anything.
MAX_FILE_BYTES = 1024 * 1024
# The format nests at most three levels ([[moments]] > mood > words); twenty is generous and
# stops tomllib's recursive parser long before Python's recursion limit.
MAX_DEPTH = 20
MAX_MOMENTS = 64
MAX_HITS = 64
MAX_WORDS = 32  # mood words in one list
MAX_TEXT = 200  # characters in a title, name, word or phrase

SEED_MAX = 2**31 - 1
METER_DENOMINATORS = (2, 4, 8, 16)
METER_MAX_NUMERATOR = 16

# The keys each table accepts (issue 2's format), in the order README documents them.
TOP_KEYS = ("title", "seed", "length", "mood", "setting", "tempo", "music", "moments", "hits")
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "": TOP_KEYS,
    "mood": ("words", "valence", "arousal"),
    "setting": ("place", "time", "weather", "season"),
    "tempo": ("bpm", "range", "hint"),
    "music": ("key", "mode", "meter", "lead", "loop", "figure"),
    "moments": ("name", "length", "mood", "intensity"),
    "hits": ("at", "kind"),
}
# How each table is written, for messages ("it belongs in [music]").
TABLE_NAMES = {"": "the top level", "mood": "[mood]", "setting": "[setting]", "tempo": "[tempo]",
               "music": "[music]", "moments": "[[moments]]",
               "hits": "[[hits]]"}

# Words people reach for that spelling distance cannot map to the format's own key.
SYNONYMS: dict[str, dict[str, str]] = {
    "": {"name": "title", "duration": "length", "time": "length", "feeling": "mood", "feelings": "mood",
         "emotion": "mood", "emotions": "mood", "place": "setting", "where": "setting",
         "location": "setting", "speed": "tempo", "pace": "tempo", "sections": "moments",
         "section": "moments", "parts": "moments", "scenes": "moments", "hit": "hits",
         "cues": "hits", "sync": "hits", "syncs": "hits", "hitpoints": "hits", "hit_points": "hits"},
    "mood": {"word": "words", "feelings": "words", "emotions": "words", "pleasantness": "valence",
             "energy": "arousal", "activation": "arousal"},
    "setting": {"location": "place", "where": "place", "when": "time", "hour": "time",
                "time_of_day": "time", "sky": "weather"},
    "tempo": {"speed": "bpm", "marking": "hint", "word": "hint", "between": "range"},
    "music": {"tonic": "key", "scale": "mode", "time_signature": "meter", "signature": "meter",
              "metre": "meter", "instrument": "lead", "melody": "lead", "voice": "lead"},
    "moments": {"title": "name", "duration": "length", "feeling": "mood", "energy": "intensity",
                "level": "intensity", "loudness": "intensity"},
    "hits": {"time": "at", "when": "at", "seconds": "at", "timecode": "at", "type": "kind",
             "what": "kind"},
}

# The mode names the format accepts (issue 2), in the order messages list them.
MODE_NAMES = ("major", "minor", "ionian", "dorian", "phrygian", "lydian", "mixolydian", "aeolian")
# Modes people ask for that the engine does not write, why, and the nearest one it does.
UNOFFERED_MODES = {
    "locrian": ("its tonic chord is diminished, so the piece could not come to rest on it", "phrygian"),
    "harmonic minor": ("minor already raises the seventh for its dominant", "minor"),
    "melodic minor": ("minor already raises the seventh for its dominant", "minor"),
    "natural minor": ("it is called aeolian here", "aeolian"),
}

# Note names in other conventions, offered as did-you-mean for [music] key.
TONIC_SPELLINGS = {"do": "C", "re": "D", "mi": "E", "fa": "F", "sol": "G", "so": "G", "la": "A",
                   "si": "B", "ti": "B", "h": "B"}

_BPM_TEXT = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:bpm)?$")
_RANGE_TEXT = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|—|to|\.\.)\s*(\d+(?:\.\d+)?)\s*(?:bpm)?$")
_METER_TEXT = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
# The commonest slips: text without quotes (mood = tender, length = 2:10, tempo = 72 bpm,
# mood = [tender, wistful]).
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=\s*([^#\n]*?)\s*(?:#.*)?$")
_BARE_TEXT = re.compile(r"^(?:[A-Za-z][^\[\]{}\"']*|\d+(?::\d+)+|\d+(?:\.\d+)?\s+[A-Za-z][A-Za-z ]*)$")
_BARE_LIST = re.compile(r"^\[([^\[\]{}\"']*)\]$")


def _tidy(text: str) -> str:
    """Titles and names keep their case; only the spacing is tidied."""
    return " ".join(text.split())


def load_scene(path: str | os.PathLike) -> Scene:
    """Read and validate a scene file. Raises SceneError (one line) for anything wrong with it."""
    display = os.fsdecode(os.fspath(path))
    file = Path(display)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise SceneError("no such file", file=display) from None
    except NotADirectoryError:
        raise SceneError("no such file (a part of the path is not a folder)", file=display) from None
    except OSError as error:
        raise SceneError(f"cannot read: {error.strerror or error}", file=display) from None
    if file.is_dir():
        raise SceneError("is a directory, not a scene file", file=display)
    if not stat.S_ISREG(info.st_mode):
        # A pipe or device would block or never end: a scene is a file.
        raise SceneError("is not a regular file (a pipe or a device); give a scene file", file=display)
    if info.st_size > MAX_FILE_BYTES:
        raise SceneError(f"is {_size(info.st_size)}, too big for a scene (at most {_size(MAX_FILE_BYTES)})",
                         file=display)
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded: a device or pipe may never end
    except PermissionError:
        raise SceneError("cannot read: permission denied", file=display) from None
    except OSError as error:
        raise SceneError(f"cannot read: {error.strerror or error}", file=display) from None
    if len(data) > MAX_FILE_BYTES:
        raise SceneError(f"is more than {_size(MAX_FILE_BYTES)}, too big for a scene", file=display)
    # The name goes into the MIDI file as text: bytes that are not UTF-8 become U+FFFD there.
    source = file.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return parse_scene(_decode(data, display), source, display=display)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _decode(data: bytes, display: str) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise SceneError("is UTF-32 text; save it as UTF-8", file=display)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SceneError("is UTF-16 text; save it as UTF-8", file=display)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SceneError("is a binary file, not a TOML scene", file=display, line=line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SceneError(f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8",
                         file=display, line=line) from None


def parse_scene(text: str, source: str, *, display: str | None = None) -> Scene:
    """Validate scene text. `source` is the file name kept in the Scene (and so in the MIDI);
    `display` is how messages name the file (the path as the user typed it; default: source)."""
    file = display or source
    if len(text) > MAX_FILE_BYTES:
        raise SceneError(f"is more than {_size(MAX_FILE_BYTES)}, too big for a scene", file=file)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SceneError("is empty; write a scene in it (see scenes/README.md)", file=file)
    try:
        keys = toml_lines.key_map(text, MAX_DEPTH)
    except toml_lines.TooDeep as error:
        raise SceneError(f"nested more than {MAX_DEPTH} levels deep; a scene needs three at most",
                         file=file, line=error.line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(error, text, keys, file) from None
    except RecursionError:  # a safety net: the nesting check above should have caught it
        raise SceneError("nested too deeply to read", file=file) from None
    except ValueError:  # Python reads no integer of more than 4300 digits
        raise SceneError("has a number too long to read (thousands of digits)", file=file) from None
    if not data:
        raise SceneError("has only comments; write a scene in it (see scenes/README.md)", file=file)
    return _Reader(file, text, keys).scene(data, source)


def _syntax_error(error: tomllib.TOMLDecodeError, text: str, keys: toml_lines.KeyMap,
                  file: str) -> SceneError:
    raw = str(error)
    where = _TOML_POSITION.search(raw)
    message = raw[:where.start()] if where else raw
    line = column = None
    if where and where.group(1):
        line, column = int(where.group(1)), int(where.group(2))
    elif where:  # "at end of document"
        line = text.rstrip("\n").count("\n") + 1
    if message.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate")) and keys.duplicates:
        path, at, first = keys.duplicates[0]
        return SceneError(f"'{_key_name(path)}' is set twice (first at line {first})", file=file,
                          line=at, field=_field(path))
    if message.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate")):
        return SceneError("a key or table is set twice", file=file, line=line)
    suggestion = None
    lines = text.split("\n")
    if line and line <= len(lines) and message.startswith(("Invalid value", "Expected newline")):
        suggestion = _quoted(lines[line - 1])
        if suggestion:
            message = "text must be in quotes"
    detail = message[:1].lower() + message[1:]
    if column and not suggestion:
        detail += f" (column {column})"
    return SceneError(f"not valid TOML: {detail}" if not suggestion else detail, file=file, line=line,
                      suggestion=suggestion)


def _quoted(line: str) -> str | None:
    """The line with its bare text value quoted, if that is what went wrong; else None."""
    m = _ASSIGNMENT.match(line)
    if not m:
        return None
    key, value = m.group(1).strip(), m.group(2)
    if value in ("true", "false", "inf", "nan") or not value:
        return None
    if _BARE_TEXT.match(value):
        return f'{key} = "{value}"'
    items = _BARE_LIST.match(value)
    if items:
        words = [w.strip() for w in items.group(1).split(",") if w.strip()]
        if words and all(_BARE_TEXT.match(w) for w in words):
            return f"{key} = [" + ", ".join(f'"{w}"' for w in words) + "]"
    return None


def _key_name(path: tuple) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def _field(path: tuple) -> str:
    """("moments", 1, "mood") -> "moments[2].mood" (counted from 1, like the default names)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


class _Reader:
    """Walks the parsed dict once, building model values; `fail` raises with file, line and field."""

    def __init__(self, file: str, text: str, keys: toml_lines.KeyMap):
        self.file = file
        self.lines = text.split("\n")
        self.keys = keys
        self.written: dict[str, str] = {}  # each mood word as the user wrote it, to find its line

    # -- reporting -----------------------------------------------------------------------------
    def fail(self, path: tuple, message: str, suggestion: str | None = None,
             line: int | None = None) -> SceneError:
        return SceneError(message, file=self.file, line=line or self.keys.line_of(path),
                          field=_field(path) or None, suggestion=suggestion)

    def line_of_text(self, path: tuple, needle: str) -> int | None:
        """The line holding a quoted value, searched from its key's line to the next statement
        (a word in a multi-line list is reported on its own line)."""
        start = self.keys.line_of(path)
        if start is None:
            return None
        following = [n for n in self.keys.statement_lines if n > start]
        end = following[0] if following else len(self.lines) + 1
        for number in range(start, end):
            if needle in self.lines[number - 1]:
                return number
        return start

    def check_keys(self, table: dict, allowed_in: str, path: tuple) -> None:
        allowed = TABLE_KEYS[allowed_in]
        for key in table:
            if key in allowed:
                continue
            where = TABLE_NAMES[allowed_in]
            low = normalise(key).replace(" ", "_")
            if low in allowed:
                raise self.fail(path + (key,), f"unknown key '{key}' in {where}; keys are lower case",
                                suggestion=low)
            suggestion = SYNONYMS[allowed_in].get(low)
            if suggestion is None:
                close = difflib.get_close_matches(low, allowed, n=1, cutoff=0.6)
                suggestion = close[0] if close else None
            if suggestion is None:
                homes = [TABLE_NAMES[t] for t, ks in TABLE_KEYS.items() if low in ks and t != allowed_in]
                if homes:
                    raise self.fail(path + (key,), f"'{key}' does not go in {where}; it belongs in "
                                    + " or ".join(homes))
            raise self.fail(path + (key,), f"unknown key '{key}' in {where}; known keys: "
                            + ", ".join(allowed), suggestion=suggestion)

    # -- basic values --------------------------------------------------------------------------
    def text(self, value: object, path: tuple, what: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"must be {what}, not {_type_name(value)}")
        if not value.strip():
            raise self.fail(path, "is empty; leave it out or write " + what)
        if len(value) > MAX_TEXT:
            raise self.fail(path, f"is {len(value)} characters long; at most {MAX_TEXT}")
        return value

    def number(self, value: object, path: tuple, lo: float, hi: float, what: str = "a number") -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, f"must be {what} from {lo:g} to {hi:g}, not {_type_name(value)}")
        if not math.isfinite(value):
            raise self.fail(path, f"must be a finite number from {lo:g} to {hi:g}, not {value}")
        if not lo <= value <= hi:
            raise self.fail(path, f"{value:g} is out of range; use {lo:g} to {hi:g}")
        return float(value)

    def table(self, value: object, path: tuple, how: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be {how}, not {_type_name(value)}")
        return value

    # -- the scene -----------------------------------------------------------------------------
    def scene(self, data: dict, source: str) -> Scene:
        self.check_keys(data, "", ())
        title = _tidy(self.text(data["title"], ("title",), "text")) if "title" in data \
            else Path(source).stem or "untitled"
        seed = None
        if "seed" in data:
            value = data["seed"]
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(("seed",), f"must be a whole number from 0 to {SEED_MAX}, "
                                f"not {_type_name(value) if not isinstance(value, float) else value}")
            if not 0 <= value <= SEED_MAX:
                raise self.fail(("seed",), f"{value} is out of range; use 0 to {SEED_MAX}")
            seed = value
        length = self.length(data["length"], ("length",)) if "length" in data else None
        mood = self.mood(data["mood"], ("mood",)) if "mood" in data else Mood()
        setting = self.setting(data["setting"], ("setting",)) if "setting" in data else Setting()
        tempo = self.tempo(data["tempo"], ("tempo",)) if "tempo" in data else Tempo()
        music = self.music(data["music"], ("music",)) if "music" in data else Music()
        moments = self.moments(data["moments"], ("moments",), length) if "moments" in data else ()
        hits = self.hits(data["hits"], ("hits",), length, moments) if "hits" in data else ()
        return Scene(title=title, source=source, seed=seed, length=length, mood=mood, setting=setting,
                     tempo=tempo, music=music, moments=moments, hits=hits)

    def length(self, value: object, path: tuple) -> Length:
        try:
            return lengths.parse_length(value)
        except lengths.LengthProblem as problem:
            if isinstance(value, (dict, list, bool, datetime.date, datetime.time)):
                raise self.fail(path, f"{problem.message}, not {_type_name(value)}") from None
            raise self.fail(path, problem.message, suggestion=problem.suggestion) from None

    def mood(self, value: object, path: tuple) -> Mood:
        if isinstance(value, dict):
            self.check_keys(value, "mood", path)
            words = self.words(value["words"], path + ("words",)) if "words" in value else ()
            valence = self.number(value["valence"], path + ("valence",), -1, 1) \
                if "valence" in value else None
            arousal = self.number(value["arousal"], path + ("arousal",), -1, 1) \
                if "arousal" in value else None
            return self.made_mood(path + ("words",), words, valence, arousal)
        if isinstance(value, (list, str)):
            return self.made_mood(path, self.words(value, path))
        raise self.fail(path, 'must be a list of words (["tender", "wistful"]) or a table with '
                        f"words, valence, arousal; not {_type_name(value)}")

    def words(self, value: object, path: tuple) -> tuple[str, ...]:
        if isinstance(value, str):  # one word, or words separated by commas
            items: list = [part for part in value.split(",")] if value.strip() else [value]
        elif isinstance(value, list):
            items = value
        else:
            raise self.fail(path, f'must be a list of words like ["tender", "wistful"], not '
                            f"{_type_name(value)}")
        if len(items) > MAX_WORDS:
            raise self.fail(path, f"has {len(items)} words; at most {MAX_WORDS}")
        out: list[str] = []
        for item in items:
            if not isinstance(item, str):
                raise self.fail(path, f"every mood word must be text in quotes, not {_type_name(item)}")
            word = normalise(item)
            if not word:
                raise self.fail(path, "has an empty word")
            if len(word) > MAX_TEXT:
                raise self.fail(path, f"a word is {len(word)} characters long; at most {MAX_TEXT}")
            if word not in out:
                out.append(word)
                self.written[word] = item.strip()
        return tuple(out)

    def made_mood(self, path: tuple, words: tuple[str, ...], valence: float | None = None,
                  arousal: float | None = None) -> Mood:
        """The Mood, whose words the lexicon reads as it is made; an unknown one is refused here,
        on the line it was written."""
        try:
            return Mood(words=words, valence=valence, arousal=arousal)
        except UnknownWord as problem:
            raise self.fail(path, str(problem), suggestion=suggest_mood(problem.word),
                            line=self.line_of_text(path, self.written[problem.word])) from None

    def setting(self, value: object, path: tuple) -> Setting:
        # Places are not checked against the palettes here: an unknown place is a notice from the
        # feel stage (it falls back sensibly), not an error.
        if isinstance(value, str):
            return Setting(phrase=normalise(self.text(value, path, "a place and time, like \"beach at dusk\"")))
        table = self.table(value, path, 'a phrase like "beach at dusk" or a table with place, time, '
                                        "weather, season")
        self.check_keys(table, "setting", path)
        parts = {key: normalise(self.text(table[key], path + (key,), "text")) for key in table}
        return Setting(**parts)

    def bpm(self, value: object, path: tuple) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, f"must be beats per minute ({MIN_BPM:g} to {MAX_BPM:g}), "
                            f"not {_type_name(value)}")
        if not math.isfinite(value):
            raise self.fail(path, f"must be a finite number of beats per minute, not {value}")
        if value <= 0:
            raise self.fail(path, f"{value:g} beats per minute: a tempo must be positive "
                            f"({MIN_BPM:g} to {MAX_BPM:g})")
        if not MIN_BPM <= value <= MAX_BPM:
            raise self.fail(path, f"{value:g} beats per minute is out of range; use {MIN_BPM:g} to "
                            f"{MAX_BPM:g}")
        return float(value)

    def bpm_range(self, lo: object, hi: object, path: tuple) -> tuple[float, float]:
        low, high = self.bpm(lo, path), self.bpm(hi, path)
        if low > high:
            raise self.fail(path, f"the range runs backwards ({low:g} > {high:g}); slower first",
                            suggestion=f"{high:g}-{low:g}")
        return (low, high)

    def tempo_text(self, value: str, path: tuple) -> Tempo:
        """A tempo written as text: "72", "72 bpm", "60-80", or words ("slow", "andante")."""
        text = normalise(value)
        if not text:
            raise self.fail(path, 'is empty; write a number, a range like "60-80" or a word like "slow"')
        if m := _BPM_TEXT.match(text):
            return Tempo(bpm=self.bpm(float(m.group(1)), path))
        if m := _RANGE_TEXT.match(text):
            return Tempo(range=self.bpm_range(float(m.group(1)), float(m.group(2)), path))
        return Tempo(hint=self.hint(text, path))

    def hint(self, value: object, path: tuple) -> str:
        text = normalise(self.text(value, path, 'a tempo word like "slow" or "andante"'))
        try:
            window = Tempo(hint=text).window
        except UnknownWord as problem:
            raise self.fail(path, str(problem), suggestion=suggest_tempo(text)) from None
        if window[0] <= 0:
            raise self.fail(path, f"'{text}': a tempo must be positive ({MIN_BPM:g} to {MAX_BPM:g})")
        if window[0] < MIN_BPM or window[1] > MAX_BPM:
            raise self.fail(path, f"'{text}' is out of range; use {MIN_BPM:g} to {MAX_BPM:g} beats per minute")
        return text

    def tempo(self, value: object, path: tuple) -> Tempo:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Tempo(bpm=self.bpm(value, path))
        if isinstance(value, str):
            return self.tempo_text(value, path)
        table = self.table(value, path, 'a number (beats per minute), text ("slow", "60-80") or a table '
                                        "with bpm, range, hint")
        self.check_keys(table, "tempo", path)
        bpm = self.bpm(table["bpm"], path + ("bpm",)) if "bpm" in table else None
        span = None
        if "range" in table:
            rng = table["range"]
            if isinstance(rng, str):
                read = self.tempo_text(rng, path + ("range",))
                if read.range is None:
                    raise self.fail(path + ("range",), 'must be two tempos, like [60, 80] or "60-80"')
                span = read.range
            elif isinstance(rng, list) and len(rng) == 2:
                span = self.bpm_range(rng[0], rng[1], path + ("range",))
            else:
                raise self.fail(path + ("range",), "must be two tempos, slower first, like [60, 80]; "
                                f"not {_type_name(rng) if not isinstance(rng, list) else _count(len(rng), 'value')}")
        hint = self.hint(table["hint"], path + ("hint",)) if "hint" in table else None
        return Tempo(bpm=bpm, range=span, hint=hint)

    def music(self, value: object, path: tuple) -> Music:
        table = self.table(value, path, "a table ([music] with key, mode, meter, lead, loop, figure)")
        self.check_keys(table, "music", path)
        key = key_name = mode = meter = lead = None
        if "mode" in table:
            mode = self.mode(table["mode"], path + ("mode",))
        if "key" in table:
            key, key_mode = self.key(table["key"], path + ("key",))
            key_name = spell_tonic(str(table["key"]).split()[0])
            if key_mode is not None:
                if mode is not None and mode != key_mode:
                    raise self.fail(path + ("key",), f"key says {key_mode} but mode says {mode}; "
                                    "give the mode once")
                mode = key_mode
        if "meter" in table:
            meter = self.meter(table["meter"], path + ("meter",))
        if "lead" in table:
            name = self.text(table["lead"], path + ("lead",), 'an instrument name like "piano"')
            lead = resolve_instrument(name)
            if lead is None:
                raise self.fail(path + ("lead",), f"unknown instrument '{normalise(name)}'",
                                suggestion=suggest_instrument(name))
        loop = table.get("loop", False)
        if not isinstance(loop, bool):
            raise self.fail(path + ("loop",), f"loop is true or false, not {_type_name(loop)}")
        figure = None
        if "figure" in table:
            # Imported here: the melody package imports this one (a cycle at module level).
            from composer.melody.motif import FIGURES

            names = sorted(FIGURES) + [NO_FIGURE]
            figure = normalise(self.text(table["figure"], path + ("figure",), "a figure name"))
            if figure not in names:
                raise self.fail(path + ("figure",), f"unknown figure '{figure}'; one of "
                                + ", ".join(names))
        return Music(key=key, key_name=key_name, mode=mode, meter=meter, lead=lead, loop=loop,
                     figure=figure)

    def key(self, value: object, path: tuple) -> tuple[int, str | None]:
        """A tonic ("D", "F#", "Bb"), optionally with its mode ("D minor", "F# dorian")."""
        text = self.text(value, path, 'a note name like "D", "F#" or "Bb"')
        tonic_text, _, mode_text = text.strip().partition(" ")
        tonic = parse_tonic(tonic_text)
        if tonic is None:
            low = normalise(tonic_text)
            suggestion = TONIC_SPELLINGS.get(low)
            if suggestion is None and low.endswith("m") and parse_tonic(low[:-1]) is not None:
                suggestion = f"{tonic_text[:-1]} minor"
            raise self.fail(path, f"'{text.strip()}' is not a note name; use A to G with # or b",
                            suggestion=suggestion)
        return tonic, (self.mode(mode_text, path) if mode_text.strip() else None)

    def mode(self, value: object, path: tuple) -> str:
        text = self.text(value, path, "a mode name like \"dorian\"")
        mode = canonical_mode(text)
        if mode is None:
            name = normalise(text)
            if name in UNOFFERED_MODES:
                reason, instead = UNOFFERED_MODES[name]
                raise self.fail(path, f"mode '{name}' is not offered: {reason}", suggestion=instead)
            close = difflib.get_close_matches(name, MODE_NAMES, n=1, cutoff=0.75)
            raise self.fail(path, f"unknown mode '{name}'; modes: " + ", ".join(MODE_NAMES),
                            suggestion=close[0] if close else None)
        return mode

    def meter(self, value: object, path: tuple) -> tuple[int, int]:
        text = self.text(value, path, 'a time signature like "3/4" or "6/8"')
        m = _METER_TEXT.match(text.strip())
        if m is None:
            raise self.fail(path, f"'{text.strip()}' is not a time signature; write it like \"3/4\" or \"6/8\"")
        numerator, denominator = int(m.group(1)), int(m.group(2))
        if denominator not in METER_DENOMINATORS:
            raise self.fail(path, f"{numerator}/{denominator}: the lower number must be 2, 4, 8 or 16")
        if not 1 <= numerator <= METER_MAX_NUMERATOR:
            raise self.fail(path, f"{numerator}/{denominator}: the upper number must be 1 to "
                            f"{METER_MAX_NUMERATOR}")
        return (numerator, denominator)

    def moments(self, value: object, path: tuple, length: Length | None) -> tuple[Moment, ...]:
        if isinstance(value, dict):
            raise self.fail(path, "write each moment as [[moments]] (double brackets), one after another")
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list of [[moments]] tables, not {_type_name(value)}")
        if not value:
            raise self.fail(path, "is empty; leave it out or add [[moments]] tables")
        if len(value) > MAX_MOMENTS:
            raise self.fail(path, f"has {len(value)} moments; at most {MAX_MOMENTS}")
        out = []
        for i, item in enumerate(value):
            here = path + (i,)
            table = self.table(item, here, "a table with name, length, mood, intensity")
            self.check_keys(table, "moments", here)
            name = _tidy(self.text(table["name"], here + ("name",), "text")) if "name" in table \
                else f"moment {i + 1}"
            out.append(Moment(
                name=name,
                length=self.length(table["length"], here + ("length",)) if "length" in table else None,
                mood=self.mood(table["mood"], here + ("mood",)) if "mood" in table else None,
                intensity=self.number(table["intensity"], here + ("intensity",), 0, 1)
                if "intensity" in table else None,
            ))
        if length is not None and length.bars is not None and length.bars < lengths.MIN_BARS * len(out):
            raise self.fail(path, f"{len(out)} moments of {lengths.MIN_BARS} bars or more cannot fit "
                            f"in {length.bars} bars; give the piece at least "
                            f"{lengths.MIN_BARS * len(out)} bars or fewer moments")
        if length is None:
            # Without a length of its own the piece lasts as long as its moments together.
            seconds = sum(m.length.seconds for m in out if m.length and m.length.seconds is not None)
            bars = sum(m.length.bars for m in out if m.length and m.length.bars is not None)
            if seconds > MAX_SECONDS:
                raise self.fail(path, f"the moments together last {lengths.clock(seconds)}; "
                                "at most 60 minutes")
            if bars > lengths.MAX_BARS:
                raise self.fail(path, f"the moments together are {bars} bars long; "
                                f"at most {lengths.MAX_BARS}")
        return tuple(out)

    def hits(self, value: object, path: tuple, length: Length | None,
             moments: tuple[Moment, ...]) -> tuple[Hit, ...]:
        """[[hits]]: each a time (`at`) and what the music does there (`kind`), returned in time
        order. Times past the asked length, or two hits at one time, are refused here; hits too
        close for a bar between them are the plan's to refuse (the bar's length is its tempo)."""
        if isinstance(value, dict):
            raise self.fail(path, "write each hit as [[hits]] (double brackets), one after another")
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list of [[hits]] tables, not {_type_name(value)}")
        if not value:
            raise self.fail(path, "is empty; leave it out or add [[hits]] tables")
        if len(value) > MAX_HITS:
            raise self.fail(path, f"has {len(value)} hits; at most {MAX_HITS}")
        seconds = length.seconds if length is not None else None
        if length is None and moments and all(m.length and m.length.seconds for m in moments):
            seconds = sum(m.length.seconds for m in moments)
        out: list[Hit] = []
        for i, item in enumerate(value):
            here = path + (i,)
            table = self.table(item, here, 'a table with at (seconds or "m:ss.s") and kind')
            self.check_keys(table, "hits", here)
            for key in ("at", "kind"):
                if key not in table:
                    raise self.fail(here, f"needs '{key}': " + (
                        'the time, in seconds or "m:ss.s"' if key == "at"
                        else "what happens there: " + ", ".join(HIT_KINDS)))
            try:
                at = lengths.parse_time(table["at"])
            except lengths.LengthProblem as problem:
                raise self.fail(here + ("at",), problem.message) from None
            if seconds is not None and at >= seconds:
                raise self.fail(here + ("at",), f"{lengths.clock_tenths(at)} is not before the piece's "
                                f"end ({lengths.clock_tenths(seconds)}); a hit must fall inside it")
            kind = normalise(self.text(table["kind"], here + ("kind",), "a kind: " + ", ".join(HIT_KINDS)))
            kind = HIT_ALIASES.get(kind, kind)
            if kind not in HIT_KINDS:
                close = difflib.get_close_matches(kind, HIT_KINDS + tuple(HIT_ALIASES), n=1, cutoff=0.6)
                raise self.fail(here + ("kind",), f"unknown kind '{kind}'; kinds: " + ", ".join(HIT_KINDS),
                                suggestion=close[0] if close else None)
            same = next((h for h in out if abs(h.at - at) < 1e-6), None)
            if same is not None:
                raise self.fail(here + ("at",), f"{lengths.clock_tenths(at)} is also hits[{same.number}]'s "
                                "time; one hit per moment (give it one kind)")
            out.append(Hit(at=at, kind=kind, number=i + 1))
        return tuple(sorted(out, key=lambda h: h.at))

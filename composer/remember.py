"""A free-text memory -> a scene, by the same lexicons the scene files use (rules, no ML).

"We lay on the warm sand at dusk, waves rolling in, content and a little wistful" gives mood words
(with their modifiers and negations: "not happy"), a setting (place, time of day, weather, season),
tempo words ("slow", "andante", "72 bpm") and a length ("3 minutes", "1:30"), written out as a
TOML scene the user can edit and compose again."""

from __future__ import annotations

import math
import re
import unicodedata

import tomli_w

from composer.errors import SceneError
from composer.scene.lengths import clock
from composer.scene.load import MAX_WORDS
from composer.scene.lexicon import lookup_mood, words_in
from composer.scene.settings import INDEX, parse_setting
from composer.scene.tempo_words import TEMPO_WORDS, parse_tempo_text

LOOKS_FOR = ("feeling words (tender, wistful, not happy, a little lonely ...), a place (beach, forest, "
             "city street ...), a time of day (dawn, dusk, late night ...), weather (rain, snow, fog ...) "
             "or a tempo (slow, andante, 72 bpm)")
_LENGTH = re.compile(r"\b(\d{1,2}):([0-5]\d)\b|"
                     r"\b(\d+(?:\.\d+)?)\s*(hours?|hrs?|minutes?|mins?|seconds?|secs?|bars?)\b")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}
_BPM = re.compile(r"\b(\d{2,3})\s*(?:bpm|beats per minute)\b")
TITLE_WORDS = 8
TITLE_CHARS = 80
COMMENT_CHARS = 300
_DEFAULT_MINUTE = 60.0


# In prose many tempo words are ordinary words ("we danced", "calm water", "racing down the road");
# only words that speak of speed itself, or Italian markings, are taken as a tempo.
_SPEED = re.compile(r"slow|fast|pace|tempo|heart|quick|brisk|hurried|unhurried|leisurely|lento|largo|"
                    r"larghetto|adagi|andant|moderato|allegr|vivac|presto|grave")


def _tempo(text: str) -> str | None:
    """A tempo phrase in the text: an explicit 'N bpm', else the longest speed word found."""
    found = _BPM.search(text)
    if found and parse_tempo_text(found.group(1)):
        return found.group(1)
    words = [w for w in TEMPO_WORDS if _SPEED.search(w) and re.search(rf"\b{re.escape(w)}\b", text)]
    return max(words, key=len) if words else None


def _length(text: str) -> str | None:
    found = _LENGTH.search(text)
    if not found:
        return None
    if found.group(1):
        return f"{int(found.group(1))}:{found.group(2)}"
    amount, unit = float(found.group(3)), found.group(4)
    if not math.isfinite(amount):
        # A number too big to count with: written as asked, and the scene's limits say so.
        return f"{found.group(3)} {'bars' if unit.startswith('bar') else 'minutes'}"
    if unit.startswith("bar"):
        return f"{int(amount)} bars"
    seconds = int(amount * _UNIT_SECONDS[unit[0]])
    # An hour or more stays h:mm:ss, so "10 hours" is refused by the one-hour limit, not dropped.
    return clock(seconds) if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"


def _title(text: str) -> str:
    """The first clause, up to a few words: "We lay on the warm sand at dusk"."""
    clause = re.split(r"[,.;:!?\n]", text.strip(), maxsplit=1)[0]
    words = re.findall(r"[\w'’-]+", clause)
    title = " ".join(words[:TITLE_WORDS])[:TITLE_CHARS].strip()
    return (title[:1].upper() + title[1:]) if title else "A memory"


def _comment(text: str) -> str:
    """The sentence as one comment line: no line breaks or control characters (TOML allows none
    in a comment), long text cut short."""
    flat = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())
    return flat if len(flat) <= COMMENT_CHARS else flat[:COMMENT_CHARS] + " …"


def scene_toml(text: str) -> str:
    """The scene understood from `text`, as TOML; SceneError when nothing is recognisable."""
    lowered = " ".join(text.lower().split())
    setting = parse_setting(lowered)
    # A word that names the setting ("warm breeze", "storm") describes the place, not the feeling.
    moods = [w for w in words_in(lowered) if w not in INDEX]
    # A clause that is nothing but a feeling ("..., calm, andante") is one, even where the word
    # is too ambiguous in running prose for words_in to take it.
    for clause in re.split(r"[,;.!?]| and ", lowered):
        clause = clause.strip()
        if clause and clause not in moods and clause not in INDEX and lookup_mood(clause):
            moods.append(clause)
    tempo = _tempo(lowered)
    length = _length(lowered)
    fields = {k: getattr(setting, k) for k in ("place", "time", "weather", "season")}
    if not moods and not tempo and not any(fields.values()):
        raise SceneError(f"nothing I recognise in the text; I look for {LOOKS_FOR}", file="<text>")
    scene: dict = {"title": _title(text)}
    if length:
        scene["length"] = length
    if moods:
        # Each word once, and no more than a scene holds (a page of text names many feelings).
        scene["mood"] = list(dict.fromkeys(moods))[:MAX_WORDS]
    if tempo:
        scene["tempo"] = tempo
    if any(fields.values()):
        scene["setting"] = {k: v for k, v in fields.items() if v}
    # Written by a TOML library: any text the user typed is quoted and escaped correctly.
    return f"# Understood from: {_comment(text)}\n" + tomli_w.dumps(scene)

"""Where things are in a TOML text: tomllib returns plain dicts with no positions, so the loader
finds the line of a key itself, to point the user at the exact line of a mistake.

One linear pass over the text (regular-expression jumps, no recursion) does three things:
  - refuses absurd nesting (arrays, inline tables, dotted keys) before tomllib recurses into it
    or spends quadratic time on it;
  - finds the lines that start a statement (outside strings and brackets);
  - maps each key path to the line that sets it, e.g. ("moments", 1, "mood") -> 14, where the
    integer is the 0-based index of a [[moments]] table; and notes keys set twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

# What can change the scanner's state: string openers, comments, brackets, line ends.
_TOKEN = re.compile(r'"""|\'\'\'|["\'#\[\]{}\n]')
_BASIC_REST = re.compile(r'(?:[^"\\\n]|\\.)*"')
_ML_BASIC_REST = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)

# A key: bare, "basic" or 'literal', dotted with optional spaces around the dots.
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
_KEY = rf'{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*'
_KEY_PARTS = re.compile(_KEY_PART)
_AOT_HEADER = re.compile(rf'\s*\[\[\s*({_KEY})\s*\]\]')
_TABLE_HEADER = re.compile(rf'\s*\[\s*({_KEY})\s*\]')
_KEY_LINE = re.compile(rf'\s*({_KEY})\s*=')
# A dotted key is nesting too, and tomllib keeps a flag per prefix of it (quadratic in its length):
# find any chain of more than the limit of dots in the masked code (strings are "" there) before
# parsing. The look-behind starts each attempt at the beginning of a word, so a long run of letters
# is scanned once, not once per letter.
_PART_DOT = r'(?:(?<![A-Za-z0-9_-])(?>[A-Za-z0-9_-]+|"")[ \t]*\.[ \t]*)'


class TooDeep(Exception):
    """Arrays or inline tables nested deeper than the limit."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass
class KeyMap:
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> line (1-based)
    duplicates: list[tuple[tuple, int, int]] = field(default_factory=list)  # (path, line, first line)
    statement_lines: tuple[int, ...] = ()

    def line_of(self, path: tuple) -> int | None:
        """The line of the path, else of its nearest enclosing key (a value inside an inline table
        or a multi-line array is reported at the line of the key that holds it)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _scan(text: str, max_depth: int) -> tuple[list[int], str]:
    """(offsets where each statement line starts, the code with strings masked).

    A statement line starts outside strings, arrays and inline tables. The masked code has each
    string replaced by "" (plus the newlines it spanned, so line numbers still hold) and comments
    dropped: what is left is structure only. Raises TooDeep at the first bracket nested deeper
    than max_depth. Stops quietly at an unterminated string: tomllib then reports that syntax
    error with its position.
    """
    starts = [0]
    code: list[str] = []
    depth = 0
    pos = copied = 0
    n = len(text)
    while pos < n:
        match = _TOKEN.search(text, pos)
        if match is None:
            break
        token, pos = match.group(), match.end()
        if token == "\n":
            if depth == 0:
                starts.append(pos)
            continue
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise TooDeep(_line_at(text, match.start()))
            continue
        if token in "]}":
            depth = max(0, depth - 1)
            continue
        code.append(text[copied:match.start()])
        if token == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
            placeholder = ""
        elif token == '"':
            rest = _BASIC_REST.match(text, pos)
            if rest is None:
                return starts, "".join(code)
            pos = rest.end()
            placeholder = '""'
        elif token == "'":
            end = text.find("'", pos)
            if end < 0 or "\n" in text[pos:end]:
                return starts, "".join(code)
            pos = end + 1
            placeholder = '""'
        elif token == '"""':
            rest = _ML_BASIC_REST.match(text, pos)
            if rest is None:
                return starts, "".join(code)
            pos = rest.end()
            while pos < n and text[pos] == '"' and pos - rest.end() < 2:
                pos += 1
            placeholder = '""' + "\n" * text.count("\n", match.start(), pos)
        else:  # '''
            end = text.find("'''", pos)
            if end < 0:
                return starts, "".join(code)
            pos = end + 3
            while pos < n and text[pos] == "'" and pos - end - 3 < 2:
                pos += 1
            placeholder = '""' + "\n" * text.count("\n", match.start(), pos)
        code.append(placeholder)
        copied = pos
    code.append(text[copied:])
    return starts, "".join(code)


def _key_parts(key_text: str) -> list[str]:
    parts = []
    for raw in _KEY_PARTS.findall(key_text):
        if raw[0] == '"':
            try:
                raw = tomllib.loads(f"k = {raw}")["k"]
            except tomllib.TOMLDecodeError:
                raw = raw[1:-1]
        elif raw[0] == "'":
            raw = raw[1:-1]
        parts.append(raw)
    return parts


def key_map(text: str, max_depth: int) -> KeyMap:
    """Map every key path to its line. Array-of-tables entries get their 0-based index.

    Raises TooDeep for brackets or dotted keys nested deeper than max_depth."""
    starts, code = _scan(text, max_depth)
    chain = re.search(rf"{_PART_DOT}{{{max_depth},}}", code)  # strings masked, so only keys count
    if chain:
        raise TooDeep(_line_at(code, chain.start()))
    result = KeyMap()
    aot_counts: dict[tuple, int] = {}  # path of an array of tables -> how many so far
    table: tuple = ()
    lines: list[int] = []
    prev = 0

    def resolve(parts: list[str], new_entry: bool) -> tuple:
        path: list = []
        for i, part in enumerate(parts):
            path.append(part)
            key = tuple(path)
            last = i == len(parts) - 1
            if last and new_entry:
                aot_counts[key] = aot_counts.get(key, 0) + 1
                path.append(aot_counts[key] - 1)
            elif key in aot_counts:
                path.append(aot_counts[key] - 1)
        return tuple(path)

    def record(path: tuple, line: int) -> None:
        first = result.lines.get(path)
        if first is None:
            result.lines[path] = line
        else:
            result.duplicates.append((path, line, first))

    for start in starts:
        line = lines[-1] + text.count("\n", prev, start) if lines else 1
        lines.append(line)
        prev = start
        end = text.find("\n", start)
        source = text[start:] if end < 0 else text[start:end]
        if m := _AOT_HEADER.match(source):
            parts = _key_parts(m.group(1))
            table = resolve(parts, new_entry=True)
            result.lines.setdefault(table[:-1], line)  # the array itself: its first entry
            result.lines[table] = line
        elif m := _TABLE_HEADER.match(source):
            table = resolve(_key_parts(m.group(1)), new_entry=False)
            record(table, line)
        elif m := _KEY_LINE.match(source):
            path = table + tuple(_key_parts(m.group(1)))
            for end in range(len(table) + 1, len(path)):  # a.b = 1 also places the table a
                result.lines.setdefault(path[:end], line)
            record(path, line)
    result.statement_lines = tuple(lines)
    return result

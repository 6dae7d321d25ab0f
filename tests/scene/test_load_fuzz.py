"""Whatever the text, the loader answers with a Scene or one SceneError line: never a traceback.

Hypothesis mutates the example scenes (the likeliest inputs are near-valid ones) and also throws
arbitrary text and TOML-shaped values at it.
"""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.errors import SceneError
from composer.scene import parse_scene
from composer.scene.model import Scene

EXAMPLES = [p.read_text(encoding="utf-8") for p in
            sorted((Path(__file__).resolve().parents[2] / "scenes").glob("*.toml"))]
# database=None: the example database would be written into the current directory.
FUZZ = settings(max_examples=150, deadline=2000, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def answer(text: str) -> Scene | SceneError:
    try:
        return parse_scene(text, "fuzz.toml")
    except SceneError as error:
        message = str(error)
        assert message.startswith("fuzz.toml: ") and "\n" not in message
        return error


@st.composite
def mutated_example(draw):
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = draw(st.text(alphabet=st.sampled_from('[]{}"\'=#.,:-0123456789abcdez \n\t\\'),
                             max_size=6))
        span = draw(st.integers(1, 8))
        if action == "delete":
            text = text[:at] + text[at + span:]
        elif action == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + span:]
    return text


@FUZZ
@given(mutated_example())
def test_mutated_examples_never_crash(text):
    answer(text)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text):
    assert isinstance(answer(text), SceneError | Scene)


# TOML-shaped values under the format's own keys: right names, any types.
scalars = st.one_of(st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["tender", "slow", "2:10", "32 bars", "D", "6/8",
                                                           "piano", "60-80", "lydian"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(["words", "valence", "bpm", "range", "hint", "key",
                                                         "name", "length", "mood", "intensity", "place"]),
                                        inner, max_size=4), max_leaves=12)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else
                                             "-inf" if value == float("-inf") else repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "seed", "length", "mood", "setting", "tempo", "music",
                                        "moments"]), values, min_size=1, max_size=5))
def test_any_types_under_the_real_keys_never_crash(table):
    text = "\n".join(f"{k} = {toml_value(v)}" for k, v in table.items())
    answer(text)

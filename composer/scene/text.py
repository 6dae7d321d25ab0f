"""How the scene's words are compared: one rule for moods, settings, tempo words and keys."""


def normalise(text: str) -> str:
    """Lower-case, curly apostrophes made straight, surrounding and repeated spaces dropped."""
    return " ".join(text.lower().replace("\u2019", "'").split())

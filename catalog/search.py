"""Text folding shared by the stored search column and the search query."""

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")


def fold(text):
    """Return ``text`` lower-cased, without accents, punctuation as single spaces.

    "Steins;Gate" -> "steins gate", "Pokémon" -> "pokemon", "君の名は。" -> "君の名は".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    # Drop Latin accents only: kana keep their (han)dakuten when recomposed.
    bare = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    bare = unicodedata.normalize("NFKC", bare).casefold()
    return _NON_WORD.sub(" ", bare).strip()


def search_document(*names):
    """Build the stored search text for a title from all of its names.

    Each name appears folded and, so that "steinsgate" or "anohana" also
    match, folded with its spaces removed.
    """
    parts = []
    for name in names:
        folded = fold(name or "")
        if folded:
            parts.extend([folded, folded.replace(" ", "")])
    return " | ".join(dict.fromkeys(parts))

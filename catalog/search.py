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
    match, folded with its spaces removed. Every word, the first included,
    follows a space, so a query word can be matched at word starts only.
    """
    parts = []
    for name in names:
        folded = fold(name or "")
        if folded:
            parts.extend([folded, folded.replace(" ", "")])
    return " " + " | ".join(dict.fromkeys(parts))


def word_pattern(word):
    """What a folded query word must be found as in the search text.

    Latin words match at the start of a word ("gate" finds "Steins;Gate",
    "na" doesn't find "in april"); Japanese, written without spaces, matches
    anywhere.
    """
    return f" {word}" if word.isascii() else word

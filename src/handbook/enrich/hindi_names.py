"""Names in Devanagari beside an acronym ('मध्य प्रदेश (MP)', 'नाटो (NATO)'), and whether such a
name is the acronym itself or one of its meanings, only written in Devanagari. No initials can
be read from Devanagari, so names are compared by their consonants, in classes: Hindi text
writes English names as they sound ('नॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन' for North Atlantic
Treaty Organization), and such a name is no rival meaning. Used by the enrich step (rivals)
and `glossary suggest` (doubts)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from handbook.enrich.acronym_text import normal

_DEVANAGARI = "\u0900-\u0963\u0966-\u097f"  # letters and signs, not the danda (।)
# 'मध्य प्रदेश (MP)' or 'MP (मध्य प्रदेश)': the author's own definition in Hindi
# (each starts where a word starts and its repeats are split by spaces: linear on any text)
_HINDI_BEFORE_BRACKET = re.compile(
    rf"(?<![{_DEVANAGARI}])([{_DEVANAGARI}]+(?:\s+[{_DEVANAGARI}]+){{0,2}})\s*\(\s*([A-Za-z][A-Za-z0-9&-]*)\s*\)"
)
_HINDI_IN_BRACKET = re.compile(
    rf"(?<![A-Za-z0-9&-])([A-Za-z][A-Za-z0-9&-]*)\s*\(\s*([{_DEVANAGARI}][{_DEVANAGARI}\s]*)\)"
)


def hindi_names(text: str) -> list[tuple[str, str]]:
    """(acronym, Hindi name) for every name in Devanagari the text puts beside an acronym in
    brackets: 'मध्य प्रदेश (MP)', 'MP (मध्य प्रदेश)'."""
    return [(m[2], " ".join(m[1].split())) for m in _HINDI_BEFORE_BRACKET.finditer(text)] + [
        (m[1], " ".join(m[2].split())) for m in _HINDI_IN_BRACKET.finditer(text)
    ]


# The acronym itself in Devanagari, as Hindi text writes it beside the Latin letters: read as a
# word ('नाटो (NATO)', 'जिमेक्स (JIMEX)', 'क्वाड (QUAD)') or letter by letter ('एमपी (MP)',
# 'आरबीआई (RBI)'). Compared by consonants alone, in classes (aspiration, nukta and the vowels
# aside; य and व, which Hindi adds or drops around vowels, left out on both sides).
_DEVANAGARI_CONSONANTS = {
    letter: sound
    for letters, sound in zip("कख गघ चछ जझ टठतथ डढदध णनङञ पफ बभ म र ल शषस ह".split(), "kgcjtdnpbmrlsh")
    for letter in letters
}
# Each Latin letter's consonants as read in a word, and as its name is read letter by letter
# ('H' is 'एच', 'W' 'डब्ल्यू'); vowels, and Y and W in a word, have none.
_WORD_SOUNDS = dict(zip("BCDFGHJKLMNPQRSTXZ", "b [ks] d p [gj] h? j k l m n p k r s t ks j".split()))
_NAME_SOUNDS = dict(zip("BCDFGHJKLMNPQRSTWXZ", "b s d p j c j k l m n p k r s t dbl ks jd".split()))


def _consonants(devanagari: str) -> str:
    decomposed = unicodedata.normalize("NFD", devanagari)  # क़ -> क + nukta
    return "".join(_DEVANAGARI_CONSONANTS.get(char, "") for char in decomposed)


def written_in_devanagari(acronym: str, name: str) -> bool:
    """Whether the last words of `name` are `acronym` written in Devanagari, as a word or
    letter by letter (not a name of its own: 'मध्य प्रदेश' is not MP)."""
    letters = acronym.upper()
    if not letters.isalpha():
        return False
    readings = ["".join(sounds.get(c, "") for c in letters) for sounds in (_WORD_SOUNDS, _NAME_SOUNDS)]
    words = name.split()[-(len(letters) + 1) :]  # a word at most per letter ('आर बी आई')
    for start in range(len(words)):
        sounds = _consonants("".join(words[start:]))
        if len(sounds) >= 2 and any(re.fullmatch(reading, sounds) for reading in readings if reading):
            return True
    return False


# Hindi case and number endings of nouns and adjectives, longest first: 'समझौता' is 'समझौते'
# before a postposition ('समझौते (ACSA) के संबंध में') and 'समझौतों' in the plural.
_HINDI_ENDINGS = ("ियों", "ियाँ", "ाओं", "ाएँ", "ों", "ें", "ाँ", "ा", "े", "ी")


def _hindi_stem(word: str) -> str:
    for ending in _HINDI_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)]
    return word


def same_hindi_end(name: str, meaning: str) -> bool:
    """Whether the words beside a bracket end as the meaning does, or the meaning ends as they
    do (the bracket's neighbours may start mid-sentence), word for word, endings aside."""
    said, meant = ([_hindi_stem(w) for w in normal(text).split()] for text in (name, meaning))
    shared = min(len(said), len(meant))
    return shared > 0 and said[-shared:] == meant[-shared:]


# How English spelling sounds, as consonant classes (the Devanagari ones above), longest
# spelling first: 'tion' is 'शन', 'ch' 'च' or 'क', 'x' 'क्स', a final 's' often 'ज़'. Vowels,
# and the semivowels Hindi adds or drops (w, y, v), have none; 'h' may be silent.
_SPELLINGS = (
    ("tio", "s"),
    ("sio", "[sj]"),
    ("ch", "[ck]"),
    ("sh", "s"),
    ("th", "t"),
    ("ph", "p"),
    ("ck", "k"),
    ("qu", "k"),
    ("gh", "g?"),
    ("wh", ""),
    ("b", "b"),
    ("c", "[ks]"),
    ("d", "d"),
    ("f", "p"),
    ("g", "[gj]"),
    ("h", "h?"),
    ("j", "j"),
    ("k", "k"),
    ("l", "l"),
    ("m", "m"),
    ("n", "n"),
    ("p", "p"),
    ("q", "k"),
    ("r", "r"),
    ("s", "[sj]"),
    ("t", "t"),
    ("x", "ks"),
    ("z", "j"),
)
_VOWELS = set("aeiouyvw")  # (v and w: व is left out of the Devanagari consonants too)
_ENGLISH = re.compile(r"[A-Za-z&'’.,()\s\-\u2010-\u2015]+")


@lru_cache(maxsize=1024)
def _sounds(word: str) -> str:
    """A regular expression for the consonant classes of an English word as Hindi writes it.
    A doubled letter is one sound ('Committee': कमेटी); an n or m before a consonant may be
    the nasal sign (ं), no consonant ('India': इंडिया)."""
    word = word.casefold()
    out = []
    index = 0
    while index < len(word):
        if word[index] in _VOWELS or not word[index].isalpha():
            index += 1
            continue
        if index and word[index] == word[index - 1]:
            index += 1
            continue
        spelling, sound = next((s, t) for s, t in _SPELLINGS if word.startswith(s, index) or s == word[index])
        following = word[index + len(spelling) : index + len(spelling) + 1]
        if sound in ("n", "m") and following and following not in _VOWELS and following.isalpha():
            sound += "?"
        out.append(sound)
        index += len(spelling)
    return "".join(out)


def transliterated(name: str, expansion: str) -> bool:
    """Whether the Devanagari `name` ends in the English `expansion` (its last two words or
    more, or all of it) written as it sounds: 'अटलांटिक ट्रीटी ऑर्गनाइज़ेशन' for North Atlantic
    Treaty Organization. At least four consonants must agree: fewer prove nothing."""
    if not _ENGLISH.fullmatch(expansion):
        return False  # (a Hindi meaning is compared by `same_hindi_end`)
    english = expansion.replace("&", " and ").split()
    names = name.split()[-(len(english) + 2) :]  # (a word of the meaning is a word or two)
    for start in range(len(names)):
        said = _consonants("".join(names[start:]))
        if len(said) < 4:
            break
        for count in range(min(2, len(english)), len(english) + 1):
            pattern = "".join(_sounds(word) for word in english[-count:])
            if pattern and re.fullmatch(pattern, said):
                return True
    return False

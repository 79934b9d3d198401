"""Dictionary order for Hindi (issue 29): words in the order of the varnamala, as Hindi
dictionaries and the glossaries of Hindi-medium books list them.

The table, in order:
- vowels: अ आ इ ई उ ऊ ऋ ॠ ऌ ए ऐ ऑ ओ औ (ऍ, ऎ, ऒ with their nearest vowel);
- consonants: क ख ग घ ङ च छ ज झ ञ ट ठ ड ढ ण त थ द ध न प फ ब भ म य र ल ळ व श ष स ह.

A consonant is read with its vowel: the inherent अ, or the vowel sign after it (ा as आ,
ि as इ, ... in the vowels' order); a consonant with the virama (्, the first half of a
conjunct) comes after all its vowels, so क्ष, त्र, ज्ञ and श्र sort under क, त, ज and श after
कौ, तौ, जौ and शौ, as in most dictionaries. Chandrabindu, anusvara and visarga (ँ ं ः) come
right after the vowel they follow and before any consonant (अंक before अकड़; कंठ before कक्षा).
The nukta is left out at first (क़ with क, ज़ with ज, ड़ with ड), and decides only between
words otherwise equal. Digits come first, Latin letters after Devanagari; zero-width joiners
are ignored.

No ICU: PyICU needs the ICU library built on the machine; this table is all a glossary needs.
"""

from __future__ import annotations

import unicodedata

VOWELS = "अआइईउऊऋॠऌएऐऑओऔ"
CONSONANTS = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह"
# Vowel signs, each ranked as its vowel.
VOWEL_SIGNS = {
    "ा": "आ",
    "ि": "इ",
    "ी": "ई",
    "ु": "उ",
    "ू": "ऊ",
    "ृ": "ऋ",
    "ॄ": "ॠ",
    "ॢ": "ऌ",
    "े": "ए",
    "ै": "ऐ",
    "ॉ": "ऑ",
    "ो": "ओ",
    "ौ": "औ",
    "ॅ": "ए",
    "ॆ": "ए",
    "ॊ": "ओ",
}
RARE_VOWELS = {"ऍ": "ए", "ऎ": "ए", "ऒ": "ओ", "ॡ": "ऌ"}
MODIFIERS = "ँंः"  # chandrabindu, anusvara, visarga
VIRAMA, NUKTA = "्", "़"
IGNORED = "\u200c\u200d" + NUKTA

# Weights: digits < modifiers < vowels < virama < consonants < other letters (Latin, ...).
_DIGIT, _MODIFIER, _VOWEL, _VIRAMA, _CONSONANT, _OTHER = 100, 200, 300, 400, 500, 1000
_VOWEL_RANK = {vowel: _VOWEL + index for index, vowel in enumerate(VOWELS)}
_VOWEL_RANK.update({rare: _VOWEL_RANK[like] for rare, like in RARE_VOWELS.items()})
_SIGN_RANK = {sign: _VOWEL_RANK[vowel] for sign, vowel in VOWEL_SIGNS.items()}
_CONSONANT_RANK = {consonant: _CONSONANT + index for index, consonant in enumerate(CONSONANTS)}
_MODIFIER_RANK = {mark: _MODIFIER + index for index, mark in enumerate(MODIFIERS)}
_INHERENT = _VOWEL_RANK["अ"]


def hindi_key(word: str) -> tuple:
    """A sort key putting Hindi words in dictionary (varnamala) order; the nukta and the
    spelling as written break ties."""
    text = unicodedata.normalize("NFD", word)  # क़ (U+0958) is क and the nukta
    letters = [char for char in text if char not in IGNORED]
    weights: list[int] = []
    for index, char in enumerate(letters):
        if char in _CONSONANT_RANK:
            weights.append(_CONSONANT_RANK[char])
            after = letters[index + 1] if index + 1 < len(letters) else ""
            if after != VIRAMA and after not in _SIGN_RANK:
                weights.append(_INHERENT)  # क is क + अ: before का, कि, ..., क्
        elif char in _SIGN_RANK:
            weights.append(_SIGN_RANK[char])
        elif char == VIRAMA:
            weights.append(_VIRAMA)
        elif char in _VOWEL_RANK:
            weights.append(_VOWEL_RANK[char])
        elif char in _MODIFIER_RANK:
            weights.append(_MODIFIER_RANK[char])
        elif char.isdigit():
            weights.append(_DIGIT + unicodedata.digit(char, 0))
        elif char.isalpha():
            weights.append(_OTHER + ord(char.casefold()))
        # spaces and punctuation are passed over, as dictionaries do
    return tuple(weights), unicodedata.normalize("NFC", word)


def first_letter(word: str) -> str:
    """The letter a Hindi word is listed under: its first vowel or consonant (nukta left
    out: ज़ under ज), or '' when it starts with no Devanagari letter."""
    for char in unicodedata.normalize("NFD", word):
        if char in _CONSONANT_RANK or char in VOWELS:
            return char
        if char in RARE_VOWELS:
            return RARE_VOWELS[char]
        if char.isalnum():
            return ""
    return ""

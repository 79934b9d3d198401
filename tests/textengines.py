"""Text extraction as students' viewers and common tools do it, and how many source words come
back whole: pypdf, pdfplumber (pdfminer), PDFium (Chrome, Edge, Android; pypdfium2) and
poppler's pdftotext where it is installed."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from pdffacts import page_texts

# A Devanagari word: letters, signs and digits of the block, not the dandas (।, ॥).
_WORD = re.compile("[\u0900-\u0963\u0966-\u097f]+")


def devanagari_words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def _pypdf(path: Path) -> str:

    return "\n".join(page_texts(str(path)))


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdfium(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


ENGINES = {"pypdf": _pypdf, "pdfplumber": _pdfplumber, "pdfium": _pdfium, "pdftotext": _pdftotext}
INSTALLED = {
    "pypdf": True,
    "pdfplumber": _installed("pdfplumber"),
    "pdfium": _installed("pypdfium2"),
    "pdftotext": shutil.which("pdftotext") is not None,
}


def words_back(engine: str, path: Path, source_text: str) -> tuple[float, dict[str, int], list[str]]:
    """(share of the source's Devanagari words the engine returns whole, the words it loses
    with how often, the engine's words that are two source words glued together)."""
    want = collections.Counter(devanagari_words(source_text))
    got = collections.Counter(devanagari_words(ENGINES[engine](path)))
    whole = sum(min(count, got[word]) for word, count in want.items())
    lost = {word: count - got[word] for word, count in want.items() if got[word] < count}
    # Two source words run together; not a compound the source writes with a hyphen, whose
    # hyphen poppler drops when a line ends at it (आदान-प्रदान, broken after the hyphen).
    glued = [
        word
        for word in got
        if word not in want
        and any(
            word[:i] in want and word[i:] in want and f"{word[:i]}-{word[i:]}" not in source_text
            for i in range(1, len(word))
        )
    ]
    return whole / sum(want.values()), lost, glued

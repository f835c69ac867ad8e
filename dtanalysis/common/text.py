"""Text normalisation shared by column matching, province matching and the difficulty classifier."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s_\-–—.,;:/()]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return `text` lower-cased, without accents (đ → d) or invisible format characters (a zero-width space, a
    soft hyphen, a byte-order mark), punctuation runs collapsed to one space."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return _SPACES.sub(" ", stripped.lower()).strip()


def slugify(text: str) -> str:
    """Return an ASCII slug for file names: 'Hồ Chí Minh' → 'ho-chi-minh'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# Control characters (C0 and C1, bar newline and tab), bidirectional overrides and line/paragraph separators:
# shown as escapes on a terminal so data cannot move the cursor, recolour the screen or reorder the text.
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Return `text` with control and bidi-override characters shown as escapes (`\\x1b`), never acted on."""
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else f"\\u{ord(m[0]):04x}", text)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def spreadsheet_safe(value: object) -> object:
    """Return a text cell that a spreadsheet would run as a formula with a leading apostrophe; others unchanged.

    Only text is touched: numbers (negative ones included) stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def slug_or(text: str, fallback: str) -> str:
    """Return the ASCII slug of `text`, or of `fallback` when `text` has no Latin letters or digits."""
    return slugify(text) or slugify(fallback) or "unit"

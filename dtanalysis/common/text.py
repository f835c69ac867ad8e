"""Text normalisation shared by column matching, province matching and the difficulty classifier."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s_\-–—.,;:/()]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return `text` lower-cased, without accents (đ → d), punctuation runs collapsed to one space."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def slugify(text: str) -> str:
    """Return an ASCII slug for file names: 'Hồ Chí Minh' → 'ho-chi-minh'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")

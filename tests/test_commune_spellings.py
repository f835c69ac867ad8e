"""Commune names as offices write them: 300 official names, sampled with a fixed seed, garbled and resolved.

The garbles are the ones seen in provincial spreadsheets: accents dropped, upper case, the type word
abbreviated ('P.', 'X.') or dropped, spaces doubled, and the old tone placement ('Hoà', 'Thuỷ') that
older keyboards and templates still write instead of the 2025 list's 'Hòa', 'Thủy' (or the reverse).
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from dtanalysis.common.errors import UnknownCommuneError
from dtanalysis.inputs import communes, reference

SEED = 20250701
SAMPLE = 300

# The tone of 'oa', 'oe', 'uy' at a word's end sits on the first vowel (new style) or the second (old style).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_GLIDE = re.compile(rf"(?i)([ou])([{_TONES}])([aey])(?![^\W\d_])")
_GLIDE_OLD = re.compile(rf"(?i)([ou])([aey])([{_TONES}])(?![^\W\d_])")


def other_tone_placement(name: str) -> str:
    """Return `name` with the tone of a final 'oa'/'oe'/'uy' moved to the other vowel ('Hòa' ↔ 'Hoà')."""
    text = unicodedata.normalize("NFD", name)
    moved = _GLIDE.sub(r"\1\3\2", text)
    if moved == text:
        moved = _GLIDE_OLD.sub(r"\1\3\2", text)
    return unicodedata.normalize("NFC", moved)


def without_accents(text: str) -> str:
    """Return `text` without diacritics ('Đ' → 'D'), written independently of the library's fold()."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


_TYPE_WORDS = {"commune": ("Xã", "X."), "ward": ("Phường", "P."), "special_zone": ("Đặc khu", "Đặc khu")}


def garbles(name: str, kind: str, rng: random.Random) -> dict[str, str]:
    """Return the office spellings of an official name, by garble."""
    full, short = _TYPE_WORDS[kind]
    bare = name[len(full) :].strip() if name.lower().startswith(full.lower()) else name  # the list has "xã Bắc Sơn"
    return {
        "no-accents": without_accents(name),
        "upper-case": name.upper(),
        "no-accents-upper": without_accents(name).upper(),
        "abbreviated-type": f"{short} {bare}",
        "abbreviated-no-space": f"{short}{bare}" if short.endswith(".") else f"{short} {bare}",
        "no-type-word": bare,
        "extra-spaces": "  " + re.sub(" ", lambda _: " " * rng.randint(1, 3), name) + " ",
        "other-tone-placement": other_tone_placement(name),
        "no-accents-abbreviated": without_accents(f"{short} {bare}").lower(),
    }


def sample_communes() -> list:
    units = reference.communes()
    kinds = set(units["commune_type"])
    assert kinds <= set(_TYPE_WORDS), kinds
    rows = list(units.itertuples())
    return random.Random(SEED).sample(rows, SAMPLE)


def loose_twins(name: str, province: str, *, keep_type: bool) -> set[str]:
    """Return the official codes of `province` that a spelling of `name` without accents cannot tell apart."""
    units = reference.communes()
    units = units[units["province_code"] == province]

    def key(n: str) -> str:
        n = without_accents(n).lower()
        if not keep_type:
            n = re.sub(r"^(xa|phuong|dac khu)\s+", "", n)
        return n.replace(" ", "")

    return set(units.loc[units["commune_name"].map(key) == key(name), "commune_code"])


def test_the_garbles_garble():
    assert other_tone_placement("Xã Hòa Sơn") == "Xã Hoà Sơn"
    assert other_tone_placement("Phường Thuỷ Nguyên") == "Phường Thủy Nguyên"
    assert other_tone_placement("Xã Hoàng Hoa") == "Xã Hoàng Hoa"  # 'oàng': the tone has one place only
    assert without_accents("Phường Đông Hòa") == "Phuong Dong Hoa"


def test_three_hundred_official_names_resolve_in_the_spellings_offices_use():
    rng = random.Random(SEED)
    resolved = tone_moved = 0
    failures = []
    for row in sample_communes():
        for garble, spelling in garbles(row.commune_name, row.commune_type, rng).items():
            accents_lost = garble.startswith("no-accents")
            type_lost = garble == "no-type-word"
            twins = (
                loose_twins(row.commune_name, row.province_code, keep_type=not type_lost)
                if accents_lost
                else {row.commune_code}
            )
            if type_lost and not accents_lost:
                same = reference.communes()
                same = same[(same["province_code"] == row.province_code) & (same["commune_name"] != row.commune_name)]
                bare = spelling.lower()
                twins |= set(same.loc[same["commune_name"].str.lower().str.endswith(" " + bare), "commune_code"])
            try:
                unit = communes.resolve(spelling, row.province_name)
            except UnknownCommuneError as err:
                if len(twins) > 1 and (row.commune_code in str(err) or row.commune_name in str(err)):
                    continue  # a name the spelling cannot tell from another of the province: the error names it
                failures.append((row.commune_code, row.commune_name, garble, spelling, str(err)))
                continue
            if unit.commune_code != row.commune_code:
                failures.append((row.commune_code, row.commune_name, garble, spelling, unit.commune_code))
                continue
            resolved += 1
            tone_moved += garble == "other-tone-placement" and spelling != row.commune_name
    assert not failures, "\n".join(map(str, failures[:20])) + f"\n({len(failures)} failures)"
    assert resolved >= 0.97 * SAMPLE * 9
    assert tone_moved >= 10  # the sample holds enough Hòa/Thủy names for the tone garble to mean something


@pytest.mark.parametrize(
    ("spelling", "province", "code"),
    [
        pytest.param("Xã Hoà Sơn", "Nghệ An", "17677", id="hoa-old-style"),
        pytest.param("XA BA CHE", "quang ninh", "06970", id="upper-no-accents"),
        pytest.param("P.  Ba   Đình", "TP Hà Nội", "00004", id="p-dot-spaces"),
    ],
)
def test_named_spellings(spelling, province, code):
    assert communes.resolve(spelling, province).commune_code == code

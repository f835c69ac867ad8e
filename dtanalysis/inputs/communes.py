"""Resolve the ways communes are written ('P. Ba Đình', 'xa hoa son', '00004') to the 3,321 units of 2025.

From 2025-07-01 a name or code means one of the 3,321 new units; an old commune (of the 10,051) is accepted
only when it merged whole into one new commune, never guessed when it was split. Before that date a commune
stays the old unit it was (its new commune is given only when it merged whole, for rolling figures up).
Names are matched within their province, ignoring case, accents, tone placement, spacing and the type word.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from dtanalysis.common.errors import UnknownCommuneError
from dtanalysis.common.text import fold
from dtanalysis.inputs import provinces, reference

_TYPE_WORD = re.compile(r"^(xa|phuong|dac khu|thi tran|p|x|tt|dk)\s+")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "3", "\u0309": "4", "\u0323": "5"}  # huyền sắc ngã hỏi nặng
_LEADING_ZEROS = re.compile(r"\b0+(\d)")
_SPLIT_FIX = (
    "split the row's figures between the new communes named (a split commune's counts cannot be assigned "
    "automatically), or date the row before 2025-07-01 if it is older data"
)
_PROVINCE_FIX = "correct the province column, or the commune if the province is right"
_TYPE_OF = {"xa": "xa", "x": "xa", "phuong": "phuong", "p": "phuong", "dac khu": "dac khu", "dk": "dac khu"}


@dataclass(frozen=True)
class Commune:
    """A resolved commune: the 2025 unit (None before the merger when the old one was split) and the old one."""

    province_code: str
    commune_code: str | None
    commune_name: str | None
    old_commune_code: str | None = None
    old_commune_name: str | None = None


_WHITESPACE = re.compile(r"\s+")
_WORD_BREAKS = re.compile(r"[\s.]+")
_KEY_WORD_BREAKS = re.compile(r"[\s\-–.,()/]+")
_NOT_TONE = re.compile("[^" + "".join(_TONES) + "]+")
_TONE_DIGITS = str.maketrans(_TONES)
_WITHOUT_TONES = str.maketrans(dict.fromkeys(_TONES))


def _strip(value: str) -> str:
    """Return the name without its type word, lower-case, accents kept (NFD), digits without leading zeros."""
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFD", str(value)).lower()).strip()
    folded_head = fold(text)
    match = _TYPE_WORD.match(folded_head)
    if match and folded_head != match.group(0).strip():
        words = len(match.group(1).split())
        text = " ".join(_WORD_BREAKS.split(text.replace(".", ". "), maxsplit=words)[words:]).strip()
    return _LEADING_ZEROS.sub(r"\1", text)


def tone_key(value: str) -> str:
    """Return the matching key that keeps every letter and tone but not where the tone sits ('Hoà' = 'Hòa')."""
    words = []
    for word in _KEY_WORD_BREAKS.split(_strip(value)):
        tones = _NOT_TONE.sub("", word).translate(_TONE_DIGITS)
        letters = word.translate(_WITHOUT_TONES)
        words.append(unicodedata.normalize("NFC", letters) + tones)
    return "".join(words)


def has_accents(value: str) -> bool:
    """Return True when `value` carries any Vietnamese diacritic (then its tones can tell names apart)."""
    return any(ord(ch) > 127 for ch in str(value))


def loose_key(value: str) -> str:
    """Return the matching key without accents either ('Văn Lang' = 'Văn Lăng' = 'van lang')."""
    return fold(_strip(value)).replace(" ", "")


def type_word(value: str) -> str | None:
    """Return the unit type a name starts with ('xa', 'phuong', 'dac khu'), or None when it has none."""
    match = _TYPE_WORD.match(fold(value))
    return _TYPE_OF.get(match.group(1)) if match else None


def _code(value: str) -> str | None:
    text = str(value).strip()
    if re.fullmatch(r"\d{1,5}(\.0)?", text):
        return f"{int(float(text)):05d}"
    return None


def _listing(names: list[str], n: int = 6) -> str:
    shown = ", ".join(names[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


class _Index:
    """Lookup tables built once from the commune reference data."""

    def __init__(self) -> None:
        # Columns as Python lists first: iterating a pyarrow-backed column directly costs ~3 µs a value,
        # which made building this index take seconds (it is built before every batch's first notebook).
        units = reference.communes()
        codes = units.commune_code.tolist()
        self.name = dict(zip(codes, units.commune_name.tolist()))
        self.province = dict(zip(codes, units.province_code.tolist()))
        self.by_province: dict[str, list[str]] = defaultdict(list)
        for code, province in self.province.items():
            self.by_province[province].append(code)

        old = reference.old_communes()
        cross = reference.commune_crosswalk()
        cross = cross[cross.old_commune_code != ""]
        columns = ("old_commune_code", "old_commune_name", "old_district_name", "old_province_code")
        cross_rows = list(zip(*(cross[c].tolist() for c in (*columns, "new_commune_code", "change_kind"))))
        to_new = provinces._index().old_to_new
        old_codes = old.old_commune_code.tolist()
        self.old_name = dict(zip(old_codes, old.old_commune_name.tolist()))
        self.old_district = dict(zip(old_codes, old.old_district_name.tolist()))
        self.old_province = dict(zip(old_codes, old.old_province_code.tolist()))
        for old_code, name, district, province, _, _ in cross_rows:  # a few old codes only the crosswalk lists
            self.old_name.setdefault(old_code, name)
            self.old_district.setdefault(old_code, district)
            self.old_province.setdefault(old_code, province)
        self.targets: dict[str, list[str]] = defaultdict(list)  # old code → new codes it went to
        self.split: set[str] = set()
        for old_code, _, _, _, new_code, kind in cross_rows:
            if new_code not in self.targets[old_code]:
                self.targets[old_code].append(new_code)
            if kind == reference.MERGED_PART:
                self.split.add(old_code)
        self.split |= {old_code for old_code, new in self.targets.items() if len(new) > 1}
        # The matching keys of the names (tens of µs a name, 13,000 names) are computed per province on its
        # first lookup (`_keys`): a register naming communes of a few provinces never pays for the others.
        self.old_by_province: dict[str | None, list[str]] = defaultdict(list)  # new province → old codes
        for code in self.old_name:
            self.old_by_province[to_new.get(self.old_province[code])].append(code)
        self._keyed: dict[str | None, tuple[dict, dict, dict, dict]] = {}

    def _keys(self, province: str | None) -> tuple[dict, dict, dict, dict]:
        """Return the province's key → codes tables: (tone, loose) of its new communes, (tone, loose) of the old
        communes that went to it (tone keys keep every tone, loose keys none; codes in reference order)."""
        keyed = self._keyed.get(province)
        if keyed is None:
            tone, loose, old_tone, old_loose = (defaultdict(list) for _ in range(4))
            for code in self.by_province.get(province, ()):
                tone[tone_key(self.name[code])].append(code)
                loose[loose_key(self.name[code])].append(code)
            for code in self.old_by_province.get(province, ()):
                old_tone[tone_key(self.old_name[code])].append(code)
                old_loose[loose_key(self.old_name[code])].append(code)
            keyed = self._keyed[province] = (tone, loose, old_tone, old_loose)
        return keyed

    @cached_property
    def national(self) -> dict[str, list[str]]:
        """Loose key → codes of the new communes of that name anywhere in the country."""
        national: dict[str, list[str]] = defaultdict(list)
        for code, name in self.name.items():
            national[loose_key(name)].append(code)
        return national

    # ------------------------------------------------------------ looking up

    def _by_type(self, text: str, codes: list[str], names: dict[str, str] | None = None) -> list[str]:
        """Return the codes whose type word is the one `text` starts with, when that leaves any."""
        kind, names = type_word(text), self.name if names is None else names
        same = [c for c in codes if kind is not None and type_word(names[c]) == kind]
        return same or codes

    def _new_named(self, text: str, province: str) -> list[str]:
        tone, loose, _, _ = self._keys(province)
        exact = tone.get(tone_key(text)) if has_accents(text) else None
        return self._by_type(text, exact or loose.get(loose_key(text), []))

    def _old_named(self, text: str, province: str, old_province: str | None) -> list[str]:
        _, _, tone, loose = self._keys(province)
        exact = tone.get(tone_key(text)) if has_accents(text) else None
        found = exact or loose.get(loose_key(text), [])
        if old_province is not None:
            found = [code for code in found if self.old_province[code] == old_province]
        return self._by_type(text, found, self.old_name)

    def _whole_target(self, old_code: str) -> str | None:
        targets = self.targets.get(old_code, [])
        return targets[0] if len(targets) == 1 and old_code not in self.split else None

    def _old_unit(self, old_code: str, province: str) -> Commune:
        new = self._whole_target(old_code)
        return Commune(province, new, self.name.get(new) if new else None, old_code, self.old_name[old_code])

    def _describe_old(self, old_code: str) -> str:
        return f"{self.old_name[old_code]} ({old_code}, {self.old_district[old_code]})"

    def _after_merger_from_old(self, old_codes: list[str], text: str) -> Commune:
        """Return the new commune that every old commune named `text` merged whole into; raise otherwise."""
        split = [code for code in old_codes if self._whole_target(code) is None]
        whole = {self._whole_target(code) for code in old_codes} - {None}
        if not split and len(whole) == 1:
            new = whole.pop()
            return Commune(self.province[new], new, self.name[new])
        if split and len(old_codes) == 1:
            code = old_codes[0]
            candidates = [f"{self.name[c]} ({c})" for c in self.targets.get(code, [])]
            raise UnknownCommuneError(
                f"{self._describe_old(code)} is a pre-merger commune that was split on 2025-07-01 between "
                f"{' and '.join(candidates) or 'several communes'}; data dated from 2025-07-01 must name the new "
                "commune it belongs to",
                _SPLIT_FIX,
            )
        described = [
            self._describe_old(code)
            + (f" → {self.name[self._whole_target(code)]}" if self._whole_target(code) else " (split)")
            for code in old_codes
        ]
        raise UnknownCommuneError(
            f"{text!r} was the name of {len(old_codes)} pre-merger communes of this province, which went to "
            f"different new communes: {_listing(described)}; write the new commune's name or its 5-digit code"
        )

    def resolve(self, value: object, province: str | None, old_province: str | None, pre_merger: bool) -> Commune:
        text = "" if value is None else re.sub(r"\s+", " ", str(value)).strip()
        if not text:
            raise UnknownCommuneError("the commune is empty")
        code = _code(text)
        if code is not None:
            return self._by_code(code, province, old_province, pre_merger)
        if province is None:
            return self._without_province(text, pre_merger)
        if pre_merger:
            old_codes = self._old_named(text, province, old_province)
            if len(old_codes) == 1:
                return self._old_unit(old_codes[0], province)
            if len(old_codes) > 1:
                described = [self._describe_old(c) for c in old_codes]
                raise UnknownCommuneError(
                    f"{text!r} was the name of {len(old_codes)} pre-merger communes of this province: "
                    f"{_listing(described)}; write the 5-digit commune code"
                )
        new_codes = self._new_named(text, province)
        if len(new_codes) == 1:
            return Commune(province, new_codes[0], self.name[new_codes[0]])
        if len(new_codes) > 1:
            raise UnknownCommuneError(
                f"{text!r} could mean {' or '.join(f'{self.name[c]} ({c})' for c in new_codes)} of "
                f"{provinces.province_name(province)}; write the name with its accents or the 5-digit code"
            )
        old_codes = self._old_named(text, province, old_province)
        if old_codes and not pre_merger:
            return self._after_merger_from_old(old_codes, text)
        raise UnknownCommuneError(self._unknown(text, province))

    def _by_code(self, code: str, province: str | None, old_province: str | None, pre_merger: bool) -> Commune:
        if pre_merger and code in self.old_name:
            unit = self._old_unit(code, provinces._index().old_to_new[self.old_province[code]])
        elif code in self.name:
            unit = Commune(self.province[code], code, self.name[code])
        elif code in self.old_name:
            new = self._whole_target(code)
            if new is None:
                candidates = " and ".join(f"{self.name[c]} ({c})" for c in self.targets.get(code, []))
                raise UnknownCommuneError(
                    f"code {code} is a pre-merger commune ({self._describe_old(code)}) that was split on "
                    f"2025-07-01 between {candidates or 'several communes'}; data dated from 2025-07-01 must use "
                    "the code of the new commune",
                    _SPLIT_FIX,
                )
            raise UnknownCommuneError(
                f"code {code} is a pre-merger commune ({self._describe_old(code)}); from 2025-07-01 it is part of "
                f"{self.name[new]}, code {new}",
                f"write {new} (or {self.name[new]}), or date the row before 2025-07-01 if it is older data",
            )
        else:
            era = "pre-merger or 2025" if pre_merger else "2025"
            raise UnknownCommuneError(f"unknown {era} commune code {code!r}")
        if province is not None and unit.province_code != province:
            name = unit.old_commune_name if unit.commune_name is None else unit.commune_name
            raise UnknownCommuneError(
                f"code {code} is {name} of {provinces.province_name(unit.province_code)}, "
                f"not of {provinces.province_name(province)}",
                _PROVINCE_FIX,
            )
        return unit

    def _without_province(self, text: str, pre_merger: bool) -> Commune:
        if pre_merger:
            raise UnknownCommuneError(
                f"the province of {text!r} is needed for data dated before 2025-07-01 (10,051 old communes)"
            )
        hits = self.national.get(loose_key(text), [])
        exact = [c for c in hits if has_accents(text) and tone_key(self.name[c]) == tone_key(text)]
        hits = self._by_type(text, exact or hits)
        if len(hits) == 1:
            return Commune(self.province[hits[0]], hits[0], self.name[hits[0]])
        if len(hits) > 1:
            where = sorted({provinces.province_name(self.province[c]) for c in hits})
            raise UnknownCommuneError(
                f"{len(hits)} communes across the country are named like {text!r} (in {_listing(where)}); "
                "give the province too"
            )
        suggestions = difflib.get_close_matches(loose_key(text), list(self.national), n=3, cutoff=0.75)
        names = [
            f"{self.name[c]} ({provinces.province_name(self.province[c])})"
            for k in suggestions
            for c in self.national[k]
        ]
        hint = f"; did you mean {' or '.join(names[:3])}?" if names else ""
        raise UnknownCommuneError(f"unknown commune {text!r}{hint}; giving the province narrows the search")

    def suggest(self, text: str, province: str, n: int = 3) -> list[str]:
        names = {loose_key(self.name[c]): self.name[c] for c in self.by_province[province]}
        return [names[k] for k in difflib.get_close_matches(loose_key(text), list(names), n=n, cutoff=0.5)]

    def _unknown(self, text: str, province: str) -> str:
        province_name = provinces.province_name(province)
        elsewhere = [c for c in self.national.get(loose_key(text), []) if self.province[c] != province]
        if elsewhere:
            places = _listing([f"{self.name[c]} ({provinces.province_name(self.province[c])})" for c in elsewhere])
            raise UnknownCommuneError(
                f"{province_name} has no commune {text!r}; there is {places}: is the province right?", _PROVINCE_FIX
            )
        suggestions = self.suggest(text, province)
        hint = f"; the closest in {province_name} are {', '.join(suggestions)}" if suggestions else ""
        return f"unknown commune {text!r} in {province_name}{hint}"


@cache
def _index() -> _Index:
    return _Index()


def resolve(
    value: object, province: object = None, *, pre_merger: bool = False, old_province: str | None = None
) -> Commune:
    """Return the commune `value` (5-digit code or name, any spelling) names; raise UnknownCommuneError otherwise.

    `province` (any spelling or a 2025 code) narrows names to one province; without it a name must be unique in
    the country. `old_province` (a pre-merger code) narrows old commune names further for data before the merger.
    """
    code = None
    if province is not None and str(province).strip():
        unit = provinces.resolve(province, pre_merger=pre_merger)
        code, old_province = unit.province_code, old_province or unit.old_province_code
    return _index().resolve(value, code, old_province, pre_merger)


def suggest(value: str, province: str, n: int = 3) -> list[str]:
    """Return up to `n` names of communes of `province` (2025 code) closest to `value`."""
    return _index().suggest(value, province, n)


def commune_name(code: str) -> str:
    """Return the official name of a 2025 commune code ('00004' → 'Phường Ba Đình')."""
    return _index().name[code]


def contributors() -> dict[str, list[tuple[str, bool]]]:
    """Return per 2025 commune code the old communes that went (wholly or in part) into it: (old code, is_whole)."""
    index = _index()
    result: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for old_code, targets in index.targets.items():
        for new in targets:
            result[new].append((old_code, index._whole_target(old_code) == new))
    return dict(result)


def successors(old_code: str) -> list[str]:
    """Return the 2025 commune codes an old commune went into (one when it merged whole, several when split)."""
    return list(_index().targets.get(old_code, []))


def commune_province(code: str) -> str:
    """Return the 2025 province code of a 2025 commune code."""
    return _index().province[code]


_TYPE_NAMES = {"xa": "xã", "phuong": "phường", "dac khu": "đặc khu"}


def type_mismatch(written: object, unit: Commune) -> str | None:
    """Return a warning when the type word written ('Xã Tân Lập') differs from that of the unit it was read as
    (Phường Tân Lập): the name matched, the type did not, so the reader should check it; None otherwise."""
    name = unit.commune_name if unit.old_commune_code is None else unit.old_commune_name
    kind, found = type_word(str(written)), type_word(name or "")
    if kind is None or found is None or kind == found:
        return None
    where = provinces.province_name(unit.province_code)
    code = unit.commune_code if unit.old_commune_code is None else unit.old_commune_code
    return (
        f"{str(written).strip()!r} was read as {name} ({code}) of {where}, the province's only unit of that "
        f"name: it is written as a {_TYPE_NAMES[kind]} but is a {_TYPE_NAMES[found]}"
    )

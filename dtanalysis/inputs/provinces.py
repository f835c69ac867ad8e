"""Resolve the many ways provinces are written ('TP. Hồ Chí Minh', 'nghe an', '40') to official units.

Before 2025-07-01 data speaks of the 63 old provinces and codes; from then on of the 34 units.
Seven codes changed meaning at the merger, so a code is read in the era of the row it sits on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from dtanalysis.common.errors import UnknownProvinceError
from dtanalysis.common.text import fold
from dtanalysis.inputs import reference

_PREFIX = re.compile(r"^(tinh|thanh pho|tp)\s+")
_NATIONAL = {"toan quoc", "ca nuoc", "national", "viet nam", "vietnam", "nationwide"}


@dataclass(frozen=True)
class Unit:
    """A resolved province: the 2025 unit it belongs to and, for pre-merger data, the old province.

    `written_as` is the old province a name of data dated after the merger named (Hà Giang, now part of Tuyên
    Quang): that part of the unit, reporting on its own."""

    province_code: str
    province_name: str
    old_province_code: str | None = None
    old_province_name: str | None = None
    written_as: str | None = None


def _key(value: str) -> str:
    folded = fold(value)
    folded = _PREFIX.sub("", folded)
    return folded.replace(" ", "")


def _code(value: str) -> str | None:
    text = str(value).strip()
    if re.fullmatch(r"\d{1,2}(\.0)?", text):
        return f"{int(float(text)):02d}"
    return None


def is_national(value: object) -> bool:
    """Return True when `value` names the whole country ('Toàn quốc', 'Cả nước', 'National')."""
    return isinstance(value, str) and fold(value) in _NATIONAL


class _Index:
    """Lookup tables built once from the reference data."""

    def __init__(self) -> None:
        units = reference.provinces()
        cross = reference.crosswalk()
        self.new_name = dict(zip(units.code, units.name_vi))
        self.old_name = dict(zip(cross.old_code, cross.old_name_vi))
        self.old_to_new = dict(zip(cross.old_code, cross.new_code))
        self.new_keys: dict[str, str] = {}
        for row in units.itertuples():
            for name in (row.name_vi, row.name_full_vi, row.name_en, row.name_ascii):
                self.new_keys[_key(name)] = row.code
        self.old_keys: dict[str, str] = {}
        for row in cross.itertuples():
            for name in (row.old_name_vi, row.old_name_full_vi, row.old_name_ascii):
                self.old_keys[_key(name)] = row.old_code
        self.historical: dict[str, str] = {}
        for row in reference.province_aliases().itertuples():
            target = self.old_keys if row.kind == "alias" else self.historical
            target[_key(row.alias)] = row.old_code
        self.display = sorted(set(units.name_vi) | set(cross.old_name_vi))
        self.display_keys = {_key(name): name for name in self.display}

    def suggest(self, value: str, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(_key(value), self.display_keys, n=n, cutoff=0.5)
        names = [self.display_keys[k] for k in keys]
        historical = self.historical.get(_key(value))
        if historical is not None:  # a unit dissolved long ago: point at its successor first
            names = [self.old_name[historical]] + [name for name in names if name != self.old_name[historical]]
        return names[:n]

    def resolve(self, value: object, pre_merger: bool) -> Unit:
        text = "" if value is None else str(value).strip()
        code = _code(text)
        if pre_merger:
            old = code if code in self.old_name else self.old_keys.get(_key(text)) if code is None else None
            if old is None and code is None and _key(text) in self.new_keys:
                new = self.new_keys[_key(text)]
                return Unit(new, self.new_name[new])
            if old is not None:
                new = self.old_to_new[old]
                return Unit(new, self.new_name[new], old, self.old_name[old])
        else:
            new = code if code in self.new_name else self.new_keys.get(_key(text)) if code is None else None
            if new is None and code is None and _key(text) in self.old_keys:
                old = self.old_keys[_key(text)]
                new = self.old_to_new[old]
                return Unit(new, self.new_name[new], written_as=self.old_name[old])
            if new is not None:
                return Unit(new, self.new_name[new])
        raise UnknownProvinceError(self._explain(text, code, pre_merger))

    def _explain(self, text: str, code: str | None, pre_merger: bool) -> str:
        era = "before 2025-07-01 (63 provinces)" if pre_merger else "from 2025-07-01 (34 units)"
        if not text:
            return "the province is empty"
        if code is not None:
            if not pre_merger and code in self.old_name:
                return (
                    f"code {code} is not a provincial code {era}; it was {self.old_name[code]} before the merger, "
                    f"now part of {self.new_name[self.old_to_new[code]]} ({self.old_to_new[code]})"
                )
            if pre_merger and code in self.new_name:
                return f"code {code} is not a pre-2025 provincial code; from 2025-07-01 it is {self.new_name[code]}"
            return f"unknown province code {code!r} for data dated {era}"
        suggestions = self.suggest(text)
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        return f"unknown province {text!r}{hint}"


@cache
def _index() -> _Index:
    return _Index()


def resolve(value: object, *, pre_merger: bool = False) -> Unit:
    """Return the unit that `value` (code or name, any spelling) names; raise UnknownProvinceError otherwise."""
    return _index().resolve(value, pre_merger)


def suggest(value: str, n: int = 3) -> list[str]:
    """Return up to `n` valid province names closest to `value`."""
    return _index().suggest(value, n)


def province_name(code: str) -> str:
    """Return the Vietnamese name of a 2025 unit code (or 'Toàn quốc' for '00')."""
    if code == reference.NATIONAL_CODE:
        return reference.NATIONAL_NAME["vi"]
    return _index().new_name[code]


def codes_2025() -> list[str]:
    """Return the 34 unit codes in official order."""
    return list(reference.provinces().code)

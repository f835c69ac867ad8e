"""Difficulty frequency (DESIGN §4.4): sort the difficulties provinces state into the taxonomy and count them.

Provinces write difficulties as free text in Vietnamese or English; keyword rules from
`reference_data/difficulty_taxonomy.yaml` turn each statement into one or more category codes,
so the national tally ("how many provinces lack commune staff?") can be counted, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd

from dtanalysis.analysis.stats import share_pct
from dtanalysis.common.errors import DataError, ParameterError, Problem
from dtanalysis.common.text import fold
from dtanalysis.inputs import provinces, reference

UNCLASSIFIED = "unclassified"
UNCLASSIFIED_LABEL = {"vi": "Chưa phân loại", "en": "Unclassified"}
_CATEGORY_SEPARATORS = re.compile(r"[;|\n]+")
# A statement that a difficulty is absent or over ('không còn thiếu nhân lực', 'no shortage of IT staff') is
# not a report of it. These cues cancel a keyword that follows them in the same clause. Bare 'không' / 'no'
# are not cues: 'không đủ cán bộ', 'no IT staff' do report a shortage.
NEGATIONS_VI = [
    "không thiếu",
    "không còn thiếu",
    "không bị thiếu",
    "không hề thiếu",
    "hết thiếu",
    "không gặp khó khăn",
    "không còn khó khăn",
    "không có khó khăn",
    "không còn là khó khăn",
    "hết khó khăn",
    "không còn vướng mắc",
    "không có vướng mắc",
    "không gặp vướng mắc",
    "đã đủ",
    "đã có đủ",
    # 'không còn' = 'no longer': whatever follows it in the clause is over ('không còn bị lỗi', 'không còn phân tán')
    "không còn",
    # nothing recorded or arising: 'không ghi nhận sự cố tấn công mạng nào', 'chưa phát sinh khó khăn'
    "không ghi nhận",
    "chưa ghi nhận",
    "không phát sinh",
    "chưa phát sinh",
]
NEGATIONS_EN = [
    "no shortage",
    "no lack",
    "not lack",
    "not short of",
    "no longer short",
    "no longer lack",
    "no longer a problem",
    "no longer an issue",
    "no longer face",
    "no difficult",
    "not facing difficult",
    "not a problem",
    "no problem",
    # 'no longer' before the keyword: 'no longer lacks a master plan', 'no longer any communes without internet'
    "no longer",
    "no incident",
    "no cyber incident",
    "no security incident",
    "no attack",
    "not recorded",
]
# '... đã được giải quyết' / '... has been resolved': a difficulty reported as over, wherever in its clause
RESOLVED_VI = [
    "đã khắc phục",
    "đã được khắc phục",
    "đã giải quyết",
    "đã được giải quyết",
    "đã được tháo gỡ",
    "đã tháo gỡ",
    "đã được làm rõ",
    "đã được xử lý",
    # done: a clause reporting the thing issued, approved, completed or provided in full is not a difficulty
    "đã được ban hành",
    "đã ban hành",
    "đã được phê duyệt",
    "đã phê duyệt",
    "đã hoàn thành",
    "đã được chuẩn hóa",
    "đã được bố trí đủ",
    "đã bố trí đủ",
    "đã được cấp đủ",
    "đã được giao đủ",
    "đã được trang bị đủ",
    # the cue after the keyword: 'nhân lực không còn là điểm nghẽn', 'lỗi không còn xảy ra'
    "không còn là khó khăn",
    "không còn là điểm nghẽn",
    "không còn là vướng mắc",
    "không còn là trở ngại",
    "không còn là rào cản",
    "không còn là vấn đề",
    "không còn xảy ra",
    "không còn phát sinh",
]
RESOLVED_EN = [
    "has been resolved",
    "have been resolved",
    "was resolved",
    "were resolved",
    "has been solved",
    "has resolved",
    "have resolved",
    "has been fixed",
    "have been fixed",
    "was fixed",
    "were fixed",
    "has been addressed",
    "have been addressed",
    "was addressed",
    "has been clarified",
    "have been clarified",
    "was clarified",
    "were clarified",
    # done
    "has been issued",
    "have been issued",
    "has now been issued",
    "was issued",
    "were issued",
    "has been approved",
    "was approved",
    "has been completed",
    "was completed",
    "was held",
    "were held",
    "was published",
    "has been published",
    # the cue after the keyword: 'data silos are no longer a problem', 'errors no longer occur'
    "no longer a problem",
    "no longer an issue",
    "no longer an obstacle",
    "no longer a bottleneck",
    "no longer a concern",
    "no longer a difficulty",
    "not a problem any more",
    "not a problem anymore",
    "no longer occur",
    "no longer happen",
    "no longer exist",
    "no longer arise",
]
# ... unless the same clause says it came late: 'văn bản hướng dẫn đã được ban hành nhưng chậm' stays split at
# 'nhưng'; 'guidance was issued late' / 'đã ban hành chậm' is still a late-guidance report
LATE_VI = ["chậm", "muộn"]
LATE_EN = ["late", "delay"]
# clauses: a cue before 'nhưng' / 'but' / a comma does not reach the keyword after it. Punctuation is split on
# the text as written (fold() turns punctuation into spaces), conjunctions on the folded clause.
_PUNCTUATION = re.compile(r"[,.;:!?()\n]+")
_CONJUNCTIONS = re.compile(r"(?<!\w)(?:nhung|tuy nhien|but|however|whereas)(?!\w)")


@dataclass(frozen=True)
class _Rule:
    """One category's compiled keyword rule."""

    code: str
    keywords: re.Pattern
    # phrases inside which a keyword does not count ('ghi nhận sự cố' folds to contain 'nhân sự')
    excluded: re.Pattern | None = None


def _alternation(phrases: list[str], *, prefix: bool) -> str | None:
    """Return a regex matching any folded phrase as whole words (or, with `prefix`, as word starts)."""
    folded = sorted({fold(p) for p in phrases if fold(p)}, key=len, reverse=True)
    if not folded:
        return None
    body = "|".join(re.escape(p) for p in folded)
    return rf"(?<!\w)(?:{body})" + ("" if prefix else r"(?!\w)")


@cache
def _rules() -> tuple[_Rule, ...]:
    """Return the taxonomy's keyword rules, compiled once.

    Vietnamese keywords match whole syllable sequences: folded syllables are short ('von', 'so'), so a
    keyword must never match inside another word. English keywords match as word starts, so a stem
    such as 'decentralis' also finds 'decentralisation' and 'staff' finds 'staffing'.
    """
    rules = []
    for category in reference.difficulty_taxonomy():
        parts = [
            _alternation(category.get("keywords_vi") or [], prefix=False),
            _alternation(category.get("keywords_en") or [], prefix=True),
        ]
        excluded = [
            _alternation(category.get("exclude_vi") or [], prefix=False),
            _alternation(category.get("exclude_en") or [], prefix=True),
        ]
        rules.append(
            _Rule(
                category["code"],
                re.compile("|".join(p for p in parts if p) or r"(?!)"),
                re.compile("|".join(p for p in excluded if p)) if any(excluded) else None,
            )
        )
    return tuple(rules)


def category_codes() -> list[str]:
    """Return the taxonomy's category codes in taxonomy order, followed by 'unclassified'."""
    return [c["code"] for c in reference.difficulty_taxonomy()] + [UNCLASSIFIED]


@cache
def _cues(vi: tuple[str, ...], en: tuple[str, ...]) -> re.Pattern:
    """Return compiled cues (Vietnamese as whole syllables, English as word starts)."""
    parts = [_alternation(list(vi), prefix=False), _alternation(list(en), prefix=True)]
    return re.compile("|".join(p for p in parts if p))


def _clauses(text: str) -> list[tuple[str, list[int]]]:
    """Return the folded clauses of a statement with the start of each negation cue; resolved clauses dropped."""
    negations = _cues(tuple(NEGATIONS_VI), tuple(NEGATIONS_EN))
    resolved = _cues(tuple(RESOLVED_VI), tuple(RESOLVED_EN))
    late = _cues(tuple(LATE_VI), tuple(LATE_EN))
    clauses = [c.strip() for part in _PUNCTUATION.split(text) for c in _CONJUNCTIONS.split(fold(part))]
    return [
        (c, [m.start() for m in negations.finditer(c)])
        for c in clauses
        if c and not (resolved.search(c) and not late.search(c))
    ]


def _affirmed(rule: _Rule, clauses: list[tuple[str, list[int]]]) -> bool:
    """Return True when a keyword of `rule` occurs in a clause with no negation cue starting before it."""
    for clause, cues in clauses:
        excluded = [(m.start(), m.end()) for m in rule.excluded.finditer(clause)] if rule.excluded else []
        for match in rule.keywords.finditer(clause):
            if any(start <= match.start() < end for start, end in excluded):  # starts inside an excluded phrase
                continue
            if not any(start < match.start() for start in cues):
                return True
    return False


def classify(text: str) -> list[str]:
    """Return the category codes whose keywords occur in `text`, in taxonomy order; ['unclassified'] if none.

    A keyword preceded in its clause by a negation cue ('không còn thiếu', 'no shortage of') does not count,
    nor does a clause that reports the difficulty resolved or the thing done ('... đã được giải quyết',
    '... has been issued'; not when the clause also says late), nor a keyword inside one of its category's
    excluded phrases ('ghi nhận sự cố' is not 'nhân sự').
    """
    return list(_classified(text)) if isinstance(text, str) else [UNCLASSIFIED]


@lru_cache(maxsize=65536)
def _classified(text: str) -> tuple[str, ...]:
    """Return `classify(text)` as a tuple, remembered: a batch classifies the same statements more than once."""
    clauses = _clauses(text)
    return tuple(rule.code for rule in _rules() if _affirmed(rule, clauses)) or (UNCLASSIFIED,)


@cache
def _category_lookup() -> dict[str, str]:
    """Return folded code / Vietnamese label / English label → code, for categories a province wrote itself."""
    lookup = {fold(UNCLASSIFIED): UNCLASSIFIED}
    for category in reference.difficulty_taxonomy():
        for name in (category["code"], category["label_vi"], category["label_en"]):
            lookup[fold(name)] = category["code"]
    return lookup


def _codes_in(value: str) -> tuple[list[str], list[str]]:
    """Return the category codes named in one cell and the parts that name none.

    A cell holds codes or labels separated by ';' or '|' (or ',' between codes: labels contain commas).
    """
    lookup = _category_lookup()
    codes, unknown = [], []
    for part in _CATEGORY_SEPARATORS.split(value):
        pieces = [part] if fold(part) in lookup else part.split(",")
        for piece in (p.strip() for p in pieces):
            if not piece:
                continue
            code = lookup.get(fold(piece))
            if code is None:
                unknown.append(piece)
            elif code not in codes:
                codes.append(code)
    return codes, unknown


def _reported_categories(difficulties: pd.DataFrame) -> list[list[str]]:
    """Return, per row, the category codes the province itself gave ([] where blank); raise on unknown ones."""
    if "category" not in difficulties:
        return [[] for _ in range(len(difficulties))]
    files = difficulties["source_file"] if "source_file" in difficulties else ["difficulties"] * len(difficulties)
    lines = difficulties["source_row"] if "source_row" in difficulties else [None] * len(difficulties)
    problems: list[Problem] = []
    reported = []
    for value, file, line in zip(difficulties["category"], files, lines):
        codes, unknown = _codes_in(str(value)) if isinstance(value, str) else ([], [])
        reported.append(codes)
        problems += [
            Problem(
                str(file),
                None if pd.isna(line) else int(line),
                "category",
                part,
                f"{part!r} is not a difficulty category",
                "leave the category blank to classify by keywords, or write one of: " + ", ".join(category_codes()),
            )
            for part in unknown
        ]
    if problems:
        raise DataError(problems)
    return reported


def classify_table(difficulties: pd.DataFrame, text_column: str = "text") -> pd.DataFrame:
    """Return one row per (statement, category): the statement's columns plus `category` and `category_source`.

    The index repeats the statement's index, so several rows share it when a statement hits several
    categories. A category the province gave itself is kept ('province'); otherwise the keyword rules
    decide ('rules'); a statement that hits nothing gets 'unclassified' and is never dropped.
    """
    if text_column not in difficulties:
        columns = ", ".join(map(str, difficulties.columns))
        raise ParameterError(
            f"no column {text_column!r} to classify; columns: {columns} (choose one with text_column=)"
        )
    texts = difficulties[text_column].tolist()
    by_text = {text: classify(text) for text in set(texts) if isinstance(text, str)}  # each distinct text once
    reported = _reported_categories(difficulties)
    categories = [own or by_text.get(text, [UNCLASSIFIED]) for own, text in zip(reported, texts)]
    sources = ["province" if own else "rules" for own in reported]
    table = difficulties.assign(
        category=pd.Series(categories, index=difficulties.index, dtype=object),
        category_source=pd.Series(sources, index=difficulties.index, dtype="string"),
    )
    table = table.explode("category")
    table["category"] = table["category"].astype("string")
    return table


def _labels() -> pd.DataFrame:
    """Return category, label_vi, label_en for every category and 'unclassified', in taxonomy order."""
    rows = [
        {"category": c["code"], "label_vi": c["label_vi"], "label_en": c["label_en"]}
        for c in reference.difficulty_taxonomy()
    ]
    rows.append({"category": UNCLASSIFIED, "label_vi": UNCLASSIFIED_LABEL["vi"], "label_en": UNCLASSIFIED_LABEL["en"]})
    return pd.DataFrame(rows)


def _reporting_provinces(codes: pd.Series) -> pd.Series:
    """Return `codes` with national ('00') and blank rows masked: they are statements, not provinces."""
    return codes.where(codes.notna() & (codes != reference.NATIONAL_CODE))


def frequency(difficulties: pd.DataFrame) -> pd.DataFrame:
    """Return per category the provinces and statements reporting it, with shares; every category listed.

    `provinces` counts distinct `province_code` (a province with three staffing statements counts once);
    `provinces_pct` = provinces / `provinces_total`, where `provinces_total` is the number of provinces
    with at least one statement in the data (not all 34: a province that sent nothing is not a 'no').
    National ('00') or province-less statements count as statements but not as provinces.
    `statements_pct` = statements / `statements_total`; a statement can hit several categories, so the
    shares add up to more than 100. Sorted by provinces (most first), then taxonomy order.
    """
    difficulties = difficulties.reset_index(drop=True)  # one index value per statement, whatever came in
    long = classify_table(difficulties)
    long = long.assign(_province=_reporting_provinces(long["province_code"]), _statement=long.index)
    provinces_total = _reporting_provinces(difficulties["province_code"]).nunique()
    statements_total = len(difficulties)
    counts = long.groupby("category").agg(provinces=("_province", "nunique"), statements=("_statement", "nunique"))
    table = _labels().merge(counts, left_on="category", right_index=True, how="left")
    table[["provinces", "statements"]] = table[["provinces", "statements"]].fillna(0).astype("int64")
    table["provinces_total"] = provinces_total
    table["provinces_pct"] = share_pct(table["provinces"], table["provinces_total"])
    table["statements_total"] = statements_total
    table["statements_pct"] = share_pct(table["statements"], table["statements_total"])
    table["_order"] = range(len(table))
    table = table.sort_values(["provinces", "_order"], ascending=[False, True]).drop(columns="_order")
    columns = [
        "category",
        "label_vi",
        "label_en",
        "provinces",
        "provinces_total",
        "provinces_pct",
        "statements",
        "statements_total",
        "statements_pct",
    ]
    return table[columns].reset_index(drop=True)


def province_profile(
    difficulties: pd.DataFrame, province_code: str, national: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return per category whether one province reported it, its statement count and the national provinces_pct.

    `province_code` may be a code or a name ('Nghệ An', '40'); a province with no statements in the data
    gets a profile of zeros. Rows follow the national order of `frequency`, which can be passed in as
    `national` when it is already computed (a batch computes it once for all provinces).
    """
    code = provinces.resolve(province_code).province_code
    national = frequency(difficulties) if national is None else national
    difficulties = difficulties.reset_index(drop=True)
    own = classify_table(difficulties[difficulties["province_code"].eq(code).fillna(False).astype(bool)])
    statements = own.assign(_statement=own.index).groupby("category")["_statement"].nunique()
    profile = national[["category", "label_vi", "label_en"]].copy()
    profile.insert(0, "province_code", code)
    profile.insert(1, "province_name", provinces.province_name(code))
    profile["statements"] = profile["category"].map(statements).fillna(0).astype("int64")
    profile["is_reported"] = profile["statements"] > 0
    profile["national_provinces_pct"] = national["provinces_pct"]
    return profile


def evaluate(labelled: pd.DataFrame) -> pd.DataFrame:
    """Return per labelled statement the predicted codes, whether `primary` was found and any out-of-bounds codes.

    `labelled` has columns text, primary and also_ok (codes separated by ';'). A predicted code is out of
    bounds when it is neither the primary nor an acceptable extra; 'unclassified' counts as out of bounds.
    """
    result = labelled.copy()
    result["predicted"] = result["text"].map(classify)
    allowed = [
        {primary, *(c.strip() for c in extra.split(";") if c.strip())} if isinstance(extra, str) else {primary}
        for primary, extra in zip(result["primary"], result["also_ok"])
    ]
    result["is_primary_found"] = [p in codes for p, codes in zip(result["primary"], result["predicted"])]
    result["out_of_bounds"] = [[c for c in codes if c not in ok] for codes, ok in zip(result["predicted"], allowed)]
    result["has_out_of_bounds"] = result["out_of_bounds"].map(bool)
    result["is_unclassified"] = result["predicted"].map(lambda codes: codes == [UNCLASSIFIED])
    return result

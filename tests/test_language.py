"""Packs read as one language: the visible text of Vietnamese packs (HTML text and the strings of every plotly
figure) carries no English word from the words table, and English packs no Vietnamese beyond proper names and
quoted statements; plus the small translators behind that (briefings/language.py)."""

import html
import re

import pandas as pd
import pytest

from dtanalysis.briefings import export, language
from dtanalysis.briefings.words import LABELS
from dtanalysis.cli import main
from tests.conftest import ROOT, SAMPLE_DIR

pytestmark = pytest.mark.slow

FIGURE_TEXT = {"text", "name", "hovertemplate", "texttemplate", "title", "ticksuffix", "ticktext", "customdata"}


def visible_text(path) -> list[str]:
    """Return the lines a reader can see: page text without scripts and styles (collapsed tables included) and
    the strings of the figures (titles, names, labels, hover text, category axes)."""
    page = path.read_text(encoding="utf-8")
    lines = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("bdata", "geojson", "colorscale"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and (
            key in FIGURE_TEXT or (key in ("x", "y") and not re.match(r"\d{4}-\d\d", node))
        ):
            lines.append(node)

    for figure in export.unpack(page)["figures"].values():  # the figures travel in the compressed payload
        walk(figure)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    lines += [html.unescape(line).strip() for line in re.sub(r"<[^>]+>", "\n", body).splitlines()]
    return [line for line in lines if line]


def words(lang: str) -> set[str]:
    return {w.lower() for v in LABELS.values() for w in re.findall(r"[A-Za-z]{3,}", v[lang])}


# English words a Vietnamese pack must not show: every word of the English labels that no Vietnamese label
# uses, and the ones the issue saw
ENGLISH = (
    words("en")
    | {"not", "percentage", "summarised", "rate", "overdue", "national", "tasks", "source", "definitions", "pct"}
) - words("vi")
# what may stay: file names, the parameter names one types after -p, codes in proper names
ALLOWED = re.compile(r"[\w.-]+\.(csv|yaml|md)\b|[a-z_]+: |parameters/\S+|dtanalysis \S+")
NATIONAL = LABELS["national"]["vi"]


def english_in(path) -> list[str]:
    hits = []
    for line in visible_text(path):
        text = ALLOWED.sub(" ", line)
        found = [w for w in re.findall(r"[A-Za-z_]{3,}", text) if w.lower() in ENGLISH or "_" in w]
        if found:
            hits.append(f"{found}: {line[:120]}")
    return hits


VIETNAMESE_LETTERS = "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]"  # not Greek φ


def vietnamese_in(path, allowed: set[str]) -> list[str]:
    hits = []
    for line in visible_text(path):
        text = re.sub(r"'[^']*'", " ", line)  # a quoted Vietnamese example is a quote
        for name in sorted(allowed, key=len, reverse=True):
            text = text.replace(name, " ")
        if re.search(VIETNAMESE_LETTERS, text, flags=re.I):
            hits.append(line[:120])
    return hits


@pytest.fixture(scope="module")
def commune_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("communes")
    argv = ["briefings", "--level", "commune", "--data", str(ROOT / "data" / "sample-communes"), "--out", str(out)]
    assert main([*argv, "--commune", "ha-noi/phuong-ba-dinh", "--quiet"]) == 0
    return next(out.glob("*/communes/ha-noi/phuong-ba-dinh.html"))


@pytest.fixture(scope="module")
def english_packs(tmp_path_factory):
    out = tmp_path_factory.mktemp("en")
    assert (
        main(["briefings", "--data", str(SAMPLE_DIR), "--out", str(out), "--province", "40", "--lang", "en", "--quiet"])
        == 0
    )
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


@pytest.mark.parametrize("name", ["nghe-an.html", "quang-ninh.html", "national.html", "index.html"])
def test_vietnamese_packs_show_no_english(packs, name):
    assert english_in(packs / name) == []


def test_the_vietnamese_commune_pack_shows_no_english(commune_pack):
    assert english_in(commune_pack) == []


def proper_names(sample_bundle) -> set[str]:
    """Unit names, the task titles and statements quoted from the data, and the legal references."""
    from dtanalysis.inputs.reference import provinces

    units = provinces()
    names = set(units[[c for c in units.columns if "name" in c][0]].astype(str))
    tasks, statements = sample_bundle.tasks, sample_bundle.difficulties
    names |= set(tasks["title"].astype(str)) | set(tasks["difficulty"].dropna().astype(str))
    names |= set(statements["text"].astype(str)) | set(statements["old_province_name"].dropna().astype(str))
    return names | {"BCĐTW", "NĐ-CP", "QĐ-TTg", "Hoàng Sa", "Trường Sa"}


@pytest.mark.parametrize(
    "name",
    ["nghe-an.html", "national.html", "index.html"],
)
def test_english_packs_show_no_vietnamese_beyond_names_and_quotes(english_packs, sample_bundle, name):
    assert vietnamese_in(english_packs / name, proper_names(sample_bundle)) == []


def test_vietnamese_packs_write_dates_day_first_and_parameters_as_a_list(packs):
    page = (packs / "nghe-an.html").read_text(encoding="utf-8")
    footer = page[page.index('<footer class="dt-footer"') : page.index("</footer>")]
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", footer) and "{" not in footer
    assert "lang: vi" in footer and "programme: NQ57" in footer
    text = " ".join(visible_text(packs / "nghe-an.html"))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an ISO date in a Vietnamese pack"
    assert "tasks_done_rate" not in text and "Tỷ lệ nhiệm vụ đã hoàn thành" in text


# ------------------------------------------------------------------ the translators, on hand-made rows


@pytest.mark.parametrize(
    "lang, expected",
    [
        pytest.param(
            "vi",
            {"indicator": "Tỷ lệ nhiệm vụ đã hoàn thành", "audit": "không xác định",
             "audit_note": "không phải tỷ lệ phần trăm", "period": "Quý 3/2025", "vs_national": "cao hơn toàn quốc",
             "unit": "%", "category": "Nhân lực", "province_name": "Toàn quốc"},
            id="vi",
        ),
        pytest.param(
            "en",
            {"indicator": "Tasks done", "audit": "unknown", "audit_note": "not a percentage", "period": "Q3 2025",
             "vs_national": "higher than national", "unit": "%", "category": "Workforce", "province_name": "National"},
            id="en",
        ),
    ],
)  # fmt: skip
def test_readable_names_codes_and_keeps_one_language(lang, expected):
    frame = pd.DataFrame(
        {
            "province_code": ["00"],
            "province_name": ["Toàn quốc"],
            "category": ["human_resources"],
            "label_vi": ["Nhân lực"],
            "label_en": ["Workforce"],
            "indicator": ["tasks_done_rate"],
            "period": ["2025-Q3"],
            "unit": ["pct"],
            "vs_national": ["higher"],
            "audit": ["unknown"],
            "audit_note": ["not a percentage"],
        }
    )
    shown = language.readable(frame, lang)
    assert shown.iloc[0].to_dict() == expected  # codes that a name stands for (province, category) are dropped


def test_audit_notes_with_numbers_are_translated():
    note = "7/9 gives 77.8 (rounded to 1 decimals), not 78.0"
    assert language.note(note, "vi") == "7/9 cho 77.8 (làm tròn 1 chữ số thập phân), không phải 78.0"
    assert language.note(note, "en") == note


def test_parameters_read_as_a_list():
    shown = language.parameters_list({"programme": "NQ57", "as_of": "", "online_target_pct": 90.5}, "vi")
    assert shown == "as_of: – · online_target_pct: 90,5 · programme: NQ57"


@pytest.mark.parametrize("overdue, ending", [(1, "1 task is overdue."), (3, "3 tasks are overdue.")])
def test_the_completion_sentence_agrees_in_number(overdue, ending):
    from dtanalysis.briefings.narrative import completion_sentence

    h = {"province_name": "Nghệ An", "assigned": 100, "done": 51, "completion_pct": 51.0}
    h |= {"national_completion_pct": 57.0, "overdue": overdue}
    assert completion_sentence(h, "en").endswith(ending)

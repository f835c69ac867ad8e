"""The real Decision 766 index and the targets table as readers see them in the packs."""

import html
import re

HEADING_VI = "Chỉ số phục vụ người dân và doanh nghiệp (Quyết định 766) — số liệu thật đã công bố"


def _text(path):
    return html.unescape(path.read_text(encoding="utf-8"))


def test_province_pack_shows_the_real_index_before_the_published_figures(packs):
    page = _text(packs / "quang-ninh.html")
    assert HEADING_VI in page and 'class="dt-real"' in page
    assert "SỐ LIỆU THẬT ĐÃ CÔNG BỐ" in page and "10/10/2026" in page and "dichvucong.gov.vn" in page
    assert page.index(HEADING_VI) < page.index(">Số liệu đã công bố<")
    # Quảng Ninh in the shipped file: 65.65, rank 4 on 17 Sep; 65.91, rank 6 on 10 Oct 2026
    assert "65,91/100" in page and "+0,26 so với 17/09/2026" in page and "▼ 2 so với 17/09/2026" in page
    assert "Công khai, minh bạch" in page and "Số hóa hồ sơ" in page


def test_national_pack_ranks_all_34_with_the_change(packs):
    page = _text(packs / "national.html")
    assert HEADING_VI in page and 'class="dt-real"' in page
    assert page.index(HEADING_VI) < page.index(">Chất lượng dữ liệu<")
    assert "62,59/100" in page and "94,88 %" in page
    section = page[page.index(HEADING_VI) : page.index(">Chất lượng dữ liệu<")]
    behind = section[section.index('<details class="dt-data">') :]
    behind = behind[: behind.index("</details>")]
    assert len(re.findall(r"<tr><td>", behind)) == 34  # the numbers behind the ranking chart: one row a unit


def test_province_pack_judges_indicators_against_their_targets(packs):
    page = _text(packs / "nghe-an.html")
    start = page.index(">Chỉ tiêu so với mục tiêu<")
    section = page[start : page.index("<h2", start)]
    assert "<td>Tỷ lệ hài lòng của người dân, doanh nghiệp</td>" in section  # names, not codes
    assert "satisfaction_rate" not in section
    assert "<td>đã đạt</td>" in section and "bình phương tối thiểu" in section

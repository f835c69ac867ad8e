"""Difficulty statements land in the right taxonomy categories and are counted per province (DESIGN §4.4)."""

from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.analysis import difficulties
from dtanalysis.analysis.difficulties import (
    UNCLASSIFIED,
    classify,
    classify_table,
    evaluate,
    frequency,
    province_profile,
)
from dtanalysis.common.errors import DataError, ParameterError, UnknownProvinceError

LABELLED = Path(__file__).resolve().parents[1] / "data" / "published" / "difficulty_statements.csv"


def _table(rows: list[tuple], columns=("province_code", "province_name", "text")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Thiếu nhân lực chuyển đổi số ở cấp xã.", ["human_resources"], id="accented"),
        pytest.param("THIẾU NHÂN LỰC CHUYỂN ĐỔI SỐ Ở CẤP XÃ.", ["human_resources"], id="upper-case"),
        pytest.param("thieu nhan luc chuyen doi so o cap xa", ["human_resources"], id="no-accents"),
        pytest.param("Chữ ký số còn lỗi", ["system_integration"], id="d-with-stroke"),
        pytest.param("Ủy quyền chưa rõ", ["decentralisation"], id="tone-on-u"),
        pytest.param("Uỷ quyền chưa rõ", ["decentralisation"], id="old-tone-placement"),
        pytest.param("Chưa có  kế hoạch\ttổng thể", ["strategy_plan"], id="odd-whitespace"),
        pytest.param("The BUDGET for 2026 is unclear.", ["spending_mechanism"], id="english-upper"),
    ],
)
def test_classify_ignores_case_and_accents(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thiếu kinh phí và nhân lực cho chuyển đổi số.",
            ["human_resources", "spending_mechanism"],
            id="two-categories-in-taxonomy-order",
        ),
        pytest.param(
            "Hạ tầng mạng lạc hậu, chữ ký số thường xuyên lỗi, an toàn thông tin chưa bảo đảm.",
            ["it_infrastructure", "system_integration", "cybersecurity"],
            id="three-categories",
        ),
        pytest.param(
            "Lack of staff and outdated equipment at communes.",
            ["human_resources", "it_infrastructure"],
            id="english-two-categories",
        ),
    ],
)
def test_classify_is_multi_label(text, expected):
    assert classify(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Mưa lũ kéo dài làm chậm tiến độ thi công.", id="unrelated-vi"),
        pytest.param("Heavy rain delayed construction.", id="unrelated-en"),
        pytest.param("", id="empty"),
        pytest.param(None, id="missing"),
    ],
)
def test_classify_unclassified(text):
    assert classify(text) == [UNCLASSIFIED]


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # after folding, 'hy vọng' (hope) reads 'hy vong', which starts with the keyword 'von' (vốn, capital)
        pytest.param("Người dân kỳ vọng nhiều vào dịch vụ số.", "spending_mechanism", id="von-inside-vong"),
        pytest.param("Khai thác quặng vonfram gặp khó khăn.", "spending_mechanism", id="von-inside-vonfram"),
        # 'tự duyệt' folds to 'tu duyet', which starts with the keyword 'tu duy' (tư duy, mindset)
        pytest.param("Hồ sơ được hệ thống tự duyệt sau ba ngày.", "awareness", id="tu-duy-inside-tu-duyet"),
        # 'lợi' folds to 'loi' like 'lỗi' (error); no error keyword may fire on 'thuận lợi'
        pytest.param("Điều kiện thuận lợi cho triển khai.", "system_integration", id="loi-tone-collision"),
        # English keywords are word starts, not substrings: 'staff' is not in 'distaff'
        pytest.param("A distaff and a spindle.", "human_resources", id="english-inside-word"),
    ],
)
def test_keywords_match_on_word_boundaries(text, not_expected):
    assert not_expected not in classify(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Decentralisation to communes is unclear.", "decentralisation", id="stem-is"),
        pytest.param("Decentralization to communes is unclear.", "decentralisation", id="stem-iz"),
        pytest.param("Systems are not synchronised.", "system_integration", id="stem-synchronised"),
        pytest.param("Responsibilities are blurred.", "decentralisation", id="stem-responsibilities"),
        pytest.param("Staffing is short.", "human_resources", id="prefix-staffing"),
    ],
)
def test_english_keywords_match_as_word_starts(text, expected):
    assert expected in classify(text)


# Statements not in the labelled file, written to guard the keyword lists against fitting it too closely.
# (id, text, primary, acceptable extra categories)
HELD_OUT = [
    (
        "H01",
        "Công chức làm công tác chuyển đổi số ở nhiều xã chủ yếu kiêm nhiệm, chưa có biên chế chuyên trách.",
        "human_resources",
        "",
    ),
    (
        "H02",
        "Chưa có chính sách đãi ngộ đủ hấp dẫn để thu hút nhân lực công nghệ thông tin chất lượng cao.",
        "human_resources",
        "",
    ),
    (
        "H03",
        "Most communes have no dedicated IT officer; the work is done part-time by other civil servants.",
        "human_resources",
        "",
    ),
    (
        "H04",
        "Các bộ, ngành Trung ương chưa ban hành thông tư hướng dẫn Luật Dữ liệu, địa phương lúng túng khi triển khai.",
        "legal_guidance",
        "",
    ),
    (
        "H05",
        "The legal framework for data sharing between agencies is incomplete and overlapping.",
        "legal_guidance",
        "system_integration",
    ),
    (
        "H06",
        "Tỉnh chưa xây dựng được lộ trình, chiến lược dài hạn về phát triển khoa học, công nghệ và đổi mới sáng tạo.",
        "strategy_plan",
        "",
    ),
    ("H07", "There is no long-term roadmap for digital transformation in the province.", "strategy_plan", ""),
    (
        "H08",
        "Chưa có danh mục phần mềm chuyên ngành dùng chung thống nhất từ Trung ương đến địa phương.",
        "common_software",
        "",
    ),
    (
        "H09",
        "It is unclear which shared software the province should deploy and which sectoral databases "
        "ministries will provide.",
        "common_software",
        "",
    ),
    (
        "H10",
        "Định mức chi cho hoạt động chuyển đổi số chưa được ban hành nên khó lập dự toán.",
        "spending_mechanism",
        "legal_guidance",
    ),
    ("H11", "Nguồn vốn đầu tư cho hạ tầng số còn hạn chế, giải ngân chậm.", "spending_mechanism", "it_infrastructure"),
    (
        "H12",
        "Funding for commune digital transformation has not been allocated in the 2026 budget.",
        "spending_mechanism",
        "",
    ),
    (
        "H13",
        "Doanh nghiệp nhỏ và vừa, hộ kinh doanh còn e ngại chi phí khi chuyển đổi số.",
        "enterprise_support",
        "spending_mechanism;awareness",
    ),
    ("H14", "Small businesses lack the resources to adopt digital solutions.", "enterprise_support", ""),
    (
        "H15",
        "Chưa có cơ chế khoán chi đến sản phẩm cuối cùng và chấp nhận rủi ro trong nghiên cứu khoa học.",
        "innovation_finance",
        "spending_mechanism",
    ),
    (
        "H16",
        "There is no venture capital fund or regulatory sandbox for start-ups.",
        "innovation_finance",
        "legal_guidance",
    ),
    (
        "H17",
        "Việc triển khai ứng dụng VNeID và các nền tảng dùng chung tại cấp xã còn gặp nhiều khó khăn.",
        "national_platforms",
        "",
    ),
    (
        "H18",
        "Commune staff struggle to use the national platforms such as VNeID.",
        "national_platforms",
        "human_resources",
    ),
    (
        "H19",
        "Máy tính, máy chủ tại nhiều xã đã cũ, cấu hình thấp; đường truyền internet không ổn định.",
        "it_infrastructure",
        "",
    ),
    ("H20", "Many mountainous communes still have no broadband and weak mobile coverage.", "it_infrastructure", ""),
    (
        "H21",
        "Phần mềm một cửa điện tử của tỉnh chưa kết nối, chia sẻ dữ liệu với cơ sở dữ liệu quốc gia về dân cư.",
        "system_integration",
        "national_platforms;data_fragmentation",
    ),
    (
        "H22",
        "The provincial one-stop system is not integrated with the national public service portal, "
        "so dossiers are entered twice.",
        "system_integration",
        "",
    ),
    ("H23", "Chưa có bộ tiêu chí đánh giá mức độ chuyển đổi số cấp xã.", "monitoring_indicators", ""),
    (
        "H24",
        "Ministries have not issued the KPIs for monitoring Resolution 57 implementation.",
        "monitoring_indicators",
        "legal_guidance",
    ),
    (
        "H25",
        "Chức năng, nhiệm vụ giữa các sở, ngành trong quản lý dữ liệu còn chồng chéo, "
        "chưa rõ đầu mối chịu trách nhiệm.",
        "decentralisation",
        "",
    ),
    ("H26", "Delegation of authority to communes after the merger is unclear.", "decentralisation", ""),
    (
        "H27",
        "Một bộ phận người dân, nhất là người cao tuổi, còn thói quen giao dịch trực tiếp, "
        "ngại sử dụng dịch vụ công trực tuyến.",
        "awareness",
        "",
    ),
    (
        "H28",
        "Some leaders still have the mindset that digital transformation is only the IT department's job.",
        "awareness",
        "",
    ),
    ("H29", "Dữ liệu của các ngành còn manh mún, chưa được chuẩn hóa, trùng lặp.", "data_fragmentation", ""),
    ("H30", "Data is scattered across departmental silos and cannot be reused.", "data_fragmentation", ""),
    ("H31", "Nguy cơ lộ, lọt dữ liệu cá nhân và tấn công bằng mã độc ngày càng gia tăng.", "cybersecurity", ""),
    ("H32", "Several commune websites were hit by ransomware and phishing attacks.", "cybersecurity", ""),
    ("H33", "Mưa lũ kéo dài làm chậm tiến độ thi công các công trình.", UNCLASSIFIED, ""),
    ("H34", "Nhiều xã chưa bố trí được công chức có chuyên ngành công nghệ thông tin.", "human_resources", ""),
    (
        "H35",
        "Hệ thống mạng LAN, thiết bị đầu cuối tại bộ phận một cửa cấp xã chưa đáp ứng yêu cầu.",
        "it_infrastructure",
        "",
    ),
    (
        "H36",
        "Provincial departments are still waiting for ministries to issue detailed regulations on the "
        "Digital Technology Industry Law.",
        "legal_guidance",
        "",
    ),
    ("H37", "Việc bố trí vốn cho các dự án chuyển đổi số còn chậm do vướng thủ tục đầu tư.", "spending_mechanism", ""),
    (
        "H38",
        "Government agencies do not share data with each other, each keeps its own database.",
        "data_fragmentation",
        "system_integration",
    ),
    ("H39", "Người dân ở vùng đồng bào dân tộc thiểu số còn hạn chế về kỹ năng số.", "awareness", ""),
    (
        "H40",
        "The province has not yet approved its science, technology and innovation strategy to 2030.",
        "strategy_plan",
        "",
    ),
    ("H41", "Việc phân định thẩm quyền giữa cấp tỉnh và cấp xã sau sáp nhập chưa rõ.", "decentralisation", ""),
    (
        "H42",
        "Electronic records cannot be transferred between the provincial system and the national document system.",
        "system_integration",
        "",
    ),
    (
        "H43",
        "Các nền tảng số quốc gia chưa được kết nối đồng bộ với hệ thống của địa phương.",
        "national_platforms",
        "system_integration",
    ),
    ("H44", "Hardware at the commune one-stop shops is old and often breaks down.", "it_infrastructure", ""),
    ("H45", "Tình trạng tấn công lừa đảo qua mạng xã hội diễn biến phức tạp.", "cybersecurity", ""),
    (
        "H46",
        "There is no specific mechanism to pay for digital transformation tasks from the regular budget.",
        "spending_mechanism",
        "",
    ),
    ("H47", "Trung tâm phục vụ hành chính công cấp xã thiếu máy scan, máy in.", "it_infrastructure", ""),
    ("H48", "Nhiều cán bộ lớn tuổi ngại tiếp cận công nghệ mới.", "awareness", ""),
    (
        "H49",
        "The indicator set for assessing commune digital transformation has not been issued.",
        "monitoring_indicators",
        "legal_guidance",
    ),
    (
        "H50",
        "Một số sở, ngành còn giữ dữ liệu riêng, chưa sẵn sàng chia sẻ.",
        "data_fragmentation",
        "system_integration",
    ),
    (
        "H51",
        "Budget estimates for 2026 cannot be prepared because the spending norms are missing.",
        "spending_mechanism",
        "",
    ),
    ("H52", "Cán bộ, công chức chưa nhận thức đầy đủ vai trò của chuyển đổi số.", "awareness", ""),
    ("H53", "Tỷ lệ thanh toán trực tuyến còn thấp.", UNCLASSIFIED, ""),
]


@pytest.mark.parametrize(
    ("name", "labelled"),
    [
        pytest.param(
            "labelled file", lambda: pd.read_csv(LABELLED, dtype=str, keep_default_na=False), id="labelled-file"
        ),
        pytest.param(
            "held-out statements",
            lambda: pd.DataFrame(HELD_OUT, columns=["statement_id", "text", "primary", "also_ok"]),
            id="held-out",
        ),
    ],
)
def test_quality_bar(name, labelled):
    result = evaluate(labelled())
    recall = result["is_primary_found"].mean()
    out_of_bounds = result["has_out_of_bounds"].mean()
    misses = result.loc[~result["is_primary_found"] | result["has_out_of_bounds"], ["text", "predicted"]]
    assert recall >= 0.90, f"{name}: primary recall {recall:.1%}\n{misses.to_string()}"
    assert out_of_bounds <= 0.10, f"{name}: out-of-bounds share {out_of_bounds:.1%}\n{misses.to_string()}"


def test_labelled_file_keeps_its_sources():
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    assert {"statement_id", "text", "primary", "also_ok", "source_url"} <= set(labelled.columns)
    assert set(labelled["primary"]) <= set(difficulties.category_codes())


def test_classify_table_one_row_per_statement_and_category():
    table = _table(
        [
            ("40", "Nghệ An", "Thiếu kinh phí và nhân lực."),
            ("40", "Nghệ An", "Mưa lũ kéo dài."),
            ("22", "Quảng Ninh", "Thiếu kinh phí và nhân lực."),
        ]
    )
    long = classify_table(table)
    assert list(long.columns) == ["province_code", "province_name", "text", "category", "category_source"]
    assert list(long.index) == [0, 0, 1, 2, 2]
    assert list(long["category"]) == [
        "human_resources",
        "spending_mechanism",
        UNCLASSIFIED,
        "human_resources",
        "spending_mechanism",
    ]
    assert set(long["category_source"]) == {"rules"}


def test_classify_table_keeps_the_provinces_own_category():
    table = _table(
        [
            ("40", "Nghệ An", "Thiếu kinh phí.", "awareness"),
            ("40", "Nghệ An", "Thiếu kinh phí.", ""),
            ("40", "Nghệ An", "Một nội dung khác.", "Thiếu nhân lực chuyển đổi số, nhất là cấp xã; cybersecurity"),
            ("40", "Nghệ An", "Thiếu kinh phí.", None),
        ],
        columns=("province_code", "province_name", "text", "category"),
    )
    long = classify_table(table)
    assert long.loc[0, "category"] == "awareness" and long.loc[0, "category_source"] == "province"
    assert long.loc[1, "category"] == "spending_mechanism" and long.loc[1, "category_source"] == "rules"
    assert list(long.loc[2, "category"]) == ["human_resources", "cybersecurity"]
    assert long.loc[3, "category"] == "spending_mechanism"


def test_unknown_province_category_is_an_error_naming_row_and_codes():
    table = _table(
        [
            ("40", "Nghệ An", "Thiếu kinh phí.", "budget problems", "difficulties.csv", 7),
            ("40", "Nghệ An", "Thiếu kinh phí.", "awarenes", "difficulties.csv", 9),
        ],
        columns=("province_code", "province_name", "text", "category", "source_file", "source_row"),
    )
    with pytest.raises(DataError) as caught:
        classify_table(table)
    assert [(p.row, p.value) for p in caught.value.problems] == [(7, "budget problems"), (9, "awarenes")]
    assert "spending_mechanism" in str(caught.value)


@pytest.fixture
def reported() -> pd.DataFrame:
    return _table(
        [
            ("40", "Nghệ An", "Thiếu nhân lực ở cấp xã."),
            ("40", "Nghệ An", "Cấp xã thiếu cán bộ chuyên trách."),
            ("40", "Nghệ An", "Thiếu kinh phí."),
            ("22", "Quảng Ninh", "Thiếu nhân lực chuyên môn."),
            ("22", "Quảng Ninh", "Mưa lũ kéo dài."),
            ("33", "Hưng Yên", "Trang thiết bị xuống cấp."),
            ("00", "Toàn quốc", "Thiếu nhân lực."),
            (None, None, "Thiếu kinh phí."),
        ]
    )


def test_frequency_counts_each_province_once(reported):
    table = frequency(reported).set_index("category")
    staff = table.loc["human_resources"]
    assert (staff["provinces"], staff["statements"]) == (2, 4)  # Nghệ An twice, national once: still 2 provinces
    assert staff["provinces_total"] == 3  # national and province-less rows are statements, not provinces
    assert staff["provinces_pct"] == pytest.approx(100 * 2 / 3)
    assert staff["statements_total"] == 8
    assert staff["statements_pct"] == pytest.approx(50.0)
    assert (table.loc["spending_mechanism", "provinces"], table.loc["spending_mechanism", "statements"]) == (1, 2)


def test_frequency_lists_every_category_even_with_zero(reported):
    table = frequency(reported)
    assert sorted(table["category"]) == sorted(difficulties.category_codes())
    assert table.set_index("category").loc["cybersecurity", ["provinces", "statements"]].tolist() == [0, 0]
    assert table.set_index("category").loc[UNCLASSIFIED, "statements"] == 1
    assert table["label_vi"].notna().all() and table["label_en"].notna().all()


def test_frequency_sorted_by_provinces_then_taxonomy_order(reported):
    table = frequency(reported)
    assert list(table["category"][:4]) == ["human_resources", "spending_mechanism", "it_infrastructure", UNCLASSIFIED]
    zero = table[table["provinces"] == 0]["category"].tolist()
    order = difficulties.category_codes()
    assert zero == sorted(zero, key=order.index)


def test_frequency_ignores_the_input_index():
    table = _table([("40", "Nghệ An", "Thiếu nhân lực."), ("22", "Quảng Ninh", "Thiếu nhân lực.")])
    table.index = [5, 5]
    assert frequency(table).set_index("category").loc["human_resources", "statements"] == 2


@pytest.mark.parametrize("province", [pytest.param("40", id="code"), pytest.param("nghe an", id="name")])
def test_province_profile_against_national(reported, province):
    profile = province_profile(reported, province).set_index("category")
    assert set(profile["province_code"]) == {"40"}
    assert profile.loc["human_resources", "statements"] == 2
    assert profile.loc["human_resources", "is_reported"]
    assert profile.loc["human_resources", "national_provinces_pct"] == pytest.approx(100 * 2 / 3)
    assert not profile.loc["it_infrastructure", "is_reported"]
    assert profile.loc["it_infrastructure", "national_provinces_pct"] == pytest.approx(100 / 3)
    assert len(profile) == len(difficulties.category_codes())


def test_works_on_loaded_string_columns_with_missing_values(reported):
    loaded = reported.astype("string")  # the loader gives pandas string columns with <NA>
    assert frequency(loaded).set_index("category").loc["human_resources", "provinces"] == 2
    assert province_profile(loaded, "22").set_index("category").loc["human_resources", "statements"] == 1


def test_classify_table_names_a_missing_text_column():
    with pytest.raises(ParameterError, match="columns: province_code, province_name, text"):
        classify_table(_table([("40", "Nghệ An", "Thiếu nhân lực.")]), text_column="statement")


def test_province_profile_of_a_silent_province_is_all_zero(reported):
    profile = province_profile(reported, "01")
    assert profile["statements"].sum() == 0 and not profile["is_reported"].any()


def test_province_profile_unknown_province():
    with pytest.raises(UnknownProvinceError, match="did you mean"):
        province_profile(_table([("40", "Nghệ An", "Thiếu nhân lực.")]), "Nghe Anh")


# Keyword review for over-broad hits (issue 11), written on benchmarks/heldout/dev.csv: each case below fired
# a category before the review (or, for the clause cases, hid one) and shows the rule that now decides it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fold() turns punctuation into spaces, so clauses are split on the text as written
        pytest.param(
            "Staffing is no longer an issue; the network in communes is still weak.",
            ["it_infrastructure"],
            id="clause-ends-at-semicolon",
        ),
        pytest.param("Không thiếu thiết bị, thiếu người vận hành.", ["human_resources"], id="clause-ends-at-comma"),
        # 'không còn' / 'no longer' before the keyword, and the cue after it
        pytest.param("Hệ thống không còn bị lỗi đồng bộ hồ sơ.", ["unclassified"], id="vi-khong-con"),
        pytest.param("The province no longer lacks a master plan.", ["unclassified"], id="en-no-longer"),
        pytest.param("Nhân lực không còn là điểm nghẽn.", ["unclassified"], id="vi-cue-after-keyword"),
        pytest.param("Data silos are no longer a problem.", ["unclassified"], id="en-cue-after-keyword"),
        pytest.param("Digital signature errors no longer occur.", ["unclassified"], id="en-no-longer-occur"),
        pytest.param("Không ghi nhận sự cố tấn công mạng nào trong quý.", ["unclassified"], id="vi-nothing-recorded"),
        pytest.param("No cyber incidents were reported this quarter.", ["unclassified"], id="en-no-incidents"),
        # done, unless the same clause says late
        pytest.param("Văn bản hướng dẫn về định mức chi đã được ban hành.", ["unclassified"], id="vi-issued"),
        pytest.param("Guidance on the indicator set has been issued.", ["unclassified"], id="en-issued"),
        pytest.param("Guidance on Decree 179 was issued late.", ["legal_guidance"], id="en-issued-late"),
        pytest.param("Văn bản hướng dẫn đã ban hành chậm.", ["legal_guidance"], id="vi-issued-late"),
        pytest.param(
            "Kinh phí đã được bố trí đủ, tuy nhiên chưa có hướng dẫn.", ["legal_guidance"], id="vi-allocated-in-full"
        ),
        pytest.param(
            "The province has resolved the overlap of responsibilities.", ["unclassified"], id="en-has-resolved"
        ),
        # exclusions: a keyword inside a phrase of another sense
        pytest.param("Chưa ghi nhận sự cố nào.", ["unclassified"], id="ghi-nhan-su-is-not-nhan-su"),
        pytest.param("Thủ tục đăng ký doanh nghiệp trực tuyến còn chậm.", ["unclassified"], id="business-registration"),
        pytest.param("The province hosted a hackathon for students.", ["unclassified"], id="hackathon"),
        pytest.param(
            "The province has no innovation funds for risky pilots.", ["innovation_finance"], id="innovation-funds"
        ),
        pytest.param("Tỉnh tổ chức hội thảo chia sẻ kinh nghiệm.", ["unclassified"], id="sharing-experience"),
        pytest.param("A network of community digital teams covers every village.", ["unclassified"], id="network-of"),
        # single keywords narrowed to phrases
        pytest.param("Theo Nghị định 45/2020, hồ sơ được tiếp nhận trực tuyến.", ["unclassified"], id="decree-cited"),
        pytest.param("Thanh toán trực tuyến trên Cổng dịch vụ công đạt 40%.", ["unclassified"], id="portal-figure"),
        pytest.param("Dịch vụ công trực tuyến được người dân đánh giá cao.", ["unclassified"], id="danh-gia-cao"),
        pytest.param(
            "Hợp tác xã chưa biết bán hàng trên các nền tảng số thương mại điện tử.",
            ["enterprise_support"],
            id="e-commerce-platform",
        ),
        pytest.param("Small firms worry about the cost of going digital.", ["enterprise_support"], id="firm-cost"),
        pytest.param("Some civil servants are reluctant to change habits.", ["awareness"], id="civil-servant"),
        # and the narrowed categories still fire on what they mean
        pytest.param("Chưa có hướng dẫn cách tính các chỉ tiêu đánh giá cấp xã.", None, id="chi-tieu-danh-gia"),
        pytest.param("Deploying the national e-identification app is slow.", ["national_platforms"], id="e-id"),
    ],
)
def test_keyword_review_cases(text, expected):
    if expected is None:  # both categories are right: the guidance is missing and it is about indicators
        assert {"monitoring_indicators", "legal_guidance"} <= set(classify(text))
    else:
        assert classify(text) == expected

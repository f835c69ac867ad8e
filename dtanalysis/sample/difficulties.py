"""Difficulty statements per unit, worded from per-category templates and drawn at each category's national
prevalence; the task registers borrow single statements from here."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dtanalysis.sample.calibration import NGHE_AN, NQ57_REPORT_DATE, SOURCE_LABEL, _random_date

# Statements per taxonomy category; each holds at least one of the category's keywords_vi.
DIFFICULTY_TEMPLATES = {
    "human_resources": (
        "Sau khi sắp xếp đơn vị hành chính, nhiều xã, phường thiếu cán bộ chuyên trách về chuyển đổi số.",
        "Nguồn nhân lực công nghệ thông tin ở cấp xã còn mỏng, phần lớn kiêm nhiệm, chưa qua đào tạo chuyên sâu.",
        "Năng lực cán bộ làm công tác chuyển đổi số chưa đồng đều; khó thu hút kỹ sư giỏi về làm việc tại {dv}.",
        "Toàn {dv} chỉ có khoảng {n} công chức cấp xã có chuyên môn công nghệ thông tin, thiếu nhân lực vận hành "
        "hệ thống.",
        "Tiêu chuẩn lựa chọn kỹ sư trưởng, kiến trúc sư trưởng cho các dự án chuyển đổi số chưa thống nhất giữa "
        "các ngành.",
    ),
    "legal_guidance": (
        "Chậm ban hành văn bản hướng dẫn thi hành Nghị định 179/2025/NĐ-CP về chính sách hỗ trợ người làm "
        "chuyển đổi số.",
        "Chưa có hướng dẫn về định mức kinh tế – kỹ thuật cho hoạt động số hóa, tạo lập dữ liệu.",
        "Một số thông tư hướng dẫn của bộ, ngành ban hành chậm nên {dv} chưa có căn cứ để triển khai.",
        "Văn bản hướng dẫn về quản lý, vận hành hệ thống thông tin sau sắp xếp chưa đầy đủ, khó áp dụng.",
    ),
    "strategy_plan": (
        "Chưa có khung chiến lược và kế hoạch tổng thể 5 năm về khoa học, công nghệ và đổi mới sáng tạo làm căn cứ "
        "triển khai.",
        "Thiếu kế hoạch tổng thể về chuyển đổi số giai đoạn 2026–2030 gắn với quy hoạch của {dv}.",
        "Chưa xây dựng được khung chiến lược dài hạn về khoa học, công nghệ sau khi hợp nhất đơn vị hành chính.",
    ),
    "common_software": (
        "Khó xác định danh mục phần mềm dùng chung để triển khai thống nhất cho các xã, phường.",
        "Chưa rõ tiêu chí xác định phần mềm phổ biến nên các xã, phường chưa biết chọn giải pháp nào.",
        "Việc triển khai cơ sở dữ liệu chuyên ngành còn chậm do chưa thống nhất mô hình giữa bộ, ngành và {dv}.",
    ),
    "spending_mechanism": (
        "Cơ chế phân bổ kinh phí cho nhiệm vụ khoa học, công nghệ và chuyển đổi số chưa phù hợp.",
        "Khó khăn trong lập và giao dự toán ngân sách cho các dự án chuyển đổi số năm 2026.",
        "Nguồn vốn đầu tư công cho các dự án công nghệ thông tin còn hạn chế, thủ tục bố trí kéo dài.",
    ),
    "enterprise_support": (
        "Khó khăn trong hỗ trợ doanh nghiệp nhỏ và vừa tham gia chuyển đổi số do thiếu cơ chế hỗ trợ cụ thể.",
        "Hộ kinh doanh, doanh nghiệp siêu nhỏ chưa mặn mà ứng dụng công nghệ số vào sản xuất, kinh doanh.",
        "Chưa có chương trình đủ mạnh để thu hút doanh nghiệp công nghệ số đầu tư vào {dv}.",
    ),
    "innovation_finance": (
        "Chưa có cơ chế tài chính đặc thù cho hoạt động đổi mới sáng tạo.",
        "Quỹ phát triển khoa học và công nghệ của {dv} chưa vận hành được theo Luật Khoa học, công nghệ và đổi mới "
        "sáng tạo mới.",
        "Cơ chế thử nghiệm có kiểm soát (sandbox) đối với sản phẩm, dịch vụ công nghệ mới chưa được áp dụng tại {dv}.",
    ),
    "national_platforms": (
        "Khó khăn khi triển khai các nền tảng số quốc gia tại địa phương do thiếu tài liệu kỹ thuật.",
        "Việc đưa các nền tảng dùng chung của bộ, ngành vào sử dụng ở cấp xã còn chậm.",
        "Nhiều nền tảng số do bộ, ngành triển khai chưa phù hợp với quy trình nghiệp vụ của {dv}.",
    ),
    "it_infrastructure": (
        "Trang thiết bị công nghệ thông tin tại Trung tâm phục vụ hành chính công cấp xã đã cũ, xuống cấp.",
        "Hạ tầng mạng và đường truyền ở một số xã vùng sâu, vùng xa chưa đáp ứng yêu cầu.",
        "Nhiều máy tính của cán bộ cấp xã cấu hình thấp, lạc hậu, không cài được phần mềm mới.",
    ),
    "system_integration": (
        "Dữ liệu giữa Cổng Dịch vụ công quốc gia và hệ thống của {dv} chưa đồng bộ, vẫn phát sinh lỗi chữ ký số.",
        "Biểu mẫu điện tử trên hệ thống giải quyết thủ tục hành chính chưa tự động điền dữ liệu.",
        "Việc kết nối dữ liệu giữa các hệ thống chuyên ngành và hệ thống của {dv} còn gián đoạn.",
    ),
    "monitoring_indicators": (
        "Bộ chỉ số theo dõi việc thực hiện Nghị quyết 57-NQ/TW và Nghị quyết 71/NQ-CP chưa thống nhất giữa "
        "các bộ, ngành.",
        "Thiếu phần mềm thống kê tự động để theo dõi, đánh giá các chỉ tiêu chuyển đổi số.",
    ),
    "decentralisation": (
        "Phân định trách nhiệm giữa trung ương và địa phương trong triển khai nhiệm vụ chưa rõ ràng.",
        "Chưa rõ phân cấp, phân quyền trong quản lý, vận hành hệ thống thông tin sau khi bỏ cấp huyện.",
    ),
    "awareness": (
        "Một số xã, phường còn lúng túng, chưa hiểu rõ về đổi mới sáng tạo và chuyển đổi số.",
        "Nhận thức của một bộ phận người dân và cán bộ cơ sở về chuyển đổi số còn hạn chế.",
    ),
    "data_fragmentation": (
        "Dữ liệu giữa các sở, ngành còn phân tán, cục bộ, khó chia sẻ và tái sử dụng.",
        "Cơ sở dữ liệu sở hữu trí tuệ còn phân mảnh, khó tra cứu.",
    ),
    "cybersecurity": (
        "Nhiều đơn vị chưa quan tâm đúng mức đến bảo đảm an toàn thông tin, an ninh mạng.",
        "Nguy cơ tấn công mạng vào các hệ thống dùng chung của {dv} ngày càng gia tăng.",
    ),
}
# Share of provinces reporting each category: the eight main ones of the 14 Nov 2025 tally first, staff shortage
# most often, the rest occasional (order as in SOURCES.md).
CATEGORY_PREVALENCE = {
    "human_resources": 0.72,
    "legal_guidance": 0.55,
    "strategy_plan": 0.45,
    "common_software": 0.40,
    "spending_mechanism": 0.38,
    "enterprise_support": 0.33,
    "innovation_finance": 0.28,
    "national_platforms": 0.25,
    "it_infrastructure": 0.15,
    "system_integration": 0.12,
    "monitoring_indicators": 0.10,
    "decentralisation": 0.08,
    "awareness": 0.08,
    "data_fragmentation": 0.06,
    "cybersecurity": 0.05,
}
MIN_STATEMENTS, MAX_STATEMENTS = 2, 6
# Nghệ An's difficulties as reported on 14 Nov 2025 (SOURCES.md), paraphrased.
NGHE_AN_DIFFICULTIES = (
    "Sau sắp xếp đơn vị hành chính, cấp xã thiếu nhân lực phụ trách khoa học, công nghệ và chuyển đổi số.",
    "Chưa thống nhất được danh mục phần mềm dùng chung (IOC, quản lý văn bản, cổng thông tin điện tử) nên khó chọn "
    "hình thức đầu tư.",
    "Một số cơ sở dữ liệu chuyên ngành phải tạm dừng vì chưa có hướng dẫn phân cấp.",
    "Hạ tầng kho dữ liệu và đường truyền mạng ở cấp xã chưa đồng bộ, chưa đáp ứng yêu cầu số hóa quy mô lớn.",
)
DIFFICULTIES_FROM, DIFFICULTIES_UNTIL = dt.date(2025, 10, 1), NQ57_REPORT_DATE


def difficulty_statements(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """Return 2–6 difficulty statements per unit, categories drawn at their national frequency."""
    others = units[units["name"] != NGHE_AN]
    categories = dict(zip(others["name"], _category_sets(rng, len(others))))
    rows = []
    for unit in units.itertuples():
        if unit.name == NGHE_AN:
            texts = list(NGHE_AN_DIFFICULTIES)
            dates = [NQ57_REPORT_DATE] * len(texts)
        else:
            texts = [_statement(rng, category, unit.dv) for category in categories[unit.name]]
            dates = [_random_date(rng, DIFFICULTIES_FROM, DIFFICULTIES_UNTIL) for _ in texts]
        rows += [
            {
                "province": unit.name,
                "text": text,
                "reported_on": day.isoformat(),
                "source": SOURCE_LABEL,
                "code": unit.code,
            }
            for text, day in zip(texts, dates)
        ]
    frame = pd.DataFrame(rows).sort_values(["code", "reported_on", "text"], kind="stable")
    return frame.drop(columns="code").reset_index(drop=True)


def _category_sets(rng: np.random.Generator, n: int) -> list[list[str]]:
    """Return the categories each of n provinces reports: each category by its prevalence share, 2–6 per province."""
    chosen: list[list[str]] = [[] for _ in range(n)]
    for code, share in CATEGORY_PREVALENCE.items():
        open_ = [i for i in range(n) if len(chosen[i]) < MAX_STATEMENTS]
        weights = np.array([1.0 / (1 + len(chosen[i])) for i in open_])  # spread statements evenly
        picks = rng.choice(len(open_), size=min(round(share * n), len(open_)), replace=False, p=weights / weights.sum())
        for j in sorted(picks):
            chosen[open_[j]].append(code)
    for categories in chosen:
        while len(categories) < MIN_STATEMENTS:
            categories.append(_weighted_category(rng, exclude=categories))
    return chosen


def _weighted_category(rng: np.random.Generator, exclude: tuple[str, ...] | list[str] = ()) -> str:
    """Return a category drawn with probability proportional to its prevalence."""
    codes = [c for c in CATEGORY_PREVALENCE if c not in exclude]
    weights = np.array([CATEGORY_PREVALENCE[c] for c in codes])
    return codes[int(rng.choice(len(codes), p=weights / weights.sum()))]


def _statement(rng: np.random.Generator, category: str, dv: str) -> str:
    """Return one statement of `category`, worded for a tỉnh or a thành phố."""
    templates = DIFFICULTY_TEMPLATES[category]
    return templates[int(rng.integers(len(templates)))].format(dv=dv, n=int(rng.integers(20, 90)))

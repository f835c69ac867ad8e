"""Deterministic SYNTHETIC sample data, so the notebooks, the batch and the tests run with no real data.

The figures are invented but calibrated to the published ones (SOURCES.md): the national and Nghệ An
Resolution-57 task counts, Quảng Ninh's Plan-02 tasks, the Hưng Yên, Ninh Thuận and Hà Nam filing
counts, two Ninh Thuận indicators and the 2024 DTI mean. Everything else is drawn from
`numpy.random.default_rng(seed)`; the same seed gives byte-identical files.

May import: dtanalysis.inputs and dtanalysis.common (never the analysis or the briefings).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.inputs import reference

DEFAULT_SEED = 57
SOURCE_LABEL = "synthetic"
MARKER_FILE = "dtanalysis-sample.json"

# --- Sources of the published figures (data/published/published_figures.csv, published_indicators.csv) ---
URL_NGHE_AN_NQ57 = (
    "https://baonghean.vn/nghe-an-thao-go-vuong-mac-bao-dam-hoan-thanh-nhiem-vu-nam-2025-"
    "theo-nghi-quyet-57-10311363.html"
)
URL_NHANDAN_AUG_2025 = "https://nhandan.vn/moi-dia-phuong-thao-go-kho-khan-bang-nhung-giai-phap-phu-hop-post901848.html"
URL_NINH_THUAN_H1_2024 = (
    "https://ninhthuan.gov.vn/portal/Pages/2024-7-11/Hoi-nghi-truc-tuyen-toan-quoc-so-ket-6-thang-dau-ngzay09.aspx"
)
URL_HA_NAM_2024 = "https://vietnamhoinhap.vn/vi/ha-nam-dan-dau-ve-ty-le-ho-so-truc-tuyen-toan-trinh-50847.htm"
URL_DTI_2022 = "https://dti.gov.vn/xep-hang-2022"
URL_DTI_2024 = "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-20251021181803153.htm"

# --- Calibration targets: tasks (F001–F004 and F010 in published_figures.csv) ---
NQ57_REPORT_DATE = dt.date(2025, 11, 13)
NQ57_TASKS = 3_430  # F001: tasks of the 34 provinces at the 13 Nov 2025 update
NQ57_DONE = 1_954  # 56.97 % of 3,430 done (F001); the other 43.03 % in progress (F002)
NGHE_AN = "Nghệ An"
NGHE_AN_TASKS, NGHE_AN_DONE = 100, 51  # F003, F004
QUANG_NINH = "Quảng Ninh"
KH02_CHECK_DATE = dt.date(2025, 8, 15)
QUANG_NINH_KH02_TASKS, QUANG_NINH_KH02_DONE = 23, 15  # F010: 15 of 23 Plan-02 tasks done, none late


@dataclass(frozen=True)
class FilingTarget:
    """Published dossier counts one province's monthly filings must add up to over a window of months."""

    province: str
    first: str
    last: str
    dossiers_total: int
    source_url: str
    published: str
    dossiers_online: int | None = None
    dossiers_online_full: int | None = None

    def online_share(self) -> float:
        """Return the online share to calibrate to; without a published count, half the offline rest goes online."""
        if self.dossiers_online is not None:
            return self.dossiers_online / self.dossiers_total
        full = self.dossiers_online_full / self.dossiers_total
        return full + (1 - full) / 2


NINH_THUAN_H1_2024_DOSSIERS, NINH_THUAN_H1_2024_ONLINE_PCT = 123_290, 77.47  # F021
FILING_TARGETS = (
    FilingTarget(
        "Hưng Yên",
        "2025-07",
        "2025-08",
        309_654,
        URL_NHANDAN_AUG_2025,
        "264,380 of 309,654 dossiers received online (85.38 %), 1 Jul – 18 Aug 2025 (F007)",
        dossiers_online=264_380,
    ),
    FilingTarget(
        "Ninh Thuận",
        "2024-01",
        "2024-06",
        NINH_THUAN_H1_2024_DOSSIERS,
        URL_NINH_THUAN_H1_2024,
        "123,290 dossiers received, 77.47 % online, first half of 2024 (F021)",
        dossiers_online=round(NINH_THUAN_H1_2024_DOSSIERS * NINH_THUAN_H1_2024_ONLINE_PCT / 100),
    ),
    FilingTarget(
        "Hà Nam",
        "2024-01",
        "2024-12",
        168_746,
        URL_HA_NAM_2024,
        "115,665 of 168,746 dossiers handled fully online (68.54 %), 2024 (EMC data)",
        dossiers_online_full=115_665,
    ),
)


@dataclass(frozen=True)
class IndicatorTarget:
    """A published indicator figure one province's quarterly counts must add up to."""

    province: str
    indicator: str
    quarters: tuple[str, ...]
    source_url: str
    published: str
    numerator: int | None = None
    denominator: int | None = None
    pct: float | None = None


INDICATOR_TARGETS = (
    IndicatorTarget(
        "Ninh Thuận",
        "portal_integration_rate",
        ("2024-Q2",),
        URL_NINH_THUAN_H1_2024,
        "841 of 858 services integrated into the national portal (98.02 %), 30 Jun 2024 (F020)",
        numerator=841,
        denominator=858,
    ),
    IndicatorTarget(
        "Ninh Thuận",
        "status_sync_rate",
        ("2024-Q1", "2024-Q2"),
        URL_NINH_THUAN_H1_2024,
        "90.91 % of dossier statuses synchronised, first half of 2024 (F022)",
        pct=90.91,
    ),
)

DTI_2024_PROVINCIAL_MEAN = 0.6961  # mean provincial DTI 2024 (published_indicators.csv, DTI_PROV_MEAN)
# Old province codes in published 2022 DTI rank order, best first (published_indicators.csv, DTI_RANK 2022).
DTI_2022_RANK_ORDER = tuple(
    """48 79 22 46 92 20 27 19 24 36 80 70 30 31 38 15 93 26 74 82 37 68 25 01 84 51 58 77
    52 86 49 91 33 35 11 94 42 10 87 72 56 17 75 14 62 44 66 08 67 60 83 40 12 89 45 34 02 96 54 95 04 64 06""".split()
)

# --- Model assumptions (not published; chosen to look like the real registers) ---
NQ57_SNAPSHOTS = tuple(dt.date(2025, m, calendar.monthrange(2025, m)[1]) for m in range(3, 11)) + (NQ57_REPORT_DATE,)
KH02_SNAPSHOTS = tuple(dt.date(2025, m, 15) for m in range(6, 11)) + (NQ57_REPORT_DATE,)
FILING_MONTHS = tuple(str(p) for p in pd.period_range("2024-01", "2025-10", freq="M"))
INDICATOR_QUARTERS = tuple(f"{p.year}-Q{p.quarter}" for p in pd.period_range("2024Q1", "2025Q3", freq="Q"))
MERGER_MONTH, MERGER_QUARTER = "2025-07", "2025-Q3"  # Resolution 202/2025/QH15, in force 1 Jul 2025
BIG_CITY_CODES = ("01", "79")  # Hà Nội and Hồ Chí Minh file far more dossiers than anyone else
BIG_CITY_SIZE = 16.0  # ... about sixteen times a province of Hà Nam's size
BASE_MONTHLY_DOSSIERS = 14_000  # a province of Hà Nam's size: 168,746 dossiers in 2024
MONTHLY_GROWTH = 0.012
SEASON = np.array([1.00, 0.80, 1.05, 1.00, 1.00, 0.98, 1.00, 1.02, 0.98, 1.03, 1.02, 1.12])  # Tết dip in February
ONLINE_SHARE_FIRST, ONLINE_SHARE_LAST = 0.40, 0.80  # national online share, Jan 2024 → Oct 2025
FULL_OF_ONLINE_FIRST, FULL_OF_ONLINE_LAST = 0.38, 0.50  # share of online dossiers handled fully online
NATIONAL = reference.NATIONAL_NAME["vi"]

TASK_GROUPS = (
    "Thể chế số",
    "Hạ tầng số",
    "Dữ liệu số",
    "Nền tảng số",
    "Chính quyền số",
    "Kinh tế số",
    "Xã hội số",
    "Nhân lực số",
    "An toàn thông tin mạng",
    "Khoa học công nghệ và đổi mới sáng tạo",
)
TASK_GROUP_WEIGHTS = (0.08, 0.10, 0.14, 0.11, 0.15, 0.09, 0.08, 0.08, 0.07, 0.10)

# {dv} is "tỉnh" or "thành phố", as the unit is.
NQ57_TITLES = {
    "Thể chế số": (
        "Ban hành kế hoạch chuyển đổi số của {dv} giai đoạn 2025–2030",
        "Ban hành quy chế quản lý, khai thác và chia sẻ dữ liệu số của {dv}",
        "Trình HĐND {dv} nghị quyết về chính sách hỗ trợ người làm công tác chuyển đổi số",
        "Rà soát, sửa đổi quy định về thuê dịch vụ công nghệ thông tin",
        "Ban hành quy chế vận hành Trung tâm giám sát, điều hành thông minh",
        "Xây dựng đề án phát triển khoa học, công nghệ và đổi mới sáng tạo của {dv}",
        "Ban hành chính sách thu hút chuyên gia công nghệ số về làm việc tại {dv}",
        "Cập nhật Kiến trúc chính quyền số của {dv} phiên bản 4.0",
        "Ban hành danh mục cơ sở dữ liệu dùng chung của {dv}",
        "Rà soát, bãi bỏ các quy định cản trở chuyển đổi số",
        "Ban hành quy định về thử nghiệm có kiểm soát đối với sản phẩm công nghệ mới",
        "Ban hành bộ tiêu chí đánh giá mức độ chuyển đổi số cấp xã",
        "Xây dựng quy chế phối hợp thực hiện Nghị quyết 57-NQ/TW giữa các sở, ngành",
        "Ban hành kế hoạch phát triển kinh tế số của {dv} năm 2025",
        "Ban hành quy định phân cấp quản lý hệ thống thông tin trên địa bàn {dv}",
    ),
    "Hạ tầng số": (
        "Nâng cấp mạng truyền số liệu chuyên dùng đến 100% xã, phường",
        "Đầu tư trung tâm dữ liệu của {dv}",
        "Phủ sóng di động 4G/5G đến các thôn, bản vùng sâu, vùng xa",
        "Trang bị máy tính, thiết bị cho Trung tâm phục vụ hành chính công cấp xã",
        "Triển khai hạ tầng điện toán đám mây của {dv}",
        "Mở rộng hệ thống hội nghị truyền hình trực tuyến đến cấp xã",
        "Kéo cáp quang đến các khu, cụm công nghiệp",
        "Lắp đặt hệ thống camera giám sát an ninh, trật tự, giao thông",
        "Nâng cấp băng thông Internet cho trường học, trạm y tế",
        "Xây dựng hạ tầng Internet vạn vật (IoT) phục vụ quan trắc môi trường",
        "Chuyển đổi mạng nội bộ các cơ quan nhà nước sang IPv6",
        "Triển khai Wi-Fi công cộng miễn phí tại các điểm du lịch",
        "Ngầm hóa cáp viễn thông tại khu đô thị trung tâm",
        "Thay thế thiết bị công nghệ thông tin lạc hậu tại các sở, ngành",
        "Xây dựng hạ tầng mạng cho Trung tâm điều hành thông minh",
    ),
    "Dữ liệu số": (
        "Xây dựng cơ sở dữ liệu đất đai của {dv}",
        "Số hóa sổ hộ tịch lưu trữ",
        "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của {dv}",
        "Làm sạch dữ liệu dân cư phục vụ Đề án 06",
        "Xây dựng cơ sở dữ liệu giá đất",
        "Xây dựng cơ sở dữ liệu ngành giáo dục và đào tạo",
        "Xây dựng cơ sở dữ liệu y tế và hồ sơ sức khỏe điện tử",
        "Xây dựng cơ sở dữ liệu nông nghiệp, mã số vùng trồng",
        "Xây dựng cơ sở dữ liệu văn hóa, du lịch của {dv}",
        "Xây dựng kho dữ liệu dùng chung của {dv}",
        "Công bố danh mục dữ liệu mở của {dv}",
        "Kết nối cơ sở dữ liệu an sinh xã hội với Cơ sở dữ liệu quốc gia về dân cư",
        "Xây dựng cơ sở dữ liệu tài nguyên nước, môi trường",
        "Số hóa tài liệu lưu trữ lịch sử của {dv}",
        "Xây dựng cơ sở dữ liệu quy hoạch xây dựng, đô thị",
    ),
    "Nền tảng số": (
        "Triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của {dv}",
        "Đưa vào vận hành Trung tâm giám sát, điều hành thông minh (IOC)",
        "Triển khai nền tảng bản đồ số của {dv}",
        "Triển khai nền tảng phản ánh hiện trường cho người dân",
        "Nâng cấp hệ thống quản lý văn bản và điều hành dùng chung",
        "Triển khai ký số từ xa cho cán bộ, công chức",
        "Triển khai nền tảng học trực tuyến mở",
        "Ứng dụng trợ lý ảo hỗ trợ cán bộ giải quyết thủ tục hành chính",
        "Triển khai thanh toán trực tuyến tại bệnh viện, trường học",
        "Triển khai ứng dụng công dân số của {dv}",
        "Kết nối các nền tảng của {dv} với nền tảng số quốc gia",
        "Triển khai nền tảng khám, chữa bệnh từ xa",
        "Triển khai nền tảng quản lý giáo dục dùng chung",
        "Xây dựng ứng dụng di động phục vụ người dân của {dv}",
        "Triển khai nền tảng số quản lý sản xuất nông nghiệp",
    ),
    "Chính quyền số": (
        "Cung cấp dịch vụ công trực tuyến toàn trình cho các thủ tục đủ điều kiện",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Nâng cấp hệ thống thông tin giải quyết thủ tục hành chính của {dv}",
        "Triển khai họp không giấy tờ tại các sở, ngành và UBND cấp xã",
        "Kết nối chế độ báo cáo điện tử với Hệ thống thông tin báo cáo quốc gia",
        "Cấp chữ ký số cho cán bộ, công chức cấp xã",
        "Thực hiện thanh toán trực tuyến phí, lệ phí thủ tục hành chính",
        "Đồng bộ trạng thái hồ sơ với Cổng Dịch vụ công quốc gia",
        "Gửi, nhận văn bản điện tử liên thông bốn cấp",
        "Nâng cấp cổng thông tin điện tử của {dv}",
        "Triển khai thủ tục hành chính không phụ thuộc địa giới hành chính",
        "Đo lường mức độ hài lòng của người dân qua hệ thống điện tử",
        "Tái sử dụng dữ liệu đã số hóa khi giải quyết thủ tục hành chính",
        "Triển khai hệ thống quản lý hồ sơ điện tử công chức",
        "Chuẩn hóa biểu mẫu điện tử tương tác trên Cổng dịch vụ công",
    ),
    "Kinh tế số": (
        "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
        "Đưa sản phẩm OCOP lên sàn thương mại điện tử",
        "Phát triển thanh toán không dùng tiền mặt tại chợ truyền thống",
        "Triển khai truy xuất nguồn gốc nông sản chủ lực của {dv}",
        "Phát triển du lịch thông minh của {dv}",
        "Hỗ trợ hộ kinh doanh sử dụng hóa đơn điện tử khởi tạo từ máy tính tiền",
        "Thu hút doanh nghiệp công nghệ số đầu tư vào {dv}",
        "Xây dựng sàn giao dịch thương mại điện tử của {dv}",
        "Phát triển khu công nghệ thông tin tập trung",
        "Nâng tỷ trọng kinh tế số trong GRDP của {dv}",
        "Tổ chức kết nối cung cầu trên môi trường số",
        "Hỗ trợ hợp tác xã ứng dụng công nghệ số trong sản xuất",
        "Phát triển dịch vụ logistics số",
        "Triển khai chương trình chuyển đổi số cho làng nghề",
        "Thống kê, đo lường kinh tế số của {dv}",
    ),
    "Xã hội số": (
        "Phát triển tổ công nghệ số cộng đồng tại các thôn, tổ dân phố",
        "Phổ cập kỹ năng số cho người dân (Bình dân học vụ số)",
        "Triển khai sổ sức khỏe điện tử cho người dân",
        "Chi trả an sinh xã hội không dùng tiền mặt",
        "Triển khai học bạ số cho học sinh",
        "Xây dựng mô hình xã thông minh",
        "Tăng tỷ lệ người dân có tài khoản định danh điện tử mức độ 2",
        "Triển khai thư viện số của {dv}",
        "Xây dựng bảo tàng số, di tích số",
        "Hỗ trợ thiết bị thông minh cho hộ nghèo, cận nghèo",
        "Tuyên truyền chuyển đổi số trên mạng xã hội",
        "Triển khai trạm y tế xã số",
        "Triển khai đơn thuốc điện tử tại các cơ sở khám, chữa bệnh",
        "Phát triển mô hình trường học số",
        "Xây dựng thí điểm khu dân cư số",
    ),
    "Nhân lực số": (
        "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
        "Bố trí cán bộ phụ trách chuyển đổi số tại các xã, phường",
        "Đào tạo chuyên gia an toàn thông tin cho {dv}",
        "Tổ chức lớp bồi dưỡng lãnh đạo về chuyển đổi số",
        "Tuyển dụng kỹ sư công nghệ thông tin cho các sở, ngành",
        "Thành lập tổ hỗ trợ kỹ thuật cấp xã",
        "Đào tạo nhân lực trí tuệ nhân tạo, dữ liệu lớn",
        "Liên kết với các trường đại học đào tạo nhân lực số",
        "Bồi dưỡng kỹ năng số cho giáo viên",
        "Xây dựng mạng lưới chuyên gia tư vấn chuyển đổi số",
        "Khảo sát năng lực số của cán bộ, công chức",
        "Đào tạo kỹ năng số cho thanh niên nông thôn",
        "Cử cán bộ tham gia chương trình đào tạo kỹ sư trưởng, kiến trúc sư trưởng",
        "Tập huấn sử dụng nền tảng số cho cán bộ cấp xã",
        "Chi hỗ trợ người làm chuyển đổi số theo Nghị định 179/2025/NĐ-CP",
    ),
    "An toàn thông tin mạng": (
        "Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin",
        "Triển khai Trung tâm giám sát an toàn thông tin (SOC) của {dv}",
        "Diễn tập thực chiến bảo đảm an toàn thông tin mạng",
        "Triển khai phần mềm phòng, chống mã độc tập trung",
        "Kiểm tra an toàn thông tin các hệ thống dùng chung",
        "Xây dựng phương án ứng cứu sự cố an toàn thông tin mạng",
        "Triển khai mô hình bảo vệ 4 lớp cho hệ thống thông tin",
        "Sao lưu dự phòng dữ liệu quan trọng của {dv}",
        "Tuyên truyền kỹ năng an toàn thông tin cho người dân",
        "Kết nối với Trung tâm Giám sát an toàn không gian mạng quốc gia",
        "Rà soát lỗ hổng bảo mật cổng thông tin điện tử",
        "Trang bị tường lửa cho mạng nội bộ các cơ quan",
        "Triển khai xác thực đa yếu tố cho hệ thống quản lý văn bản",
        "Bảo vệ dữ liệu cá nhân trong các cơ sở dữ liệu dùng chung",
        "Thành lập đội ứng cứu sự cố an toàn thông tin của {dv}",
    ),
    "Khoa học công nghệ và đổi mới sáng tạo": (
        "Thành lập Trung tâm đổi mới sáng tạo của {dv}",
        "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo",
        "Đặt hàng nhiệm vụ khoa học và công nghệ cấp {dv}",
        "Kiện toàn Quỹ phát triển khoa học và công nghệ của {dv}",
        "Phát triển tài sản trí tuệ cho sản phẩm chủ lực",
        "Xây dựng cơ sở dữ liệu sở hữu trí tuệ của {dv}",
        "Hỗ trợ doanh nghiệp đổi mới công nghệ",
        "Tổ chức cuộc thi khởi nghiệp đổi mới sáng tạo",
        "Đầu tư phòng thí nghiệm dùng chung",
        "Ứng dụng kết quả nghiên cứu vào sản xuất nông nghiệp",
        "Thí điểm cơ chế thử nghiệm có kiểm soát (sandbox)",
        "Xây dựng mạng lưới đổi mới sáng tạo với các viện, trường",
        "Bố trí tối thiểu 3% tổng chi ngân sách cho khoa học, công nghệ",
        "Kết nối chuyên gia người Việt Nam ở nước ngoài",
        "Hỗ trợ chuyển giao công nghệ cho hợp tác xã",
    ),
}

# Plan 02-KH/BCĐTW: getting the two-tier local government running on digital systems.
KH02_TITLES = {
    "Hạ tầng số": (
        "Bảo đảm đường truyền cho Trung tâm phục vụ hành chính công cấp xã",
        "Trang bị máy tính, máy quét cho bộ phận một cửa cấp xã",
        "Kết nối mạng truyền số liệu chuyên dùng đến các xã, phường mới",
        "Lắp đặt thiết bị hội nghị truyền hình cho các xã, phường",
    ),
    "Nền tảng số": (
        "Cập nhật hệ thống quản lý văn bản theo mô hình chính quyền hai cấp",
        "Cấu hình hệ thống giải quyết thủ tục hành chính cho đơn vị hành chính mới",
        "Cấp mã định danh điện tử cho các cơ quan, đơn vị sau sắp xếp",
        "Chuyển đổi cổng thông tin điện tử của các xã, phường",
        "Triển khai hệ thống báo cáo điện tử cho cấp xã",
    ),
    "Dữ liệu số": (
        "Chuyển dữ liệu hồ sơ thủ tục hành chính sang đơn vị hành chính mới",
        "Cập nhật danh mục đơn vị hành chính trong các cơ sở dữ liệu",
        "Số hóa hồ sơ, tài liệu lưu trữ do cấp huyện bàn giao",
        "Bàn giao dữ liệu đất đai cấp huyện về cấp xã",
        "Đồng bộ dữ liệu dân cư theo đơn vị hành chính mới",
    ),
    "Chính quyền số": (
        "Công bố danh mục thủ tục hành chính cấp xã sau sắp xếp",
        "Vận hành Trung tâm phục vụ hành chính công cấp xã",
        "Cấp chứng thư chữ ký số cho cán bộ, công chức xã, phường",
        "Cập nhật con dấu, chữ ký số của đơn vị hành chính mới",
        "Kết nối Cổng dịch vụ công của {dv} với Cổng Dịch vụ công quốc gia",
        "Tiếp nhận hồ sơ không phụ thuộc địa giới hành chính",
        "Chuyển tài khoản dịch vụ công của người dân sang đơn vị hành chính mới",
    ),
    "Nhân lực số": (
        "Tập huấn sử dụng phần mềm một cửa cho công chức cấp xã",
        "Thành lập tổ hỗ trợ kỹ thuật tại các xã, phường",
        "Bố trí công chức phụ trách công nghệ thông tin cấp xã",
    ),
    "An toàn thông tin mạng": (
        "Bảo đảm an toàn thông tin cho hệ thống một cửa điện tử cấp xã",
        "Rà soát tài khoản người dùng sau sắp xếp bộ máy",
    ),
    "Thể chế số": (
        "Ban hành quy chế vận hành hệ thống thông tin cho chính quyền địa phương hai cấp",
        "Ban hành kế hoạch thực hiện Kế hoạch 02-KH/BCĐTW",
    ),
}

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

# Pct indicators with counts: (national % in 2024-Q1, national % in 2025-Q3, spread between provinces, denominator).
INDICATOR_MODEL = {
    "procedures_full_online_rate": (45, 75, 0.5, "procedures"),
    "online_service_adult_use_rate": (25, 48, 0.4, "adults"),
    "dossiers_personal_id_rate": (70, 95, 0.6, "dossiers"),
    "satisfaction_rate": (85, 92, 0.4, "respondents"),
    "digitization_rate": (55, 80, 0.5, "dossiers"),
    "on_time_dossier_rate": (94, 97, 0.5, "dossiers"),
    "data_reuse_rate": (30, 60, 0.5, "dossiers"),
    "portal_integration_rate": (85, 97, 0.5, "services"),
    "status_sync_rate": (80, 95, 0.5, "dossiers"),
    "e_document_exchange_rate": (92, 98, 0.5, "documents"),
}
DERIVED_INDICATORS = ("tasks_done_rate", "tasks_on_time_rate", "online_filing_rate", "full_online_filing_rate")
ADULTS_PER_MONTHLY_DOSSIER = 45  # Hà Nam: ~14,000 dossiers a month, ~630,000 adults


@dataclass(frozen=True)
class Programme:
    """How one programme's task register is drawn: snapshots, assignment, deadlines, titles."""

    code: str
    snapshots: tuple[dt.date, ...]
    assign_from: dt.date
    initial_share: float  # share of tasks assigned on assign_from; the rest arrive until the check date
    due_weights: dict[dt.date, float]
    on_time_share: float
    titles: dict[str, tuple[str, ...]]
    group_weights: tuple[float, ...] | None = None  # None: groups in proportion to their titles


START_WITHIN = dt.timedelta(days=60)  # work on a task starts within two months of its assignment
NQ57_DONE_RATE_RANGE = (0.20, 0.97)  # unit completion rates spread evenly over this range, then shifted to the total
OVERDUE_SHARE_RANGE = (0.04, 0.22)  # share of a unit's unfinished NQ57 tasks past their deadline
DIFFICULTY_STATED_SHARE = 0.7  # share of tasks that state a difficulty while overdue


NQ57 = Programme(
    "NQ57",
    NQ57_SNAPSHOTS,
    dt.date(2025, 3, 1),
    0.6,
    {
        dt.date(2025, 6, 30): 1.0,
        dt.date(2025, 7, 31): 1.0,
        dt.date(2025, 8, 31): 1.0,
        dt.date(2025, 9, 30): 1.5,
        dt.date(2025, 10, 31): 1.0,
        dt.date(2025, 11, 30): 1.0,
        dt.date(2025, 12, 15): 0.5,
        dt.date(2025, 12, 31): 6.0,
    },
    0.85,
    NQ57_TITLES,
    TASK_GROUP_WEIGHTS,
)
KH02 = Programme(
    "KH02",
    KH02_SNAPSHOTS,
    dt.date(2025, 6, 10),
    0.7,
    {
        dt.date(2025, 6, 30): 1.0,
        dt.date(2025, 7, 31): 1.5,
        dt.date(2025, 8, 15): 1.0,
        dt.date(2025, 8, 31): 2.0,
        dt.date(2025, 9, 30): 1.0,
        dt.date(2025, 10, 31): 0.5,
        dt.date(2025, 12, 31): 1.5,
    },
    0.9,
    KH02_TITLES,
)


@dataclass(frozen=True)
class TaskPlan:
    """What one unit's register must show on the check date: tasks assigned, done, overdue."""

    code: str
    name: str
    dv: str
    tasks: int
    done: int
    overdue: int
    check_date: dt.date


@dataclass(frozen=True)
class Task:
    """One task's life: when it was assigned, started and completed, and its deadline."""

    group: str
    title: str
    assigned: dt.date
    started: dt.date
    completed: dt.date
    due: dt.date
    difficulty: str


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the synthetic sample into `out_dir`; return the folder, the seed, the files and rows per CSV."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    task_rng, filing_rng, indicator_rng, difficulty_rng = np.random.default_rng(seed).spawn(4)
    units, old = _units(), _old_provinces()
    filings = _filings(filing_rng, old)
    tables = {
        "tasks.csv": _tasks(task_rng, units),
        "filings.csv": filings,
        "indicators.csv": _indicators(indicator_rng, units, old, filings),
        "difficulties.csv": _difficulties(difficulty_rng, units),
    }
    for name, frame in tables.items():
        frame.to_csv(out_dir / name, index=False, lineterminator="\n")
    rows = {name: len(frame) for name, frame in tables.items()}
    (out_dir / MARKER_FILE).write_text(json.dumps(_marker(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(_readme(seed, rows), encoding="utf-8")
    return {"out_dir": str(out_dir), "seed": seed, "files": [*tables, MARKER_FILE, "README.md"], "rows": rows}


# --- Geography ---


def _units() -> pd.DataFrame:
    """Return the 34 units (code, name, dv) in code order."""
    units = reference.provinces()[["code", "name_vi", "type"]].rename(columns={"name_vi": "name"})
    units["dv"] = np.where(units["type"] == "city", "thành phố", "tỉnh")
    return units.sort_values("code").reset_index(drop=True)


def _old_provinces() -> pd.DataFrame:
    """Return the 63 old provinces (code, name, is_city) with the 2025 unit each joined (unit_code, unit_name)."""
    old = reference.crosswalk()
    return (
        pd.DataFrame(
            {
                "code": old["old_code"],
                "name": old["old_name_vi"],
                "is_city": old["old_name_full_vi"].str.startswith("Thành phố"),
                "unit_code": old["new_code"],
                "unit_name": old["new_name_vi"],
            }
        )
        .sort_values("code")
        .reset_index(drop=True)
    )


# --- Tasks ---


def _tasks(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """Return the NQ57 and KH02 registers: one row per task per snapshot."""
    frames = [_register(rng, NQ57, _nq57_plans(rng, units)), _register(rng, KH02, _kh02_plans(rng, units))]
    return pd.concat(frames, ignore_index=True)


def _nq57_plans(rng: np.random.Generator, units: pd.DataFrame) -> list[TaskPlan]:
    """Return per-unit NQ57 counts at the report date: 3,430 tasks, 1,954 done, Nghệ An 100/51, rates 20–97 %."""
    others = units[units["name"] != NGHE_AN]
    tasks = _apportion(NQ57_TASKS - NGHE_AN_TASKS, np.clip(rng.lognormal(0.0, 0.3, len(others)), 0.6, 1.6))
    spread = _logit(rng.permutation(np.linspace(*NQ57_DONE_RATE_RANGE, len(others))))
    shift = _solve_shift(lambda s: float(np.sum(tasks * _expit(spread + s))), NQ57_DONE - NGHE_AN_DONE)
    done = _apportion(NQ57_DONE - NGHE_AN_DONE, tasks * _expit(spread + shift))
    counts = {name: (int(n), int(d)) for name, n, d in zip(others["name"], tasks, done)}
    counts[NGHE_AN] = (NGHE_AN_TASKS, NGHE_AN_DONE)
    plans = []
    for unit in units.itertuples():
        n, d = counts[unit.name]
        overdue = int(rng.binomial(n - d, rng.uniform(*OVERDUE_SHARE_RANGE)))
        plans.append(TaskPlan(unit.code, unit.name, unit.dv, n, d, overdue, NQ57_REPORT_DATE))
    return plans


def _kh02_plans(rng: np.random.Generator, units: pd.DataFrame) -> list[TaskPlan]:
    """Return per-unit Plan-02 counts on 15 Aug 2025, Quảng Ninh at its published 15 of 23 with none late."""
    most = sum(len(titles) for titles in KH02_TITLES.values())
    plans = []
    for unit in units.itertuples():
        n = int(rng.integers(14, most + 1))
        d = int(round(n * rng.uniform(0.35, 0.9)))
        overdue = int(rng.binomial(n - d, 0.15))
        if unit.name == QUANG_NINH:
            n, d, overdue = QUANG_NINH_KH02_TASKS, QUANG_NINH_KH02_DONE, 0
        plans.append(TaskPlan(unit.code, unit.name, unit.dv, n, d, overdue, KH02_CHECK_DATE))
    return plans


def _register(rng: np.random.Generator, programme: Programme, plans: list[TaskPlan]) -> pd.DataFrame:
    """Return one programme's snapshot rows for every unit's plan, sorted by snapshot and task id."""
    order = list(programme.titles)  # numbered as registers list them: by date assigned, then by group
    rows = []
    for plan in plans:
        tasks = sorted(_unit_tasks(rng, programme, plan), key=lambda t: (t.assigned, order.index(t.group), t.title))
        for number, task in enumerate(tasks, start=1):
            task_id = f"{programme.code}-{plan.code}-{number:04d}"
            rows += [
                _snapshot_row(task, task_id, plan.name, programme.code, as_of)
                for as_of in programme.snapshots
                if task.assigned <= as_of
            ]
    frame = pd.DataFrame(rows)
    return frame.sort_values(["as_of", "task_id"], kind="stable").reset_index(drop=True)


def _unit_tasks(rng: np.random.Generator, programme: Programme, plan: TaskPlan) -> list[Task]:
    """Return a unit's tasks whose status on the check date matches the plan exactly."""
    kinds = rng.permutation(
        ["done"] * plan.done + ["overdue"] * plan.overdue + ["on_track"] * (plan.tasks - plan.done - plan.overdue)
    )
    titles = _titles(rng, programme, plan.tasks, plan.dv)
    return [
        _task(rng, programme, plan.check_date, kind, group, title, plan.dv)
        for kind, (group, title) in zip(kinds, titles)
    ]


def _titles(rng: np.random.Generator, programme: Programme, n: int, dv: str) -> list[tuple[str, str]]:
    """Return n (group, title) pairs spread over the groups; titles repeat only as a later phase ('giai đoạn 2')."""
    pools = programme.titles
    groups = list(pools)
    if programme.group_weights is None:
        weights = np.array([len(pools[g]) for g in groups], dtype=float)
    else:
        weights = np.array(programme.group_weights) * rng.lognormal(0.0, 0.2, len(groups))
    pairs = []
    for group, k in zip(groups, _apportion(n, weights)):
        pool = [pools[group][i].format(dv=dv) for i in rng.permutation(len(pools[group]))]
        pairs += [
            (group, pool[i % len(pool)] + (f" (giai đoạn {i // len(pool) + 1})" if i >= len(pool) else ""))
            for i in range(k)
        ]
    return pairs


def _task(
    rng: np.random.Generator, programme: Programme, check: dt.date, kind: str, group: str, title: str, dv: str
) -> Task:
    """Return one task's dates so that on `check` it is done, overdue, or in progress on track."""
    early = kind == "overdue" or rng.random() < programme.initial_share
    assigned = programme.assign_from if early else _random_date(rng, programme.assign_from, check)
    if kind == "done":
        completed = _random_date(rng, assigned, check)
        started = _random_date(rng, assigned, min(completed, assigned + START_WITHIN))
        late = rng.random() >= programme.on_time_share
        late_due = _pick_due(rng, programme, assigned, completed - dt.timedelta(days=1)) if late else None
        due = late_due or _pick_due(rng, programme, completed, None)
    else:
        started = _random_date(rng, assigned, min(check, assigned + START_WITHIN))
        completed = check + dt.timedelta(days=int(rng.integers(10, 150)))
        if kind == "overdue":
            due = _pick_due(rng, programme, assigned, check - dt.timedelta(days=1))
        else:
            due = _pick_due(rng, programme, check, None)
    difficulty = _statement(rng, _weighted_category(rng), dv) if rng.random() < DIFFICULTY_STATED_SHARE else ""
    return Task(group, title, assigned, started, completed, due, difficulty)


def _pick_due(
    rng: np.random.Generator, programme: Programme, earliest: dt.date, latest: dt.date | None
) -> dt.date | None:
    """Return a weighted deadline between `earliest` and `latest` (inclusive), or None when none fits."""
    dates = [d for d in programme.due_weights if d >= earliest and (latest is None or d <= latest)]
    if not dates:
        return None
    weights = np.array([programme.due_weights[d] for d in dates])
    return dates[int(rng.choice(len(dates), p=weights / weights.sum()))]


def _snapshot_row(task: Task, task_id: str, province: str, programme: str, as_of: dt.date) -> dict:
    """Return the register row of `task` as reported on `as_of`."""
    status = "done" if task.completed <= as_of else "in_progress" if task.started <= as_of else "not_started"
    overdue = status != "done" and task.due < as_of
    return {
        "task_id": task_id,
        "province": province,
        "programme": programme,
        "group": task.group,
        "title": task.title,
        "status": status,
        "due": task.due.isoformat(),
        "completed_on": task.completed.isoformat() if status == "done" else "",
        "as_of": as_of.isoformat(),
        "difficulty": task.difficulty if overdue else "",
    }


# --- Filings ---


def _filings(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return monthly dossier counts: the 63 old provinces before July 2025, the 34 units from then on."""
    model = _filing_model(rng, old)
    for target in FILING_TARGETS:
        _calibrate(model, target)
    frame = _filing_rows(model)
    for target in FILING_TARGETS:
        _hit_exactly(frame, target)
    _check_filings(frame)
    return frame.drop(columns="code")


def _filing_model(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return expected volume and online / full-online log-odds per old province and month."""
    months = len(FILING_MONTHS)
    size = rng.lognormal(0.0, 0.5, len(old)) * np.where(old["is_city"], 2.0, 1.0)
    size[old["code"].isin(BIG_CITY_CODES).to_numpy()] = BIG_CITY_SIZE
    online_offset, full_offset = rng.normal(0.0, 0.45, len(old)), rng.normal(0.0, 0.8, len(old))
    model = old.loc[old.index.repeat(months)].reset_index(drop=True)
    t = np.tile(np.arange(months), len(old))
    model["period"] = np.tile(FILING_MONTHS, len(old))
    season = SEASON[np.tile([int(p[5:]) - 1 for p in FILING_MONTHS], len(old))]
    model["volume"] = (
        BASE_MONTHLY_DOSSIERS
        * np.repeat(size, months)
        * season
        * (1 + MONTHLY_GROWTH * t)
        * rng.lognormal(0.0, 0.06, len(model))
    )
    model["online_logit"] = (
        _trend(ONLINE_SHARE_FIRST, ONLINE_SHARE_LAST, t, months - 1)
        + np.repeat(online_offset, months)
        + rng.normal(0.0, 0.08, len(model))
    )
    model["full_logit"] = (
        _trend(FULL_OF_ONLINE_FIRST, FULL_OF_ONLINE_LAST, t, months - 1)
        + np.repeat(full_offset, months)
        + rng.normal(0.0, 0.08, len(model))
    )
    return model


def _target_mask(model: pd.DataFrame, target: FilingTarget) -> pd.Series:
    """Return the model rows (old province × month) that add up to the target."""
    if (target.first < MERGER_MONTH) != (target.last < MERGER_MONTH):
        raise ValueError(f"filing target for {target.province} straddles the merger")
    name = model["name"] if target.last < MERGER_MONTH else model["unit_name"]
    return (name == target.province) & model["period"].between(target.first, target.last)


def _calibrate(model: pd.DataFrame, target: FilingTarget) -> None:
    """Scale the target provinces' volumes and shift their (full-)online shares so the window meets the target."""
    window = _target_mask(model, target)
    group = model["code"].isin(model.loc[window, "code"])
    model.loc[group, "volume"] *= target.dossiers_total / model.loc[window, "volume"].sum()
    volume = model.loc[window, "volume"].to_numpy()
    online_logit = model.loc[window, "online_logit"].to_numpy()
    shift = _solve_shift(lambda s: float(volume @ _expit(online_logit + s) / volume.sum()), target.online_share())
    model.loc[group, "online_logit"] += shift
    if target.dossiers_online_full is not None:
        online = volume * _expit(online_logit + shift)
        full_logit = model.loc[window, "full_logit"].to_numpy()
        shift = _solve_shift(
            lambda s: float(online @ _expit(full_logit + s) / volume.sum()),
            target.dossiers_online_full / target.dossiers_total,
        )
        model.loc[group, "full_logit"] += shift


def _filing_rows(model: pd.DataFrame) -> pd.DataFrame:
    """Return integer filings rows: old provinces before the merger, their 2025 units (summed) after it."""
    model = model.assign(online=model["volume"] * _expit(model["online_logit"]))
    model["full"] = model["online"] * _expit(model["full_logit"])
    before = model[model["period"] < MERGER_MONTH]
    after = (
        model[model["period"] >= MERGER_MONTH]
        .groupby(["unit_code", "unit_name", "period"], as_index=False)[["volume", "online", "full"]]
        .sum()
        .rename(columns={"unit_code": "code", "unit_name": "name"})
    )
    frame = pd.concat([before[["code", "name", "period", "volume", "online", "full"]], after], ignore_index=True)
    frame = frame.sort_values(["period", "code"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "province": frame["name"],
            "period": frame["period"],
            "dossiers_total": frame["volume"].round().astype("int64"),
            "dossiers_online": frame["online"].round().astype("int64"),
            "dossiers_online_full": frame["full"].round().astype("int64"),
            "level": "province",
            "code": frame["code"],
        }
    )


def _hit_exactly(frame: pd.DataFrame, target: FilingTarget) -> None:
    """Re-apportion the window's counts so their sums equal the published counts exactly."""
    window = (frame["province"] == target.province) & frame["period"].between(target.first, target.last)
    for column, total in (
        ("dossiers_total", target.dossiers_total),
        ("dossiers_online", target.dossiers_online),
        ("dossiers_online_full", target.dossiers_online_full),
    ):
        if total is not None:
            frame.loc[window, column] = _apportion(total, frame.loc[window, column].to_numpy(dtype=float))


def _check_filings(frame: pd.DataFrame) -> None:
    """Raise if any row breaks full-online ≤ online ≤ total."""
    bad = (frame["dossiers_online"] > frame["dossiers_total"]) | (
        frame["dossiers_online_full"] > frame["dossiers_online"]
    )
    if bad.any():
        raise ValueError(f"sample filings break online ≤ total or full ≤ online:\n{frame[bad]}")


# --- Indicators ---


def _indicators(
    rng: np.random.Generator, units: pd.DataFrame, old: pd.DataFrame, filings: pd.DataFrame
) -> pd.DataFrame:
    """Return quarterly pct indicators with counts (old provinces, then the 34 units), national sums and DTI 2024."""
    catalogue = reference.indicator_catalogue()
    expected = [c for c in catalogue.index if catalogue.loc[c, "unit"] == "pct" and c not in DERIVED_INDICATORS]
    if sorted(expected) != sorted(INDICATOR_MODEL):
        raise ValueError(f"INDICATOR_MODEL must cover the catalogue's pct indicators: {expected}")
    geography, quarterly = _indicator_geography(units, old, filings), _quarterly_dossiers(filings)
    frames = [_indicator_rows(rng, code, geography, quarterly) for code in INDICATOR_MODEL]
    counts = pd.concat(frames, ignore_index=True)
    national = (
        counts.groupby(["indicator", "period"], as_index=False, sort=False)[["numerator", "denominator"]]
        .sum()
        .assign(province=NATIONAL, code="00")
    )
    frame = pd.concat([counts, national], ignore_index=True)
    frame["value"] = (100 * frame["numerator"] / frame["denominator"]).map("{:.2f}".format)
    frame = frame.assign(unit="pct", source=SOURCE_LABEL).sort_values(["indicator", "period", "code"], kind="stable")
    columns = ["province", "indicator", "period", "numerator", "denominator", "value", "unit", "source"]
    frame = pd.concat([frame[columns], _dti_rows(rng, old)], ignore_index=True)
    frame[["numerator", "denominator"]] = frame[["numerator", "denominator"]].astype("Int64")
    return frame


def _indicator_geography(units: pd.DataFrame, old: pd.DataFrame, filings: pd.DataFrame) -> pd.DataFrame:
    """Return the reporting units (old provinces, then 2025 units) with their member old codes and adult population."""
    monthly_2024 = filings[filings["period"] < "2025"].groupby("province")["dossiers_total"].mean()
    adults = (monthly_2024.reindex(old["name"]).to_numpy() * ADULTS_PER_MONTHLY_DOSSIER).round()
    olds = pd.DataFrame(
        {
            "code": old["code"],
            "province": old["name"],
            "members": [[c] for c in old["code"]],
            "adults": adults,
            "is_unit": False,
        }
    )
    news = pd.DataFrame(
        {
            "code": units["code"],
            "province": units["name"],
            "is_unit": True,
            "members": [old.loc[old["unit_code"] == c, "code"].tolist() for c in units["code"]],
            "adults": [adults[(old["unit_code"] == c).to_numpy()].sum() for c in units["code"]],
        }
    )
    return pd.concat([olds, news], ignore_index=True)


def _indicator_rows(
    rng: np.random.Generator, code: str, geography: pd.DataFrame, quarterly: dict[tuple[str, str], int]
) -> pd.DataFrame:
    """Return one indicator's quarterly counts for every reporting unit, published targets applied."""
    first, last, spread, kind = INDICATOR_MODEL[code]
    old_codes = geography.loc[~geography["is_unit"], "code"]
    offsets = dict(zip(old_codes, rng.normal(0.0, spread, len(old_codes))))
    base = _constant_denominators(rng, code, kind, geography) if kind in ("procedures", "services") else None
    rows = []
    for q, quarter in enumerate(INDICATOR_QUARTERS):
        current = geography[geography["is_unit"] == (quarter >= MERGER_QUARTER)]
        for unit in current.itertuples():
            offset = np.mean([offsets[m] for m in unit.members])
            trend = _trend(first / 100, last / 100, q, len(INDICATOR_QUARTERS) - 1)
            share = _expit(trend + offset + rng.normal(0.0, 0.1))
            denominator = _denominator(rng, kind, unit, quarter, base, quarterly)
            rows.append(
                {
                    "province": unit.province,
                    "code": unit.code,
                    "indicator": code,
                    "period": quarter,
                    "numerator": int(round(denominator * share)),
                    "denominator": denominator,
                }
            )
    frame = pd.DataFrame(rows)
    for target in (t for t in INDICATOR_TARGETS if t.indicator == code):
        _hit_indicator(frame, target)
    return frame


def _constant_denominators(rng: np.random.Generator, code: str, kind: str, geography: pd.DataFrame) -> pd.Series:
    """Return per-unit denominators that do not change by quarter (procedures, services), targets applied."""
    low, high = {"procedures": (1_400, 2_100), "services": (700, 1_700)}[kind]
    base = pd.Series(rng.integers(low, high, len(geography)), index=geography.index)
    for target in INDICATOR_TARGETS:
        if target.indicator == code and target.denominator is not None:
            base[geography["province"] == target.province] = target.denominator
    return base


def _quarterly_dossiers(filings: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Return dossiers received per (province, quarter) from the monthly filings."""
    quarter = pd.PeriodIndex(filings["period"], freq="M").asfreq("Q").astype(str).str.replace("Q", "-Q")
    return filings.assign(quarter=quarter).groupby(["province", "quarter"])["dossiers_total"].sum().to_dict()


def _denominator(
    rng: np.random.Generator,
    kind: str,
    unit,
    quarter: str,
    base: pd.Series | None,
    quarterly: dict[tuple[str, str], int],
) -> int:
    """Return the denominator of one unit-quarter for an indicator counting `kind`."""
    if base is not None:
        return int(base[unit.Index])
    if kind == "adults":
        return int(unit.adults)
    if kind == "respondents":
        return int(rng.integers(400, 3_000))
    dossiers = quarterly[(unit.province, quarter)]
    return dossiers if kind == "dossiers" else int(round(dossiers * rng.uniform(0.4, 1.2)))  # documents


def _hit_indicator(frame: pd.DataFrame, target: IndicatorTarget) -> None:
    """Set the window's counts so they add up to the published counts or percentage."""
    window = (frame["province"] == target.province) & frame["period"].isin(target.quarters)
    if target.denominator is not None:
        current = frame.loc[window, "denominator"].to_numpy(dtype=float)
        frame.loc[window, "denominator"] = _apportion(target.denominator, current)
    denominators = frame.loc[window, "denominator"].to_numpy(dtype=float)
    numerator = target.numerator if target.numerator is not None else round(target.pct * denominators.sum() / 100)
    frame.loc[window, "numerator"] = _apportion(numerator, denominators)


def _dti_rows(rng: np.random.Generator, old: pd.DataFrame) -> pd.DataFrame:
    """Return 2024 DTI scores (0–1, value only) for the 63 old provinces, ordered roughly as their 2022 ranks."""
    rank = pd.Series(range(len(DTI_2022_RANK_ORDER)), index=list(DTI_2022_RANK_ORDER)).reindex(old["code"]).to_numpy()
    score = 0.07 * (1 - 2 * rank / (len(rank) - 1)) + rng.normal(0.0, 0.025, len(rank))
    score = np.clip(score - score.mean() + DTI_2024_PROVINCIAL_MEAN, 0.0, 1.0)
    return pd.DataFrame(
        {
            "province": old["name"],
            "indicator": "dti_score",
            "period": "2024",
            "numerator": pd.NA,
            "denominator": pd.NA,
            "value": [f"{s:.4f}" for s in score],
            "unit": "score",
            "source": SOURCE_LABEL,
        }
    )


# --- Difficulties ---


def _difficulties(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
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


# --- Marker and README ---


def _marker(seed: int) -> dict:
    """Return the marker loaders read to flag the folder as synthetic."""
    return {
        "synthetic": True,
        "generator": "dtanalysis sample",
        "seed": seed,
        "note": (
            "Synthetic sample data generated by dtanalysis; calibrated to published figures "
            "(see README.md) but not real provincial data."
        ),
    }


def calibration_targets() -> list[tuple[str, str]]:
    """Return every published figure the sample reproduces, as (what the sample shows, source URL)."""
    targets = [
        (
            f"NQ57 register on {NQ57_REPORT_DATE}: {NQ57_TASKS:,} tasks of the 34 units, {NQ57_DONE:,} done "
            f"({100 * NQ57_DONE / NQ57_TASKS:.2f} %), the rest in progress (F001, F002)",
            URL_NGHE_AN_NQ57,
        ),
        (
            f"{NGHE_AN} on {NQ57_REPORT_DATE}: {NGHE_AN_TASKS} NQ57 tasks, {NGHE_AN_DONE} done, "
            f"{NGHE_AN_TASKS - NGHE_AN_DONE} in progress (F003, F004); its difficulties paraphrase the reported ones",
            URL_NGHE_AN_NQ57,
        ),
        (
            f"{QUANG_NINH} on {KH02_CHECK_DATE}: {QUANG_NINH_KH02_DONE} of {QUANG_NINH_KH02_TASKS} KH02 tasks done, "
            f"none overdue (F010)",
            URL_NHANDAN_AUG_2025,
        ),
    ]
    targets += [
        (
            f"filings, {t.province}: rows {t.first}..{t.last} add up to the published counts — {t.published}",
            t.source_url,
        )
        for t in FILING_TARGETS
    ]
    targets += [
        (
            f"indicators, {t.province} `{t.indicator}`: rows {', '.join(t.quarters)} add up to the published "
            f"figure — {t.published}",
            t.source_url,
        )
        for t in INDICATOR_TARGETS
    ]
    targets += [
        (f"indicators, `dti_score` 2024: mean of the 63 provinces {DTI_2024_PROVINCIAL_MEAN}", URL_DTI_2024),
        ("indicators, `dti_score` 2024: provinces ordered roughly as in the published 2022 DTI ranking", URL_DTI_2022),
    ]
    return targets


def _file_descriptions() -> dict[str, str]:
    """Return what each CSV of the sample holds, for the README."""
    return {
        "tasks.csv": (
            "Task registers, one row per task per snapshot. `NQ57` (Resolution 57-NQ/TW): all 34 units, snapshots "
            f"at the end of each month March–October 2025 and on {NQ57_REPORT_DATE}. `KH02` (Plan 02-KH/BCĐTW): "
            f"snapshots on the 15th of June–October 2025 and on {NQ57_REPORT_DATE}. `task_id` is stable across "
            "snapshots; tasks are assigned progressively; status only moves not_started → in_progress → done and "
            "`completed_on` never changes once set. `difficulty` is filled on some overdue tasks. Snapshots before "
            "1 July 2025 also use the 2025 unit names (each is also the name of an old province in that unit)."
        ),
        "filings.csv": (
            f"Dossiers received per province and month (`{FILING_MONTHS[0]}`..`{FILING_MONTHS[-1]}`), of them "
            f"received online and handled fully online: the 63 old provinces before `{MERGER_MONTH}`, the 34 units "
            "from then on (each the sum of its old provinces' model, so series continue across the merger). The "
            f"national online share rises from about {ONLINE_SHARE_FIRST:.0%} to {ONLINE_SHARE_LAST:.0%}."
        ),
        "indicators.csv": (
            f"Quarterly counts (`{INDICATOR_QUARTERS[0]}`..`{INDICATOR_QUARTERS[-1]}`; old provinces before "
            f"`{MERGER_QUARTER}`, the 34 units from it) for the catalogue's percentage indicators not derived from "
            f"tasks or filings, with `{NATIONAL}` rows summing them; plus `dti_score` for 2024 for the 63 old "
            "provinces, a score without counts that cannot be rolled up to the 2025 units."
        ),
        "difficulties.csv": (
            f"{MIN_STATEMENTS}–{MAX_STATEMENTS} difficulty statements per unit (Vietnamese, October–November 2025), "
            "one per category, categories at roughly the national frequency; each contains a keyword of its "
            "taxonomy category. No `category` column: classifying them is the library's job."
        ),
    }


def _readme(seed: int, rows: dict[str, int]) -> str:
    """Return the README that sits beside the sample data."""
    targets = "\n".join(f"- {what}  \n  source: <{url}>" for what, url in calibration_targets())
    table = "\n".join(f"| `{name}` | {rows[name]:,} | {text} |" for name, text in _file_descriptions().items())
    table += f'\n| `{MARKER_FILE}` | | `{{"synthetic": true, ...}}` marker with the seed. |'
    return f"""# ⚠️ SYNTHETIC SAMPLE DATA — NOT REAL PROVINCIAL DATA ⚠️

Every row in this folder is **invented**. The data is generated by

    dtanalysis sample --out data/sample --seed {seed}

(`make sample` does the same) and lets the notebooks, the briefing batch and the tests run without real
data. It is calibrated so that a handful of **published figures** come out exactly (listed below); all
other numbers, titles, dates and statements are random draws. Do not quote them, and do not edit these
files by hand: the test suite checks that this folder equals a fresh generation with seed {seed}.
`{MARKER_FILE}` marks the folder as synthetic; loaders and briefing packs flag it.

## Files

| file | rows | contents |
|---|---:|---|
{table}

## Published figures the sample reproduces

{targets}

## How the rest is drawn

- Tasks: unit task counts vary around the national mean; completion rates are spread evenly between about
  20 % and 97 % before being shifted to the national total; deadlines are mostly 31 Dec 2025, the others
  month-ends from June; some done tasks finished after their deadline, and some tasks in progress are overdue.
- Filings: volumes scale with a random province size (Hà Nội and Hồ Chí Minh largest), a Tết dip and slow
  growth; online and full-online shares follow a national trend plus a province offset. A calibrated
  province's whole series is scaled with it, so it has no jump at the calibrated months. Hà Nam's
  submitted-online count was not published: the sample assumes half of the dossiers not handled fully
  online were still submitted online.
- Indicators: a national trend per indicator plus a province offset; denominators are dossiers received
  (from `filings.csv`), adults, survey respondents, procedures, services or documents.
"""


# --- Small numeric helpers ---


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Return integers proportional to `weights` that sum exactly to `total` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype("int64")
    remainder = int(total - counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


def _solve_shift(f: Callable[[float], float], target: float, low: float = -20.0, high: float = 20.0) -> float:
    """Return s with f(s) = target for an increasing f, by bisection."""
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) < target else (low, middle)
    return (low + high) / 2


def _expit(x):
    """Return the logistic function of x."""
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    """Return the log-odds of p."""
    return np.log(p / (1.0 - p))


def _trend(first: float, last: float, t, steps: int):
    """Return log-odds moving linearly from share `first` at t=0 to share `last` at t=steps."""
    return _logit(first) + (_logit(last) - _logit(first)) * np.asarray(t) / steps


def _random_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    """Return a uniformly random date from `start` to `end` inclusive."""
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))

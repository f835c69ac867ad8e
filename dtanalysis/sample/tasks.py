"""The synthetic task registers (NQ57, KH02): per-unit plans that meet the published counts, then the tasks' lives
as one row per task per snapshot."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dtanalysis.sample.calibration import (
    KH02_CHECK_DATE,
    NGHE_AN,
    NGHE_AN_DONE,
    NGHE_AN_TASKS,
    NQ57_DONE,
    NQ57_REPORT_DATE,
    NQ57_TASKS,
    QUANG_NINH,
    QUANG_NINH_KH02_DONE,
    QUANG_NINH_KH02_TASKS,
    _apportion,
    _expit,
    _logit,
    _random_date,
    _solve_shift,
)
from dtanalysis.sample.difficulties import _statement, _weighted_category

# --- Model assumptions (not published; chosen to look like the real registers) ---
NQ57_SNAPSHOTS = tuple(dt.date(2025, m, calendar.monthrange(2025, m)[1]) for m in range(3, 11)) + (NQ57_REPORT_DATE,)
KH02_SNAPSHOTS = tuple(dt.date(2025, m, 15) for m in range(6, 11)) + (NQ57_REPORT_DATE,)

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


def task_registers(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
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

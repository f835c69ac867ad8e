"""Words and number formats in Vietnamese and English, so packs read naturally in either language.

Vietnamese writes 309.654 and 85,38 %; English writes 309,654 and 85.38%. Every label a chart,
card or table shows comes from LABELS, so the two languages never drift apart.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from dtanalysis.common.errors import ParameterError

LANGS = ("vi", "en")

LABELS: dict[str, dict[str, str]] = {
    # headings
    "briefing_title": {"vi": "Bản tin chuyển đổi số", "en": "Digital transformation briefing"},
    "national_title": {"vi": "Tổng quan toàn quốc", "en": "National overview"},
    "index_title": {
        "vi": "Bản tin chuyển đổi số các tỉnh, thành phố",
        "en": "Provincial digital transformation briefings",
    },
    "headline": {"vi": "Những con số chính", "en": "Headline figures"},
    "ranking": {"vi": "Xếp hạng 34 tỉnh, thành phố", "en": "Ranking of the 34 provincial units"},
    "progress": {"vi": "Tiến độ nhiệm vụ", "en": "Task progress"},
    "overdue_watch": {"vi": "Nhiệm vụ quá hạn cần theo dõi", "en": "Overdue tasks to watch"},
    "difficulties": {"vi": "Khó khăn, vướng mắc", "en": "Difficulties"},
    "online_filing": {"vi": "Hồ sơ nộp trực tuyến", "en": "Online filing"},
    "other_indicators": {"vi": "Các chỉ tiêu khác", "en": "Other indicators"},
    "published": {"vi": "Số liệu đã công bố", "en": "Published figures"},
    "definitions": {"vi": "Định nghĩa và nguồn dữ liệu", "en": "Definitions and data sources"},
    "league": {"vi": "Bảng xếp hạng", "en": "League table"},
    "map": {"vi": "Bản đồ", "en": "Map"},
    "data_quality": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "distribution": {"vi": "Phân bố tỷ lệ hồ sơ trực tuyến", "en": "Distribution of online-filing rates"},
    # metrics and columns
    "tasks_done": {"vi": "Nhiệm vụ hoàn thành", "en": "Tasks done"},
    "completion_pct": {"vi": "Tỷ lệ hoàn thành", "en": "Completion rate"},
    "on_time_pct": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
    "overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "overdue_pct": {"vi": "Tỷ lệ quá hạn", "en": "Overdue share"},
    "online_pct": {"vi": "Tỷ lệ hồ sơ trực tuyến", "en": "Online filing rate"},
    "full_online_pct": {"vi": "Tỷ lệ hồ sơ trực tuyến toàn trình", "en": "Fully online rate"},
    "composite_index": {"vi": "Chỉ số tổng hợp", "en": "Composite index"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "rank_of_34": {"vi": "Hạng / 34", "en": "Rank of 34"},
    "plausible_range": {"vi": "khoảng hạng hợp lý", "en": "plausibly"},
    "done": {"vi": "Đã hoàn thành", "en": "Done"},
    "in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
    "not_started": {"vi": "Chưa thực hiện", "en": "Not started"},
    "assigned": {"vi": "Nhiệm vụ được giao", "en": "Tasks assigned"},
    "province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "national": {"vi": "Toàn quốc", "en": "National"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "merger": {"vi": "Sáp nhập tỉnh 1/7/2025", "en": "Provinces merged 1 Jul 2025"},
    "days_overdue": {"vi": "Số ngày quá hạn", "en": "Days overdue"},
    "group": {"vi": "Nhóm nhiệm vụ", "en": "Task group"},
    "title": {"vi": "Nhiệm vụ", "en": "Task"},
    "due": {"vi": "Thời hạn", "en": "Deadline"},
    "category": {"vi": "Nhóm khó khăn", "en": "Difficulty"},
    "provinces_pct": {"vi": "Tỷ lệ tỉnh nêu", "en": "Share of provinces reporting"},
    "reported_here": {"vi": "Tỉnh có nêu", "en": "Reported here"},
    "statements": {"vi": "Số ý kiến", "en": "Statements"},
    "period": {"vi": "Kỳ", "en": "Period"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "audit": {"vi": "Kiểm tra", "en": "Audit"},
    "consistent": {"vi": "khớp", "en": "consistent"},
    "inconsistent": {"vi": "không khớp", "en": "inconsistent"},
    "unknown": {"vi": "không xác định", "en": "unknown"},
    "higher": {"vi": "cao hơn toàn quốc", "en": "higher than national"},
    "lower": {"vi": "thấp hơn toàn quốc", "en": "lower than national"},
    "similar": {"vi": "tương đương toàn quốc", "en": "similar to national"},
    "minimum": {"vi": "Thấp nhất", "en": "Minimum"},
    "median": {"vi": "Trung vị", "en": "Median"},
    "maximum": {"vi": "Cao nhất", "en": "Maximum"},
    "interval95": {"vi": "khoảng tin cậy 95%", "en": "95% interval"},
    "task_id": {"vi": "Mã nhiệm vụ", "en": "Task id"},
    "difficulty": {"vi": "Khó khăn nêu", "en": "Stated difficulty"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "name": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "period_end": {"vi": "Đến ngày", "en": "Up to"},
    "numerator": {"vi": "Tử số", "en": "Numerator"},
    "denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "reported_value": {"vi": "Công bố", "en": "Published"},
    "computed_pct": {"vi": "Tính lại", "en": "Recomputed"},
    "audit_note": {"vi": "Ghi chú", "en": "Note"},
    "term": {"vi": "Thuật ngữ", "en": "Term"},
    "definition": {"vi": "Định nghĩa", "en": "Definition"},
    "dataset": {"vi": "Bộ dữ liệu", "en": "Dataset"},
    "file": {"vi": "Tệp", "en": "File"},
    "row_count": {"vi": "Số dòng", "en": "Rows"},
    "sha256": {"vi": "SHA-256 (12 ký tự đầu)", "en": "SHA-256 (first 12)"},
    "province_name": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "item": {"vi": "Nội dung", "en": "Item"},
    "min": {"vi": "Thấp nhất", "en": "Minimum"},
    "max": {"vi": "Cao nhất", "en": "Maximum"},
    "count": {"vi": "Số tỉnh", "en": "Units"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "completion_rank": {"vi": "Hạng hoàn thành", "en": "Completion rank"},
    "completion_movement": {"vi": "So với kỳ trước", "en": "Movement"},
    "completion_rank_best": {"vi": "Hạng tốt nhất hợp lý", "en": "Best plausible rank"},
    "completion_rank_worst": {"vi": "Hạng thấp nhất hợp lý", "en": "Worst plausible rank"},
    "composite_rank": {"vi": "Hạng tổng hợp", "en": "Composite rank"},
    "online_rank": {"vi": "Hạng trực tuyến", "en": "Online rank"},
    "vs_national": {"vi": "So với toàn quốc", "en": "Against national"},
    "dossiers_total": {"vi": "Tổng hồ sơ", "en": "Dossiers"},
    "dossiers_online": {"vi": "Hồ sơ trực tuyến", "en": "Filed online"},
    "ci95_low_pct": {"vi": "Cận dưới 95%", "en": "95% low"},
    "ci95_high_pct": {"vi": "Cận trên 95%", "en": "95% high"},
    "national_pct": {"vi": "Toàn quốc", "en": "National"},
    "old_units": {"vi": "Số tỉnh cũ cộng gộp", "en": "Former provinces summed"},
    "rank_range_movement": {"vi": "Khoảng hạng · thay đổi", "en": "Plausible ranks · movement"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    # chart axes and legends
    "tasks": {"vi": "Số nhiệm vụ", "en": "Number of tasks"},
    "snapshot": {"vi": "Ngày báo cáo", "en": "Report date"},
    "month": {"vi": "Tháng", "en": "Month"},
    "not_reported_here": {"vi": "Tỉnh không nêu", "en": "Not reported here"},
    "national_range": {"vi": "Toàn quốc: thấp nhất – cao nhất", "en": "National range: minimum – maximum"},
    "national_median": {"vi": "Trung vị toàn quốc", "en": "National median"},
    "archipelago_48": {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa archipelago"},
    "archipelago_56": {"vi": "Quần đảo Trường Sa", "en": "Trường Sa archipelago"},
    # page furniture
    "numbers_behind": {"vi": "Số liệu của biểu đồ", "en": "Numbers behind the chart"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "sample_banner": {
        "vi": "DỮ LIỆU MẪU: số liệu tổng hợp (giả lập), chỉ để minh họa — không phải số liệu thật của địa phương.",
        "en": "SAMPLE DATA: synthetic figures for demonstration only — not real provincial data.",
    },
    "generated": {"vi": "Tạo lúc", "en": "Generated"},
    "data_version": {"vi": "Phiên bản dữ liệu", "en": "Data fingerprint"},
    "parameters": {"vi": "Tham số", "en": "Parameters"},
    "missing_data": {"vi": "Không có dữ liệu", "en": "No data"},
    "no_section_data": {
        "vi": "Không có số liệu cho phần này trong thư mục dữ liệu.",
        "en": "The data folder holds no figures for this section.",
    },
    "as_of": {"vi": "Số liệu đến ngày", "en": "Data as of"},
    "open_pack": {"vi": "Mở bản tin", "en": "Open briefing"},
    "failed": {"vi": "Lỗi", "en": "Failed"},
    "interrupted": {
        "vi": "Bị dừng giữa chừng, chạy lại với --only-failed",
        "en": "Interrupted; re-run with --only-failed",
    },
    "older_data": {"vi": "dữ liệu cũ hơn", "en": "older data"},
    "no_charts": {
        "vi": "Trình duyệt này không vẽ được biểu đồ (thiếu DecompressionStream); hãy mở bằng Chrome, Edge, Firefox "
        "hoặc Safari bản mới. Số liệu của biểu đồ nằm trong bảng ngay bên dưới.",
        "en": "This browser cannot draw the charts (it lacks DecompressionStream); open the pack in a current Chrome, "
        "Edge, Firefox or Safari. The numbers behind each chart are in the table below it.",
    },
    # communes
    "commune_merger": {"vi": "Sắp xếp xã 1/7/2025", "en": "Communes merged 1 Jul 2025"},
    "incomplete_month": {"vi": "chưa đủ số liệu", "en": "incomplete"},
    "commune_tasks": {"vi": "Nhiệm vụ theo xã, phường", "en": "Tasks by commune"},
    "commune_own_tasks": {"vi": "Nhiệm vụ của xã", "en": "The commune's tasks"},
    "commune": {"vi": "Xã, phường", "en": "Commune"},
    "commune_code": {"vi": "Mã xã", "en": "Commune code"},
    "no_tasks": {"vi": "Không có nhiệm vụ", "en": "No tasks"},
    "no_filings": {"vi": "Không có số liệu hồ sơ", "en": "No filing figures"},
    "completed_on": {"vi": "Ngày hoàn thành", "en": "Completed on"},
    "programme": {"vi": "Chương trình", "en": "Programme"},
    # issue 11: the adjusted funnel, rank uncertainty, completion intervals, trends
    "vs_rest": {"vi": "So với phần còn lại của cả nước", "en": "Against the rest of the country"},
    "vs_rest_95": {"vi": "So với phần còn lại (95%)", "en": "Against the rest (95%)"},
    "rest_higher": {"vi": "cao hơn phần còn lại của cả nước", "en": "higher than the rest of the country"},
    "rest_lower": {"vi": "thấp hơn phần còn lại của cả nước", "en": "lower than the rest of the country"},
    "rest_similar": {"vi": "tương đương phần còn lại của cả nước", "en": "similar to the rest of the country"},
    "comparator_pct": {"vi": "Phần còn lại của cả nước", "en": "Rest of the country"},
    "funnel95_low_pct": {"vi": "Giới hạn dưới 95%", "en": "95% limit, low"},
    "funnel95_high_pct": {"vi": "Giới hạn trên 95%", "en": "95% limit, high"},
    "funnel998_low_pct": {"vi": "Giới hạn dưới 99,8%", "en": "99.8% limit, low"},
    "funnel998_high_pct": {"vi": "Giới hạn trên 99,8%", "en": "99.8% limit, high"},
    "funnel_limits95": {"vi": "Giới hạn 95% (đã điều chỉnh)", "en": "95% limits (adjusted)"},
    "funnel_limits998": {"vi": "Giới hạn 99,8% (đã điều chỉnh)", "en": "99.8% limits (adjusted)"},
    "funnel": {
        "vi": "Biểu đồ phễu: tỷ lệ nộp trực tuyến theo số hồ sơ",
        "en": "Funnel plot: online-filing rate against the number of dossiers",
    },
    "within_uncertainty": {"vi": "≈ trong phạm vi sai số", "en": "≈ within uncertainty"},
    "completion_ci95_low_pct": {"vi": "Cận dưới 95% (hoàn thành)", "en": "Completion 95% low"},
    "completion_ci95_high_pct": {"vi": "Cận trên 95% (hoàn thành)", "en": "Completion 95% high"},
    # the monitoring meeting: changes since the previous report, outlook to the deadline, status at a glance
    "changes": {"vi": "Thay đổi so với kỳ báo cáo trước", "en": "Changes since the previous report"},
    "outlook": {"vi": "Dự báo đến hạn chót", "en": "Outlook to the deadline"},
    "status_glance": {"vi": "Trạng thái nhiệm vụ", "en": "Task status at a glance"},
    "movers": {"vi": "Đơn vị thay đổi thứ hạng nhiều nhất", "en": "Units that moved most"},
    "movers_up": {"vi": "Tăng hạng", "en": "Moved up"},
    "movers_down": {"vi": "Giảm hạng", "en": "Moved down"},
    "outlook_units": {"vi": "Dự báo theo đơn vị", "en": "Outlook per unit"},
    "state_done": {"vi": "Đã hoàn thành", "en": "Done"},
    "state_on_track": {"vi": "Trong hạn", "en": "On track"},
    "state_due_soon": {"vi": "Đến hạn trong 30 ngày", "en": "Due within 30 days"},
    "state_overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "state": {"vi": "Trạng thái", "en": "Status"},
    "verdict_on_track": {"vi": "Kịp hạn", "en": "On track"},
    "verdict_at_risk": {"vi": "Có nguy cơ chậm", "en": "At risk"},
    "verdict_off_track": {"vi": "Không kịp hạn", "en": "Off track"},
    "verdict_unknown": {"vi": "Chưa đủ số liệu", "en": "Not enough data"},
    "verdict_met": {"vi": "Đã hoàn thành đúng hạn", "en": "Met"},
    "verdict_missed": {"vi": "Không hoàn thành đúng hạn", "en": "Missed"},
    "verdict": {"vi": "Đánh giá", "en": "Verdict"},
    "deadline": {"vi": "Hạn chót", "en": "Deadline"},
    "done_to_date": {"vi": "Đã hoàn thành đến nay", "en": "Done to date"},
    "projected_done": {"vi": "Dự kiến hoàn thành", "en": "Projected done"},
    "projection_band": {"vi": "Khoảng dự báo 90%", "en": "90% projection band"},
    "needed_pace": {"vi": "Tốc độ cần để kịp hạn", "en": "Pace needed to finish"},
    "projected_low": {"vi": "Dự kiến (thấp)", "en": "Projected (low)"},
    "projected_high": {"vi": "Dự kiến (cao)", "en": "Projected (high)"},
    "pace_per_week": {"vi": "Tốc độ gần đây (nhiệm vụ/tuần)", "en": "Recent pace (tasks/week)"},
    "needed_per_week": {"vi": "Tốc độ cần (nhiệm vụ/tuần)", "en": "Needed pace (tasks/week)"},
    "weeks_left": {"vi": "Số tuần còn lại", "en": "Weeks left"},
    "newly_done": {"vi": "Mới hoàn thành", "en": "Newly done"},
    "newly_overdue": {"vi": "Mới quá hạn", "en": "Newly overdue"},
    "due_soon": {"vi": "Đến hạn trong 30 ngày", "en": "Due within 30 days"},
    "difficulties_new": {"vi": "Khó khăn mới nêu", "en": "Difficulties newly reported"},
    "reopened": {"vi": "Hoàn thành nay chưa xong", "en": "Reopened"},
    "rank_change": {"vi": "Thay đổi hạng (+ là lên hạng)", "en": "Places gained"},
    "previous_rank": {"vi": "Hạng kỳ trước", "en": "Previous rank"},
    "rank_best": {"vi": "Hạng tốt nhất hợp lý", "en": "Best plausible rank"},
    "rank_worst": {"vi": "Hạng thấp nhất hợp lý", "en": "Worst plausible rank"},
    "is_rank_change_meaningful": {"vi": "Vượt độ bất định", "en": "Beyond uncertainty"},
    "completion_change_pct_points": {"vi": "Thay đổi tỷ lệ (điểm %)", "en": "Change (points)"},
    "previous_as_of": {"vi": "Kỳ trước", "en": "Previous report"},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "within_rank_uncertainty": {"vi": "trong phạm vi độ bất định", "en": "within the uncertainty"},
    "no_meaningful_moves": {
        "vi": "Không thay đổi hạng nào dưới đây vượt độ bất định của xếp hạng.",
        "en": "None of the moves below exceeds the uncertainty of the ranking.",
    },
    # the real Decision 766 service index (data/published) and indicators against targets
    "dvc766": {
        "vi": "Chỉ số phục vụ người dân và doanh nghiệp (Quyết định 766) — số liệu thật đã công bố",
        "en": "Decision 766 service index — real published figures",
    },
    "dvc766_badge": {"vi": "SỐ LIỆU THẬT ĐÃ CÔNG BỐ", "en": "REAL PUBLISHED FIGURES"},
    "dvc766_CKMB": {"vi": "Công khai, minh bạch", "en": "Publicity and transparency"},
    "dvc766_TDGQ": {"vi": "Tiến độ giải quyết", "en": "Processing progress"},
    "dvc766_CLGQ": {"vi": "Dịch vụ trực tuyến", "en": "Online service"},
    "dvc766_TTTT": {"vi": "Thanh toán trực tuyến", "en": "Online payment"},
    "dvc766_MDHL": {"vi": "Mức độ hài lòng", "en": "Satisfaction"},
    "dvc766_MDSH": {"vi": "Số hóa hồ sơ", "en": "Digitisation of dossiers"},
    "dvc766_group": {"vi": "Nhóm chỉ số", "en": "Index group"},
    "dvc766_score": {"vi": "Điểm Chỉ số 766", "en": "Decision 766 score"},
    "dvc766_national": {"vi": "Điểm toàn quốc", "en": "National score"},
    "total_score": {"vi": "Tổng điểm (/100)", "en": "Total score (/100)"},
    "score": {"vi": "Điểm", "en": "Score"},
    "max_score": {"vi": "Điểm tối đa", "en": "Maximum"},
    "share_pct": {"vi": "Đạt so với tối đa", "en": "Share of maximum"},
    "previous_score": {"vi": "Điểm kỳ trước", "en": "Previous score"},
    "score_change": {"vi": "Thay đổi điểm", "en": "Score change"},
    "targets": {"vi": "Chỉ tiêu so với mục tiêu", "en": "Indicators against their targets"},
    "latest_period": {"vi": "Kỳ gần nhất", "en": "Latest period"},
    "latest_value": {"vi": "Giá trị gần nhất", "en": "Latest value"},
    "target_year": {"vi": "Năm mục tiêu", "en": "Target year"},
    "gap": {"vi": "Còn thiếu (mục tiêu − giá trị)", "en": "Gap (target − value)"},
    "slope_per_year": {"vi": "Xu hướng (điểm/năm)", "en": "Trend (points a year)"},
    "projected_value": {"vi": "Dự báo cuối năm mục tiêu", "en": "Projected at end of target year"},
    "target_reached": {"vi": "đã đạt", "en": "reached"},
    "target_on_course": {"vi": "đúng hướng để đạt", "en": "on course"},
    "target_not_on_course": {"vi": "chưa đúng hướng để đạt", "en": "not on course"},
    "target_missed": {"vi": "không đạt (đã quá hạn)", "en": "missed (deadline passed)"},
    "target_not_enough_data": {"vi": "chưa đủ số liệu (dưới 3 kỳ)", "en": "not enough data (fewer than 3 periods)"},
    "compare_with": {"vi": "So sánh với", "en": "Compare with"},
    "no_comparison": {"vi": "(không so sánh)", "en": "(none)"},
    "statement": {"vi": "Nội dung khó khăn", "en": "Statement"},
    "reported_on": {"vi": "Ngày báo cáo", "en": "Reported on"},
    # issue 11: the completion funnel, each unit's place on the funnels, honest tiers, ranks not offered
    "completion_funnel": {
        "vi": "Biểu đồ phễu: tỷ lệ hoàn thành nhiệm vụ theo số nhiệm vụ được giao",
        "en": "Funnel plot: task completion rate against the number of tasks assigned",
    },
    "funnel_position_completion": {
        "vi": "Vị trí trên biểu đồ phễu: tỷ lệ hoàn thành nhiệm vụ",
        "en": "Position on the funnel plot: task completion",
    },
    "funnel_position_online": {
        "vi": "Vị trí trên biểu đồ phễu: tỷ lệ nộp trực tuyến",
        "en": "Position on the funnel plot: online filing",
    },
    "completion_vs_rest": {"vi": "Hoàn thành so với phần còn lại", "en": "Completion against the rest"},
    "completion_vs_rest_95": {"vi": "Hoàn thành so với phần còn lại (95%)", "en": "Completion against the rest (95%)"},
    "completion_comparator_pct": {
        "vi": "Hoàn thành, phần còn lại của cả nước",
        "en": "Completion, rest of the country",
    },
    "completion_z_score": {"vi": "Điểm z (hoàn thành)", "en": "Completion z-score"},
    "completion_dispersion": {"vi": "Hệ số phân tán φ (hoàn thành)", "en": "Completion dispersion φ"},
    "completion_funnel95_low_pct": {"vi": "Hoàn thành: giới hạn dưới 95%", "en": "Completion 95% limit, low"},
    "completion_funnel95_high_pct": {"vi": "Hoàn thành: giới hạn trên 95%", "en": "Completion 95% limit, high"},
    "completion_funnel998_low_pct": {"vi": "Hoàn thành: giới hạn dưới 99,8%", "en": "Completion 99.8% limit, low"},
    "completion_funnel998_high_pct": {"vi": "Hoàn thành: giới hạn trên 99,8%", "en": "Completion 99.8% limit, high"},
    "other_units": {"vi": "Các tỉnh, thành phố khác", "en": "Other units"},
    "tier_short": {"vi": "nhóm", "en": "tier"},
    "ranks_not_offered_short": {"vi": "không xếp hạng: khoảng hạng quá rộng", "en": "not ranked: ranges too wide"},
    "ranks_not_offered": {
        "vi": "Không đưa ra thứ hạng vì khoảng hạng hợp lý bao trùm phần lớn bảng xếp hạng",
        "en": "Ranks are not offered because the plausible rank ranges cover most of the table",
    },
    "open_communes": {"vi": "Xem các xã, phường của tỉnh", "en": "Show the province's communes"},
    "no_commune": {"vi": "(chọn một xã, phường)", "en": "(choose a commune)"},
    # issue 11: the composite index checked per the OECD/JRC handbook, the Fingertips recent trend
    "composite_sensitivity": {
        "vi": "Độ vững của chỉ số tổng hợp (trọng số, chuẩn hóa, cách gộp)",
        "en": "How robust the composite is (weights, normalisation, aggregation)",
    },
    "composite_correlation": {
        "vi": "Tương quan giữa các chỉ tiêu của chỉ số tổng hợp (Pearson)",
        "en": "Correlation of the composite's metrics (Pearson)",
    },
    "composite_status": {"vi": "Xếp hạng tổng hợp", "en": "Composite ranking"},
    "composite_sensitivity_best": {"vi": "Hạng tốt nhất qua các phương án", "en": "Best rank over the variants"},
    "composite_sensitivity_worst": {"vi": "Hạng thấp nhất qua các phương án", "en": "Worst rank over the variants"},
    "composite_sensitivity_median": {"vi": "Hạng trung vị qua các phương án", "en": "Median rank over the variants"},
    "composite_sensitivity_scenarios": {"vi": "Số phương án", "en": "Variants"},
    "composite_weight_share": {"vi": "Tỷ trọng trọng số có số liệu", "en": "Share of the weight present"},
    "composite_missing": {"vi": "Chỉ tiêu thiếu", "en": "Missing metrics"},
    "composite_window": {"vi": "Kỳ số liệu", "en": "Data windows"},
    "composite_metrics": {"vi": "Các chỉ tiêu của chỉ số tổng hợp", "en": "Metrics of the composite"},
    "is_composite_window_matched": {"vi": "Kỳ khớp nhau", "en": "Windows matched"},
    "baseline_rank": {"vi": "Hạng theo phương án gốc", "en": "Baseline rank"},
    "sensitivity_span": {"vi": "Khoảng hạng qua các phương án", "en": "Rank span over the variants"},
    "metric_a": {"vi": "Chỉ tiêu 1", "en": "Metric 1"},
    "metric_b": {"vi": "Chỉ tiêu 2", "en": "Metric 2"},
    "pearson": {"vi": "Hệ số Pearson", "en": "Pearson r"},
    "spearman": {"vi": "Hệ số Spearman", "en": "Spearman rho"},
    "is_strongly_correlated": {"vi": "Tương quan mạnh", "en": "Strongly correlated"},
    "trend_improving": {"vi": "đang cải thiện", "en": "improving"},
    "trend_worsening": {"vi": "đang xấu đi", "en": "worsening"},
}


def column_labels(lang: str) -> dict[str, str]:
    """Return {column name: label} for every column name that has a label, for data tables."""
    return {key: value[lang] for key, value in LABELS.items()}


def check_lang(lang: str) -> str:
    """Return `lang` if it is 'vi' or 'en'; raise ParameterError otherwise."""
    if lang not in LANGS:
        raise ParameterError(f"lang must be 'vi' or 'en', not {lang!r}")
    return lang


def t(key: str, lang: str) -> str:
    """Return the label `key` in `lang`."""
    return LABELS[key][check_lang(lang)]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: object, lang: str) -> str:
    """Return a whole number with the language's thousands separator ('309.654' / '309,654'); '–' if missing."""
    if _missing(value):
        return "–"
    text = f"{int(round(float(value))):,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_num(value: object, lang: str, decimals: int = 1) -> str:
    """Return a number with the language's separators ('85,4' / '85.4'); '–' if missing."""
    if _missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def fmt_pct(value: object, lang: str, decimals: int = 1) -> str:
    """Return a percentage ('85,4 %' in Vietnamese, '85.4%' in English); '–' if missing."""
    if _missing(value):
        return "–"
    return f"{fmt_num(value, lang, decimals)} %" if lang == "vi" else f"{fmt_num(value, lang, decimals)}%"


def fmt_date(value: object, lang: str) -> str:
    """Return a date as '13/11/2025' (vi) or '13 Nov 2025' (en); '–' if missing."""
    if _missing(value) or value is pd.NaT:
        return "–"
    day = pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
    return day.strftime("%d/%m/%Y") if lang == "vi" else f"{day.day} {day:%b %Y}"


def category_label(category: dict | pd.Series, lang: str) -> str:
    """Return a taxonomy category's label in `lang`."""
    return category[f"label_{check_lang(lang)}"]


def indicator_name(code: str, lang: str) -> str:
    """Return the catalogue name of an indicator code in `lang` (the code itself if not catalogued)."""
    from dtanalysis.inputs.reference import indicator_catalogue

    catalogue = indicator_catalogue()
    return str(catalogue.loc[code, f"name_{check_lang(lang)}"]) if code in catalogue.index else code


def fmt_month(value: object, lang: str) -> str:
    """Return a month as '04/2025' (vi) or 'Apr 2025' (en); '–' if missing."""
    if _missing(value) or value is pd.NaT:
        return "–"
    return pd.Timestamp(value).strftime("%m/%Y" if lang == "vi" else "%b %Y")

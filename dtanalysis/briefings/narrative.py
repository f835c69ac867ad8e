"""Sentences and headline cards generated from the numbers, in Vietnamese or English.

A sentence only says a province is "higher" or "lower" than the rest of the country when the
overdispersion-adjusted funnel says so (issue 11, for online filing and task completion); otherwise it says
"similar", however far apart the two points look.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.briefings.words import category_label, fmt_date, fmt_int, fmt_num, fmt_pct, t
from dtanalysis.inputs import reference

_COMPARE = {
    "vi": {"higher": "cao hơn", "lower": "thấp hơn", "similar": "tương đương"},
    "en": {"higher": "higher than", "lower": "lower than", "similar": "similar to"},
}


def _category_labels(codes: list[str], lang: str) -> list[str]:
    taxonomy = {c["code"]: c for c in reference.difficulty_taxonomy()}
    return [category_label(taxonomy[c], lang) for c in codes if c in taxonomy]


def coverage(units: int | None, lang: str) -> str:
    """Return ' (12/34)' when a national figure covers fewer than the 34 units, else ''."""
    if units is None or units >= 34:
        return ""
    return f" ({units}/34 tỉnh)" if lang == "vi" else f" ({units} of 34 units)"


def cards(h: dict, lang: str) -> list[tuple[str, str, str]]:
    """Return the headline cards (label, value, detail) for one unit's headline figures."""
    items = []
    if "assigned" in h:
        national = t("national", lang) + coverage(h.get("national_units"), lang)
        detail = f"{fmt_pct(h['completion_pct'], lang)}{_completion_interval(h, lang)} · {national} {fmt_pct(h['national_completion_pct'], lang)}"
        items.append((t("tasks_done", lang), f"{fmt_int(h['done'], lang)}/{fmt_int(h['assigned'], lang)}", detail))
    if h.get("rank_offered") is False:
        items.append((t("rank_of_34", lang), "–", t("ranks_not_offered_short", lang)))
    if "rank" in h:
        movement = h.get("movement") or ""
        movement = t("within_uncertainty", lang) if movement == "≈" else movement
        spread = (
            f"{t('plausible_range', lang)} {h['rank_best']}–{h['rank_worst']}" if h.get("rank_best") is not None else ""
        )
        tier = f"{t('tier_short', lang)} {h['tier']}" if h.get("tier") else ""  # one quarter, or the span
        items.append((t("rank_of_34", lang), str(h["rank"]), " · ".join(x for x in (movement, spread, tier) if x)))
    if "overdue" in h:
        items.append(
            (
                t("overdue", lang),
                fmt_int(h["overdue"], lang),
                "nhiệm vụ chưa xong đã quá hạn" if lang == "vi" else "unfinished tasks past their deadline",
            )
        )
    if "online_pct" in h:
        detail = (
            f"{t('interval95', lang)} {fmt_pct(h['online_low'], lang)}–{fmt_pct(h['online_high'], lang)} · "
            f"{t('rest_' + h['online_verdict'], lang)}"
        )
        items.append((t("online_pct", lang), fmt_pct(h["online_pct"], lang), detail))
    if h.get("top_difficulties"):
        labels = _category_labels(h["top_difficulties"][:1], lang)
        more = len(h["top_difficulties"]) - 1
        extra = (f"+{more} nhóm khác" if lang == "vi" else f"+{more} more") if more > 0 else ""
        items.append((t("difficulties", lang), labels[0] if labels else "–", extra))
    return items


def completion_sentence(h: dict, lang: str) -> str:
    """Return the sentence on task completion and rank."""
    if "assigned" not in h:
        return t("missing_data", lang) + "."
    verdict = h.get("completion_verdict")  # the funnel against the rest of the country (never Wilson vs national)
    name, pct, nat = h["province_name"], fmt_pct(h["completion_pct"], lang), fmt_pct(h["national_completion_pct"], lang)
    rest = fmt_pct(h["completion_rest_pct"], lang) if h.get("completion_rest_pct") is not None else ""
    rank = ""
    if "rank" in h:
        spread = f" ({t('plausible_range', lang)} {h['rank_best']}–{h['rank_worst']})" if h.get("rank_best") else ""
        rank = f", xếp hạng {h['rank']}/34{spread}" if lang == "vi" else f", ranking {h['rank']} of 34{spread}"
    unranked = f" {t('ranks_not_offered', lang)}." if h.get("rank_offered") is False else ""
    if lang == "vi":
        compare = {
            "higher": f"cao hơn phần còn lại của cả nước ({rest}, không tính địa phương này; giới hạn phễu 99,8% "
            f"đã điều chỉnh theo độ phân tán giữa các tỉnh); toàn quốc: {nat}",
            "lower": f"thấp hơn phần còn lại của cả nước ({rest}, không tính địa phương này; giới hạn phễu 99,8% "
            f"đã điều chỉnh theo độ phân tán giữa các tỉnh); toàn quốc: {nat}",
            "similar": f"tương đương phần còn lại của cả nước ({rest}, không tính địa phương này) khi tính đến độ "
            f"phân tán giữa các tỉnh; toàn quốc: {nat}",
        }.get(verdict, f"toàn quốc: {nat}")
        return (
            f"{name} đã hoàn thành {fmt_int(h['done'], lang)}/{fmt_int(h['assigned'], lang)} nhiệm vụ "
            f"({pct}{_completion_interval(h, lang, sep='; ')}){rank}, "
            f"{compare}; {fmt_int(h.get('overdue', 0), lang)} nhiệm vụ đang quá hạn.{unranked}"
        )
    compare = {
        "higher": f"above the rest of the country ({rest}, this unit excluded; 99.8% funnel limits adjusted for the "
        f"spread between units); national: {nat}",
        "lower": f"below the rest of the country ({rest}, this unit excluded; 99.8% funnel limits adjusted for the "
        f"spread between units); national: {nat}",
        "similar": f"in line with the rest of the country ({rest}, this unit excluded) given the spread between "
        f"units; national: {nat}",
    }.get(verdict, f"national: {nat}")
    return (
        f"{name} has completed {fmt_int(h['done'], lang)} of {fmt_int(h['assigned'], lang)} tasks "
        f"({pct}{_completion_interval(h, lang, sep='; ')}){rank}, "
        f"{compare}; "
        + (
            "1 task is overdue."
            if h.get("overdue", 0) == 1
            else f"{fmt_int(h.get('overdue', 0), lang)} tasks are overdue."
        )
        + unranked
    )


def online_sentence(h: dict, lang: str) -> str:
    """Return the sentence on the recent online-filing rate against the national value."""
    if "online_pct" not in h:
        return t("missing_data", lang) + "."
    start, end = (fmt_date(pd.Timestamp(d), lang) for d in h["online_window"])
    rate, low, high = (fmt_pct(h[k], lang) for k in ("online_pct", "online_low", "online_high"))
    nat = fmt_pct(h["national_online_pct"], lang)
    rest = fmt_pct(h.get("online_rest_pct", h["national_online_pct"]), lang)
    compare = _COMPARE[lang][h["online_verdict"]]
    # the verdict is the adjusted funnel at 99.8 % against the rest of the country (never the unit itself)
    if lang == "vi":
        return (
            f"Từ {start} đến {end}, {rate} hồ sơ được nộp trực tuyến ({t('interval95', lang)}: {low}–{high}), "
            f"{compare} phần còn lại của cả nước ({rest}, không tính địa phương này; giới hạn phễu 99,8% đã điều "
            f"chỉnh theo độ phân tán giữa các tỉnh); toàn quốc: {nat}."
        )
    return (
        f"From {start} to {end}, {rate} of dossiers were filed online ({t('interval95', lang)}: {low}–{high}), "
        f"{compare} the rest of the country ({rest}, this unit excluded; 99.8% funnel limits adjusted for the "
        f"spread between units); national: {nat}."
    )


def difficulty_sentence(h: dict, lang: str) -> str:
    """Return the sentence naming the unit's main reported difficulties."""
    labels = _category_labels(h.get("top_difficulties", []), lang)
    if not labels:
        return (
            "Địa phương chưa nêu khó khăn nào trong dữ liệu."
            if lang == "vi"
            else "The data holds no difficulty reported by this unit."
        )
    joined = "; ".join(label.lower() if i else label for i, label in enumerate(labels))
    return (
        f"Khó khăn được nêu, theo mức độ phổ biến trên cả nước: {joined}."
        if lang == "vi"
        else f"Difficulties reported, most widespread nationally first: {joined}."
    )


def merger_note(old_units: int, lang: str) -> str:
    """Return the note explaining that months before July 2025 are roll-ups of old provinces."""
    if old_units <= 1:
        return ""
    return (
        f"Trước 1/7/2025, số liệu là tổng của {old_units} tỉnh cũ nay thuộc đơn vị này (cộng tử số và mẫu số)."
        if lang == "vi"
        else f"Before 1 July 2025 the figures add up the {old_units} former provinces now in this unit "
        "(numerators and denominators summed)."
    )


def subtitle(ctx, lang: str) -> str:
    """Return the pack subtitle: programme, snapshot date and data fingerprint."""
    programme = {
        "NQ57": "Nghị quyết 57-NQ/TW" if lang == "vi" else "Resolution 57-NQ/TW",
        "KH02": "Kế hoạch 02-KH/BCĐTW" if lang == "vi" else "Plan 02-KH/BCĐTW",
    }.get(ctx.programme, ctx.programme)
    return f"{programme} · {t('as_of', lang)} {fmt_date(ctx.as_of, lang)}"


_CAPTIONS = {
    "ranking": {
        "vi": "Tỷ lệ nhiệm vụ hoàn thành của 34 tỉnh, thành phố tại ngày báo cáo; đường nét đứt là mức toàn quốc "
        "(tổng nhiệm vụ hoàn thành / tổng nhiệm vụ được giao).",
        "en": "Share of tasks done in each of the 34 units at the report date; the dashed line is the national "
        "rate (all tasks done / all tasks assigned).",
    },
    "groups": {
        "vi": "Số nhiệm vụ theo nhóm và trạng thái tại ngày báo cáo.",
        "en": "Tasks by group and status at the report date.",
    },
    "trend": {
        "vi": "Tỷ lệ hoàn thành qua các kỳ báo cáo, so với toàn quốc.",
        "en": "Completion rate at each report date, against the national rate.",
    },
    "overdue": {
        "vi": "Nhiệm vụ chưa hoàn thành đã quá thời hạn, quá hạn lâu nhất ở trên.",
        "en": "Unfinished tasks past their deadline, longest overdue first.",
    },
    "difficulties": {
        "vi": "Tỷ lệ tỉnh, thành phố nêu từng nhóm khó khăn trên cả nước; màu đỏ là nhóm địa phương này có nêu.",
        "en": "Share of provinces reporting each difficulty nationally; red marks those this unit reported.",
    },
    "filing": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến theo tháng (dải màu: khoảng tin cậy 95%), so với toàn quốc và mục tiêu; "
        "đường chấm là ngày sáp nhập tỉnh 1/7/2025.",
        "en": "Monthly share of dossiers filed online (band: 95% interval), against the national rate and the "
        "target; the dotted line marks the 1 July 2025 merger of provinces.",
    },
    "indicators": {
        "vi": "Giá trị của địa phương (chấm đỏ) so với thấp nhất, trung vị và cao nhất của 34 tỉnh, thành phố, "
        "kỳ gần nhất.",
        "en": "This unit's value (red dot) against the minimum, median and maximum of the 34 units, latest period.",
    },
    "published": {
        "vi": "Số liệu đã công bố về địa phương, kèm nguồn; 'không khớp' nghĩa là tỷ lệ công bố không khớp với "
        "chính tử số và mẫu số đã công bố.",
        "en": "Figures published about this unit, with sources; 'inconsistent' means the published percentage "
        "does not match its own published counts.",
    },
    "league": {
        "vi": "Bảng xếp hạng 34 tỉnh, thành phố; khoảng hạng hợp lý từ 2.000 lần rút theo phân phối hậu nghiệm "
        "Jeffreys của số liệu gốc; '≈': hạng kỳ trước nằm trong khoảng đó, không phải thay đổi rõ rệt.",
        "en": "League table of the 34 units; plausible rank ranges from 2,000 Jeffreys posterior draws of the counts; "
        "'≈': the previous rank lies inside that range, not a clear move.",
    },
    "map": {
        "vi": "Chỉ số tổng hợp của 34 tỉnh, thành phố (trọng số trong parameters/composite.yaml).",
        "en": "Composite index of the 34 units (weights in parameters/composite.yaml).",
    },
    "distribution": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến 3 tháng gần nhất của từng tỉnh với khoảng tin cậy 95%; "
        "đường nét đứt là mức toàn quốc.",
        "en": "Online-filing rate over the last three months per unit with its 95% interval; the dashed "
        "line is the national rate.",
    },
    "funnel": {
        "vi": "Mỗi chấm là một tỉnh, thành phố (3 tháng gần nhất); các đường là giới hạn 95% (nét đứt) và 99,8% "
        "(nét liền) quanh mức toàn quốc, đã nhân với hệ số phân tán φ (Spiegelhalter 2005). Kết luận của từng tỉnh "
        "so với phần còn lại của cả nước (không tính tỉnh đó); với các tỉnh rất lớn mốc này lệch vài điểm so với "
        "mức toàn quốc, nên giới hạn riêng của tỉnh (trong bảng số liệu bên dưới) khác các đường này.",
        "en": "Each dot is a unit (last three months); the lines are the 95% (dashed) and 99.8% (solid) limits "
        "around the national rate, inflated by the dispersion factor φ (Spiegelhalter 2005). Each unit's verdict "
        "is against the rest of the country (itself excluded); for the largest units that comparator is a few "
        "points from the national rate, so their own limits (in the numbers below the chart) differ from these lines.",
    },
    "commune_rank": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến của xã và các xã xếp hạng liền trên, liền dưới trong tỉnh "
        "(thanh ngang: khoảng tin cậy 95%); đường nét đứt là mức của tỉnh.",
        "en": "Online-filing rate of the commune and the communes ranked just above and below it in the "
        "province (whiskers: 95% interval); the dashed line is the province's rate.",
    },
    "commune_trend": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến theo tháng của xã (dải màu: khoảng tin cậy 95%) so với tỉnh.",
        "en": "The commune's monthly online-filing rate (band: 95% interval) against its province.",
    },
    "frequency": {
        "vi": "Số tỉnh, thành phố nêu từng nhóm khó khăn (phân loại tự động theo từ khóa).",
        "en": "Number of provinces reporting each difficulty (classified by keyword rules).",
    },
    "changed_tasks": {
        "vi": "Nhiệm vụ mới hoàn thành, mới quá hạn, hoàn thành rồi nay chưa xong, và nhiệm vụ đến hạn trong 30 ngày tới.",
        "en": "Tasks newly done, newly overdue, reopened, and tasks due within the next 30 days.",
    },
    "status_groups": {
        "vi": "Trạng thái nhiệm vụ theo nhóm tại ngày báo cáo: đã hoàn thành, trong hạn (hạn còn hơn 30 ngày hoặc "
        "không có hạn), đến hạn trong 30 ngày, quá hạn; mỗi trạng thái có màu và hoa văn riêng.",
        "en": "Task status by group at the report date: done, on track (due in more than 30 days or no deadline), "
        "due within 30 days, overdue; each state has its own colour and pattern.",
    },
    "status_units": {
        "vi": "Trạng thái nhiệm vụ của từng tỉnh, thành phố tại ngày báo cáo (cùng màu và hoa văn như bản tin tỉnh).",
        "en": "Task status of every unit at the report date (the same colours and patterns as the province packs).",
    },
    "outlook": {
        "vi": "Số nhiệm vụ đã hoàn thành qua các kỳ và dự báo đến hạn chót theo tốc độ gần đây (dải: khoảng 90%); "
        "đường chấm xanh là tốc độ cần để hoàn thành mọi nhiệm vụ được giao.",
        "en": "Tasks done at each report and the projection to the deadline at the recent pace (band: 90% range); "
        "the green dotted line is the pace needed to finish every assigned task.",
    },
    "outlook_units": {
        "vi": "Dự báo số nhiệm vụ hoàn thành đến hạn chót của từng đơn vị, tốc độ gần đây và tốc độ cần.",
        "en": "Projected tasks done by the deadline per unit, with the recent and the needed pace.",
    },
    "movers": {
        "vi": "Thay đổi hạng hoàn thành so với kỳ báo cáo trước; 'vượt độ bất định' khi hạng kỳ trước nằm ngoài "
        "khoảng hạng hợp lý hiện nay.",
        "en": "Change in completion rank since the previous report; 'beyond uncertainty' when the previous rank "
        "lies outside the current plausible rank range.",
    },
    "dvc766_groups": {
        "vi": "Điểm của sáu nhóm chỉ số (thanh màu) so với điểm tối đa của nhóm (thanh xám), ngày công bố gần nhất.",
        "en": "Score of each of the six groups (coloured bar) against the group's maximum (grey bar), latest "
        "published date.",
    },
    "dvc766_ranking": {
        "vi": "Tổng điểm của 34 tỉnh, thành phố tại ngày công bố gần nhất, kèm thay đổi so với ngày công bố trước "
        "(▲ lên hạng, ▼ xuống hạng); đường nét đứt là điểm toàn quốc.",
        "en": "Total score of the 34 units at the latest published date with the change since the date before "
        "(▲ places gained, ▼ places lost); the dashed line is the national score.",
    },
    "dvc766_ships": {
        "vi": "Đây là số liệu thật do Cổng Dịch vụ công quốc gia công bố, đi kèm gói dtanalysis (data/published), "
        "nên luôn được hiển thị như nhau dù dùng thư mục dữ liệu nào; đây không phải số liệu mẫu giả lập và không "
        "lấy từ dữ liệu của người dùng. Điểm năm 2026 của 34 đơn vị không so sánh được với điểm năm 2024 của 63 "
        "tỉnh cũ.",
        "en": "These are real figures published by the National Public Service Portal. They ship with dtanalysis "
        "(data/published) and so are shown the same whatever data folder is used: they are not the synthetic "
        "sample and do not come from the user's data. The 2026 scores of the 34 units are not comparable with the "
        "2024 scores of the 63 former provinces.",
    },
    "targets": {
        "vi": "Giá trị gần nhất so với mục tiêu đã công bố; xu hướng là đường thẳng bình phương tối thiểu qua cả "
        "chuỗi số liệu, kéo dài đến 31/12 của năm mục tiêu: 'đúng hướng' khi đường đó đạt mục tiêu, cần ít nhất "
        "3 kỳ số liệu.",
        "en": "Latest value against the published target; the trend is the least-squares straight line through "
        "the whole series, extended to 31 December of the target year: 'on course' when that line reaches the "
        "target; it needs at least 3 points.",
    },
    "commune_tasks": {
        "vi": "Nhiệm vụ được giao cho từng xã, phường tại kỳ báo cáo: đã hoàn thành/được giao với khoảng tin cậy "
        "95% (Wilson; xã có ít nhiệm vụ thì khoảng rộng), số nhiệm vụ quá hạn. Bấm tiêu đề cột để sắp xếp.",
        "en": "Tasks assigned to each commune at the snapshot: done / assigned with a 95% interval (Wilson; a "
        "commune with few tasks has a wide one) and tasks overdue. Click a column heading to sort.",
    },
    "commune_filing_map": {
        "vi": "Xã trong tỉnh: tỷ lệ hồ sơ nộp trực tuyến của từng xã, phường (xã này viền đậm; màu xám: không có "
        "số liệu hồ sơ).",
        "en": "The commune within its province: each commune's online-filing rate (this one outlined; grey: no "
        "filing figures).",
    },
    "commune_task_map": {
        "vi": "Tỷ lệ hoàn thành nhiệm vụ của các xã, phường trong tỉnh; xã màu xám không có nhiệm vụ nào "
        "trong sổ theo dõi.",
        "en": "Task completion rate of the province's communes; communes in grey have no task in the register.",
    },
    "commune_task_list": {
        "vi": "Nhiệm vụ của xã tại kỳ báo cáo, nhiệm vụ quá hạn trước.",
        "en": "The commune's tasks at the snapshot, overdue first.",
    },
    # issue 11: the completion funnel and each unit's place on the funnels
    "completion_funnel": {
        "vi": "Mỗi chấm là một tỉnh, thành phố (tỷ lệ hoàn thành nhiệm vụ tại ngày báo cáo, theo số nhiệm vụ được "
        "giao); các đường là giới hạn 95% (nét đứt) và 99,8% (nét liền) quanh mức toàn quốc, đã nhân với hệ số "
        "phân tán φ (Spiegelhalter 2005). Kết luận của từng tỉnh so với phần còn lại của cả nước (không tính tỉnh đó).",
        "en": "Each dot is a unit (task completion rate at the report date, against the tasks assigned); the lines "
        "are the 95% (dashed) and 99.8% (solid) limits around the national rate, inflated by the dispersion factor "
        "φ (Spiegelhalter 2005). Each unit's verdict is against the rest of the country (itself excluded).",
    },
    "funnel_position_completion": {
        "vi": "Tỷ lệ hoàn thành nhiệm vụ theo số nhiệm vụ được giao: chấm cam là địa phương này, chấm xám là các tỉnh, "
        "thành phố khác; các đường là giới hạn 95% (nét đứt) và 99,8% (nét liền) quanh phần còn lại của cả nước "
        "(không tính địa phương này), đã nhân với hệ số phân tán φ (Spiegelhalter 2005); ngoài giới hạn 99,8% mới "
        "là khác biệt rõ.",
        "en": "Task completion rate against the tasks assigned: the orange dot is this unit, grey dots the other "
        "units; the lines are the 95% (dashed) and 99.8% (solid) limits around the rest of the country (this unit "
        "excluded), inflated by the dispersion factor φ (Spiegelhalter 2005); only beyond the 99.8% limits is a "
        "difference clear.",
    },
    "funnel_position_online": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến 3 tháng gần nhất theo số hồ sơ: chấm cam là địa phương này, chấm xám là các "
        "tỉnh, thành phố khác; các đường là giới hạn 95% (nét đứt) và 99,8% (nét liền) quanh phần còn lại của cả "
        "nước (không tính địa phương này), đã nhân với hệ số phân tán φ (Spiegelhalter 2005); ngoài giới hạn 99,8% "
        "mới là khác biệt rõ.",
        "en": "Online-filing rate over the last three months against the dossiers received: the orange dot is this "
        "unit, grey dots the other units; the lines are the 95% (dashed) and 99.8% (solid) limits around the rest "
        "of the country (this unit excluded), inflated by the dispersion factor φ (Spiegelhalter 2005); only "
        "beyond the 99.8% limits is a difference clear.",
    },
}


def changes_sentence(c: dict, lang: str) -> str:
    """Return the sentence on what changed since the unit's previous report (or that there is none to compare)."""
    if not c:
        return t("missing_data", lang) + "."
    if c.get("previous_as_of") is None:
        return "Chưa có kỳ báo cáo trước để so sánh." if lang == "vi" else "There is no earlier report to compare with."
    since = fmt_date(c["previous_as_of"], lang)
    rank = ""
    if c.get("rank_change") is not None:
        change = c["rank_change"]
        if lang == "vi":
            move = "giữ nguyên hạng" if change == 0 else f"{'tăng' if change > 0 else 'giảm'} {abs(change)} bậc"
            rank = (
                f" Về thứ hạng: {move} (từ hạng {c['previous_rank']} thành hạng {c['rank']})"
                if change
                else f" Về thứ hạng: {move} ({c['rank']})"
            )
            rank += (
                (
                    ", vượt độ bất định của xếp hạng."
                    if c.get("meaningful")
                    else ", trong phạm vi độ bất định của xếp hạng."
                )
                if change
                else "."
            )
        else:
            move = "kept its rank" if change == 0 else f"moved {'up' if change > 0 else 'down'} {abs(change)}"
            rank = f" Rank: {move} ({c['previous_rank']} → {c['rank']})" if change else f" Rank: {move} ({c['rank']})"
            rank += (
                (
                    ", beyond the uncertainty of the ranking."
                    if c.get("meaningful")
                    else ", within the uncertainty of the ranking."
                )
                if change
                else "."
            )
    if lang == "vi":
        return (
            f"Từ kỳ báo cáo {since}: {fmt_int(c['newly_done'], lang)} nhiệm vụ mới hoàn thành"
            f" ({fmt_int(c['newly_done_new_tasks'], lang)} trong số đó là nhiệm vụ mới bổ sung),"
            f" {fmt_int(c['newly_overdue'], lang)} nhiệm vụ mới quá hạn, {fmt_int(c['due_soon'], lang)} nhiệm vụ"
            f" đến hạn trong 30 ngày tới, {fmt_int(c['difficulties_new'], lang)} ý kiến khó khăn mới.{rank}"
        )
    return (
        f"Since the report of {since}: {fmt_int(c['newly_done'], lang)} tasks newly done"
        f" ({fmt_int(c['newly_done_new_tasks'], lang)} of them added to the register since),"
        f" {fmt_int(c['newly_overdue'], lang)} newly overdue, {fmt_int(c['due_soon'], lang)} due within the next"
        f" 30 days, {fmt_int(c['difficulties_new'], lang)} difficulties newly reported.{rank}"
    )


def outlook_sentence(o: dict, lang: str) -> str:
    """Return the sentence on the projection to the deadline and its verdict."""
    if not o:
        return t("missing_data", lang) + "."
    verdict = t(f"verdict_{o['verdict']}", lang)
    deadline = fmt_date(o["deadline"], lang)
    if o["verdict"] in ("met", "missed"):
        return (
            f"Hạn chót {deadline} đã qua: {fmt_int(o['done'], lang)}/{fmt_int(o['assigned'], lang)} nhiệm vụ hoàn thành ({verdict})."
            if lang == "vi"
            else f"The deadline of {deadline} has passed: {fmt_int(o['done'], lang)} of {fmt_int(o['assigned'], lang)} tasks done ({verdict})."
        )
    if o["verdict"] == "unknown":
        return (
            "Chỉ có một kỳ báo cáo nên chưa tính được tốc độ hoàn thành."
            if lang == "vi"
            else "With a single report there is no pace to project from yet."
        )
    low, high = fmt_num(o["projected_low"], lang, 0), fmt_num(o["projected_high"], lang, 0)
    pace, needed = fmt_num(o["pace_per_week"], lang), fmt_num(o.get("needed_per_week"), lang)
    if lang == "vi":
        return (
            f"Với tốc độ gần đây ({pace} nhiệm vụ/tuần), đến {deadline} dự kiến hoàn thành khoảng "
            f"{fmt_num(o['projected_done'], lang, 0)}/{fmt_int(o['assigned'], lang)} nhiệm vụ (khoảng 90%: {low}–{high}); "
            f"để hoàn thành tất cả cần {needed} nhiệm vụ/tuần. Đánh giá: {verdict}."
        )
    return (
        f"At the recent pace ({pace} tasks a week), about {fmt_num(o['projected_done'], lang, 0)} of "
        f"{fmt_int(o['assigned'], lang)} tasks will be done by {deadline} (90% range {low}–{high}); finishing all "
        f"needs {needed} a week. Verdict: {verdict.lower()}."
    )


def caption(section: str, lang: str) -> str:
    """Return the caption of a pack section's chart or table."""
    return _CAPTIONS[section][lang]


def national_sentences(ctx, lang: str) -> list[str]:
    """Return the national overview's opening sentences: completion, online filing, how many units differ."""
    sentences = []
    if ctx.completion is not None:
        row = ctx.completion.set_index("province_code").loc[reference.NATIONAL_CODE]
        done, assigned, pct = (
            fmt_int(row["done"], lang),
            fmt_int(row["assigned"], lang),
            fmt_pct(row["completion_pct"], lang),
        )
        units = ctx.completion["province_code"].nunique() - 1
        if units >= 34:
            sentences.append(
                f"Cả nước đã hoàn thành {done}/{assigned} nhiệm vụ ({pct})."
                if lang == "vi"
                else f"Nationally {done} of {assigned} tasks are done ({pct})."
            )
        else:  # never present a partial total as the country's
            sentences.append(
                f"{units}/34 tỉnh, thành phố có báo cáo nhiệm vụ; các đơn vị này đã hoàn thành {done}/{assigned} "
                f"nhiệm vụ ({pct})."
                if lang == "vi"
                else f"{units} of 34 units reported tasks; together they have done {done} of {assigned} tasks ({pct})."
            )
    if ctx.online_recent is not None:
        rates = ctx.online_recent.set_index("province_code")
        nat = fmt_pct(rates.at[reference.NATIONAL_CODE, "online_pct"], lang)
        counts = rates["vs_rest"].value_counts()
        higher, lower, similar = (int(counts.get(k, 0)) for k in ("higher", "lower", "similar"))
        sentences.append(
            f"Ba tháng gần nhất, {nat} hồ sơ được nộp trực tuyến; so với phần còn lại của cả nước (không tính chính "
            f"tỉnh đó), {higher} tỉnh, thành phố cao hơn, {lower} thấp hơn và {similar} tương đương, theo giới hạn "
            "phễu 99,8% đã điều chỉnh theo độ phân tán giữa các tỉnh."
            if lang == "vi"
            else f"Over the last three months {nat} of dossiers were filed online; against the rest of the country "
            f"(each unit excluded from its own comparator), by 99.8% funnel limits adjusted for the spread between "
            f"units: higher {higher}, lower {lower}, similar {similar} of the units."
        )
    return sentences


def commune_cards(h: dict, lang: str) -> list[tuple[str, str, str]]:
    """Return a commune's headline cards: online rate, verdict against its province, ranks."""
    vi = lang == "vi"
    verdict = _COMPARE[lang][h["vs_province"]]
    return [
        (
            t("online_pct", lang),
            fmt_pct(h["online_pct"], lang),
            f"{t('interval95', lang)} {fmt_pct(h['online_low'], lang)}–{fmt_pct(h['online_high'], lang)}",
        ),
        (h["province_name"], fmt_pct(h["province_pct"], lang), f"{verdict} {'mức của tỉnh' if vi else 'the province'}"),
        ("Hạng trong tỉnh" if vi else "Rank in province", f"{h['rank_in_province']}/{h['communes_in_province']}", ""),
        (
            "Hạng cả nước" if vi else "Rank nationally",
            f"{fmt_int(h['rank_national'], lang)}/{fmt_int(h['communes_national'], lang)}",
            f"{fmt_int(h['dossiers_total'], lang)} {'hồ sơ' if vi else 'dossiers'}",
        ),
    ]


def commune_sentence(h: dict, lang: str) -> str:
    """Return the commune's online-filing sentence against its province (interval test)."""
    start, end = (fmt_date(pd.Timestamp(d), lang) for d in h["window"])
    rate, low, high, prov = (fmt_pct(h[k], lang) for k in ("online_pct", "online_low", "online_high", "province_pct"))
    compare = _COMPARE[lang][h["vs_province"]]
    if lang == "vi":
        return (
            f"Từ {start} đến {end}, {h['commune']} tiếp nhận {fmt_int(h['dossiers_total'], lang)} hồ sơ, {rate} nộp trực "
            f"tuyến ({t('interval95', lang)}: {low}–{high}), {compare} mức của {h['province_name']} ({prov})."
        )
    return (
        f"From {start} to {end}, {h['commune']} received {fmt_int(h['dossiers_total'], lang)} dossiers, {rate} of "
        f"them online ({t('interval95', lang)}: {low}–{high}), {compare} {h['province_name']} ({prov})."
    )


def funnel_note(rates: pd.DataFrame, lang: str) -> str:
    """Return the sentence above the funnel plot: φ, and how many units lie beyond each adjusted limit."""
    phi = fmt_num(float(rates["dispersion"].dropna().iloc[0]), lang, 0)
    beyond95 = int(rates["vs_rest_95"].isin(["higher", "lower"]).sum())
    beyond998 = int(rates["vs_rest"].isin(["higher", "lower"]).sum())
    if lang == "vi":
        return (
            f"Hệ số phân tán φ = {phi}: các tỉnh khác nhau nhiều hơn hẳn mức ngẫu nhiên, nên giới hạn được nới rộng. "
            f"{beyond95} tỉnh nằm ngoài giới hạn 95%, {beyond998} tỉnh ngoài giới hạn 99,8% (mức dùng để kết luận)."
        )
    return (
        f"Dispersion factor φ = {phi}: units differ far more than chance allows, so the limits are widened. "
        f"{beyond95} units lie beyond the 95% limits, {beyond998} beyond the 99.8% limits (the level verdicts use)."
    )


def _completion_interval(h: dict, lang: str, sep: str = " (") -> str:
    """Return ' (95% interval 45.1%–63.2%)' for the unit's completion rate, '' when it has none."""
    if h.get("completion_low") is None or h.get("completion_high") is None:
        return ""
    span = f"{t('interval95', lang)} {fmt_pct(h['completion_low'], lang)}–{fmt_pct(h['completion_high'], lang)}"
    return f"{sep}{span}" + (")" if sep == " (" else "")


def trend_sentence(trend: dict, lang: str) -> str:
    """Return the sentence on the recent trend (`analysis.trend.recent_trend`): improving / worsening / no
    significant change over the last five complete months, with the adjusted χ² and the change a month,
    or why there is not enough data; plus the months skipped as incomplete."""
    vi = lang == "vi"
    skipped = [pd.Timestamp(m) for m in trend.get("skipped") or []]
    month = "%m/%Y" if vi else "%b %Y"
    note = ""
    if skipped:
        listed = ", ".join(f"{m:{month}}" for m in skipped)
        note = f" Bỏ qua các tháng chưa đủ số liệu: {listed}." if vi else f" Months skipped as incomplete: {listed}."
    if trend["trend"] == "not enough data":
        return (
            "Chưa đủ số liệu để kiểm định xu hướng: cần 5 tháng liên tiếp có đủ số liệu "
            f"(hiện có {trend['months']})." + note
            if vi
            else "Not enough data for the trend test: it needs five consecutive complete months "
            f"(found {trend['months']})." + note
        )
    span = f"{pd.Timestamp(trend['first']):{month}}–{pd.Timestamp(trend['last']):{month}}"
    slope = fmt_num(abs(trend["sen_slope"]), lang, 2)
    chi2 = fmt_num(trend["chi2_adjusted"], lang, 1)
    phi = fmt_num(trend["dispersion"], lang, 1)
    rose = trend["sen_slope"] >= 0
    if trend["trend"] == "no significant change":
        why = ""
        if trend.get("is_outlier_driven"):
            why = "; một tháng riêng lẻ quyết định độ dốc" if vi else "; one month alone carries the slope"
        if vi:
            change = "tăng" if rose else "giảm"
            return (
                f"5 tháng gần nhất có đủ số liệu ({span}): không có thay đổi có ý nghĩa thống kê (kiểm định khi "
                f"bình phương xu hướng theo phương pháp Fingertips, đã điều chỉnh phân tán φ = {phi}: χ² = {chi2}, "
                f"ngưỡng 9,55 ở mức 99,8%{why}); tỷ lệ {change} khoảng {slope} điểm phần trăm mỗi tháng." + note
            )
        change = "up" if rose else "down"
        return (
            f"Last five complete months ({span}): no significant change (Fingertips chi-square test for trend, "
            f"dispersion allowance φ = {phi}: χ² = {chi2}, threshold 9.55 at 99.8%{why}); the rate moved {change} "
            f"about {slope} points a month." + note
        )
    better = trend["trend"] == "improving"
    if vi:
        word = "đang cải thiện" if better else "đang xấu đi"
        verb = "tăng" if rose else "giảm"
        return (
            f"5 tháng gần nhất có đủ số liệu ({span}): {word} — tỷ lệ nộp trực tuyến {verb} khoảng {slope} điểm phần "
            f"trăm mỗi tháng (độ dốc Sen); kiểm định khi bình phương xu hướng theo phương pháp Fingertips, đã điều "
            f"chỉnh phân tán φ = {phi}: χ² = {chi2}, có ý nghĩa ở mức 99,8%." + note
        )
    word = "improving" if better else "worsening"
    verb = "rising" if rose else "falling"
    return (
        f"Last five complete months ({span}): {word} — the online-filing rate is {verb} by about {slope} points a "
        f"month (Sen's slope); Fingertips chi-square test for trend with dispersion allowance φ = {phi}: "
        f"χ² = {chi2}, significant at 99.8%." + note
    )


def _signed(value: object, lang: str) -> str:
    """Return a change as '+0,48' / '−0.07' ('–' if missing)."""
    if value is None or pd.isna(value):
        return "–"
    text = fmt_num(abs(float(value)), lang, 2)
    return ("+" if float(value) >= 0 else "−") + text


def places(change: object) -> str:
    """Return a rank change as '▲ 2', '▼ 1' or '±0' (positive = places gained)."""
    if change is None or pd.isna(change):
        return "–"
    change = int(change)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "±0"


def dvc766_cards(row: dict, national: dict, lang: str) -> list[tuple[str, str, str]]:
    """Return the index's cards: total score with its change, rank of 34 with places gained, the national score."""
    since = f"{'so với' if lang == 'vi' else 'since'} {fmt_date(row['previous_as_of'], lang)}"
    items = [
        (
            t("dvc766_score", lang),
            f"{fmt_num(row['total_score'], lang, 2)}/100",
            f"{_signed(row['score_change'], lang)} {since}",
        ),
        (t("rank_of_34", lang), str(int(row["rank_of_34"])), f"{places(row['rank_change'])} {since}"),
    ]
    if national:
        items.append(
            (
                t("dvc766_national", lang),
                f"{fmt_num(national['national_total_score_ytd'], lang, 2)}/100",
                f"{_signed(national.get('score_change'), lang)} {since}",
            )
        )
    return items


def dvc766_badge(as_of, source: str, lang: str) -> str:
    """Return the badge text: real published figures, their date and their source."""
    site = "dichvucong.gov.vn" if "dichvucong.gov.vn" in source else source
    if lang == "vi":
        return f"{t('dvc766_badge', lang)} · năm 2026 lũy kế đến {fmt_date(as_of, lang)} · Nguồn: Cổng Dịch vụ công quốc gia ({site})"
    return f"{t('dvc766_badge', lang)} · 2026 year to date, as of {fmt_date(as_of, lang)} · Source: National Public Service Portal ({site})"


def dvc766_sentence(row: dict, weakest: str, lang: str) -> str:
    """Return one sentence: the unit's score and rank, and its weakest group relative to the group's maximum."""
    if lang == "vi":
        return (
            f"{row['province_name']} đạt {fmt_num(row['total_score'], lang, 2)}/100 điểm, xếp hạng "
            f"{int(row['rank_of_34'])}/34; nhóm đạt thấp nhất so với điểm tối đa là '{weakest}'."
        )
    return (
        f"{row['province_name']} scores {fmt_num(row['total_score'], lang, 2)} of 100, rank "
        f"{int(row['rank_of_34'])} of 34; its weakest group against the group's maximum is '{weakest}'."
    )


def dvc766_national_cards(national: dict, ranking: pd.DataFrame, lang: str) -> list[tuple[str, str, str]]:
    """Return the national pack's index cards: national score with its change, dossiers online, units moving."""
    vi = lang == "vi"
    since = f"{'so với' if vi else 'since'} {fmt_date(ranking['previous_as_of'].iloc[0], lang)}"
    items = []
    if national:
        items.append(
            (
                t("dvc766_national", lang),
                f"{fmt_num(national['national_total_score_ytd'], lang, 2)}/100",
                f"{_signed(national.get('score_change'), lang)} {since}",
            )
        )
        online, offline = national["dossiers_online"], national["dossiers_offline_postal"]
        items.append(
            (
                "Hồ sơ trực tuyến" if vi else "Dossiers online",
                fmt_pct(national["computed_online_pct"], lang, 2),
                f"{fmt_int(online, lang)} / {fmt_int(online + offline, lang)}",
            )
        )
    up, down = int((ranking["rank_change"] > 0).sum()), int((ranking["rank_change"] < 0).sum())
    items.append(
        (
            "Đơn vị lên / xuống hạng" if vi else "Units up / down",
            f"▲ {up} · ▼ {down}",
            f"{34 - up - down} {'giữ nguyên hạng' if vi else 'kept their rank'} · {since}",
        )
    )
    return items


def dvc766_audit_note(rows: int, issues: int, lang: str, units: int = 34) -> str:
    """Return the audit's result: how many of the index's rows were checked and how many disagree."""
    from dtanalysis.analysis.audit import DVC766_SUM_TOLERANCE

    tolerance = fmt_num(DVC766_SUM_TOLERANCE, lang, 2)
    if lang == "vi":
        scope = "của địa phương, mỗi ngày công bố một dòng" if units == 1 else f"{units} đơn vị × các ngày công bố"
        found = "không có dòng nào sai lệch" if not issues else f"{issues} điểm không khớp (bảng dưới)"
        return (
            f"Kiểm tra {rows} dòng số liệu ({scope}): tổng sáu nhóm so với tổng điểm (sai số "
            f"làm tròn tối đa {tolerance} điểm) và thứ hạng so với thứ tự tổng điểm — {found}."
        )
    scope = "this unit's, one per published date" if units == 1 else f"{units} units × published dates"
    found = "no disagreement" if not issues else f"{issues} disagreement(s), listed below"
    return (
        f"Audit of {rows} rows ({scope}): the six groups against the total (rounding "
        f"tolerance {tolerance} points) and the ranks against the order of the totals — {found}."
    )


def commune_tasks_sentence(progress, unplaced: int, lang: str) -> str:
    """Return how many communes of the province have tasks, how many are done and overdue, and any not placed."""
    communes, assigned = len(progress), int(progress["assigned"].sum())
    done, overdue = int(progress["done"].sum()), int(progress["overdue"].sum())
    pct = fmt_pct(100 * done / assigned if assigned else float("nan"), lang)
    if lang == "vi":
        text = (
            f"{fmt_int(assigned, lang)} nhiệm vụ được giao cho {communes} xã, phường; đã hoàn thành "
            f"{fmt_int(done, lang)} ({pct}), {fmt_int(overdue, lang)} nhiệm vụ quá hạn."
        )
        extra = f" {fmt_int(unplaced, lang)} nhiệm vụ ghi xã cũ đã bị chia tách nên không gắn được với xã mới nào."
    else:
        text = (
            f"{_count(assigned, 'task is', 'tasks are')} assigned to {_count(communes, 'commune', 'communes')}; "
            f"{fmt_int(done, lang)} {'is' if done == 1 else 'are'} done ({pct}) and {fmt_int(overdue, lang)} "
            f"{'is' if overdue == 1 else 'are'} overdue."
        )
        extra = " " + (
            "1 task names an old commune that was split and belongs to no new commune."
            if unplaced == 1
            else f"{fmt_int(unplaced, lang)} tasks name an old commune that was split and belong to no new commune."
        )
    return text + (extra if unplaced else "")


def commune_missing_note(without: list[str], lang: str) -> str:
    """Return the note naming the province's communes that have no task (drawn grey on the map)."""
    if not without:
        return ""
    names = ", ".join(without[:12]) + (f" (+{len(without) - 12})" if len(without) > 12 else "")
    return (
        f"{len(without)} xã, phường không có nhiệm vụ nào trong sổ theo dõi (màu xám trên bản đồ): {names}."
        if lang == "vi"
        else f"{_count(len(without), 'commune has', 'communes have')} no task in the register (grey on the map): {names}."
    )


def _count(n: int, one: str, many: str) -> str:
    """Return '1 commune has' or '3 communes have': English agrees with the count (Vietnamese does not change)."""
    return f"{fmt_int(n, 'en')} {one if n == 1 else many}"


def commune_own_tasks_sentence(row, lang: str, who: str | None = None) -> str:
    """Return the commune's task sentence: done / assigned with its interval, and overdue tasks (`who`: the
    commune's name, when the sentence does not sit on the commune's own page)."""
    done, assigned, overdue = (fmt_int(row[k], lang) for k in ("done", "assigned", "overdue"))
    pct, low, high = (fmt_pct(row[k], lang) for k in ("completion_pct", "ci95_low_pct", "ci95_high_pct"))
    if lang == "vi":
        return (
            f"{who or 'Xã'} được giao {assigned} nhiệm vụ, đã hoàn thành {done} ({pct}; {t('interval95', lang)}: {low}–{high}), "
            f"{overdue} nhiệm vụ quá hạn."
        )
    plural = "" if int(row["assigned"]) == 1 else "s"
    return (
        f"{who or 'The commune'} has {assigned} task{plural}, {done} done ({pct}; {t('interval95', lang)}: {low}–{high}), "
        f"{overdue} overdue."
    )


def commune_merger_note(months: list[str], gaps: list[str], lang: str) -> str:
    """Return why months before 2025-07-01 are missing from a commune's trend (split old communes, no report)."""
    if not months:
        return ""
    shown = ", ".join(months)
    split = any("split" in g for g in gaps)
    if lang == "vi":
        why = (
            "một phần của xã cũ bị chia tách đã nhập vào xã này, nên không thể tách số hồ sơ của phần đó"
            if split
            else "có xã cũ nhập vào xã này không báo cáo"
        )
        return (
            f"Trước ngày 1/7/2025, số liệu được cộng từ các xã cũ theo bảng chuyển đổi của Tổng cục Thống kê. "
            f"Các tháng {shown} để trống (vùng xám): {why}; không điền bằng ước đoán."
        )
    why = (
        "part of an old commune that was split went into this one, and its dossiers cannot be divided"
        if split
        else "an old commune that went into this one did not report"
    )
    return (
        f"Before 1 July 2025 the figures are summed from the old communes through the Statistics Office's "
        f"crosswalk. {shown} are left blank (grey): {why}; they are never filled with a guess."
    )


def funnel_position_sentence(row: dict, metric: str, lang: str) -> str:
    """Return the one-sentence verdict under a unit's funnel position: its rate against the rest of the country
    and the adjusted 99.8 % limits for its denominator (`metric` 'online' or 'completion')."""
    rate = fmt_pct(row["online_pct" if metric == "online" else "completion_pct"], lang)
    rest, low, high = (fmt_pct(row[k], lang) for k in ("comparator_pct", "funnel998_low_pct", "funnel998_high_pct"))
    phi = fmt_num(row["dispersion"], lang, 1)
    n = fmt_int(row["dossiers_total" if metric == "online" else "assigned"], lang)
    compare = _COMPARE[lang][row["vs_rest"]]
    if lang == "vi":
        what = "hồ sơ nộp trực tuyến" if metric == "online" else "nhiệm vụ đã hoàn thành"
        unit = "hồ sơ" if metric == "online" else "nhiệm vụ"
        return (
            f"{row['province_name']}: {rate} {what}, {compare} phần còn lại của cả nước ({rest}); với {n} {unit}, "
            f"giới hạn 99,8% đã điều chỉnh (φ = {phi}) là {low}–{high}."
        )
    what = "of dossiers filed online" if metric == "online" else "of tasks done"
    unit = "dossiers" if metric == "online" else "tasks"
    return (
        f"{row['province_name']}: {rate} {what}, {compare} the rest of the country ({rest}); for {n} {unit} the "
        f"adjusted 99.8% limits (φ = {phi}) are {low}–{high}."
    )


def no_commune_data_sentence(province: str, lang: str) -> str:
    """Return the one sentence the explorer shows for a province whose data has nothing per commune."""
    return (
        f"Dữ liệu chưa có số liệu cấp xã của {province} (hồ sơ trực tuyến hay nhiệm vụ theo xã, phường)."
        if lang == "vi"
        else f"The data holds nothing per commune for {province} (no online filings or tasks by commune)."
    )


def no_commune_filings_sentence(commune: str, lang: str) -> str:
    """Return the sentence shown instead of a commune's online-filing trend when the data has none for it."""
    return (
        f"Dữ liệu chưa có số liệu hồ sơ trực tuyến theo tháng của {commune}."
        if lang == "vi"
        else f"The data holds no monthly online-filing figures for {commune}."
    )


def trend_counts_sentence(verdicts: pd.Series, lang: str) -> str:
    """Return how many of the 34 units' monthly online rates are improving, worsening, unchanged or untested."""
    counts = verdicts.value_counts()
    n = {k: int(counts.get(k, 0)) for k in ("improving", "worsening", "no significant change", "not enough data")}
    if lang == "vi":
        return (
            f"Xu hướng 5 tháng gần nhất (kiểm định Fingertips, mức 99,8%): {n['improving']} tỉnh, thành phố đang cải "
            f"thiện, {n['worsening']} đang xấu đi, {n['no significant change']} không có thay đổi có ý nghĩa, "
            f"{n['not enough data']} chưa đủ số liệu."
        )
    return (
        f"Trend over the last five complete months (Fingertips test, 99.8% level): {n['improving']} units improving, "
        f"{n['worsening']} worsening, {n['no significant change']} with no significant change, "
        f"{n['not enough data']} without enough data."
    )


_CAPTIONS |= {
    "composite_correlation": {
        "vi": "Hệ số tương quan Pearson giữa các chỉ tiêu của chỉ số tổng hợp trên 34 tỉnh, thành phố (số liệu gốc; "
        "bảng bên dưới có cả hệ số Spearman). Với chỉ tiêu 'càng thấp càng tốt' như quá hạn, hệ số âm nghĩa là "
        "hai chỉ tiêu cùng chiều tốt.",
        "en": "Pearson correlation between the composite's metrics across the 34 units (raw values; the table below "
        "also gives Spearman's). For a lower-is-better metric such as overdue, a negative value means the two "
        "agree on what is good.",
    },
    "composite_sensitivity": {
        "vi": "Chấm: hạng tổng hợp theo phương án gốc (trọng số cấu hình, chuẩn hóa min–max, trung bình cộng); "
        "thanh: từ hạng tốt nhất đến thấp nhất qua mọi phương án; vạch cam: hạng trung vị (Sổ tay OECD/JRC 2008).",
        "en": "Dot: composite rank under the baseline (configured weights, min–max, arithmetic mean); bar: best to "
        "worst rank over every variant; orange tick: the median rank (OECD/JRC Handbook 2008).",
    },
}


def composite_window_sentence(facts: dict, lang: str) -> str:
    """Return whether the composite's metrics cover matched windows, naming the windows."""
    vi = lang == "vi"
    snapshots = ", ".join(fmt_date(d, lang) for d in facts.get("snapshots", []))
    online = facts.get("online")
    span = f"{fmt_date(online[0], lang)}–{fmt_date(online[1], lang)}" if online else ""
    if facts.get("unmatched"):
        names = ", ".join(facts["unmatched"])
        return (
            f"Kỳ số liệu chưa khớp nhau ở: {names} (ngày báo cáo nhiệm vụ không ngay sau kỳ trực tuyến {span})."
            if vi
            else f"Windows do not match for: {names} (task report not right after the online window {span})."
        )
    if vi:
        return f"Các chỉ tiêu của chỉ số tổng hợp cùng một kỳ: nhiệm vụ tại ngày báo cáo {snapshots}" + (
            f"; nộp trực tuyến trong 3 tháng đến ngày đó ({span})." if span else "."
        )
    return f"The composite's metrics cover matched windows: tasks at the report date {snapshots}" + (
        f"; online filing over the 3 months up to it ({span})." if span else "."
    )


def composite_withheld_sentence(withheld: pd.DataFrame, lang: str) -> str:
    """Return which units the missing-metric rule leaves out of the composite, or that none is left out."""
    vi = lang == "vi"
    if withheld.empty:
        return (
            "Mọi tỉnh, thành phố đều có số liệu của các chỉ tiêu mang ít nhất 75% tổng trọng số, nên đều được xếp hạng."
            if vi
            else "Every unit has the metrics carrying at least 75% of the weight, so every unit is ranked."
        )
    names = "; ".join(
        f"{n} ({', '.join(t(m.strip(), lang) for m in str(gone).split(','))})"
        for n, gone in zip(withheld["province_name"], withheld["composite_missing"])
    )
    return (
        f"Không xếp hạng tổng hợp (thiếu chỉ tiêu mang trên 25% trọng số): {names}."
        if vi
        else f"Not ranked on the composite (missing metrics carrying over 25% of the weight): {names}."
    )


def correlation_sentence(pairs: pd.DataFrame, lang: str) -> str:
    """Return the strongly correlated pairs of the composite's metrics (they count the same thing twice), or
    the largest correlation when none is strong."""
    vi = lang == "vi"
    known = pairs.dropna(subset=["pearson"])
    if known.empty:
        return "Chưa đủ số liệu để tính tương quan." if vi else "Not enough data to compute correlations."

    def pair(row) -> str:
        r = round(float(row.pearson), 2)
        return (
            f"{t(row.metric_a, lang)} – {t(row.metric_b, lang)} (r = {'−' if r < 0 else ''}{fmt_num(abs(r), lang, 2)})"
        )

    strong = known[known["is_strongly_correlated"]]
    if len(strong):
        listed = "; ".join(pair(row) for row in strong.itertuples())
        return (
            f"Cặp chỉ tiêu tương quan mạnh (|r| ≥ 0,8), tức là chỉ số tổng hợp tính cùng một điều hai lần: {listed}."
            if vi
            else f"Strongly correlated pairs (|r| ≥ 0.8), which the composite counts twice: {listed}."
        )
    top = known.loc[known["pearson"].abs().idxmax()]
    return (
        f"Không có cặp chỉ tiêu nào tương quan mạnh (|r| ≥ 0,8); mạnh nhất: {pair(top)}."
        if vi
        else f"No pair of metrics is strongly correlated (|r| ≥ 0.8); the strongest: {pair(top)}."
    )


def sensitivity_sentence(table: pd.DataFrame, scenarios: int, places: int, lang: str) -> str:
    """Return how many units' composite ranks move more than `places` places over the `scenarios` variants."""
    vi = lang == "vi"
    rank = table["composite_rank"].astype("float64")
    best = table["composite_sensitivity_best"].astype("float64")
    worst = table["composite_sensitivity_worst"].astype("float64")
    moved = int(((rank - best > places) | (worst - rank > places)).sum())
    span = worst - best
    widest = table.loc[span.idxmax()] if len(table) else None
    detail = ""
    if widest is not None:
        lo, hi = int(widest["composite_sensitivity_best"]), int(widest["composite_sensitivity_worst"])
        detail = (
            f" Rộng nhất: {widest['province_name']} (hạng {int(widest['composite_rank'])}, từ {lo} đến {hi})."
            if vi
            else f" Widest: {widest['province_name']} (rank {int(widest['composite_rank'])}, from {lo} to {hi})."
        )
    if vi:
        return (
            f"Qua {scenarios} phương án (trọng số cấu hình, bằng nhau, bỏ lần lượt từng chỉ tiêu; chuẩn hóa min–max, "
            f"điểm z, thứ hạng; trung bình cộng hoặc trung bình nhân), {moved}/{len(table)} tỉnh, thành phố thay đổi "
            f"hạng tổng hợp quá {places} bậc so với phương án gốc." + detail
        )
    return (
        f"Over {scenarios} variants (configured, equal and each-metric-dropped weights; min–max, z-score and rank "
        f"normalisation; arithmetic or geometric mean), {moved} of {len(table)} units move more than {places} places "
        f"from their baseline composite rank." + detail
    )

"""The data contracts, declared once: loaders, validator, error messages and the README read this."""

from __future__ import annotations

from dataclasses import dataclass

# What each kind of field accepts, shown in the data dictionary and in parse errors.
KIND_HELP = {
    "id": "text identifier",
    "text": "free text",
    "province": "2-digit code or name in any spelling ('Tỉnh Nghệ An', 'nghe an', '40')",
    "status": "done / in_progress / not_started, or a Vietnamese label ('Đã hoàn thành', 'Đang thực hiện', 'Quá hạn', ...)",
    "programme": "NQ57 (Resolution 57-NQ/TW) or KH02 (Plan 02-KH/BCĐTW)",
    "date": "2025-11-13, 13/11/2025 or an Excel date cell",
    "deadline": "a date (2025-11-13, 13/11/2025, an Excel date cell) or a month, quarter or year, read as its last day (Tháng 12/2025, Quý IV/2025, 2025); empty for a standing task (Thường xuyên)",
    "period": "2025-08, 08/2025, Tháng 8/2025, 2025-Q3, Quý III/2025, 2025-H1, 6 tháng đầu năm 2025, 2025, or 2025-07-01/2025-08-18",
    "count": "whole number ≥ 0; 309654, 309.654 or 309,654",
    "number": "number; 85.38 or 85,38 (decimal comma)",
    "level": "province or commune (tỉnh / xã)",
    "channel": "online or offline (trực tuyến / trực tiếp)",
    "bool": "yes/no, true/false, 1/0, có/không",
}


@dataclass(frozen=True)
class Field:
    """One column of a dataset: canonical name, kind of value, aliases people really use."""

    name: str
    kind: str
    description: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class Dataset:
    """A dataset a data folder may hold, with the field whose date places a row before or after the merger."""

    name: str
    description: str
    fields: tuple[Field, ...]
    dated_by: str

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]


PROVINCE = Field(
    "province",
    "province",
    "Provincial unit the row is about",
    required=True,
    aliases=("Tỉnh", "Tỉnh/thành phố", "Tỉnh, thành phố", "Địa phương", "Mã tỉnh", "province_code", "province_name"),
)

TASKS = Dataset(
    "tasks",
    "Task register: one row per task per report date (snapshot) of Resolution 57-NQ/TW or Plan 02-KH/BCĐTW.",
    (
        Field(
            "task_id",
            "id",
            "Task identifier, unique within a province, programme and snapshot",
            required=True,
            aliases=("Mã nhiệm vụ", "Mã NV", "ID", "Số TT nhiệm vụ"),
        ),
        PROVINCE,
        Field(
            "title",
            "text",
            "Task title",
            required=True,
            aliases=("Tên nhiệm vụ", "Nội dung", "Nội dung nhiệm vụ", "Nhiệm vụ"),
        ),
        Field(
            "status",
            "status",
            "Progress at the snapshot",
            required=True,
            aliases=("Trạng thái", "Tình trạng", "Tiến độ"),
        ),
        Field(
            "programme",
            "programme",
            "Programme the task belongs to",
            aliases=("Chương trình", "Kế hoạch", "Nghị quyết"),
            default="NQ57",
        ),
        Field("group", "text", "Task group or field", aliases=("Nhóm nhiệm vụ", "Lĩnh vực", "Nhóm")),
        Field("due", "deadline", "Deadline", aliases=("Thời hạn", "Hạn hoàn thành", "Thời hạn hoàn thành", "Deadline")),
        Field("completed_on", "date", "Date the task was done", aliases=("Ngày hoàn thành", "Completion date")),
        Field(
            "as_of",
            "date",
            "Report date of the snapshot (defaults to --as-of)",
            aliases=("Ngày báo cáo", "Kỳ báo cáo", "Ngày cập nhật", "Snapshot"),
        ),
        Field(
            "difficulty",
            "text",
            "Difficulty or cause stated for a slow task",
            aliases=("Khó khăn", "Khó khăn, vướng mắc", "Vướng mắc", "Nguyên nhân"),
        ),
        Field(
            "commune",
            "text",
            "Commune, ward or special zone of the row's province the task is assigned to (optional): official "
            "name (any spelling) or 5-digit code, checked against the 2025 list (before 2025-07-01: the old communes)",
            aliases=("Xã/phường", "Xã, phường", "Xã", "Đơn vị cấp xã", "Xã/phường/đặc khu", "Đơn vị thực hiện cấp xã"),
        ),
    ),
    dated_by="as_of",
)

FILINGS = Dataset(
    "filings",
    "Online-filing counts: administrative dossiers received, and how many online, per province (or commune) and period.",
    (
        PROVINCE,
        Field(
            "period", "period", "Reporting period", required=True, aliases=("Kỳ", "Tháng", "Kỳ báo cáo", "Thời gian")
        ),
        Field(
            "dossiers_total",
            "count",
            "Dossiers received in the period",
            required=True,
            aliases=(
                "Tổng số hồ sơ",
                "Tổng số hồ sơ tiếp nhận",
                "Tổng hồ sơ",
                "Số hồ sơ tiếp nhận",
                "Hồ sơ tiếp nhận",
                # a two-row header reads as "group sub": 'Số hồ sơ' over 'Tổng số'
                "Số hồ sơ Tổng số",
                "Hồ sơ tiếp nhận Tổng số",
                "Số hồ sơ tiếp nhận Tổng số",
            ),
        ),
        Field(
            "dossiers_online",
            "count",
            "Dossiers received online (submitted online)",
            required=True,
            aliases=(
                "Hồ sơ trực tuyến",
                "Số hồ sơ nộp trực tuyến",
                "Số hồ sơ trực tuyến",
                "Hồ sơ nộp trực tuyến",
                "Hồ sơ tiếp nhận Trực tuyến",
                "Số hồ sơ tiếp nhận Trực tuyến",
            ),
        ),
        Field(
            "dossiers_online_full",
            "count",
            "Dossiers handled fully online (full-process); never mixed with dossiers_online",
            aliases=("Hồ sơ trực tuyến toàn trình", "Số hồ sơ trực tuyến toàn trình", "Toàn trình"),
        ),
        Field(
            "commune",
            "text",
            "Commune, ward or special zone of the row's province, for commune-level rows: official name (any "
            "spelling) or 5-digit code, checked against the 2025 list (before 2025-07-01: the old communes)",
            aliases=("Xã/phường", "Xã, phường", "Xã", "Đơn vị cấp xã"),
        ),
        Field(
            "level",
            "level",
            "Whether the row counts a whole province or one commune",
            aliases=("Cấp", "Cấp hành chính"),
            default="province",
        ),
    ),
    dated_by="period_start",
)

INDICATORS = Dataset(
    "indicators",
    "Indicator figures per province (or 'Toàn quốc' for national) and period, with counts where known.",
    (
        Field(
            "province",
            "province",
            "Provincial unit, or 'Toàn quốc' / 'Cả nước' for a national figure",
            required=True,
            aliases=PROVINCE.aliases,
        ),
        Field(
            "indicator",
            "text",
            "Indicator code or name from the catalogue",
            required=True,
            aliases=("Chỉ tiêu", "Chỉ số", "Tên chỉ tiêu", "Mã chỉ tiêu"),
        ),
        Field("period", "period", "Reporting period", required=True, aliases=("Kỳ", "Kỳ báo cáo", "Thời gian", "Năm")),
        Field("numerator", "count", "Numerator of a share", aliases=("Tử số", "Số đạt")),
        Field("denominator", "count", "Denominator of a share", aliases=("Mẫu số", "Tổng số")),
        Field(
            "value",
            "number",
            "Published value (percent for shares); computed from the counts when blank",
            aliases=("Giá trị", "Tỷ lệ", "Kết quả", "Tỷ lệ (%)"),
        ),
        Field(
            "unit",
            "text",
            "Unit: pct, score, rank or count (defaults to the catalogue's)",
            aliases=("Đơn vị", "Đơn vị tính", "ĐVT"),
        ),
        Field("source", "text", "Where the figure comes from", aliases=("Nguồn", "Nguồn số liệu")),
    ),
    dated_by="period_start",
)

DIFFICULTIES = Dataset(
    "difficulties",
    "Difficulties provinces report, one statement per row.",
    (
        PROVINCE,
        Field(
            "text",
            "text",
            "The difficulty as stated",
            required=True,
            aliases=("Nội dung khó khăn", "Khó khăn", "Khó khăn, vướng mắc", "Nội dung", "Statement"),
        ),
        Field("reported_on", "date", "Date reported", aliases=("Ngày", "Ngày báo cáo")),
        Field(
            "category",
            "text",
            "Category code from the taxonomy, if already classified",
            aliases=("Nhóm", "Phân loại", "Nhóm khó khăn"),
        ),
        Field("source", "text", "Where the statement comes from", aliases=("Nguồn",)),
    ),
    dated_by="reported_on",
)

DOSSIERS = Dataset(
    "dossiers",
    "Record-level dossiers (optional, Parquet): one row per dossier received.",
    (
        PROVINCE,
        Field("received_on", "date", "Date the dossier was received", required=True, aliases=("Ngày tiếp nhận",)),
        Field("channel", "channel", "How it was filed", required=True, aliases=("Hình thức nộp", "Kênh")),
        Field(
            "commune",
            "text",
            "Commune or ward of the row's province: official name (any spelling) or 5-digit code, checked "
            "against the 2025 list (before 2025-07-01: the old communes)",
            aliases=("Xã/phường", "Xã"),
        ),
        Field("procedure", "text", "Administrative procedure", aliases=("Thủ tục", "Thủ tục hành chính")),
        Field("is_full_online", "bool", "Handled fully online", aliases=("Toàn trình",)),
    ),
    dated_by="received_on",
)

DATASETS = {d.name: d for d in (TASKS, FILINGS, INDICATORS, DIFFICULTIES, DOSSIERS)}
TABULAR = ("tasks", "filings", "indicators", "difficulties")  # what `load` reads into memory

# Columns the loaders add to every table, documented with the rest.
DERIVED = {
    "province_code": "2-digit code of the 2025 unit the row belongs to ('00' for national rows)",
    "province_name": "Vietnamese name of that 2025 unit",
    "old_province_code": "for rows dated before 2025-07-01: the code of the old (63-unit) province as reported",
    "old_province_name": "for rows dated before 2025-07-01: the old province's name",
    "written_as": (
        "tasks dated from 2025-07-01 written under an old province's name (Hà Giang, now in Tuyên Quang): that "
        "old province, a part of the unit reporting on its own; empty when written as the unit"
    ),
    "period_start / period_end": "first and last day of the period (filings, indicators)",
    "is_overdue": "tasks: not done and due before the snapshot, or labelled overdue",
    "value_source": "indicators: 'published' when the value was given, 'computed' when filled from the counts",
    "value_text": "indicators: the value as written in the file (the audit reads its decimals from it)",
    "source_file / source_row": "where each row came from, as the user numbers rows",
}

TASK_STATUSES = ("done", "in_progress", "not_started")


def data_dictionary_markdown() -> str:
    """Return the data dictionary (every dataset, column, kind and alias) as Markdown for the README."""
    lines = []
    for dataset in DATASETS.values():
        lines += [
            f"#### `{dataset.name}`",
            "",
            dataset.description,
            "",
            "| column | required | accepts | meaning | also recognised as |",
            "|---|---|---|---|---|",
        ]
        for f in dataset.fields:
            default = f" (default `{f.default}`)" if f.default is not None else ""
            aliases = ", ".join(f"`{a}`" for a in f.aliases)
            lines.append(
                f"| `{f.name}` | {'**yes**' if f.required else ''} | {KIND_HELP[f.kind]} | "
                f"{f.description}{default} | {aliases} |"
            )
        lines.append("")
    lines += ["#### Columns the loaders add", "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in DERIVED.items()]
    return "\n".join(lines) + "\n"

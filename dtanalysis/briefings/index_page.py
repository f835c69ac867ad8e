"""The batch's index.html: every pack with its headline figures, sortable, opened offline like the packs."""

from __future__ import annotations

from dtanalysis.briefings.blocks import esc
from dtanalysis.briefings.context import (
    Context,
    changes_cell,
    changes_facts,
    headline,
    outlook_cell,
    outlook_facts,
    slug,
    units_with_data,
)
from dtanalysis.briefings.export import page
from dtanalysis.briefings.words import fmt_date, fmt_int, fmt_pct, t


def status_cell(entry: dict, manifest: dict, lang: str) -> str:
    """Return a unit's status for the index: ✓, the failure, or 'interrupted'; a pack built from other data
    than this run's (an earlier run into the same folder) is flagged with its build time."""
    if entry["status"] == "interrupted":
        return f'<span class="dt-failed">{esc(t("interrupted", lang))}</span>'
    if entry["status"] != "ok":
        return f'<span class="dt-failed">{esc(t("failed", lang))}: {esc(entry["error"])}</span>'
    if not entry.get("current", not entry.get("fingerprint") or entry["fingerprint"] == manifest["fingerprint"]):
        built = fmt_date(entry.get("built", "")[:10], lang) if entry.get("built") else "?"
        return f'✓ <span class="dt-failed">{esc(t("older_data", lang))} ({esc(built)})</span>'
    return "✓"


def coverage_note(ctx: Context, lang: str) -> str:
    """Return a note naming how many of the 34 units the data folder holds anything on (when not all)."""
    have = units_with_data(ctx)
    if len(have) >= 34:
        return ""
    text = (
        f"Thư mục dữ liệu có số liệu của {len(have)}/34 tỉnh, thành phố; chỉ các đơn vị này có bản tin."
        if lang == "vi"
        else f"The data folder holds figures for {len(have)} of the 34 units; only they have a pack."
    )
    return f'<p class="dt-note">{esc(text)}</p>'


def meeting_cells(ctx: Context, code: str, lang: str) -> list[tuple[str, object]]:
    """Return the index's (cell, sort key) pairs of a unit's changes since its previous report and its outlook."""
    changes = changes_cell(ctx, code, lang) if ctx.changes is not None else ""
    facts = changes_facts(ctx, code) if ctx.changes is not None else {}
    verdict = outlook_cell(ctx, code, lang) if ctx.outlook is not None else ""
    order = {"off_track": 0, "at_risk": 1, "unknown": 2, "on_track": 3, "missed": 0, "met": 3}
    key = order.get(outlook_facts(ctx, code).get("verdict"), "") if ctx.outlook is not None else ""
    return [(esc(changes), facts.get("newly_done") if facts.get("newly_done") is not None else ""), (esc(verdict), key)]


def index_html(ctx: Context, manifest: dict, lang: str) -> str:
    """Return the index page linking the national overview and every province pack with its headline figures."""
    columns = [
        t("province", lang),
        t("tasks_done", lang),
        t("completion_pct", lang),
        t("rank_of_34", lang),
        t("rank_range_movement", lang),
        t("overdue", lang),
        t("online_pct", lang),
        t("vs_rest", lang),
        t("changes", lang),
        t("outlook", lang),
        t("status", lang),
    ]
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    units = manifest["units"]
    for code in ctx.league["province_code"]:
        entry = units.get(slug(code))
        if entry is None:
            continue
        h = headline(ctx, code)
        link = (
            f'<a href="{esc(entry["output"])}">{esc(h["province_name"])}</a>'
            if entry["status"] == "ok"
            else esc(h["province_name"])
        )
        status = status_cell(entry, manifest, lang)
        cells = [
            (link, h["province_name"]),
            (esc(f"{fmt_int(h.get('done'), lang)}/{fmt_int(h.get('assigned'), lang)}"), h.get("done", "")),
            (esc(fmt_pct(h.get("completion_pct"), lang)), h.get("completion_pct", "")),
            (esc(h.get("rank", "–")), h.get("rank", "")),
            (
                esc(t("ranks_not_offered_short", lang))
                if h.get("rank_offered") is False  # ranges cover most of the table: no range, no arrow
                else esc(f"{h.get('rank_best', '–')}–{h.get('rank_worst', '–')}  {h.get('movement', '')}"),
                h.get("rank_best", ""),
            ),
            (esc(fmt_int(h.get("overdue"), lang)), h.get("overdue", "")),
            (esc(fmt_pct(h.get("online_pct"), lang)), h.get("online_pct", "")),
            (
                esc(t("rest_" + h["online_verdict"], lang)) if h.get("online_verdict") else "",
                h.get("online_verdict", ""),
            ),
            *meeting_cells(ctx, code, lang),
            (status, entry["status"]),
        ]
        rows.append("<tr>" + "".join(f'<td data-sort="{esc(key)}">{cell}</td>' for cell, key in cells) + "</tr>")
    national = units.get("national")
    national_link = (
        f'<p><a href="{esc(national["output"])}">{esc(t("national_title", lang))}</a></p>'
        if national and national["status"] == "ok"
        else ""
    )
    summary = manifest["summary"]
    banner = f'<div class="dt-banner">{esc(t("sample_banner", lang))}</div>' if manifest["is_sample"] else ""
    body = (
        f'{banner}<header class="dt-header"><h1>{esc(t("index_title", lang))}</h1>'
        f"<p>{esc(t('as_of', lang))} {esc(fmt_date(manifest['as_of'], lang))} · {summary['ok']} ✓ · "
        f"{sum(summary.values()) - summary['ok']} ✗</p></header>{coverage_note(ctx, lang)}{national_link}"
        f'<table class="dt-table dt-sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    shown = {k: v for k, v in manifest["parameters"].items() if k != "data_dir"}  # no local paths in a shared page
    return page(
        body,
        title=t("index_title", lang),
        lang=lang,
        fingerprint=manifest["fingerprint"],
        parameters=shown,
        charts=False,
        sortable=True,
    )


def commune_index_html(ctx, manifest: dict, lang: str) -> str:
    """Return the commune index: every commune pack with its rate, ranks and verdict against its province."""
    columns = [
        t("province", lang),
        "Xã, phường" if lang == "vi" else "Commune",
        t("online_pct", lang),
        "Hạng trong tỉnh" if lang == "vi" else "Rank in province",
        t("vs_national", lang),
        t("status", lang),
    ]
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for row in ctx.communes.sort_values(["province_code", "rank_in_province"]).itertuples():
        entry = manifest["units"].get(row.slug)
        if entry is None:
            continue
        link = (
            f'<a href="{esc(entry["output"])}">{esc(row.commune)}</a>' if entry["status"] == "ok" else esc(row.commune)
        )
        status = status_cell(entry, manifest, lang)
        verdict = {"higher": "▲", "lower": "▼", "similar": "≈"}.get(str(row.vs_province), "")
        cells = [
            (esc(row.province_name), row.province_name),
            (link, row.commune),
            (esc(fmt_pct(row.online_pct, lang)), row.online_pct),
            (esc(f"{int(row.rank_in_province)}/{int(row.communes_in_province)}"), row.rank_in_province),
            (esc(verdict), str(row.vs_province)),
            (status, entry["status"]),
        ]
        rows.append("<tr>" + "".join(f'<td data-sort="{esc(key)}">{cell}</td>' for cell, key in cells) + "</tr>")
    summary = manifest["summary"]
    banner = f'<div class="dt-banner">{esc(t("sample_banner", lang))}</div>' if manifest["is_sample"] else ""
    title = "Bản tin cấp xã" if lang == "vi" else "Commune briefings"
    body = (
        f'{banner}<header class="dt-header"><h1>{esc(title)}</h1><p>{summary["ok"]} ✓ · '
        f"{sum(summary.values()) - summary['ok']} ✗ · ▲ ▼ ≈ {esc(t('vs_national', lang))}: "
        f"{'so với tỉnh' if lang == 'vi' else 'against the province'}</p></header>"
        f'<table class="dt-table dt-sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    shown = {k: v for k, v in manifest["parameters"].items() if k != "data_dir"}
    return page(
        body, title=title, lang=lang, fingerprint=manifest["fingerprint"], parameters=shown, charts=False, sortable=True
    )

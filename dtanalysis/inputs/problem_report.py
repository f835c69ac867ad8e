"""Plain-text reports for the terminal: the problem list and the one-screen summary of what loaded."""

from __future__ import annotations

from collections import Counter

from dtanalysis.common.errors import Problem
from dtanalysis.inputs.loader import Bundle
from dtanalysis.inputs.validate import sort_problems


def format_problems(problems: list[Problem]) -> str:
    """Return every problem, one per line, grouped by file, with a count line at the end."""
    if not problems:
        return "No problems found."
    lines = []
    current = None
    for p in sort_problems(problems):
        if p.file != current:
            current = p.file
            lines.append(f"\n{p.file}")
        lines.append(f"  {p}".replace(f" {p.file},", "", 1).replace(f" {p.file}:", ":", 1))
    counts = Counter(p.severity for p in problems)
    notes = f", {counts['note']} note(s)" if counts["note"] else ""
    lines.append(f"\n{counts['error']} error(s), {counts['warning']} warning(s){notes}")
    return "\n".join(lines)


def format_summary(bundle: Bundle) -> str:
    """Return a one-screen summary: rows per dataset, provinces, periods, snapshots, sample flag."""
    lines = [f"\nData folder: {bundle.data_dir}   fingerprint {bundle.fingerprint}"]
    if bundle.is_sample:
        lines.append("SAMPLE DATA: synthetic, calibrated to published figures; not real provincial data.")
    for name in ("tasks", "filings", "indicators", "difficulties"):
        table = bundle.table(name)
        if table is None:
            state = "could not be read (see above)" if name in bundle.unreadable else "missing"
            lines.append(f"  {name:<13} {state}")
            continue
        units = table["province_code"].dropna()
        count = units[units != "00"].nunique()
        detail = "1 province" if count == 1 else f"{count} provinces"
        if "old_province_code" in table and table["old_province_code"].notna().any():
            detail += f" ({table['old_province_code'].nunique()} pre-merger units)"
        if name == "tasks":
            snapshots = table["as_of"].dropna()
            if len(snapshots):
                detail += f", {snapshots.nunique()} snapshots {snapshots.min():%Y-%m-%d}…{snapshots.max():%Y-%m-%d}"
            detail += f", programmes {', '.join(sorted(table['programme'].dropna().unique()))}"
        elif "period" in table:
            starts = table["period_start"].dropna()
            if len(starts):
                detail += (
                    f", {table['period'].nunique()} periods {starts.min():%Y-%m}…{table['period_end'].max():%Y-%m}"
                )
        if name == "indicators":
            detail += f", {table['indicator'].nunique()} indicators"
        lines.append(f"  {name:<13} {len(table):>9,} rows  {detail}")
    if bundle.dossiers_path is not None:
        use = (
            "aggregated by month into the filings above"
            if bundle.filings_source == "dossiers"
            else "not used: the filings dataset takes precedence"
        )
        lines.append(f"  {'dossiers':<13} {bundle.dossiers_path.name} (record level, {use})")
    return "\n".join(lines)

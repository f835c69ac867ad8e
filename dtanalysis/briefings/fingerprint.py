"""Per-unit fingerprints: one hash of everything a unit's pack depends on, so a batch rebuilds only the packs
whose inputs changed (`dtanalysis briefings` without `--force`, and `--watch`).

A unit's fingerprint covers
- the rows of the shared tables its pack reads: its own rows (and the national '00' rows where the page draws
  the national line) of the tables a province page slices (`OWN_ROWS`), and every other table and value of
  the context whole — the league (the ranking chart shows all 34 units), the national difficulty frequency,
  the as-of date, ... — so a change that moves a national figure or any unit's rank rebuilds every pack;
- the indicator summary its page draws (national minimum, median and maximum per indicator) with its own rows;
- its resolved parameters (without the paths the batch sets), its title and language, the notebook file,
  and the code that makes packs: the dtanalysis version, a hash of every file of the installed package and
  the versions of the libraries that shape a pack.

Before any of that, `request_digest` hashes what the batch is asked to build from without loading anything
(every file of the data and parameters folders, the notebooks, the options, the code, today's date): when it
equals the one recorded by an earlier run whose packs are all there, nothing can have changed and the batch
only rewrites its manifest.

Context fields not named here are hashed whole into every unit (a new table is safe by default). The national
overview depends on every table. Left out everywhere are the provenance fields (`files`, `fingerprint`: the
input files' names, row counts and SHA-256 shown at the end of a pack): a pack that is kept says which files it
was made from, and its figures are those a rebuild would show.

Rows are hashed with `pd.util.hash_pandas_object` (columns sorted by name, row order kept) and the per-row
hashes of each unit gathered through a group-by, so 3,321 commune fingerprints cost one pass per table.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import cache
from pathlib import Path

import pandas as pd

from dtanalysis.briefings.jobs import Job
from dtanalysis.briefings.parameters import MANAGED
from dtanalysis.common.digest import digest, file_digest, frame_digest, package_digest, row_hashes, schema
from dtanalysis.inputs import reference

__all__ = ["digest", "file_digest", "frame_digest", "row_hashes"]  # used here, and by the tests through this module

NATIONAL = reference.NATIONAL_CODE
PROVENANCE = ("files", "fingerprint")  # where a pack came from, not what it says (see the module docstring)
# tables a province page reads only for its own rows: with the national rows (True) or without (False)
OWN_ROWS = {
    "groups": False,
    "overdue": False,
    "statements": False,
    "difficulties": False,
    "published": False,
    "trend": True,
    "monthly": True,
    "online_recent": True,
    # the monitoring meeting: what changed for the unit, its task states, its outlook (the rank change in
    # `changes` follows the league, which is hashed whole anyway)
    "changes": False,
    "changed_tasks": False,
    "states": False,
    "outlook": False,
    "targets": False,
}
PROVINCE_UNREAD = ("quality", "online_trends")  # read by the national overview only
# shared tables of which a province page reads only some columns (the statement counts of the national
# difficulty frequency move with every statement; the page shows the share of provinces per category)
PROVINCE_COLUMNS = {"difficulty_frequency": ("category", "label_vi", "label_en", "provinces_pct")}
PROVINCE_SPECIAL = ("indicators",)  # own rows + the national summary its page draws
# the commune page: its province's communes (neighbours, rank in province) without the national rank
# columns, which move with every commune anywhere; its own row is hashed whole
COMMUNE_NEIGHBOUR_COLUMNS = (
    "province_code",
    "commune",
    "slug",
    "online_pct",
    "rank_in_province",
    "dossiers_total",
    "ci95_low_pct",
    "ci95_high_pct",
)


def grouped_digests(frame: pd.DataFrame, by: str | list[str]) -> dict:
    """Return {key: SHA-256 of that group's rows} for `frame` grouped by `by` (rows hashed once)."""
    hashes = row_hashes(frame)
    frame_schema = schema(frame)
    groups = frame.groupby(by, sort=False, dropna=False, observed=True).indices
    return {
        key: hashlib.sha256(frame_schema + hashes[positions].tobytes()).hexdigest() for key, positions in groups.items()
    }


# ---------------------------------------------------------------- the code and the notebook


@cache
def code_digest() -> str:
    """Return a hash of the package (`digest.package_digest`: its version, every file, the data libraries) and
    the versions of the libraries that shape a pack (plotly, papermill, nbconvert, ...)."""
    from dtanalysis.briefings.manifest import versions

    return digest(package_digest(), versions())


def job_digest(job: Job) -> str:
    """Return the hash of what a job itself asks for: parameters (not the paths the batch sets), title,
    language, the notebook's content and the code that makes packs."""
    parameters = {k: v for k, v in job.parameters.items() if k not in MANAGED + ("data_dir",)}
    return digest(job.unit, job.code, parameters, job.title, job.lang, file_digest(job.notebook), code_digest())


# ---------------------------------------------------------------- what each unit's pack reads


def _fields(ctx) -> dict:
    return {f.name: getattr(ctx, f.name) for f in fields(ctx) if f.name not in PROVENANCE}


def _by_unit(table, national: bool) -> tuple[dict, str | None]:
    """Return ({code: digest of its rows}, digest of the national rows if wanted) of a province-sliced table."""
    if table is None:
        return {}, None
    own = grouped_digests(table, "province_code")
    return own, own.get(NATIONAL) if national else None


def province_digests(ctx, codes: list[str], lang: str = "vi") -> dict[str, str]:
    """Return {code: hash of the context data that unit's province pack reads} for `codes` (see module docstring)."""
    from dtanalysis.briefings.context import indicator_ranges

    tables = _fields(ctx)
    for name, columns in PROVINCE_COLUMNS.items():
        table = tables.get(name)
        if isinstance(table, pd.DataFrame) and set(columns) <= set(table.columns):
            tables[name] = table[list(columns)]
    shared = digest(
        {k: v for k, v in tables.items() if k not in OWN_ROWS and k not in PROVINCE_UNREAD + PROVINCE_SPECIAL},
        {k: tables[k] is None for k in OWN_ROWS if k in tables},
    )
    sliced = {name: _by_unit(tables.get(name), national) for name, national in OWN_ROWS.items()}
    indicators = tables.get("indicators")
    own_indicators = grouped_digests(indicators, "province_code") if indicators is not None else {}
    ranges = digest(indicator_ranges(ctx, lang)[0]) if indicators is not None else None
    result = {}
    for code in codes:
        parts = [shared]
        for name in sorted(sliced):
            own, national = sliced[name]
            parts += [name, own.get(code), national]
        if indicators is not None:
            parts += ["indicators", own_indicators.get(code), ranges]
        result[code] = digest(*parts)
    return result


def national_digest(ctx) -> str:
    """Return the hash of the context data the national overview reads: all of it but the provenance."""
    return digest(_fields(ctx))


def commune_digests(ctx) -> dict[str, str]:
    """Return {slug: hash of the commune tables that commune's pack reads}."""
    tables = _fields(ctx)
    known = ("communes", "monthly", "provinces", "province_monthly")
    shared = digest({k: v for k, v in tables.items() if k not in known}, len(ctx.communes))
    neighbours = grouped_digests(ctx.communes[list(COMMUNE_NEIGHBOUR_COLUMNS)], "province_code")
    own = grouped_digests(ctx.communes, "slug")
    monthly = grouped_digests(ctx.monthly, ["province_code", "commune"])
    province_monthly = grouped_digests(ctx.province_monthly, "province_code")
    provinces = grouped_digests(ctx.provinces, "province_code")
    return {
        row.slug: digest(
            shared,
            neighbours.get(row.province_code),
            own.get(row.slug),
            monthly.get((row.province_code, row.commune)),
            province_monthly.get(row.province_code),
            provinces.get(row.province_code),
        )
        for row in ctx.communes[["slug", "province_code", "commune"]].itertuples()
    }


def unit_fingerprints(ctx, jobs: list[Job], level: str = "province") -> dict[str, str]:
    """Return {unit: fingerprint} of every job: the data its pack reads and what the job itself asks for."""
    if level == "commune":
        data = commune_digests(ctx)
    else:
        codes = [j.code for j in jobs if j.code != NATIONAL]
        langs = {j.lang for j in jobs} or {"vi"}
        data_by_lang = {lang: province_digests(ctx, codes, lang) for lang in langs}
        data = {}
        for job in jobs:
            data[job.unit] = national_digest(ctx) if job.code == NATIONAL else data_by_lang[job.lang][job.code]
    return {job.unit: digest(data.get(job.unit), job_digest(job)) for job in jobs}


def stale_jobs(jobs: list[Job], fingerprints: dict[str, str], previous: dict[str, dict], *, force: bool = False):
    """Return (jobs to run, units whose pack is up to date): a job runs when forced, when its unit has no
    successful earlier build with the same fingerprint, or when its pack or executed notebook is missing."""
    if force:
        return list(jobs), []
    todo, fresh = [], []
    for job in jobs:
        entry = previous.get(job.unit) or {}
        out = Path(job.out_dir)
        same = entry.get("status") == "ok" and entry.get("unit_fingerprint") == fingerprints[job.unit]
        present = same and all((out / (entry.get(k) or "")).is_file() for k in ("output", "notebook"))
        if present:
            fresh.append(job.unit)
        else:
            todo.append(job)
    return todo, fresh


# ---------------------------------------------------------------- nothing changed at all: no need to load


REQUEST_OPTIONS = (
    "data_dir",
    "provinces",
    "communes",
    "lang",
    "as_of",
    "level",
    "values",
    "notebook",
    "national_notebook",
    "published",
    "params_dir",
    "params_file",
)


def _folder_files(root) -> list:
    root = Path(root) if root else None
    if root is None or not root.is_dir():
        return []
    return [(str(p.relative_to(root)), file_digest(p)) for p in sorted(root.rglob("*")) if p.is_file()]


def request_digest(options) -> str:
    """Return the hash of everything a batch is asked to build from, read without loading anything: every file of
    the data folder and of the parameters folder (bytes), the parameters file, published figures and notebooks,
    the options that choose what is built, the code, and today's date (the checks of dates in the future)."""
    import datetime as dt

    files = [_folder_files(options.data_dir), _folder_files(options.params_dir)]
    for path in (options.params_file, options.published, options.notebook, options.national_notebook):
        files.append(file_digest(path) if path and Path(path).is_file() else None)
    asked = {name: str(getattr(options, name)) for name in REQUEST_OPTIONS}
    return digest(files, asked, code_digest(), dt.date.today().isoformat())


def unchanged_manifest(options, request: str) -> tuple[Path, dict] | None:
    """Return (folder, manifest) of the earlier run into `options.out_dir` made from exactly `request` whose packs
    all succeeded and are all still there, or None: then the batch has nothing to rebuild and need not load."""
    import json

    out = Path(options.out_dir)
    for path in sorted([*out.glob("*/manifest.json"), *out.glob("*/communes/manifest.json")]):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("request") != request:
                continue
            units = [manifest["units"][u] for u in manifest["run"]["units"] + manifest["run"].get("up_to_date", [])]
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        folder = path.parent
        if (folder / "index.html").is_file() and all(
            e.get("status") == "ok" and all((folder / (e.get(k) or "")).is_file() for k in ("output", "notebook"))
            for e in units
        ):
            return folder, manifest
    return None

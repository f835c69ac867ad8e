"""Planning a batch: load and check the data once, compute the shared tables, resolve every parameter and
build one `Job` per pack; everything that can be wrong is found here, before anything is written or run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtanalysis.briefings.jobs import Job
from dtanalysis.briefings.manifest import failed_units
from dtanalysis.briefings.options import BatchOptions
from dtanalysis.briefings.parameters import notebook_parameters, resolve_parameters
from dtanalysis.briefings.words import t
from dtanalysis.common.errors import ParameterError
from dtanalysis.common.files import check_output_dir
from dtanalysis.common.paths import NOTEBOOKS
from dtanalysis.inputs import reference


@dataclass
class Plan:
    """A checked batch, ready to run: the shared tables, the loaded data, the parameters and the jobs."""

    context: Any  # briefings.context.Context, or analysis.communes.CommuneContext at commune level
    bundle: Any  # inputs.loader.Bundle
    parameters: dict
    jobs: list[Job]
    out_dir: Path


def plan(options: BatchOptions) -> Plan:
    """Validate inputs and parameters and build the jobs; raise before anything is written or run."""
    if options.executor not in ("local", "dask"):
        raise ParameterError(f"--executor must be 'local' or 'dask', not {options.executor!r}")
    if options.executor == "dask" and not options.scheduler:
        raise ParameterError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if options.level not in ("province", "commune"):
        raise ParameterError(f"--level must be 'province' or 'commune', not {options.level!r}")
    check_output_dir(options.out_dir)
    options.notebook = options.notebook or NOTEBOOKS / f"{options.level}_briefing.ipynb"
    return _plan_communes(options) if options.level == "commune" else _plan_provinces(options)


def _all_parameters(options: BatchOptions) -> dict[str, dict]:
    """Return the parameters of every notebook a batch may run, so one defaults file serves both levels."""
    notebooks = {options.notebook, options.national_notebook} | {
        NOTEBOOKS / f"{level}_briefing.ipynb" for level in ("province", "commune")
    }
    merged: dict[str, dict] = {}
    for notebook in notebooks:
        if Path(notebook).is_file() or notebook == options.notebook:
            merged.update(notebook_parameters(notebook))
    return merged


def _plan_communes(options: BatchOptions) -> Plan:
    """Plan one job per commune of a commune-level data folder (no national overview at this level)."""
    from dtanalysis.analysis.communes import commune_context, find_commune
    from dtanalysis.inputs.loader import load
    from dtanalysis.inputs.provinces import resolve

    declared = notebook_parameters(options.notebook)
    params, _ = resolve_parameters(options, _all_parameters(options))
    bundle = load(options.data_dir)
    ctx = commune_context(bundle)
    rows = ctx.communes
    if options.provinces:
        rows = rows[rows["province_code"].isin({resolve(p).province_code for p in options.provinces})]
    if options.communes:
        rows = rows[rows["slug"].isin({find_commune(ctx, c)["slug"] for c in options.communes})]
    out_dir = options.out_dir / ctx.as_of.isoformat() / "communes"
    failed = failed_units(out_dir) if options.only_failed else None
    lang = params.get("lang", "vi")
    jobs = [
        Job(
            row.slug,
            row.province_code,
            str(options.notebook),
            {**{k: v for k, v in params.items() if k in declared}, "commune": row.slug},
            str(out_dir),
            f"{row.commune} ({row.province_name}) — {t('briefing_title', lang)}",
            lang,
            bundle.fingerprint,
        )
        for row in rows.itertuples()
        if failed is None or row.slug in failed
    ]
    return Plan(ctx, bundle, params, jobs, out_dir)


def _plan_provinces(options: BatchOptions) -> Plan:
    """Plan one job per province and one for the national overview."""
    from dtanalysis.analysis.league import read_weights
    from dtanalysis.analysis.outlook import DEADLINE
    from dtanalysis.briefings.context import build_context, province_code, slug, units_with_data
    from dtanalysis.inputs.loader import load
    from dtanalysis.inputs.provinces import codes_2025, province_name

    declared = notebook_parameters(options.notebook)
    national_declared = notebook_parameters(options.national_notebook)
    params, overrides = resolve_parameters(options, _all_parameters(options))
    unknown_slugs = sorted(set(overrides) - {slug(c) for c in codes_2025()})
    if unknown_slugs:
        raise ParameterError(
            f"{options.params_dir}: {', '.join(s + '.yaml' for s in unknown_slugs)} "
            "name no province (per-province files are named like nghe-an.yaml)"
        )
    bundle = load(options.data_dir, as_of=params.get("as_of") or None)
    weights_file = options.params_dir / "composite.yaml"
    weights = read_weights(weights_file) if weights_file.is_file() else None
    published = options.published if options.published and options.published.is_file() else None
    ctx = build_context(
        bundle,
        as_of=params.get("as_of") or None,
        programme=params.get("programme", "NQ57"),
        weights=weights,
        published=published,
        previous_as_of=params.get("previous_as_of") or "",
        deadline=params.get("deadline") or DEADLINE,
    )
    codes = [province_code(p) for p in options.provinces] or units_with_data(ctx)
    # the folder is named by the task snapshot, else by the last day of filing data, else by today
    as_of = ctx.as_of.isoformat() if ctx.as_of else (ctx.recent_window or (dt.date.today().isoformat(),) * 2)[1]
    out_dir = options.out_dir / as_of
    lang = params.get("lang", "vi")
    failed = failed_units(out_dir) if options.only_failed else None
    jobs = []
    for code in codes:
        unit = slug(code)
        if failed is not None and unit not in failed:
            continue
        unit_params = {k: v for k, v in {**params, **overrides.get(unit, {})}.items() if k in declared}
        unit_params["province"] = code
        jobs.append(
            Job(
                unit,
                code,
                str(options.notebook),
                unit_params,
                str(out_dir),
                f"{province_name(code)} — {t('briefing_title', unit_params.get('lang', lang))}",
                unit_params.get("lang", lang),
                bundle.fingerprint,
            )
        )
    national_params = {k: v for k, v in params.items() if k in national_declared}
    if failed is None or "national" in failed:
        jobs.append(
            Job(
                "national",
                reference.NATIONAL_CODE,
                str(options.national_notebook),
                national_params,
                str(out_dir),
                t("national_title", lang),
                lang,
                bundle.fingerprint,
            )
        )
    return Plan(ctx, bundle, params, jobs, out_dir)

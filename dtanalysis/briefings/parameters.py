"""Notebook parameters: read from the notebooks' `parameters` cells, from YAML files and from flags, and
checked before any kernel starts (a misspelt name is an error with a suggestion, not papermill's warning)."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import yaml

from dtanalysis.briefings.options import BatchOptions
from dtanalysis.briefings.words import check_lang
from dtanalysis.common.errors import ParameterError

MANAGED = ("province", "commune", "shared_tables")  # set by the batch for each run, never by the user


@cache
def notebook_parameters(notebook: str | Path) -> dict[str, dict]:
    """Return the notebook's declared parameters {name: {default, inferred_type_name, help}}."""
    import papermill

    if not Path(notebook).is_file():
        raise ParameterError(f"notebook {str(notebook)!r} not found")
    return papermill.inspect_notebook(str(notebook))


def _read_yaml(path: Path) -> dict:
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML ({err})") from None
    if not isinstance(values, dict):
        raise ParameterError(f"{path}: expected 'name: value' lines")
    return values


def check_parameters(values: dict, declared: dict[str, dict], source: str) -> dict:
    """Return `values` if every name is a notebook parameter the user may set; raise ParameterError otherwise."""
    allowed = [name for name in declared if name not in MANAGED]
    for name in values:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ParameterError(f"{source}: unknown parameter '{name}'{hint} Parameters: {', '.join(allowed)}")
    return values


def resolve_parameters(options: BatchOptions, declared: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """Return (batch parameters, {slug: per-province overrides}) from defaults, --params, per-province files and flags.

    `declared` is every parameter any notebook of the batch accepts; each job later keeps only its own.
    """
    params: dict = {}
    defaults = options.params_dir / "defaults.yaml"
    for path in [defaults] + ([options.params_file] if options.params_file else []):
        if path.is_file():
            params.update(check_parameters(_read_yaml(path), declared, str(path)))
        elif path != defaults:
            raise ParameterError(f"parameter file {str(path)!r} not found")
    flags = {"lang": options.lang, "as_of": options.as_of}
    params.update({k: v for k, v in flags.items() if v is not None})
    params["data_dir"] = str(options.data_dir.resolve())
    check_lang(params.get("lang", "vi"))
    overrides = {}
    if options.params_dir.is_dir():
        for path in sorted(options.params_dir.glob("*.yaml")):
            if path.stem in ("defaults", "composite"):
                continue
            overrides[path.stem] = check_parameters(_read_yaml(path), declared, str(path))
    return params, overrides

"""Notebook parameters: read from the notebooks' `parameters` cells, from YAML files and from flags, and
checked before any kernel starts — a misspelt name is an error with a suggestion (not papermill's
warning), a value of the wrong type or outside its allowed words is an error naming file and parameter,
and a parameter that shapes the national tables cannot be changed for one province."""

from __future__ import annotations

import ast
import datetime as dt
import difflib
from functools import cache
from pathlib import Path

from dtanalysis.briefings.options import BatchOptions
from dtanalysis.briefings.words import check_lang
from dtanalysis.common.errors import ParameterError
from dtanalysis.inputs import parse
from dtanalysis.inputs.settings import read_mapping

MANAGED = ("province", "commune", "shared_tables")  # set by the batch for each run, never by the user
BATCH_WIDE = ("as_of", "programme", "data_dir", "previous_as_of", "deadline")  # shape the batch-wide tables
DATES = ("as_of", "previous_as_of", "deadline")  # parameters that are dates, checked and written YYYY-MM-DD
ALLOWED = {"lang": ("vi", "en"), "programme": ("NQ57", "KH02")}


@cache
def notebook_parameters(notebook: str | Path) -> dict[str, dict]:
    """Return the notebook's declared parameters {name: {default, inferred_type_name, help}} (papermill's
    reading of its `parameters` cell; for a Python notebook without importing papermill: see declared.py)."""
    from dtanalysis.briefings.declared import NotANotebook, declared_parameters

    if not Path(notebook).is_file():
        raise ParameterError(f"notebook {str(notebook)!r} not found")
    try:
        found = declared_parameters(notebook)
    except NotANotebook as err:
        raise ParameterError(f"{notebook}: not a Jupyter notebook ({err})"[:400]) from None
    if found is not None:
        return found
    import papermill

    try:
        return papermill.inspect_notebook(str(notebook))
    except Exception as err:  # nbformat's NotJSONError, a validation error, bad encoding: not a notebook
        raise ParameterError(f"{notebook}: not a Jupyter notebook ({type(err).__name__}: {err})"[:400]) from None


def check_parameters(values: dict, declared: dict[str, dict], source: str) -> dict:
    """Return `values` checked against the notebooks' declared parameters (names, types, allowed words);
    raise ParameterError naming `source` and the parameter otherwise. Dates become 'YYYY-MM-DD' text."""
    allowed = [name for name in declared if name not in MANAGED]
    checked = {}
    for name, value in values.items():
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ParameterError(f"{source}: unknown parameter '{name}'{hint} Parameters: {', '.join(allowed)}")
        checked[name] = _checked_value(name, value, declared[name].get("inferred_type_name", ""), source)
    return checked


def _checked_value(name: str, value: object, kind: str, source: str) -> object:
    """Return `value` in the type the notebook declares for parameter `name`, or raise ParameterError."""
    where = f"{source}: parameter '{name}'"
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(f"{where} must be a number, not {value!r}")
        if value != value or value in (float("inf"), float("-inf")):
            raise ParameterError(f"{where} must be a finite number, not {value!r}")
        return float(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{where} must be a whole number, not {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ParameterError(f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(value, dt.date):  # an unquoted YAML date: the notebook wants its text
        value = value.isoformat()
    if not isinstance(value, str):
        raise ParameterError(f"{where} must be text, not {value!r}")
    if name in ALLOWED and value not in ALLOWED[name]:
        raise ParameterError(f"{where} must be one of {', '.join(ALLOWED[name])}, not {value!r}")
    if name in DATES and value:
        try:
            value = parse.parse_date(value).isoformat()
        except ValueError as err:
            raise ParameterError(f"{where}: {err} (write the date as YYYY-MM-DD)") from None
    return value


def _typed(values: dict[str, str], declared: dict[str, dict]) -> dict:
    """Return `-p NAME VALUE` texts as the types the notebook declares (unknown names are left for the check)."""
    typed = {}
    for name, text in values.items():
        kind = declared.get(name, {}).get("inferred_type_name", "str")
        try:
            if kind == "float":
                typed[name] = float(text.replace(",", "."))
            elif kind == "int":
                typed[name] = int(text)
            elif kind == "bool":
                typed[name] = {"true": True, "false": False}[text.strip().lower()]
            else:
                typed[name] = text
        except (ValueError, KeyError):
            raise ParameterError(f"-p {name} {text}: expected a {kind}") from None
    return typed


def _value(name: str, params: dict, declared: dict[str, dict]) -> object:
    """Return the batch's value of a parameter: set in `params`, else the notebook's default."""
    if name in params:
        return params[name]
    try:
        return ast.literal_eval(declared[name].get("default", "None"))
    except (ValueError, SyntaxError):
        return None


def resolve_parameters(options: BatchOptions, declared: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """Return (batch parameters, {slug: per-province overrides}) from defaults, --params, per-province files and flags.

    `declared` is every parameter any notebook of the batch accepts; each job later keeps only its own.
    """
    params: dict = {}
    defaults = options.params_dir / "defaults.yaml"
    for path in [defaults] + ([options.params_file] if options.params_file else []):
        if path.is_file():
            params.update(check_parameters(read_mapping(path), declared, str(path)))
        elif path != defaults:
            raise ParameterError(f"parameter file {str(path)!r} not found")
    params.update(check_parameters(_typed(options.values, declared), declared, "-p"))
    flags = {"lang": options.lang, "as_of": options.as_of, "previous_as_of": options.previous_as_of}
    params.update({k: v for k, v in flags.items() if v is not None})
    params["data_dir"] = str(options.data_dir.resolve())
    check_lang(params.get("lang", "vi"))
    overrides = {}
    if options.params_dir.is_dir():
        for path in sorted(options.params_dir.glob("*.yaml")):
            if path.stem in ("defaults", "composite"):
                continue
            override = check_parameters(read_mapping(path), declared, str(path))
            fixed = [
                name for name in override if name in BATCH_WIDE and override[name] != _value(name, params, declared)
            ]
            if fixed:
                raise ParameterError(
                    f"{path}: {', '.join(fixed)} cannot differ for one province: the national tables every pack "
                    "compares against are computed once for the batch; set it in defaults.yaml or with --params"
                )
            overrides[path.stem] = override
    return params, overrides

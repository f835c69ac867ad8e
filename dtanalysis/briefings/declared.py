"""The parameters a notebook declares, read from its `parameters` cell without importing papermill.

A batch reads them while it plans, before any notebook runs; `papermill.inspect_notebook` would import
papermill, nbformat, jsonschema, nbclient and jupyter_client into the batch's parent process only for this
(about half a second on the critical path to the first notebook). This reads the notebook as JSON and
applies papermill's own rules for Python notebooks (`papermill.translators.PythonTranslator.inspect`,
papermill 2.x, BSD licence): the same names, defaults, type names and help text. A notebook in another
language is handed to papermill itself. tests/test_declared.py compares both on every notebook shipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# papermill.translators.PythonTranslator.PARAMETER_PATTERN
_PARAMETER = re.compile(
    r"^(?P<target>\w[\w_]*)\s*(:\s*[\"']?(?P<annotation>\w[\w_\[\],\s]*)[\"']?\s*)?=\s*(?P<value>.*?)"
    r"(\s*#\s*(type:\s*(?P<type_comment>[^\s]*)\s*)?(?P<help>.*))?$"
)


class NotANotebook(ValueError):
    """The file is not a Jupyter notebook (not JSON, not UTF-8, or without a list of cells)."""


def read_notebook(path: str | Path) -> dict:
    """Return the notebook at `path` as a JSON object; raise NotANotebook when it is not one."""
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise NotANotebook(f"{type(err).__name__}: {err}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotANotebook("no list of cells")
    if not isinstance(notebook.get("nbformat"), int) or notebook["nbformat"] < 4:
        raise NotANotebook(f"nbformat {notebook.get('nbformat')!r}: version 4 is needed")
    return notebook


def _language(notebook: dict) -> str:
    meta = notebook.get("metadata") or {}
    return str((meta.get("kernelspec") or {}).get("language") or (meta.get("language_info") or {}).get("name") or "")


def declared_parameters(path: str | Path) -> dict[str, dict] | None:
    """Return {name: {name, inferred_type_name, default, help}} as papermill.inspect_notebook does, or None
    for a notebook that is not in Python (the caller asks papermill). Raises NotANotebook."""
    notebook = read_notebook(path)
    if _language(notebook).lower() != "python":
        return None
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and "parameters" in ((cell.get("metadata") or {}).get("tags") or []):
            source = cell.get("source", "")
            return {p["name"]: p for p in _inspect("".join(source) if isinstance(source, list) else str(source))}
    return {}


def _flatten(accumulator: list[str]) -> str:
    """One definition written over several lines, comments dropped but on its last line (papermill's rule)."""
    flat = ""
    for line in accumulator[:-1]:
        flat += line[: line.index("#")].strip() if "#" in line else line.strip()
    if accumulator:
        flat += accumulator[-1].strip()
    return flat


def _inspect(source: str) -> list[dict]:
    """Papermill's PythonTranslator.inspect on the text of a parameters cell."""
    grouped, accumulator = [], []
    for line in source.splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        equals = line.count("=")
        if equals > 0:
            grouped.append(_flatten(accumulator))
            accumulator = []
            if equals > 1:  # papermill skips (and warns about) a line it cannot parse
                continue
        accumulator.append(line)
    grouped.append(_flatten(accumulator))
    params = []
    for definition in grouped:
        match = _PARAMETER.match(definition) if definition else None
        if match is None or match["target"] is None:
            continue
        type_name = str(match["annotation"] or match["type_comment"] or None)
        params.append(
            {
                "name": match["target"].strip(),
                "inferred_type_name": type_name.strip(),
                "default": str(match["value"]).strip(),
                "help": str(match["help"] or "").strip(),
            }
        )
    return params

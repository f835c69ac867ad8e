"""The notebook parameters the batch reads without papermill are papermill's own, notebook for notebook."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest

from dtanalysis.briefings.declared import NotANotebook, declared_parameters
from dtanalysis.briefings.parameters import notebook_parameters
from dtanalysis.common.errors import ParameterError

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def _notebook(path: Path, source, language: str = "python") -> Path:
    cell = {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "source": source, "outputs": []}
    cell["execution_count"] = None
    notebook = {
        "cells": [{"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# x = 1"}, cell],
        "metadata": {"kernelspec": {"name": "python3", "language": language, "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_shipped_notebook_reads_as_papermill_reads_it(notebook):
    assert NOTEBOOKS, "no notebooks found"
    assert declared_parameters(notebook) == papermill.inspect_notebook(str(notebook))


def test_odd_parameter_cells_read_as_papermill_reads_them(tmp_path):
    # Each line is a case papermill's PythonTranslator.inspect treats specially: annotation, type comment,
    # help text, a dict over three lines (comments inside dropped), two '=' on a line (skipped), a comment
    # line, a blank line, a string with '#' in it.
    source = [
        "province = '01'  # which province\n",
        "share: float = 0.5\n",
        "count = 3  # type: int how many\n",
        "\n",
        "# a comment line\n",
        "limits = {\n",
        "    'a': 1,  # first\n",
        "    'b': 2}  # the limits\n",
        "a = b = 1\n",
        "label = 'x # y'\n",
        "as_of: 'str' = ''\n",
    ]
    path = _notebook(tmp_path / "odd.ipynb", source)
    expected = papermill.inspect_notebook(str(path))
    assert set(expected) == {"province", "share", "count", "limits", "label", "as_of"}  # the cases are real
    assert declared_parameters(path) == expected
    assert notebook_parameters(path) == expected


def test_a_notebook_without_parameters_cell_declares_none(tmp_path):
    path = tmp_path / "none.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"] = {"kernelspec": {"name": "python3", "language": "python"}}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert declared_parameters(path) == {} == papermill.inspect_notebook(str(path))


def test_a_notebook_in_another_language_is_left_to_papermill(tmp_path):
    path = _notebook(tmp_path / "r.ipynb", "x = 1\n", language="R")
    assert declared_parameters(path) is None


@pytest.mark.parametrize(
    "content",
    [b"not json", b"\xff\xfe{", b"[1, 2]", b'{"cells": 3, "nbformat": 4}', b'{"cells": [], "nbformat": 3}'],
    ids=["text", "not-utf8", "a-list", "cells-not-a-list", "nbformat-3"],
)
def test_a_file_that_is_not_a_notebook_is_a_parameter_error(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotANotebook):
        declared_parameters(path)
    notebook_parameters.cache_clear()
    with pytest.raises(ParameterError, match="not a Jupyter notebook"):
        notebook_parameters(path)

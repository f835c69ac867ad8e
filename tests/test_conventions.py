"""Conventions that keep the project honest: docs generated from code stay in step, notebooks stay clean."""

import json
import re
from pathlib import Path

from dtanalysis.inputs.schema import data_dictionary_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_readme_data_dictionary_matches_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- data-dictionary:start -->\n(.*)<!-- data-dictionary:end -->", readme, re.S)
    assert section, "README lacks the data-dictionary markers"
    assert section[1] == data_dictionary_markdown(), "run `make readme`"


def test_notebooks_are_stored_clean_with_a_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{path.name} has outputs"
        assert sum("parameters" in c.get("metadata", {}).get("tags", []) for c in cells) == 1, path.name
        source = "\n".join("".join(c["source"]) for c in code)
        assert not re.search(r"^\s*(def|class)\s", source, re.M), (
            f"{path.name} defines functions: move them to dtanalysis/"
        )


def test_library_never_exits_the_process():
    for path in (ROOT / "dtanalysis").rglob("*.py"):
        if path.name not in ("cli.py", "__main__.py"):
            assert "sys.exit" not in path.read_text(encoding="utf-8"), path.name


def test_every_module_says_why_it_exists():
    for path in (ROOT / "dtanalysis").rglob("*.py"):
        assert path.read_text(encoding="utf-8").lstrip().startswith('"""'), f"{path.name} lacks a module docstring"

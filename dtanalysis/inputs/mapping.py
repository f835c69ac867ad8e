"""Which file holds which dataset: by its name, by a `dtanalysis.yaml` the user writes beside the data, or by its columns.

Offices name files as they like ("Bao cao ho so T7-T10 2025.xlsx"). A file not named after a dataset is
recognised by its header; one that matches no dataset, or two equally well, is an error saying what its
columns look like and how to name or map it. `dtanalysis.yaml` may say, per file, the dataset, the sheet
to read and the user's own column names, and give column names for every file:

    columns:                      # for every file: header as written → canonical column
      "Số HS tiếp nhận": dossiers_total
    files:
      "Bao cao T8.xlsx":
        dataset: filings
        sheet: "Biểu 02"
        columns: {"Số HS online": dossiers_online}
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from dtanalysis.common.errors import DataError, Problem
from dtanalysis.common.paths import SAMPLE_MARKER
from dtanalysis.inputs.formats import SUFFIXES
from dtanalysis.inputs.readers import read_table
from dtanalysis.inputs.schema import DATASETS, TABULAR

CONFIG_NAME = "dtanalysis.yaml"
MAX_CONFIG_BYTES = 100_000
MAX_CONFIG_ALIASES = 50  # YAML anchors reused more than this: an alias bomb, refused before it expands
_FILE_KEYS = {"dataset", "sheet", "columns"}


@dataclass
class FileOptions:
    """What the user said about one file: its dataset, the sheet to read, extra column names."""

    dataset: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class Config:
    """The parsed `dtanalysis.yaml` (empty when the folder has none)."""

    columns: dict[str, str] = field(default_factory=dict)
    files: dict[str, FileOptions] = field(default_factory=dict)

    def options(self, path: Path) -> FileOptions:
        """Return the options for `path` (matched by file name, any case), with the folder-wide columns merged in."""
        own = next((o for name, o in self.files.items() if name.lower() == path.name.lower()), FileOptions())
        return FileOptions(own.dataset, own.sheet, {**self.columns, **own.columns})


def _problem(message: str, fix: str, value: object = None) -> Problem:
    return Problem(CONFIG_NAME, None, None, value, message, fix)


def read_config(data_dir: Path) -> tuple[Config, list[Problem]]:
    """Return the folder's `dtanalysis.yaml` as a Config and every problem in it (an empty Config when absent)."""
    path = data_dir / CONFIG_NAME
    if not path.is_file():
        return Config(), []
    import yaml

    raw = path.read_bytes()
    if len(raw) > MAX_CONFIG_BYTES:
        return Config(), [
            _problem(f"the file is larger than {MAX_CONFIG_BYTES:,} bytes", "keep only the mapping in it")
        ]
    try:
        text = raw.decode("utf-8-sig")
        aliases = sum(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader))
        if aliases > MAX_CONFIG_ALIASES:
            return Config(), [
                _problem(
                    f"the file reuses YAML anchors {aliases:,} times (limit {MAX_CONFIG_ALIASES}): refused unread",
                    "write each mapping out in full instead of with &anchors and *aliases",
                )
            ]
        data = yaml.safe_load(text) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        return Config(), [_problem(f"not readable YAML ({str(err).splitlines()[0][:120]})", "save it as UTF-8 YAML")]
    if not isinstance(data, dict):
        return Config(), [_problem("the file must hold a mapping with 'columns' and/or 'files'", _EXAMPLE)]
    problems: list[Problem] = []
    unknown = sorted(set(map(str, data)) - {"columns", "files"})
    if unknown:
        problems.append(_problem(f"unknown key(s) {', '.join(map(repr, unknown))}", "use 'columns' and 'files'"))
    config = Config(_columns(data.get("columns"), "columns", problems))
    files = data.get("files") or {}
    if not isinstance(files, dict):
        problems.append(_problem("'files' must map file names to their options", _EXAMPLE))
        files = {}
    for name, options in files.items():
        options = options or {}
        if not isinstance(options, dict):
            problems.append(_problem(f"the options of {name!r} must be a mapping", _EXAMPLE))
            continue
        for key in sorted(set(map(str, options)) - _FILE_KEYS):
            problems.append(_problem(f"unknown option {key!r} for {name!r}", "use dataset, sheet and columns"))
        dataset = options.get("dataset")
        if dataset is not None and dataset not in TABULAR:
            problems.append(
                _problem(
                    f"unknown dataset {dataset!r} for {name!r}",
                    f"write one of {', '.join(TABULAR)}" + _did_you_mean(str(dataset), list(TABULAR)),
                    dataset,
                )
            )
            dataset = None
        if not (data_dir / str(name)).is_file():
            problems.append(
                _problem(f"file {name!r} is not in the data folder", "correct the name or remove the entry", name)
            )
        sheet = options.get("sheet")
        config.files[str(name)] = FileOptions(
            dataset,
            None if sheet is None else str(sheet),
            _columns(options.get("columns"), f"columns of {name!r}", problems, dataset),
        )
    return config, problems


_EXAMPLE = (
    "see the example in the README: columns: {'Số HS': dossiers_total}, files: {'Bao cao.xlsx': {dataset: filings}}"
)


def _columns(value: object, where: str, problems: list[Problem], dataset: str | None = None) -> dict[str, str]:
    """Return {header: canonical column} from the YAML value, recording names that are not a dataset's column."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(_problem(f"'{where}' must map header names to column names", _EXAMPLE))
        return {}
    names = sorted({f.name for n in ([dataset] if dataset else TABULAR) for f in DATASETS[n].fields})
    out = {}
    for header, column in value.items():
        if str(column) not in names:
            problems.append(
                _problem(
                    f"{str(header)!r} is mapped to {str(column)!r}, which is not a column"
                    + (f" of {dataset}" if dataset else ""),
                    f"map it to one of {', '.join(names)}" + _did_you_mean(str(column), names),
                    column,
                )
            )
            continue
        out[str(header)] = str(column)
    return out


def _did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""


# ---------------------------------------------------------------- recognising files by their columns


def is_candidate(path: Path, claimed: set[Path]) -> bool:
    """True for a top-level file that may hold a dataset but is not named after one (nor claimed)."""
    name = path.name.lower()
    return (
        path.is_file()
        and path not in claimed
        and not name.startswith((".", "~$"))
        and path.suffix.lower() in SUFFIXES
        and path.stem.lower() not in (*TABULAR, "dossiers")
        and name not in (CONFIG_NAME, SAMPLE_MARKER)
    )


def recognise(path: Path, options: FileOptions) -> tuple[str | None, list[Problem]]:
    """Return the dataset whose required columns the file's header names (None and an error when none or two do)."""
    content = path.read_bytes()
    fits: list[tuple[int, str]] = []
    headers: list[str] = []
    for name in TABULAR:
        try:
            read_table(path, DATASETS[name], content, options.columns, options.sheet)
        except DataError as err:
            headers += [p.fix.split("columns found: ", 1)[1] for p in err.problems if "columns found: " in p.fix]
            continue
        fits.append((len(DATASETS[name].required), name))
    fits.sort(reverse=True)
    if fits and (len(fits) == 1 or fits[0][0] > fits[1][0]):
        name = fits[0][1]
        return name, [
            Problem(
                path.name,
                None,
                None,
                None,
                f"the file is not named after a dataset; its columns are those of {name}, so it was read as {name}",
                f"nothing to do; name it {name}{path.suffix} or map it in {CONFIG_NAME} to make this explicit",
                "note",
            )
        ]
    seen = f"columns found: {headers[0]}" if headers else "no header row names any dataset's columns"
    if fits:
        both = " and ".join(n for _, n in fits)
        message = f"the file's columns fit both {both}: which one it holds cannot be told"
    else:
        message = f"the file is not named after a dataset and its columns match none ({seen})"
    fix = (
        f"name it after its dataset ({', '.join(n + path.suffix for n in TABULAR)}), or map it in {CONFIG_NAME}: "
        f"files: {{{path.name!r}: {{dataset: filings, columns: {{'your header': dossiers_total}}}}}}"
    )
    return None, [Problem(path.name, None, None, None, message, fix)]

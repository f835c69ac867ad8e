"""What `dtanalysis briefings` was asked to do: every option of the batch, with its default."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dtanalysis.common.paths import NOTEBOOKS, PARAMETERS, PUBLISHED_FIGURES, SAMPLE_DATA

DEFAULT_TIMEOUT = 300.0


@dataclass
class BatchOptions:
    """Everything `dtanalysis briefings` accepts."""

    data_dir: Path = SAMPLE_DATA
    out_dir: Path = Path("reports")
    provinces: list[str] = field(default_factory=list)
    params_file: Path | None = None
    params_dir: Path = PARAMETERS  # the project's parameters/, whatever the current folder
    jobs: int | None = None
    lang: str | None = None
    as_of: str | None = None
    previous_as_of: str | None = None  # --previous: the report to compare with (default each unit's own previous)
    only_failed: bool = False
    timeout: float = DEFAULT_TIMEOUT
    level: str = "province"  # or "commune": one pack per commune of a commune-level data folder
    communes: list[str] = field(default_factory=list)
    notebook: Path | None = None  # default: notebooks/<level>_briefing.ipynb
    executor: str = "local"  # "local": warm worker processes here; "dask": a Dask distributed cluster
    scheduler: str | None = None  # with executor "dask": the scheduler address (tcp://host:8786)
    national_notebook: Path = NOTEBOOKS / "national_overview.ipynb"
    published: Path | None = PUBLISHED_FIGURES
    values: dict[str, str] = field(default_factory=dict)  # -p NAME VALUE: notebook parameters on the command line
    progress: bool = True
    force: bool = False  # rebuild every pack, even those whose fingerprint is unchanged (see fingerprint.py)

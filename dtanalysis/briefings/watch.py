"""`dtanalysis briefings --watch`: build the packs, then keep running and rebuild whenever a file in the data
folder changes — only the packs whose fingerprint changed (fingerprint.py) — so the monitoring software is one
command left running.

Changes are gathered until the folder has been quiet for `debounce` seconds (a file still being copied is
read once it is complete). Every rebuild validates the data as a batch does: a bad file is reported with its
problems and nothing is written, so the last good packs stay. Ctrl-C or SIGTERM stops it; a rebuild under
way stops the way an interrupted batch does (finished packs kept, the others marked `interrupted`, no
half-written file).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from dtanalysis.briefings.batch import run_briefings, sigterm_as_interrupt
from dtanalysis.briefings.options import BatchOptions
from dtanalysis.common.errors import DataError, DtError


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _filter(out_dir: Path):
    """Return the watchfiles filter: its default (editor swap files, caches, ...) and nothing in --out."""
    import watchfiles

    default = watchfiles.DefaultFilter()

    def keep(change, path: str) -> bool:
        return default(change, path) and not _inside(Path(path).resolve(), out_dir)

    return keep


def watch(
    options: BatchOptions,
    *,
    debounce: float = 1.5,
    say: Callable = print,
    summary: Callable[[dict], str] = lambda m: f"{m['run']['summary']['ok']} pack(s) rebuilt",
    stop_event=None,
) -> int:
    """Build, then rebuild on every change in `options.data_dir` until interrupted; return the exit code (130
    after Ctrl-C or SIGTERM, 0 if `stop_event` ends it)."""
    import watchfiles

    data_dir = Path(options.data_dir).resolve()
    if not data_dir.is_dir():
        raise DtError(f"--watch: {options.data_dir} is not a folder")
    quiet = max(50, int(debounce * 1000))
    with sigterm_as_interrupt():
        try:
            _build(options, None, say, summary)
            options = replace(options, force=False)  # --force rebuilds everything once, not on every change
            note(say, f"watching {data_dir} for changes (Ctrl-C stops)")
            for changes in watchfiles.watch(
                data_dir,
                watch_filter=_filter(Path(options.out_dir).resolve()),
                step=quiet,
                debounce=max(10 * quiet, 10_000),
                stop_event=stop_event,
                raise_interrupt=True,
            ):
                names = sorted({Path(path).name for _, path in changes})
                _build(options, names, say, summary)
        except KeyboardInterrupt as err:
            # a batch stopped mid-way says how many packs it finished; between rebuilds there is nothing to resume
            detail = f" ({err}; `--only-failed` resumes the unfinished packs)" if " of " in str(err) else ""
            note(say, f"dtanalysis: stopped watching{detail}", sys.stderr)
            return 130
    return 0


def note(say: Callable, text: str, file=None) -> None:
    """Print one line at once (a log file or pipe sees it as it happens)."""
    say(text, file=file or sys.stdout)
    (file or sys.stdout).flush()


def _build(options: BatchOptions, changed: list[str] | None, say: Callable, summary: Callable[[dict], str]) -> None:
    """Run one (incremental) batch; report bad data or a bad parameter instead of stopping."""
    from dtanalysis.inputs.problem_report import format_problems

    stamp = dt.datetime.now().strftime("%H:%M:%S")
    trigger = f"{', '.join(changed[:5])}{' …' if len(changed) > 5 else ''} changed" if changed else "first build"
    try:
        manifest = run_briefings(options)
    except DataError as err:
        note(say, format_problems(err.problems), sys.stderr)
        note(
            say,
            f"{stamp} {trigger}: the data has errors (above); nothing rebuilt, the last good packs stay",
            sys.stderr,
        )
        return
    except (DtError, OSError) as err:
        note(say, f"{stamp} {trigger}: dtanalysis: {err}; nothing rebuilt, the last good packs stay", sys.stderr)
        return
    note(say, f"{stamp} {trigger}: {summary(manifest)}")
    for unit in manifest["run"]["units"]:
        entry = manifest["units"][unit]
        if entry["status"] != "ok":
            note(say, f"  {entry['status'].upper():8} {unit}: {entry['error']}", sys.stderr)

"""The `dtanalysis` command: a thin adapter over the library (each command is a few lines over one call)."""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

from dtanalysis import __version__
from dtanalysis.common.errors import DataError, DtError, OutputError
from dtanalysis.common.paths import PARAMETERS, SAMPLE_DATA
from dtanalysis.common.text import terminal_safe
from dtanalysis.inputs import parse


def say(text: str, file=None) -> None:
    """Print `text` with any control character from the data shown as an escape, never acted on."""
    print(terminal_safe(str(text)), file=file or sys.stdout)


def _whole(minimum: int):
    """Return an argparse type accepting whole numbers ≥ `minimum`."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return whole


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
    return value


def _date(text: str):
    try:
        return parse.parse_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from dtanalysis.inputs.loader import read_folder
    from dtanalysis.inputs.problem_report import format_problems, format_summary

    bundle, problems = read_folder(args.data, as_of=args.as_of)
    say(format_problems(problems))
    say(format_summary(bundle))
    return 2 if any(p.severity == "error" for p in problems) else 0


def cmd_sample(args: argparse.Namespace) -> int:
    from dtanalysis.common.files import check_output_dir
    from dtanalysis.sample import MARKER_FILE, generate
    from dtanalysis.sample.communes import generate_communes

    out = Path(args.out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER_FILE).is_file() and not args.force:
        raise OutputError(
            f"{out} holds files that are not a sample this command wrote (no {MARKER_FILE}); "
            "choose an empty or new folder, or add --force to write the sample there anyway"
        )
    check_output_dir(out)
    summary = (generate_communes if args.level == "commune" else generate)(Path(args.out), seed=args.seed)
    for name, rows in summary["rows"].items():
        print(f"  {name:<14} {rows:>8,} rows")
    print(f"synthetic sample data written to {args.out} (seed {args.seed})")
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from dtanalysis.analysis.league import read_weights
    from dtanalysis.analysis.tables import build_tables, write_tables
    from dtanalysis.common.files import check_output_dir
    from dtanalysis.inputs.loader import load

    check_output_dir(args.out)
    weights = read_weights(args.weights)
    bundle = load(args.data, as_of=args.as_of)
    tables = build_tables(
        bundle,
        as_of=args.as_of,
        start=args.start,
        end=args.end,
        weights=weights,
        previous=args.previous,
        deadline=args.deadline,
    )
    for path in write_tables(tables, args.out):
        print(f"  wrote {path}")
    if bundle.is_sample:
        print("Note: these tables come from SYNTHETIC sample data.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from dtanalysis.analysis.audit import audit, read_figures
    from dtanalysis.common.files import write_atomic

    table = audit(read_figures(args.file))
    if args.out:
        write_atomic(Path(args.out), lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
        print(f"wrote {args.out}")
    shown = [
        c
        for c in (
            "figure_id",
            "province",
            "indicator",
            "numerator",
            "denominator",
            "reported_value",
            "value",
            "computed_pct",
            "audit",
            "audit_note",
        )
        if c in table
    ]
    say(table[shown].astype(object).where(table[shown].notna(), "").to_string(index=False))
    counts = table["audit"].value_counts()
    print(
        f"\n{counts.get('consistent', 0)} consistent, {counts.get('inconsistent', 0)} inconsistent, "
        f"{counts.get('unknown', 0)} unknown"
    )
    return 0


def _read_statements(path: Path, text_column: str):
    """Return the statements file as text columns: UTF-8 (with or without BOM) or CP1258, else a clear error."""
    import io

    import pandas as pd

    if not path.is_file():
        raise DtError(f"no such file: {str(path)!r}")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DtError(f"{path}: neither UTF-8 nor Windows-1258 text; save it as CSV UTF-8")
    if not text.strip():
        raise DtError(f"{path} is empty; expected a CSV with a {text_column!r} column")
    header = text.splitlines()[0]
    sep = next((s for s in (",", ";", "\t") if s in header), ",")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    except (pd.errors.ParserError, csv.Error) as err:
        raise DtError(f"{path}: not a readable CSV ({err})") from None
    if text_column not in frame:
        raise DtError(
            f"{path} has no column {text_column!r}; columns: {', '.join(map(str, frame.columns))} "
            "(choose one with --text-column)"
        )
    return frame


def cmd_classify(args: argparse.Namespace) -> int:
    from dtanalysis.analysis.difficulties import classify

    frame = _read_statements(Path(args.file), args.text_column)
    for row, text in enumerate(frame[args.text_column], start=2):
        say(f"{row:>4}  {', '.join(classify(text)):<40}  {text}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import re

    from dtanalysis.common.files import write_text_atomic
    from dtanalysis.inputs.schema import data_dictionary_markdown

    markdown = data_dictionary_markdown()
    if args.readme is None:
        print(markdown, end="")
        return 0
    if not args.readme.is_file():
        raise DtError(f"no such file: {str(args.readme)!r} (give the README to update)")
    text = args.readme.read_text(encoding="utf-8")
    start, end = "<!-- data-dictionary:start -->\n", "<!-- data-dictionary:end -->"
    if start not in text or end not in text:
        raise DtError(f"{args.readme} has no {start.strip()} … {end} markers")
    write_text_atomic(args.readme, re.sub(f"{start}.*{end}", lambda _: start + markdown + end, text, flags=re.S))
    print(f"updated the data dictionary in {args.readme}")
    return 0


EPILOG = """examples:
  dtanalysis validate --data path/to/folder          check a folder; every problem with file, row, column, fix
  dtanalysis tables --data path/to/folder --out out  completion, ranking, online filing, ... as CSV and XLSX
  dtanalysis briefings --data path/to/folder         one HTML pack per province, national overview, index
  dtanalysis briefings --province "Nghệ An" -p lang en --out reports
  dtanalysis briefings --only-failed                 re-run the packs that failed or were interrupted
  dtanalysis briefings --watch --data path/to/folder rebuild the packs whose inputs change, until Ctrl-C
  dtanalysis classify statements.csv                 difficulty categories of each statement

exit codes:
  0  done          1  some packs failed (the others were written; see the manifest)
  2  bad input, parameter or output folder (a message says what and how to fix it)
  3  a bug (set DTANALYSIS_TRACEBACK=1 to see where)            130  interrupted

`dtanalysis COMMAND --help` describes each command; `python -m dtanalysis` works the same."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `dtanalysis` command."""
    parser = argparse.ArgumentParser(
        prog="dtanalysis",
        description="Load, check and analyse provincial digital-transformation data; build offline briefing packs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dtanalysis {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a data folder and print every problem found")
    validate.add_argument(
        "--data",
        type=Path,
        default=SAMPLE_DATA,
        help="data folder (default: the shipped synthetic sample, data/sample)",
    )
    validate.add_argument("--as-of", type=_date, help="report date for tasks without an as_of column")
    validate.set_defaults(run=cmd_validate)

    sample = commands.add_parser("sample", help="write the synthetic sample data (deterministic)")
    sample.add_argument(
        "--out", type=Path, default=SAMPLE_DATA, help="output folder (default: the project's data/sample)"
    )
    sample.add_argument("--seed", type=_whole(0), default=57, help="random seed (default: 57)")
    sample.add_argument(
        "--level",
        choices=["province", "commune"],
        default="province",
        help="province sample (default) or commune-level online filing for 3,321 communes",
    )
    sample.add_argument("--force", action="store_true", help="write even into a folder that is not a sample")
    sample.set_defaults(run=cmd_sample)

    tables = commands.add_parser("tables", help="compute completion, rankings, online filing, difficulties, audit")
    tables.add_argument(
        "--data",
        type=Path,
        default=SAMPLE_DATA,
        help="data folder (default: the shipped synthetic sample, data/sample)",
    )
    tables.add_argument("--out", type=Path, required=True, help="folder for the CSV files and tables.xlsx")
    tables.add_argument("--as-of", type=_date, help="task snapshot to use (default: the latest)")
    tables.add_argument("--previous", type=_date, help="report to compare with (default: each unit's own previous)")
    tables.add_argument("--deadline", type=_date, help="programme deadline for the outlook (default 2025-12-31)")
    tables.add_argument("--from", dest="start", type=_date, help="first day of the online-filing window")
    tables.add_argument("--to", dest="end", type=_date, help="last day of the online-filing window")
    tables.add_argument(
        "--weights", type=Path, help="composite weights YAML (default: the project's parameters/composite.yaml)"
    )
    tables.set_defaults(run=cmd_tables)

    audit = commands.add_parser("audit", help="check published percentages against their own counts")
    audit.add_argument("file", type=Path, help="a CSV shaped like data/published/published_figures.csv")
    audit.add_argument("--out", type=Path, help="also write the audit table to this CSV")
    audit.set_defaults(run=cmd_audit)

    classify = commands.add_parser("classify", help="classify difficulty statements into the taxonomy")
    classify.add_argument("file", type=Path, help="CSV with one statement per row")
    classify.add_argument("--text-column", default="text", help="column holding the statements (default: text)")
    classify.set_defaults(run=cmd_classify)

    schema = commands.add_parser("schema", help="print the data dictionary (Markdown) from the schema declaration")
    schema.add_argument("--readme", type=Path, help="rewrite the data-dictionary section of this README instead")
    schema.set_defaults(run=cmd_schema)

    briefings = commands.add_parser("briefings", help="build the HTML briefing packs, national overview and index")
    briefings.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="P",
        help="only this province (name or code; repeat for several); default: all 34",
    )
    briefings.add_argument(
        "--params", type=Path, help="YAML of notebook parameters (on top of parameters/defaults.yaml)"
    )
    briefings.add_argument(
        "--data",
        type=Path,
        default=SAMPLE_DATA,
        help="data folder (default: the shipped synthetic sample, data/sample)",
    )
    briefings.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    briefings.add_argument("--jobs", type=_whole(1), help="parallel runs (default: number of CPUs)")
    briefings.add_argument("--lang", choices=["vi", "en"], help="language of the packs (default from parameters)")
    briefings.add_argument("--as-of", type=_date, help="task snapshot (default: the latest in the data)")
    briefings.add_argument(
        "--previous", type=_date, help="report to compare with (default: each unit's own previous snapshot)"
    )
    briefings.add_argument("--only-failed", action="store_true", help="re-run only the units that failed last time")
    briefings.add_argument(
        "--timeout", type=_positive_float, default=300.0, help="time limit per pack in seconds (default 300)"
    )
    briefings.add_argument(
        "--level",
        choices=["province", "commune"],
        default="province",
        help="one pack per province (default) or per commune of a commune-level data folder",
    )
    briefings.add_argument(
        "--commune",
        action="append",
        default=[],
        metavar="C",
        help="with --level commune: only this commune (slug 'province/commune'; repeatable)",
    )
    briefings.add_argument("--notebook", type=Path, help="use another briefing notebook")
    briefings.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="local warm worker processes (default) or a Dask distributed cluster",
    )
    briefings.add_argument(
        "--scheduler", metavar="ADDRESS", help="with --executor dask: scheduler, e.g. tcp://host:8786"
    )
    briefings.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a notebook parameter, as papermill takes it (e.g. -p online_target_pct 90); repeatable",
    )
    briefings.add_argument(
        "--params-dir",
        type=Path,
        default=PARAMETERS,
        help="folder of defaults.yaml, composite.yaml and per-province files (default: the project's parameters/)",
    )
    briefings.add_argument("--quiet", action="store_true", help="no progress bar")
    briefings.add_argument(
        "--force", action="store_true", help="rebuild every pack, also those whose inputs have not changed"
    )
    briefings.add_argument(
        "--watch",
        action="store_true",
        help="keep running: rebuild the packs whose inputs changed whenever a file in --data changes (Ctrl-C stops)",
    )
    briefings.add_argument(
        "--debounce",
        type=_positive_float,
        default=1.5,
        metavar="SECONDS",
        help="with --watch: seconds of quiet after a change before rebuilding (default 1.5)",
    )
    briefings.set_defaults(run=cmd_briefings)
    return parser


def cmd_briefings(args: argparse.Namespace) -> int:
    from dtanalysis.briefings.batch import BatchOptions, exit_code, run_briefings

    options = BatchOptions(
        data_dir=args.data,
        out_dir=args.out,
        provinces=args.province,
        params_file=args.params,
        jobs=args.jobs,
        lang=args.lang,
        as_of=args.as_of.isoformat() if args.as_of else None,
        previous_as_of=args.previous.isoformat() if args.previous else None,
        only_failed=args.only_failed,
        timeout=args.timeout,
        progress=not args.quiet,
        level=args.level,
        communes=args.commune,
        executor=args.executor,
        scheduler=args.scheduler,
        params_dir=args.params_dir,
        values=dict(args.parameter),
        force=args.force,
    )
    if args.notebook:
        options.notebook = args.notebook
    if args.watch:
        from dtanalysis.briefings.watch import watch

        return watch(options, debounce=args.debounce, say=say, summary=run_summary)
    manifest = run_briefings(options)
    print(run_summary(manifest))
    for unit in manifest["run"]["units"]:
        entry = manifest["units"][unit]
        if entry["status"] != "ok":
            say(f"  {entry['status'].upper():8} {unit}: {entry['error']}", file=sys.stderr)
    if manifest["is_sample"]:
        print("Note: built from SYNTHETIC sample data.")
    return exit_code(manifest)


def run_summary(manifest: dict) -> str:
    """Return the line saying what a batch wrote: packs rebuilt, packs kept up to date, where, how long."""
    out = Path(manifest["folder"])
    ok, kept = manifest["run"]["summary"]["ok"], len(manifest["run"].get("up_to_date", []))
    packs = "1 pack" if ok == 1 else f"{ok} packs"
    if kept:
        made = "none rebuilt" if ok == 0 else f"{packs} rebuilt"
        unchanged = "1 pack up to date" if kept == 1 else f"{kept} packs up to date"
        return (
            f"{made}, {unchanged} (inputs unchanged) in {out} in {manifest['seconds']:.1f} s; open {out / 'index.html'}"
        )
    return f"{packs} written to {out} in {manifest['seconds']:.1f} s; open {out / 'index.html'}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 partial failure, 2 bad input, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as err:
        from dtanalysis.inputs.problem_report import format_problems

        say(format_problems(err.problems), file=sys.stderr)
        return 2
    except DtError as err:
        say(f"dtanalysis: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: stop quietly
        return 0
    except KeyboardInterrupt as err:
        detail = f" ({err})" if str(err) else ""
        resume = (
            "; the manifest and index mark the unfinished packs, `--only-failed` resumes them"
            if args.command == "briefings" and detail
            else ""
        )
        say(f"dtanalysis: interrupted{detail}{resume}", file=sys.stderr)
        return 130
    except OSError as err:  # a file or folder the user named cannot be read or written
        where = f" {err.filename!r}" if err.filename else ""
        say(f"dtanalysis: cannot use{where}: {err.strerror or err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: say so in one line; DTANALYSIS_TRACEBACK=1 shows where
        if os.environ.get("DTANALYSIS_TRACEBACK"):
            raise
        say(
            f"dtanalysis: internal error {type(err).__name__}: {err} — please report it with the command you ran "
            "(set DTANALYSIS_TRACEBACK=1 to see where it happened)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())

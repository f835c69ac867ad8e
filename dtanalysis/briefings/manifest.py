"""The batch's manifest (`manifest.json`): per unit its status, timing, output and error; the inputs with
their fingerprints; the parameters and the versions of everything that made the packs."""

from __future__ import annotations

import datetime as dt
import json
import platform
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from dtanalysis import __version__
from dtanalysis.briefings.jobs import Result
from dtanalysis.briefings.parameters import MANAGED
from dtanalysis.common.errors import DtError

VERSIONS_OF = ("pandas", "plotly", "papermill", "nbconvert", "nbclient", "ipykernel", "pyarrow")


def versions() -> dict[str, str]:
    """Return the versions of Python, dtanalysis and the libraries that shape a pack."""
    found = {"python": platform.python_version(), "dtanalysis": __version__}
    for name in VERSIONS_OF:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


STATUSES = ("ok", "failed", "timeout", "interrupted")


def read_units(out_dir: Path) -> dict[str, dict]:
    """Return the units of the manifest in `out_dir`, each with its build time and data fingerprint ({} when
    there is no manifest); a manifest that cannot be read is an error saying how to start afresh."""
    path = out_dir / "manifest.json"
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        units = manifest["units"]
        for entry in units.values():
            entry.setdefault("built", manifest.get("generated"))
            entry.setdefault("fingerprint", manifest.get("fingerprint"))
            if entry["status"] not in STATUSES:
                raise ValueError(f"unknown status {entry['status']!r}")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DtError(
            f"{path} is not a manifest this program wrote ({type(err).__name__}: {err}); "
            "move it away (or delete the folder) and run the batch again"
        ) from None
    return units


def failed_units(out_dir: Path) -> set[str]:
    """Return the units whose last run in `out_dir` did not succeed (for --only-failed)."""
    manifest = out_dir / "manifest.json"
    if not manifest.is_file():
        raise DtError(f"--only-failed: no manifest at {manifest}; run the batch once first")
    return {unit for unit, entry in read_units(out_dir).items() if entry["status"] != "ok"}


def build_manifest(
    *,
    ctx,
    bundle,
    data_dir: Path,
    params: dict,
    results: list[Result],
    previous: dict[str, dict],
    seconds: float,
    out_dir: Path,
    fingerprints: dict[str, str] | None = None,
    up_to_date=(),
) -> dict:
    """Return the manifest of a run: the units of earlier runs into the same folder (`previous`), updated with
    this run's results, each unit stamped with when it was built, from which data (`fingerprint`, the whole
    folder's) and from what inputs of its own (`unit_fingerprint`, see fingerprint.py); `current` says whether
    the pack shows this run's data (built now, up to date, or built earlier from the same data)."""
    now = dt.datetime.now().isoformat(timespec="seconds")
    fingerprints = fingerprints or {}
    built = {
        r.unit: {
            **asdict(r),
            "built": now,
            "fingerprint": bundle.fingerprint,
            "unit_fingerprint": fingerprints.get(r.unit),
        }
        for r in results
    }
    units = {**previous, **built}
    for unit in up_to_date:  # checked against this run's data and found unchanged
        units[unit] = {**units[unit], "current_for": bundle.fingerprint}
    units = {
        u: {**e, "current": bundle.fingerprint in (e.get("fingerprint"), e.get("current_for"))}
        for u, e in units.items()
    }
    counts = {status: sum(1 for u in units.values() if u["status"] == status) for status in STATUSES}
    this_run = {status: sum(1 for r in results if r.status == status) for status in STATUSES}
    return {
        "generated": now,
        "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
        "data_dir": str(data_dir),
        "folder": str(out_dir),
        "is_sample": bundle.is_sample,
        "fingerprint": bundle.fingerprint,
        "inputs": ctx.files,
        "parameters": {k: v for k, v in params.items() if k not in MANAGED},
        "versions": versions(),
        "seconds": round(seconds, 2),
        "summary": counts,  # every unit in the folder, this run's and earlier runs'
        # what this run made, and the packs it kept because their inputs had not changed
        "run": {"units": sorted(built), "summary": this_run, "up_to_date": sorted(up_to_date)},
        "units": dict(sorted(units.items())),
    }


def exit_code(manifest: dict) -> int:
    """Return 0 when every unit this run made succeeded, 1 otherwise."""
    return 0 if all(n == 0 for status, n in manifest["run"]["summary"].items() if status != "ok") else 1

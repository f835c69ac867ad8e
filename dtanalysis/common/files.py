"""Atomic file writes: an output either appears whole or not at all (never half-written), and a folder of
outputs is replaced as a set; an output folder that cannot be written is an `OutputError`, found first."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from dtanalysis.common.errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then move it into place; return `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; outputs are shared like any other file
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
            raise OutputError(f"the disk holding {str(path)!r} is full; {path.name} was not written") from None
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically; return `path`."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def check_output_dir(path: Path) -> Path:
    """Return `path` if outputs can be written there; raise OutputError otherwise. Creates nothing: a missing
    folder is fine when the nearest existing folder above it is writable."""
    path = Path(path)
    existing = next((p for p in [path, *path.absolute().parents] if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise OutputError(
            f"output folder {str(path)!r}: {str(existing)!r} is a file, not a folder; choose another --out"
        )
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {str(path)!r}: {str(existing)!r} is not writable; choose another --out")
    return path


def write_set(out_dir: Path, names: list[str], write: Callable[[Path], None]) -> list[Path]:
    """Call `write(scratch)` to write the files `names` into a scratch folder beside `out_dir`, then move them
    into `out_dir`; return their paths. On any failure nothing in `out_dir` changes and the scratch goes."""
    out_dir = check_output_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        try:
            write(scratch)
        except OSError as err:
            if err.errno in (errno.ENOSPC, errno.EDQUOT):
                raise OutputError(f"the disk holding {str(out_dir)!r} is full; nothing was changed there") from None
            raise
        for name in names:
            os.chmod(scratch / name, 0o666 & ~_UMASK)
            os.replace(scratch / name, out_dir / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out_dir / name for name in names]

"""A private on-disk cache of tables computed from the data, so a batch run again after one input changed
recomputes only what that input feeds (issue 15: incremental rebuilds).

`cached(name, key, compute)` returns what `compute()` returns. Its result is kept in the cache folder under a
hash of `name`, `key` and `digest.package_digest()` (the code, the reference data and the data libraries), and
later calls with the same key read it back instead. The key must cover everything the result depends on: the
callers pass the content digests of the input frames (`digest.frame_digest`) and the parameters.

The folder is `$DTANALYSIS_CACHE`, else the user's cache folder (`~/.cache/dtanalysis` on Linux);
`DTANALYSIS_CACHE=off` turns the cache off. Entries are pickles, so the cache is used only when its folder
belongs to this user and no one else can write to it (a pickle can run code when read): created with mode 0700,
and checked before every use. A cache that cannot be used, an entry that cannot be read (truncated, written by
other code), or a full disk never fail a run: the result is computed as without a cache. The newest entries
are kept up to `MAX_BYTES` in all.
"""

from __future__ import annotations

import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dtanalysis.common.digest import digest, package_digest

ENV = "DTANALYSIS_CACHE"
OFF = ("off", "0", "no", "false")
MAX_BYTES = 2_000_000_000

T = TypeVar("T")


def folder() -> Path | None:
    """Return the cache folder (created if need be), or None when the cache is off or not safe to use."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in OFF:
        return None
    if setting:
        root = Path(setting).expanduser()
    else:
        import platformdirs

        root = Path(platformdirs.user_cache_dir("dtanalysis"))
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None  # another user could plant an entry here
    return root


def cached(name: str, key: str, compute: Callable[[], T]) -> T:
    """Return `compute()`, read from the cache when an entry for (`name`, `key`, this code) exists."""
    root = folder()
    if root is None:
        return compute()
    path = root / f"{name}-{digest(name, key, package_digest())[:40]}.pickle"
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        os.utime(path)  # recently used: kept longest
        return value
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001  (a truncated entry, or one another version wrote): computed again
        path.unlink(missing_ok=True)
    value = compute()
    _store(root, path, value)
    return value


def _store(root: Path, path: Path, value: object) -> None:
    """Write `value` to `path` whole or not at all (readable by this user only), then trim the cache."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=root)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001  (full disk, a value that cannot be pickled): no entry, the run goes on
        Path(tmp).unlink(missing_ok=True)
        return
    trim(root)


def trim(root: Path, max_bytes: int = MAX_BYTES) -> None:
    """Delete the least recently used entries until the cache holds at most `max_bytes`."""
    entries = []
    for entry in os.scandir(root):
        if entry.name.endswith(".pickle"):
            try:
                info = entry.stat()
            except OSError:
                continue
            entries.append((info.st_mtime, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        Path(path).unlink(missing_ok=True)
        total -= size

"""Content hashes: of frames (row by row, columns in any order), of any mix of plain values, of files, and of
the installed package. Per-unit fingerprints (briefings.fingerprint) and the table cache (common.cache) are
built from them."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

DATA_LIBRARIES = ("pandas", "numpy", "pyarrow", "duckdb", "python-calamine", "openpyxl", "xlrd")


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """Return one uint64 per row of `frame`, independent of the order of its columns (row order kept);
    columns of unhashable values (lists, dicts) are hashed through their repr."""
    columns = sorted(frame.columns, key=str)
    if not columns:
        return np.zeros(len(frame), dtype="uint64")
    if frame.columns.is_unique:
        try:
            return pd.util.hash_pandas_object(frame[columns], index=False).to_numpy()
        except TypeError:  # a column of lists or dicts: hashed column by column below
            pass
    parts = []
    for name in columns:
        column = frame[name]
        if isinstance(column, pd.DataFrame):  # duplicate column names
            column = column.astype(str).agg("\x1f".join, axis=1)
        try:
            parts.append(pd.util.hash_pandas_object(column, index=False).to_numpy())
        except TypeError:
            parts.append(pd.util.hash_pandas_object(column.map(repr), index=False).to_numpy())
    if len(parts) == 1:
        return parts[0]
    return pd.util.hash_pandas_object(pd.DataFrame(np.column_stack(parts)), index=False).to_numpy()


def schema(frame: pd.DataFrame) -> bytes:
    """Return a frame's column names and dtypes, sorted by name (a categorical's with its categories and order)."""
    names = [(str(c), repr(t) if isinstance(t, pd.CategoricalDtype) else str(t)) for c, t in frame.dtypes.items()]
    return json.dumps(sorted(names, key=lambda pair: pair[0])).encode()


def frame_digest(frame: pd.DataFrame) -> str:
    """Return the SHA-256 of a frame's column names, dtypes and rows (columns in any order give the same)."""
    h = hashlib.sha256(schema(frame))
    h.update(row_hashes(frame).tobytes())
    return h.hexdigest()


def _feed(h, value) -> None:
    if value is None:
        h.update(b"\x00N")
    elif isinstance(value, pd.DataFrame):
        h.update(b"\x00F" + frame_digest(value).encode())
    elif isinstance(value, pd.Series):
        h.update(b"\x00S" + frame_digest(value.to_frame(str(value.name))).encode())
    elif isinstance(value, dict):
        h.update(b"\x00D%d" % len(value))
        for key in sorted(value, key=str):
            _feed(h, str(key))
            _feed(h, value[key])
    elif isinstance(value, list | tuple):
        h.update(b"\x00L%d" % len(value))
        for item in value:
            _feed(h, item)
    elif isinstance(value, set | frozenset):
        _feed(h, sorted(value, key=repr))
    elif is_dataclass(value) and not isinstance(value, type):
        _feed(h, {f.name: getattr(value, f.name) for f in fields(value)})
    else:
        h.update(f"\x00{type(value).__name__}:{value!r}".encode())


def digest(*values) -> str:
    """Return the SHA-256 of any mix of frames, series, dicts, lists and plain values (dict keys in any order)."""
    h = hashlib.sha256()
    for value in values:
        _feed(h, value)
    return h.hexdigest()


def file_digest(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def package_digest() -> str:
    """Return a hash of every file of the installed package (code — its version in `__init__.py` —, templates,
    reference data) and the versions of Python and of the libraries that read and compute the tables
    (`DATA_LIBRARIES`)."""
    found = {"python": platform.python_version()}
    for name in DATA_LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(json.dumps(found, sort_keys=True).encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(str(path.relative_to(root)).encode() + b"\x00")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()

"""YAML settings files (parameters, composite weights) read safely: plain YAML only (no Python tags), no
aliases (an 'alias bomb' of a few lines expands to gigabytes), and a bounded size."""

from __future__ import annotations

from pathlib import Path

import yaml

from dtanalysis.common.errors import ParameterError

MAX_BYTES = 1_000_000  # a settings file is a few lines; anything near this is not one


class _NoAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses anchors and aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ParameterError(f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not accepted")
        return super().compose_node(parent, index)


def read_yaml(path: Path | str) -> object:
    """Return the YAML document in `path`; raise ParameterError naming the file when it is not plain YAML."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{str(path)!r} not found")
    if path.stat().st_size > MAX_BYTES:
        raise ParameterError(f"{path}: {path.stat().st_size:,} bytes; a settings file may hold at most {MAX_BYTES:,}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ParameterError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 — a SafeLoader subclass
    except ParameterError as err:
        raise ParameterError(f"{path}: {err}") from None
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML ({err})") from None


def read_mapping(path: Path | str) -> dict:
    """Return the YAML mapping in `path` ({} for an empty file); raise ParameterError for anything else."""
    values = read_yaml(path)
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ParameterError(f"{path}: expected 'name: value' lines, found a {type(values).__name__}")
    return values

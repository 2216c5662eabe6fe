"""Read a centre YAML file and turn every problem into one message naming the file, the path, the line and what was expected."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from queue_service.config.models import CentreConfig


class ConfigError(Exception):
    """A configuration file is wrong; str() is meant for the person who edits the file."""


def load_centre(path: str | Path) -> CentreConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with 'version: 1', 'centre:', 'fields:', 'counters:' at the top")
    if data.get("version") != 1:
        raise ConfigError(f"{path}: version: expected 1 (this release reads format version 1), got {data.get('version')!r}")
    try:
        return CentreConfig.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}: {len(exc.errors())} problem(s):"]
        for error in exc.errors():
            location = _dotted(error["loc"])
            line = _line_of(root, error["loc"])
            where = f"line {line}, " if line else ""
            lines.append(f"  {where}{location or '(top)'}: {_explain(error)}")
        raise ConfigError("\n".join(lines)) from None


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _explain(error: dict) -> str:
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown key (check its spelling; see examples/centre-demo.yaml)"
    if error["type"] == "missing":
        return "required, but missing"
    return message


def _line_of(node, loc: tuple) -> int | None:
    """1-based line of the deepest key or item the error path reaches in the YAML file."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line

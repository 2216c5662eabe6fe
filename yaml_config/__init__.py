"""Read a YAML file into a pydantic model; every problem becomes one message naming the file, the line, the path in
the file and what was expected. Shared by the centre file (the service) and the agents' files (devicekit)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """A configuration file is wrong; str() is meant for the person who edits the file."""


def load_yaml(path: str | Path, model: type[M], *, shape: str, example: str, version: int | None = 1,
              context: dict | None = None) -> M:
    """`shape` says what the top of the file must hold, `example` names a file to compare with; a `version` other
    than the given one is refused before anything else (None: the model has no version key). `context` is passed to
    the model's validators, with `base`, the file's directory, added (paths in the file are relative to it)."""
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
        raise ConfigError(f"{path}: expected a mapping with {shape} at the top")
    if version is not None and data.get("version") != version:
        raise ConfigError(f"{path}: version: expected {version} (this release reads format version {version}), "
                          f"got {data.get('version')!r}")
    try:
        return model.model_validate(data, context={"base": path.parent, **(context or {})})
    except ValidationError as exc:
        lines = [f"{path}: {len(exc.errors())} problem(s):"]
        for error in exc.errors():
            line = line_of(root, error["loc"])
            where = f"line {line}, " if line else ""
            lines.append(f"  {where}{dotted(error['loc']) or '(top)'}: {_explain(error, example)}")
        raise ConfigError("\n".join(lines)) from None


def dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _explain(error: dict, example: str) -> str:
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"unknown key (check its spelling; see {example})"
    if error["type"] == "missing":
        return "required, but missing"
    return message


def line_of(node, loc: tuple) -> int | None:
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

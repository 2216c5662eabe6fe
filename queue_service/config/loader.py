"""Read a centre YAML file; every problem becomes one message naming the file, the path, the line and what was expected."""

from __future__ import annotations

from pathlib import Path

from queue_service.config.models import CentreConfig
from yaml_config import ConfigError, load_yaml

__all__ = ["ConfigError", "load_centre"]


def load_centre(path: str | Path) -> CentreConfig:
    return load_yaml(path, CentreConfig, shape="'version: 1', 'centre:', 'fields:', 'counters:'",
                     example="examples/centre-demo.yaml")

"""Centre configuration: the YAML file that declares a centre, validated once at start-up."""

from queue_service.config.loader import ConfigError, load_centre
from queue_service.config.models import CentreConfig

__all__ = ["CentreConfig", "ConfigError", "load_centre"]

"""Driver registry: maps the `driver:` name of a hardware profile to the class or factory implementing it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T", bound=Callable[..., Any])


class DriverRegistry:
    """Name -> driver class/factory; driver modules fill it with @register("name") when they are imported."""

    def __init__(self) -> None:
        self._drivers: dict[str, Callable[..., Any]] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Class/function decorator recording the driver under `name`; a second, different owner is an error."""

        def decorate(factory: T) -> T:
            existing = self._drivers.get(name)
            # Re-importing the same module (e.g. reload in tests) re-registers the same qualified name: allow it.
            if existing is not None and _qualname(existing) != _qualname(factory):
                raise ValueError(f"driver {name!r} already registered by {_qualname(existing)}")
            self._drivers[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> Callable[..., Any]:
        try:
            return self._drivers[name]
        except KeyError:
            known = ", ".join(sorted(self._drivers)) or "none"
            raise KeyError(f"no driver {name!r} registered (known: {known}); is its module imported?") from None

    def __contains__(self, name: object) -> bool:
        return name in self._drivers

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._drivers))

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        return dict(self._drivers)


def _qualname(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"


# The one process-wide registry: registration happens at import time of the driver modules, which is the
# only way a profile's driver name can find its code without a central list of imports.
DRIVERS = DriverRegistry()
register = DRIVERS.register
get_driver = DRIVERS.get

"""Jinja2 rendering of the public tracking page and the printable A4/A5 forms (autoescaped)."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@functools.cache
def environment() -> Environment:
    """Built once; an Environment is immutable after setup, so sharing it is safe."""
    env = Environment(loader=PackageLoader("queue_service.dossiers", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["vn"] = _vn_datetime
    env.filters["when"] = _iso_to_vn
    env.filters["vnd"] = lambda n: "" if n is None else f"{n:,}".replace(",", ".") + " đồng"
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def _vn_datetime(value, with_time: bool = True) -> str:
    if not value:
        return ""
    return value.strftime("%H giờ %M, ngày %d/%m/%Y" if with_time else "ngày %d/%m/%Y")


def _iso_to_vn(value: str | None) -> str:
    """An ISO local datetime from a view, as people read it: 09:00 ngày 19/11/2026."""
    if not value:
        return "—"
    import datetime as dt

    return dt.datetime.fromisoformat(value).strftime("%H:%M ngày %d/%m/%Y")
